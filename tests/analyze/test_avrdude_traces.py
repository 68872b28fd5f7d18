"""analyze on avrdude -v -v -v -v traces written by the real avrdude against the AVR simulator
(and a silent and an echoing pty made by socat), in several device states. The reader rebuilds
the STK500 exchange (one send:/recv: line per ser_send/ser_recv call, avrdude 7.1
src/ser_posix.c) and the AVR handshake judge names the cause, as `probe --expect avr` does."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hsd_testing import hsdoctor, require_peer

from .test_logs import _sim, _stop

STATES = [
    # (name, simulator args or a socat peer, avrdude -b, top code, data checks); avrdude -x attempts=4
    # (src/stk500.c retry_attempts) keeps each failing run short
    ("healthy", ("sim",), "115200", "bootloader.avr.found", {"part": "ATmega328P", "baud": 115200}),
    ("sketch", ("sim", "--mode", "sketch"), "115200", "bootloader.avr.sketch_running", {"mode": "sketch", "resp": 0x68}),
    ("host_slower", ("sim",), "57600", "serial.baud_mismatch", {"baud": 57600}),
    ("host_much_slower", ("sim",), "19200", "serial.baud_mismatch", {"baud": 19200}),
    ("host_faster", ("sim", "--baud", "57600"), "115200", "serial.baud_mismatch", {"baud": 115200}),
    ("other_part", ("sim", "--part", "m2560"), "115200", "bootloader.avr.signature_mismatch", {}),
    ("silent", ("socat", "SYSTEM:cat >/dev/null"), "115200", "bootloader.avr.no_reply", {"resp": None}),
    ("echo", ("socat", "EXEC:cat"), "115200", "serial.echo", {"resp": 0x30}),
]


def _peer(kind: tuple[str, ...], link: Path) -> subprocess.Popen[bytes]:
    if kind[0] == "sim":
        return _sim("avr", link, *kind[1:])
    p = subprocess.Popen(["socat", f"PTY,link={link},raw,echo=0", kind[1]], stderr=subprocess.DEVNULL)
    end = time.monotonic() + 10
    while not link.exists() and time.monotonic() < end:
        time.sleep(0.05)
    return p


def avrdude_trace(tmp: Path, name: str, kind: tuple[str, ...], baud: str) -> Path:
    link = tmp / f"tty-{name}"
    p = _peer(kind, link)
    try:
        r = subprocess.run(["avrdude", "-c", "arduino", "-p", "m328p", "-P", str(link), "-b", baud, "-x", "attempts=4", "-v", "-v", "-v", "-v",
                            "-U", "signature:r:-:h"], capture_output=True, text=True, timeout=90)
    finally:
        _stop(p)
    trace = tmp / f"avrdude-{name}.log"
    trace.write_text(r.stdout + r.stderr)
    return trace


def analyzed(path: Path) -> dict[str, Any]:
    r = hsdoctor("analyze", str(path), "--json", timeout=60)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    doc = json.loads(r.stdout)
    (ex,) = doc["exchanges"]
    return ex


@pytest.mark.parametrize("name,kind,baud,code,checks", STATES, ids=[s[0] for s in STATES])
def test_avrdude_trace_names_the_cause(tmp_path: Path, name: str, kind: tuple[str, ...], baud: str, code: str, checks: dict[str, Any]) -> None:
    require_peer("avrdude", *(["socat"] if kind[0] == "socat" else []))
    trace = avrdude_trace(tmp_path, name, kind, baud)
    text = trace.read_text()
    assert "send: 0 [30]   [20]" in text, text[-1500:]  # the verbose trace the reader reads
    ex = analyzed(trace)
    top = ex["findings"][0]
    assert top["code"] == code, [(f["code"], f["summary"]) for f in ex["findings"]]
    if code == "bootloader.avr.found":
        assert top["role"] == "identity" and ex["exit_code"] == 0 if "exit_code" in ex else True
    else:
        assert top["severity"] == "error", top
    for k, v in checks.items():
        if k == "resp":
            assert (top["data"]["resp"][0] if top["data"]["resp"] else None) == v, top["data"]
        else:
            assert top["data"].get(k) == v, top["data"]
    if code == "bootloader.avr.signature_mismatch":
        found = [f for f in ex["findings"] if f["code"] == "bootloader.avr.found"]
        assert found and found[0]["data"]["part"] == "ATmega2560"  # what the chip answered, read from the trace's bytes


@pytest.mark.parametrize("mode,code", [("bootloader", "bootloader.avr.found"), ("sketch", "bootloader.avr.sketch_running")])
def test_analyze_agrees_with_probe(tmp_path: Path, mode: str, code: str) -> None:
    """The same device state read live by `probe --expect avr` and from avrdude's trace: one cause."""
    require_peer("avrdude")
    trace = avrdude_trace(tmp_path, mode, ("sim", "--mode", mode), "115200")
    link = tmp_path / "probe-tty"
    p = _sim("avr", link, "--mode", mode)
    try:
        r = subprocess.run([sys.executable, "-m", "handshake_doctor", "probe", f"serial://{link}", "--expect", "avr", "--json"],
                           capture_output=True, text=True, timeout=120)
    finally:
        _stop(p)
    live = json.loads(r.stdout)["findings"][0]
    ex = analyzed(trace)
    assert live["code"] == code == ex["findings"][0]["code"], (live["code"], ex["findings"][0]["code"])
    assert live["data"].get("baud") == ex["findings"][0]["data"].get("baud") == 115200


def test_avrdude_trace_without_replies_or_bytes_is_a_clear_answer(tmp_path: Path) -> None:
    """A trace cut before any recv line (avrdude killed): no traceback, nothing invented."""
    cut = tmp_path / "cut.log"
    cut.write_text("avrdude: Version 7.1\n         Using Port                    : /dev/ttyUSB0\n"
                   "avrdude: send: 0 [30]   [20] \navrdude: send: 0 [30]   [20] \n")
    r = hsdoctor("analyze", str(cut), "--json", timeout=60)
    assert "Traceback" not in r.stderr and r.returncode in (0, 1, 2), r.stderr
    doc = json.loads(r.stdout)
    codes = [f["code"] for e in doc.get("exchanges", []) for f in e["findings"]]
    assert "bootloader.avr.found" not in codes and "bootloader.avr.sketch_running" not in codes, codes


#: fuzz/seeds/analyze_logs/avrdude-vvvv-*: real traces (avrdude 7.1 against the simulator, made
#: by avrdude_trace above) the analyze_logs fuzz target starts from; each must reach the avrdude
#: reader as a whole, or the fuzzer would mutate a trace no reader takes for avrdude's
SEEDS = {"avrdude-vvvv-healthy": "bootloader.avr.found", "avrdude-vvvv-57600-vs-115200": "serial.baud_mismatch",
         "avrdude-vvvv-sketch": "bootloader.avr.sketch_running"}


@pytest.mark.parametrize("seed,code", sorted(SEEDS.items()))
def test_fuzz_seed_is_read_by_the_avrdude_reader(seed: str, code: str) -> None:
    import io

    from handshake_doctor.analyze.cli import items_of_stream
    from handshake_doctor.analyze.items import AnalyzeOptions, FileReport

    from hsd_testing import ROOT

    data = (ROOT / "fuzz" / "seeds" / "analyze_logs" / seed).read_bytes()
    assert b"avrdude: send: 0 [30]   [20]" in data
    rep = FileReport(seed)
    (item,) = list(items_of_stream(io.BytesIO(data), seed, AnalyzeOptions(), rep))
    assert rep.reader == "avrdude"
    assert item.to_dict()["findings"][0]["code"] == code
