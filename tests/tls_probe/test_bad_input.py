"""Bad input: one line on stderr, exit 2, no socket opened (nothing listens at these ports)."""

from __future__ import annotations

import pytest

import handshake_doctor
from handshake_doctor.errors import UsageError

from .conftest import run_cli

BAD = [
    ["probe", "https://"],
    ["probe", "https://exa mple.test/"],
    ["probe", "gopher://example.test/"],
    ["probe", "tls://127.0.0.1:0"],
    ["probe", "tls://127.0.0.1:70000"],
    ["probe", "tcp://127.0.0.1"],
    ["probe", "tls://[::1"],
    ["probe", "https://127.0.0.1:1/", "--ca-file", "/nonexistent/ca.pem"],
    ["probe", "https://127.0.0.1:1/", "--ca-file", "/etc/hostname"],
    ["probe", "https://127.0.0.1:1/", "--client-cert", "/nonexistent/c.pem"],
    ["probe", "https://127.0.0.1:1/", "--ip", "not-an-ip"],
    ["probe", "https://127.0.0.1:1/", "--sni", "10.0.0.1"],
    ["probe", "https://127.0.0.1:1/", "--timeout", "0"],
]


@pytest.mark.parametrize("args", BAD, ids=[" ".join(a[1:]) for a in BAD])
def test_bad_input_is_one_line_and_exit_2(args: list[str]) -> None:
    r, _data = run_cli(args)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hsdoctor: error:"), r.stderr


@pytest.mark.parametrize("target", ["tls://h:0", "tls://h:70000", "gopher://h/", "https://", "tcp://h"])
def test_api_raises_usage_error(target: str) -> None:
    with pytest.raises(UsageError):
        handshake_doctor.probe(target)
