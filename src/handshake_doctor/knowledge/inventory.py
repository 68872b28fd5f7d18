"""Inventories of tools' own failure messages, read from each tool's source at a named version.

Why a row type of its own: a domain's hand-written regex rows know the lines someone met; an
inventory lists every line a tool *can* print when a connection, a TLS negotiation, an
authentication or a card session fails, as the tool's source writes it (printf-style
``%s``/``%d``/``%02X`` or ``{name}`` placeholders kept). The pattern is derived from that text,
so a row reads like the source it came from and every placeholder becomes a bounded class
(linear-time: tests/core/test_regex_bounds.py). ``explain`` compiles a row's pattern only when
its literal text is in the input (knowledge.table.rx), so a large inventory costs little start-up.

Pure: no I/O. Shared vocabulary of the domains that keep inventories (database, smartcard, meter).
"""

from __future__ import annotations

from ..model import Evidence, Finding
from ..record import record
from .table import rx

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable

    from ..model import Fix
    from .table import Table

#: placeholder -> (bounded pattern, example value used by the coverage test)
_SPEC = {
    "s": (r"[^\n]{0,160}?", "db.example.com"),
    "d": (r"-?\d{1,12}", "42"),
    "i": (r"-?\d{1,12}", "42"),
    "u": (r"\d{1,12}", "42"),
    "ld": (r"-?\d{1,20}", "42"),
    "lu": (r"\d{1,20}", "42"),
    "zu": (r"\d{1,20}", "42"),
    "x": (r"[0-9a-fA-F]{1,16}", "6a82"),
    "X": (r"[0-9a-fA-F]{1,16}", "6A82"),
    "lx": (r"[0-9a-fA-F]{1,16}", "8010000b"),
    "lX": (r"[0-9a-fA-F]{1,16}", "8010000B"),
    "c": (r"[^\n]", "H"),
}
_META = set(".^$*+?{}[]\\|()")


@record(frozen=True)
class ToolLine:
    """One message a tool prints on failure, with what it means here."""

    tool: str  # "libpq", "pcsc-lite", "OpenSC pkcs15-tool"...
    versions: str  # the versions read ("16.4, 17.2"; "2.5.1")
    message: str  # the tool's text; placeholders %s %d %u %x %02X %c or {name}
    meaning: str  # our wording of the cause
    code: str  # finding code of the domain
    source: str  # path@tag in the tool's repository, or the doc and its section
    confidence: float = 0.9
    example: str = ""  # a rendered example when the placeholders need a realistic value
    fixes: tuple[str, ...] = ()  # which of the code's fixes apply (the domain's fixes table reads it)


def _tokens(message: str) -> list[tuple[str, str]]:
    """Split a message into ("lit", text) and ("ph", spec) parts."""
    out: list[tuple[str, str]] = []
    i, n, lit = 0, len(message), []
    while i < n:
        c = message[i]
        if c == "%" and i + 1 < n:
            if message[i + 1] == "%":
                lit.append("%")
                i += 2
                continue
            j = i + 1
            while j < n and message[j] in "0123456789.-#":
                j += 1
            spec = ""
            for cand in ("ld", "lu", "lx", "lX", "zu", "s", "d", "i", "u", "x", "X", "c"):
                if message.startswith(cand, j):
                    spec = cand
                    break
            if spec:
                if lit:
                    out.append(("lit", "".join(lit)))
                    lit = []
                out.append(("ph", spec))
                i = j + len(spec)
                continue
        if c == "{":
            k = message.find("}", i)
            if k > i + 1 and message[i + 1 : k].isidentifier():
                if lit:
                    out.append(("lit", "".join(lit)))
                    lit = []
                out.append(("ph", "s"))
                i = k + 1
                continue
        lit.append(c)
        i += 1
    if lit:
        out.append(("lit", "".join(lit)))
    return out


def _escape(text: str) -> str:
    return "".join("\\" + c if c in _META else ("\\n" if c == "\n" else "\\t" if c == "\t" else c) for c in text)


def pattern_of(message: str) -> str:
    """The message as a regular expression: literal text escaped, placeholders bounded; a line
    break or tab in the message matches any run of blanks (logs re-wrap them)."""
    parts = []
    for kind, text in _tokens(message.replace("\r\n", "\n")):  # a log reader drops the CR of CR LF
        if kind == "ph":
            parts.append(_SPEC[text][0])
            continue
        esc = _escape(text.strip("\n\t") if not parts else text)
        parts.append(esc.replace("\\n\\t", "\\s{1,8}").replace("\\n", "\\s{1,8}").replace("\\t", "\\s{1,8}"))
    pat = "".join(parts)
    while pat.endswith(_SPEC["s"][0]):  # a trailing "%s" adds nothing to a search
        pat = pat[: -len(_SPEC["s"][0])]
    return pat


def example_of(row: ToolLine) -> str:
    """The message as the tool would print it, placeholders filled (for the coverage test)."""
    if row.example:
        return row.example
    return "".join(text if kind == "lit" else _SPEC[text][1] for kind, text in _tokens(row.message)).strip()


_PLACEHOLDER = "%[-0-9.#]*(?:ld|lu|lx|lX|zu|[sdiuxXc])|\\{[A-Za-z_]\\w*\\}|[\\n\\t]"


def needle_of(message: str) -> str:
    """The longest literal run of the message: every match contains it."""
    return max((p.strip() for p in rx(_PLACEHOLDER, 0).split(message)), key=len, default="").replace("%%", "%")


_VIEWS: dict[int, tuple[tuple[str, str], ...]] = {}


def _view(rows: tuple[ToolLine, ...]) -> tuple[tuple[str, str], ...]:
    """(needle, pattern) per row, derived once per process; the pattern is only computed for a
    row whose needle is in the input (see matches)."""
    got = _VIEWS.get(id(rows))
    if got is None or len(got) != len(rows):
        got = _VIEWS[id(rows)] = tuple((needle_of(r.message), "") for r in rows)
    return got


def matches(text: str, rows: Iterable[ToolLine]) -> list[tuple[ToolLine, str]]:
    """Every row whose message is in ``text``, longest match first (a specific wording beats the
    template it fills), one per code. A row's pattern is compiled only when its literal text is
    in the input."""
    rows = tuple(rows)
    found: list[tuple[int, float, ToolLine, str]] = []
    for row, (needle, _) in zip(rows, _view(rows)):
        if needle not in text:
            continue
        m = rx(pattern_of(row.message), 0).search(text)  # exact case: the tool prints its own text
        if m is not None and m.group(0).strip():
            found.append((len(m.group(0)), row.confidence, row, m.group(0)))
    found.sort(key=lambda t: (-t[0], -t[1]))
    out: list[tuple[ToolLine, str]] = []
    codes: set[str] = set()
    for _, _, row, hit in found:
        if row.code in codes:
            continue
        codes.add(row.code)
        out.append((row, hit))
    return out


def findings(text: str, table: Table, domain: str, fixes_for: Callable[[str, tuple[str, ...]], list[Fix]],
             skip: set[str] | None = None, severity: str = "error") -> list[Finding]:
    """Findings for the inventoried messages in ``text`` (codes in ``skip`` already found)."""
    out: list[Finding] = []
    for row, hit in matches(text, table.rows):
        if skip and row.code in skip:
            continue
        out.append(Finding(
            code=row.code, domain=domain, summary=f"{row.tool}: {row.meaning}",
            detail=f"'{hit.strip()[:200]}' is {row.tool}'s own message ({row.versions}).",
            severity=severity, confidence=row.confidence,  # type: ignore[arg-type]
            evidence=[Evidence("message", hit.strip()[:300], "input", row.meaning)],
            fixes=fixes_for(row.code, row.fixes), sources=[row.source],
            data={"tool": row.tool, "versions": row.versions, "tool_line": row.tool},
        ))
    return out
