"""Finding codes of the `bootloader.mtk` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.mtk.brom", "A MediaTek BootROM (BROM) answers the handshake", "explain,probe"),
    CodeDef("bootloader.mtk.preloader", "A MediaTek preloader answers the handshake (not BROM)", "explain,probe"),
    CodeDef("bootloader.mtk.echo_not_complement", "The MediaTek device echoes the start byte instead of its complement: it is mid-session or something echoes", "explain,probe"),
    CodeDef("bootloader.mtk.handshake_failed", "The MediaTek start sequence (A0 0A 50 05) did not get its complements back", "explain,probe"),
    CodeDef("bootloader.mtk.auth_required", "The MediaTek device requires a signed download agent or an auth file (SLA/DAA)", "explain,probe"),
    CodeDef("bootloader.mtk.not_detected", "No MediaTek BROM/preloader USB port appeared", "explain,probe"),
    CodeDef("bootloader.mtk.brom_cmd_fail", "The BROM start command failed (SP Flash Tool STARTCMD_FAIL)", "explain"),
    CodeDef("bootloader.mtk.dram_fail", "The download agent could not enable DRAM: firmware for another board, or bad DRAM", "explain"),
    # from the mtkclient / SP Flash Tool inventory (messages_mtk.py)
    CodeDef("bootloader.mtk.da_rejected", "The MediaTek BROM did not take or start the download agent (unsigned DA, DAA, or a DA for another SoC)", "explain"),
    # from mtkclient's status tables (messages_mtkclient.py)
    CodeDef("bootloader.mtk.image_rejected", "The MediaTek device's secure boot refused an image or a write (signature or hash check failed, or a locked device)", "explain", "0.2.0"),
    CodeDef("bootloader.mtk.anti_rollback", "The image or download agent is older than the MediaTek device's anti-rollback version", "explain", "0.2.0"),
    CodeDef("bootloader.mtk.storage_error", "The MediaTek download agent found no usable flash storage (eMMC, UFS, NAND) or the storage failed", "explain", "0.2.0"),
    CodeDef("bootloader.mtk.firmware_mismatch", "The MediaTek firmware package (scatter, preloader, DA, images) is for another chip, storage type or model", "explain", "0.2.0"),
)
