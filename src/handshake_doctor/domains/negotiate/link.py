"""One TCP connection of a negotiation, every byte recorded in the run's transcript (I/O).

Why every exchange goes through here: the judge reads only the transcript, so what the probe
sent and received must be there exactly, with the connection it belongs to (``meta.conn``) and
how each read ended (``meta.end``: enough, limit, eof, reset, timeout). Reads are bounded in
bytes and time, so a flooding or stalling peer cannot hang the probe or grow its memory.
"""

from __future__ import annotations

import socket
import time
from typing import Callable

from ...transcript import RX, TX, Transcript
from ...transports.deadline import Deadline
from ...transports.tcp import close_quietly, connect, read_until, send_all

MAX_READ = 32 * 1024  # longer than any real greeting, capability list or error; a flood is cut here


class Link:
    def __init__(self, transcript: Transcript, conn: int, sock: socket.socket, t0: float) -> None:
        self.transcript, self.conn, self.sock, self.t0 = transcript, conn, sock, t0
        self.buffer = b""  # what arrived beyond what the last read consumed (kept for the caller)

    def _t(self) -> float:
        return time.monotonic() - self.t0

    def send(self, data: bytes, label: str, deadline: Deadline) -> str:
        """'' when sent, else the outcome ('reset', 'timeout', 'error: ...'), recorded."""
        self.transcript.add(TX, data, t=self._t(), label=label, conn=self.conn)
        outcome = send_all(self.sock, data, deadline) if self.sock else "closed"
        if outcome:
            self.transcript.add(RX, b"", t=self._t(), kind="event", label="reset" if outcome == "reset" else "send_failed", conn=self.conn, detail=outcome)
        return outcome

    def recv(self, label: str, deadline: Deadline, enough: Callable[[bytes], bool] | None = None, max_bytes: int = MAX_READ) -> tuple[bytes, str]:
        """Read until ``enough``, ``max_bytes``, EOF, reset or the deadline; returns (data, end)."""
        if self.sock is None:
            return b"", "closed"
        r = read_until(self.sock, deadline, max_bytes, enough)
        end = r.end
        self.transcript.add(RX, r.data, t=self._t(), label=label, conn=self.conn, end=end,
                            first_byte_ms=None if r.first_byte_ms is None else round(r.first_byte_ms, 1))
        if end in ("eof", "reset", "timeout", "limit") and not r.data:
            self.transcript.add(RX, b"", t=self._t(), kind="event", label=end, conn=self.conn, after=label)
        return r.data, end

    def detach(self) -> socket.socket | None:
        """Hand the socket over (to the TLS handshake); the link no longer owns it."""
        s, self.sock = self.sock, None
        if s is not None:
            self.transcript.add(TX, b"", t=self._t(), kind="event", label="tls_start", conn=self.conn)
        return s

    def close(self) -> None:
        close_quietly(self.sock)
        self.sock = None


class Dialer:
    """Opens numbered, recorded connections to one address."""

    def __init__(self, transcript: Transcript, family: int, address: str, port: int) -> None:
        self.transcript, self.family, self.address, self.port = transcript, family, address, port
        self.t0 = time.monotonic()
        self.count = 0

    def open(self, deadline: Deadline, purpose: str) -> tuple[Link | None, str]:
        self.count += 1
        n = self.count
        c = connect(self.family, self.address, self.port, deadline)
        t = time.monotonic() - self.t0
        if c.sock is None:
            self.transcript.add(RX, b"", t=t, kind="event", label="connect_" + c.outcome, conn=n, purpose=purpose, detail=c.error)
            return None, c.outcome + (f": {c.error}" if c.error else "")
        self.transcript.add(TX, b"", t=t, kind="event", label="connect", conn=n, purpose=purpose)
        return Link(self.transcript, n, c.sock, self.t0), ""
