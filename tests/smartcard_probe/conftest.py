"""Fixtures of the PC/SC probe tests: a private pcscd with one vpcd reader (2 slots).

Slot 0 ("HSD Lab 0 00 00") holds the card under test, swapped on demand (one vpcd config per
pcscd: two configs sharing the driver starve each other's presence polling, observed with
vpcd 0.8 / pcsc-lite 1.9.9); slot 1 ("HSD Lab 0 00 01") stays empty for the no-card case.
PCSCLITE_CSOCK_NAME is set before the first PC/SC call of this process and inherited by the
CLI subprocesses, so everything talks to the private daemon.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from hsd_testing import require_peer  # tests/conftest.py (rootdir conftest)

from . import lab as L
from .cards import CARDS

SLOT0 = "HSD Lab 0 00 00"
SLOT1 = "HSD Lab 0 00 01"


class Lab:
    def __init__(self, daemon: L.Pcscd, root: Path) -> None:
        self.daemon = daemon
        self.root = root
        self.card: L.Card | None = None
        self.card_name = ""

    def insert(self, name: str) -> L.Card:
        """Put the scripted card ``name`` in slot 0 (reusing it when it is already there)."""
        if self.card is not None and self.card_name == name and self.card.proc and self.card.proc.poll() is None:
            return self.card
        if self.card is not None:
            self.card.stop()
            L.wait_card_gone(SLOT0)  # gotcha 8: pcscd reports the old card for a while
        script = CARDS[name]
        self.card = L.Card(name, self.daemon.ports[0], script, self.root).start()
        self.card_name = name
        L.wait_card_atr(SLOT0, bytes.fromhex(script["atr"]))
        return self.card

    def close(self) -> None:
        if self.card is not None:
            self.card.stop()
        self.daemon.stop()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    require_peer("pcscd", L.VPCD_LIB)
    try:
        import smartcard.scard  # noqa: F401
    except ImportError:
        pytest.skip("pyscard missing")
    root = tmp_path_factory.mktemp("pcsc")
    old = os.environ.get("PCSCLITE_CSOCK_NAME")
    daemon = L.Pcscd(root)
    os.environ["PCSCLITE_CSOCK_NAME"] = daemon.socket_path
    the_lab = Lab(daemon, root)
    try:
        daemon.start()
        yield the_lab
    finally:
        the_lab.close()
        if old is None:
            os.environ.pop("PCSCLITE_CSOCK_NAME", None)
        else:
            os.environ["PCSCLITE_CSOCK_NAME"] = old


@contextmanager
def holding(mode: str, reader: str, timeout: float = 10.0) -> Iterator[subprocess.Popen[bytes]]:
    """A helper process that holds the card (``exclusive`` or ``transaction``) until we let go."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("holder.py")), mode, reader],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        line = b""
        while time.monotonic() < deadline and not line.endswith(b"\n"):
            ready, _, _ = select.select([proc.stdout], [], [], 0.1)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 256)  # type: ignore[union-attr]
                if not chunk:
                    break
                line += chunk
            if proc.poll() is not None and not ready:
                break
        assert line.strip() == b"READY", f"holder did not get ready: {line!r} {proc.stderr.read() if proc.poll() is not None else ''!r}"  # type: ignore[union-attr]
        yield proc
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            L.stop(proc)
