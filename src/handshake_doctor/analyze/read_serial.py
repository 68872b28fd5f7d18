"""Serial byte traces to a Transcript (TX host -> device, RX device -> host), then judged.

Formats, as the tools print them (observed with socat 1.7.4, esptool 5.6, avrdude 7.1 and
pyserial 3.5's protocol_spy.py):

* ``socat -x -v``: ``> 2026/12/03 13:26:40.000718985  length=2 from=0 to=1`` then hex-dump lines
  (`` 30 20   0 ``) and ``--``; ``>`` is the first address to the second (the host's side is
  taken as the first address: ``socat -x -v PTY,link=... /dev/ttyUSB0``).
* jpnevulator ``--timing-print`` (2.3.6): ``2026-12-03 13:54:22.897119:`` headers, then hex lines
  (``--ascii`` adds a text column); with two ``--tty`` the header names the tty and the first one
  named is the host's side, with one every byte was read from the device.
* pyserial ``spy://`` (FormatHexdump): ``000000.001 TX   0000  30 20 ...`` / ``RX`` lines.
* interceptty: one byte per line, ``< 0x30`` (written to the device) / ``> 0x14`` (read from it).
* ``esptool --trace``: ``TRACE +0.001   Write 46 bytes:`` / ``Read 1 bytes:`` with the bytes inline
  or on the hex-dump lines that follow.
* ``avrdude -v -v -v -v``: ``avrdude: send: 0 [30]   [20]`` / ``recv: . [14]`` (each byte in brackets).

The tool's own message lines (esptool's "A fatal error occurred: ...", avrdude's "not in sync")
are kept in ``meta["messages"]`` for the judge: they are what the user saw.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from ..transcript import RX, TX, Transcript
from .items import AnalyzeOptions, FileReport, Item
from .read_apdu import _lines

MAX_EXCHANGES = 20000
MAX_BYTES = 1 << 20  # bytes kept per direction: more than any handshake needs
HEX = re.compile(r"\b([0-9a-fA-F]{2})\b")

SOCAT_HEAD = re.compile(r"^([<>]) (\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\s+length=(\d+)")
JPN_HEAD = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?):(?: (\S+))?\s*$")
SPY = re.compile(r"^\s*(\d+\.\d{3}) (TX|RX)\s+[0-9A-F]{4}  ((?:[0-9A-F]{2} )+)")
INTERCEPTTY = re.compile(r"^([<>])\s+0x([0-9a-fA-F]{2})\b")
ESP = re.compile(r"TRACE \+(\d+\.\d+)\s+(Write|Read) (\d+) bytes:\s*([0-9a-fA-F ]*)")
ESP_CONT = re.compile(r"^\s{4}([0-9a-f]{2,16}(?: [0-9a-f]{2,16})*)\s+\|")
AVR = re.compile(r"avrdude(?:: | \w+\(\) \[[^\]]*\] )?(send|recv|Send|Recv): (.*)")
AVR_BYTE = re.compile(r"\[([0-9a-fA-F]{2})\]")


def _packed_hex(text: str) -> bytes:
    """Hex digits written in groups ("c0000824 00000000"): an odd last digit is dropped."""
    digits = re.sub(r"[^0-9a-fA-F]", "", text)
    return bytes.fromhex(digits[: len(digits) // 2 * 2])


def detect_socat(head: bytes) -> float:
    t = head[:65536].decode("utf-8", "replace")
    return 1.0 if re.search(SOCAT_HEAD.pattern, t, re.M) else 0.0


def detect_jpnevulator(head: bytes) -> float:
    t = head[:65536].decode("utf-8", "replace")
    return 0.9 if re.search(JPN_HEAD.pattern, t, re.M) and re.search(r"^[0-9A-F]{2}(?: [0-9A-F]{2})*\b", t, re.M) else 0.0


def detect_spy(head: bytes) -> float:
    t = head[:65536].decode("utf-8", "replace")
    return 1.0 if re.search(SPY.pattern, t, re.M) else 0.0


def detect_interceptty(head: bytes) -> float:
    t = head[:65536].decode("utf-8", "replace")
    return 0.8 if len(re.findall(INTERCEPTTY.pattern, t, re.M)) >= 2 else 0.0


def detect_esptool(head: bytes) -> float:
    t = head[:65536].decode("utf-8", "replace")
    return 1.0 if "TRACE +" in t and re.search(r"(Write|Read) \d+ bytes:", t) else 0.0


def detect_avrdude(head: bytes) -> float:
    t = head[:65536].decode("utf-8", "replace")
    return 1.0 if "avrdude" in t and re.search(r"(send|recv|Send|Recv): .*\[[0-9a-f]{2}\]", t) else 0.0


class _Trace:
    def __init__(self, name: str, report: FileReport) -> None:
        self.tr = Transcript("log", name, "host", "device")
        self.report = report
        self.sizes = {TX: 0, RX: 0}
        self.messages: list[str] = []

    def add(self, d: str, data: bytes, t: float) -> None:
        if not data or len(self.tr.exchanges) >= MAX_EXCHANGES or self.sizes[d] >= MAX_BYTES:
            return
        ex = self.tr.exchanges
        if ex and ex[-1].direction == d and ex[-1].kind == "raw" and abs(ex[-1].t - t) < 0.002:
            last = ex.pop()
            data = last.data + data
            t = last.t
        self.sizes[d] += len(data)
        self.tr.add(d, data, t=t)

    def item(self, channel: str) -> Iterator[Item]:
        if not self.tr.exchanges and not self.messages:
            return
        from .judge_serial import judge

        self.tr.meta["messages"] = self.messages[:50]
        self.tr.peer = channel or "device"
        diag = judge(self.tr, self.report.reader)
        yield Item({"file": self.tr.origin, "index": 1, "reader": self.report.reader, "channel": self.tr.peer,
                    "t0": self.tr.exchanges[0].t if self.tr.exchanges else 0.0, "t1": self.tr.exchanges[-1].t if self.tr.exchanges else 0.0}, diag)


def _clock(stamp: str) -> float:
    hms = stamp.split(" ")[-1]
    h, m, s = hms.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def read_socat(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    tr = _Trace(name, report)
    d, t0, t = None, None, 0.0
    for line in _lines(stream, report):
        m = SOCAT_HEAD.match(line)
        if m:
            d = TX if m.group(1) == ">" else RX
            c = _clock(m.group(2))
            t0 = c if t0 is None else t0
            t = c - t0
            continue
        if line.startswith("--"):
            d = None
            continue
        if d is not None:
            hexpart = line[:49]
            tr.add(d, bytes(int(x, 16) for x in HEX.findall(hexpart)), t)
    yield from tr.item("socat")


def read_jpnevulator(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    tr = _Trace(name, report)
    first_dev: str | None = None
    d, t0, t = TX, None, 0.0
    for line in _lines(stream, report):
        m = JPN_HEAD.match(line)
        if m:
            # with one --tty, jpnevulator names no device: all it shows was read from the device
            dev = m.group(2) or ""
            first_dev = first_dev if first_dev is not None else dev
            d = TX if dev and dev == first_dev else RX
            c = _clock(m.group(1))
            t0 = c if t0 is None else t0
            t = c - t0
            continue
        tr.add(d, bytes(int(x, 16) for x in HEX.findall(line[:48])), t)
    yield from tr.item(first_dev or "jpnevulator")


def read_spy(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    tr = _Trace(name, report)
    for line in _lines(stream, report):
        m = SPY.match(line)
        if m:
            tr.add(TX if m.group(2) == "TX" else RX, bytes.fromhex(m.group(3)), float(m.group(1)))
    yield from tr.item("spy://")


def read_interceptty(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    tr = _Trace(name, report)
    n = 0
    for line in _lines(stream, report):
        m = INTERCEPTTY.match(line)
        if m:
            n += 1
            tr.add(TX if m.group(1) == "<" else RX, bytes([int(m.group(2), 16)]), n * 0.001)
    yield from tr.item("interceptty")


def read_esptool(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    tr = _Trace(name, report)
    t = 0.0
    cur: tuple[str, int, bytearray] | None = None

    def flush() -> None:
        nonlocal cur
        if cur is not None:
            tr.add(cur[0], bytes(cur[2][:cur[1]]), t)
            cur = None

    for line in _lines(stream, report):
        m = ESP.search(line)
        if m:
            flush()
            t += float(m.group(1))
            cur = (TX if m.group(2) == "Write" else RX, int(m.group(3)), bytearray(_packed_hex(m.group(4))))
            if len(cur[2]) >= cur[1]:
                flush()
            continue
        c = ESP_CONT.match(line)
        if c and cur is not None:
            cur[2].extend(_packed_hex(c.group(1)))
            if len(cur[2]) >= cur[1]:
                flush()
            continue
        if "TRACE" in line:
            m2 = re.search(r"TRACE \+(\d+\.\d+)", line)
            if m2:
                t += float(m2.group(1))
            flush()
            continue
        flush()
        s = line.strip()
        if s and (re.search(r"error|fail|timed out|wrong|invalid|not in download|No serial data", s, re.I)):
            tr.messages.append(s[:300])
    flush()
    yield from tr.item("esptool")


AVR_BAUD = re.compile(r"^\s*(?:Overriding Baud Rate|Baud ?rate)\s*:\s*(\d+)", re.I)
AVR_PORT = re.compile(r"^\s*Using Port\s*:\s*(\S+)")
AVR_NO_ANSWER = re.compile(r"(?:ser_recv|stk500_recv)\(\)(?: \[[^\]]*\])?:? .*not responding|programmer is not responding")


def _stk500_label(data: bytes) -> str:
    """The STK500v1 command a host write carries, named as the AVR judge's requests are."""
    from ..domains.bootloaders.avr import protocol as stk

    row = stk.COMMANDS.get(data[0]) if data else None
    return f"STK500 {row[0]}" if row else "STK500 ?"


def read_avrdude(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    """avrdude -v -v -v -v: each ``send:`` line is one ser_send() call (the whole command), each
    ``recv:`` line one ser_recv() call; the recv lines until the next send are that command's
    answer, and a "programmer is not responding" line ends it with nothing (avrdude 7.1
    src/ser_posix.c ser_send/ser_recv at verbose > 3, src/stk500.c stk500_getsync). What
    stk500_drain() reads is never printed: the two sends before the first sync try show no answer
    and are kept unlabelled. The exchange is rebuilt as the probe records one (a labelled attempt
    of device ``avr`` at avrdude's -b rate), so the AVR handshake judge reads it."""
    tr = _Trace(name, report)
    baud, port, n = 0, "", 0
    rows: list[list[object]] = []  # [sent, got | None (nothing shown), t]
    for line in _lines(stream, report):
        m = AVR.search(line)
        if m:
            n += 1
            data = bytes(int(x, 16) for x in AVR_BYTE.findall(m.group(2)))
            if m.group(1).lower() == "send":
                if len(rows) < MAX_EXCHANGES:
                    rows.append([data, None, n * 0.001])
            else:
                if not rows:  # bytes read before any write (a trace cut at its start)
                    rows.append([b"", None, n * 0.001])
                got = rows[-1][1]
                rows[-1][1] = ((got or b"") + data)[:MAX_BYTES]  # type: ignore[operator]
            continue
        b = AVR_BAUD.match(line)
        if b:
            baud = int(b.group(1))
        p = AVR_PORT.match(line)
        if p:
            port = p.group(1)
        if AVR_NO_ANSWER.search(line) and rows and rows[-1][1] is None:
            rows[-1][1] = b""
        s = line.strip()
        if "avrdude" in s and re.search(r"not in sync|not responding|error|failed|mismatch|timeout", s, re.I) and "ioctl" not in s:
            tr.messages.append(s[:300])
    settings = {"baud": baud, "framing": "8N1"}
    for sent, got, t in rows:
        shown = got is not None
        meta = {"attempt": 1, "device": "avr"} if shown else {}
        if sent:
            tr.tr.add(TX, sent, t=t, label=_stk500_label(sent) if shown else "", settings=settings, **meta)  # type: ignore[arg-type]
        if shown:
            tr.tr.add(RX, got, t=float(t) + 0.0005, label=_stk500_label(sent), settings=settings, **meta)  # type: ignore[arg-type]
    # the host tool is known: its device is the expected one (as --expect avr for the probe)
    tr.tr.meta.update({"labelled": True, "expect": "avr", "where": port or "avrdude's port"})
    yield from tr.item(port or "avrdude")
