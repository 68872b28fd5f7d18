"""Knowledge tables: one row a fact, each row with its source.

Why a type: tests/test_knowledge_sources.py walks every domain's ``knowledge.TABLES`` and fails
on a row without a source, so the rule "knowledge is data, with sources" cannot silently erode.
Rows are any frozen dataclass with a non-empty ``source`` field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Iterable, Protocol, TypeVar


class Sourced(Protocol):
    source: str


R = TypeVar("R", bound=Sourced)


@dataclass(frozen=True)
class Table(Generic[R]):
    name: str
    rows: tuple[R, ...]
    description: str = ""

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class HexPattern:
    """A hex pattern such as ``6881`` (exact), ``63CX`` or ``61XX`` (parametric), ``68XX`` (class).

    ``X`` is a wildcard nibble. Lookup picks the row with the most fixed nibbles, which is the
    order design.md asks for: exact first, then parametric, then by class.
    """

    pattern: str

    @property
    def fixed(self) -> int:
        return sum(1 for c in self.pattern if c not in "Xx")

    def matches(self, value_hex: str) -> bool:
        if len(value_hex) != len(self.pattern):
            return False
        return all(p in "Xx" or p.upper() == v.upper() for p, v in zip(self.pattern, value_hex))

    def wildcard_value(self, value_hex: str) -> int | None:
        """The value of the wildcard nibbles (e.g. X in 63CX), or None when fully fixed."""
        digits = "".join(v for p, v in zip(self.pattern, value_hex) if p in "Xx")
        return int(digits, 16) if digits else None


class PatternRow(Protocol):
    pattern: str
    source: str


P = TypeVar("P", bound=PatternRow)


def lookup_hex(rows: Iterable[P], value_hex: str) -> tuple[P, str] | None:
    """Best row for a hex value and how it matched: "exact", "parametric" or "class".

    A row matched with all nibbles fixed is "exact"; a row whose wildcards are in the last byte
    only and that has fewer than len-2 fixed nibbles is a "class" match (SW1 alone); anything in
    between (63CX, 61XX flagged parametric by the row) is "parametric".
    """
    best: tuple[P, int] | None = None
    for row in rows:
        hp = HexPattern(row.pattern)
        if hp.matches(value_hex) and (best is None or hp.fixed > best[1]):
            best = (row, hp.fixed)
    if best is None:
        return None
    row, fixed = best
    if fixed == len(value_hex):
        kind = "exact"
    elif getattr(row, "parametric", False) or fixed > len(value_hex) - 2:
        kind = "parametric"
    else:
        kind = "class"
    return row, kind


@lru_cache(maxsize=4096)
def rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile lazily and once: start-up must not pay for every domain's regexes."""
    return re.compile(pattern, flags)
