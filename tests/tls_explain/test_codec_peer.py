"""build_client_hello judged by a real peer: raw bytes to ``openssl s_server`` over loopback."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from hsd_testing import require_peer
from handshake_doctor.domains.tls import codec

pytestmark = pytest.mark.peer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_peer("openssl")
    d = tmp_path_factory.mktemp("pki")
    key, crt = d / "k.pem", d / "c.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(crt), "-days", "2", "-subj", "/CN=localhost"],
        check=True, capture_output=True, timeout=30,
    )
    return key, crt


def _server(cert: tuple[Path, Path], *flags: str) -> Iterator[int]:
    port = _free_port()
    key, crt = cert
    proc = subprocess.Popen(
        ["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", str(crt), "-key", str(key), "-naccept", "2", "-quiet", *flags],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    pass
                break  # this readiness connection is the first of the two -naccept allows
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("openssl s_server did not start listening within 10 s")
        yield port
    finally:
        proc.kill()
        proc.wait(timeout=5)


def _exchange(port: int, hello: bytes) -> bytes:
    """Send one ClientHello, read until a ServerHello or an alert is complete (bounded: 3 s, 64 reads)."""
    data = b""
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        s.sendall(hello)
        deadline = time.monotonic() + 3
        for _ in range(64):
            if time.monotonic() > deadline:
                break
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            data += chunk
            records, _rest, _problem = codec.parse_records(data)
            if records and (records[0].content_type == 21 or codec.server_hello_info(data)):
                break
    return data


def _start(cert: tuple[Path, Path], *flags: str) -> tuple[Iterator[int], int]:
    gen = _server(cert, *flags)
    return gen, next(gen)


@pytest.mark.parametrize(
    "flags, versions, want",
    [
        ((), (0x0304, 0x0303), 0x0304),
        (("-tls1_2",), (0x0304, 0x0303), 0x0303),
        ((), (0x0303,), 0x0303),
    ],
)
def test_openssl_answers_our_client_hello_with_a_server_hello(cert: tuple[Path, Path], flags: tuple[str, ...], versions: tuple[int, ...], want: int) -> None:
    gen, port = _start(cert, *flags)
    try:
        reply = _exchange(port, codec.build_client_hello("localhost", versions=versions))
    finally:
        gen.close()
    fb = codec.classify_first_bytes(reply)
    assert fb.kind == "tls_handshake" and fb.handshake_type == 2, (fb, reply[:16].hex())
    info = codec.server_hello_info(reply)
    assert info is not None and info["version"] == want, info
    assert not info["hello_retry_request"]
    if want == 0x0304:
        assert info["key_share_group_name"] == "x25519" and 0x1301 <= info["cipher_suite"] <= 0x1303


def test_openssl_tls13_only_server_alerts_protocol_version(cert: tuple[Path, Path]) -> None:
    gen, port = _start(cert, "-tls1_3")
    try:
        reply = _exchange(port, codec.build_client_hello("localhost", versions=(0x0303,)))
    finally:
        gen.close()
    fb = codec.classify_first_bytes(reply)
    assert fb.kind == "tls_alert" and fb.alert is not None, (fb, reply.hex())
    assert (fb.alert.description, fb.alert.name, fb.alert.fatal) == (70, "protocol_version", True)


def test_openssl_accepts_every_sni_form_we_build(cert: tuple[Path, Path]) -> None:
    gen, port = _start(cert)
    try:
        reply = _exchange(port, codec.build_client_hello("bücher.localhost", alpn=("http/1.1",)))
    finally:
        gen.close()
    assert codec.server_hello_info(reply) is not None, reply[:32].hex()
