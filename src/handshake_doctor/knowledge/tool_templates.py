"""Message inventories: the lines a tool prints when a session fails, read from its own source.

Why a separate row type: issue 12 asks for knowledge taken systematically from where the messages
come from (the tool's source at a named version, or the vendor's manual for closed tools), with
every wording kept when it changed between versions. A row therefore holds the message as the
tool formats it (``template``, with the tool's printf/format placeholders replaced by named
slots such as ``{port}`` or ``{n}``), the versions that print it, and the source file and tag.

The regular expression is derived from the template, not written by hand: literal text stays
literal (case-insensitive), and each slot becomes a bounded class (``SLOTS``), so every pattern is
linear-time and carries long literal needles for the lazy pre-check (``knowledge.table.rx``).
A row quacks like ``serial.knowledge.ToolMessage`` (``pattern``, ``tool``, ``meaning``, ``code``,
``confidence``, ``source``, ``fixes``, ``severity``), so the domains' existing ``tool_findings``
and ``matching`` read inventory rows unchanged. ``SLOTS`` also holds a sample value per slot, so
a test can print every inventoried message the way the tool would and check it is recognised.
"""

from __future__ import annotations

from .. import startcache
from ..record import record
from .table import NEEDLE_RULES, Table, _alternatives, _lower, needle_of

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time
    from typing import Callable

#: slot name -> (bounded regex, sample value the coverage test prints)
SLOTS: dict[str, tuple[str, str]] = {
    "n": (r"\d{1,10}", "3"),
    "baud": (r"\d{3,8}", "460800"),
    "hex": (r"[0-9a-f]{1,8}", "1e"),
    "hexbytes": (r"[0-9a-f]{2}(?: ?[0-9a-f]{2}){0,7}", "0105"),
    "addr": (r"(?:0x)?[0-9a-f]{1,16}", "0x08000000"),
    "port": (r"[^\s'\",;()]{1,80}", "/dev/ttyUSB0"),
    "chip": (r"ESP[\w-]{0,20}|Espressif device", "ESP32"),  # esptool names an undetected chip "Espressif device"
    "part": (r"[\w-]{1,24}", "ATmega328P"),
    "word": (r"[^\s'\",]{1,40}", "x1"),  # a neutral sample: a tool name here would be another domain's context
    "path": (r"[^\n'\"]{1,120}", "firmware.bin"),
    "text": (r"[^\n]{0,160}", "see above"),
    "op": (r"[\w ,%-]{1,60}", "enter Flash download mode"),
    "errno": (r"-?\d{1,5}", "-4"),
    "q": (r"['\"`]?", "'"),
}

_SPECIAL = set(".^$*+?{}[]\\|()")

#: part of the kept needles' key: raise it whenever SLOTS or pattern_of's rules change
PATTERN_RULES = 2


def pattern_of(template: str) -> str:
    """The bounded regular expression of a template (``Could not open {port}, the port...``).

    ``{name}`` is a slot from ``SLOTS``; ``{{`` and ``}}`` are literal braces; a space matches one
    to three blanks (tools align columns and wrap lines differently across versions)."""
    hit = _PATTERNS.get(template)
    if hit is not None:
        return hit
    out: list[str] = []
    i, n = 0, len(template)
    while i < n:
        c = template[i]
        if c == "{" and template.startswith("{{", i):
            out.append(r"\{")
            i += 2
        elif c == "}" and template.startswith("}}", i):
            out.append(r"\}")
            i += 2
        elif c == "{":
            end = template.index("}", i)
            out.append("(?:" + SLOTS[template[i + 1 : end]][0] + ")")
            i = end + 1
        elif c == " ":
            j = i
            while j < n and template[j] == " ":
                j += 1
            out.append(" " if j - i == 1 else "[ \\t]{1,8}")
            i = j
        else:
            out.append("\\" + c if c in _SPECIAL else c)
            i += 1
    pat = "".join(out)
    _PATTERNS[template] = pat  # only rows whose needle is in the text get here (rows_for)
    return pat


def render(template: str, values: dict[str, str] | None = None) -> str:
    """The message as the tool prints it, with each slot's sample (or the given) value."""
    vals = {k: v for k, (_, v) in SLOTS.items()}
    if values:
        vals.update(values)
    out: list[str] = []
    i, n = 0, len(template)
    while i < n:
        if template.startswith("{{", i) or template.startswith("}}", i):
            out.append(template[i])
            i += 2
        elif template[i] == "{":
            end = template.index("}", i)
            out.append(vals[template[i + 1 : end]])
            i = end + 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


_PATTERNS: dict[str, str] = {}
class LazyTable(Table):
    """An inventory: a ``Table`` whose rows are built on first use.

    Why: building a few hundred rows costs about 2 ms, on every run of ``explain``, although
    most inputs carry no word of any inventoried tool. ``rows_for`` decides from the rows'
    needles (kept in the start-up cache) whether any row can match, and only then are the rows
    built. The needles are kept under the stamps (mtime and size, as Python's own byte-code cache
    does) of the module that defines the rows and of this one, so an edited inventory is read anew.
    """

    def __init__(self, name: str, build: Callable[[], tuple[ToolLine, ...]], description: str, module_file: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_built", None)
        object.__setattr__(self, "_file", module_file)

    @property
    def rows(self) -> tuple[ToolLine, ...]:  # type: ignore[override]
        built = self._built
        if built is None:
            built = self._build()
            object.__setattr__(self, "_built", built)
        return built  # type: ignore[no-any-return]

    def stamp(self) -> tuple:  # type: ignore[type-arg]
        return _stamp(self._file)


class Inventory:
    """Where a domain's inventory lives: ``explain`` imports the module only when a word of it
    is in the text (the needles come from the start-up cache), so an input about another field
    pays nothing for it. ``path`` is the module's file, for the cache stamp."""

    __slots__ = ("module", "attr", "path", "_table")

    def __init__(self, module: str, attr: str, path: str) -> None:
        self.module, self.attr, self.path = module, attr, path
        self._table: LazyTable | None = None

    @property
    def table(self) -> LazyTable:
        if self._table is None:
            import importlib

            self._table = getattr(importlib.import_module(self.module), self.attr)
        return self._table  # type: ignore[return-value]

    @property
    def name(self) -> str:
        return self.attr

    @property
    def rows(self) -> tuple[ToolLine, ...]:
        return self.table.rows

    @property
    def fixes(self) -> dict:  # type: ignore[type-arg]
        import importlib

        return importlib.import_module(self.module).FIXES  # type: ignore[no-any-return]

    def stamp(self) -> tuple:  # type: ignore[type-arg]
        return _stamp(self.path)


def _stamp(path: str) -> tuple:  # type: ignore[type-arg]
    import os

    out = []
    for p in (path, __file__):
        try:
            st = os.stat(p)
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            return ()
    return tuple(out)


_INDEX: dict[int, tuple] = {}  # type: ignore[type-arg]


def rows_for(table: LazyTable | Inventory, text: str) -> tuple:  # type: ignore[type-arg]
    """The rows of an inventory that can match ``text``: those whose literal needle occurs in it.

    The needles are the ones ``knowledge.table.rx`` would test first (same derivation), so a row
    left out here is one whose regex could not have matched; when none can, the rows are not even
    built (``LazyTable``)."""
    entry = _INDEX.get(id(table))
    if entry is None:
        entry = _INDEX[id(table)] = _needles(table)
    index, union, unguarded = entry
    low = _lower(text)
    contains = low.__contains__
    if not unguarded and not any(map(contains, union)):  # the common case: no word of this tool
        return ()
    hits = [i for i, needles in enumerate(index) if not needles or any(map(contains, needles))]
    if not hits:
        return ()
    rows = table.rows
    return tuple(rows[i] for i in hits)


def _needles(table: LazyTable | Inventory) -> tuple:  # type: ignore[type-arg]
    """(needles per row, every needle once, whether a row has none), kept in the start-up cache
    as one entry per inventory (the per-pattern needle entries of ``rx`` are not made here)."""
    stamp = table.stamp()
    key = ("inventory-needles", PATTERN_RULES, NEEDLE_RULES, table.name, stamp)
    kept = startcache.get(key) if stamp else None
    if kept is None:
        index = tuple(_row_needles(r.pattern) for r in table.rows)
        kept = (index, tuple(sorted({n for needles in index for n in needles})), any(not needles for needles in index))
        if stamp:
            startcache.put(key, kept)
    return kept  # type: ignore[no-any-return]


def _row_needles(pattern: str) -> tuple[str, ...]:
    """``knowledge.table.needles_of`` for a case-folded pattern, without its cache entry."""
    needles = tuple(needle_of(alt, True) for alt in _alternatives(pattern))
    return needles if needles and all(needles) else ()


@record(frozen=True)
class ToolLine:
    """One failure message of one tool, with the versions that print it and where it comes from.

    ``phase`` says when the tool prints it: ``open`` (opening the port or USB device),
    ``connect`` (the handshake), ``session`` (after a good handshake: flashing, verifying).
    ``regex``, when set, replaces the derived pattern: for messages whose source builds them from
    pieces a template cannot spell (alternative wordings of one message in one row)."""

    tool: str
    versions: str
    template: str
    meaning: str
    code: str
    confidence: float
    source: str
    fixes: tuple[str, ...] = ()
    phase: str = "connect"
    severity: str = "error"
    regex: str = ""
    samples: str = ""  # "slot=value;slot=value": sample values this message needs (a byte that decodes as this row's cause)

    @property
    def pattern(self) -> str:
        return self.regex or pattern_of(self.template)

    def example(self) -> str:
        """The message as the tool prints it, with the slots' samples (this row's own first)."""
        own = dict(pair.split("=", 1) for pair in self.samples.split(";") if pair)
        return render(self.template, own)
