"""How the `bootloader.avr` domain reads a pasted error line, byte or code (pure)."""

from __future__ import annotations

from ....model import Assessment
from ....textparse import ParsedInput

DOMAIN = "bootloader.avr"


def assess(parsed: ParsedInput) -> Assessment | None:
    return None
