"""The Tracker's fast paths give what the plain path gives: bare-ACK-only 4-tuples are held as
stray entries, not connections (flows._Stray), and become the connection when more than an
ACK comes. Compared on the judged documents and on every counter, for built captures (port
reuse after a judged flow, trailing ACKs, a capture that starts mid-flow with bulk data before
a new handshake, reordered and duplicated segments, a full table) and for the lab's real
capture (tcpdump in a namespace) doubled onto the same ports with every frame duplicated."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handshake_doctor.analyze import flows
from handshake_doctor.analyze.conversation import to_transcript
from handshake_doctor.analyze.judge_tcp import judge
from handshake_doctor.analyze.pcapfile import FrameSource
from handshake_doctor.analyze.read_packets import _worth_judging
from handshake_doctor.domains.tls import codec

from .frames import ACK, FIN, PSH, RST, Conv, pcap
from .test_capture_lab import lab_capture  # noqa: F401  (the module's real capture, made again here)

HELLO = codec.build_client_hello("shop.example.test", versions=(0x0303,), random=b"\x02" * 32)
HANDSHAKE_FAILURE = b"\x15\x03\x03\x00\x02\x02\x28"
HTTP_REPLY = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"


def _conn_facts(c: flows.Conn) -> dict[str, Any]:
    side = lambda s: {k: (bytes(v) if isinstance(v, bytearray) else v) for k in flows.Side.__slots__ for v in (getattr(s, k),)}  # noqa: E731
    return {"index": c.index, "t0": c.t0, "t1": c.t1, "chunks": c.chunks, "done": c.done, "full": c.full, "a": side(c.a), "b": side(c.b)}


def run(data: bytes, **kw: Any) -> tuple[list[dict[str, Any]], list[str], dict[str, int]]:
    """(every judged connection's facts, its judged document as JSON, the counters)."""
    out: list[flows.Conn] = []
    tr = flows.Tracker(out.append, **kw)
    src = FrameSource(io.BytesIO(data))
    frames = list(src)
    for i in range(0, len(frames), 7):  # batches, as the reader feeds them
        tr.feed_frames(frames[i:i + 7])
    tr.close()
    judged = [c for c in out if _worth_judging(c)]
    docs = [json.dumps(judge(to_transcript(c, f"t#{c.index}"), pictures=True).to_dict(), sort_keys=True) for c in judged]
    return [_conn_facts(c) for c in judged], docs, {"count": tr.count, "tcp_packets": tr.tcp_packets, "packets": tr.packets, "evicted": tr.evicted_early}


def assert_same(data: bytes, **kw: Any) -> list[str]:
    fast = run(data, **kw)
    plain = run(data, strays=False, **kw)
    assert fast[2] == plain[2]
    assert fast[0] == plain[0]
    assert fast[1] == plain[1]
    return fast[1]


def refused(c: Conv, trailing: int = 2) -> Conv:
    c.open()
    c.send(True, PSH, HELLO)
    c.send(False, PSH, HANDSHAKE_FAILURE)
    c.send(False, FIN)
    c.send(True, FIN)
    for _ in range(trailing):
        c.send(False, ACK)  # the last ACKs: after both FINs the connection is judged and gone
    return c


def codes(docs: list[str]) -> list[str | None]:
    return [(json.loads(d)["findings"] or [{}])[0].get("code") for d in docs]


def test_a_judged_flow_then_its_port_reused() -> None:
    first = refused(Conv())
    second = Conv()
    second.t = first.t + 2.0
    second.cseq, second.sseq = 90_000, 70_000
    second.open()
    second.send(True, PSH, HELLO)
    second.send(False, PSH, HTTP_REPLY)
    second.send(False, FIN)
    second.send(True, FIN)
    docs = assert_same(pcap(first.frames + second.frames))
    alone = assert_same(pcap(second.frames))
    assert len(docs) == 2
    assert codes(docs) == ["tls.handshake_failed", codes(alone)[0]]
    assert codes(alone)[0] == "tls.plaintext_http"


def test_bulk_data_before_a_handshake_on_the_same_ports() -> None:
    """The capture starts mid-flow (ACKs, then bulk application data), the flow ends, and a new
    connection on the same ports has a refused handshake."""
    mid = Conv()
    mid.cseq, mid.sseq = 5_000_000, 9_000_000
    for _ in range(3):
        mid.send(True, ACK)
    for _ in range(60):
        mid.send(False, PSH, b"\x17\x03\x03\x05\xdc" + b"\x00" * 1500)
        mid.send(True, ACK)
    mid.send(False, RST)
    new = refused(Conv())
    new.t = mid.t + 1.0
    docs = assert_same(pcap(mid.frames + new.frames))
    assert codes(docs)[-1] == "tls.handshake_failed"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(1, 4), st.integers(0, 5), st.booleans(), st.integers(2, 12))
def test_fast_and_plain_agree_under_reordering_duplicates_and_reuse(rnd, conns: int, trailing: int, dup: bool, max_conns: int) -> None:  # type: ignore[no-untyped-def]
    frames: list[tuple[float, bytes]] = []
    t = 1_700_000_000.0
    for i in range(conns):
        c = Conv(cport=40000 + rnd.randint(0, 1))  # two client ports: reuse is likely
        c.t = t
        c.cseq, c.sseq = rnd.randint(0, 2**32 - 1), rnd.randint(0, 2**32 - 1)
        if rnd.random() < 0.3:
            c.send(True, ACK)  # a stray before the SYN
        refused(c, trailing)
        if rnd.random() < 0.3:
            c.frames.append((c.t + 0.01, c.frames[-1][1]))  # a repeated last ACK
        frames += c.frames
        t = c.t + rnd.choice((0.5, 400.0))  # within or beyond the idle limit
    frames.sort(key=lambda f: f[0])
    body = list(frames)
    if dup:
        body += rnd.sample(body, min(4, len(body)))
    # local reordering: swap neighbours, time stamps go with the frames (as a capture shows them)
    for _ in range(len(body) // 3):
        j = rnd.randrange(len(body) - 1)
        body[j], body[j + 1] = body[j + 1], body[j]
    assert_same(pcap(body), max_conns=max_conns)


def _doubled(path: Path, dup: int) -> bytes:
    """The capture twice, the copy 1 s after the end on the same addresses and ports (each
    connection's port reused after it was judged, as a real client would: with other sequence
    numbers), every frame written ``dup`` times."""
    data = path.read_bytes()
    head, recs, pos = data[:24], [], 24
    while pos + 16 <= len(data):
        sec, usec, caplen, _orig = struct.unpack_from("<IIII", data, pos)
        recs.append((sec, usec, data[pos + 16:pos + 16 + caplen]))
        pos += 16 + caplen
    span = recs[-1][0] - recs[0][0] + 1
    out = bytearray(head)
    for shift in (0, span):
        for sec, usec, f in recs:
            if shift and len(f) >= 54 and f[12:14] == b"\x08\x00" and f[23] == 6:
                t = 14 + (f[14] & 0x0F) * 4
                seq, ack = struct.unpack_from("!II", f, t + 4)
                g = bytearray(f)
                struct.pack_into("!II", g, t + 4, (seq + 0x10000000) & 0xFFFFFFFF, (ack + 0x10000000) & 0xFFFFFFFF)
                f = bytes(g)
            for _ in range(dup):
                out += struct.pack("<IIII", sec + shift, usec, len(f), len(f)) + f
    return bytes(out)


def test_the_lab_capture_doubled_onto_the_same_ports(lab_capture: Path) -> None:  # noqa: F811
    once = assert_same((lab_capture / "lab.pcap").read_bytes())
    twice = assert_same(_doubled(lab_capture / "lab.pcap", 1))
    assert_same(_doubled(lab_capture / "lab.pcap", 2))  # every segment duplicated
    # every connection judged again in the copy, with the same cause
    assert len(once) >= 20
    assert sorted(codes(twice), key=str) == sorted(codes(once) * 2, key=str)
