"""Finding codes of the `serial` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = ()
