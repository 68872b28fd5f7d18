"""Domain `bootloader.mtk`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ....knowledge.spotting_types import Spotting, ToolMark
    from ....knowledge.table import Table

    return Spotting(
        tools=Table("mtk_tool_lines", (
            ToolMark("mtkclient", "mtkclient", "bkerler/mtkclient (program name, log prefixes)"),
            ToolMark("preloader", "mtkclient / SP Flash Tool", "bkerler/mtkclient mtkclient/Library/mtk_preloader.py (class and log names)"),
            ToolMark("brom", "mtkclient / SP Flash Tool", "MediaTek BROM: SP Flash Tool 'BROM ERROR : S_BROM_...'; mtkclient 'BROM mode detected'"),
            ToolMark("s_brom_", "SP Flash Tool", "SP Flash Tool status names (S_BROM_*) as printed in its error dialog"),
            ToolMark("s_da_", "SP Flash Tool", "SP Flash Tool status names (S_DA_*) as printed in its error dialog"),
            ToolMark("sp flash tool", "SP Flash Tool", "MediaTek SP Flash Tool (program name)"),
        )),
        context=(
            r"\b(?:mediatek|mtk\w{0,8}|brom|preloader|sp ?flash ?tool|flash_tool|download agent|mtkclient|penumbra|bypass_utility|meta mode|0e8d)\b",
        ),
        checklist=(
            "Connect in BROM mode: power off, hold the volume key(s) the phone uses, then plug the cable.",
            "Check the USB id (lsusb: 0e8d:0003 is BROM, 0e8d:2000 the preloader) and the driver (libusb/UsbDk on Windows).",
            "Check that the Download Agent matches the chipset, and read mtkclient's --debugmode log.",
        ),
        carries=("serial",),
    )
