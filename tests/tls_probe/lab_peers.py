"""Small Python peers for the lab: banners, silence, resets and hostile servers.

Why Python and not real daemons: these behaviours (RST right after the ClientHello, one byte a
second, a 10 MB Certificate message) are what broken or hostile peers do; no packaged server does
them on purpose. Every loop is bounded in time and bytes; ``stop()`` ends every thread.
"""

from __future__ import annotations

import os
import random
import select
import socket
import struct
import threading
import time
from typing import Callable

Handler = Callable[[socket.socket, threading.Event], None]
MAX_CONN_SECONDS = 20.0


class PyPeer:
    def __init__(self, name: str, handler: Handler, backlog: int = 16, accept: bool = True) -> None:
        self.name = name
        self.handler = handler
        self.stop_event = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(backlog)
        self.port = self.sock.getsockname()[1]
        self.accept = accept
        self.threads: list[threading.Thread] = []
        if accept:
            t = threading.Thread(target=self._loop, name=f"lab-{name}", daemon=True)
            t.start()
            self.threads.append(t)

    def _loop(self) -> None:
        while not self.stop_event.is_set():
            r, _w, _x = select.select([self.sock], [], [], 0.2)
            if not r:
                continue
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()
            self.threads = [x for x in self.threads if x.is_alive()] + [t]

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(MAX_CONN_SECONDS)
            self.handler(conn, self.stop_event)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def stop(self) -> None:
        self.stop_event.set()
        try:
            self.sock.close()
        except OSError:
            pass
        for t in self.threads:
            t.join(2.0)


def _read_some(conn: socket.socket, limit: int = 65536, wait: float = 2.0) -> bytes:
    conn.settimeout(wait)
    try:
        return conn.recv(limit)
    except OSError:
        return b""


def _idle(conn: socket.socket, stop: threading.Event, seconds: float) -> None:
    """Keep the connection open, reading and discarding, until the client leaves or time is up."""
    end = time.monotonic() + seconds
    conn.settimeout(0.2)
    while not stop.is_set() and time.monotonic() < end:
        try:
            if conn.recv(4096) == b"":
                return
        except socket.timeout:
            continue
        except OSError:
            return


def banner(text: bytes) -> Handler:
    def h(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(text)
        if _read_some(conn):
            try:
                conn.sendall(b"500 5.5.2 Error: bad syntax\r\n" if text.startswith(b"220") else b"Invalid SSH identification string.\r\n")
            except OSError:
                pass
        _idle(conn, stop, 2.0)

    return h


def silent(conn: socket.socket, stop: threading.Event) -> None:
    _idle(conn, stop, 15.0)


def reset_after_hello(conn: socket.socket, stop: threading.Event) -> None:
    _read_some(conn)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def one_byte_per_second(conn: socket.socket, stop: threading.Event) -> None:
    _read_some(conn)
    start = b"\x16\x03\x03\x00\x31\x02\x00\x00\x2d\x03\x03" + os.urandom(32)
    end = time.monotonic() + 15
    conn.settimeout(1.0)
    for b in start:
        if stop.is_set() or time.monotonic() > end:
            return
        try:
            conn.sendall(bytes([b]))
        except OSError:
            return
        if stop.wait(1.0):
            return


# Fixed noise, so that the verdict does not depend on whether random first bytes happen to
# look like a record of some protocol (the CI run at stop 19 drew an SSL 2.0-looking start).
FLOOD_CHUNK = random.Random(14).randbytes(65536)


def flood(conn: socket.socket, stop: threading.Event) -> None:
    _read_some(conn)
    chunk = FLOOD_CHUNK
    end = time.monotonic() + 15
    conn.settimeout(1.0)
    while not stop.is_set() and time.monotonic() < end:
        try:
            conn.sendall(chunk)
        except OSError:
            return


def _server_hello_tls12(cipher: int = 0xC02B) -> bytes:
    ext = b"\xff\x01\x00\x01\x00"  # renegotiation_info, empty (RFC 5746)
    body = b"\x03\x03" + os.urandom(32) + b"\x00" + struct.pack("!H", cipher) + b"\x00" + struct.pack("!H", len(ext)) + ext
    return b"\x02" + struct.pack("!I", len(body))[1:] + body


def _records(payload: bytes, ctype: int = 22) -> bytes:
    out = bytearray()
    for i in range(0, len(payload), 16384):
        part = payload[i : i + 16384]
        out += struct.pack("!BHH", ctype, 0x0303, len(part)) + part
    return bytes(out)


def huge_certificate(conn: socket.socket, stop: threading.Event) -> None:
    """A ServerHello, then a Certificate message announcing 10 MB and streaming it."""
    _read_some(conn)
    total = 10 * 1024 * 1024
    head = b"\x0b" + struct.pack("!I", total)[1:] + struct.pack("!I", total - 3)[1:]
    try:
        conn.sendall(_records(_server_hello_tls12()))
        conn.sendall(_records(head + b"\x00" * (16384 - len(head))))
        sent = 16384
        filler = _records(b"\x30" * 16384)
        end = time.monotonic() + 15
        while sent < total and not stop.is_set() and time.monotonic() < end:
            conn.sendall(filler)
            sent += 16384
    except OSError:
        return
    _idle(conn, stop, 2.0)


def malformed_records(conn: socket.socket, stop: threading.Event) -> None:
    """A handshake record header claiming 65535 bytes (over the 2^14+2048 limit), then junk."""
    _read_some(conn)
    try:
        conn.sendall(b"\x16\x03\x03\xff\xff\x02\xff\xff\xff" + os.urandom(200))
    except OSError:
        return
    _idle(conn, stop, 2.0)


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class FullBacklog:
    """A listener whose accept queue is full: further SYNs are dropped, so connect() times out.

    Why: a TCP connect timeout on loopback without touching the firewall.
    """

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        self.port = self.sock.getsockname()[1]
        self.fillers: list[socket.socket] = []
        for _ in range(4):
            c = socket.socket()
            c.setblocking(False)
            c.connect_ex(("127.0.0.1", self.port))
            self.fillers.append(c)
        time.sleep(0.05)

    def stop(self) -> None:
        for c in self.fillers:
            c.close()
        self.sock.close()
