"""Fixtures for the simulator suite: a real ``hsdoctor simulate`` process per test.

Every simulator is a subprocess started here and ended here (terminate, then kill), also when
the test fails; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from hsd_testing import ROOT


class Sim:
    def __init__(self, path: str, proc: "subprocess.Popen[bytes]", record: Path, log: Path) -> None:
        self.path = path
        self.proc = proc
        self.record_file = record
        self.log_file = log

    def records(self) -> list[dict[str, object]]:
        if not self.record_file.exists():
            return []
        return [json.loads(line) for line in self.record_file.read_text().splitlines() if line.strip()]

    def names(self) -> list[str]:
        return [str(r["name"]) for r in self.records()]

    def log(self) -> str:
        return self.log_file.read_text() if self.log_file.exists() else ""


@contextmanager
def start_sim(device: str, *args: str, tmp: Path, start_timeout: float = 15.0) -> Iterator[Sim]:
    record = tmp / f"{device}.record.jsonl"
    log = tmp / f"{device}.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [sys.executable, "-m", "handshake_doctor", "simulate", device, "--log", str(log), "--record", str(record),
         "--max-seconds", "120", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], start_timeout)
        line = proc.stdout.readline().decode().strip() if ready else ""
        if not line:
            err = b""
            if proc.poll() is not None and proc.stderr is not None:
                err = proc.stderr.read()
            pytest.fail(f"simulator {device} printed no path: {err.decode(errors='replace')}")
        yield Sim(line, proc, record, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        for f in (proc.stdout, proc.stderr):
            if f is not None:
                f.close()


@pytest.fixture
def sim(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``with sim("stm32", "--mode", "app") as s:`` -> ``s.path`` is the pty."""

    def make(device: str, *args: str) -> "contextmanager[Sim]":  # type: ignore[valid-type]
        return start_sim(device, *args, tmp=tmp_path)

    return make


def run_tool(*cmd: str, timeout: float = 60.0) -> "subprocess.CompletedProcess[str]":
    """A real client program, bounded in time; stdout and stderr joined."""
    started = time.monotonic()
    res = subprocess.run(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    res.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
    return res
