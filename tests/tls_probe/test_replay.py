"""Issue 13: the TLS probe's judgement replayed from a recorded transcript gives the same
findings as the live run, for every scenario of the lab (the hostile peers included), and the
replay opens no socket."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import handshake_doctor

from .conftest import options_for, run_cli
from .lab import Lab


def _same(a: list, b: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{x.code}: {x.summary}" for x, y in zip(a, b) if x != y] + ([] if len(a) == len(b) else ["count differs"])


@pytest.mark.peer
def test_every_lab_scenario_replays_to_the_same_findings(lab: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recordings: dict[str, tuple[Path, list]] = {}  # type: ignore[type-arg]
    for name, s in sorted(lab.scenarios.items()):
        live = handshake_doctor.probe(s.url, **options_for(lab, s))
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(live.transcript.to_dict()))
        recordings[name] = (path, live.findings)

    def no_socket(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("a replay opened a socket")

    monkeypatch.setattr(socket, "socket", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)
    monkeypatch.setattr(socket, "getaddrinfo", no_socket)
    differ = {}
    for name, (path, findings) in recordings.items():
        s = lab.scenarios[name]
        again = handshake_doctor.probe(s.url, replay=str(path), **options_for(lab, s))
        if _same(findings, again.findings):
            differ[name] = _same(findings, again.findings)
    assert not differ, differ
    assert len(recordings) >= 25


@pytest.mark.peer
def test_record_and_replay_through_the_cli(lab: Lab, tmp_path: Path) -> None:
    s = lab.scenarios["incomplete"]
    rec = tmp_path / "t.json"
    r1, live = run_cli(["probe", s.url, "--json", "--ca-file", lab.ca, "--record", str(rec)])
    r2, again = run_cli(["probe", s.url, "--json", "--ca-file", lab.ca, "--replay", str(rec)])
    assert r1.returncode == r2.returncode == 1 and live and again
    assert live["findings"] == again["findings"] and live["findings"][0]["code"] == "tls.chain_incomplete"
    doc = json.loads(rec.read_text())
    assert doc["schema"].startswith("handshake-doctor-transcript/") and any(e["label"] == "io:handshake" for e in doc["exchanges"])
    bad, _ = run_cli(["probe", s.url, "--replay", str(tmp_path / "missing.json")])
    assert bad.returncode == 2 and "cannot replay" in bad.stderr and "Traceback" not in bad.stderr
