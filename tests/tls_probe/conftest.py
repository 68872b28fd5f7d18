"""The session-scoped TLS lab (lab.py): real nginx and openssl s_server plus small Python peers
on 127.0.0.1, all stopped at the end of the session, also when tests fail."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from hsd_testing import hsdoctor_json, require_peer  # tests/conftest.py

from .lab import Lab, Scenario, running_lab

QUIET_TIMEOUT = 2.0  # for peers that never answer: the probe waits for them until its deadline


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    require_peer("openssl", "nginx")
    with running_lab(tmp_path_factory.mktemp("tls-lab")) as the_lab:
        yield the_lab


def timeout_for(s: Scenario) -> float:
    return QUIET_TIMEOUT if s.hostile or s.name in ("silent", "tcp_timeout", "dns") else 5.0


def options_for(lab: Lab, s: Scenario) -> dict[str, Any]:
    opts: dict[str, Any] = {k.lstrip("-").replace("-", "_"): v for k, v in s.options}
    opts.setdefault("ca_file", lab.ca)
    opts["timeout"] = timeout_for(s)
    return opts


def cli_args(lab: Lab, s: Scenario) -> list[str]:
    args = ["probe", s.url, "--json", "--ca-file", lab.ca, "--timeout", str(timeout_for(s))]
    for k, v in s.options:
        args += [k, v]
    return args


def run_cli(args: list[str], timeout: float = 30) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    return hsdoctor_json(args, timeout)


__all__ = ["Path", "QUIET_TIMEOUT", "cli_args", "options_for", "run_cli", "timeout_for"]
