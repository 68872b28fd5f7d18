"""Finding codes of the `meter` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("meter.mbus", "An M-Bus (EN 13757) meter answers", "explain,probe"),
    CodeDef("meter.dlt645", "A DL/T 645 meter answers", "explain,probe"),
)
