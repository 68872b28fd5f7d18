"""HTTP statuses that name a cause below HTTP (http/knowledge.py STATUSES), read in any notation.

The real peer is nginx answering each status on loopback, read by curl as a user runs it: the
status line of ``curl -si`` and the ``-f`` error line ("The requested URL returned error: N")
both give the status's cause first.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest
from hsd_testing import require_peer, stop_process

import handshake_doctor as hd
from handshake_doctor import codes as code_registry
from handshake_doctor.domains.http.knowledge import STATUSES, StatusRow

NOTATIONS = ("HTTP/1.1 {n} {reason}", "< HTTP/2 {n}", "curl: (22) The requested URL returned error: {n}",
             "request failed with status code {n}", "Error {n} {reason}", "statusCode={n}", "Server returned HTTP status {n}")


@pytest.mark.parametrize("row", STATUSES.rows, ids=lambda r: str(r.status))
@pytest.mark.parametrize("notation", NOTATIONS)
def test_a_status_in_any_notation_gives_its_cause(row: StatusRow, notation: str) -> None:
    top = hd.explain(notation.format(n=row.status, reason=row.reason)).findings[0]
    assert top.code == row.code


@pytest.mark.parametrize("text", ["port 5421 open", "error 4210", "status: 4070", "421 rows updated", "took 525 ms", "ID 526"])
def test_the_number_alone_or_inside_another_is_no_status(text: str) -> None:
    codes = {f.code for f in hd.explain(text).findings}
    assert not codes & {r.code for r in STATUSES.rows}


def test_rows_are_declared_and_sourced() -> None:
    declared = {c.code for c in code_registry.all_codes()}
    assert all(r.code in declared and r.code.startswith("http.") and r.source for r in STATUSES.rows)
    assert len({r.status for r in STATUSES.rows}) == len(STATUSES.rows)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_nginx_statuses_read_by_curl(tmp_path: Path) -> None:
    require_peer("nginx", "curl")
    port = _free_port()
    temp = "".join(f"  {t}_temp_path {tmp_path}/{t};\n" for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    locations = "".join(f"    location = /s{r.status} {{ return {r.status}; }}\n" for r in STATUSES.rows if r.status != 497)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"daemon off;\nmaster_process off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log warn;\n"
                    "events { worker_connections 64; }\nhttp {\n  access_log off;\n" + temp
                    + f"  server {{ listen 127.0.0.1:{port};\n{locations}  }}\n}}\n")
    proc = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        for row in STATUSES.rows:
            if row.status == 497:  # nginx's internal code: it answers 400 with its own page instead
                continue
            url = f"http://127.0.0.1:{port}/s{row.status}"
            failing = subprocess.run(["curl", "-sS", "-f", "-o", "/dev/null", url], capture_output=True, text=True, timeout=20)
            assert failing.returncode == 22, failing.stderr
            assert hd.explain(failing.stderr).findings[0].code == row.code, failing.stderr
            head = subprocess.run(["curl", "-si", url], capture_output=True, text=True, timeout=20).stdout.splitlines()[0]
            assert hd.explain(head).findings[0].code == row.code, head
    finally:
        stop_process(proc)
