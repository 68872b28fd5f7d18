"""TCP with deadlines: resolve, connect, send and bounded reads.

Why the outcome is data (``ConnectResult``/``ReadResult``) rather than exceptions: a probe turns
refused, reset, timeout and EOF into findings, so they are results, not errors. Reads are bounded
in bytes as well as time, so a peer that floods cannot fill memory.
"""

from __future__ import annotations

import errno
import select
import socket
import threading
import time
from dataclasses import dataclass, field

from .deadline import Deadline


@dataclass
class Resolved:
    addresses: list[tuple[int, str]] = field(default_factory=list)  # (family, address)
    error: str = ""
    timed_out: bool = False
    elapsed_ms: float = 0.0


def resolve(host: str, port: int, deadline: Deadline) -> Resolved:
    """getaddrinfo cannot be cancelled, so it runs in a daemon thread we stop waiting for."""
    t0 = time.monotonic()
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["r"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            box["e"] = exc

    th = threading.Thread(target=work, name="hsdoctor-resolve", daemon=True)
    th.start()
    th.join(deadline.remaining())
    ms = (time.monotonic() - t0) * 1000
    if th.is_alive():
        return Resolved(timed_out=True, error="name resolution timed out", elapsed_ms=ms)
    if "e" in box:
        return Resolved(error=str(box["e"]), elapsed_ms=ms)
    seen: list[tuple[int, str]] = []
    for fam, _t, _p, _c, sa in box.get("r", []):  # type: ignore[union-attr]
        item = (int(fam), str(sa[0]))
        if item not in seen:
            seen.append(item)
    return Resolved(addresses=seen, elapsed_ms=ms)


@dataclass
class ConnectResult:
    sock: socket.socket | None
    outcome: str  # "connected", "refused", "timeout", "reset", "unreachable", "error"
    error: str = ""
    elapsed_ms: float = 0.0
    address: str = ""


def connect(family: int, address: str, port: int, deadline: Deadline) -> ConnectResult:
    t0 = time.monotonic()
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        rc = sock.connect_ex((address, port))
        if rc not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
            sock.close()
            return ConnectResult(None, _outcome(rc), _errstr(rc), (time.monotonic() - t0) * 1000, address)
        if rc != 0:
            _r, w, _x = select.select([], [sock], [], deadline.remaining())
            if not w:
                sock.close()
                return ConnectResult(None, "timeout", "connect timed out", (time.monotonic() - t0) * 1000, address)
            rc = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if rc != 0:
                sock.close()
                return ConnectResult(None, _outcome(rc), _errstr(rc), (time.monotonic() - t0) * 1000, address)
    except OSError as exc:
        sock.close()
        return ConnectResult(None, _outcome(exc.errno or 0), str(exc), (time.monotonic() - t0) * 1000, address)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return ConnectResult(sock, "connected", "", (time.monotonic() - t0) * 1000, address)


def _outcome(code: int) -> str:
    if code == errno.ECONNREFUSED:
        return "refused"
    if code in (errno.ETIMEDOUT,):
        return "timeout"
    if code in (errno.ECONNRESET, errno.EPIPE):
        return "reset"
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
        return "unreachable"
    return "error"


def _errstr(code: int) -> str:
    import os

    return f"[Errno {code}] {os.strerror(code)}" if code else "error"


@dataclass
class ReadResult:
    data: bytes
    end: str  # "enough" (stop predicate), "limit" (max bytes), "eof", "reset", "timeout", "error"
    error: str = ""
    first_byte_ms: float | None = None
    elapsed_ms: float = 0.0


def send_all(sock: socket.socket, data: bytes, deadline: Deadline) -> str:
    """'' when sent, else the outcome ('reset', 'timeout', 'error: ...')."""
    view = memoryview(data)
    while view:
        _r, w, _x = select.select([], [sock], [], deadline.remaining())
        if not w:
            return "timeout"
        try:
            n = sock.send(view)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError as exc:
            return "reset" if exc.errno in (errno.ECONNRESET, errno.EPIPE) else f"error: {exc}"
        view = view[n:]
    return ""


def read_until(sock: socket.socket, deadline: Deadline, max_bytes: int, enough=None) -> ReadResult:  # type: ignore[no-untyped-def]
    """Read until ``enough(data)`` is true, ``max_bytes`` arrived, EOF, reset or the deadline."""
    t0 = time.monotonic()
    buf = bytearray()
    first: float | None = None

    def result(end: str, err: str = "") -> ReadResult:
        return ReadResult(bytes(buf[:max_bytes]), end, err, first, (time.monotonic() - t0) * 1000)

    while True:
        left = deadline.remaining()
        if left <= 0:
            return result("timeout")
        r, _w, _x = select.select([sock], [], [], left)
        if not r:
            return result("timeout")
        try:
            chunk = sock.recv(min(65536, max_bytes - len(buf)))
        except (BlockingIOError, InterruptedError):
            continue
        except OSError as exc:
            if exc.errno in (errno.ECONNRESET, errno.EPIPE):
                return result("reset", str(exc))
            return result("error", str(exc))
        if not chunk:
            return result("eof")
        if first is None:
            first = (time.monotonic() - t0) * 1000
        buf += chunk
        if len(buf) >= max_bytes:
            return result("limit")
        if enough is not None and enough(bytes(buf)):
            return result("enough")


def close_quietly(sock: socket.socket | None) -> None:
    if sock is None:
        return
    try:
        sock.close()
    except OSError:
        pass
