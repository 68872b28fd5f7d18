"""The smart-card lab: a private pcscd (socket activation) with vpcd readers and scripted cards.

Why private: the system pcscd (if any) belongs to the machine; ours binds its own Unix socket in
a temp dir (pcscd 1.9.9 ignores PCSCLITE_CSOCK_NAME itself, so the socket is handed over as fd 3
with LISTEN_FDS/LISTEN_PID, facts/smartcard.md gotcha 11), reads its own reader.conf dir (only
reader configs in it: gotcha 13) and uses free vpcd ports. Every process started here is kept by
its Popen object and stopped by PID and waited for (gotcha 14), also when a start fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
VPCD_LIB = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
PCSCD = shutil.which("pcscd") or "/usr/sbin/pcscd"


def free_port_pair() -> int:
    """A port P with P and P+1 free on loopback (vpcd slot 0 and slot 1)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as s2:
                s2.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no free vpcd port pair found")


def listening_ports() -> set[int]:
    ports: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) > 3 and parts[3] == "0A":
                ports.add(int(parts[1].rsplit(":", 1)[1], 16))
    return ports


def stop(proc: subprocess.Popen[bytes] | None, timeout: float = 3.0) -> None:
    """Terminate one process we started, by its PID, and reap it."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)


@dataclass
class Pcscd:
    """A private pcscd with ``readers`` vpcd configs (2 slots each)."""

    root: Path
    readers: int = 1
    proc: subprocess.Popen[bytes] | None = None
    ports: list[int] = field(default_factory=list)
    friendly: list[str] = field(default_factory=list)
    #: more pcscd options, e.g. ("--apdu",) for the APDU log that analyze reads (tests/analyze)
    extra_args: tuple[str, ...] = ()

    @property
    def socket_path(self) -> str:
        return str(self.root / "pcscd.comm")

    def start(self) -> "Pcscd":
        confdir = self.root / "reader.conf.d"
        confdir.mkdir(parents=True, exist_ok=True)
        for i in range(self.readers):
            port = free_port_pair()
            name = f"HSD Lab {i}"
            (confdir / f"vpcd{i}").write_text(
                f'FRIENDLYNAME "{name}"\nDEVICENAME /dev/null:0x{port:04X}\n'
                f"LIBPATH {VPCD_LIB}\nCHANNELID 0x{port:04X}\n"
            )
            self.ports.append(port)
            self.friendly.append(name)
        lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lsock.bind(self.socket_path)
        lsock.listen(16)
        fd = lsock.fileno()
        log = open(self.root / "pcscd.log", "wb")  # NOT in confdir (gotcha 13)
        env = dict(os.environ, LISTEN_FDS="1")
        # pcscd takes the listening socket as fd 3 (sd_listen_fds); move it there unless it is already
        redirect = "" if fd == 3 else f" 3<&{fd} {fd}<&-"
        try:
            self.proc = subprocess.Popen(
                ["bash", "-c", f'LISTEN_PID=$$; export LISTEN_PID; exec "$@"{redirect}', "bash",
                 PCSCD, "--foreground", "--debug", *self.extra_args, "-c", str(confdir)],
                pass_fds=(fd,), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            )
        finally:
            lsock.close()
            log.close()
        self._wait_listening()
        return self

    def _wait_listening(self, timeout: float = 10.0) -> None:
        """Ready = every vpcd port is in LISTEN state (pcscd loaded the driver). Read from
        /proc/net/tcp rather than connecting, because vpcd would take a connection for a card."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"pcscd exited: {self.log_tail()}")
            if set(self.ports) <= listening_ports():
                return
            time.sleep(0.02)
        raise RuntimeError(f"pcscd vpcd ports {self.ports} not listening: {self.log_tail()}")

    def log_tail(self, n: int = 2000) -> str:
        try:
            return (self.root / "pcscd.log").read_text(errors="replace")[-n:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        stop(self.proc)


@dataclass
class Card:
    """One scripted card process on one vpcd port."""

    name: str
    port: int
    script: dict
    root: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.root / f"card-{self.name}.log"

    def start(self) -> "Card":
        script_path = self.root / f"card-{self.name}.json"
        script_path.write_text(json.dumps(self.script))
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "scripted_card.py"), str(script_path), str(self.port), str(self.log_path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(self.root / f"card-{self.name}.err", "wb"),
        )
        return self

    def apdus(self) -> list[str]:
        try:
            lines = self.log_path.read_text().splitlines()
        except OSError:
            return []
        return [ln[5:] for ln in lines if ln.startswith("APDU ")]

    def stop(self) -> None:
        stop(self.proc)


def wait_card_atr(reader: str, atr: bytes, timeout: float = 10.0) -> None:
    """Poll (no blind sleep) until pcscd reports a present card with this ATR in ``reader``."""
    from smartcard.scard import (
        SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCARD_STATE_PRESENT, SCARD_STATE_UNAWARE,
        SCardEstablishContext, SCardGetStatusChange, SCardReleaseContext,
    )

    rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if rc != SCARD_S_SUCCESS:
        raise RuntimeError(f"SCardEstablishContext: {rc:#010x}")
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc, states = SCardGetStatusChange(ctx, 100, [(reader, SCARD_STATE_UNAWARE)])
            if rc == SCARD_S_SUCCESS:
                _, event, got = states[0]
                if event & SCARD_STATE_PRESENT and bytes(got) == atr:
                    return
            time.sleep(0.02)
        raise RuntimeError(f"card with ATR {atr.hex()} not present in {reader!r} after {timeout} s")
    finally:
        SCardReleaseContext(ctx)


def list_readers() -> list[str]:
    from smartcard.scard import SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCardEstablishContext, SCardListReaders, SCardReleaseContext

    rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if rc != SCARD_S_SUCCESS:
        return []
    try:
        rc, readers = SCardListReaders(ctx, [])
        return list(readers) if rc == SCARD_S_SUCCESS else []
    finally:
        SCardReleaseContext(ctx)


def wait_card_gone(reader: str, timeout: float = 10.0) -> None:
    """Poll until ``reader`` reports EMPTY (the previous card process has been stopped)."""
    from smartcard.scard import (
        SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCARD_STATE_EMPTY, SCARD_STATE_UNAWARE,
        SCardEstablishContext, SCardGetStatusChange, SCardReleaseContext,
    )

    rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if rc != SCARD_S_SUCCESS:
        raise RuntimeError(f"SCardEstablishContext: {rc:#010x}")
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc, states = SCardGetStatusChange(ctx, 100, [(reader, SCARD_STATE_UNAWARE)])
            if rc == SCARD_S_SUCCESS and states[0][1] & SCARD_STATE_EMPTY:
                return
            time.sleep(0.02)
        raise RuntimeError(f"{reader!r} still reports a card after {timeout} s")
    finally:
        SCardReleaseContext(ctx)
