"""Context words: how the text around a value moves a domain's score.

A bare ``0x68`` means something in several domains; ``phone``, ``flash`` and ``DA`` point at a
MediaTek download, ``card`` and ``APDU`` at a smart card. Each domain owns its list of
:class:`Cue` rows (they are ranking rules of this project, not facts, so they carry a reason
instead of a source); this module only applies them.
"""

from __future__ import annotations

from .record import record

from .knowledge.table import rx
from .textparse import ParsedInput


@record(frozen=True)
class Cue:
    pattern: str  # a regular expression, matched case-insensitively against the whole input
    weight: float  # added to the domain's score when present (negative to push away)
    reason: str  # shown to the user: why the domain moved


def apply_cues(parsed: ParsedInput, cues: tuple[Cue, ...], cap: float = 0.5) -> tuple[float, list[str]]:
    """Sum of the weights of the cues present (capped at ``cap`` either way) and their reasons."""
    total = 0.0
    reasons: list[str] = []
    for cue in cues:
        m = rx(cue.pattern).search(parsed.text)
        if m:
            total += cue.weight
            reasons.append(f"{cue.reason} ('{m.group(0).strip()}')")
    return max(-cap, min(cap, total)), reasons
