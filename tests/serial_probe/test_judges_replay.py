"""Judges apart from I/O: a probe's recorded transcript, fed back through the judges, gives the
findings of the live run; and the two ranking cases measured on independent simulators.

Each live probe runs against a simulator (``hsdsim://`` in-process, or ``hsdoctor simulate`` on a
pty in its own process) with ``--record FILE``; the file is read back as a Transcript and judged
by :func:`handshake_doctor.domains.serial.judge.judge` alone: no port, no simulator, no clock.
"""

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
from handshake_doctor.domains.serial.judge import judge
from handshake_doctor.model import Diagnosis
from handshake_doctor.transcript import Transcript
from hsd_testing import ROOT

#: every simulator, in the states whose judgement differs
SIMULATORS = [
    ("stm32?baud=38400", ()), ("stm32?mode=app", ("--expect", "stm32")), ("stm32?mode=silent", ("--expect", "stm32")),
    ("avr?baud=57600", ()), ("avr?mode=sketch", ("--expect", "avr")), ("avr?mode=sketch", ()),
    ("esp32?baud=57600", ()), ("esp32?mode=boot-log", ()),
    ("mtk", ("--baud", "9600")), ("mtk?mode=echo", ("--baud", "9600")),
    ("modem?baud=9600", ()), ("modem?baud=19200&framing=7E1", ()),
    ("gps", ()), ("chatter", ()), ("chatter?baud=9600&framing=7E1&period=0.2", ()), ("chatter?mode=answers", ()),
    ("mbus", ()), ("dlt645?baud=9600", ()), ("iec62056", ("--expect", "iec62056")),
]


def _finding_dicts(findings: list) -> list[dict]:  # type: ignore[type-arg]
    return Diagnosis(verb="probe", input="", findings=findings).to_dict()["findings"]


def _comparable(f: dict) -> tuple:  # type: ignore[type-arg]
    return (f["code"], f["severity"], f["role"], f["summary"], f["detail"], json.dumps(f["data"], sort_keys=True),
            json.dumps(f["evidence"], sort_keys=True), json.dumps(f["fixes"], sort_keys=True))


def _live(capsys, target: str, record: Path, *extra: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    main(["probe", target, "--json", "--timeout", "6", "--record", str(record), *extra])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("url", "extra"), SIMULATORS, ids=[u + " ".join(("",) + e) for u, e in SIMULATORS])
def test_replayed_transcript_gives_the_live_findings(capsys, tmp_path: Path, url: str, extra: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "probe.json"
    live = _live(capsys, f"serial://hsdsim://{url}", record, *extra)
    doc = json.loads(record.read_text())
    assert doc["schema"].startswith("handshake-doctor-transcript/") and doc["source"] == "probe"
    tr = Transcript.from_dict(doc)
    assert tr.exchanges, "nothing was recorded"
    for e in tr.exchanges:  # every exchange says when, at which line settings and what it was
        assert e.settings.get("baud") and e.settings.get("framing") and e.label, e
    replayed = _finding_dicts(judge(tr))
    assert [_comparable(f) for f in replayed] == [_comparable(f) for f in live["findings"]]
    assert live["findings"], live


def test_every_request_of_the_active_phase_is_in_the_transcript(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "stm32.json"
    live = _live(capsys, "serial://hsdsim://stm32?baud=57600", record)
    tr = Transcript.from_dict(json.loads(record.read_text()))
    sent = [(e.label, e.data.hex(" ")) for e in tr.sent()]
    assert ("STM32 sync 0x7F", "7f") in sent and ("STM32 GET_ID", "02 fd") in sent, sent
    top = live["findings"][0]
    assert top["code"] == "bootloader.stm32.found"
    # the evidence of the live finding is the transcript's last exchanges
    got = [e for e in tr.exchanges if e.label == "STM32 GET_ID" and e.direction == "rx"][-1]
    assert any(ev["value"] == got.data.hex(" ").upper() for ev in top["evidence"]), top["evidence"]


def test_a_transcript_is_judged_without_a_port(tmp_path: Path) -> None:
    """A transcript written by hand (as a capture reader would) is judged like a live one."""
    tr = Transcript("capture", "hand-written")
    tr.meta.update({"where": "/dev/ttyUSB9", "is_pty": False})
    meta = {"device": "stm32", "attempt": 1}
    tr.add("tx", b"\x7f", t=0.0, label="STM32 sync 0x7F", settings={"baud": 57600, "framing": "8E1"}, **meta)
    tr.add("rx", b"\x79", t=0.01, label="STM32 sync 0x7F", settings={"baud": 57600, "framing": "8E1"}, **meta)
    tr.add("tx", b"\x02\xfd", t=0.02, label="STM32 GET_ID", settings={"baud": 57600, "framing": "8E1"}, **meta)
    tr.add("rx", bytes.fromhex("79 01 04 10 79"), t=0.03, label="STM32 GET_ID", settings={"baud": 57600, "framing": "8E1"}, **meta)
    found = judge(Transcript.from_dict(json.loads(json.dumps(tr.to_dict()))))
    assert [f.code for f in found] == ["bootloader.stm32.found"]
    assert found[0].data["pid"] == 0x410 and found[0].data["baud"] == 57600 and found[0].data["framing"] == "8E1"
    tr.exchanges[1] = type(tr.exchanges[1])(0.01, "rx", b"hello\r\n", label="STM32 sync 0x7F",
                                            settings={"baud": 57600, "framing": "8E1"}, meta=meta)
    del tr.exchanges[2:]
    assert [f.code for f in judge(tr)] == ["serial.text_device"]


# ------------------------------------------------------------ the two measured ranking cases
def test_text_answers_to_every_request_lead_over_silence(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Measured on main before the one rule: a device silent on its own that answers every
    request with text was reported as serial.silent (a warning) above serial.text_device. The
    silence is a symptom the answer explains: it is demoted, with the reason."""
    live = _live(capsys, "serial://hsdsim://chatter?mode=answers", tmp_path / "t.json")
    got = [(f["code"], f["role"]) for f in live["findings"]]
    assert got[0] == ("serial.text_device", "identity"), got
    silent = next(f for f in live["findings"] if f["code"] == "serial.silent")
    assert (silent["role"], silent["severity"], silent["data"]["superseded_by"]) == ("superseded", "info", "serial.text_device")
    assert silent["fixes"] == [] and "Superseded" in silent["detail"]


def _start_simulator(device: str, *args: str) -> tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-m", "handshake_doctor", "simulate", device, "--quiet", "--max-seconds", "60", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    path = proc.stdout.readline().decode().strip() if ready else ""
    if not path:
        proc.kill()
        proc.wait(timeout=5)
        pytest.fail(f"simulator {device} printed no path")
    return proc, path


def _stop(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    for f in (proc.stdout, proc.stderr):
        if f is not None:
            f.close()


HOLDER = "import sys,time\nopen('/proc/self/comm','w').write('hsd-holder')\nf=open(sys.argv[1],'rb',buffering=0)\nprint('ready',flush=True)\ntime.sleep(30)\n"


def test_a_held_port_leads_over_the_modem_that_answers(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Measured on main before the one rule: a port another process holds put the modem's
    identity (info) above serial.port_busy (warning), and the headline named the modem. The
    holder is the problem (it races for every byte); what answered follows."""
    sim, path = _start_simulator("modem")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, path], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        t0 = time.monotonic()
        live = _live(capsys, f"serial://{path}", tmp_path / "busy.json", "--listen", "0.3")
        assert time.monotonic() - t0 < 10
    finally:
        holder.kill()
        holder.wait(timeout=5)
        if holder.stdout is not None:
            holder.stdout.close()
        _stop(sim)
    got = [f["code"] for f in live["findings"]]
    assert got[0] == "serial.port_busy", got
    assert "serial.modem_at" in got, got
    busy = live["findings"][0]
    assert busy["severity"] == "warning" and [h["pid"] for h in busy["data"]["holders"]] == [holder.pid]
