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
from .table import NEEDLE_RULES, _lower, needles_of

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
    "word": (r"[^\s'\",]{1,40}", "stk500v1"),
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
_INDEX: dict[int, tuple] = {}  # type: ignore[type-arg]


def rows_for(rows: tuple, text: str) -> tuple:  # type: ignore[type-arg]
    """The rows of an inventory that can match ``text``: those whose literal needle occurs in it.

    Why: the inventories hold hundreds of messages, and building each row's pattern and lazy
    regex on every run would show in explain's start-up (bench/cold_start.py). The needles are
    the ones ``knowledge.table.rx`` would test first (same derivation), kept per inventory in the
    start-up cache, so a row left out here is one whose regex could not have matched."""
    index = _INDEX.get(id(rows))
    if index is None:
        index = _INDEX[id(rows)] = _needles(rows)
    low = _lower(text)
    return tuple(row for row, needles in zip(rows, index) if not needles or any(n in low for n in needles))


def _needles(rows: tuple) -> tuple:  # type: ignore[type-arg]
    key = ("inventory-needles", PATTERN_RULES, NEEDLE_RULES, tuple(r.regex or r.template for r in rows))
    kept = startcache.get(key)
    if kept is None or len(kept) != len(rows):
        kept = tuple(needles_of(r.pattern, fold=True) for r in rows)
        startcache.put(key, kept)
    return kept  # type: ignore[no-any-return]


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
