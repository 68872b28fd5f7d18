"""Hostile peers (a small asyncio server per behaviour): stall, trickle, flood, an endless banner
or capability list, absurd lengths. Each is bounded in time and bytes and gets a finding."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Awaitable, Callable

import pytest

import handshake_doctor as hd

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
TIMEOUT = 2.5
MAX_SECONDS = TIMEOUT + 3.0  # the probe's deadline plus reporting on a loaded machine; never the peer's pace


class AsyncPeer:
    """An asyncio server on its own loop and thread, on a free loopback port; stop() ends it."""

    def __init__(self, handler: Handler) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0
        self.handler = handler
        self.thread = threading.Thread(target=self._main, daemon=True)
        self.thread.start()
        assert self.ready.wait(5)

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def guarded(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            try:
                await asyncio.wait_for(self.handler(r, w), 15)
            except (asyncio.TimeoutError, asyncio.CancelledError, ConnectionError, OSError):
                pass
            finally:
                w.close()

        async def start() -> None:
            self.server = await asyncio.start_server(guarded, "127.0.0.1", 0)
            self.port = self.server.sockets[0].getsockname()[1]
            self.ready.set()

        self.loop.run_until_complete(start())
        self.loop.run_forever()

    def stop(self) -> None:
        async def shutdown() -> None:
            self.server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


async def stall(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    await asyncio.sleep(10)


async def trickle_banner(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    for ch in b"220 slow.example ESMTP never-ending-line":
        w.write(bytes([ch]))
        await w.drain()
        await asyncio.sleep(0.4)


async def endless_banner(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    for i in range(100_000):  # bounded, but far past any limit of the probe
        w.write(b"220-welcome line %d of an endless banner\r\n" % i)
        await w.drain()


async def endless_ehlo(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    w.write(b"220 hostile.example ESMTP\r\n")
    await w.drain()
    await r.readline()
    for i in range(100_000):
        w.write(b"250-X-CAPABILITY-%d\r\n" % i)
        await w.drain()


async def huge_line(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    w.write(b"220 " + b"A" * 1_000_000)
    await w.drain()
    await asyncio.sleep(5)


async def absurd_mysql(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    w.write(b"\xff\xff\xff\x00\x0a" + b"5.7.0\x00" + b"\x00" * 64)  # a greeting claiming 16 MB
    await w.drain()
    await asyncio.sleep(5)


async def absurd_postgres(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    await r.readexactly(8)  # the SSLRequest
    w.write(b"N")
    await w.drain()
    await asyncio.sleep(5)


async def absurd_postgres_error(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    await r.readexactly(8)
    w.write(b"E\x7f\xff\xff\xffSFATAL\x00")  # an ErrorResponse claiming 2 GB
    await w.drain()
    await asyncio.sleep(5)


async def flood_binary(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    chunk = bytes(range(256)) * 256
    for _ in range(400):  # 26 MB at most
        w.write(chunk)
        await w.drain()


async def redis_flood(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    await r.readline()
    w.write(b"+" + b"P" * 2_000_000)  # a simple string without its end
    await w.drain()
    await asyncio.sleep(5)


CASES = (
    ("stall on a mysql port", stall, "mysql://127.0.0.1:{port}", "negotiate.silent"),
    ("stall on an smtps port", stall, "smtps://127.0.0.1:{port}", "negotiate.silent"),
    ("trickling SMTP banner", trickle_banner, "submission://127.0.0.1:{port}", "negotiate.stalled"),
    ("endless SMTP banner", endless_banner, "smtp://127.0.0.1:{port}", "negotiate.oversized"),
    ("endless EHLO capability list", endless_ehlo, "submission://127.0.0.1:{port}", "negotiate.oversized"),
    ("one megabyte banner line", huge_line, "smtp://127.0.0.1:{port}", "negotiate.oversized"),
    ("MySQL greeting with an absurd length", absurd_mysql, "mysql://127.0.0.1:{port}", "negotiate.malformed"),
    ("PostgreSQL error with an absurd length", absurd_postgres_error, "postgres://127.0.0.1:{port}?sslmode=disable", "negotiate.malformed"),
    ("binary flood on a PostgreSQL port", flood_binary, "postgres://127.0.0.1:{port}", "negotiate.oversized"),
    ("Redis reply without an end", redis_flood, "redis://127.0.0.1:{port}", "negotiate.oversized"),
)


@pytest.mark.parametrize("name,handler,url,code", CASES, ids=[c[0] for c in CASES])
def test_hostile_peer_is_bounded_and_named(name: str, handler: Handler, url: str, code: str) -> None:
    p = AsyncPeer(handler)
    try:
        t0 = time.monotonic()
        diag = hd.probe(url.format(port=p.port), timeout=TIMEOUT)
        took = time.monotonic() - t0
    finally:
        p.stop()
    codes = [f.code for f in diag.findings]
    assert codes and codes[0] == code, (codes, [f.summary[:200] for f in diag.findings][:2])
    assert diag.exit_code == 1
    assert took < MAX_SECONDS, took


def test_a_pg_server_saying_n_with_sslmode_require_is_not_hostile() -> None:
    """Control: a tiny fake that answers 'N' and then waits is read as 'TLS not offered'."""
    p = AsyncPeer(absurd_postgres)
    try:
        diag = hd.probe(f"postgres://127.0.0.1:{p.port}?sslmode=require", timeout=TIMEOUT)
    finally:
        p.stop()
    assert diag.findings[0].code == "negotiate.tls_not_offered"
