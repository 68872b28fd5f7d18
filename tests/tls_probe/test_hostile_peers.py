"""Hostile peers cannot hang or crash the probe: each run ends within its timeout with a finding."""

from __future__ import annotations

import time

import pytest

from .conftest import QUIET_TIMEOUT, cli_args, run_cli
from .lab import Lab

HOSTILE = ("slow", "flood", "huge_cert", "malformed", "silent")


@pytest.mark.peer
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_peer_ends_in_time_with_a_finding(lab: Lab, name: str) -> None:
    s = lab.scenarios[name]
    t0 = time.monotonic()
    r, data = run_cli(cli_args(lab, s))
    wall = time.monotonic() - t0
    assert "Traceback" not in r.stderr and r.returncode == 1, r.stderr[-1500:]
    assert data is not None and data["findings"][0]["code"] == s.expect, data and [f["code"] for f in data["findings"]]
    assert data["elapsed_ms"] <= QUIET_TIMEOUT * 1000 + 300, data["elapsed_ms"]
    assert wall < QUIET_TIMEOUT + 3


@pytest.mark.peer
def test_one_byte_per_second_reports_what_arrived(lab: Lab) -> None:
    r, data = run_cli(cli_args(lab, lab.scenarios["slow"]))
    assert data is not None
    ev = data["findings"][0]["evidence"]
    assert any(e["kind"] == "bytes" and e["value"].startswith("16") for e in ev), ev
