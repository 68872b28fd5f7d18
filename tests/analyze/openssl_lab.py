"""What the key-log capture labs (keylog10/12/13_lab.py) share: openssl s_server serving one
connection per scenario, openssl s_client driven through its stdin, and tcpdump around it all.

Why one module: the three labs had grown the same start/wait/stop code three times, and a fix
to one (a loaded machine needing a longer wait, a server that never says ACCEPT) had to be made
in each. Each lab now holds only its plan: which server and client flags make which failure.
"""

from __future__ import annotations

import json
import os
import selectors
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.analyze import live_dump

#: a handshake or server start on a loaded 2-core machine can take seconds
WAIT = 8.0


def free_port(used: set[int]) -> int:
    """A port the OS gives (bind 0) that no earlier scenario used: the OS may hand one back
    after it was closed, and the tests tell the connections apart by their server port."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in used:
            used.add(port)
            return port
    raise RuntimeError("no unused port in 50 tries")


def wait_output(proc: subprocess.Popen, marker: bytes, seconds: float = WAIT) -> bool:  # type: ignore[type-arg]
    """Read ``proc``'s stdout (raw reads: a buffered readline could hold the line while select
    waits) until ``marker`` shows, bounded in time; what comes later is left unread."""
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    seen = b""
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end and sel.select(max(0.0, end - time.monotonic())):
            chunk = os.read(proc.stdout.fileno(), 4096)
            seen = (seen + chunk)[-4096:]
            if not chunk or marker in seen:
                return bool(chunk)
        return False
    finally:
        sel.close()


def _reap(proc: subprocess.Popen, terminate: bool = True) -> None:  # type: ignore[type-arg]
    if proc.poll() is None:
        proc.terminate() if terminate else proc.kill()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def self_signed(out: Path, cn: str) -> tuple[Path, Path]:
    """(key, certificate) of a fresh self-signed RSA certificate for ``cn``."""
    key, cert = out / "key.pem", out / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                    "-subj", f"/CN={cn}"], check=True, capture_output=True, timeout=60)
    return key, cert


@contextmanager
def serving(name: str, port: int, flags: Sequence[str]) -> Iterator[subprocess.Popen | None]:  # type: ignore[type-arg]
    """``openssl s_server -accept 127.0.0.1:PORT FLAGS -naccept 1`` once it listens (no probe
    connection is captured: its ACCEPT line is the sign), or None when it never does."""
    srv = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", *flags, "-naccept", "1"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        if wait_output(srv, b"ACCEPT"):
            yield srv
        else:
            srv.kill()
            print(f"{name}: s_server did not start: {srv.communicate(timeout=5)[1][-500:]!r}", file=sys.stderr)
            yield None
    finally:
        _reap(srv)


def s_client_session(port: int, flags: Sequence[str], keylog: Path, action: str = "get") -> None:
    """``openssl s_client`` with its key log: once the handshake is done, a GET (``get``) or a
    request to renegotiate ("R", ``renegotiate``), then its stdin closes."""
    cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", *flags, "-keylogfile", str(keylog)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert p.stdin is not None
    try:
        wait_output(p, b"Verify return code")
        p.stdin.write(b"R\n" if action == "renegotiate" else b"GET / HTTP/1.0\r\n\r\n")
        p.stdin.flush()
        time.sleep(0.5)
        p.stdin.close()
        p.wait(5)
    except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
        _reap(p, terminate=False)


@contextmanager
def captured(out: Path, pcap_name: str) -> Iterator[list[dict[str, object]]]:
    """tcpdump on the namespace's loopback around the block; the block appends one row per
    scenario it ran, written to OUT/scenarios.json with tcpdump's last words in OUT/tcpdump.json.
    Raises SystemExit(3) when tcpdump does not start (the lab's exit status says so)."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    pcap = out / pcap_name
    dump = live_dump.start("lo", pcap)
    if dump is None:
        raise SystemExit(3)
    rows: list[dict[str, object]] = []
    try:
        yield rows
    finally:
        last_words = live_dump.stop(dump, pcap)
        (out / "scenarios.json").write_text(json.dumps(rows, indent=1))
        # what tcpdump said at its end ("N packets dropped by kernel") and how it ended
        (out / "tcpdump.json").write_text(json.dumps({"rc": dump.returncode, "stderr": last_words}))
