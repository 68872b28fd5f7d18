"""Knowledge tables: one row a fact, each row with its source.

Why a type: tests/test_knowledge_sources.py walks every domain's ``knowledge.TABLES`` and fails
on a row without a source, so the rule "knowledge is data, with sources" cannot silently erode.
Rows are any frozen ``@record`` (or dataclass) with a non-empty ``source`` field.
"""

from __future__ import annotations

import re
from .. import startcache
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
    costs more than the rest of the start-up. Every match of a pattern contains, for at least one
    of its top-level alternatives, that alternative's literal run (``not in sync``, ``wrong
    version number``); when none is in the text, the pattern is never compiled. Needles are
    derived conservatively (:func:`needles_of`); a pattern without one is always compiled.
    """

    __slots__ = ("pattern", "flags", "needles", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self.needles = needles_of(pattern, fold=bool(flags & re.IGNORECASE))
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def may_match(self, text: str) -> bool:
        if not self.needles:
            return True
        hay = _lower(text) if self.flags & re.IGNORECASE else text
        return any(n in hay for n in self.needles)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.search(text, *args) if self.may_match(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.match(text, *args) if self.may_match(text) else None

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args: int):  # type: ignore[no-untyped-def]
        return self.compiled.finditer(text, *args) if self.may_match(text) else iter(())

    def findall(self, text: str, *args: int) -> list:  # type: ignore[type-arg]
        return self.compiled.findall(text, *args) if self.may_match(text) else []

    def sub(self, repl, text: str, count: int = 0) -> str:  # type: ignore[no-untyped-def]
        return self.compiled.sub(repl, text, count) if self.may_match(text) else text

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


def split_top_level(pattern: str) -> list[str]:
    """The alternatives of a pattern at nesting depth 0 (``a|b(c|d)`` -> ``a``, ``b(c|d)``)."""
    parts: list[str] = []
    depth, start, i, n = 0, 0, 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


class _Tools:
    """The regexes that derive needles, compiled on first need: with the start-up cache warm,
    a run derives no needle at all, and compiling these costs ~4 ms of start-up."""

    _made: "_Tools | None" = None

    def __init__(self) -> None:
        self.esc = re.compile(r"\\.")
        self.cls = re.compile(r"\[[^\]]*\]")
        self.group = re.compile(r"\([^()]*\)")
        self.optional = re.compile(r".(?:[?*]|\{0[^}]*\}|\{,[^}]*\})|\{[^}]*\}")
        self.run = re.compile(r"[A-Za-z0-9 _,;'\"=<>!@%&/#~`:-]{3,}")
        self.wrapped = re.compile(r"^(?:\\b|\^)?\((?:\?:)?(?P<body>.*)\)(?:\\b|\$)?$", re.DOTALL)

    @classmethod
    def get(cls) -> "_Tools":
        if cls._made is None:
            cls._made = cls()
        return cls._made


def needle_of(alternative: str, fold: bool = True) -> str:
    """The longest literal run (>= 3 chars) every match of one alternative contains, or "".

    Conservative: escapes, classes, groups, optional or repeated characters and anchors all end a
    run; done with a few C-speed substitutions because it runs for every pattern at start-up.
    """
    best = max(_runs(alternative), key=len, default="")
    return best.lower() if fold else best


def _common_run(alternatives: list[str]) -> str:
    """The longest literal run that every alternative requires, or "": one needle then guards
    the whole pattern, and it is usually rarer than each alternative's longest run (the HTTP
    status patterns: every notation has the number, and one has only 'error' besides)."""
    if len(alternatives) < 2:
        return ""
    shared = set(_runs(alternatives[0]))
    for alt in alternatives[1:]:
        shared &= set(_runs(alt))
        if not shared:
            return ""
    return max(shared, key=len)


def _runs(alternative: str) -> list[str]:
    """Every literal run (>= 3 chars) that every match of one alternative contains."""
    if "(?" in alternative.replace("(?:", "").replace("(?P<", "").replace("(?<", "").replace("(?=", "").replace("(?!", ""):
        return []  # inline flags could change what a literal matches
    tools = _Tools.get()
    p = tools.esc.sub("\x00", alternative)
    p = tools.cls.sub("\x00", p)
    prev = None
    while prev != p:
        prev, p = p, tools.group.sub("\x00", p)
    p = tools.optional.sub("\x00", p)
    for ch in "+.^$":
        p = p.replace(ch, "\x00")
    return tools.run.findall(p)  # type: ignore[no-any-return]




def _alternatives(pattern: str) -> list[str]:
    """Top-level alternatives; a pattern that is one group (``\\b(card|apdu|reader)\\b``) is
    opened, since every match then contains one of the group's alternatives."""
    m = _Tools.get().wrapped.match(pattern)
    if m and _balanced(m.group("body")):
        return split_top_level(m.group("body"))
    return split_top_level(pattern)


def _balanced(body: str) -> bool:
    depth, i = 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
        i += 1
    return depth == 0


#: Part of every cached needle's key: raise it whenever needle_of's rules change, so needles a
#: start-up cache kept from older rules are never used (2: bounded repeats from 0, ``X{0,N}``;
#: 3: a run every alternative requires is the one needle).
NEEDLE_RULES = 3


def needles_of(pattern: str, fold: bool = True) -> tuple[str, ...]:
    """One needle per alternative, or () when any alternative has none (kept in startcache)."""
    key = ("needles", NEEDLE_RULES, pattern, fold)
    hit = startcache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    alts = _alternatives(pattern)
    common = _common_run(alts)
    if common:
        result: tuple[str, ...] = (common.lower() if fold else common,)
    else:
        needles = tuple(needle_of(alt, fold) for alt in alts)
        result = needles if needles and all(needles) else ()
    startcache.put(key, result)
    return result


_CACHE: dict[tuple[str, int], LazyRegex] = {}


def rx(pattern: str, flags: int = re.IGNORECASE) -> LazyRegex:
    """A lazily compiled, needle-guarded regex (case-insensitive by default), cached per pattern."""
    key = (pattern, flags)
    r = _CACHE.get(key)
    if r is None:
        r = _CACHE[key] = LazyRegex(pattern, flags)
    return r


def registered() -> list[LazyRegex]:
    """Every pattern rx() has been asked for so far in this process (for the pattern checks in
    tests/core/test_regex_bounds.py and fuzz/targets.py)."""
    return list(_CACHE.values())

