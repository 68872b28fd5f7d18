"""One asyncio server on many loopback ports: the fleet's non-TLS and hostile endpoints.

Why asyncio and not a thread per port (tests/tls_probe/lab_peers.py does that for a dozen
ports): the fleet has dozens of such endpoints, and a slow or silent peer costs a coroutine, not
a thread. Every connection is bounded in time (MAX_CONN_S) and a flood in bytes (FLOOD_BYTES).
"""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import threading
from typing import Awaitable, Callable

MAX_CONN_S = 20.0
FLOOD_BYTES = 16 * 1024 * 1024

Behaviour = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _read_hello(r: asyncio.StreamReader) -> bytes:
    try:
        return await asyncio.wait_for(r.read(65536), 2.0)
    except (asyncio.TimeoutError, ConnectionError):
        return b""


async def _idle(r: asyncio.StreamReader, seconds: float) -> None:
    try:
        while await asyncio.wait_for(r.read(4096), seconds):
            pass
    except (asyncio.TimeoutError, ConnectionError):
        pass


def banner(text: bytes) -> Behaviour:
    async def b(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        w.write(text)
        await w.drain()
        await _idle(r, 3.0)

    return b


async def silent(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    await _idle(r, 15.0)


async def slow(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    """A ServerHello header, one byte a second: never trips a per-read timeout."""
    await _read_hello(r)
    for b in b"\x16\x03\x03\x00\x31\x02\x00\x00\x2d\x03\x03" + os.urandom(32):
        w.write(bytes([b]))
        await w.drain()
        await asyncio.sleep(1.0)


async def flood(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    """Random bytes without end. The first is NUL: random bytes read as an SSLv2 record header
    about 1 time in 250 (a fair "malformed TLS" verdict), and the ground truth must be exact."""
    await _read_hello(r)
    chunk = b"\x00" + os.urandom(65535)
    sent = 0
    while sent < FLOOD_BYTES:
        w.write(chunk)
        await w.drain()
        sent += len(chunk)


async def plain_http(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    await _read_hello(r)
    w.write(b"HTTP/1.1 400 Bad Request\r\nServer: lab\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    await w.drain()


async def reset(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    await _read_hello(r)
    sock = w.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    w.transport.abort()


async def malformed(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    """A handshake record header claiming 65535 bytes (over the 2^14+2048 limit)."""
    await _read_hello(r)
    w.write(b"\x16\x03\x03\xff\xff\x02\xff\xff\xff" + os.urandom(200))
    await w.drain()
    await _idle(r, 3.0)


BEHAVIOURS: dict[str, tuple[Behaviour, str]] = {
    # name: (behaviour, the root cause a tls:// probe must name)
    "ssh": (banner(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"), "tls.non_tls_service"),
    "smtp": (banner(b"220 mail.lab.test ESMTP Postfix (Debian/GNU)\r\n"), "tls.non_tls_service"),
    "silent": (silent, "tls.silent"),
    "slow": (slow, "tls.handshake_timeout"),
    "flood": (flood, "tls.non_tls_service"),
    "http": (plain_http, "tls.plaintext_http"),
    "reset": (reset, "tls.reset_after_hello"),
    "malformed": (malformed, "tls.malformed_reply"),
}


class HostileServer:
    """``listen(name, host)`` adds a port with a behaviour; everything runs on one loop thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.servers: list[asyncio.base_events.Server] = []
        self.thread = threading.Thread(target=self.loop.run_forever, name="fleet-hostile", daemon=True)
        self.thread.start()

    def listen(self, name: str, host: str) -> int:
        behaviour = BEHAVIOURS[name][0]

        async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            try:
                await asyncio.wait_for(behaviour(r, w), MAX_CONN_S)
            except (asyncio.TimeoutError, asyncio.CancelledError, ConnectionError, OSError):
                pass
            finally:
                w.transport.abort() if name == "reset" else w.close()

        async def start() -> int:
            srv = await asyncio.start_server(handle, host, 0, backlog=256)
            self.servers.append(srv)
            return int(srv.sockets[0].getsockname()[1])

        return asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)

    def stop(self) -> None:
        async def close() -> None:
            for s in self.servers:
                s.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for s in self.servers:
                await s.wait_closed()

        try:
            asyncio.run_coroutine_threadsafe(close(), self.loop).result(5)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop.close()
