"""The readers on files built byte by byte: every link type, IPv4/IPv6, reassembly under
reordering and duplication (hypothesis), the TCP evidence with numbers, and bad input (a clear
line or a partial result that says what was skipped, never a traceback)."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handshake_doctor.analyze import flows
from handshake_doctor.analyze.cli import items_of_stream
from handshake_doctor.analyze.items import AnalyzeOptions, FileReport
from handshake_doctor.analyze.pcapfile import FrameSource
from handshake_doctor.domains.tls import codec
from hsd_testing import hsdoctor

from .frames import ACK, FIN, PSH, RST, SYN, Conv, ether, null, pcap, pcapng, sll2

HELLO = codec.build_client_hello("shop.example.test", versions=(0x0303,), random=b"\x01" * 32)
HANDSHAKE_FAILURE = b"\x15\x03\x03\x00\x02\x02\x28"


def judged(data: bytes) -> tuple[list[dict], FileReport]:  # type: ignore[type-arg]
    rep = FileReport("t")
    items = [i.to_dict() for i in items_of_stream(io.BytesIO(data), "t", AnalyzeOptions(), rep)]
    return items, rep


def refused_hello(**kw) -> Conv:  # type: ignore[no-untyped-def]
    c = Conv(**kw).open()
    c.send(True, PSH, HELLO)
    c.send(False, PSH, HANDSHAKE_FAILURE)
    c.send(False, FIN)
    c.send(True, FIN)
    return c


@pytest.mark.parametrize("link,lt", [(ether, 1), (sll2, 276), (null, 0), (lambda ip: ether(ip, (42,)), 1), (lambda ip: ether(ip, (7, 42)), 1), (lambda ip: ip, 101)])
@pytest.mark.parametrize("v6", [False, True])
@pytest.mark.parametrize("container", ["pcap", "pcapng"])
def test_every_link_type_and_family_gives_the_same_verdict(link, lt: int, v6: bool, container: str) -> None:  # type: ignore[no-untyped-def]
    c = refused_hello(link=link, v6=v6, client="fd00::1" if v6 else "10.0.0.1", server="fd00::2" if v6 else "10.0.0.2")
    data = pcap(c.frames, lt) if container == "pcap" else pcapng(c.frames, lt, nanoseconds=v6)
    items, rep = judged(data)
    assert [i["findings"][0]["code"] for i in items] == ["tls.handshake_failed"], rep.notes
    ex = items[0]["exchange"]
    assert ex["client"] == ("[fd00::1]:40000" if v6 else "10.0.0.1:40000") and ex["server"] == ("[fd00::2]:443" if v6 else "10.0.0.2:443")
    assert items[0]["exchange"]["tls"]["sni"] == "shop.example.test"
    assert abs(ex["t0"] - 1_700_000_000.001) < 1e-5  # the time stamps' resolution is read (ns in pcapng with if_tsresol 9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(1, 40), st.booleans())
def test_reassembly_survives_reordering_and_duplicates(rnd, cut: int, dup: bool) -> None:  # type: ignore[no-untyped-def]
    c = Conv().open()
    segs = []
    pos = 0
    while pos < len(HELLO):
        n = rnd.randint(1, max(1, len(HELLO) // cut))
        segs.append((c.cseq + pos, HELLO[pos:pos + n]))
        pos += n
    frames = list(c.frames)
    order = list(segs)
    rnd.shuffle(order)
    if dup:
        order += rnd.sample(segs, min(3, len(segs)))
    for seq, part in order:
        c.frames = []
        c.send(True, PSH, part, seq=seq)
        frames += c.frames
    c.cseq += len(HELLO)
    c.frames = []
    c.send(False, PSH, HANDSHAKE_FAILURE)
    frames += c.frames
    out: list[flows.Conn] = []
    tr = flows.Tracker(out.append)
    tr.feed_frames(FrameSource(io.BytesIO(pcap(frames))))
    tr.close()
    (conn,) = [x for x in out if x.a.bytes]
    assert bytes(conn.a.data) == HELLO
    items, _ = judged(pcap(frames))
    assert items[0]["findings"][0]["code"] == "tls.handshake_failed"


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_after_a_real_header_never_raise(tail: bytes) -> None:
    for head in (pcap([]), pcapng([])):
        items, rep = judged(head + tail)
        for i in items:
            json.dumps(i)
        assert all("\n" not in n for n in rep.notes)


def test_tcp_numbers() -> None:
    # refused
    c = Conv(sport=5432)
    c.send(True, SYN)
    c.send(False, RST)
    # black hole: 4 SYNs over 7 s
    b = Conv(cport=40001)
    for dt in (0.0, 1.0, 2.0, 4.0):
        b.send(True, SYN, dt=dt, seq=b.cseq)
    # silent: ClientHello ACKed, nothing for 10 s, then the client gives up
    s = Conv(cport=40002).open()
    s.send(True, PSH, HELLO)
    s.send(False, ACK)
    s.send(True, FIN, dt=10.0)
    # reset by a middlebox: TTL 64 on the SYN-ACK, 57 on the RST
    r = Conv(cport=40003).open()
    r.send(True, PSH, HELLO)
    r.send(False, RST, ttl=57)
    # data black hole: the hello retransmitted 3 times, never ACKed
    h = Conv(cport=40004).open()
    for dt in (0.0, 0.3, 0.6, 1.2):
        h.send(True, PSH, HELLO, dt=dt, seq=h.cseq)
    frames = sorted(c.frames + b.frames + s.frames + r.frames + h.frames)
    items, _ = judged(pcap(frames))
    got = {i["exchange"]["client"].rsplit(":", 1)[1]: i["findings"][0] for i in items}
    assert got["40000"]["code"] == "net.tcp_refused"
    assert got["40001"]["code"] == "net.tcp_timeout" and got["40001"]["data"] == {"syn": 4, "seconds": 7.0}
    assert got["40002"]["code"] == "tls.silent" and 9.9 < got["40002"]["data"]["seconds"] < 10.1
    assert got["40003"]["code"] == "tls.reset_after_hello" and "middlebox" in got["40003"]["detail"]
    assert got["40004"]["code"] == "net.data_blackholed" and got["40004"]["data"]["retransmissions"] == 3


def test_one_direction_capture_says_the_other_side_is_missing() -> None:
    c = Conv().open()
    c.send(True, PSH, HELLO)
    c.send(False, PSH, b"\x16\x03\x03\x00\x10" + b"\x02" + b"\x00" * 15)
    c.send(True, ACK)
    only_client = [f for f in c.frames if f[1][26:30] == bytes([10, 0, 0, 1])]
    items, _ = judged(pcap(only_client))
    assert items[0]["findings"][0]["code"] == "net.capture_one_sided"
    assert items[0]["findings"][0]["data"]["missing"] == "server"


def test_snaplen_shorter_than_the_packets_is_said() -> None:
    c = refused_hello()
    items, rep = judged(pcap(c.frames, snaplen=96))
    assert any("snap length" in n for n in rep.notes)
    assert any("snap length" in n for i in items for n in i["notes"])


def test_truncated_and_absurd_files_give_a_partial_result() -> None:
    c = refused_hello()
    whole = pcap(c.frames)
    items, rep = judged(whole[:-5])
    assert any("truncated" in n for n in rep.notes)
    absurd = whole[:24] + struct.pack("<IIII", 0, 0, 0x7FFFFFF0, 0x7FFFFFF0) + b"x" * 40
    items, rep = judged(absurd)
    assert items == [] and any("absurd" in n for n in rep.notes)


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pcap"
    empty.write_bytes(b"")
    wrong = tmp_path / "capture.pcap"  # the name says pcap; the content is not
    wrong.write_bytes(b"\x00\x01\x02\x03 definitely not a capture\n" * 10)
    for f, words in ((empty, "empty"), (wrong, "not a format"), (tmp_path / "missing.pcap", "cannot read")):
        r = hsdoctor("analyze", str(f))
        assert r.returncode == 2 and words in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    good = tmp_path / "ok.bin"  # a capture without the extension is still a capture
    good.write_bytes(pcap(refused_hello().frames))
    r = hsdoctor("analyze", str(good), str(empty), "--format", "jsonl")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 1 and lines[0]["findings"][0]["code"] == "tls.handshake_failed"
    assert any(x.get("notes") == ["the file is empty (0 bytes)"] for x in lines)


def test_memory_is_bounded_per_connection() -> None:
    """A 3 MB upload in one connection keeps at most STREAM_CAP bytes of it."""
    c = Conv().open()
    c.send(True, PSH, HELLO)
    for _ in range(2000):
        c.send(True, PSH, b"\x17\x03\x03\x05\xdc" + b"\x00" * 1500)
    out: list[flows.Conn] = []
    tr = flows.Tracker(out.append)
    tr.feed_frames(FrameSource(io.BytesIO(pcap(c.frames))))
    tr.close()
    (conn,) = out
    assert len(conn.a.data) <= flows.STREAM_CAP and conn.a.bytes > 3_000_000


def test_many_connections_are_evicted() -> None:
    frames = []
    for i in range(300):
        c = Conv(cport=20000 + i)
        c.t += i
        c.send(True, SYN)
        c.send(False, RST)
        frames += c.frames
    out: list[flows.Conn] = []
    tr = flows.Tracker(out.append, max_conns=50)
    tr.feed_frames(FrameSource(io.BytesIO(pcap(frames))))
    assert len(tr.open_connections()) <= 50 and len(out) >= 250


TLS_PIECES = st.sampled_from([
    b"\x16\x03\x03\x00\x2a\x02\x00\x00\x26\x03\x03" + b"\x00" * 32 + b"\x00\xc0\x2f\x00",  # a ServerHello
    b"\x16\x03\x03\x00\x07\x0b\x00\x00\x03\x00\x00\x00",  # an empty Certificate
    b"\x16\x03\x03\x00\x04\x0d\x00\x00\x00",  # a CertificateRequest without body
    b"\x14\x03\x03\x00\x01\x01", b"\x15\x03\x03\x00\x02\x02\x30", b"\x17\x03\x03\x00\x13" + b"\x00" * 19,
    b"\x16\x03\x03\xff\xff", b"HTTP/1.1 400 Bad Request\r\n\r\n", b"\x00\x00\x00\x08\x04\xd2\x16\x2f", b"N", b"S"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), st.one_of(TLS_PIECES, st.binary(max_size=300))), max_size=10), st.booleans())
def test_the_judges_survive_any_conversation(steps: list[tuple[bool, bytes]], hello_first: bool) -> None:
    """Any sequence of (plausible or random) messages after a real ClientHello, or none: every
    connection gets a valid document and no judge raises."""
    c = Conv().open()
    if hello_first:
        c.send(True, PSH, HELLO)
    for frm_client, data in steps:
        if data:
            c.send(frm_client, PSH, data)
    c.send(True, FIN)
    items, _ = judged(pcap(c.frames))
    for i in items:
        json.dumps(i)
        assert i["exit_code"] in (0, 1)
