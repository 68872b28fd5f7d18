"""Finding codes of the `bootloader.avr` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.avr.found", "An STK500v1 bootloader (Optiboot) answers", "probe"),
    CodeDef("bootloader.avr.sketch_running", "A running sketch answers with its own text instead of the bootloader", "explain,probe"),
)
