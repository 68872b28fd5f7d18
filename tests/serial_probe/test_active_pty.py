"""Active phase through a real pty: ``hsdoctor simulate DEVICE`` in a subprocess (killed in a
finally). A pty cannot carry parity, so 8E1 devices are asked at 8N1 and the report says so.
The simulator's --record file must show no write/erase/jump command from the probe."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handshake_doctor.cli import main

ROOT = Path(__file__).resolve().parents[2]
BUDGET_S = 5.0

CASES = [
    ("stm32", ("--baud", "38400"), (), "bootloader.stm32.found", {"device": "stm32"}),
    ("avr", ("--mode", "sketch", "--baud", "57600"), ("--expect", "avr"), "bootloader.avr.sketch_running", {"mode": "sketch", "baud": 57600}),
    ("stm32", ("--mode", "app"), ("--expect", "stm32"), "bootloader.stm32.not_in_bootloader", {"mode": "app"}),
    ("avr", ("--baud", "57600"), (), "bootloader.avr.found", {"baud": 57600, "part": "ATmega328P"}),
    ("mtk", ("--mode", "echo"), ("--baud", "9600"), "bootloader.mtk.echo_not_complement", {"mode": "echo", "baud": 115200}),
    ("esp32", (), (), "bootloader.esp.found", {"chip": "ESP32"}),
    ("mbus", (), (), "meter.mbus", {"baud": 2400, "framing": "8N1"}),
]


def start(device: str, args: tuple[str, ...], record: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-m", "handshake_doctor", "simulate", device, "--record", str(record),
                             "--max-seconds", "60", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    path = proc.stdout.readline().decode().strip() if ready else ""
    return proc, path


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    for f in (proc.stdout, proc.stderr):
        if f is not None:
            f.close()


@pytest.mark.parametrize(("device", "sim_args", "extra", "code", "want"), CASES, ids=[f"{c[0]}{''.join(c[1])}" for c in CASES])
def test_pty_device_is_named(tmp_path, capsys, device, sim_args, extra, code, want) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "record.jsonl"
    proc, path = start(device, sim_args, record)
    try:
        assert path.startswith("/dev/"), f"simulator printed no pty path: {path!r}"
        t0 = time.monotonic()
        main(["probe", f"serial://{path}", "--json", "--timeout", str(BUDGET_S), *extra])
        took = time.monotonic() - t0
        doc = json.loads(capsys.readouterr().out)
    finally:
        stop(proc)
    print(f"\nACTIVE-TIME pty {device} {' '.join(sim_args)}: {took:.2f} s -> {doc['findings'][0]['code'] if doc['findings'] else None}")
    top = doc["findings"][0]
    assert top["code"] == code, [(f["code"], f["summary"]) for f in doc["findings"]]
    for k, v in want.items():
        assert top["data"].get(k) == v, (k, top["data"])
    assert took < BUDGET_S + 0.5
    rows = [json.loads(line) for line in record.read_text().splitlines() if line.strip()] if record.exists() else []
    assert not [r for r in rows if r.get("changes_device")], rows
    if code == "meter.mbus":
        assert any("cannot carry parity" in n for n in doc["notes"]), doc["notes"]
