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

from ...knowledge.table import rx
from ...model import Evidence
from ...record import record
from .matching import Hit, MessageRow


@record(frozen=True)
class StackMessage:
    """One message a TLS/HTTP stack prints on a failed handshake or verification."""

    stack: str  # "go", "java", "openssl", ...
    versions: str  # the versions the wording holds for, e.g. "1.20+" or "0.21-0.22"
    message: str  # as printed, with {placeholders}
    code: str  # the finding code (docs/CODES.md)
    meaning: str  # our words: what the message says happened
    source: str  # path@tag in the stack's repository, or the doc section
    confidence: float = 0.85
    pattern: str = ""  # a regex of our own when the derived one does not fit


#: placeholder -> (bounded regex class, sample value for the coverage test)
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "host": (r"[A-Za-z0-9._:\[\]-]{1,255}", "api.example.org"),
    "port": (r"\d{1,5}", "8443"),
    "n": (r"-?\d{1,10}", "42"),
    "hex": (r"(?:0x)?[0-9A-Fa-f]{1,16}", "0x1f"),
    "word": (r"[A-Za-z0-9_.()/-]{1,80}", "SHA1-RSA"),
    "version": (r"[A-Za-z0-9._ v]{1,20}", "TLSv1.1"),
    "name": (r"[^\n]{1,200}?", "CN=internal-ca"),
    "text": (r"[^\n]{0,300}?", "see details"),
    "path": (r"[^\s'\"]{1,400}", "/etc/ssl/certs/ca.pem"),
}


def _split(message: str) -> list[tuple[bool, str]]:
    """[(is_placeholder, text)] for a message with {name} placeholders."""
    out: list[tuple[bool, str]] = []
    i = 0
    n = len(message)
    while i < n:
        j = message.find("{", i)
        if j < 0:
            out.append((False, message[i:]))
            break
        k = message.find("}", j)
        name = message[j + 1 : k] if k > j else ""
        if name not in PLACEHOLDERS:
            out.append((False, message[i : j + 1]))
            i = j + 1
            continue
        if j > i:
            out.append((False, message[i:j]))
        out.append((True, name))
        i = k + 1
    merged: list[tuple[bool, str]] = []
    for part in out:
        if merged and not part[0] and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + part[1])
        else:
            merged.append(part)
    return merged


def pattern_of(message: str) -> str:
    """The entry's regex: literal text escaped, placeholders as bounded classes; a placeholder at
    either end is dropped (it adds nothing to the match and would only widen it)."""
    import re

    parts = _split(message)
    while parts and parts[0][0]:
        parts.pop(0)
    while parts and parts[-1][0]:
        parts.pop()
    out = []
    for is_ph, text in parts:
        out.append(PLACEHOLDERS[text][0] if is_ph else re.escape(text).replace("\\ ", " "))
    return "".join(out)


def render(message: str, values: dict[str, str] | None = None) -> str:
    """The message as a stack would print it, placeholders filled with sample values."""
    vals = values or {}
    return "".join((vals.get(t) or PLACEHOLDERS[t][1]) if ph else t for ph, t in _split(message))


#: the data modules, one per stack family (each defines ENTRIES, a Table of StackMessage)
MODULES = (
    "messages_openssl", "messages_boringssl", "messages_libressl", "messages_gnutls", "messages_nss", "messages_rustls",
    "messages_go", "messages_java", "messages_bouncycastle", "messages_dotnet", "messages_node", "messages_python",
    "messages_curl", "messages_wget", "messages_erlang", "messages_servers", "messages_http", "messages_android",
)

_CACHE: dict[str, tuple] = {}  # type: ignore[type-arg]


def _module(name: str):  # type: ignore[no-untyped-def]
    import importlib

    return importlib.import_module(f"{__package__}.{name}")


def entries() -> tuple[StackMessage, ...]:
    """Every inventoried entry, in module order."""
    got = _CACHE.get("entries")
    if got is None:
        rows: list[StackMessage] = []
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
            MessageRow(e.pattern or pattern_of(e.message), f"{e.stack} {e.versions}", e.meaning, e.code, e.confidence, e.source)
            for e in entries()
            if e.code.startswith(prefix)
        )
    return got


from .gate import GATE, may_concern  # noqa: E402,F401  (the cheap gate lives apart: explain reads it first)


def needle_of(entry: StackMessage) -> str:
    """The longest literal part of the entry (lower case): every match contains it, so the
    pattern is looked at only when it is in the text. A pattern of the entry's own has no
    alternation (checked by the coverage test), so its longest literal run is required too."""
    if entry.pattern:
        import re

        pieces = re.split(r"\\[bBdDsSwW]|\\|[()\[\]{}?*+|^$.]", entry.pattern)
    else:
        pieces = [t for ph, t in _split(entry.message) if not ph]
    return max(pieces, key=len).lower()


def _entries_of(name: str, prefix: str) -> tuple:  # type: ignore[type-arg]
    """(needle, entry) for one module's entries of codes starting with ``prefix``."""
    key = f"entries:{name}:{prefix}"
    got = _CACHE.get(key)
    if got is None:
        got = _CACHE[key] = tuple((needle_of(e), e) for e in _module(name).ENTRIES.rows if e.code.startswith(prefix))
    return got


def _pattern(e: StackMessage) -> str:
    got = _PATTERNS.get(e.message)
    if got is None:
        got = _PATTERNS[e.message] = e.pattern or pattern_of(e.message)
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
