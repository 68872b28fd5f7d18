"""Finding codes of the `bootloader.mtk` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = ()
