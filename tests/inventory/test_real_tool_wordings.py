"""The inventories against the real tools: each tool runs here in a failure it can reach without
hardware (no USB programmer, no debug probe, no DFU device, a missing port, a silent pty, a port
another program holds), and what it prints must be matched by an inventory row of the expected
code, and ``explain`` must lead with that code.

Why: the inventory rows were read from the tools' sources; this checks the spelling against the
binaries that Debian ships (avrdude 7.1, openocd 0.12, st-flash 1.7, dfu-util 0.11, picocom 3.1)
and esptool from PyPI. Every tool runs with a timeout; pty fds are closed in all cases.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

import handshake_doctor as hd
from handshake_doctor.knowledge.inventory import InventoryRow, device_rows
from handshake_doctor.knowledge.table import rx

from hsd_testing import require_peer

ESPTOOL = str(Path(sys.executable).parent / "esptool")
MISSING = "/dev/ttyHSDNOPE0"


def _inventory_rows() -> list[InventoryRow]:
    return [row for _, row in device_rows()]


ROWS = _inventory_rows()


@contextmanager
def silent_pty() -> Iterator[str]:
    """A pty whose far end never answers (a device that stays silent)."""
    master, slave = os.openpty()
    try:
        yield os.ttyname(slave)
    finally:
        os.close(slave)
        os.close(master)


def run(cmd: list[str], timeout: float = 60) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:  # the output so far still counts
        out = (e.stdout or b"") + (e.stderr or b"")
        return out.decode(errors="replace") if isinstance(out, bytes) else str(out)
    return r.stdout + r.stderr


def check(output: str, code: str) -> None:
    matched = [r for r in ROWS if r.code == code and rx(r.pattern).search(output)]
    assert matched, f"no inventory row of {code} matches the tool's output:\n{output[-1500:]}"
    diag = hd.explain(output)
    assert diag.findings and diag.findings[0].code == code, (output[-800:], [(f.code, f.confidence) for f in diag.findings[:4]])


def test_avrdude_usbasp_without_a_programmer() -> None:
    require_peer("avrdude")
    check(run(["avrdude", "-c", "usbasp", "-p", "m328p"]), "bootloader.avr.programmer_not_found")


def test_avrdude_usbtiny_without_a_programmer() -> None:
    require_peer("avrdude")
    check(run(["avrdude", "-c", "usbtiny", "-p", "m328p"]), "bootloader.avr.programmer_not_found")


def test_avrdude_arduino_on_a_silent_port() -> None:
    require_peer("avrdude")
    with silent_pty() as port:
        check(run(["avrdude", "-c", "arduino", "-p", "m328p", "-P", port, "-b", "115200", "-x", "attempts=1"]), "bootloader.avr.no_reply")


def test_avrdude_serialupdi_on_a_silent_port() -> None:
    require_peer("avrdude")
    with silent_pty() as port:
        check(run(["avrdude", "-c", "serialupdi", "-p", "t1614", "-P", port, "-b", "57600"]), "bootloader.avr.updi_link_failed")


def test_avrdude_on_a_missing_port() -> None:
    require_peer("avrdude")
    check(run(["avrdude", "-c", "arduino", "-p", "m328p", "-P", MISSING]), "serial.port_missing")


def test_esptool_on_a_silent_port() -> None:
    require_peer(ESPTOOL)
    with silent_pty() as port:
        out = run([ESPTOOL, "--port", port, "--before", "no-reset", "--connect-attempts", "1", "chip-id"], timeout=90)
    check(out, "bootloader.esp.no_reply")


def test_esptool_v5_deprecated_command_name() -> None:
    """esptool 5 still runs 'chip_id' but warns; the warning is inventoried as a v5 name change."""
    require_peer(ESPTOOL)
    with silent_pty() as port:
        out = run([ESPTOOL, "--port", port, "--before", "no-reset", "--connect-attempts", "1", "chip_id"], timeout=90)
    assert any(r.code == "bootloader.esp.deprecated_name" and rx(r.pattern).search(out) for r in ROWS), out[-800:]


def test_openocd_stlink_without_a_probe() -> None:
    require_peer("openocd")
    check(run(["openocd", "-f", "interface/stlink.cfg", "-f", "target/stm32f1x.cfg", "-c", "init; exit"]), "bootloader.stm32.probe_not_found")


def test_openocd_cmsis_dap_without_a_probe() -> None:
    require_peer("openocd")
    check(run(["openocd", "-f", "interface/cmsis-dap.cfg", "-f", "target/stm32f1x.cfg", "-c", "init; exit"]), "bootloader.stm32.probe_not_found")


def test_st_flash_without_a_probe(tmp_path: Path) -> None:
    require_peer("st-flash")
    check(run(["st-flash", "read", str(tmp_path / "out.bin"), "0x8000000", "16"]), "bootloader.stm32.probe_not_found")


def test_dfu_util_without_a_device(tmp_path: Path) -> None:
    require_peer("dfu-util")
    image = tmp_path / "app.bin"
    image.write_bytes(b"\x00" * 64)
    check(run(["dfu-util", "-a", "0", "-s", "0x08000000", "-D", str(image)]), "bootloader.stm32.dfu_not_found")


def test_picocom_on_a_missing_port() -> None:
    require_peer("picocom")
    check(run(["picocom", MISSING], timeout=20), "serial.port_missing")


def test_picocom_on_a_port_another_picocom_holds() -> None:
    require_peer("picocom")
    import select

    with silent_pty() as port:
        holder = subprocess.Popen(["picocom", port], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            seen, deadline = b"", time.monotonic() + 20
            while b"Terminal ready" not in seen and time.monotonic() < deadline:  # the holder has its lock
                r, _, _ = select.select([holder.stdout], [], [], 0.5)
                if r:
                    chunk = os.read(holder.stdout.fileno(), 4096)  # type: ignore[union-attr]
                    if not chunk:
                        break
                    seen += chunk
            assert b"Terminal ready" in seen, seen[-500:]
            out = run(["picocom", port], timeout=10)
        finally:
            holder.kill()
            holder.wait(timeout=10)
    check(out, "serial.port_busy")


@pytest.mark.parametrize("code", ["serial.port_missing"])
def test_pyserial_on_a_missing_port(code: str) -> None:
    out = run([sys.executable, "-c", f"import serial; serial.Serial('{MISSING}', 115200)"])
    check(out, code)
