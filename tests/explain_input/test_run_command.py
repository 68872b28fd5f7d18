"""hsdoctor run -- CMD: the user's command, its output live, its exit status, then the diagnosis."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading

import pytest

from hsd_testing import require_peer

from .clitools import one_line_error, run_cli

PY = sys.executable


def test_a_failing_command_keeps_its_status_and_output_and_is_explained() -> None:
    code = (
        "import sys\n"
        "print('esptool.py v4.7.0'); print('Serial port /dev/ttyUSB0')\n"
        "print('A fatal error occurred: Failed to connect to ESP32: Timed out waiting for packet header', file=sys.stderr)\n"
        "sys.exit(2)\n"
    )
    r = run_cli("run", "--", PY, "-c", code)
    assert r.returncode == 2  # the command's own status
    assert r.stdout.decode() == "esptool.py v4.7.0\nSerial port /dev/ttyUSB0\n"  # stdout untouched
    err = r.stderr.decode()
    assert "A fatal error occurred" in err.splitlines()[0]  # its stderr, live, before the report
    assert "esptool:" in err and "exited with status 2" in err  # the esptool line explained


def test_a_succeeding_command_exits_0_with_its_output_unchanged() -> None:
    r = run_cli("run", "--", PY, "-c", "print('all good')")
    assert r.returncode == 0
    assert r.stdout == b"all good\n"
    assert b"exited with status 0" in r.stderr


def test_a_command_not_found_is_one_line_and_127() -> None:
    r = run_cli("run", "--", "hsdoctor-no-such-command-xyz", "--flag")
    assert r.returncode == 127
    assert "command not found: hsdoctor-no-such-command-xyz" in one_line_error(r)


def test_run_without_a_command_is_a_usage_error() -> None:
    r = run_cli("run", "--")
    assert r.returncode == 2
    one_line_error(r)


def test_stdin_passes_through_and_a_signal_gives_128_plus_n() -> None:
    r = run_cli("run", "--", PY, "-c", "import sys; print(sys.stdin.read().upper())", input=b"abc")
    assert r.returncode == 0 and r.stdout == b"ABC\n"
    r = run_cli("run", "--", "sh", "-c", "kill -TERM $$")
    assert r.returncode == 128 + 15


def test_json_keeps_stdout_for_the_document() -> None:
    code = "import sys; print('connect ECONNREFUSED 127.0.0.1:9'); sys.exit(5)"
    r = run_cli("run", "--json", "--", PY, "-c", code)
    assert r.returncode == 5
    doc = json.loads(r.stdout)  # nothing but the document on stdout
    assert doc["verb"] == "run" and doc["exit_code"] == 5
    assert doc["command"] == {"argv": [PY, "-c", code], "exit_status": 5}
    assert doc["diagnosis_exit_code"] == 1
    assert doc["findings"][0]["code"] == "net.tcp_refused"
    assert b"connect ECONNREFUSED" in r.stderr  # the command's output went to stderr


def test_a_long_output_is_captured_in_bounded_memory() -> None:
    code = (
        "import sys\n"
        "for i in range(200000): print(f'step {i} ok')\n"
        "print('avrdude: stk500_recv(): programmer is not responding', file=sys.stderr)\n"
        "for i in range(1000): print(f'tail {i}')\n"
        "sys.exit(1)\n"
    )
    r = run_cli("run", "--json", "--", PY, "-c", code, timeout=180)
    doc = json.loads(r.stdout)
    assert r.returncode == 1
    assert doc["findings"][0]["code"] == "bootloader.avr.no_reply"
    assert any("skipped" in n for n in doc["notes"])


class _PlainHttp:
    """A loopback server that answers every connection with plain HTTP (the classic
    https:// to an http port mistake). Bounded: at most 8 connections, 30 s."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(30)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        for _ in range(8):
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(3)
                try:
                    conn.recv(4096)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def plain_http():  # type: ignore[no-untyped-def]
    srv = _PlainHttp()
    yield srv
    srv.close()


def test_a_command_naming_a_url_is_offered_its_probe_and_runs_it_with_probe(plain_http) -> None:  # type: ignore[no-untyped-def]
    require_peer("curl")
    url = f"https://127.0.0.1:{plain_http.port}/"
    r = run_cli("run", "--json", "--", "curl", "-sS", "--max-time", "5", url)
    assert r.returncode == 35  # curl's own status: SSL connect error
    doc = json.loads(r.stdout)
    assert doc["findings"][0]["code"] in ("tls.not_tls_reply", "tls.plaintext_http")
    assert doc["probe_offers"] == [f"hsdoctor probe {url}"]
    assert doc["probes"] == []
    r = run_cli("run", "--json", "--probe", "--timeout", "5", "--", "curl", "-sS", "--max-time", "5", url)
    assert r.returncode == 35
    doc = json.loads(r.stdout)
    assert len(doc["probes"]) == 1
    probed = doc["probes"][0]
    assert probed["verb"] == "probe" and probed["findings"][0]["code"] == "tls.plaintext_http"


def test_a_command_naming_host_and_port_is_offered_the_tls_probe(plain_http) -> None:  # type: ignore[no-untyped-def]
    require_peer("openssl")
    target = f"127.0.0.1:{plain_http.port}"
    with open(os.devnull, "rb") as devnull:
        r = run_cli("run", "--", "openssl", "s_client", "-connect", target, stdin=devnull)
    assert r.returncode != 0
    err = r.stderr.decode()
    assert f"hsdoctor probe tls://{target}" in err
    assert "=> " in err and "Nothing recognised" not in err  # the handshake failure it printed is explained


def test_a_command_naming_a_serial_port_is_offered_the_serial_probe() -> None:
    master, slave = os.openpty()
    try:
        path = os.ttyname(slave)
        code = "import sys; open(sys.argv[1], 'rb', buffering=0).close(); print('Failed to init device.', file=sys.stderr); sys.exit(1)"
        r = run_cli("run", "--", PY, "-c", code, path)
        assert r.returncode == 1
        assert f"hsdoctor probe serial://{path}" in r.stderr.decode()
    finally:
        os.close(master)
        os.close(slave)


def test_on_a_terminal_the_command_sees_a_terminal() -> None:
    """When hsdoctor's stdout is a terminal, the command's is one too (never a pipe it would not
    have had): its output still reaches the terminal live and is explained."""
    import pty
    import select
    import time

    from .clitools import HSDOCTOR

    code = "import os, sys; print('tty' if os.isatty(1) else 'pipe'); print('avrdude: stk500_recv(): programmer is not responding', file=sys.stderr); sys.exit(1)"
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.environ["NO_COLOR"] = "1"
        os.execv(HSDOCTOR, [HSDOCTOR, "run", "--", PY, "-c", code])
    out = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    text = out.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 1
    shown = [ln.strip() for ln in text.splitlines()]
    # its two streams come through two ptys and may interleave either way, even inside a line
    assert any(ln.startswith("tty") or ln.endswith("tty") for ln in shown) and not any("pipe" in ln for ln in shown)
    report = text.split("hsdoctor run:", 1)[-1]
    assert "=> avrdude" in report  # explained as avrdude's failure (no_reply, or the inventory's row for the line)


@pytest.mark.parametrize("argv,offers", [
    (["curl", "-v", "https://example.test:8443/api"], ["https://example.test:8443/api"]),
    (["openssl", "s_client", "-connect", "example.test:443", "-servername", "example.test"], ["tls://example.test:443"]),
    (["esptool.py", "--port", "/dev/ttyUSB0", "chip_id"], ["serial:///dev/ttyUSB0"]),
    (["avrdude", "-c", "arduino", "-P/dev/ttyACM0"], []),  # glued short option: not a whole argument
    (["stm32flash", "--port=/dev/ttyUSB1", "-b", "57600"], ["serial:///dev/ttyUSB1"]),
    (["mode", "COM3"], ["serial://COM3"]),
    (["pcsc_scan"], ["pcsc://"]),
    (["/usr/bin/ykman", "list"], ["pcsc://"]),
    (["ls", "-l", "/tmp", "main.py:12", "http://example.test/"], []),  # no probe for http://, a file:line is no host
])
def test_probe_offers_come_from_the_declarations(argv: list[str], offers: list[str]) -> None:
    from handshake_doctor.run_command import probe_offers

    assert probe_offers(argv) == offers
