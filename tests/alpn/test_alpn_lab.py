"""Issue 16, ALPN and HTTP/2 on https://: every scenario of the ALPN lab (real nginx with and
without http2, openssl s_server with and without -alpn, a lying peer) is diagnosed with its cause
in findings[0], through the command line and through the API; the offered list and the selected
protocol are in the report; record -> replay gives the same findings without a socket."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import handshake_doctor

from .conftest import TIMEOUT, api_options, cli_args, run_cli
from .lab import SCENARIOS, Lab

NAMES = [s.name for s in SCENARIOS]
BY_NAME = {s.name: s for s in SCENARIOS}
HEALTHY = {"tls.ok"}


def _offer(alpn: str) -> list[str]:
    return alpn.split(",") if alpn else ["h2", "http/1.1"]


@pytest.mark.peer
@pytest.mark.parametrize("name", NAMES)
def test_cli_names_the_cause_and_reports_offered_and_selected(alpn_lab: Lab, name: str) -> None:
    s = BY_NAME[name]
    r, data = run_cli(cli_args(alpn_lab, s))
    assert data is not None, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    codes = [f["code"] for f in data["findings"]]
    assert codes and codes[0] == s.expect, (name, codes, data["steps"])
    top = data["findings"][0]
    assert top["data"]["alpn_offered"] == _offer(s.alpn)
    assert top["data"]["alpn"] == s.selected
    assert r.returncode == (0 if s.expect in HEALTHY else 1), (name, r.returncode)
    alpn_steps = [x for x in data["steps"] if x["name"] == "ALPN"]
    assert alpn_steps and ("offered " + ",".join(_offer(s.alpn))) in alpn_steps[0]["detail"]


@pytest.mark.peer
@pytest.mark.parametrize("name", NAMES)
def test_api_names_the_cause(alpn_lab: Lab, name: str) -> None:
    s = BY_NAME[name]
    diag = handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s))
    codes = [f.code for f in diag.findings]
    assert codes and codes[0] == s.expect, (name, codes, [(x.name, x.status, x.detail) for x in diag.steps])
    assert diag.exit_code == (0 if s.expect in HEALTHY else 1)


@pytest.mark.peer
def test_no_overlap_gives_both_lists_and_the_side_that_can_fix_it(alpn_lab: Lab) -> None:
    s = BY_NAME["http1_server_insists_h2"]  # a gRPC-style client on nginx without http2
    f = handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s)).findings[0]
    assert f.data["alpn_offered"] == ["h2"] and f.data["server_accepts"][0] == "http/1.1" and f.data["alert_code"] == 120
    assert "h2" in f.summary and "http/1.1" in f.summary
    assert f.fixes[0].side == "server" and any("http2" in sn.code for sn in f.fixes[0].snippets if sn.stack == "nginx")
    s = BY_NAME["h2_only_http1_client"]  # an HTTP/1.1-only client on an h2-only server
    f = handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s)).findings[0]
    assert f.data["server_accepts"] == ["h2"] and f.data["alpn_offered"] == ["http/1.1"]
    assert f.fixes[0].side == "client"


@pytest.mark.peer
def test_a_server_that_ignores_alpn_is_healthy_for_a_client_that_falls_back(alpn_lab: Lab) -> None:
    s = BY_NAME["ignores_alpn_default"]
    diag = handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s))
    codes = [f.code for f in diag.findings]
    assert codes[0] == "tls.ok" and "tls.alpn_not_selected" in codes and diag.exit_code == 0
    s = BY_NAME["ignores_alpn_insists_h2"]
    f = handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s)).findings[0]
    assert f.data["server_accepts"] == [] and "implements no ALPN" in f.summary


@pytest.mark.peer
def test_h2_is_confirmed_by_the_servers_settings_and_http1_checks_still_run(alpn_lab: Lab) -> None:
    s = BY_NAME["h2_server_default"]
    diag = handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s))
    steps = {x.name: x for x in diag.steps}
    assert steps["HTTP/2 connection preface"].status == "ran" and "SETTINGS" in steps["HTTP/2 connection preface"].detail
    assert "200" in steps["HTTP request over TLS"].detail  # on a second connection offering http/1.1 only


@pytest.mark.peer
def test_the_server_saw_no_request_on_the_h2_connection(alpn_lab: Lab) -> None:
    """Read-only: after ALPN h2 the probe sends the connection preface and SETTINGS, no HEADERS;
    nginx's access log shows exactly one request, the HTTP/1.1 GET of the second connection."""
    log = alpn_lab.logs["nginx_access"]
    before = log.read_text().splitlines() if log.exists() else []
    s = BY_NAME["h2_server_insists_h2"]  # --alpn h2: the HTTP/1.1 connection is still made for the HTTP checks
    handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s))
    new = log.read_text().splitlines()[len(before):]
    assert len(new) == 1 and '"GET / HTTP/1.1"' in new[0], new


@pytest.mark.peer
def test_every_scenario_replays_to_the_same_findings(alpn_lab: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorded = {}
    for s in SCENARIOS:
        live = handshake_doctor.probe(alpn_lab.url(s), **api_options(alpn_lab, s))
        p = tmp_path / f"{s.name}.json"
        p.write_text(json.dumps(live.transcript.to_dict()))
        recorded[s.name] = (p, live.findings)

    def no_socket(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("a replay opened a socket")

    monkeypatch.setattr(socket, "socket", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)
    differ = {}
    for s in SCENARIOS:
        p, findings = recorded[s.name]
        again = handshake_doctor.probe(alpn_lab.url(s), replay=str(p), **api_options(alpn_lab, s))
        if [f.to_dict() if hasattr(f, "to_dict") else f for f in again.findings] != [f.to_dict() if hasattr(f, "to_dict") else f for f in findings]:
            differ[s.name] = ([f.code for f in findings], [f.code for f in again.findings])
    assert not differ, differ


@pytest.mark.peer
def test_record_and_replay_through_the_cli(alpn_lab: Lab, tmp_path: Path) -> None:
    s = BY_NAME["http1_server_insists_h2"]
    rec = tmp_path / "alpn.json"
    r1, live = run_cli(cli_args(alpn_lab, s) + ["--record", str(rec)])
    r2, again = run_cli(cli_args(alpn_lab, s) + ["--replay", str(rec)])
    assert r1.returncode == r2.returncode == 1 and live and again
    assert live["findings"] == again["findings"] and live["findings"][0]["code"] == "tls.no_common_alpn"
    # another offer is another recording: said in one line, exit 2
    other = [a for a in cli_args(alpn_lab, s) if a != "h2"]
    other[other.index("--alpn") + 1:other.index("--alpn") + 1] = ["http/1.1"]
    r3, _ = run_cli(other + ["--replay", str(rec)])
    assert r3.returncode == 2 and "Traceback" not in r3.stderr


@pytest.mark.parametrize("bad", ["h2,,http/1.1", "h 2", "x" * 300, ",".join(f"p{i}" for i in range(20))])
def test_a_bad_alpn_list_is_one_line_and_exit_2(bad: str) -> None:
    r, _ = run_cli(["probe", "https://127.0.0.1:9/", "--alpn", bad, "--timeout", str(TIMEOUT)])
    assert r.returncode == 2 and "--alpn" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_a_bad_alpn_list_through_the_api_is_a_usage_error() -> None:
    from handshake_doctor.errors import UsageError

    with pytest.raises(UsageError):
        handshake_doctor.probe("https://127.0.0.1:9/", alpn="h2,,x")
