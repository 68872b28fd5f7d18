"""TCP connections from segments: bounded reassembly of each direction, evicted when finished.

Why bounded: a handshake is judged from the first few kilobytes of each direction (ClientHello,
the server's flight with its certificates, the alerts). Each direction keeps at most
``STREAM_CAP`` in-order bytes and ``PENDING_CAP`` out-of-order bytes; past that only counters
move (packets, bytes, retransmissions, FIN/RST), so a 400 MB capture costs the same memory as a
4 MB one. A connection is finished (and handed to the judge, then forgotten) at its RST, at FIN
from both sides, when it has been idle for ``IDLE`` seconds of capture time, when the table
holds ``MAX_CONNS`` connections (the oldest goes), when a SYN with another initial sequence
number reuses its ports, or at the end of the file. A 4-tuple that has sent only bare ACKs (the
trailing ACK of a connection already judged) costs a small table entry, not a connection.

Reassembly (RFC 9293 sequence arithmetic, modulo 2^32): an in-order segment is appended, a
segment ahead of the next expected byte waits in ``pending`` until the gap is filled, a segment
that overlaps what is already there contributes only its new tail and counts as a
retransmission; a duplicate of the first data segment is the "retransmitted N times" evidence.
"""

from __future__ import annotations

import struct

from .packets import ACK, FIN, RST, SYN, tcp_segment

_TCP = struct.Struct("!HHIIBB")
_PORTS = struct.Struct("!HH")

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable, Iterator

STREAM_CAP = 48 * 1024
PENDING_CAP = 32 * 1024
MAX_CHUNKS = 64  # timed chunks kept per connection (the ladder and the transcript)
IDLE = 300.0
MAX_CONNS = 20_000
SWEEP_EVERY = 4096


class Side:
    """One direction of a connection: what one endpoint sent."""

    __slots__ = ("addr", "port", "syn", "synack", "isn", "nxt", "data", "pending", "pending_bytes", "packets",
                 "bytes", "retrans", "first_retrans", "first_seq", "first_len", "fin", "rst", "rst_t", "rst_ttl",
                 "rst_ipid", "rst_ack", "ttl", "ipid", "max_ack", "acks", "ack_first", "ack_last", "gaps", "snapped", "first_t", "last_t", "overflow")

    def __init__(self, addr: bytes, port: int) -> None:
        self.addr, self.port = addr, port
        self.syn = self.synack = 0
        self.isn: int | None = None
        self.nxt: int | None = None
        self.data = bytearray()
        self.pending: dict[int, bytes] = {}
        self.pending_bytes = 0
        self.packets = self.bytes = self.retrans = self.first_retrans = 0
        self.first_seq: int | None = None
        self.first_len = 0
        self.fin: float | None = None
        self.rst: float | None = None
        self.rst_t = 0.0
        self.rst_ttl = self.rst_ipid = -1
        self.rst_ack = False
        self.ttl = -1
        self.ipid: list[int] = []
        self.max_ack: int | None = None  # highest ACK this side sent (relative to the other side's first data)
        self.acks = 0
        self.ack_first: int | None = None
        self.ack_last: int | None = None
        self.gaps = 0
        self.snapped = 0
        self.first_t: float | None = None
        self.last_t = 0.0
        self.overflow = False


class Conn:
    """One TCP connection: two sides, timed data chunks in the order they were seen."""

    __slots__ = ("a", "b", "t0", "t1", "chunks", "done", "index", "full", "key_a", "key_b")

    def __init__(self, a: Side, b: Side, t: float, index: int) -> None:
        self.a, self.b = a, b
        self.t0 = self.t1 = t
        self.chunks: list[list] = []  # [t, side (0 = a, 1 = b), start offset, length]
        self.done = False
        self.index = index
        self.full = False  # both directions are past what the judges read
        self.key_a = self.key_b = b""  # the table's keys: a's view (src+dst+ports) and b's


class _Stray:
    """A table entry for a 4-tuple that has so far sent only bare ACKs (no SYN, FIN, RST or
    byte): the trailing ACK of a connection already judged and evicted, or a capture that starts
    mid-connection. Such a connection is never judged (read_packets._worth_judging), so it is
    not built: the table holds this instead, numbered and placed exactly where the Conn would
    be, with its few segments kept. A packet that is more than a bare ACK makes it the real Conn
    (the kept segments are replayed first), so what is judged is the same as without it."""

    __slots__ = ("t1", "key_a", "key_b", "index", "segs", "aoff", "sport", "dport")

    def __init__(self, t: float, key: bytes, key_b: bytes, index: int, aoff: int, sport: int, dport: int) -> None:
        self.t1 = t
        self.key_a, self.key_b = key, key_b
        self.index = index
        self.aoff, self.sport, self.dport = aoff, sport, dport
        self.segs: list[tuple] = []  # type: ignore[type-arg]


STRAY_SEGMENTS = 16  # bare ACKs kept per stray entry; one more and it becomes a Conn


def _rel(x: int, base: int) -> int:
    """x - base as a signed 32-bit sequence distance."""
    d = (x - base) & 0xFFFFFFFF
    return d - 0x100000000 if d & 0x80000000 else d


class Tracker:
    """Feed frames in with :meth:`feed`; finished connections come out through ``emit``."""

    def __init__(self, emit: Callable[[Conn], None], *, stream_cap: int = STREAM_CAP, max_conns: int = MAX_CONNS, strays: bool = True) -> None:
        """``strays=False`` builds a Conn for bare-ACK-only 4-tuples too (the plain path the
        tests compare the fast one with)."""
        self.emit = emit
        self.strays = strays
        self.conns: dict[tuple, Conn] = {}
        self.stream_cap = stream_cap
        self.max_conns = max_conns
        self.count = 0
        self.packets = 0
        self.tcp_packets = 0
        self.evicted_early = 0
        self.now = 0.0

    def feed_frames(self, frames: Iterable[tuple[float, int, bytes, int]]) -> None:
        """The per-packet loop. IPv4 without options on Ethernet, SLL2 and loopback is decoded
        inline (the common case, ~3x faster than the general decoder); everything else goes
        through packets.tcp_segment."""
        unpack = _TCP.unpack_from
        seg_in = self._segment
        general = tcp_segment
        n = 0
        for t, lt, data, origlen in frames:
            n += 1
            if not n % SWEEP_EVERY:
                self.sweep(t)
            o = -1
            if len(data) >= 60:
                if lt == 1:
                    if data[12] == 8 and data[13] == 0:
                        o = 14
                elif lt == 276:
                    if data[0] == 8 and data[1] == 0:
                        o = 20
                elif lt == 0 or lt == 108:
                    o = 4
            if o >= 0 and data[o] == 0x45 and data[o + 9] == 6 and not (data[o + 6] & 0x1F or data[o + 7]):
                tp = o + 20
                sport, dport, seq, ack, doff, flags = unpack(data, tp)
                end = o + ((data[o + 2] << 8) | data[o + 3])
                if end > len(data) or end <= tp:
                    end = len(data)
                ps = tp + (doff >> 4) * 4
                seg_in(t, data[o + 12:o + 20] + data[tp:tp + 4], o + 12, sport, dport, seq, ack, flags,
                       data[ps:end] if end > ps else b"", data[o + 8], (data[o + 4] << 8) | data[o + 5], len(data) < origlen, data)
                continue
            seg = general(lt, data)
            if seg is not None:
                src, sport, dst, dport, seq, ack, flags, payload, ttl, ipid = seg
                self._segment(t, src + dst + _PORTS.pack(sport, dport), -len(src), sport, dport, seq, ack, flags, payload, ttl, ipid,
                              len(data) < origlen, data)
        self.packets += n

    def segment(self, t: float, seg: tuple, snapped: bool = False) -> None:
        """One decoded segment (packets.tcp_segment's tuple)."""
        src, sport, dst, dport, seq, ack, flags, payload, ttl, ipid = seg
        self._segment(t, src + dst + _PORTS.pack(sport, dport), -len(src), sport, dport, seq, ack, flags, payload, ttl, ipid, snapped, b"")

    def _segment(self, t: float, key: bytes, aoff: int, sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes,
                 ttl: int, ipid: int, snapped: bool, frame: bytes) -> None:
        self.tcp_packets += 1
        conns = self.conns
        c = conns.get(key)
        bare = not payload and not (flags & 0x07)  # no byte, no SYN, FIN or RST
        if c is None:
            if flags & RST and not payload and not (flags & SYN):
                return  # a lone RST of a connection we never saw (or already judged): nothing to judge
            alen = 4 if aoff >= 0 else -aoff
            src, dst = key[:alen], key[alen:2 * alen]
            self.count += 1
            key_b = dst + src + _PORTS.pack(dport, sport)
            if bare and self.strays:
                st = _Stray(t, key, key_b, self.count, aoff, sport, dport)
                st.segs.append((t, key, aoff, sport, dport, seq, ack, flags, payload, ttl, ipid, snapped, b""))
                conns[key] = st
                conns[key_b] = st  # type: ignore[assignment]
                if len(conns) > 2 * self.max_conns:
                    self._evict_oldest()
                if t > self.now:
                    self.now = t
                return
            c = Conn(Side(src, sport), Side(dst, dport), t, self.count)
            c.key_a, c.key_b = key, key_b
            conns[c.key_a] = c
            conns[c.key_b] = c
            if len(conns) > 2 * self.max_conns:
                self._evict_oldest()
        elif c.__class__ is _Stray:
            st = c  # type: ignore[assignment]
            if bare and len(st.segs) < STRAY_SEGMENTS:
                st.segs.append((t, key, aoff, sport, dport, seq, ack, flags, payload, ttl, ipid, snapped, b""))
                st.t1 = t
                if t > self.now:
                    self.now = t
                return
            c = self._materialize(st)
        elif flags & SYN and not flags & ACK:
            s = c.a if key == c.key_a else c.b
            if s.isn is not None and seq != s.isn:
                # a new SYN with another initial sequence number: the ports were reused (the old
                # connection ended without a FIN or RST we saw, or within IDLE): judge the old
                # one and start over, instead of mixing the two (RFC 9293 §3.4.1, §3.6.1)
                self.tcp_packets -= 1
                self._finish(c)
                self._segment(t, key, aoff, sport, dport, seq, ack, flags, payload, ttl, ipid, snapped, frame)
                return
        if t > self.now:
            self.now = t
        c.t1 = t
        if key == c.key_a:
            s, o, si = c.a, c.b, 0
        else:
            s, o, si = c.b, c.a, 1
        s.packets += 1
        s.last_t = t
        if s.first_t is None:
            s.first_t = t
            s.ttl = ttl
        if len(s.ipid) < 8:
            s.ipid.append(ipid)
        if flags & SYN:
            if flags & ACK:
                s.synack += 1
            else:
                s.syn += 1
            if s.isn is None:
                s.isn = seq
                s.nxt = (seq + 1) & 0xFFFFFFFF
        if flags & ACK:
            if s.ack_first is None:
                s.ack_first = ack
            s.ack_last = ack
            if o.first_seq is not None:
                r = _rel(ack, o.first_seq)
                if s.max_ack is None or r > s.max_ack:
                    s.max_ack = r
                s.acks += 1
        n = len(payload)
        if n:
            s.bytes += n
            if snapped:
                s.snapped += 1
            if s.first_seq is None:
                s.first_seq = seq
                s.first_len = n
                if s.nxt is None:
                    s.nxt = seq
            elif seq == s.first_seq:
                s.first_retrans += 1
            if not c.full:
                self._data(c, s, si, t, seq, payload)
            elif _rel(seq, s.nxt or seq) < 0:
                s.retrans += 1
        if flags & RST:
            if s.rst is None:
                s.rst = t
                s.rst_ttl, s.rst_ipid, s.rst_ack = ttl, ipid, bool(flags & ACK)
            c.done = True
            self._finish(c)
            return
        if flags & FIN and s.fin is None:
            s.fin = t
            if o.fin is not None:
                c.done = True
                self._finish(c)

    def _data(self, c: Conn, s: Side, si: int, t: float, seq: int, payload: bytes) -> None:
        nxt = s.nxt
        if nxt is None:
            nxt = s.nxt = seq
        d = _rel(seq, nxt)
        if d > 0:  # ahead of a gap: keep it for later, bounded
            if s.pending_bytes + len(payload) <= PENDING_CAP and seq not in s.pending:
                s.pending[seq] = payload
                s.pending_bytes += len(payload)
            else:
                s.gaps += 1
            return
        if d < 0:
            s.retrans += 1
            if -d >= len(payload):
                return
            payload = payload[-d:]
            seq = nxt
        self._append(c, s, si, t, payload)
        s.nxt = (nxt + len(payload)) & 0xFFFFFFFF
        while s.pending:
            nxt = s.nxt
            nxt_seg = s.pending.pop(nxt, None)
            if nxt_seg is None:
                # an overlapping pending segment (retransmitted with other boundaries)
                found = None
                for k, v in s.pending.items():
                    dk = _rel(k, nxt)
                    if dk <= 0 < dk + len(v):
                        found = k
                        break
                if found is None:
                    break
                v = s.pending.pop(found)
                s.pending_bytes -= len(v)
                nxt_seg = v[-_rel(found, nxt):] if _rel(found, nxt) < 0 else v
            else:
                s.pending_bytes -= len(nxt_seg)
            self._append(c, s, si, t, nxt_seg)
            s.nxt = (nxt + len(nxt_seg)) & 0xFFFFFFFF

    def _append(self, c: Conn, s: Side, si: int, t: float, payload: bytes) -> None:
        room = self.stream_cap - len(s.data)
        if room <= 0:
            s.overflow = True
            if c.a.overflow and c.b.overflow or len(c.chunks) >= MAX_CHUNKS:
                c.full = True
            return
        part = payload if len(payload) <= room else payload[:room]
        ch = c.chunks
        if ch and ch[-1][1] == si:
            ch[-1][3] += len(part)
        elif len(ch) < MAX_CHUNKS:
            ch.append([t, si, len(s.data), len(part)])
        else:
            c.full = True
            return
        s.data += part

    def _evict_oldest(self) -> None:
        conns = self.conns
        old = conns[next(iter(conns))]
        self.evicted_early += 1
        self._finish(old)

    def _materialize(self, st: _Stray) -> Conn:
        """The Conn a stray entry stands for: built in its place (same index, same position in
        the table, so eviction order is unchanged) and fed its kept segments again."""
        key = st.key_a
        alen = 4 if st.aoff >= 0 else -st.aoff
        c = Conn(Side(key[:alen], st.sport), Side(key[alen:2 * alen], st.dport), st.segs[0][0], st.index)
        c.key_a, c.key_b = st.key_a, st.key_b
        self.conns[c.key_a] = c  # an existing key: its place in the dict's order stays
        self.conns[c.key_b] = c
        self.tcp_packets -= len(st.segs)  # counted when they came
        for seg in st.segs:
            self._segment(*seg)
        return c

    def sweep(self, now: float) -> None:
        """Finish connections idle for IDLE seconds of capture time."""
        limit = now - IDLE
        stale = {id(c): c for c in self.conns.values() if c.t1 < limit}
        for c in stale.values():
            self._finish(c)

    def _finish(self, c: Conn) -> None:
        if self.conns.get(c.key_a) is c:
            del self.conns[c.key_a]
        if self.conns.get(c.key_b) is c:
            del self.conns[c.key_b]
        if c.__class__ is not _Stray:  # bare ACKs only: nothing to judge
            self.emit(c)

    def open_connections(self) -> list[Conn]:
        return [c for c in {id(c): c for c in self.conns.values()}.values() if c.__class__ is not _Stray]

    def close(self) -> None:
        """End of the capture: every connection left is finished."""
        for c in list({id(c): c for c in self.conns.values()}.values()):
            self._finish(c)


def connections(frames: Iterable[tuple[float, int, bytes, int]], **kw: int) -> Iterator[Conn]:
    """The finished connections of a frame stream, in the order they finished (a generator:
    convenience for tests and small files; the CLI drives a Tracker with a callback)."""
    out: list[Conn] = []
    tr = Tracker(out.append, **kw)
    it = iter(frames)
    while True:
        batch = []
        for _ in range(1024):
            f = next(it, None)
            if f is None:
                break
            batch.append(f)
        if not batch:
            break
        tr.feed_frames(batch)
        yield from out
        out.clear()
    tr.close()
    yield from out
