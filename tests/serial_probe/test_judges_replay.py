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


def test_probe_replay_judges_a_recorded_file_offline(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``hsdoctor probe serial://... --replay FILE``: the same findings, no port opened (the
    target is a simulator URL nobody registered in a fresh process would open; a replay never asks)."""
    record = tmp_path / "avr.json"
    live = _live(capsys, "serial://hsdsim://avr?baud=57600", record)
    r = subprocess.run([sys.executable, "-m", "handshake_doctor", "probe", "serial:///dev/hsd-no-such-port", "--json",
                        "--replay", str(record)], capture_output=True, text=True, timeout=60, cwd=str(ROOT))
    doc = json.loads(r.stdout)
    assert [_comparable(f) for f in doc["findings"]] == [_comparable(f) for f in live["findings"]]
    assert [s["name"] for s in doc["steps"]] == ["replay transcript"]
    assert r.returncode == live["exit_code"]


@pytest.mark.parametrize("content", ["", "{", "[]", '{"schema": "other/1"}', '{"exchanges": [{"t": "x"}]}', "\x00\x01"])
def test_a_bad_replay_file_is_one_line_and_exit_2(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    r = subprocess.run([sys.executable, "-m", "handshake_doctor", "probe", "serial:///dev/ttyUSB0", "--replay", str(bad)],
                       capture_output=True, text=True, timeout=60, cwd=str(ROOT))
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


# ------------------------------------------------------------ a hostile or hand-edited transcript
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LABELS = ["AT", "STM32 sync 0x7F", "STM32 GET_ID", "STK500 GET_SYNC", "STK500 READ_SIGN", "esptool SYNC", "MTK start byte 1/4",
           "MTK GET_VERSION (echo check)", "M-Bus SND_NKE", "M-Bus REQ_UD2 (read)", "DL/T 645 read address", "IEC 62056-21 sign-on",
           "listen at 9600 8N1", "x"]
_ANY = st.one_of(st.none(), st.booleans(), st.integers(-5, 200_000), st.text(max_size=8), st.floats(allow_nan=True))
_exchange = st.fixed_dictionaries({
    "t": st.floats(0, 10), "dir": st.sampled_from(["tx", "rx"]), "kind": st.sampled_from(["raw", "event"]),
    "hex": st.binary(max_size=40).map(bytes.hex), "label": st.sampled_from(_LABELS),
    "settings": st.fixed_dictionaries({"baud": st.one_of(st.sampled_from([300, 9600, 57600, 115200]), _ANY),
                                       "framing": st.one_of(st.sampled_from(["8N1", "8E1", "7E1"]), _ANY)}),
    "meta": st.fixed_dictionaries({"attempt": st.one_of(st.integers(1, 4), _ANY),
                                   "device": st.sampled_from(["at", "stm32", "avr", "esp", "mtk", "mbus", "dlt645", "iec62056", "?"]),
                                   "mode": st.sampled_from(["", "text", "x"])}),
})
_meta = st.fixed_dictionaries({}, optional={
    "where": _ANY, "is_pty": _ANY, "expect": st.one_of(st.sampled_from(["stm32", "avr", "modem", "iec62056"]), _ANY),
    "text_sample": st.one_of(st.sampled_from(["hello\r\n", "ets Jan  8 2013,rst:0x1", "U-Boot"]), _ANY), "text_line": _ANY,
    "passive": st.one_of(_ANY, st.fixed_dictionaries({
        "window": _ANY, "label": st.one_of(st.just("9600 8N1"), _ANY), "heard": _ANY, "asked": _ANY, "found": _ANY, "rate": _ANY,
        "rate_here": _ANY, "named": _ANY, "marked": _ANY, "where": _ANY,
        "confirmations": st.one_of(_ANY, st.lists(st.fixed_dictionaries({"kind": _ANY, "window": _ANY}), max_size=2))})),
})


@settings(max_examples=150, deadline=None)
@given(st.lists(_exchange, max_size=12), _meta)
def test_judging_any_transcript_never_raises(exchanges: list, meta: dict) -> None:  # type: ignore[type-arg]
    tr = Transcript.from_dict({"schema": "handshake-doctor-transcript/1", "source": "capture", "exchanges": exchanges, "meta": meta})
    for f in judge(tr):
        assert f.code.split(".")[0] in ("serial", "bootloader", "meter") and f.summary
