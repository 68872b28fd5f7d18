"""Real tools meet real peers on loopback; what they print is fed to `explain`.

Why: the message tables were written from facts and issue threads; here the very programs on
this machine (openssl s_client, curl, Python's ssl) produce the text, so a changed spelling in a
new release shows up as a failing test instead of a silent miss.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

import handshake_doctor as hd
from hsd_testing import require_peer

pytestmark = pytest.mark.peer
NOT_TLS = {"tls.not_tls_reply", "tls.plaintext_http"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _top(text: str) -> str:
    d = hd.explain(text)
    assert d.findings, text
    return d.findings[0].code


@pytest.fixture(scope="module")
def http_peer() -> Iterator[int]:
    """A plaintext HTTP server (nginx-like 400) on loopback; bounded: 2 s per client, 60 s total."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(4096)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        yield int(srv.getsockname()[1])
    finally:
        stop.set()
        t.join(timeout=5)
        srv.close()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_peer("openssl")
    d = tmp_path_factory.mktemp("pki")
    key, crt = d / "k.pem", d / "c.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key),
         "-out", str(crt), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True, timeout=30,
    )
    return key, crt


class _SServer:
    def __init__(self, pki: tuple[Path, Path], *flags: str) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            ["openssl", "s_server", "-accept", f"127.0.0.1:{self.port}", "-cert", str(pki[1]), "-key", str(pki[0]), "-quiet", *flags],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                s.settimeout(0.2)
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        self.close()
        pytest.fail("openssl s_server did not listen within 10 s")

    def close(self) -> str:
        self.proc.kill()
        try:
            _out, err = self.proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            return ""
        return err or ""


@pytest.fixture
def tls13_only(pki: tuple[Path, Path]) -> Iterator[_SServer]:
    s = _SServer(pki, "-tls1_3")
    try:
        yield s
    finally:
        s.close()


def _run(cmd: list[str]) -> str:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    return r.stdout + "\n" + r.stderr


def test_s_client_against_http(http_peer: int) -> None:
    require_peer("openssl")
    out = _run(["openssl", "s_client", "-connect", f"127.0.0.1:{http_peer}", "-servername", "localhost"])
    assert "wrong version number" in out, out[-500:]
    assert _top(out) in NOT_TLS


def test_curl_https_against_http(http_peer: int) -> None:
    require_peer("curl")
    out = _run(["curl", "-sS", "--max-time", "10", f"https://127.0.0.1:{http_peer}/"])
    assert "curl: (35)" in out, out
    assert _top(out) in NOT_TLS


def test_python_ssl_against_http(http_peer: int) -> None:
    ctx = ssl.create_default_context()
    with socket.create_connection(("127.0.0.1", http_peer), timeout=5) as raw:
        with pytest.raises(ssl.SSLError) as exc:
            ctx.wrap_socket(raw, server_hostname="localhost")
    assert _top(repr(exc.value)) in NOT_TLS


def test_s_client_tls12_against_tls13_only(tls13_only: _SServer) -> None:
    require_peer("openssl")
    out = _run(["openssl", "s_client", "-connect", f"127.0.0.1:{tls13_only.port}", "-tls1_2"])
    assert "alert protocol version" in out, out[-500:]
    assert _top(out) == "tls.version_mismatch"


def test_curl_tls12_against_tls13_only(tls13_only: _SServer) -> None:
    require_peer("curl")
    out = _run(["curl", "-sS", "--max-time", "10", "-k", "--tlsv1.2", "--tls-max", "1.2", f"https://127.0.0.1:{tls13_only.port}/"])
    assert _top(out) == "tls.version_mismatch", out


def test_curl_and_python_against_self_signed(tls13_only: _SServer) -> None:
    require_peer("curl")
    out = _run(["curl", "-sS", "--max-time", "10", f"https://localhost:{tls13_only.port}/"])
    assert "curl: (60)" in out, out
    assert _top(out) == "tls.self_signed"
    ctx = ssl.create_default_context()
    with socket.create_connection(("127.0.0.1", tls13_only.port), timeout=5) as raw:
        with pytest.raises(ssl.SSLCertVerificationError) as exc:
            ctx.wrap_socket(raw, server_hostname="localhost")
    assert _top(str(exc.value)) == "tls.self_signed"


def test_python_hostname_mismatch(tls13_only: _SServer, pki: tuple[Path, Path]) -> None:
    ctx = ssl.create_default_context(cafile=str(pki[1]))
    with socket.create_connection(("127.0.0.1", tls13_only.port), timeout=5) as raw:
        with pytest.raises(ssl.SSLCertVerificationError) as exc:
            ctx.wrap_socket(raw, server_hostname="wrong.example")
    assert _top(str(exc.value)) == "tls.hostname_mismatch"


def test_plain_http_client_on_tls_port(pki: tuple[Path, Path]) -> None:
    require_peer("curl")
    s = _SServer(pki)
    try:
        out = _run(["curl", "-sS", "--max-time", "10", f"http://127.0.0.1:{s.port}/"])
    finally:
        server_log = s.close()
    assert _top(out) in ("http.empty_reply", "net.tcp_reset"), out
    if "http request" in server_log:  # s_server logs the OpenSSL reason for the plaintext request
        assert _top(server_log) == "tls.plaintext_request", server_log


def test_curl_refused() -> None:
    require_peer("curl")
    out = _run(["curl", "-sS", "--max-time", "10", f"https://127.0.0.1:{_free_port()}/"])
    assert _top(out) == "net.tcp_refused", out
