"""Real tools, real messages: avrdude, stm32flash and esptool run against a pty peer on this
machine (a device that prints text, or one that stays silent), and what they print is fed to
``explain``. This checks our message patterns against the tools' own spelling, not our memory.

Every peer is a thread on a pty master, bounded in time; every tool runs with a timeout and is
killed on failure; fds are closed in all cases.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

import handshake_doctor as hd

from hsd_testing import require_peer

ESPTOOL = str(Path(sys.executable).parent / "esptool")


@contextmanager
def pty_peer(talk: bytes | None, period: float = 0.05, max_seconds: float = 40.0) -> Iterator[str]:
    """A fake device on a pty: writes ``talk`` every ``period`` s (or nothing), reads and drops
    whatever the tool sends. Yields the slave path."""
    master, slave = os.openpty()
    path = os.ttyname(slave)
    stop = threading.Event()

    def run() -> None:
        deadline = time.monotonic() + max_seconds
        next_talk = time.monotonic()
        while not stop.is_set() and time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], period)
            if r:
                try:
                    os.read(master, 4096)
                except OSError:
                    pass
            if talk is not None and time.monotonic() >= next_talk:
                try:
                    os.write(master, talk)
                except OSError:
                    pass
                next_talk = time.monotonic() + period

    t = threading.Thread(target=run, daemon=True)
    t.start()
    try:
        yield path
    finally:
        stop.set()
        t.join(timeout=5)
        os.close(master)
        os.close(slave)


def run_tool(cmd: list[str], timeout: float = 60) -> str:
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate(timeout=10)
        pytest.fail(f"{cmd[0]} did not finish in {timeout} s: {out[-500:]}")
    return out


def _top(text: str) -> tuple[str, str]:
    d = hd.explain(text)
    assert d.findings, text[-800:]
    return d.domains[0].name, d.findings[0].code


def test_avrdude_against_a_sketch_printing_text() -> None:
    require_peer("avrdude")
    with pty_peer(b"hello from sketch\r\n") as port:
        out = run_tool(["avrdude", "-c", "arduino", "-p", "m328p", "-P", port, "-b", "115200", "-x", "attempts=2", "-n"])
    assert "resp=0x" in out, out[-800:]
    assert _top(out) == ("bootloader.avr", "bootloader.avr.sketch_running"), out[-800:]


def test_avrdude_against_a_silent_port() -> None:
    require_peer("avrdude")
    with pty_peer(None) as port:
        out = run_tool(["avrdude", "-c", "arduino", "-p", "m328p", "-P", port, "-b", "115200", "-x", "attempts=1", "-n"])
    assert "resp=0x00" in out or "not responding" in out, out[-800:]
    assert _top(out) == ("bootloader.avr", "bootloader.avr.no_reply"), out[-800:]


def test_stm32flash_8e1_on_a_pty_cannot_set_parity() -> None:
    require_peer("stm32flash")
    with pty_peer(None) as port:
        out = run_tool(["stm32flash", port], timeout=30)
    assert "terminal flags" in out or "Cannot handle device" in out, out[-800:]
    assert _top(out)[1] == "serial.pty_no_parity", out[-800:]


def test_stm32flash_against_a_device_printing_text() -> None:
    require_peer("stm32flash")
    with pty_peer(b"hello from app\r\n") as port:
        out = run_tool(["stm32flash", "-m", "8n1", port], timeout=30)
    assert "Failed to init device" in out, out[-800:]
    assert _top(out) == ("bootloader.stm32", "bootloader.stm32.not_in_bootloader"), out[-800:]


def test_stm32flash_against_a_silent_port() -> None:
    require_peer("stm32flash")
    with pty_peer(None) as port:
        out = run_tool(["stm32flash", "-m", "8n1", port], timeout=30)
    assert "timeout" in out.lower(), out[-800:]
    assert _top(out) == ("bootloader.stm32", "bootloader.stm32.no_reply"), out[-800:]


def test_esptool_against_a_device_printing_text() -> None:
    require_peer(ESPTOOL)
    with pty_peer(b"hello from app\r\n") as port:
        out = run_tool([ESPTOOL, "--port", port, "--before", "no-reset", "--connect-attempts", "1", "chip-id"], timeout=60)
    assert "Invalid head of packet" in out, out[-800:]
    assert _top(out) == ("bootloader.esp", "bootloader.esp.boot_log"), out[-800:]


def test_esptool_against_a_silent_port() -> None:
    require_peer(ESPTOOL)
    with pty_peer(None) as port:
        out = run_tool([ESPTOOL, "--port", port, "--before", "no-reset", "--connect-attempts", "1", "chip-id"], timeout=60)
    domain, code = _top(out)
    assert domain == "bootloader.esp" and code == "bootloader.esp.no_reply", out[-800:]


@pytest.mark.parametrize("tool", ["avrdude", "stm32flash", "esptool", "pyserial"])
def test_missing_port_is_named_port_missing_whatever_the_tool(tool: str, tmp_path: Path) -> None:
    port = str(tmp_path / "ttyUSB_missing")
    cmd = {
        "avrdude": ["avrdude", "-c", "arduino", "-p", "m328p", "-P", port, "-b", "115200", "-n"],
        "stm32flash": ["stm32flash", port],
        "esptool": [ESPTOOL, "--port", port, "chip-id"],
        "pyserial": [sys.executable, "-c", f"import serial; serial.Serial({port!r})"],
    }[tool]
    require_peer(cmd[0])
    out = run_tool(cmd, timeout=60)
    d = hd.explain(out)
    assert d.findings and d.findings[0].code == "serial.port_missing", (out[-600:], [(f.code, f.confidence) for f in d.findings])


def test_pyserial_exclusive_lock_is_port_busy() -> None:
    serial = pytest.importorskip("serial")
    with pty_peer(None) as port:
        first = serial.Serial(port, exclusive=True, timeout=0.1)
        try:
            with pytest.raises(serial.SerialException) as err:
                serial.Serial(port, exclusive=True, timeout=0.1)
        finally:
            first.close()
    d = hd.explain(f"serial.serialutil.SerialException: {err.value}")
    assert d.findings[0].code == "serial.port_busy", str(err.value)
