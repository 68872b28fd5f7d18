"""The one ranking rule (assemble.py, docs/RANKING.md), the Run checklist and the transcript type."""

from __future__ import annotations

import json
import time

import pytest

from handshake_doctor.assemble import assemble, supersede
from handshake_doctor.checklist import Run
from handshake_doctor.model import Finding
from handshake_doctor.transcript import RX, TX, Exchange, Transcript


def _f(code: str, severity: str = "error", **kw) -> Finding:  # type: ignore[no-untyped-def]
    return Finding(code=code, domain=code.split(".")[0], summary=code, severity=severity, **kw)  # type: ignore[arg-type]


def test_a_device_that_answers_supersedes_its_silence() -> None:
    silent = _f("serial.silent", "warning", role="symptom", superseded_by=("*",))
    text = _f("serial.text_device", "info")
    out = assemble([silent, text])
    assert [f.code for f in out] == ["serial.text_device", "serial.silent"]
    assert out[1].severity == "info" and out[1].role == "superseded"
    assert "serial.text_device" in out[1].detail and out[1].data["superseded_by"] == "serial.text_device"


def test_silence_alone_stays_a_warning() -> None:
    out = assemble([_f("serial.silent", "warning", role="symptom", superseded_by=("*",))])
    assert out[0].severity == "warning" and out[0].role == "symptom"


def test_a_held_port_leads_over_the_identity_of_what_answered() -> None:
    modem = _f("serial.modem_at", "info")
    busy = _f("serial.port_busy", "warning")
    assert [f.code for f in assemble([modem, busy])] == ["serial.port_busy", "serial.modem_at"]


def test_observed_order_errors_warnings_symptoms_state_identity_stable() -> None:
    given = [_f("tls.ok", "ok"), _f("x.id", "info"), _f("net.b", "warning"), _f("net.a", "error"),
             _f("tls.c", "error"), _f("serial.s", "warning", role="symptom")]
    assert [f.code for f in assemble(given)] == ["net.a", "tls.c", "net.b", "serial.s", "tls.ok", "x.id"]


def test_supersession_by_prefix_and_exact_code() -> None:
    s = _f("tls.handshake_failed", "error", role="symptom", superseded_by=("tls.cert_*",))
    assert supersede([s, _f("tls.cert_expired")])[0].role == "superseded"
    assert supersede([s, _f("tls.other")])[0].role == "symptom"
    e = _f("a.b", "error", role="symptom", superseded_by=("a.c",))
    assert supersede([e, _f("a.c", "info")])[0].role == "superseded"


def test_hypotheses_order_by_weight_and_severity_breaks_near_ties() -> None:
    a, b, c = _f("a.x", "info"), _f("b.x", "error"), _f("c.x", "warning")
    w = {id(a): 0.50, id(b): 0.49, id(c): 0.30}
    assert [f.code for f in assemble([a, b, c], weight=lambda f: w[id(f)])] == ["b.x", "a.x", "c.x"]


def test_run_steps_deadline_and_finish() -> None:
    run = Run("tcp://127.0.0.1:1", 2.0)
    with run.step("resolve") as s:
        s.detail = "127.0.0.1"
    with run.step("connect", cap=0.5) as s:
        assert s.deadline.remaining() <= 0.5
        s.fail("refused")
    with pytest.raises(RuntimeError):
        with run.step("boom"):
            raise RuntimeError("bad peer")
    run.skip(["TLS", "HTTP"], "no TCP connection")
    run.add(_f("x.id", "info"))
    run.add(_f("net.tcp_refused", "error"))
    diag = run.finish()
    assert [(s.name, s.status) for s in diag.steps] == [
        ("resolve", "ran"), ("connect", "failed"), ("boom", "failed"), ("TLS", "skipped"), ("HTTP", "skipped")]
    assert diag.steps[2].detail == "RuntimeError: bad peer"
    assert diag.findings[0].code == "net.tcp_refused" and diag.exit_code == 1
    assert diag.to_dict()["findings"][0]["role"] == "cause"
    with pytest.raises(ValueError):
        run.record_step("x", "maybe")


def test_transcript_round_trips_through_json() -> None:
    t = Transcript("probe", "serial://hsdsim://stm32", peer="hsdsim")
    t.add(TX, b"\x7f", t=0.001, label="stm32.sync", settings={"baud": 57600, "framing": "8E1"})
    t.add(RX, b"\x79", t=0.01)
    t.add(RX, kind="event", label="timeout", t=0.5)
    back = Transcript.from_dict(json.loads(json.dumps(t.to_dict())))
    assert back == t
    assert back.received_bytes("stm32.sync") == b"\x79"
    assert [e.label for e in back.events()] == ["timeout"]
    with pytest.raises(ValueError):
        Exchange(0.0, "sideways")
    with pytest.raises(ValueError):
        Transcript.from_dict({"schema": "other/1"})
