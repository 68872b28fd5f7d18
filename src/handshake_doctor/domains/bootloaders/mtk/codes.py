"""Finding codes of the `bootloader.mtk` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.mtk.brom", "A MediaTek BootROM (BROM) answers the handshake", "probe"),
    CodeDef("bootloader.mtk.preloader", "A MediaTek preloader answers the handshake (not BROM)", "explain,probe"),
    CodeDef("bootloader.mtk.echo_not_complement", "The MediaTek device echoes the start byte instead of its complement: it is mid-session or something echoes", "explain,probe"),
)
