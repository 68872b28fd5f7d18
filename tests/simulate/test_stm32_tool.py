"""The STM32 simulator judged by the real stm32flash 0.7 (facts/serial.md §3.1, §3.2)."""

from __future__ import annotations

from hsd_testing import require_peer

from .conftest import run_tool


def test_stm32flash_reads_device_id(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("stm32flash")
    with sim("stm32", "--pid", "0x0410") as s:
        res = run_tool("stm32flash", "-m", "8n1", s.path, timeout=30)
        names = s.names()
    assert res.returncode == 0, res.stdout
    assert "Device ID    : 0x0410" in res.stdout
    assert "Version      : 0x31" in res.stdout
    assert names[:4] == ["SYNC", "GET_VERSION", "GET", "GET_ID"]


def test_stm32flash_other_pid_reaches_the_tool(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("stm32flash")
    with sim("stm32", "--pid", "0x0413") as s:
        res = run_tool("stm32flash", "-m", "8n1", s.path, timeout=30)
    assert "0x0413" in res.stdout, res.stdout


def test_stm32flash_read_memory_follows_autobaud(sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    require_peer("stm32flash")
    out = tmp_path / "dump.bin"
    with sim("stm32") as s:
        res = run_tool("stm32flash", "-m", "8n1", "-b", "115200", "-r", str(out), "-S", "0x08000000:64", s.path,
                       timeout=30)
        log = s.log()
    assert res.returncode == 0, res.stdout
    assert out.read_bytes() == b"\xff" * 64  # erased flash, as the simulated chip shows it
    assert "device now 115200 8E1 (autobaud)" in log


def test_stm32flash_write_is_refused_and_recorded(sim, tmp_path) -> None:  # type: ignore[no-untyped-def]
    require_peer("stm32flash")
    image = tmp_path / "w.bin"
    image.write_bytes(bytes(range(64)))
    with sim("stm32") as s:
        res = run_tool("stm32flash", "-m", "8n1", "-w", str(image), s.path, timeout=30)
        recs = s.records()
    assert res.returncode != 0, res.stdout
    assert "Got NACK from device on command 0x43" in res.stdout
    refused = [r for r in recs if r["changes_device"]]
    assert refused and all(r["verdict"] == "refused" for r in refused)
    assert refused[0]["name"] == "ERASE"


def test_app_mode_is_not_a_bootloader(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("stm32flash")
    with sim("stm32", "--mode", "app") as s:
        res = run_tool("stm32flash", "-m", "8n1", s.path, timeout=30)
    assert res.returncode != 0
    assert "Failed to init device." in res.stdout, res.stdout


def test_silent_mode_times_out(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("stm32flash")
    with sim("stm32", "--mode", "silent") as s:
        res = run_tool("stm32flash", "-m", "8n1", s.path, timeout=30)
        recs = s.records()
    assert res.returncode != 0
    assert "Failed to init device, timeout." in res.stdout, res.stdout
    assert recs and recs[0]["raw"] == "7f" and recs[0]["verdict"] == "ignored"
