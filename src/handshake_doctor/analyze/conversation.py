"""A finished TCP connection as a Transcript: who is the client, what each side said, when.

Why a Transcript: the judges are the same pure functions a probe's recording feeds (one judge,
many sources). TX is the client (what a probe would have sent), RX the server. The TCP numbers
the judges need (SYNs, retransmissions, who acknowledged what, the RST's TTL and IP ID) go to
``meta["tcp"]``; timing is in each exchange's ``t`` (seconds since the first packet).
"""

from __future__ import annotations

from ..transcript import RX, TX, Exchange, Transcript
from .flows import Conn, Side
from .packets import endpoint

_CLIENT_STARTS = (b"\x16\x03", b"\x00\x00\x00\x08\x04\xd2\x16\x2f", b"GET ", b"POST ", b"HEAD ", b"PUT ", b"CONNECT ", b"OPTIONS ", b"EHLO", b"HELO")


_NO_META: dict[str, object] = {}


def _order(row: tuple) -> tuple[float, int]:  # type: ignore[type-arg]
    return row[0], row[1]


def roles(c: Conn) -> tuple[Side, Side]:
    """(client, server): the SYN's sender; else the side whose first bytes are a client's."""
    a, b = c.a, c.b
    if a.syn and not b.syn:
        return a, b
    if b.syn and not a.syn:
        return b, a
    if b.synack and not a.synack:
        return a, b
    if a.synack and not b.synack:
        return b, a
    da, db = bytes(a.data[:8]), bytes(b.data[:8])
    if any(da.startswith(p) for p in _CLIENT_STARTS):
        return a, b
    if any(db.startswith(p) for p in _CLIENT_STARTS):
        return b, a
    return (a, b) if a.port >= b.port else (b, a)


def _side_facts(s: Side, t0: float) -> dict[str, object]:
    def rel(x: float | None) -> float | None:
        return None if x is None else round(x - t0, 6)

    return {
        "packets": s.packets, "bytes": s.bytes, "syn": s.syn, "synack": s.synack, "first_data_retrans": s.first_retrans,
        "retrans": s.retrans, "fin": rel(s.fin), "rst": rel(s.rst), "rst_ttl": s.rst_ttl, "rst_ipid": s.rst_ipid,
        "rst_with_ack": s.rst_ack, "ttl": s.ttl, "ipid": list(s.ipid), "acked_peer_bytes": s.max_ack,
        "ack_moved": s.ack_first is not None and s.ack_first != s.ack_last, "gaps": s.gaps, "snapped": s.snapped,
        "capped": s.overflow, "first": rel(s.first_t), "last": rel(s.last_t) if s.packets else None,
    }


def to_transcript(c: Conn, origin: str) -> Transcript:
    client, server = roles(c)
    t0 = c.t0
    tr = Transcript("capture", origin, endpoint(client.addr, client.port), endpoint(server.addr, server.port))
    events: list[tuple[float, str, str, dict[str, object]]] = []
    for s, d in ((client, TX), (server, RX)):
        if s.syn:
            events.append((s.first_t or t0, d, "syn", {"count": s.syn}))
        if s.synack:
            events.append((s.first_t or t0, d, "synack", {"count": s.synack}))
        if s.fin is not None:
            events.append((s.fin, d, "eof", {}))
        if s.rst is not None:
            events.append((s.rst, d, "reset", {"ttl": s.rst_ttl, "ip_id": s.rst_ipid}))
    rows: list[tuple[float, int, str, bytes, str, dict[str, object]]] = []
    for t, d, name, meta in events:
        rows.append((t, 0 if name in ("syn", "synack") else 2, d, b"", name, meta))
    a, b = c.a, c.b
    a_dir = TX if a is client else RX
    b_dir = RX if a_dir == TX else TX
    adata, bdata = a.data, b.data
    for t, si, start, length in c.chunks:
        if si == 0:
            rows.append((t, 1, a_dir, bytes(adata[start:start + length]), "", _NO_META))
        else:
            rows.append((t, 1, b_dir, bytes(bdata[start:start + length]), "", _NO_META))
    rows.sort(key=_order)
    add = tr.exchanges.append
    for t, _order_, d, data, name, meta in rows:
        # Exchange built directly (what Transcript.add does, without its copies): this runs
        # for every chunk of every connection of a capture
        if name:
            add(Exchange(max(0.0, t - t0), d, b"", "event", name, {}, dict(meta)))
        else:
            add(Exchange(max(0.0, t - t0), d, data, "raw", "", {}, {}))
    tr.meta["tcp"] = {"client": _side_facts(client, t0), "server": _side_facts(server, t0), "end": round(c.t1 - t0, 6)}
    return tr
