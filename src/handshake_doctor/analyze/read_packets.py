"""pcap / pcapng files to judged TCP connections (the packet rows of the reader table)."""

from __future__ import annotations

import os
from typing import Any, BinaryIO, Callable, Iterator

from .conversation import to_transcript
from .flows import Conn, Tracker
from .items import AnalyzeOptions, FileReport, Item
from .packets import LINK_NAMES, SUPPORTED
from .parallel import BLOCK, Shares, owner
from .pcapfile import FrameSource, is_pcap, is_pcapng

BATCH = 2048


def detect_pcap(head: bytes) -> float:
    return 1.0 if is_pcap(head) else 0.0


def detect_pcapng(head: bytes) -> float:
    return 1.0 if is_pcapng(head) else 0.0


def _worth_judging(c: Conn) -> bool:
    """A connection with no SYN and no byte (a stray ACK after the end) has nothing to judge."""
    return bool(c.a.syn or c.b.syn or c.a.synack or c.b.synack or c.a.bytes or c.b.bytes)


def _quiet_and_open(c: Conn) -> bool:
    """A connection that opened (SYN-ACK seen) and closed without a byte or a reset (a health
    check, a port probe): nothing in it can be a problem, so --problems-only skips judging it."""
    a, b = c.a, c.b
    return not (a.bytes or b.bytes) and bool(a.synack or b.synack) and a.rst is None and b.rst is None and a.syn <= 1 and b.syn <= 1 \
        and a.fin is not None and b.fin is not None


def _judge_conn(c: Conn, meta: dict[str, Any], name: str, reader: str, pictures: bool) -> Item:
    from .judge_tcp import judge

    tr = to_transcript(c, f"{name}#{c.index}")
    tr.meta["t0_epoch"] = c.t0
    tr.meta.update(meta)
    diag = judge(tr, pictures=pictures)
    item = Item({"file": name, "index": c.index, "reader": reader, "transport": "tcp", "client": tr.local, "server": tr.peer,
                 "t0": round(c.t0, 6), "t1": round(c.t1, 6)}, diag)
    if "tls" in tr.meta:
        item.exchange["tls"] = tr.meta["tls"]
    return item


def read(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[Item]:
    """The judged connections of a capture, in the order they finished; with ``opts.jobs`` > 1
    (a regular file), shared with worker processes (parallel.py) and still in that order."""
    n = opts.jobs
    if n <= 1 or not os.path.isfile(name):
        for c, meta in _judged(stream, name, opts, report):
            yield _judge_conn(c, meta, name, report.reader, opts.pictures)
        return
    reader = report.reader

    def work(share: int, send: Callable[[list[Item]], None]) -> None:
        block, items = -1, []
        with open(name, "rb") as fh:
            for o, (c, meta) in enumerate(_judged(fh, name, opts, FileReport(name, reader))):
                if owner(o, n) != share:
                    continue
                if o // BLOCK != block and items:
                    send(items)
                    items = []
                block = o // BLOCK
                item = _judge_conn(c, meta, name, reader, opts.pictures)
                items.append(item.as_line() if opts.jsonl else item)
        if items:
            send(items)

    shares = Shares(n, work)
    try:
        for o, (c, meta) in enumerate(_judged(stream, name, opts, report)):
            w = owner(o, n)
            if w == 0:
                yield _judge_conn(c, meta, name, reader, opts.pictures)
            elif o % BLOCK == 0:
                yield from shares.block(w)
    finally:
        shares.close()


def _judged(stream: BinaryIO, name: str, opts: AnalyzeOptions, report: FileReport) -> Iterator[tuple[Conn, dict[str, Any]]]:
    """Every connection worth judging, with what the judge needs besides it (the TLS secrets of
    its ClientHello), in the order they finished. Deterministic: every process that reads the
    file gets the same sequence (parallel.py relies on it)."""
    src = FrameSource(stream, name)
    done: list[Conn] = []
    tracker = Tracker(done.append)
    linktypes: dict[int, int] = {}

    def frames() -> Iterator[tuple[float, int, bytes, int]]:
        for f in src:
            lt = f[1]
            if lt not in SUPPORTED:
                linktypes[lt] = linktypes.get(lt, 0) + 1
                continue
            yield f

    secrets = _load_keylog(opts.keylog, report)
    dsb_seen = 0
    it = frames()
    while True:
        batch = []
        for f in it:
            batch.append(f)
            if len(batch) >= BATCH:
                break
        if batch:
            tracker.feed_frames(batch)
        else:
            tracker.close()
        todo: list[tuple[Conn, dict[str, Any]]] = []
        for c in done:
            if not _worth_judging(c):
                continue
            if opts.problems_only and _quiet_and_open(c):
                report.counters["no_data"] = report.counters.get("no_data", 0) + 1
                continue
            meta: dict[str, Any] = {}
            if len(src.keylog) > dsb_seen:  # secrets embedded in the pcapng (Decryption Secrets Block)
                from ..domains.tls.decrypt import parse_keylog

                for cr, v in parse_keylog(src.keylog[dsb_seen:]).items():
                    secrets.setdefault(cr, {}).update(v)
                dsb_seen = len(src.keylog)
            if secrets or opts.keylog:
                cr = _client_random(c)
                if cr in secrets:
                    meta["tls_secrets"] = {k: v.hex() for k, v in secrets[cr].items()}
                elif cr is not None:  # the TLS judge says so on this connection
                    meta["tls_keylog_miss"] = True
            todo.append((c, meta))
        done.clear()
        yield from todo
        if not batch:
            break
    report.notes.extend(src.problems)
    for lt, n in linktypes.items():
        report.notes.append(f"{n} frame(s) with link type {lt} skipped (supported: {', '.join(sorted(set(LINK_NAMES.values())))})")
    if src.truncated_frames:
        report.notes.append(f"{src.truncated_frames} frame(s) were cut by the snap length (captured shorter than sent): their missing bytes were not judged")
    if tracker.evicted_early:
        report.notes.append(f"{tracker.evicted_early} connection(s) judged early: more than {tracker.max_conns} were open at once")
    report.counters.update(frames=src.frames, tcp_packets=tracker.tcp_packets, connections=tracker.count)
    if src.keylog:
        report.notes.append(f"the file holds {len(src.keylog)} TLS key log line(s) (Decryption Secrets Block): used to decrypt TLS 1.3 and 1.2")


def _load_keylog(path: str | None, report: FileReport) -> dict[bytes, dict[str, bytes]]:
    if not path:
        return {}
    from ..domains.tls.decrypt import parse_keylog

    with open(path, "rb") as fh:
        lines = fh.read(64 << 20).splitlines()
    got = parse_keylog(lines)
    if not got:
        report.notes.append(f"--keylog {path}: no key log lines (LABEL CLIENT_RANDOM SECRET) in it")
    return got


def _client_random(c: Conn) -> bytes | None:
    """The random of the first ClientHello either side sent (after an SSLRequest or STARTTLS too)."""
    for side in (c.a, c.b):
        d = bytes(side.data[:4096])
        i = d.find(b"\x16\x03")
        while 0 <= i < len(d) - 43:
            if d[i + 5] == 1:
                return d[i + 11:i + 43]
            i = d.find(b"\x16\x03", i + 1)
    return None
