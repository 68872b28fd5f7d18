"""The session-scoped fleet lab (fleet.py) and helpers to run ``hsdoctor scan`` as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from hsd_testing import require_peer

from .fleet import Fleet, running_fleet

FLEET_SIZE = 200
SCAN_TIMEOUT = 3.0  # per target: the silent and slow peers hold a worker this long


@pytest.fixture(scope="session")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    require_peer("openssl", "nginx")
    with running_fleet(tmp_path_factory.mktemp("fleet"), FLEET_SIZE) as f:
        yield f


@pytest.fixture(scope="session")
def fleet_targets(fleet: Fleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fleet.write_targets(tmp_path_factory.mktemp("targets") / "fleet.txt")


def scan_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "handshake_doctor", "scan", *args]


def scan_env() -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("HSDOCTOR_DEBUG", None)
    return env


def run_scan(*args: str, timeout: float = 120, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(scan_cmd(*args), capture_output=True, timeout=timeout, env=scan_env(), input=input)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), "the store ends with a torn line"
    return [json.loads(line) for line in data.splitlines()]


def causes(records: list[dict[str, Any]]) -> dict[str, str | None]:
    return {r["scan"]["target"]: r["scan"]["cause"] for r in records}
