"""The ESP ROM loader simulator judged by the real esptool (PyPI, facts/serial.md §3.1, §3.2)."""

from __future__ import annotations

import sys
from pathlib import Path

from .conftest import run_tool

ESPTOOL = str(Path(sys.executable).with_name("esptool"))
NO_RESET = ("--before", "no-reset", "--after", "no-reset", "--no-stub")


def _esptool(port: str, *args: str, timeout: float = 60) -> "object":
    from hsd_testing import require_peer

    require_peer(ESPTOOL)
    return run_tool(ESPTOOL, "--port", port, "--baud", "115200", *args, timeout=timeout)


def test_esptool_identifies_esp32(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("esp32") as s:
        res = _esptool(s.path, *NO_RESET, "chip-id")
        recs = s.records()
    assert res.returncode == 0, res.stdout  # type: ignore[attr-defined]
    out = res.stdout  # type: ignore[attr-defined]
    assert "Detecting chip type... ESP32" in out
    assert "Crystal frequency:  40MHz" in out  # from UART_CLKDIV at the rate the ROM measured
    assert "MAC:                55:66:11:22:33:44" in out
    assert not any(r["changes_device"] for r in recs)
    assert recs[0]["name"] == "SYNC"


def test_esptool_write_flash_is_refused_and_recorded(sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    image = tmp_path / "app.bin"
    image.write_bytes(b"\xe9" + bytes(255))
    with sim("esp32") as s:
        res = _esptool(s.path, *NO_RESET, "write-flash", "0x10000", str(image))
        recs = s.records()
    assert res.returncode != 0  # type: ignore[attr-defined]
    assert "result was 0106" in res.stdout  # type: ignore[attr-defined]
    bad = [r for r in recs if r["changes_device"]]
    assert bad and all(r["verdict"] == "refused" for r in bad)


def test_boot_log_mode_gives_invalid_head_of_packet(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("esp32", "--mode", "boot-log", "--period", "0.05") as s:
        res = _esptool(s.path, "--before", "no-reset", "--connect-attempts", "1", "chip-id")
    assert res.returncode != 0  # type: ignore[attr-defined]
    assert "Invalid head of packet" in res.stdout, res.stdout  # type: ignore[attr-defined]


def test_esptool_identifies_esp8266(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("esp32", "--chip", "esp8266") as s:
        res = _esptool(s.path, *NO_RESET, "chip-id")
    out = res.stdout  # type: ignore[attr-defined]
    assert res.returncode == 0, out  # type: ignore[attr-defined]
    assert "Detecting chip type... ESP8266" in out
    assert "Crystal frequency:  26MHz" in out
    assert "MAC:                18:fe:34:33:44:55" in out


def test_esp8266_boot_log_at_74880_read_at_115200(sim) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from handshake_doctor.simulate.physics import MODELLED

    if not MODELLED:
        pytest.skip("line model (domains/serial/line.py) not in the tree yet")
    with sim("esp32", "--chip", "esp8266", "--mode", "boot-log", "--period", "0.05") as s:
        res = _esptool(s.path, "--before", "no-reset", "--connect-attempts", "1", "chip-id")
        log = s.log()
    assert res.returncode != 0  # type: ignore[attr-defined]
    assert "Invalid head of packet" in res.stdout  # type: ignore[attr-defined]
    assert "with errors" in log  # the boot log arrived garbled, not as text
