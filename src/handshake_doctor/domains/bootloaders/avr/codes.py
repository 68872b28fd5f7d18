"""Finding codes of the `bootloader.avr` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.avr.found", "An STK500v1 bootloader (Optiboot) answers", "explain,probe"),
    CodeDef("bootloader.avr.sketch_running", "A running sketch answers with its own text instead of the bootloader", "explain,probe"),
    CodeDef("bootloader.avr.no_reply", "Nothing usable comes back from the AVR bootloader: no reset into it, no bootloader, wrong port or a broken RX/TX path", "explain,probe"),
    CodeDef("bootloader.avr.nosync", "An STK500 answered STK_NOSYNC: it received bytes it did not expect", "explain,probe"),
    CodeDef("bootloader.avr.signature_mismatch", "The AVR's device signature is not the one of the part named with -p, or could not be read", "explain"),
)
