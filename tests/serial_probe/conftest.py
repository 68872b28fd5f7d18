"""Tiny pty peers for the serial probe tests: a thread that owns a pty master and prints.

Why our own and not the simulators: these tests must stand before the simulators exist, and a
peer that prints fixed lines is all the passive phase needs. Every peer is bounded (it stops
after ``max_writes`` or when the test ends) and closes its fds on teardown, also on failure.
"""

from __future__ import annotations

import os
import threading
import tty
from collections.abc import Iterator

import pytest


class PtyPeer:
    """Owns a pty pair; writes ``payload`` to the master every ``period`` seconds (if any)."""

    def __init__(self, payload: bytes = b"", period: float = 0.05, max_writes: int = 400) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # no echo, no line discipline games
        self.path = os.ttyname(self.slave)
        self.payload = payload
        self.period = period
        self.max_writes = max_writes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for _ in range(self.max_writes):
            if self._stop.is_set():
                return
            if self.payload:
                try:
                    os.write(self.master, self.payload)
                except OSError:
                    return
            # drain what the client might send, so a write never blocks on a full buffer
            self._stop.wait(self.period)

    def start(self) -> PtyPeer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def pty_peer() -> Iterator[callable]:  # type: ignore[valid-type]
    peers: list[PtyPeer] = []

    def make(payload: bytes = b"", period: float = 0.05) -> PtyPeer:
        p = PtyPeer(payload, period).start()
        peers.append(p)
        return p

    yield make
    for p in peers:
        p.close()
