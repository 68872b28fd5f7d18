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

_META = set(".^$*+?{}[]\\|()")


@record(frozen=True)
class Vocabulary:
    """How one family of inventories spells a placeholder, and how its text becomes a pattern.

    One derivation (``pattern_of``) serves every inventory; what differs between the families is
    data: which named slots exist and what each may match (a ``{port}`` is a device path in a
    flashing tool's line and a number in a TLS stack's), whether printf specs are read, and how
    literal text is escaped (the needles ``knowledge.table`` derives from a pattern depend on it,
    and a pattern's needle guard must stay what the rows were measured with)."""

    name: str
    slots: dict  # type: ignore[type-arg]  # slot name -> (bounded regex, sample value)
    printf: bool = False  # %s %d %02X ... are placeholders (C sources)
    any_slot: str = ""  # a {name} not in ``slots`` reads as this slot ("" = the brace is literal text)
    braces: bool = False  # {{ and }} are literal braces (Python str.format sources)
    escape: str = "meta"  # "meta": the regex metacharacters; "re": re.escape (a space kept)
    blanks: str = ""  # "lines": a line break or tab matches 1-8 blanks; "runs": a run of spaces matches 1-8 blanks
    wrap: bool = False  # a slot's class is wrapped in (?:...)
    trim: str = ""  # "tail": a trailing any-text slot is dropped; "both": slots at either end are dropped


#: printf specs -> (bounded pattern, sample value); C tools' rows (database, smartcard, meter)
PRINTF_SLOTS: dict[str, tuple[str, str]] = {
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

#: named slots of the flashing tools' and serial hosts' rows (bootloaders, serial)
DEVICE_SLOTS: dict[str, tuple[str, str]] = {
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

#: named slots of the TLS/HTTP stacks' rows (domains/tls/messages_*.py)
STACK_SLOTS: dict[str, tuple[str, str]] = {
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

PRINTF = Vocabulary("printf", PRINTF_SLOTS, printf=True, any_slot="s", blanks="lines", trim="tail")
DEVICE = Vocabulary("device", DEVICE_SLOTS, braces=True, blanks="runs", wrap=True)
STACK = Vocabulary("stack", STACK_SLOTS, escape="re", trim="both")
VOCABULARIES = {v.name: v for v in (PRINTF, DEVICE, STACK)}

_PRINTF_SPECS = ("ld", "lu", "lx", "lX", "zu", "s", "d", "i", "u", "x", "X", "c")


def tokens(message: str, vocab: Vocabulary = PRINTF) -> list[tuple[bool, str]]:
    """The message as [(is_slot, text)]: literal runs and slot names, adjacent literals merged."""
    out: list[tuple[bool, str]] = []
    lit: list[str] = []

    def slot(name: str) -> None:
        if lit:
            out.append((False, "".join(lit)))
            lit.clear()
        out.append((True, name))

    i, n = 0, len(message)
    while i < n:
        c = message[i]
        if vocab.printf and c == "%" and i + 1 < n:
            if message[i + 1] == "%":
                lit.append("%")
                i += 2
                continue
            j = i + 1
            while j < n and message[j] in "0123456789.-#":
                j += 1
            spec = next((cand for cand in _PRINTF_SPECS if message.startswith(cand, j)), "")
            if spec:
                slot(spec)
                i = j + len(spec)
                continue
        if vocab.braces and (message.startswith("{{", i) or message.startswith("}}", i)):
            lit.append(c)
            i += 2
            continue
        if c == "{":
            k = message.find("}", i)
            name = message[i + 1 : k] if k > i else ""
            if name in vocab.slots and not vocab.printf:
                slot(name)
                i = k + 1
                continue
            if vocab.any_slot and k > i + 1 and name.isidentifier():
                slot(vocab.any_slot)
                i = k + 1
                continue
            if vocab.braces:
                raise KeyError(f"unknown slot {name!r} in {message!r}")
        lit.append(c)
        i += 1
    if lit:
        out.append((False, "".join(lit)))
    return out


def _escape_meta(text: str, lines: bool) -> str:
    if not lines:
        return "".join("\\" + c if c in _META else c for c in text)
    return "".join("\\" + c if c in _META else ("\\n" if c == "\n" else "\\t" if c == "\t" else c) for c in text)


def _literal(text: str, vocab: Vocabulary, first: bool) -> str:
    if vocab.escape == "re":
        import re

        return re.escape(text).replace("\\ ", " ")
    if vocab.blanks == "lines":
        esc = _escape_meta(text.strip("\n\t") if first else text, True)
        return esc.replace("\\n\\t", "\\s{1,8}").replace("\\n", "\\s{1,8}").replace("\\t", "\\s{1,8}")
    esc = _escape_meta(text, False)
    if vocab.blanks == "runs":
        import re

        esc = re.sub(" {2,}", "[ \\\\t]{1,8}", esc)
    return esc


_PATTERNS: dict[tuple[str, str], str] = {}


def pattern_of(message: str, vocab: Vocabulary = PRINTF) -> str:
    """The bounded regular expression of an inventoried message, as its tool's source writes it:
    literal text escaped, each placeholder (printf spec or named slot) a bounded class, so every
    pattern is linear-time (tests/core/test_regex_bounds.py). A line break, tab or run of blanks
    matches any short run of blanks where the family's logs re-wrap them (``Vocabulary.blanks``);
    an edge placeholder that only widens a search is dropped (``Vocabulary.trim``)."""
    key = (vocab.name, message)
    hit = _PATTERNS.get(key)
    if hit is not None:
        return hit
    text = message.replace("\r\n", "\n") if vocab.printf else message  # a log reader drops the CR of CR LF
    parts = tokens(text, vocab)
    if vocab.trim == "both":
        while parts and parts[0][0]:
            parts.pop(0)
        while parts and parts[-1][0]:
            parts.pop()
    out: list[str] = []
    for is_slot, t in parts:
        if is_slot:
            cls = vocab.slots[t][0]
            out.append("(?:" + cls + ")" if vocab.wrap else cls)
        else:
            out.append(_literal(t, vocab, not out))
    pat = "".join(out)
    if vocab.trim == "tail":
        tail = vocab.slots[vocab.any_slot][0]
        while pat.endswith(tail):  # a trailing "%s" adds nothing to a search
            pat = pat[: -len(tail)]
    _PATTERNS[key] = pat
    return pat


def render(message: str, vocab: Vocabulary = PRINTF, values: dict[str, str] | None = None) -> str:
    """The message as the tool prints it, each placeholder filled with its sample (or the given) value."""
    vals = values or {}
    return "".join((vals[t] if t in vals else vocab.slots[t][1]) if is_slot else t for is_slot, t in tokens(message, vocab))


@record(frozen=True)
class InventoryRow:
    """One message a tool prints when a connection, handshake, verification or flash session
    fails, with what it means here: the one row type of every inventory (issue 12).

    ``message`` is the tool's own text with its placeholders kept (printf specs or ``{slot}``s,
    per ``vocabulary``); ``regex``, when set, replaces the derived pattern where the source builds
    the message from pieces a template cannot spell. ``phase`` says when the tool prints it
    (``open``, ``connect``, ``session``); ``samples`` ("slot=value;...") and ``rendered`` give the
    coverage test a realistic printed form where the slots' samples do not fit."""

    tool: str  # "libpq", "esptool", "openssl"...
    versions: str  # the versions read ("16.4, 17.2"; "v4.7+")
    message: str  # the tool's text, placeholders kept
    meaning: str  # our wording of the cause
    code: str  # finding code of the domain
    source: str  # path@tag in the tool's repository, or the doc and its section
    confidence: float = 0.9
    fixes: tuple[str, ...] = ()  # which of the code's fixes apply (the domain's fixes table reads it)
    phase: str = "connect"
    severity: str = "error"
    regex: str = ""
    samples: str = ""
    rendered: str = ""
    vocabulary: str = "printf"

    @property
    def template(self) -> str:  # the name the bootloader/serial rows used
        return self.message

    @property
    def stack(self) -> str:  # the name the TLS rows used
        return self.tool

    @property
    def pattern(self) -> str:
        return self.regex or pattern_of(self.message, VOCABULARIES[self.vocabulary])

    def example(self) -> str:
        """The message as the tool prints it (for the coverage test)."""
        if self.rendered:
            return self.rendered
        own = dict(pair.split("=", 1) for pair in self.samples.split(";") if pair)
        text = render(self.message, VOCABULARIES[self.vocabulary], own)
        return text.strip() if self.vocabulary == "printf" else text


def ToolLine(tool: str, versions: str, message: str, meaning: str, code: str, source: str,  # noqa: N802
             confidence: float = 0.9, example: str = "", fixes: tuple[str, ...] = ()) -> InventoryRow:
    """The printf rows' constructor (database, smartcard, meter), kept as a thin alias."""
    return InventoryRow(tool, versions, message, meaning, code, source, confidence, fixes, rendered=example)


def example_of(row: InventoryRow) -> str:
    """The message as the tool would print it, placeholders filled (for the coverage test)."""
    return row.example()


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


def device_rows() -> list[tuple[str, InventoryRow]]:
    """(owning domain, row) for every device-vocabulary row in the domains' ``knowledge.TABLES``.

    The one walk the inventory document and the coverage tests share, so a table a domain adds
    is counted by both or by neither. The registry is imported here, not at module level:
    the domains' knowledge modules import this module."""
    from ..registry import DOMAINS

    out: list[tuple[str, InventoryRow]] = []
    for spec in DOMAINS:
        try:
            tables = spec.module("knowledge").TABLES
        except (ImportError, AttributeError):
            continue
        out += [(spec.name, row) for table in tables for row in table
                if isinstance(row, InventoryRow) and row.vocabulary == "device"]
    return out
