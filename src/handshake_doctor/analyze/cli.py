"""``hsdoctor analyze FILE [FILE...]``: captures and logs a user already holds, judged.

Output (docs/JSON.md, "analyze"): ``--format jsonl`` streams one object per exchange as it is
judged (memory stays flat on any capture); ``--format json`` prints one document whose
``exchanges`` holds the same objects; text prints each exchange with a problem (the concise
view of the other verbs, headed by who talked to whom) and a summary line per file; html puts
the problem exchanges and their ladders on one page. Exit 1 when a problem was found, 2 when no
file could be read at all.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import replace
from typing import Any, BinaryIO, Iterator, TextIO

from ..errors import UsageError
from ..model import Diagnosis, Evidence, Finding
from .formats import HEAD, detect, reader_function
from .items import AnalyzeOptions, FileReport, Item
from .parallel import auto_jobs

FORMATS = ("text", "json", "jsonl", "html")
MAX_TEXT_LOG = 64 * 1024 * 1024  # a text log larger than this is read up to here, with a note


def _parser():  # type: ignore[no-untyped-def]
    from ..cli import PROG, _Parser
    from ..report.emit import add_output_arguments

    p = _Parser(prog=f"{PROG} analyze", description="Explain the failed handshakes in packet captures (pcap, pcapng), APDU logs "
                                                   "(pcscd, OpenSC, scriptor, hex) and serial traces (socat, jpnevulator, spy://, interceptty, esptool, avrdude). "
                                                   "The format is read from the content.")
    p.add_argument("files", nargs="+", metavar="FILE", help="a file, or - for stdin")
    add_output_arguments(p, FORMATS)
    p.add_argument("--keylog", metavar="FILE", default=None, help="TLS key log (SSLKEYLOGFILE / NSS format): TLS 1.3 and 1.2 handshakes are decrypted and judged on their messages and alerts")
    p.add_argument("--problems-only", action="store_true", help="json/jsonl: only the exchanges with a problem (text shows only those anyway)")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="worker processes judging a packet capture's connections (default 0: one per CPU, up to 8, for files over 8 MB; 1: none)")
    return p


def analyze_verb(rest: list[str]) -> int:
    from ..report.emit import OutputOptions

    args = _parser().parse_args(rest)
    out = OutputOptions.from_namespace(args, FORMATS)
    # the bar is drawn on stderr, so it shows whatever the format or -o: only a terminal decides
    progress = bool(getattr(sys.stderr, "isatty", lambda: False)())
    if args.jobs < 0:
        raise UsageError(f"--jobs {args.jobs}: give a number of worker processes, or 0 to choose by the file's size")
    opts = AnalyzeOptions(args.keylog, bool(args.problems_only), progress, out.format == "html", args.jobs, out.format == "jsonl")
    if args.keylog:
        try:
            open(args.keylog, "rb").close()
        except OSError as exc:
            raise UsageError(f"cannot read --keylog {args.keylog}: {exc.strerror or exc}") from None
    if args.files.count("-") > 1:
        raise UsageError("stdin (-) can be given only once")
    stream: TextIO
    close = None
    if out.output:
        try:
            stream = open(out.output, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise UsageError(f"cannot write {out.output}: {exc.strerror or exc}") from None
        close = stream
    else:
        stream = sys.stdout
    try:
        return _run(args.files, opts, out, stream)
    finally:
        if close:
            close.close()


def _open(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


class _Peek(io.RawIOBase):
    """A stream whose first bytes were read for detection: gives them back first."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = len(b)
        if self.head:
            part, self.head = self.head[:n], self.head[n:]
        else:
            part = self.rest.read(n)
        b[:len(part)] = part
        return len(part)


class _Progress(io.RawIOBase):
    """Counts what is read and redraws one status line on the terminal's stderr (files over
    PROGRESS_MIN bytes, text output on a terminal only)."""

    def __init__(self, fh: BinaryIO, size: int, name: str) -> None:
        self.fh, self.size, self.name, self.done, self.shown = fh, size, name, 0, -1

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self.fh.read(len(b))
        b[:len(data)] = data
        self.done += len(data)
        pct = int(100 * self.done / self.size) if self.size else 100
        if pct != self.shown:
            self.shown = pct
            sys.stderr.write(f"\r{self.name}: {pct:3d}% of {self.size / 1e6:.0f} MB" + ("\n" if not data or pct >= 100 else ""))
            sys.stderr.flush()
        return len(data)


PROGRESS_MIN = 8 << 20


def items_of(path: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    """The judged exchanges of one file (a generator: streamed)."""
    fh = _open(path)
    try:
        size = _regular_size(fh) if path != "-" else None
        if opts.jobs == 0:
            opts = replace(opts, jobs=auto_jobs(size))
        if opts.progress and size is not None:
            if size >= PROGRESS_MIN:
                fh = io.BufferedReader(_Progress(fh, size, path), 1 << 20)  # type: ignore[assignment]
        yield from items_of_stream(fh, path, opts, report)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _regular_size(fh: BinaryIO) -> int | None:
    import os
    import stat

    st = os.fstat(fh.fileno())
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def items_of_stream(fh: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    """The judged exchanges of an open binary stream; what was skipped goes to ``report.notes``."""
    head = fh.read(HEAD)
    if not head:
        report.notes.append("the file is empty (0 bytes)")
        return
    r = detect(head)
    if r is None:
        report.notes.append("not a format analyze reads (pcap, pcapng, pcscd/OpenSC/scriptor APDU logs, APDU hex, "
                            "socat/jpnevulator/spy/interceptty/esptool/avrdude traces): nothing judged")
        return
    report.reader = r.name
    yield from reader_function(r)(io.BufferedReader(_Peek(head, fh), 1 << 20), name, opts, report)


def _run(files: list[str], opts: AnalyzeOptions, out: Any, stream: TextIO) -> int:
    reports: list[FileReport] = []
    kept: list[Item] = []
    problem = False
    for path in files:
        rep = FileReport(path)
        reports.append(rep)
        for item in items_of(path, opts, rep):
            rep.exchanges += 1
            bad = item.problem_found
            if bad:
                rep.problems += 1
                problem = True
            if out.format == "jsonl":
                if bad or not opts.problems_only:
                    stream.write(item.json_line() + "\n")
            elif out.format == "text":
                if bad:
                    _text_item(item, out, stream)
            elif bad or not opts.problems_only:
                kept.append(item)
    readable = [r for r in reports if r.reader]
    if not readable:
        raise UsageError("; ".join(f"{r.name}: {r.notes[0] if r.notes else 'nothing to read'}" for r in reports))
    if out.format == "text":
        for r in reports:
            _text_summary(r, stream)
    elif out.format == "jsonl":
        for r in reports:
            if r.notes:
                stream.write(json.dumps({"file": r.name, "reader": r.reader, "notes": r.notes, "counters": r.counters}) + "\n")
    else:
        doc = _document(files, reports, kept, problem)
        if out.format == "json":
            d = doc.to_dict()
            d["exchanges"] = [i.to_dict() for i in kept]
            d["files"] = [{"file": r.name, "reader": r.reader, "exchanges": r.exchanges, "problems": r.problems, "notes": r.notes, "counters": r.counters} for r in reports]
            stream.write(json.dumps(d, indent=2) + "\n")
        else:
            from ..report.html import render_html

            stream.write(render_html(doc, stack=out.stack))
    return 1 if problem else 0


def _document(files: list[str], reports: list[FileReport], items: list[Item], problem: bool) -> Diagnosis:
    """The whole run as one Diagnosis: the top finding of each problem exchange, with its
    exchange as the evidence's place (the html page and the json document's head)."""
    findings: list[Finding] = []
    pictures = []
    for it in items:
        if it.diag is None or not it.diag.problem_found or not it.diag.findings:
            continue
        f = it.diag.findings[0]
        where = _who(it)
        findings.append(Finding(f.code, f.domain, f"{where}: {f.summary}", f.detail, f.severity, f.confidence,
                                [Evidence(e.kind, e.value, where, e.note) for e in f.evidence], f.fixes, f.sources, f.data, f.role, f.superseded_by))
        if len(pictures) < 8:
            pictures.extend(it.diag.pictures[:1])
    notes = [f"{r.name}: {r.reader or 'unread'}, {r.exchanges} exchange(s), {r.problems} with a problem" for r in reports]
    notes += [f"{r.name}: {n}" for r in reports for n in r.notes]
    d = Diagnosis("analyze", " ".join(files), findings=findings[:500], notes=notes, pictures=pictures)
    return d


def _who(it: Item) -> str:
    e = it.exchange
    if e.get("client"):
        return f"{e['client']} -> {e['server']}"
    return str(e.get("reader") or e.get("channel") or e.get("file"))


def _text_item(item: Item, out: Any, stream: TextIO) -> None:
    from ..report.terminal import render
    from ..report.emit import want_color

    e = item.exchange
    assert item.diag is not None  # only jsonl items come back as lines
    stream.write(f"--- {e.get('file')} #{e.get('index')}: {_who(item)}\n")
    render(item.diag, color=want_color(out, stream), stream=stream, verbose=out.verbose, stack=out.stack, width=out.width)


def _text_summary(r: FileReport, stream: TextIO) -> None:
    stream.write(f"{r.name}: {r.reader or 'not read'}: {r.exchanges} exchange(s), {r.problems} with a problem")
    if r.counters:
        stream.write(" (" + ", ".join(f"{k} {v}" for k, v in r.counters.items()) + ")")
    stream.write("\n")
    for n in r.notes:
        stream.write(f"  note: {n}\n")
