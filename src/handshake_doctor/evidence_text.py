"""Text evidence in: a log of any length, read line by line in bounded memory.

Why: users arrive with whole logs (``avrdude ... 2>&1 | hsdoctor explain -``, a CI log file, a
pasted terminal session), not one line. The decisive line is usually a few lines out of
thousands, anywhere in the log. Holding a 5 MB log as one string and scanning it with hundreds
of patterns would be slow and unbounded, so the reader streams it once and keeps:

- the first :data:`HEAD_LINES` lines (what was run, versions, the port opened),
- every *decisive* line (a line-level pre-filter, :func:`is_decisive`: a known tool's line, an
  error/fatal word, an errno name, a code), with one line before and after it as context, up to
  :data:`MAX_DECISIVE` of them (the first ones and the last ones: the first error and the
  final fatal line),
- the last :data:`TAIL_LINES` lines (how it ended),

and says in a note what it skipped. Each line is cleaned as a terminal would show it: ANSI
colour and cursor escapes removed, carriage-return overwrites ("Connecting....\\r") resolved to
what the screen showed last. Lines longer than :data:`MAX_LINE` characters are cut.

Pure: the caller opens the file or stream; this module only reads from what it is given.
"""

from __future__ import annotations

import re
from collections import deque

from .record import field, record

MAX_LINE = 2000  # characters kept of one line (a line of 5 MB without a newline is cut)
HEAD_LINES = 30
TAIL_LINES = 60
#: decisive lines kept, in two tiers so that ten thousand compiler warnings cannot push a tool's
#: fatal line out: (first, last) lines of each tier
STRONG_WINDOW = (40, 120)
WEAK_WINDOW = (20, 60)
MAX_DECISIVE = sum(STRONG_WINDOW) + sum(WEAK_WINDOW)
#: the kept text stays under the parser's window (textparse.MAX_CHARS = 64 KiB)
MAX_KEPT_CHARS = 60_000
_READ_CHUNK = 8192  # bytes per readline() call: bounds memory for a line without a newline

#: CSI (colours, cursor moves), OSC (window titles, hyperlinks) and two-byte escapes.
_ANSI = re.compile(r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]{0,64}[ -/]{0,8}[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Words that make a line decisive whatever the tool (lower case; found by substring, not regex,
#: so 5 MB are scanned in C at memory speed). Sources: the failure vocabulary of the tools the
#: domains know (esptool "A fatal error occurred", avrdude "not in sync"/"not responding",
#: OpenSSL "SSL routines", libpq "FATAL:", Python "Traceback", errno names from POSIX
#: <errno.h> and Windows winerror.h texts).
DECISIVE_WORDS = (
    "error", "fatal", "fail", "denied", "refused", "timed out", "timeout", "time out", "reset by",
    "abort", "exception", "traceback", "panic", "cannot", "can't", "could not", "couldn't",
    "unable", "invalid", "unexpected", "not in sync", "not respond", "no such", "busy", "errno",
    "eacces", "ebusy", "enoent", "etimedout", "econnrefused", "econnreset", "eperm", "eio",
    "alert", "verify", "certificate", "handshake", "not found", "unknown", "unsupported",
    "mismatch", "wrong", "bad ", "no response", "no answer", "giving up", "warning", "rejected",
    "sw1", "sw=", "status word", "apdu", "resp=", "response", "0x", "nack", "broken pipe",
    "permission", "access is denied", "not permitted", "i/o", "disconnect", "closed", "lost",
)
#: The strong tier: words that name a failure's cause or a code (a tool's mark counts too).
STRONG_WORDS = (
    "fatal", "traceback", "exception", "errno", "denied", "refused", "timed out", "not in sync",
    "not respond", "no such", "busy", "eacces", "ebusy", "enoent", "etimedout", "econnrefused",
    "econnreset", "reset by", "alert", "certificate", "handshake", "sw1", "sw=", "status word",
    "resp=", "nack", "not permitted", "access is denied", "giving up", "no response", "no answer",
)


@record
class TextEvidence:
    """What was kept of a log, and what was skipped (for the Diagnosis notes)."""

    text: str
    lines_read: int = 0
    chars_read: int = 0
    lines_kept: int = 0
    decisive_found: int = 0
    decisive_kept: int = 0
    lines_cut: int = 0  # lines longer than MAX_LINE, kept in part
    escapes_removed: int = 0
    notes: list[str] = field(default_factory=list)


def clean_line(line: str) -> tuple[str, int]:
    """A line as a terminal shows it: escapes removed, ``\\r`` overwrites applied, other control
    characters dropped (tabs kept). Returns the line and the number of escapes removed."""
    removed = 0
    if "\x1b" in line or "\x9b" in line:
        line, removed = _ANSI.subn("", line)
    line = line.rstrip("\r\n")
    if "\r" in line:
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part):]  # each part overwrites the line from column 0
        line = shown
    if "\b" in line:
        out: list[str] = []
        for ch in line:
            if ch == "\b":
                if out:
                    out.pop()
            else:
                out.append(ch)
        line = "".join(out)
    if _CONTROL.search(line):
        line = _CONTROL.sub("", line)
    return line, removed


class LineFilter:
    """The line-level pre-filter: does this line carry a failure (or a known tool's name)?

    ``markers`` are the lower-case literal marks of known tools' lines that the domains declare
    (``esptool``, ``avrdude:``, ``psql:``, ``ssl routines``; see :mod:`handshake_doctor.spotting`).
    """

    def __init__(self, markers: tuple[str, ...] = ()) -> None:
        self.strong = STRONG_WORDS + tuple(m for m in markers if m not in STRONG_WORDS)
        self.weak = tuple(w for w in DECISIVE_WORDS if w not in self.strong)

    def tier(self, line: str) -> int:
        """2: a known tool's line or a cause word; 1: a generic error word; 0: context."""
        low = line.lower()
        for w in self.strong:
            if w in low:
                return 2
        for w in self.weak:
            if w in low:
                return 1
        return 0

    def is_decisive(self, line: str) -> bool:
        return self.tier(line) > 0


class _Window:
    """The first ``first`` and the last ``last`` items offered: bounded, whatever the count."""

    def __init__(self, first: int, last: int) -> None:
        self.first_n = first
        self.firsts: list[tuple[int, str]] = []
        self.lasts: deque[tuple[int, str]] = deque(maxlen=last)
        self.seen = -1

    def add(self, item: tuple[int, str]) -> None:
        if item[0] <= self.seen:
            return  # the line after one decisive line may be the line before the next
        self.seen = item[0]
        if len(self.firsts) < self.first_n:
            self.firsts.append(item)
        else:
            self.lasts.append(item)

    def items(self) -> list[tuple[int, str]]:
        return self.firsts + list(self.lasts)

    def __len__(self) -> int:
        return len(self.firsts) + len(self.lasts)


class LogReader:
    """Feed lines (``feed``) or a whole stream (``read_stream``); ``result()`` gives the evidence.

    Memory is bounded by the head, tail and decisive windows, whatever the input's length."""

    def __init__(self, line_filter: LineFilter | None = None) -> None:
        self.filter = line_filter or LineFilter(_markers())
        self.head: list[tuple[int, str]] = []
        self.tail: deque[tuple[int, str]] = deque(maxlen=TAIL_LINES)
        self.windows = {2: _Window(*STRONG_WINDOW), 1: _Window(*WEAK_WINDOW)}
        self.prev: tuple[int, str] | None = None
        self.want_next = 0  # the tier of the decisive line just read (its next line is context)
        self.decisive_numbers: set[int] = set()  # bounded like the windows: only kept lines' numbers
        self.stats = TextEvidence("")

    @property
    def decisive_kept_items(self) -> int:
        return sum(len(w) for w in self.windows.values())

    def feed(self, raw: str, cut: bool = False) -> None:
        """One line of the log (its newline may be present or not)."""
        st = self.stats
        st.chars_read += len(raw)
        if len(raw) > MAX_LINE * 4:
            raw = raw[: MAX_LINE * 4]  # escapes may shrink it; cut before cleaning anyway
            cut = True
        line, removed = clean_line(raw)
        st.escapes_removed += removed
        if len(line) > MAX_LINE:
            line, cut = line[:MAX_LINE], True
        if cut:
            st.lines_cut += 1
        n = st.lines_read
        st.lines_read += 1
        item = (n, line)
        if len(self.head) < HEAD_LINES:
            self.head.append(item)
        self.tail.append(item)
        tier = self.filter.tier(line) if line.strip() else 0
        if tier:
            st.decisive_found += 1
            window = self.windows[tier]
            if self.prev is not None:
                window.add(self.prev)  # the line before: what was being done
            window.add(item)
            self.decisive_numbers.add(n)
            if len(self.decisive_numbers) > 4 * MAX_DECISIVE:
                kept = {m for w in self.windows.values() for m, _ in w.items()}
                self.decisive_numbers &= kept
            self.want_next = tier
        elif self.want_next:
            self.windows[self.want_next].add(item)  # the line after: often the reason or the hint
            self.want_next = 0
        self.prev = item

    def read_stream(self, stream) -> "LogReader":  # type: ignore[no-untyped-def]
        """Read a binary or text stream to its end, line by line, never more than
        :data:`_READ_CHUNK` at a time (a line without a newline is kept in part)."""
        readline = stream.readline
        long_head = ""  # the first chunk of a line longer than a chunk
        shown = ""  # for such a line: what follows its last \r (what a terminal shows), bounded
        extra = 0
        seen_cr = False
        while True:
            chunk = readline(_READ_CHUNK)
            if not chunk:
                break
            if isinstance(chunk, bytes):
                chunk = chunk.decode("utf-8", errors="replace")
            ends = chunk.endswith("\n")
            if long_head:
                extra += len(chunk)
                body = chunk.rstrip("\r\n") if ends else chunk
                if "\r" in body:
                    shown, seen_cr = body.rsplit("\r", 1)[1][:MAX_LINE], True
                elif seen_cr and len(shown) < MAX_LINE:
                    shown = (shown + body)[:MAX_LINE]
                if ends:
                    # a progress line overwritten with \r: the last overwrite is the line; else its head
                    self.feed(shown if shown.strip() else long_head, cut=True)
                    self.stats.chars_read += extra - len(shown if shown.strip() else long_head)
                    long_head, shown, extra, seen_cr = "", "", 0, False
                continue
            if not ends and len(chunk) >= _READ_CHUNK - 4:
                long_head = chunk  # fed when the line ends
                continue
            self.feed(chunk)
        if long_head:
            self.feed(shown if shown.strip() else long_head, cut=True)
        return self

    def feed_text(self, text: str) -> "LogReader":
        for line in text.splitlines():
            self.feed(line)
        return self

    def result(self) -> TextEvidence:
        st = self.stats
        kept: dict[int, str] = {}
        # strong decisive lines first: they are what the budget is for; then the weak ones, the
        # tail and the head
        budget = MAX_KEPT_CHARS
        for group in (self.windows[2].items(), self.windows[1].items(), list(self.tail), self.head):
            for n, line in group:
                if n in kept:
                    continue
                if budget - len(line) - 1 < 0:
                    break
                kept[n] = line
                budget -= len(line) + 1
        st.decisive_kept = sum(1 for n in self.decisive_numbers if n in kept)
        order = sorted(kept)
        st.text = "\n".join(kept[n] for n in order)
        st.lines_kept = len(order)
        skipped = st.lines_read - st.lines_kept
        if skipped > 0:
            st.notes.append(
                f"Read {st.lines_read} lines ({st.chars_read} characters); kept {st.lines_kept}: "
                f"the first and last lines and {st.decisive_kept} of {st.decisive_found} lines that carry "
                f"an error word, a code or a known tool's name (with the line around each); "
                f"{skipped} lines of context were skipped."
            )
        if st.lines_cut:
            st.notes.append(f"{st.lines_cut} line(s) longer than {MAX_LINE} characters were cut to their first {MAX_LINE}.")
        return st


def _markers() -> tuple[str, ...]:
    from .spotting import tool_markers

    return tool_markers()


def read_text(text: str) -> TextEvidence:
    """The evidence of a text already in memory (the API's ``explain(text)`` for long texts)."""
    return LogReader().feed_text(text).result()


def read_stream(stream) -> TextEvidence:  # type: ignore[no-untyped-def]
    """The evidence of a binary or text stream (stdin, an open file), read in bounded memory."""
    return LogReader().read_stream(stream).result()


def read_file(path: str) -> TextEvidence:
    with open(path, "rb") as fh:
        return read_stream(fh)
