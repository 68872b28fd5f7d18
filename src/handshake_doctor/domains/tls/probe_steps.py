"""The I/O steps of the TLS probe that are not a full handshake: raw first bytes and HTTP.

Why a raw ClientHello besides the real handshake: OpenSSL's verdict on a non-TLS reply is only
"wrong version number"; the bytes themselves say *what* answered (an HTTP status line, an SSH
banner, an alert with its number). The bytes are classified by the pure codec
(domains/tls/codec.py); this module only moves them, within a deadline and a byte limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ...transports.deadline import Deadline
from ...transports.tcp import close_quietly, connect, read_until, send_all

MAX_FIRST_BYTES = 20_000  # one maximal TLS record (2^14 + 2048 + 5) fits; a flood does not
RECORD_LIMIT = 18_432  # OpenSSL's "packet length too long" threshold (facts/knowledge.md §3.1)


@dataclass
class FirstBytes:
    data: bytes = b""
    end: str = ""  # read_until's end: enough, limit, eof, reset, timeout, error; or "connect"
    kind: str = ""  # codec.classify_first_bytes kind, "" when the codec is unavailable
    service: str = ""
    detail: str = ""
    alert: Any = None  # codec Alert or None
    version: str = ""
    record_problem: str = ""
    server_hello: dict[str, Any] | None = None
    error: str = ""
    elapsed_ms: float = 0.0
    first_byte_ms: float | None = None


def _enough(d: bytes) -> bool:
    if len(d) < 5:
        return False
    if 20 <= d[0] <= 26 and d[1] == 3:
        length = int.from_bytes(d[3:5], "big")
        return length > RECORD_LIMIT or len(d) >= 5 + length
    if d[0] & 0x80:  # SSLv2-style header or binary: what we have is enough to classify
        return True
    return b"\n" in d or len(d) >= 512


def raw_first_bytes(family: int, address: str, port: int, sni: str | None, deadline: Deadline, alpn: tuple[str, ...] = ()) -> FirstBytes:
    """The peer's first bytes after a raw ClientHello that offers what the real client offers
    (SNI, ALPN): a TLS 1.2 ServerHello then shows the protocol the server selected in plain bytes,
    also when OpenSSL aborts the handshake over it."""
    t0 = time.monotonic()
    out = FirstBytes()
    try:
        from . import codec
    except ImportError as exc:  # the codec is another module's job; say so instead of guessing
        out.error = f"codec unavailable: {exc}"
        return out
    c = connect(family, address, port, deadline)
    if c.sock is None:
        out.end, out.error = "connect", c.error
        return out
    try:
        hello = codec.build_client_hello(sni, alpn=alpn)
        sent = send_all(c.sock, hello, deadline)
        r = read_until(c.sock, deadline, MAX_FIRST_BYTES, _enough)
        out.data, out.end, out.first_byte_ms = r.data, r.end, r.first_byte_ms
        if sent and not r.data:
            out.end = "reset" if sent == "reset" else r.end
        out.error = r.error or (sent if sent not in ("", "timeout") else "")
    finally:
        close_quietly(c.sock)
    classify(out)
    out.elapsed_ms = (time.monotonic() - t0) * 1000
    return out


def classify(out: FirstBytes) -> FirstBytes:
    """The pure half of the first-bytes step: what the peer's bytes are (a replayed transcript
    gives the same verdict as the live read)."""
    from . import codec

    try:
        fb = codec.classify_first_bytes(out.data)
        out.kind, out.service, out.detail = fb.kind, fb.service or "", fb.detail or ""
        out.alert, out.version = fb.alert, str(fb.version or "")
        if out.data and 20 <= out.data[0] <= 26:
            _recs, _rest, problem = codec.parse_records(out.data)
            out.record_problem = str(problem or "")
            if fb.kind == "tls_handshake":
                out.server_hello = codec.server_hello_info(out.data)
    except Exception as exc:  # noqa: BLE001 - a codec bug must not end the probe
        out.error = out.error or f"codec error: {type(exc).__name__}: {exc}"
    return out


def http_request(host: str, port: int, path: str) -> bytes:
    default = port == 443
    h = f"[{host}]" if ":" in host else host
    hostport = h if default else f"{h}:{port}"
    return (
        f"GET {path or '/'} HTTP/1.1\r\nHost: {hostport}\r\nUser-Agent: hsdoctor-probe\r\n"
        "Accept: */*\r\nConnection: close\r\n\r\n"
    ).encode("ascii", "replace")


def headers_done(data: bytes) -> bool:
    return b"\r\n\r\n" in data or b"\n\n" in data


@dataclass
class HttpAnswer:
    status: int | None
    reason: str
    headers: dict[str, str]
    body_start: str


def parse_http_answer(data: bytes) -> HttpAnswer | None:
    """A tolerant reader of an HTTP/1.x status line and headers (pure; never raises)."""
    if not data.startswith(b"HTTP/"):
        return None
    head, _sep, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1", "replace").split("\r\n")
    parts = lines[0].split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() and len(parts[1]) == 3 else None
    headers: dict[str, str] = {}
    for line in lines[1:100]:
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers[name.strip().lower()] = value.strip()[:500]
    return HttpAnswer(status, parts[2][:200] if len(parts) > 2 else "", headers, body[:300].decode("utf-8", "replace"))
