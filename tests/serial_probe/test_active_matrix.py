"""Acceptance matrix of the active phase (issue 5): every simulator, at a rate the probe is not
told, must come out as ``findings[0]`` with the right device, mode and settings within 5 s, and
the simulator's command record must show no write/erase/jump/unlock from the probe.

Why in-process (``hsdsim://``) for the matrix: the handler sees the host's parity and data bits
(a pty cannot), and its ``.record`` is read directly. Two cases also run through a real pty and
a real ``hsdoctor simulate`` process. Times are printed per case (run with ``-s`` to see them).
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hsd_testing import stop_process
import serial

from handshake_doctor.domains.serial import probe as serial_probe

ROOT = Path(__file__).resolve().parents[2]
BUDGET_S = 5.0

#: commands whose name says the device would change: none may appear in a record from our probe
UNSAFE_WORDS = ("WRITE", "ERASE", "GO", "JUMP", "SEND_DA", "UNLOCK", "UNPROTECT", "PROG", "SEND_CERT", "SEND_AUTH")


def _args(**kw: object) -> argparse.Namespace:
    base = {"baud": None, "framing": None, "listen": None, "no_search": False, "no_active": False, "timeout": BUDGET_S, "json": True,
            "expect": None}
    base.update(kw)
    return argparse.Namespace(**base)


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every pyserial URL port the probe opens, so the test can read the simulator's record."""
    opened: list[object] = []
    real = serial.serial_for_url

    def spy(*a: object, **kw: object) -> object:
        port = real(*a, **kw)  # type: ignore[arg-type]
        opened.append(port)
        return port

    monkeypatch.setattr(serial, "serial_for_url", spy)
    return opened


def _unsafe(names: list[str]) -> list[str]:
    return [n for n in names if any(w in n.upper().split() or n.upper().startswith(w) for w in UNSAFE_WORDS)]


# (simulator URL, expected findings[0].code, text the summary must contain: the settings/mode)
CASES: list[tuple[str, str, str]] = [
    ("stm32?baud=38400", "bootloader.stm32.found", "0x410"),  # autobaud: any host rate works
    ("stm32?baud=57600&no-autobaud=1", "bootloader.stm32.found", "57600"),
    ("avr?baud=57600", "bootloader.avr.found", "57600"),
    # a program printing text: which chip runs it cannot be told from the text (--expect says it)
    ("avr?mode=sketch&baud=57600", "serial.text_device", "57600"),
    ("stm32?mode=app", "serial.text_device", "57600 8E1"),
    ("esp32?baud=57600", "bootloader.esp.found", "ESP32"),
    ("esp32?mode=boot-log&baud=57600", "bootloader.esp.boot_log", "57600"),
    # a MediaTek BROM UART runs at a fixed 115200 (facts/serial.md §4.1); preloaders also at 921600
    ("mtk", "bootloader.mtk.brom", "115200"),
    ("mtk?mode=preloader&baud=921600", "bootloader.mtk.preloader", "921600"),
    ("mtk?mode=echo", "bootloader.mtk.echo_not_complement", "115200"),
    ("modem?baud=9600", "serial.modem_at", "9600"),
    ("gps?baud=9600&period=0.2", "serial.gps_nmea", "9600"),
    ("chatter?baud=57600&period=0.2", "serial.text_device", "57600"),
    ("mbus", "meter.mbus", "2400"),
    ("dlt645", "meter.dlt645", "2400"),
    ("iec62056", "meter.iec62056_21", "300 7E1"),  # silent until '/?!' at 300 7E1: asked in the late pass
]


@pytest.mark.parametrize("sim,code,must", CASES, ids=[c[0] for c in CASES])
def test_simulator_identified_first_within_budget(sim: str, code: str, must: str, handlers: list[object]) -> None:
    t0 = time.monotonic()
    diag = serial_probe.probe(f"serial://hsdsim://{sim}", _args())
    took = time.monotonic() - t0
    print(f"\nACTIVE-TIME {sim:36s} {took:5.2f} s -> {diag.findings[0].code if diag.findings else '-'}")
    assert diag.findings, "no finding at all"
    top = diag.findings[0]
    if code == "serial.text_device" and top.code == "serial.baud_mismatch":
        # the passive phase puts the rate first; the device must still be named, at that rate
        assert must in top.summary, top.summary
        top = next(f for f in diag.findings if f.code == code)
    assert top.code == code, f"findings[0] is {top.code}: {top.summary}; all: {[f.code for f in diag.findings]}"
    assert must in top.summary, top.summary
    assert took < BUDGET_S + 0.5, f"{took:.2f} s"
    assert top.evidence, "the top finding carries no evidence"
    names = [c.name for h in handlers for c in h.record]  # type: ignore[attr-defined]
    changes = [c.name for h in handlers for c in h.record if c.changes_device]  # type: ignore[attr-defined]
    assert not changes, f"the probe sent device-changing commands: {changes}"
    assert not _unsafe(names), names


# (simulator, --expect, findings[0].code, text its summary must contain)
EXPECT_CASES: list[tuple[str, str, str, str]] = [
    ("avr?mode=sketch&baud=57600", "avr", "bootloader.avr.sketch_running", "57600"),
    ("stm32?mode=app", "stm32", "bootloader.stm32.not_in_bootloader", "hello from app"),
    ("stm32?mode=silent", "stm32", "bootloader.stm32.not_in_bootloader", "0x7F"),
    ("stm32?baud=57600&no-autobaud=1", "stm32", "bootloader.stm32.found", "0x410"),
    ("mbus", "mbus", "meter.mbus", "2400 8E1"),
    ("avr?baud=57600", "stm32", "bootloader.avr.found", "57600"),  # expecting one thing does not hide another
]


@pytest.mark.parametrize("sim,expect,code,must", EXPECT_CASES, ids=[f"{c[0]}-expect-{c[1]}" for c in EXPECT_CASES])
def test_expect_names_the_failure_in_the_tools_terms(sim: str, expect: str, code: str, must: str, handlers: list[object]) -> None:
    t0 = time.monotonic()
    diag = serial_probe.probe(f"serial://hsdsim://{sim}", _args(expect=expect))
    took = time.monotonic() - t0
    print(f"\nACTIVE-TIME {sim} --expect {expect}: {took:5.2f} s -> {diag.findings[0].code if diag.findings else '-'}")
    top = diag.findings[0]
    assert top.code == code, [(f.code, f.summary) for f in diag.findings]
    assert must in top.summary, top.summary
    assert took < BUDGET_S + 0.5
    changes = [c.name for h in handlers for c in h.record if c.changes_device]  # type: ignore[attr-defined]
    assert not changes, changes


def test_a_printing_stm32_is_never_called_an_avr(handlers: list[object]) -> None:
    """Without --expect the handshakes only show what each tool would meet; no chip is guessed."""
    diag = serial_probe.probe("serial://hsdsim://stm32?mode=app", _args())
    got = [f.code for f in diag.findings]
    assert got[0] == "serial.text_device" and not any(c.startswith("bootloader.avr") for c in got), got
    assert any("--expect" in n and "resp=0x68" in n for n in diag.notes), diag.notes


@pytest.mark.parametrize("sim", ["stm32", "avr", "mtk", "esp32", "mbus"])
def test_no_active_sends_nothing(sim: str, handlers: list[object]) -> None:
    diag = serial_probe.probe(f"serial://hsdsim://{sim}", _args(no_active=True, timeout=1.5))
    assert handlers, "the probe opened no port"
    sent = [c for h in handlers for c in h.record]  # type: ignore[attr-defined]
    assert sent == [], f"--no-active sent {[(c.name, c.raw.hex()) for c in sent]}"
    assert not any(f.code.startswith("bootloader.") or f.code.startswith("meter.") for f in diag.findings)


def test_mtk_target_config_meaning(handlers: list[object]) -> None:
    diag = serial_probe.probe("serial://hsdsim://mtk?sla=1&daa=1", _args())
    top = diag.findings[0]
    assert top.code == "bootloader.mtk.brom"
    text = top.summary + " " + top.detail
    assert "SLA" in text and "DAA" in text and "SBC" not in top.summary.split(":")[0]


def test_stm32_parity_is_named(handlers: list[object]) -> None:
    """An 8E1 bootloader probed from an 8N1 host: the 8N1 attempt must not be reported as success."""
    diag = serial_probe.probe("serial://hsdsim://stm32?baud=57600&no-autobaud=1", _args(baud="57600"))
    top = diag.findings[0]
    assert top.code in ("bootloader.stm32.found", "bootloader.stm32.parity_mismatch")
    if top.code == "bootloader.stm32.found":
        assert "8E1" in top.summary, top.summary


# ------------------------------------------------------------------------------- real ptys
def _start(device: str, args: list[str], tmp: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    record = tmp / f"{device}.jsonl"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-m", "handshake_doctor", "simulate", device, "--quiet", "--record", str(record),
                             "--max-seconds", "60", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 15.0)
    path = proc.stdout.readline().decode().strip() if ready else ""
    if not path.startswith("/dev/"):
        proc.kill()
        proc.wait(5)
        pytest.fail(f"simulator did not print its pty path: {path!r}")
    return proc, path, record


@pytest.mark.parametrize("device,args,code,must", [
    ("stm32", ["--baud", "57600"], "bootloader.stm32.found", "0x410"),
    ("avr", ["--mode", "sketch", "--baud", "57600"], "serial.text_device", "57600"),
    ("mtk", ["--mode", "echo"], "bootloader.mtk.echo_not_complement", "115200"),
])
def test_real_pty(device: str, args: list[str], code: str, must: str, tmp_path: Path) -> None:
    proc, path, record = _start(device, args, tmp_path)
    try:
        t0 = time.monotonic()
        diag = serial_probe.probe(f"serial://{path}", _args())
        took = time.monotonic() - t0
        print(f"\nACTIVE-TIME pty {device} {' '.join(args):28s} {took:5.2f} s -> {diag.findings[0].code if diag.findings else '-'}")
        assert diag.findings and diag.findings[0].code == code, [(f.code, f.summary) for f in diag.findings]
        assert must in diag.findings[0].summary
        assert took < BUDGET_S + 0.5
    finally:
        stop_process(proc)
    rows = [json.loads(x) for x in record.read_text().splitlines() if x.strip()] if record.exists() else []
    assert rows, "the simulator recorded nothing: the probe sent no handshake"
    assert not [r for r in rows if r.get("changes_device")], rows
    assert not _unsafe([str(r["name"]) for r in rows])
