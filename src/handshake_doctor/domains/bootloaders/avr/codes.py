"""Finding codes of the `bootloader.avr` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = ()
