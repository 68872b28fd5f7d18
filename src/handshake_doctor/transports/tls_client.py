"""One TLS client handshake over a deadline-bounded TCP socket (pyOpenSSL).

Why pyOpenSSL and not ``ssl``: on Python 3.11 only pyOpenSSL gives the chain *as sent*
(``get_peer_cert_chain``), the alerts *received* (info callback, ``SSL_CB_READ_ALERT``) and whether a
CertificateRequest arrived (state strings). Verification never aborts the handshake: the verify
callback records OpenSSL's X509_V_ERR codes and continues, so one handshake yields the chain and
every verification problem at once.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from OpenSSL import SSL

from .deadline import Deadline
from .tcp import close_quietly, connect

VERSION_CONST = {"TLSv1": SSL.TLS1_VERSION, "TLSv1.1": SSL.TLS1_1_VERSION, "TLSv1.2": SSL.TLS1_2_VERSION, "TLSv1.3": SSL.TLS1_3_VERSION}
MAX_APP_READ = 64 * 1024


@dataclass
class ClientOptions:
    sni: str | None = None
    min_version: str | None = None  # key of VERSION_CONST
    max_version: str | None = None
    cipher_list: str | None = None  # OpenSSL cipher string (TLS <= 1.2), may carry @SECLEVEL=N
    ca_file: str | None = None
    use_default_trust: bool = True
    client_cert: str | None = None
    client_key: str | None = None
    send_after: bytes = b""  # sent once the handshake is done (e.g. an HTTP request)
    read_after_s: float = 0.0  # how long to read after the handshake (alerts, HTTP answer)
    read_after_until: Any = None  # predicate(bytes) -> bool, stop reading early
    read_only_if_cert_request: bool = False  # TLS 1.3 certificate_required comes after the handshake
    alpn: tuple[str, ...] = ()  # ALPN protocol names to offer (RFC 7301), in the client's order; () offers none
    # sent instead of send_after when the server selected h2 (the HTTP/2 client preface), read with its own predicate
    send_after_h2: bytes = b""
    read_after_until_h2: Any = None


@dataclass
class HandshakeResult:
    ok: bool
    stage: str  # "connect", "handshake", "after" (post-handshake read), "done"
    error: str = ""  # OpenSSL reason or OS error text
    timed_out: bool = False
    reset: bool = False
    eof: bool = False
    version: str = ""
    cipher: str = ""
    alerts_received: list[int] = field(default_factory=list)  # AlertDescription values
    alerts_sent: list[int] = field(default_factory=list)
    cert_request_seen: bool = False
    chain_der: list[bytes] = field(default_factory=list)  # as sent by the server, leaf first
    verify_errors: list[tuple[int, int]] = field(default_factory=list)  # (depth, X509_V_ERR)
    app_data: bytes = b""
    app_end: str = ""
    elapsed_ms: float = 0.0
    states: list[str] = field(default_factory=list)
    alpn: str = ""  # the protocol the server selected with ALPN; "" when it selected none


MAX_CONTEXTS = 64
_contexts: dict[tuple[Any, ...], SSL.Context] = {}
_contexts_lock = threading.Lock()


def _context(opt: ClientOptions) -> SSL.Context:
    """One configured context per option set, per process, shared by every handshake.

    Why: loading the default trust store costs ~7 ms of CPU per context (the CA bundle is parsed
    each time); a scan makes hundreds of handshakes a second. The callbacks find their handshake's
    record through the connection (``set_app_data``), so a context holds no per-handshake state.
    Files (--ca-file, client certificate) are read once per process.
    """
    key = (opt.min_version, opt.max_version, opt.cipher_list, opt.ca_file, opt.use_default_trust, opt.client_cert, opt.client_key)
    with _contexts_lock:
        ctx = _contexts.get(key)
    if ctx is not None:
        return ctx
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    if opt.min_version:
        ctx.set_min_proto_version(VERSION_CONST[opt.min_version])
    if opt.max_version:
        ctx.set_max_proto_version(VERSION_CONST[opt.max_version])
    if opt.cipher_list:
        ctx.set_cipher_list(opt.cipher_list.encode())
    if opt.use_default_trust:
        ctx.set_default_verify_paths()
    if opt.ca_file:
        ctx.load_verify_locations(opt.ca_file)
    if opt.client_cert:
        ctx.use_certificate_chain_file(opt.client_cert)
        ctx.use_privatekey_file(opt.client_key or opt.client_cert)
    ctx.set_verify(SSL.VERIFY_PEER, _verify)
    ctx.set_verify_depth(20)
    ctx.set_info_callback(_info)
    with _contexts_lock:
        if len(_contexts) >= MAX_CONTEXTS:
            _contexts.clear()
        _contexts[key] = ctx
    return ctx


def _verify(conn: Any, _cert: Any, errnum: int, depth: int, ok: int) -> bool:
    record = conn.get_app_data()
    if record is not None and not ok and (depth, errnum) not in record.verify_errors:
        record.verify_errors.append((depth, errnum))
    return True


def _info(conn: Any, where: int, ret: int) -> None:
    record = conn.get_app_data()
    if record is None:
        return
    if where & SSL.SSL_CB_ALERT:
        desc = ret & 0xFF
        (record.alerts_received if where & SSL.SSL_CB_READ else record.alerts_sent).append(desc)
    elif where & SSL.SSL_CB_LOOP:
        try:
            s = conn.get_state_string().decode("ascii", "replace")
        except Exception:  # noqa: BLE001 - a state string is a nicety
            return
        if "certificate request" in s:
            record.cert_request_seen = True
        if len(record.states) < 64:
            record.states.append(s)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SSL.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        return "; ".join(str(e[2]) for e in exc.args[0] if len(e) > 2) or repr(exc)
    if isinstance(exc, SSL.SysCallError):
        return f"syscall error {exc.args!r}"
    return str(exc) or type(exc).__name__


def handshake(family: int, address: str, port: int, opt: ClientOptions, deadline: Deadline) -> HandshakeResult:
    """Connect, handshake, optionally send/read application data; never raises for peer faults."""
    t0 = time.monotonic()
    res = HandshakeResult(ok=False, stage="connect")
    try:
        ctx = _context(opt)
    except SSL.Error as exc:  # e.g. the local OpenSSL cannot offer the requested version
        res.error = "local: " + _reason(exc)
        return res
    c = connect(family, address, port, deadline)
    if c.sock is None:
        res.error, res.timed_out = c.error, c.outcome == "timeout"
        res.reset = c.outcome == "reset"
        res.elapsed_ms = (time.monotonic() - t0) * 1000
        return res
    return _handshake_on(c.sock, ctx, opt, deadline, res, t0)


def handshake_over(sock: socket.socket, opt: ClientOptions, deadline: Deadline) -> HandshakeResult:
    """The same handshake over a socket another protocol has already upgraded (STARTTLS, a
    PostgreSQL 'S', MySQL's SSL request): the entry point for TLS negotiated inside a protocol.
    Takes the socket over and closes it; never raises for peer faults."""
    t0 = time.monotonic()
    res = HandshakeResult(ok=False, stage="connect")
    try:
        ctx = _context(opt)
    except SSL.Error as exc:
        close_quietly(sock)
        res.error = "local: " + _reason(exc)
        return res
    sock.setblocking(False)
    return _handshake_on(sock, ctx, opt, deadline, res, t0)


def _handshake_on(sock: socket.socket, ctx: SSL.Context, opt: ClientOptions, deadline: Deadline,
                  res: HandshakeResult, t0: float) -> HandshakeResult:
    conn = SSL.Connection(ctx, sock)
    conn.set_app_data(res)
    try:
        if opt.sni:
            conn.set_tlsext_host_name(opt.sni.encode("idna"))
        if opt.alpn:  # per connection: the shared contexts stay free of per-probe state
            conn.set_alpn_protos([p.encode("ascii") for p in opt.alpn])
        conn.set_connect_state()
        res.stage = "handshake"
        _drive(conn, sock, deadline, conn.do_handshake, res)
        res.version = conn.get_protocol_version_name() or ""
        res.cipher = conn.get_cipher_name() or ""
        _collect_chain(conn, res)
        res.alpn = _selected_alpn(conn)
        res.stage = "after"
        h2 = res.alpn == "h2" and bool(opt.send_after_h2)
        payload = opt.send_after_h2 if h2 else opt.send_after
        if payload:
            _drive(conn, sock, deadline, lambda: conn.sendall(payload), res)
        if opt.read_after_s > 0 and (res.cert_request_seen or not opt.read_only_if_cert_request):
            _read_app(conn, sock, deadline.child(opt.read_after_s), opt.read_after_until_h2 if h2 else opt.read_after_until, res)
        res.stage = "done"
        res.ok = True
    except _Stop:
        _collect_chain(conn, res)
    finally:
        try:
            if res.ok:
                conn.shutdown()
        except Exception:  # noqa: BLE001 - best-effort close_notify
            pass
        close_quietly(sock)
        res.elapsed_ms = (time.monotonic() - t0) * 1000
    return res


class _Stop(Exception):
    """The handshake or the read ended; the reason is in the result."""


def _drive(conn: SSL.Connection, sock: socket.socket, deadline: Deadline, op: Any, res: HandshakeResult) -> Any:
    while True:
        try:
            return op()
        except SSL.WantReadError:
            wait_r, wait_w = [sock], []
        except SSL.WantWriteError:
            wait_r, wait_w = [], [sock]
        except SSL.ZeroReturnError:
            res.eof = True
            res.error = res.error or "close_notify"
            raise _Stop from None
        except SSL.SysCallError as exc:
            code = exc.args[0] if exc.args else 0
            if code in (104, 32):
                res.reset, res.error = True, "connection reset by peer"
            elif code == -1 or "EOF" in str(exc):
                res.eof, res.error = True, "unexpected EOF"
            else:
                res.error = _reason(exc)
            raise _Stop from None
        except SSL.Error as exc:
            res.error = _reason(exc)
            if "unexpected eof" in res.error:
                res.eof = True
            raise _Stop from None
        except OSError as exc:
            res.reset = exc.errno in (104, 32)
            res.error = str(exc)
            raise _Stop from None
        left = deadline.remaining()
        if left <= 0:
            res.timed_out, res.error = True, res.error or "timed out"
            raise _Stop
        r, w, _x = select.select(wait_r, wait_w, [], left)
        if not r and not w:
            res.timed_out, res.error = True, res.error or "timed out"
            raise _Stop


def _selected_alpn(conn: SSL.Connection) -> str:
    try:
        return (conn.get_alpn_proto_negotiated() or b"").decode("latin-1")[:255]
    except Exception:  # noqa: BLE001 - an OpenSSL without ALPN selects nothing
        return ""


def _read_app(conn: SSL.Connection, sock: socket.socket, deadline: Deadline, until: Any, res: HandshakeResult) -> None:
    buf = bytearray()
    try:
        while len(buf) < MAX_APP_READ:
            chunk = _drive(conn, sock, deadline, lambda: conn.recv(16384), res)
            if not chunk:
                res.app_end = "eof"
                break
            buf += chunk
            if until is not None and until(bytes(buf)):
                res.app_end = "enough"
                break
        else:
            res.app_end = "limit"
    except _Stop:
        res.app_data = bytes(buf)
        fatal = [a for a in res.alerts_received if a != 0]
        if res.timed_out and not fatal:  # a quiet server after the handshake is not a failure
            res.timed_out, res.error, res.app_end = False, "", "timeout"
            return
        if res.eof and not fatal and not res.reset:
            res.app_end = "eof"
            return
        res.app_end = "alert" if fatal else "error"
        raise
    res.app_data = bytes(buf)


def _collect_chain(conn: SSL.Connection, res: HandshakeResult) -> None:
    if res.chain_der:
        return
    try:
        chain = conn.get_peer_cert_chain(as_cryptography=True) or []
    except Exception:  # noqa: BLE001 - no chain before the Certificate message
        return
    from cryptography.hazmat.primitives.serialization import Encoding

    res.chain_der = [c.public_bytes(Encoding.DER) for c in chain]
