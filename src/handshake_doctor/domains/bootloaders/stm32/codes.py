"""Finding codes of the `bootloader.stm32` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = ()
