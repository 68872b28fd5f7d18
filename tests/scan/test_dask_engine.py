"""``--engine dask`` on a real cluster: a scheduler and two workers, each its own process on
loopback. The same root cause per target as the local engine; a worker killed mid-scan loses no
target and reports none twice."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from hsd_testing import require_module

from .conftest import SCAN_TIMEOUT, causes, read_jsonl, run_scan, scan_cmd, scan_env
from .fleet import Fleet
from .test_scan_fleet import local_scan  # noqa: F401 - the local engine's scan of the same fleet


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Any]:
    require_module("distributed")
    from .dask_cluster import running_cluster

    with running_cluster(tmp_path / "dask", workers=2, nthreads=2) as c:
        yield c


def _args(fleet: Fleet, targets: Path, store: Path, scheduler: str) -> list[str]:
    return [str(targets), "--ca-file", fleet.ca, "--timeout", str(SCAN_TIMEOUT), "--jsonl", str(store), "--engine", "dask",
            "--scheduler", scheduler, "--batch", "8", "--progress", "none"]


@pytest.mark.peer
def test_dask_gives_the_same_findings_as_local(fleet: Fleet, fleet_targets: Path, local_scan: dict[str, Any],  # noqa: F811
                                               cluster: Any, tmp_path: Path) -> None:
    store = tmp_path / "dask.jsonl"
    r = run_scan(*_args(fleet, fleet_targets, store, cluster.address))
    assert r.returncode == 1, r.stderr[-2000:]
    records = read_jsonl(store)
    assert all(x["scan"]["engine"] == "dask" for x in records)
    got = causes(records)
    assert len(records) == len(fleet.truth) and got == fleet.truth
    local = {x["scan"]["target"]: [f["code"] for f in x["findings"]] for x in local_scan["records"]}
    remote = {x["scan"]["target"]: [f["code"] for f in x["findings"]] for x in records}
    assert remote == local  # every finding, not only the first


@pytest.mark.peer
def test_a_worker_killed_mid_scan_loses_no_target(fleet: Fleet, fleet_targets: Path, cluster: Any, tmp_path: Path) -> None:
    store = tmp_path / "dask.jsonl"
    p = subprocess.Popen(scan_cmd(*_args(fleet, fleet_targets, store, cluster.address)), stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=scan_env())
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end and (not store.exists() or store.read_bytes().count(b"\n") < 30):
            time.sleep(0.05)
        assert p.poll() is None, "the scan ended before a worker could be killed"
        cluster.kill_worker(0)
        assert cluster.workers[0].returncode == -9
        _out, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(10)
    assert p.returncode == 1, err[-2000:]
    records = read_jsonl(store)
    targets = [x["scan"]["target"] for x in records]
    assert len(targets) == len(set(targets)) == len(fleet.truth)  # none lost, none reported twice
    assert causes(records) == fleet.truth
