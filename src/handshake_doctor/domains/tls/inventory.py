"""The message inventory: what each TLS stack prints when a handshake or verification fails.

Why: `explain` must know the next user's wording before it is seen (issue 12). The entries are
read from each stack's own source at a named version (or its vendor documentation) and kept as
data in ``messages_<stack>.py``; this module only gives them one type and turns them into the
message rows ``matching.match_rows`` already reads.

An entry is written the way the stack prints it, with bounded placeholders where the stack puts
a value: ``{host}``, ``{port}``, ``{n}``, ``{hex}``, ``{word}``, ``{version}``, ``{name}``,
``{text}``, ``{path}``. The pattern is derived from it (literals escaped, each placeholder a
bounded class, so every pattern stays linear-time); an entry may give its own ``pattern`` when the
printed form varies more than a placeholder can say. ``render()`` fills the placeholders with
sample values for the coverage test (tests/inventory/test_tls_inventory.py).

Loaded lazily: the data modules are imported on the first non-trivial input, never for a bare
value such as ``0x68`` (bench/cold_start.py).
"""

from __future__ import annotations

from ...knowledge.inventory import STACK, STACK_SLOTS, InventoryRow, tokens
from ...knowledge.inventory import pattern_of as _pattern_of
from ...knowledge.inventory import render as _render
from ...knowledge.table import rx
from ...model import Evidence
from .matching import Hit, MessageRow


def StackMessage(stack: str, versions: str, message: str, code: str, meaning: str, source: str,  # noqa: N802
                 confidence: float = 0.85, pattern: str = "") -> InventoryRow:
    """The TLS rows' constructor (positional order of messages_*.py), a thin alias of
    ``knowledge.inventory.InventoryRow`` with the stack vocabulary; ``pattern`` is the row's own regex."""
    return InventoryRow(stack, versions, message, meaning, code, source, confidence, regex=pattern, vocabulary="stack")


#: placeholder -> (bounded regex class, sample value for the coverage test)
PLACEHOLDERS = STACK_SLOTS


def pattern_of(message: str) -> str:
    """The entry's regex (``knowledge.inventory.pattern_of`` with the stack vocabulary): literal
    text escaped, placeholders as bounded classes, a placeholder at either end dropped."""
    return _pattern_of(message, STACK)


def render(message: str, values: dict[str, str] | None = None) -> str:
    """The message as a stack would print it, placeholders filled with sample values."""
    return _render(message, STACK, values)


#: the data modules, one per stack family (each defines ENTRIES, a Table of InventoryRow rows)
MODULES = (
    "messages_openssl", "messages_boringssl", "messages_libressl", "messages_gnutls", "messages_nss", "messages_rustls",
    "messages_go", "messages_java", "messages_bouncycastle", "messages_dotnet", "messages_node", "messages_python",
    "messages_curl", "messages_wget", "messages_erlang", "messages_servers", "messages_http", "messages_android",
)

_CACHE: dict[str, tuple] = {}  # type: ignore[type-arg]


def _module(name: str):  # type: ignore[no-untyped-def]
    import importlib

    return importlib.import_module(f"{__package__}.{name}")


def entries() -> tuple[InventoryRow, ...]:
    """Every inventoried entry, in module order."""
    got = _CACHE.get("entries")
    if got is None:
        rows: list[InventoryRow] = []
        for name in MODULES:
            rows.extend(_module(name).ENTRIES.rows)
        got = _CACHE["entries"] = tuple(rows)
    return got


def message_rows(prefix: str = "tls.") -> tuple[MessageRow, ...]:
    """The entries whose code starts with ``prefix``, as message rows for ``match_rows``."""
    key = "rows:" + prefix
    got = _CACHE.get(key)
    if got is None:
        got = _CACHE[key] = tuple(
            MessageRow(e.pattern, f"{e.stack} {e.versions}", e.meaning, e.code, e.confidence, e.source)
            for e in entries()
            if e.code.startswith(prefix)
        )
    return got


from .gate import GATE, may_concern  # noqa: E402,F401  (the cheap gate lives apart: explain reads it first)


def needle_of(entry: InventoryRow) -> str:
    """The longest literal part of the entry (lower case): every match contains it, so the
    pattern is looked at only when it is in the text. A pattern of the entry's own has no
    alternation (checked by the coverage test), so its longest literal run is required too."""
    if entry.regex:
        import re

        pieces = re.split(r"\\[bBdDsSwW]|\\|[()\[\]{}?*+|^$.]", entry.regex)
    else:
        pieces = [t for ph, t in tokens(entry.message, STACK) if not ph]
    return max(pieces, key=len).lower()


def _entries_of(name: str, prefix: str) -> tuple:  # type: ignore[type-arg]
    """(needle, entry) for one module's entries of codes starting with ``prefix``."""
    key = f"entries:{name}:{prefix}"
    got = _CACHE.get(key)
    if got is None:
        got = _CACHE[key] = tuple((needle_of(e), e) for e in _module(name).ENTRIES.rows if e.code.startswith(prefix))
    return got


def _pattern(e: InventoryRow) -> str:
    got = _PATTERNS.get(e.message)
    if got is None:
        got = _PATTERNS[e.message] = e.pattern
    return got


_PATTERNS: dict[str, str] = {}


def hits(text: str, prefix: str = "tls.", lower: str | None = None) -> list[Hit]:
    """Hits for every entry (of codes starting with ``prefix``) whose message is in the text.

    The index (inventory_index.py: every entry's needle, per module) says which modules can
    match at all; only those are imported. Within a module a pattern is derived and looked at only
    when its needle is in the text, then needle-guarded and compiled on demand by ``rx``."""
    from .inventory_index import NEEDLES

    low = text.lower() if lower is None else lower
    out: list[Hit] = []
    for name, needles in NEEDLES.items():
        if not any(n in low for n in needles):
            continue
        for needle, e in _entries_of(name, prefix):
            if needle not in low:
                continue
            m = rx(_pattern(e)).search(text)
            if m:
                where = f"{e.stack} {e.versions}"
                out.append(Hit(e.code, e.confidence, e.meaning, Evidence("message", m.group(0).strip()[:200], "input", f"{where}: {e.meaning}"), e.source, {"stack": e.stack, "stack_versions": e.versions}))
    return out


def index_source() -> str:
    """The text of inventory_index.py for the entries as they are now (``python -m
    handshake_doctor.domains.tls.inventory > src/handshake_doctor/domains/tls/inventory_index.py``)."""
    lines = [
        '"""Generated by ``python -m handshake_doctor.domains.tls.inventory``: each data module\'s needles',
        "(the longest literal part of each entry, lower case). explain imports a data module only when one",
        'of its needles is in the text; tests/inventory/test_tls_inventory.py checks this file is current."""',
        "",
        "NEEDLES: dict[str, tuple[str, ...]] = {",
    ]
    for name in MODULES:
        needles = sorted({needle_of(e) for e in _module(name).ENTRIES.rows})
        lines.append(f"    {name!r}: (")
        lines.extend(f"        {n!r}," for n in needles)
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(index_source())
