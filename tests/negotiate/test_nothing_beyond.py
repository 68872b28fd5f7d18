"""Nothing is sent after the negotiation beyond what the checklist needs: no login, no query, no
mail. Proved from each real server's own records (PostgreSQL's log with log_connections and
log_statement=all, MariaDB's general query log, Redis' INFO commandstats, aiosmtpd's debug log
of every command received), and the real clients show the behaviour the findings describe."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import handshake_doctor as hd

from . import servers
from .certs import NegPki

H = "127.0.0.1"


@pytest.mark.peer
def test_postgres_log_shows_no_login_and_no_statement(pg: dict[str, servers.Server], pki: NegPki) -> None:
    srv = pg["hostssl"]
    before = len(srv.log_text())
    for mode in ("disable", "require", "verify-full"):
        hd.probe(f"postgres://app:secret@{H}:{srv.port}/app?sslmode={mode}&sslrootcert={pki.ca}", timeout=5)
    log = srv.log_text()[before:]
    assert "connection received" in log  # the log does record the probe's connections
    assert "no pg_hba.conf entry" in log  # the plaintext StartupMessage, refused by hostssl
    assert "connection authorized" not in log, log[-2000:]  # nobody logged in
    assert "statement:" not in log, log[-2000:]  # no query ran
    assert "password authentication failed" not in log  # no password was tried


@pytest.mark.peer
def test_mariadb_general_log_shows_no_connect_and_no_query(my: dict[str, servers.Server], pki: NegPki) -> None:
    srv = my["rst"]
    general = srv.extra["general_log"]
    before = len(general.read_text(errors="replace"))  # type: ignore[union-attr]
    for mode in ("DISABLED", "REQUIRED", "VERIFY_IDENTITY"):
        hd.probe(f"mysql://app:secret@{H}:{srv.port}/db?ssl-mode={mode}&ssl-ca={pki.ca}", timeout=5)
    log = general.read_text(errors="replace")[before:]  # type: ignore[union-attr]
    assert not re.search(r"\b(Connect|Query|Quit)\b", log), log[-2000:]


@pytest.mark.peer
def test_mariadb_refuses_a_correct_password_only_because_tls_is_required(my: dict[str, servers.Server], pki: NegPki) -> None:
    """The scenario the finding is about, shown with the real client (the test logs in, not the probe)."""
    srv = my["rst"]
    base = ["mariadb", "--no-defaults", "-h", H, "-P", str(srv.port), "-uapp", "-psecret", "-N", "-e", "SELECT 1"]
    plain = subprocess.run(base + ["--skip-ssl"], capture_output=True, text=True, timeout=30)
    assert plain.returncode != 0 and "1045" in plain.stderr, plain.stderr
    with_tls = subprocess.run(base + ["--ssl", f"--ssl-ca={pki.ca}"], capture_output=True, text=True, timeout=30)
    assert with_tls.returncode == 0 and with_tls.stdout.strip() == "1", with_tls.stderr
    diag = hd.probe(f"mysql://app@{H}:{srv.port}?ssl-mode=DISABLED", timeout=5)
    assert diag.findings[0].code == "negotiate.tls_requirement_hidden"
    assert "1045" in diag.findings[0].detail


@pytest.mark.peer
def test_redis_ran_only_ping(redis: dict[str, servers.Server], pki: NegPki) -> None:
    srv = redis["plain"]
    subprocess.run(["redis-cli", "-h", H, "-p", str(srv.port), "--no-auth-warning", "-a", "secret", "CONFIG", "RESETSTAT"], capture_output=True, timeout=20)
    for url in (f"redis://:secret@{H}:{srv.port}/0", f"rediss://{H}:{srv.port}"):
        hd.probe(url, timeout=5)
    stats = servers.redis_commandstats(srv, password="secret")
    ran = dict(re.findall(r"cmdstat_([a-z|]+):calls=(\d+)", stats))
    assert set(ran) <= {"ping", "info", "config|resetstat", "auth"}, stats
    assert ran.get("auth") == "1", stats  # the one AUTH is redis-cli's own, for this INFO; the probe sent none
    ping = stats.split("cmdstat_ping:", 1)[1].split("\n", 1)[0]
    assert ping.startswith("calls=0,") and "rejected_calls=2" in ping, stats  # one PING per probe, each refused with NOAUTH


@pytest.mark.peer
def test_smtp_server_saw_no_mail_and_no_auth(smtp: dict[str, servers.Server], pki: NegPki) -> None:
    for key in ("starttls", "required", "plain", "implicit"):
        srv = smtp[key]
        for scheme in ("submission", "smtps"):
            hd.probe(f"{scheme}://localhost:{srv.port}", timeout=5, ca_file=pki.ca)
        log = srv.log_text()
        said = {m.split()[0].decode() if isinstance(m, bytes) else m.split()[0].upper() for m in re.findall(r">> b'([^']*)'", log) if m}
        if key != "implicit":  # (on SMTPS the probe only reads the greeting inside TLS)
            assert said, log[-1500:]  # aiosmtpd records every command it receives
        assert said <= {"EHLO", "STARTTLS", "QUIT"}, said
        assert not re.search(r">> b'(MAIL|RCPT|DATA|AUTH|HELO)", log)


@pytest.mark.peer
def test_real_clients_say_less_than_the_finding(pg: dict[str, servers.Server], smtp: dict[str, servers.Server]) -> None:
    """What psql and curl print for two of the scenarios: the finding names the cause they hide."""
    psql = servers.pg_bin("psql")
    r = subprocess.run([psql, f"postgresql://app@{H}:{pg['plain'].port}/app?sslmode=require", "-c", "SELECT 1"],
                       capture_output=True, text=True, timeout=30, env={"PGPASSWORD": "x", "PATH": "/usr/bin:/bin"})
    assert "server does not support SSL" in r.stderr, r.stderr
    if shutil.which("curl"):
        r = subprocess.run(["curl", "-sS", "--max-time", "3", f"smtps://localhost:{smtp['starttls'].port}"], capture_output=True, text=True, timeout=30)
        assert r.returncode != 0  # curl's words: 'wrong version number' / a timeout; never "this is the STARTTLS port"


@pytest.mark.peer
def test_dovecot_log_shows_no_login(dovecot: dict[str, servers.Server], pki: NegPki) -> None:
    srv = dovecot["tls"]
    for scheme, key in (("imap", "imap"), ("imaps", "imaps"), ("pop3", "pop3"), ("pop3s", "pop3s")):
        hd.probe(f"{scheme}://localhost:{srv.extra[key]}", timeout=5, ca_file=pki.ca)
    log = srv.log_text()
    assert "no auth attempts" in log, log[-1500:]  # Dovecot records every session the probe opened...
    assert "Login: user=" not in log and "auth failed" not in log.lower(), log[-2000:]  # ...and no login


@pytest.mark.peer
def test_mosquitto_got_connect_and_disconnect_only(mqtt: dict[str, servers.Server], pki: NegPki) -> None:
    srv = mqtt["both"]
    for url in (f"mqtt://localhost:{srv.extra['port']}", f"mqtts://localhost:{srv.extra['tls_port']}"):
        hd.probe(url, timeout=5, ca_file=pki.ca)
    log = srv.log_text()
    received = set(re.findall(r"Received (\w+) from", log))
    connects = re.findall(r"New client connected from .* as hsdoctor-probe \(([^)]*)\)", log)
    assert connects, log[-1500:]  # the CONNECT (mosquitto 2 logs it as 'New client connected')
    assert all("u'" not in c for c in connects), connects  # ... without a user name or password
    assert received <= {"DISCONNECT"}, received  # no PUBLISH, no SUBSCRIBE


@pytest.mark.peer
def test_slapd_saw_starttls_and_no_bind_or_search(slapd: dict[str, servers.Server], pki: NegPki) -> None:
    srv = slapd["tls"]
    for url in (f"ldap://localhost:{srv.extra['ldap']}", f"ldaps://localhost:{srv.extra['ldaps']}", f"localhost:{srv.extra['ldap']}"):
        hd.probe(url, timeout=5, ca_file=pki.ca)
    log = srv.log_text()
    assert "EXT oid=1.3.6.1.4.1.1466.20037" in log, log[-1500:]  # slapd -d stats records each operation
    assert not re.search(r" (BIND|SRCH|ADD|MOD|DEL|CMP) ", log), log[-2000:]


@pytest.mark.peer
def test_vsftpd_saw_no_login(ftp: dict[str, servers.Server], pki: NegPki) -> None:
    srv = ftp["tls"]
    for url in (f"ftp://localhost:{srv.port}", f"ftps://localhost:{srv.port}"):
        hd.probe(url, timeout=5, ca_file=pki.ca)
    log = srv.log_text()
    said = set(re.findall(r'FTP command: Client "[^"]+", "([A-Z]+)', log))
    assert said and said <= {"FEAT", "AUTH", "QUIT"}, said  # log_ftp_protocol records every command
    assert "USER" not in said and "PASS" not in said
