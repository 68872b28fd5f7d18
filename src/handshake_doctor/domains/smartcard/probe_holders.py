"""Which processes could be holding the card: every process that has the PC/SC client library loaded.

Why only candidates: pcsc-lite does not tell a client who holds a card exclusively or inside a
transaction, and every PC/SC client (the holder and the innocent ones) is connected to the same
pcscd socket, so /proc/*/fd cannot single one out. A process that has libpcsclite mapped is a
PC/SC client; pcscd itself and this process are left out. Reading another user's /proc/PID/maps
needs privileges; the count of unreadable processes is reported so the user knows the list may
be incomplete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

LIB_MARKERS = ("libpcsclite", "winscard")
MAX_PROCS = 5000  # bounded scan


@dataclass(frozen=True)
class Candidate:
    pid: int
    name: str
    cmdline: str

    def __str__(self) -> str:
        return f"PID {self.pid} {self.name}" + (f" ({self.cmdline[:80]})" if self.cmdline and self.cmdline != self.name else "")


def pcsc_clients(proc: str = "/proc", exclude: tuple[int, ...] = ()) -> tuple[list[Candidate], int]:
    """(PC/SC client processes, number of processes whose maps could not be read)."""
    me = {os.getpid(), *exclude}
    found: list[Candidate] = []
    unreadable = 0
    try:
        entries = [e for e in os.listdir(proc) if e.isdigit()][:MAX_PROCS]
    except OSError:
        return [], 0
    for entry in entries:
        pid = int(entry)
        if pid in me:
            continue
        try:
            with open(f"{proc}/{entry}/maps", encoding="ascii", errors="replace") as fh:
                maps = fh.read(4_000_000)
        except PermissionError:
            unreadable += 1
            continue
        except OSError:
            continue
        if not any(m in maps for m in LIB_MARKERS):
            continue
        name = _read(f"{proc}/{entry}/comm").strip()
        if name == "pcscd":
            continue
        cmd = _read(f"{proc}/{entry}/cmdline").replace("\0", " ").strip()
        found.append(Candidate(pid, name, cmd))
    return found, unreadable


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(4096)
    except OSError:
        return ""
