"""The lazy tables and needle index of the bootloader and serial inventories.

The rows themselves are ``knowledge.inventory.InventoryRow`` (one row type for every inventory;
issue 12), written with named slots such as ``{port}`` or ``{n}`` (the device vocabulary,
``knowledge.inventory.DEVICE_SLOTS``). ``ToolLine``, ``SLOTS``, ``pattern_of`` and ``render`` stay
here as thin aliases with this family's argument order, so the tables written against them read
unchanged. What this module adds is loading: ``LazyTable`` builds a table's rows on first use and
``rows_for`` decides from the rows' needles (kept in the start-up cache) whether any can match.
"""

from __future__ import annotations

from .. import startcache
from .table import NEEDLE_RULES, Table, _alternatives, _lower, needle_of

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time
    from typing import Callable

    from .inventory import InventoryRow

def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """``SLOTS``: the named slots of these rows (``knowledge.inventory.DEVICE_SLOTS``), read on
    first use so that explain's start does not import the row module (bench/cold_start.py)."""
    if name == "SLOTS":
        from .inventory import DEVICE_SLOTS

        return DEVICE_SLOTS
    raise AttributeError(name)

#: part of the kept needles' key: raise it whenever SLOTS or pattern_of's rules change
PATTERN_RULES = 2


def pattern_of(template: str) -> str:
    """The bounded regular expression of a template (``knowledge.inventory.pattern_of``, device slots)."""
    from .inventory import DEVICE
    from .inventory import pattern_of as _pattern_of

    return _pattern_of(template, DEVICE)


def render(template: str, values: dict[str, str] | None = None) -> str:
    """The message as the tool prints it, with each slot's sample (or the given) value."""
    from .inventory import DEVICE
    from .inventory import render as _render

    return _render(template, DEVICE, values)


def ToolLine(tool: str, versions: str, template: str, meaning: str, code: str, confidence: float, source: str,  # noqa: N802
             fixes: tuple[str, ...] = (), phase: str = "connect", severity: str = "error", regex: str = "",
             samples: str = "") -> InventoryRow:
    """The bootloader/serial rows' constructor (positional order of their tables), a thin alias
    of ``knowledge.inventory.InventoryRow`` with the device vocabulary."""
    from .inventory import InventoryRow

    return InventoryRow(tool, versions, template, meaning, code, source, confidence, fixes, phase, severity, regex,
                        samples, "", "device")


class LazyTable(Table):
    """An inventory: a ``Table`` whose rows are built on first use.

    Why: building a few hundred rows costs about 2 ms, on every run of ``explain``, although
    most inputs carry no word of any inventoried tool. ``rows_for`` decides from the rows'
    needles (kept in the start-up cache) whether any row can match, and only then are the rows
    built. The needles are kept under the stamps (mtime and size, as Python's own byte-code cache
    does) of the module that defines the rows and of this one, so an edited inventory is read anew.
    """

    def __init__(self, name: str, build: Callable[[], tuple[InventoryRow, ...]], description: str, module_file: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_built", None)
        object.__setattr__(self, "_file", module_file)

    @property
    def rows(self) -> tuple[InventoryRow, ...]:  # type: ignore[override]
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
    def rows(self) -> tuple[InventoryRow, ...]:
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
