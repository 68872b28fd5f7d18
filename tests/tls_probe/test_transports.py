"""The deadline transports: bounded in time and in bytes against the lab's hostile peers."""

from __future__ import annotations

import socket
import time

from handshake_doctor.transports.deadline import Deadline
from handshake_doctor.transports.tcp import close_quietly, connect, read_until, resolve, send_all

from .lab_peers import PyPeer, closed_port, flood, silent


def test_read_is_bounded_in_bytes_against_a_flood() -> None:
    peer = PyPeer("flood-t", flood)
    try:
        c = connect(socket.AF_INET, "127.0.0.1", peer.port, Deadline(2))
        assert c.sock is not None
        send_all(c.sock, b"hello", Deadline(1))
        r = read_until(c.sock, Deadline(2), 100_000)
        close_quietly(c.sock)
        assert r.end == "limit" and len(r.data) == 100_000
    finally:
        peer.stop()


def test_read_is_bounded_in_time_against_silence() -> None:
    peer = PyPeer("silent-t", silent)
    try:
        c = connect(socket.AF_INET, "127.0.0.1", peer.port, Deadline(2))
        assert c.sock is not None
        t0 = time.monotonic()
        r = read_until(c.sock, Deadline(0.3), 1000)
        close_quietly(c.sock)
        assert r.end == "timeout" and r.data == b""
        assert 0.25 < time.monotonic() - t0 < 1.0
    finally:
        peer.stop()


def test_refused_and_resolve() -> None:
    assert connect(socket.AF_INET, "127.0.0.1", closed_port(), Deadline(1)).outcome == "refused"
    assert resolve("localhost", 1, Deadline(2)).addresses
    assert not resolve("no-such-host.invalid", 1, Deadline(2)).addresses
