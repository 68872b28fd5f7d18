"""Each misconfiguration users meet, on a real server: the cause is findings[0], through the CLI
(--json, exit code) and through the Python API, and healthy controls are reported healthy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest

import handshake_doctor as hd

from . import servers
from .certs import NegPki
from .conftest import run_cli

H = "127.0.0.1"


@dataclass(frozen=True)
class Scenario:
    name: str
    family: str  # the fixture: pg, my, smtp, redis
    url: Callable[[dict[str, servers.Server], NegPki], str]
    first: str  # the code expected in findings[0]
    exit: int
    also: tuple[str, ...] = ()  # codes that must be present too
    options: Callable[[NegPki], dict[str, str]] = lambda pki: {}


def port(name: str, key: str = "") -> Callable[[dict[str, servers.Server]], int]:
    return lambda lab: int(lab[name].extra[key]) if key else lab[name].port


S = Scenario
SCENARIOS = (
    # PostgreSQL
    S("pg healthy verify-full", "pg", lambda l, k: f"postgres://app@{H}:{l['tls'].port}/app?sslmode=verify-full&sslrootcert={k.ca}", "negotiate.tls_upgraded", 0, ("tls.ok",)),
    S("pg TLS off, client requires it", "pg", lambda l, k: f"postgres://app@{H}:{l['plain'].port}/app?sslmode=require", "negotiate.tls_not_offered", 1),
    S("pg TLS off, libpq default prefer", "pg", lambda l, k: f"postgresql://{H}:{l['plain'].port}", "negotiate.plaintext_fallback", 1),
    S("pg hostssl, client plaintext", "pg", lambda l, k: f"postgres://app:secret@{H}:{l['hostssl'].port}/app?sslmode=disable", "negotiate.tls_required", 1),
    S("pg hostssl, client TLS", "pg", lambda l, k: f"postgres://app@{H}:{l['hostssl'].port}/app?sslmode=verify-full&sslrootcert={k.ca}", "negotiate.tls_upgraded", 0),
    S("pg hostnossl, client TLS", "pg", lambda l, k: f"postgres://app@{H}:{l['hostnossl'].port}/app?sslmode=require", "negotiate.plaintext_only", 1),
    S("pg expired certificate, verify-full", "pg", lambda l, k: f"postgres://{H}:{l['expired'].port}?sslmode=verify-full&sslrootcert={k.ca}", "tls.cert_expired", 1, ("negotiate.tls_upgraded",)),
    S("pg self-signed, sslmode=require", "pg", lambda l, k: f"postgres://{H}:{l['selfsigned'].port}?sslmode=require", "negotiate.unverified_tls", 1, ("tls.self_signed",)),
    S("pg self-signed, verify-full", "pg", lambda l, k: f"postgres://{H}:{l['selfsigned'].port}?sslmode=verify-full&sslrootcert={k.ca}", "tls.self_signed", 1),
    # MariaDB
    S("mariadb healthy VERIFY_IDENTITY", "my", lambda l, k: f"mysql://app@{H}:{l['tls'].port}/db?ssl-mode=VERIFY_IDENTITY&ssl-ca={k.ca}", "negotiate.tls_upgraded", 0, ("tls.ok",)),
    S("mariadb TLS off, client requires it", "my", lambda l, k: f"mysql://app@{H}:{l['plain'].port}?ssl-mode=REQUIRED", "negotiate.tls_not_offered", 1),
    S("mariadb TLS off, default PREFERRED", "my", lambda l, k: f"mariadb://{H}:{l['plain'].port}", "negotiate.plaintext_fallback", 1),
    S("mariadb require_secure_transport, client plaintext", "my", lambda l, k: f"mysql://app:secret@{H}:{l['rst'].port}?ssl-mode=DISABLED", "negotiate.tls_requirement_hidden", 1),
    S("mariadb require_secure_transport, client TLS", "my", lambda l, k: f"mysql://app@{H}:{l['rst'].port}?ssl-mode=VERIFY_CA&ssl-ca={k.ca}", "negotiate.tls_upgraded", 0),
    S("mariadb expired certificate", "my", lambda l, k: f"mysql://{H}:{l['expired'].port}?ssl-mode=VERIFY_IDENTITY&ssl-ca={k.ca}", "tls.cert_expired", 1),
    # SMTP (aiosmtpd)
    S("submission healthy STARTTLS", "smtp", lambda l, k: f"submission://localhost:{l['starttls'].port}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("submission without STARTTLS", "smtp", lambda l, k: f"submission://localhost:{l['plain'].port}", "negotiate.tls_not_offered", 1),
    S("smtps healthy", "smtp", lambda l, k: f"smtps://localhost:{l['implicit'].port}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("STARTTLS on the implicit port (587 client on 465)", "smtp", lambda l, k: f"submission://localhost:{l['implicit'].port}", "negotiate.implicit_tls_port", 1, (), lambda k: {"ca_file": k.ca}),
    S("implicit TLS on the STARTTLS port (465 client on 587)", "smtp", lambda l, k: f"smtps://localhost:{l['starttls'].port}", "negotiate.plaintext_port", 1),
    S("expired certificate behind STARTTLS", "smtp", lambda l, k: f"smtp://localhost:{l['expired'].port}", "tls.cert_expired", 1, ("negotiate.tls_upgraded",), lambda k: {"ca_file": k.ca}),
    S("self-signed certificate behind STARTTLS", "smtp", lambda l, k: f"submission://localhost:{l['selfsigned'].port}", "tls.self_signed", 1, (), lambda k: {"ca_file": k.ca}),
    S("STARTTLS required (AUTH only after TLS), client plaintext", "smtp", lambda l, k: f"submission://localhost:{l['required'].port}?tls=disable", "negotiate.tls_required", 1, (), lambda k: {"ca_file": k.ca}),
    # Redis
    S("redis healthy plaintext (password in the URL, never sent)", "redis", lambda l, k: f"redis://:secret@{H}:{l['plain'].port}/0", "negotiate.plaintext_ok", 0),
    S("rediss healthy", "redis", lambda l, k: f"rediss://localhost:{l['tls'].port}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("rediss to the plaintext port", "redis", lambda l, k: f"rediss://user:secret@localhost:{l['plain'].port}", "negotiate.plaintext_port", 1),
    S("redis to the TLS-only port (port 0, tls-port)", "redis", lambda l, k: f"redis://localhost:{l['tls'].port}", "negotiate.implicit_tls_port", 1, (), lambda k: {"ca_file": k.ca}),
    S("rediss without the client certificate tls-auth-clients wants", "redis", lambda l, k: f"rediss://localhost:{l['mtls'].port}", "tls.client_cert_required", 1, (), lambda k: {"ca_file": k.ca}),
    S("rediss with the client certificate", "redis", lambda l, k: f"rediss://localhost:{l['mtls'].port}", "negotiate.tls_upgraded", 0, ("tls.ok",),
      lambda k: {"ca_file": k.ca, "client_cert": k.client.cert_path, "client_key": k.client.key_path}),
    # MQTT (mosquitto)
    S("mqtt healthy plaintext", "mqtt", lambda l, k: f"mqtt://localhost:{l['both'].extra['port']}", "negotiate.plaintext_ok", 0),
    S("mqtts healthy", "mqtt", lambda l, k: f"mqtts://localhost:{l['both'].extra['tls_port']}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("mqtt to the TLS listener (8883 without TLS)", "mqtt", lambda l, k: f"mqtt://localhost:{l['both'].extra['tls_port']}", "negotiate.implicit_tls_port", 1, (), lambda k: {"ca_file": k.ca}),
    S("mqtts to the plaintext listener", "mqtt", lambda l, k: f"mqtts://localhost:{l['both'].extra['port']}", "negotiate.plaintext_port", 1),
    S("mqtts with an expired certificate", "mqtt", lambda l, k: f"mqtts://localhost:{l['expired'].extra['tls_port']}", "tls.cert_expired", 1, (), lambda k: {"ca_file": k.ca}),
    # IMAP and POP3 (Dovecot)
    S("imap healthy STARTTLS", "dovecot", lambda l, k: f"imap://localhost:{l['tls'].extra['imap']}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("imaps healthy", "dovecot", lambda l, k: f"imaps://localhost:{l['tls'].extra['imaps']}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("pop3 healthy STLS", "dovecot", lambda l, k: f"pop3://localhost:{l['tls'].extra['pop3']}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("pop3s healthy", "dovecot", lambda l, k: f"pop3s://localhost:{l['tls'].extra['pop3s']}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("imap STARTTLS on the imaps port", "dovecot", lambda l, k: f"imap://localhost:{l['tls'].extra['imaps']}", "negotiate.implicit_tls_port", 1, (), lambda k: {"ca_file": k.ca}),
    S("imaps on the STARTTLS port", "dovecot", lambda l, k: f"imaps://localhost:{l['tls'].extra['imap']}", "negotiate.plaintext_port", 1),
    S("pop3 STLS on the pop3s port", "dovecot", lambda l, k: f"pop3://localhost:{l['tls'].extra['pop3s']}", "negotiate.implicit_tls_port", 1, (), lambda k: {"ca_file": k.ca}),
    S("pop3s on the STLS port", "dovecot", lambda l, k: f"pop3s://localhost:{l['tls'].extra['pop3']}", "negotiate.plaintext_port", 1),
    S("imap, Dovecot ssl = no", "dovecot", lambda l, k: f"imap://localhost:{l['plain'].extra['imap']}", "negotiate.tls_not_offered", 1),
    S("pop3, Dovecot ssl = no", "dovecot", lambda l, k: f"pop3://localhost:{l['plain'].extra['pop3']}", "negotiate.tls_not_offered", 1),
    S("imap LOGINDISABLED, client plaintext", "dovecot", lambda l, k: f"imap://127.0.0.2:{l['required'].extra['imap']}?tls=disable", "negotiate.tls_required", 1, (), lambda k: {"ca_file": k.ca}),
    S("pop3 without USER before STLS, client plaintext", "dovecot", lambda l, k: f"pop3://127.0.0.2:{l['required'].extra['pop3']}?tls=disable", "negotiate.tls_required", 1, (), lambda k: {"ca_file": k.ca}),
    S("imap self-signed behind STARTTLS", "dovecot", lambda l, k: f"imap://localhost:{l['selfsigned'].extra['imap']}", "tls.self_signed", 1, (), lambda k: {"ca_file": k.ca}),
    # LDAP (slapd)
    S("ldap healthy StartTLS", "slapd", lambda l, k: f"ldap://localhost:{l['tls'].extra['ldap']}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("ldaps healthy", "slapd", lambda l, k: f"ldaps://localhost:{l['tls'].extra['ldaps']}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("ldap StartTLS refused (no olcTLS* certificate)", "slapd", lambda l, k: f"ldap://localhost:{l['plain'].extra['ldap']}", "negotiate.tls_not_offered", 1),
    S("ldap StartTLS on the ldaps port", "slapd", lambda l, k: f"ldap://localhost:{l['tls'].extra['ldaps']}", "negotiate.implicit_tls_port", 1, (), lambda k: {"ca_file": k.ca}),
    S("ldaps on the ldap port", "slapd", lambda l, k: f"ldaps://localhost:{l['tls'].extra['ldap']}", "negotiate.plaintext_port", 1),
    S("ldap expired certificate behind StartTLS", "slapd", lambda l, k: f"ldap://localhost:{l['expired'].extra['ldap']}", "tls.cert_expired", 1, (), lambda k: {"ca_file": k.ca}),
    # FTP (vsftpd)
    S("ftp healthy AUTH TLS", "ftp", lambda l, k: f"ftp://localhost:{l['tls'].port}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("ftps healthy (implicit)", "ftp", lambda l, k: f"ftps://localhost:{l['implicit'].port}", "negotiate.tls_upgraded", 0, ("tls.ok",), lambda k: {"ca_file": k.ca}),
    S("ftp without AUTH TLS", "ftp", lambda l, k: f"ftp://localhost:{l['plain'].port}", "negotiate.tls_not_offered", 1),
    S("ftp AUTH TLS on the implicit port", "ftp", lambda l, k: f"ftp://localhost:{l['implicit'].port}", "negotiate.implicit_tls_port", 1, (), lambda k: {"ca_file": k.ca}),
    S("ftps on the AUTH TLS port", "ftp", lambda l, k: f"ftps://localhost:{l['tls'].port}", "negotiate.plaintext_port", 1),
    S("ftp self-signed behind AUTH TLS", "ftp", lambda l, k: f"ftp://localhost:{l['selfsigned'].port}", "tls.self_signed", 1, (), lambda k: {"ca_file": k.ca}),
)
CROSS = (  # a non-database service on the database port (needs two families)
    ("postgres:// on a MariaDB port", "pg", "my", lambda my: f"postgres://{H}:{my['tls'].port}", "mysql"),
    ("mysql:// on a PostgreSQL port", "my", "pg", lambda pg: f"mysql://{H}:{pg['tls'].port}", "postgres"),
    ("postgres:// on a Redis port", "pg", "redis", lambda r: f"postgres://{H}:{r['plain'].port}", "redis"),
    ("mysql:// on an SMTP port", "my", "smtp", lambda s: f"mysql://{H}:{s['plain'].port}", "smtp"),
)


def hd_protocol(url: str) -> str:
    from handshake_doctor.domains.negotiate.schemes import BY_SCHEME

    return BY_SCHEME[url.split("://", 1)[0]].protocol


def _cli_args(url: str, opts: dict[str, str]) -> list[str]:
    args = ["probe", url, "--json", "--timeout", "6"]
    for k, v in opts.items():
        args += ["--" + k.replace("_", "-"), v]
    return args


@pytest.mark.peer
@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_cause_first_cli_and_api(s: Scenario, request: pytest.FixtureRequest, pki: NegPki) -> None:
    lab = request.getfixturevalue(s.family)
    url, opts = s.url(lab, pki), s.options(pki)
    r, data = run_cli(_cli_args(url, opts))
    assert data is not None, r.stderr[-2000:]
    codes = [f["code"] for f in data["findings"]]
    assert codes and codes[0] == s.first, (codes, data["findings"][0]["summary"], data["steps"])
    assert r.returncode == s.exit == data["exit_code"], (r.returncode, codes)
    for c in s.also:
        assert c in codes, codes
    assert "secret" not in r.stdout  # a password in the URL is never echoed (nor sent: test_nothing_beyond)
    for f in data["findings"]:  # the data keys docs/JSON.md promises
        if f["code"].startswith("negotiate."):
            assert f["data"]["protocol"] == hd_protocol(url) and f["data"]["client_tls"], f["data"]
        if f["code"] in ("negotiate.implicit_tls_port", "negotiate.plaintext_port"):
            assert "suggested_scheme" in f["data"]
    diag = hd.probe(url, timeout=6, **opts)
    api_codes = [f.code for f in diag.findings]
    assert api_codes[0] == s.first, api_codes
    assert diag.exit_code == s.exit
    if s.exit == 0:
        assert all(f.severity in ("ok", "info") for f in diag.findings), [(f.code, f.severity) for f in diag.findings]
    else:
        first = diag.findings[0]
        assert first.fixes, f"{first.code} has no fix"


@pytest.mark.peer
@pytest.mark.parametrize("name,family,other,url,answers", CROSS, ids=[c[0] for c in CROSS])
def test_another_service_on_the_port(name: str, family: str, other: str, url, answers: str, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    request.getfixturevalue(family)
    lab = request.getfixturevalue(other)
    r, data = run_cli(["probe", url(lab), "--json", "--timeout", "6"])
    assert data is not None, r.stderr
    f0 = data["findings"][0]
    assert f0["code"] == "negotiate.wrong_protocol", [f["code"] for f in data["findings"]]
    assert f0["data"]["other_protocol"] == answers
    assert r.returncode == 1


@pytest.mark.peer
def test_bare_host_port_names_the_scheme(pg: dict[str, servers.Server], smtp: dict[str, servers.Server], redis: dict[str, servers.Server]) -> None:
    for port, scheme in ((pg["tls"].port, "postgres"), (smtp["implicit"].port, "smtps"), (smtp["plain"].port, "submission"), (redis["plain"].port, "redis")):
        r, data = run_cli(["probe", f"{H}:{port}", "--json", "--timeout", "6"])
        assert data is not None, r.stderr
        f0 = data["findings"][0]
        assert f0["code"] == "negotiate.identified" and f0["data"]["suggested_scheme"] == scheme, (port, f0)
        assert f"{scheme}://{H}:{port}" in f0["summary"]
        assert r.returncode == 0
