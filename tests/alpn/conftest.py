"""The session-scoped ALPN lab (lab.py): nginx with and without http2, openssl s_server with and
without -alpn, and a lying Python peer on 127.0.0.1, stopped at the end of the session."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from hsd_testing import hsdoctor_json, require_peer  # tests/conftest.py

from .lab import Lab, Scenario, running_lab

#: s_server -www never answers the HTTP/2 preface: the probe waits for SETTINGS until its deadline
TIMEOUT = 3.0


@pytest.fixture(scope="session")
def alpn_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    require_peer("openssl", "nginx")
    with running_lab(tmp_path_factory.mktemp("alpn-lab")) as the_lab:
        yield the_lab


def api_options(lab: Lab, s: Scenario) -> dict[str, Any]:
    opts: dict[str, Any] = {"ca_file": lab.ca, "timeout": TIMEOUT}
    if s.alpn:
        opts["alpn"] = s.alpn
    return opts


def cli_args(lab: Lab, s: Scenario) -> list[str]:
    return ["probe", lab.url(s), "--json", "--ca-file", lab.ca, "--timeout", str(TIMEOUT)] + (["--alpn", s.alpn] if s.alpn else [])


def run_cli(args: list[str], timeout: float = 30) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    return hsdoctor_json(args, timeout)


__all__ = ["Path", "TIMEOUT", "api_options", "cli_args", "run_cli"]
