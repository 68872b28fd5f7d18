"""Domain `meter`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import Spotting, ToolMark
    from ...knowledge.table import Table

    return Spotting(
        tools=Table("meter_tool_lines", (
            ToolMark("libmbus", "libmbus", "rscada/libmbus (library name in its tools' messages)"),
            ToolMark("mbus-serial", "libmbus", "rscada/libmbus bin/mbus-serial-*.c (program names)"),
            ToolMark("mbus_", "libmbus", "rscada/libmbus mbus/mbus-protocol.c (mbus_* function names in messages)"),
            ToolMark("meterbus", "pyMeterBus", "ganehag/pyMeterBus (package name)"),
            ToolMark("wmbusmeters", "wmbusmeters", "wmbusmeters/wmbusmeters (program name)"),
            ToolMark("lib60870", "lib60870", "mz-automation/lib60870 (library name)"),
            ToolMark("gurux", "Gurux DLMS", "Gurux/Gurux.DLMS (package names)"),
            ToolMark("dlms", "DLMS/COSEM clients", "IEC 62056-5-3 DLMS/COSEM (term in client messages)"),
        )),
        context=(
            r"\b(?:m-?bus|mbus|w-?mbus|meter\w{0,4}|libmbus|dl/?t ?645|iec ?62056(?:-21)?|iec ?60870(?:-5-10[14])?|iec ?104|obis|dlms|cosem|gurux|rtu|scada|telecontrol|optical (?:head|probe|port)|lib60870|asdu|u-frame|i-frame|startdt|testfr)\b",
        ),
        checklist=(
            "Check the meter's address (primary/secondary for M-Bus, the 6-byte address for DL/T 645) and the line settings (M-Bus 2400 8E1, DL/T 645 2400 8E1, IEC 62056-21 300 7E1).",
            "Check the level converter or optical head, and that only one master polls the bus.",
            "Read the raw frame (hex) and explain it: hsdoctor explain '68 ... 16'",
        ),
        carries=("serial", "net", "tls"),  # IEC 60870-5-104 runs over TLS (IEC 62351-3)
    )
