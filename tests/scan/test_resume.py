"""Resume after SIGKILL: no finished result lost, no torn line, no target scanned twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from handshake_doctor.scan import jsonl_store

from .conftest import SCAN_TIMEOUT, causes, read_jsonl, run_scan, scan_cmd, scan_env
from .fleet import Fleet


def test_resume_cuts_a_torn_last_line(tmp_path: Path) -> None:
    store = tmp_path / "s.jsonl"
    rec = {"scan": {"target": "tls://a.example:1"}, "findings": []}
    store.write_text(json.dumps(rec) + "\n" + "not json but whole\n" + '{"scan": {"target": "tls://b.exa')
    r = jsonl_store.resume(str(store))
    assert r.done == {"tls://a.example:1"} and r.bad_lines == 1 and r.torn_bytes == len('{"scan": {"target": "tls://b.exa')
    assert store.read_bytes().endswith(b"whole\n")
    with jsonl_store.JsonlWriter(str(store), "always") as w:
        w.write({"scan": {"target": "tls://b.example:2"}})
    assert [x["scan"]["target"] for x in jsonl_store.read_records(str(store))] == ["tls://a.example:1", "tls://b.example:2"]


@pytest.mark.peer
def test_sigkill_mid_scan_then_resume(fleet: Fleet, fleet_targets: Path, tmp_path: Path) -> None:
    store = tmp_path / "scan.jsonl"
    args = (str(fleet_targets), "--ca-file", fleet.ca, "--timeout", str(SCAN_TIMEOUT), "--jsonl", str(store), "--progress", "none")
    p = subprocess.Popen(scan_cmd(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=scan_env(), start_new_session=True)
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end and (not store.exists() or store.read_bytes().count(b"\n") < 40):
            time.sleep(0.02)
        os.killpg(p.pid, signal.SIGKILL)  # the scan and its worker processes, at once
    finally:
        p.wait(10)
        if p.stderr:
            p.stderr.close()
    first = read_jsonl(store)  # every line whole (read_jsonl asserts the file ends with a newline)
    assert 40 <= len(first) < len(fleet.truth), len(first)
    # a crash of the machine mid-write: a torn line at the end; its target must be scanned again
    torn_target = next(t for t in fleet.truth if t not in causes(first))
    with open(store, "ab") as fh:
        fh.write(json.dumps({"scan": {"target": torn_target}, "findings": []})[:25].encode())
    r = run_scan(*args)
    assert r.returncode == 1, r.stderr[-2000:]
    err = r.stderr.decode()
    assert f"{len(first)} target(s) already done, {len(fleet.truth) - len(first)} to go" in err and "torn last line" in err
    final = read_jsonl(store)
    targets = [x["scan"]["target"] for x in final]
    assert len(targets) == len(set(targets)) == len(fleet.truth)  # none lost, none twice
    assert final[: len(first)] == first  # finished results kept as they were
    got = causes(final)
    assert {t: got[t] for t in fleet.truth} == fleet.truth
    again = run_scan(*args)  # everything done: nothing scanned, the same report
    assert again.returncode == 1 and read_jsonl(store) == final
    assert f"{len(fleet.truth)} target(s) already done, 0 to go" in again.stderr.decode()
