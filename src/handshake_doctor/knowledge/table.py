"""Knowledge tables: one row a fact, each row with its source.

Why a type: tests/test_knowledge_sources.py walks every domain's ``knowledge.TABLES`` and fails
on a row without a source, so the rule "knowledge is data, with sources" cannot silently erode.
Rows are any frozen ``@record`` (or dataclass) with a non-empty ``source`` field.
"""

from __future__ import annotations

import re
from ..record import record
TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time

if TYPE_CHECKING:  # typing costs start-up time; annotations are strings at run time
    from typing import Any, Iterable, Protocol

    class PatternRow(Protocol):
        pattern: str
        source: str


@record(frozen=True)
class Table:
    """A named tuple of rows; each row is a frozen record with a ``source`` field."""

    name: str
    rows: tuple[Any, ...]
    description: str = ""

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@record(frozen=True)
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


def lookup_hex(rows: Iterable[Any], value_hex: str) -> tuple[Any, str] | None:
    """Best row for a hex value and how it matched: "exact", "parametric" or "class".

    A row matched with all nibbles fixed is "exact"; a row whose wildcards are in the last byte
    only and that has fewer than len-2 fixed nibbles is a "class" match (SW1 alone); anything in
    between (63CX, 61XX flagged parametric by the row) is "parametric".
    """
    best: tuple[Any, int] | None = None
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


class LazyRegex:
    """A regular expression compiled on first real use, behind a cheap literal pre-check.

    Why: ``explain`` tries hundreds of message patterns on every input, and compiling them all
    costs more than the rest of the start-up. Most patterns contain a literal run (``not in
    sync``, ``wrong version number``) that must appear in any matching text; when it does not,
    the pattern is never compiled. The needle is derived conservatively (:func:`needle_of`).
    """

    __slots__ = ("pattern", "flags", "needle", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self.needle = needle_of(pattern)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def _may_match(self, text: str) -> bool:
        if not self.needle:
            return True
        if self.flags & re.IGNORECASE:
            return self.needle in _lower(text)
        return self.needle in text

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.search(text, *args) if self._may_match(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.match(text, *args) if self._may_match(text) else None

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, *args) if self._may_match(text) else None

    def finditer(self, text: str, *args: int):  # type: ignore[no-untyped-def]
        return self.compiled.finditer(text, *args) if self._may_match(text) else iter(())

    def findall(self, text: str, *args: int) -> list:  # type: ignore[type-arg]
        return self.compiled.findall(text, *args) if self._may_match(text) else []

    def sub(self, repl, text: str, count: int = 0) -> str:  # type: ignore[no-untyped-def]
        return self.compiled.sub(repl, text, count) if self._may_match(text) else text

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(text, maxsplit)

    @property
    def groupindex(self):  # type: ignore[no-untyped-def]
        return self.compiled.groupindex


_last_text: list[str] = [""]
_last_lower: list[str] = [""]


def _lower(text: str) -> str:
    if text is not _last_text[0]:
        _last_text[0] = text
        _last_lower[0] = text.lower()
    return _last_lower[0]


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-=:;,'\"<>!@%&/#~`")
_ESCAPABLE_LITERAL = frozenset(".()[]{}*+?^$|\\/-:'\" ")


def needle_of(pattern: str) -> str:
    """The longest literal run (lower-cased, >= 4 chars) that every match must contain, or "".

    Conservative by construction: patterns with alternation or inline flags get no needle; a
    literal followed by an optional quantifier is dropped; groups and classes end a run.
    """
    if "|" in pattern or "(?" in pattern.replace("(?:", "").replace("(?P<", ""):
        return ""
    runs: list[str] = []
    cur: list[str] = []
    i, n = 0, len(pattern)

    def end_run() -> None:
        if cur:
            runs.append("".join(cur))
            cur.clear()

    while i < n:
        c = pattern[i]
        lit: str | None = None
        step = 1
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            step = 2
            if nxt in _ESCAPABLE_LITERAL:
                lit = nxt
            elif nxt in "xuU":
                step = {"x": 4, "u": 6, "U": 10}[nxt]
            elif nxt.isdigit() or nxt == "N":
                end_run()
                break  # backreferences and named characters: stop deriving (runs so far stay valid)
        elif c == "{":
            end_run()
            j = pattern.find("}", i)
            i = n if j < 0 else j + 1
            continue
        elif c in _PLAIN:
            lit = c
        elif c == "[":
            end_run()
            j = pattern.find("]", i + 2)
            i = n if j < 0 else j + 1
            if i < n and pattern[i] in "?*{":
                pass
            continue
        elif c == "(":
            end_run()
            depth, j = 0, i
            while j < n:
                if pattern[j] == "\\":
                    j += 2
                    continue
                if pattern[j] == "(":
                    depth += 1
                elif pattern[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
            continue
        if lit is None:
            end_run()
            i += step
            continue
        after = pattern[i + step] if i + step < n else ""
        if after in ("?", "*") or (after == "{" and pattern[i + step : i + step + 3] in ("{0,", "{0}")):
            end_run()
            i += step
            continue
        cur.append(lit)
        if after in ("+", "{"):
            end_run()
        i += step
    end_run()
    best = max(runs, key=len, default="")
    return best.lower() if len(best) >= 4 else ""


_CACHE: dict[tuple[str, int], LazyRegex] = {}


def rx(pattern: str, flags: int = re.IGNORECASE) -> LazyRegex:
    """A lazily compiled, needle-guarded regex (case-insensitive by default), cached per pattern."""
    key = (pattern, flags)
    r = _CACHE.get(key)
    if r is None:
        r = _CACHE[key] = LazyRegex(pattern, flags)
    return r
