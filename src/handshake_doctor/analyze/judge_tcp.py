"""One captured TCP connection (a Transcript) to one Diagnosis, from the lower layer up.

Why an orchestrator and not a judge: it only decides *which* domain judges apply, from what
each side said first (a ClientHello, an SSLRequest, a banner, a MySQL greeting), and where a
negotiated TLS handshake starts; the judges themselves live in their domains
(domains/net/capture.py, domains/tls/capture.py, domains/tls/starttls_capture.py,
domains/database/capture.py) as pure functions of the Transcript, so a probe's recording or a
scan can be judged by the same code.
"""

from __future__ import annotations

from ..checklist import Run
from ..domains.database import capture as db
from ..domains.net import capture as net_capture
from ..domains.tls import capture as tls_capture, codec, starttls_capture, wire
from ..model import Diagnosis, DomainScore, Evidence, Finding, Picture
from ..transcript import RX, TX, Transcript

_BANNER_PROTOCOLS = {"smtp": "smtp", "imap": "imap", "pop3": "pop3", "ftp": "ftp"}


def _identity(service: str, detail: str, tr: Transcript) -> Finding:
    return Finding("net.service_identified", "net", f"{tr.peer} speaks {service}: {detail}", "", "info", 0.8,
                   [Evidence("bytes", tr.stream(RX)[:16].hex().upper() or tr.stream(TX)[:16].hex().upper(), "capture", detail)], role="identity",
                   data={"service": service})


def judge(tr: Transcript, *, verb: str = "analyze", pictures: bool = True) -> Diagnosis:
    run = Run(tr.origin, 0.0, verb=verb, source="capture")
    run.transcript = tr
    domains: list[DomainScore] = []
    net_findings, go_on = net_capture.judge(tr)
    for f in net_findings:
        run.add(f)
    run.record_step("tcp", "ran", _tcp_line(tr))
    if not go_on:
        domains.append(DomainScore("net", 1.0, "TCP", ["the capture's TCP numbers"]))
        return _finish(run, domains, tr, pictures)
    c, s = tr.stream(TX), tr.stream(RX)
    tls_at: tuple[int, int] | None = None
    if tls_capture.is_client_hello(c) or tls_capture.is_sslv2_hello(c):
        tls_at = (0, 0)
    else:
        if db.is_postgres_client(c):
            fs, tls_at = db.judge_postgres(tr)
            domains.append(DomainScore("database", 0.95, "PostgreSQL", ["the client's first bytes are a PostgreSQL startup packet"]))
            for f in fs:
                run.add(f)
            run.record_step("postgres", "ran", "SSLRequest / answer")
        elif db.mysql_greeting(s) is not None:
            fs, tls_at = db.judge_mysql(tr)
            domains.append(DomainScore("database", 0.95, "MySQL/MariaDB", ["the server's first bytes are a MySQL greeting"]))
            for f in fs:
                run.add(f)
            run.record_step("mysql", "ran", "greeting capabilities / client reply")
        elif s:
            first = codec.classify_first_bytes(s[:256])
            proto = _BANNER_PROTOCOLS.get(first.kind)
            if proto and (not c or not tls_capture.is_client_hello(c)):
                fs, tls_at = starttls_capture.judge(tr, proto)
                for f in fs:
                    run.add(f)
                run.record_step(f"{proto} STARTTLS", "ran", first.detail[:120])
                if not fs and tls_at is None:
                    run.add(_identity(proto.upper(), first.detail, tr))
            elif first.kind in ("ssh", "http", "html", "redis", "text", "postgres", "mysql"):
                run.add(_identity(first.service or first.kind, first.detail, tr))
            if not c and s and not run.findings:
                run.add(_identity(first.service or first.kind, first.detail, tr))
        elif c:
            first = codec.classify_first_bytes(c[:256])
            if first.kind in ("http", "ssh", "text"):
                run.add(_identity(first.service or first.kind, "the client spoke first: " + first.detail, tr))
    if tls_at is not None:
        fs, info = tls_capture.judge(tr, offset_client=tls_at[0], offset_server=tls_at[1])
        for f in fs:
            run.add(f)
        run.record_step("tls", "ran", ", ".join(f"{k}={v}" for k, v in info.items() if v not in (None, [], ""))[:300])
        domains.insert(0, DomainScore("tls", 0.95, "TLS handshake", ["a ClientHello in the client's bytes"]))
        run.transcript.meta["tls"] = info
    if any(f.domain == "net" and f.severity in ("error", "warning") for f in run.findings):
        domains.append(DomainScore("net", 0.6, "TCP", ["the capture's TCP numbers"]))
    return _finish(run, domains, tr, pictures)


def _tcp_line(tr: Transcript) -> str:
    tcp = tr.meta.get("tcp") or {}
    c, s = tcp.get("client") or {}, tcp.get("server") or {}
    return (f"client {c.get('packets', 0)} pkts/{c.get('bytes', 0)} B, server {s.get('packets', 0)} pkts/{s.get('bytes', 0)} B, "
            f"{tcp.get('end', 0):.3f} s")


def _finish(run: Run, domains: list[DomainScore], tr: Transcript, pictures: bool = True) -> Diagnosis:
    tcp = tr.meta.get("tcp") or {}
    for side in ("client", "server"):
        f = tcp.get(side) or {}
        if f.get("snapped"):
            run.notes.append(f"{f['snapped']} {side} segment(s) were cut by the capture's snap length: bytes after them were not judged")
        if f.get("gaps"):
            run.notes.append(f"{f['gaps']} {side} segment(s) arrived after a gap that never filled (lost in the capture): the stream stops there")
        if f.get("capped"):
            run.notes.append(f"only the first part of the {side}'s bytes was read (enough for the handshake)")
    diag = run.finish(domains, input=tr.origin, target=f"{tr.local} -> {tr.peer}")
    diag.elapsed_ms = None
    diag.pictures = [_ladder(tr)] if pictures else []
    return diag


def _ladder(tr: Transcript, limit: int = 24) -> Picture:
    rows = []
    for e in tr.exchanges[:limit]:
        if e.kind == "event":
            rows.append({"dir": e.direction, "label": e.label.upper(), "t": round(e.t, 4), "hex": ""})
            continue
        label = f"{len(e.data)} bytes"
        if e.data[:1] and e.data[0] in (20, 21, 22, 23) and e.data[1:2] == b"\x03":
            label = wire.content_type_name(e.data[0]) + (f" {wire.handshake_type_name(e.data[5])}" if e.data[0] == 22 and len(e.data) > 5 else "") + f" ({len(e.data)} B)"
        elif e.data[:1].isalpha():
            label = e.data.split(b"\r\n", 1)[0][:40].decode("ascii", "replace")
        rows.append({"dir": e.direction, "label": label, "t": round(e.t, 4), "hex": e.data[:16].hex()})
    return Picture("ladder", f"{tr.local} -> {tr.peer}", {"left": tr.local, "right": tr.peer, "rows": rows})
