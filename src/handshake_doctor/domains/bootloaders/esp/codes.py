"""Finding codes of the `bootloader.esp` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = ()
