"""The scan's command line on a few refused ports (no lab needed): formats, usage errors, engines."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Iterator

import pytest

from hsd_testing import require_module

from .conftest import run_scan


@pytest.fixture
def closed_ports() -> Iterator[list[str]]:
    socks = []
    for _ in range(4):
        s = socket.socket()
        s.bind(("127.0.0.9", 0))  # bound, not listening: a SYN gets a reset
        socks.append(s)
    yield [f"127.0.0.9:{s.getsockname()[1]}" for s in socks]
    for s in socks:
        s.close()


def test_format_html_to_a_file_and_prometheus_to_stdout(closed_ports: list[str], tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("\n".join(closed_ports) + "\n")
    out = tmp_path / "r.html"
    r = run_scan(str(f), "--timeout", "2", "--format", "html", "-o", str(out), "--progress", "none")
    assert r.returncode == 1, r.stderr
    page = out.read_text()
    assert all(f'"tls://{hp}"' in page for hp in closed_ports) and "net.tcp_refused" in page
    r = run_scan(str(f), "--timeout", "2", "--format", "prometheus", "--progress", "none")
    lines = [x for x in r.stdout.decode().splitlines() if x.startswith("hsdoctor_scan_root_cause{")]
    assert sorted(lines) == sorted(f'hsdoctor_scan_root_cause{{target="tls://{hp}",cause="net.tcp_refused",severity="error"}} 1.0'
                                   for hp in closed_ports)


@pytest.mark.parametrize("args, message", [
    (["--engine", "dask"], b"needs --scheduler"),
    (["--scheduler", "tcp://127.0.0.1:1"], b"--scheduler is for --engine dask"),
    (["--timeout", "0"], b"--timeout must be"),
    (["--concurrency", "0"], b"--concurrency must be"),
    (["--output", "x.prom"], b"--output is for"),
    (["--jsonl", "/no/such/dir/x.jsonl"], b"does not exist"),
    (["--format", "yaml"], b"invalid choice"),
])
def test_usage_errors_are_one_line_and_exit_2(closed_ports: list[str], tmp_path: Path, args: list[str], message: bytes) -> None:
    f = tmp_path / "t.txt"
    f.write_text(closed_ports[0] + "\n")
    r = run_scan(str(f), *args)
    assert r.returncode == 2 and message in r.stderr and b"Traceback" not in r.stderr, r.stderr


def test_unreachable_scheduler_is_exit_3(closed_ports: list[str], tmp_path: Path) -> None:
    require_module("distributed")
    f = tmp_path / "t.txt"
    f.write_text(closed_ports[0] + "\n")
    port = closed_ports[1].rsplit(":", 1)[1]
    r = run_scan(str(f), "--engine", "dask", "--scheduler", f"tcp://127.0.0.9:{port}", timeout=60)
    assert r.returncode == 3 and b"cannot reach the Dask scheduler" in r.stderr and b"Traceback" not in r.stderr, r.stderr[-800:]


def test_jsonl_lines_are_compact_and_whole(closed_ports: list[str], tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("\n".join(closed_ports) + "\n")
    r = run_scan(str(f), "--timeout", "2", "--format", "jsonl", "--progress", "none")
    lines = r.stdout.decode().splitlines()
    assert len(lines) == 4 and all(json.loads(x)["scan"]["cause"] == "net.tcp_refused" for x in lines)


def test_progress_is_a_rich_bar_on_a_terminal_and_plain_lines_otherwise(closed_ports: list[str], tmp_path: Path) -> None:
    import os
    import pty
    import select
    import subprocess

    from .conftest import scan_cmd, scan_env

    f = tmp_path / "t.txt"
    f.write_text("\n".join(closed_ports) + "\n")
    master, slave = pty.openpty()
    p = subprocess.Popen(scan_cmd(str(f), "--timeout", "2"), stdout=subprocess.DEVNULL, stderr=slave, env=dict(scan_env(), TERM="xterm"))
    os.close(slave)
    seen = b""
    try:
        while True:
            r, _w, _x = select.select([master], [], [], 30)
            if not r:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    finally:
        p.wait(30)
        os.close(master)
    assert b"4/4" in seen and b"net.tcp_refused 4" in seen and b"\x1b[" in seen, seen[-500:]
    plain = run_scan(str(f), "--timeout", "2")  # stderr is a pipe: one plain line at the end
    assert b"hsdoctor scan: 4/4 done" in plain.stderr and b"\x1b[" not in plain.stderr
