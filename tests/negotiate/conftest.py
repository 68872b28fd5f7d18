"""The negotiate lab: real servers from Debian, misconfigured the ways users meet, one family per
session fixture (started on first use, stopped at the end of the session, also on failure)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from contextlib import contextmanager

from hsd_testing import REQUIRE_PEERS, hsdoctor_json, require_peer

from . import certs, servers

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tls_probe.lab_certs for certs.py


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[certs.NegPki]:
    d = Path(servers._owned_dir("hsd-negpki-", None))  # readable by the servers' own users (postgres, dovenull)
    yield certs.build(d)
    shutil.rmtree(d, ignore_errors=True)


@contextmanager
def _lab(name: str) -> Iterator[dict[str, servers.Server]]:
    """Servers started inside are stopped at the end; a server that cannot start here (a laptop
    without root for vsftpd, say) skips its tests, and fails them in CI (HSDOCTOR_REQUIRE_PEERS=1)."""
    started: dict[str, servers.Server] = {}
    try:
        yield started
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        msg = f"the {name} lab server could not start here: {exc}"
        if REQUIRE_PEERS:
            pytest.fail(msg)
        pytest.skip(msg)
    finally:
        _stop_all(list(started.values()))


def _stop_all(started: list[servers.Server]) -> None:
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def pg(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    try:
        servers.pg_bin("postgres")
    except FileNotFoundError:
        require_peer("postgres")
    with _lab("pg") as started:
        started["tls"] = servers.start_postgres(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key)
        started["plain"] = servers.start_postgres(ssl=False)
        started["hostssl"] = servers.start_postgres(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key,
                                                    hba="hostssl all all 127.0.0.1/32 scram-sha-256")
        started["hostnossl"] = servers.start_postgres(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key,
                                                      hba="hostnossl all all 127.0.0.1/32 scram-sha-256")
        started["expired"] = servers.start_postgres(ssl=True, cert_pem=pki.expired.cert, key_pem=pki.expired.key)
        started["selfsigned"] = servers.start_postgres(ssl=True, cert_pem=pki.self_signed.cert, key_pem=pki.self_signed.key)
        servers.pg_sql(started["hostssl"], "CREATE ROLE app LOGIN PASSWORD 'secret'")
        yield started


@pytest.fixture(scope="session")
def my(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    require_peer("mariadbd", "mariadb-install-db", "mariadb")
    with _lab("my") as started:
        started["tls"] = servers.start_mariadb(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key)
        started["plain"] = servers.start_mariadb(ssl=False)
        started["rst"] = servers.start_mariadb(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key, require_secure_transport=True)
        started["expired"] = servers.start_mariadb(ssl=True, cert_pem=pki.expired.cert, key_pem=pki.expired.key)
        for s in started.values():
            servers.my_sql(s, "CREATE USER 'app'@'%' IDENTIFIED BY 'secret'; CREATE USER 'app'@'localhost' IDENTIFIED BY 'secret'")
        yield started


@pytest.fixture(scope="session")
def smtp(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    require_peer("/usr/bin/python3")
    r = subprocess.run(["/usr/bin/python3", "-c", "import aiosmtpd"], capture_output=True)
    if r.returncode:
        require_peer("aiosmtpd")  # python3-aiosmtpd (scripts/apt/negotiate.txt)
    with _lab("smtp") as started:
        started["starttls"] = servers.start_smtp(tls="starttls", cert=pki.good.cert_path, key=pki.good.key_path)
        started["plain"] = servers.start_smtp(tls="none")
        started["implicit"] = servers.start_smtp(tls="implicit", cert=pki.good.cert_path, key=pki.good.key_path)
        started["expired"] = servers.start_smtp(tls="starttls", cert=pki.expired.cert_path, key=pki.expired.key_path)
        started["selfsigned"] = servers.start_smtp(tls="starttls", cert=pki.self_signed.cert_path, key=pki.self_signed.key_path)
        started["required"] = servers.start_smtp(tls="starttls", cert=pki.good.cert_path, key=pki.good.key_path, require_starttls=True)
        yield started


@pytest.fixture(scope="session")
def redis(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    require_peer("redis-server", "redis-cli")
    with _lab("redis") as started:
        started["plain"] = servers.start_redis(plain=True, requirepass="secret")
        started["tls"] = servers.start_redis(plain=False, tls=True, cert=pki.good.cert_path, key=pki.good.key_path, ca=pki.ca)
        started["mtls"] = servers.start_redis(plain=False, tls=True, cert=pki.good.cert_path, key=pki.good.key_path, ca=pki.ca, auth_clients="yes")
        yield started


@pytest.fixture(scope="session")
def mqtt(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    require_peer("mosquitto")
    with _lab("mqtt") as started:
        started["both"] = servers.start_mosquitto(plain=True, tls=True, cert=pki.good.cert_path, key=pki.good.key_path, ca=pki.ca)
        started["expired"] = servers.start_mosquitto(plain=False, tls=True, cert=pki.expired.cert_path, key=pki.expired.key_path, ca=pki.ca)
        yield started


@pytest.fixture(scope="session")
def dovecot(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    require_peer("dovecot")
    with _lab("dovecot") as started:
        started["tls"] = servers.start_dovecot(ssl="yes", cert=pki.good.cert_path, key=pki.good.key_path)
        started["plain"] = servers.start_dovecot(ssl="no")
        started["required"] = servers.start_dovecot(ssl="required", cert=pki.good.cert_path, key=pki.good.key_path, plaintext_auth=False, listen="127.0.0.2")
        started["selfsigned"] = servers.start_dovecot(ssl="yes", cert=pki.self_signed.cert_path, key=pki.self_signed.key_path)
        yield started


@pytest.fixture(scope="session")
def slapd(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    require_peer("slapd", "ldapsearch")
    with _lab("slapd") as started:
        started["tls"] = servers.start_slapd(tls=True, cert=pki.good.cert_path, key=pki.good.key_path, ca=pki.ca)
        started["plain"] = servers.start_slapd(tls=False)
        started["expired"] = servers.start_slapd(tls=True, cert=pki.expired.cert_path, key=pki.expired.key_path, ca=pki.ca)
        yield started


@pytest.fixture(scope="session")
def ftp(pki: certs.NegPki) -> Iterator[dict[str, servers.Server]]:
    require_peer("vsftpd")
    with _lab("ftp") as started:
        started["tls"] = servers.start_vsftpd(tls=True, cert=pki.good.cert_path, key=pki.good.key_path)
        started["plain"] = servers.start_vsftpd(tls=False)
        started["implicit"] = servers.start_vsftpd(tls=True, implicit=True, cert=pki.good.cert_path, key=pki.good.key_path)
        started["selfsigned"] = servers.start_vsftpd(tls=True, cert=pki.self_signed.cert_path, key=pki.self_signed.key_path)
        yield started


def run_cli(args: list[str], timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    return hsdoctor_json(args, timeout)
