"""APDU logs to APDU sessions (Transcripts), judged by the smart-card domain's session judge.

Formats (each recognised from its lines, never the file name):

* pcscd ``--foreground --debug --apdu`` (pcsc-lite 1.9, debuglog.c): ``APDU: 00 A4 ...`` and
  ``SW: [data] 90 00`` lines, ``Active Protocol: T=0`` / ``Send Protocol: T=1`` before them,
  with or without ``--color`` escapes (stripped first).
* OpenSC debug log (``debug = 9`` / OPENSC_DEBUG, sc_apdu_log): ``Outgoing APDU (N bytes):`` and
  ``Incoming APDU (N bytes):`` followed by hex-dump lines.
* scriptor (pcsc-tools): ``> 00 A4 ...`` commands and ``< 90 00 : Normal processing.`` answers,
  ``Using T=0 protocol``.
* plain hex: a command line, its response line, and so on.

A log is read line by line up to MAX_BYTES (a larger file: the rest is skipped, with a note).
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from ..transcript import RX, TX, Transcript
from .items import AnalyzeOptions, FileReport, Item

MAX_BYTES = 64 * 1024 * 1024
MAX_APDU = 65544  # an extended APDU: 7 header bytes + 65535 data + 2 Le
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HEXLINE = re.compile(r"^\s*((?:[0-9A-Fa-f]{2}\s*)+)\s*$")
HEXPAIRS = re.compile(r"(?:^|\s)([0-9A-Fa-f]{2})(?=\s|$)")
CCID_FRAME = re.compile(r"^\d{8} (?:\[\d+\] )?(?:->|<-) [0-9A-Fa-f]{6} ", re.M)  # the CCID driver's bulk frames
CCID_SOURCES = ("ifdhandler.c:", "ccid_usb.c:", "commands.c:", "ccid.c:")  # the CCID driver's own lines
MAX_DRIVER_LINES = 4000
PCSCD_LINE = re.compile(r"^\d{8} (?:\[\d+\] )?(?:\S+\.c:\d+:\w+\(\) )?")  # --color adds the thread id


def _text(head: bytes) -> str:
    return ANSI.sub("", head[:65536].decode("utf-8", "replace"))


def detect_pcscd(head: bytes) -> float:
    t = _text(head)
    if re.search(r"^\d{8} (?:\[\d+\] )?APDU: [0-9A-F]{2}", t, re.M) and ("SW: " in t or "pcscdaemon" in t):
        return 1.0
    lines = re.search(r"^\d{8} (?:\[\d+\] )?\S+\.c:\d+:\w+\(\)", t, re.M)
    driver = "ifdhandler.c:" in t or "ccid_usb.c:" in t or CCID_FRAME.search(t) is not None
    return 0.6 if lines and ("pcscd" in t.lower() or driver) else 0.0


def detect_opensc(head: bytes) -> float:
    t = _text(head)
    return 1.0 if "Outgoing APDU" in t and ("Incoming APDU" in t or "sc_" in t) else 0.0


def detect_scriptor(head: bytes) -> float:
    t = _text(head)
    cmds = len(re.findall(r"^> (?:[0-9A-Fa-f]{2} ?)+\s*$", t, re.M))
    resp = len(re.findall(r"^< (?:[0-9A-Fa-f]{2} ?)+", t, re.M))
    return 0.9 if cmds and resp else 0.0


def detect_hex(head: bytes) -> float:
    lines = [ln for ln in _text(head).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if len(lines) < 2 or not all(HEXLINE.match(ln) for ln in lines[:200]):
        return 0.0
    first = bytes.fromhex("".join(lines[0].split()))
    return 0.3 if len(first) >= 4 else 0.0


def _lines(stream: BinaryIO, report: FileReport) -> Iterator[str]:
    total = 0
    for raw in stream:  # type: ignore[attr-defined]
        total += len(raw)
        if total > MAX_BYTES:
            report.notes.append(f"the log is longer than {MAX_BYTES >> 20} MiB: the rest was skipped")
            return
        yield ANSI.sub("", raw[:8192].decode("utf-8", "replace")).rstrip("\r\n")


def _hex(s: str) -> bytes:
    return bytes(int(x, 16) for x in HEXPAIRS.findall(s))[:MAX_APDU]


class _Sessions:
    """Collects exchanges per session and yields judged Items."""

    def __init__(self, name: str, report: FileReport, reader: str) -> None:
        self.name, self.report, self.reader = name, report, reader
        self.tr: Transcript | None = None
        self.t = 0.0
        self.count = 0
        self.label = reader

    def new(self, label: str = "") -> Item | None:
        item = self.flush()
        self.label = label or self.reader
        return item

    def add(self, direction: str, data: bytes, protocol: str) -> None:
        if self.tr is None:
            self.tr = Transcript("log", self.name, "host", self.label)
        self.t += 1.0
        if len(self.tr.exchanges) < 20000:
            self.tr.add(direction, data, t=self.t, kind="apdu", settings={"protocol": protocol} if protocol else {})

    def flush(self) -> Item | None:
        tr, self.tr = self.tr, None
        if tr is None or not tr.exchanges:
            return None
        from ..domains.smartcard.session import judge

        self.count += 1
        from ..checklist import Run
        from ..model import DomainScore

        run = Run(self.name, 0.0, verb="analyze", source="log")
        run.transcript = tr
        for f in judge(tr):
            run.add(f)
        n = sum(1 for e in tr.exchanges if e.direction == TX)
        run.record_step("apdu session", "ran", f"{n} command(s) read by the {self.reader} reader")
        diag = run.finish([DomainScore("smartcard", 1.0, "APDU session", [f"a {self.reader} log"])], input=self.name, target=tr.peer)
        diag.elapsed_ms = None
        protos = sorted({str(e.settings.get("protocol")) for e in tr.exchanges if e.settings.get("protocol")})
        return Item({"file": self.name, "index": self.count, "reader": self.report.reader, "channel": tr.peer, "protocol": ",".join(protos),
                     "commands": n}, diag)


def read_pcscd(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    s = _Sessions(name, report, "pcscd")
    proto = ""
    readers: list[str] = []
    driver: list[str] = []  # the CCID driver's frames and lines, bounded
    for line in _lines(stream, report):
        body = PCSCD_LINE.sub("", line, count=1)
        m = re.search(r"(?:Active|Send) Protocol: (T=\d)", body)
        if m:
            proto = m.group(1)
            continue
        m = re.search(r"Attempting startup of (.+?) using", body)
        if m and len(readers) < 64:
            readers.append(m.group(1))
            continue
        if "SCardConnect()" in body and "hCard Identity" in body:
            item = s.new(readers[0] if len(readers) == 1 else "pcscd")
            if item:
                yield item
            continue
        if body.startswith("APDU: "):
            s.add(TX, _hex(body[6:]), proto)
        elif body.startswith("SW: "):
            s.add(RX, _hex(body[4:]), proto)
        elif len(driver) < MAX_DRIVER_LINES and (body.startswith(("-> ", "<- ")) or any(src in line for src in CCID_SOURCES)):
            driver.append(body[:300])
    if len(readers) == 1:
        s.label = readers[0]
        if s.tr is not None:
            s.tr.peer = readers[0]
    item = s.flush()
    if item:
        yield item
    item = _ccid_item(name, report, driver, readers[0] if len(readers) == 1 else "pcscd", s.count + 1)
    if item:
        yield item


def _ccid_item(name: str, report: FileReport, lines: list[str], reader: str, index: int) -> Item | None:
    """The reader layer of a pcscd log (the CCID driver's frames and lines), judged by the smart-card
    domain's CCID judge; None when that layer shows no failure."""
    if not lines:
        return None
    from ..checklist import Run
    from ..domains.smartcard.ccid import judge_log
    from ..model import DomainScore

    findings = judge_log("\n".join(lines))
    if not findings:
        return None
    run = Run(name, 0.0, verb="analyze", source="log")
    for f in findings:
        run.add(f)
    sent = sum(1 for ln in lines if ln.startswith("-> "))
    run.record_step("ccid layer", "ran", f"{len(lines)} CCID driver line(s), {sent} command frame(s) to the reader")
    diag = run.finish([DomainScore("smartcard", 1.0, "CCID reader layer", ["the CCID driver's lines in a pcscd log"])], input=name, target=reader)
    diag.elapsed_ms = None
    return Item({"file": name, "index": index, "reader": report.reader, "channel": reader, "protocol": "CCID", "commands": sent}, diag)


def read_opensc(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    s = _Sessions(name, report, "opensc")
    want: tuple[str, int] | None = None
    buf = b""
    proto = ""
    for line in _lines(stream, report):
        m = re.search(r"(Outgoing|Incoming) APDU \((\d+) bytes\)", line)
        if m:
            if want and buf:
                s.add(TX if want[0] == "Outgoing" else RX, buf, proto)
            want, buf = (m.group(1), min(int(m.group(2)), MAX_APDU)), b""
            continue
        m = re.search(r"protocol[ =:]+T=?(\d)", line, re.I)
        if m:
            proto = f"T={m.group(1)}"
        if want is not None:
            hexpart = re.match(r"^\s*((?:[0-9A-Fa-f]{2} )+)", line + " ")
            if hexpart and hexpart.group(1).strip():
                buf += _hex(hexpart.group(1))
                if len(buf) >= want[1]:
                    s.add(TX if want[0] == "Outgoing" else RX, buf[:want[1]], proto)
                    want, buf = None, b""
            else:
                if buf:
                    s.add(TX if want[0] == "Outgoing" else RX, buf, proto)
                want, buf = None, b""
    item = s.flush()
    if item:
        yield item


def read_scriptor(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    s = _Sessions(name, report, "scriptor")
    proto = ""
    for line in _lines(stream, report):
        m = re.match(r"Using T=(\d) protocol", line)
        if m:
            proto = f"T={m.group(1)}"
        m = re.match(r"Using given card reader: (.+)", line)
        if m:
            s.reader = s.label = m.group(1).strip()
        if line.startswith("> "):
            s.add(TX, _hex(line[2:]), proto)
        elif line.startswith("< "):
            s.add(RX, _hex(line[2:].split(":", 1)[0]), proto)
    item = s.flush()
    if item:
        yield item


def read_hex(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    s = _Sessions(name, report, "apdu-hex")
    d = TX
    bad = 0
    for line in _lines(stream, report):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not HEXLINE.match(line):
            bad += 1
            continue
        s.add(d, _hex(line), "")
        d = RX if d == TX else TX
    if bad:
        report.notes.append(f"{bad} line(s) that are not hex were skipped")
    item = s.flush()
    if item:
        yield item
