"""tcpdump as the capture labs run it: one set of flags and one way to stop it, so no lab loses
packets its test then misses.

Why these flags: without --immediate-mode, the packets still in the kernel's ring block
(TPACKET_V3) when SIGINT comes are lost (the last connection was missing from a lab file). With
it, each packet takes a snaplen-sized slot, so the default 2 MiB ring overflows on a loaded
2-core machine (an "-i any" capture lost 15 % of its frames): -B gives a 64 MiB ring. Before
SIGINT, wait until the file stops growing ("151 packets captured, 404 received by filter" was
seen when stopping at once).
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

FLAGS = ("--immediate-mode", "-B", "65536", "-U", "-s", "0")


def start(iface: str, pcap: Path, bpf: str = "tcp") -> subprocess.Popen[bytes] | None:
    """tcpdump writing ``pcap``, once it says it listens; None (and it is stopped) if it does not."""
    dump = subprocess.Popen(["tcpdump", "-i", iface, *FLAGS, "-w", str(pcap), bpf], stderr=subprocess.PIPE)
    assert dump.stderr is not None
    for _ in range(3):  # "-i any" warns first (no promiscuous mode on "any"), then listens
        line = dump.stderr.readline()
        if b"listening" in line:
            return dump
        if not line:
            break
    stop(dump, pcap, wait=False)
    return None


def settle(pcap: Path, quiet: float = 1.0, seconds: float = 15.0) -> None:
    """Wait (at most ``seconds``) until the file has not grown for ``quiet`` seconds."""
    end, size, since = time.monotonic() + seconds, -1, time.monotonic()
    while time.monotonic() < end:
        now = pcap.stat().st_size if pcap.exists() else 0
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def stop(dump: subprocess.Popen[bytes], pcap: Path, wait: bool = True) -> str:
    """Let the file settle, then SIGINT; returns tcpdump's last words ("N packets dropped by kernel")."""
    if wait and dump.poll() is None:
        settle(pcap)
    if dump.poll() is None:
        dump.send_signal(signal.SIGINT)
    try:
        dump.wait(10)
    except subprocess.TimeoutExpired:
        dump.kill()
        dump.wait(5)
    return dump.stderr.read().decode(errors="replace")[-1000:] if dump.stderr else ""
