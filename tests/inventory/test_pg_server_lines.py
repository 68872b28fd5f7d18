"""PostgreSQL's server-side refusals as clients print them (auth.c at REL_16/17, issue 12): each
pg_hba.conf outcome leads with its own code, and the same words without the server's context
(another program's 'authentication failed', a pg_hba.conf comment) give none of them.

Why: the encryption state at the end of the line ('SSL encryption', 'GSS encryption', 'no
encryption', before 14 'SSL on'/'SSL off') decides which pg_hba line type is missing, and peer /
ident failures need a different fix (the OS user) than a wrong password.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

PSQL = 'psql: error: connection to server at "db.example.com" (10.0.0.5), port 5432 failed: FATAL:  '
SOCKET = 'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  '

CASES = (
    (PSQL + 'no pg_hba.conf entry for host "10.0.0.7", user "app", database "shop", SSL encryption', "database.pg_no_hba_entry"),
    (PSQL + 'no pg_hba.conf entry for host "10.0.0.7", user "app", database "shop", GSS encryption', "database.pg_no_hba_entry"),
    ('FATAL:  no pg_hba.conf entry for host "192.168.1.20", user "app", database "shop", SSL on', "database.pg_no_hba_entry"),
    (PSQL + 'no pg_hba.conf entry for host "10.0.0.7", user "app", database "shop", no encryption', "database.pg_ssl_required"),
    ('pg_basebackup: error: could not connect: FATAL:  no pg_hba.conf entry for replication connection from host "10.0.0.8", user "replicator", SSL encryption', "database.pg_no_hba_entry"),
    (PSQL + 'pg_hba.conf rejects connection for host "10.0.0.7", user "app", database "shop", SSL encryption', "database.pg_hba_reject"),
    (PSQL + 'pg_hba.conf rejects connection for host "10.0.0.7", user "app", database "shop", no encryption', "database.pg_ssl_required"),
    (SOCKET + 'Peer authentication failed for user "postgres"', "database.pg_peer_auth_failed"),
    ('psycopg2.OperationalError: connection to server at "localhost" (::1), port 5432 failed: FATAL:  Ident authentication failed for user "app"', "database.pg_peer_auth_failed"),
    (PSQL + 'password authentication failed for user "app"', "database.pg_auth_failed"),
    (PSQL + 'LDAP authentication failed for user "app"', "database.pg_auth_failed"),
)


@pytest.mark.parametrize("text,code", CASES, ids=[c for _, c in CASES])
def test_the_server_wording_gives_its_finding_first(text: str, code: str) -> None:
    d = hd.explain(text)
    assert d.findings and d.findings[0].code == code, [(f.code, f.confidence) for f in d.findings[:4]]
    assert d.domains[0].name == "database"


def test_the_reject_fix_names_the_order_of_lines() -> None:
    f = hd.explain(CASES[5][0]).findings[0]
    assert any("first matching line" in x.summary for x in f.fixes)


OUT_OF_CONTEXT = (
    "sshd[812]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.7  user=app",
    "Samba: PAM authentication failed for user bob",
    "# pg_hba.conf: TYPE DATABASE USER ADDRESS METHOD",
    "vsftpd: FAIL LOGIN: Client \"10.0.0.7\" peer authentication failed",
)


@pytest.mark.parametrize("text", OUT_OF_CONTEXT)
def test_the_words_without_the_server_context_give_no_pg_hba_finding(text: str) -> None:
    codes = {f.code for f in hd.explain(text).findings}
    assert not codes & {"database.pg_no_hba_entry", "database.pg_hba_reject", "database.pg_peer_auth_failed", "database.pg_auth_failed"}, codes


@pytest.mark.parametrize("text", (
    "PDOException: SQLSTATE[HY000] [2054] The server requested authentication method unknown to the client",
    "Warning: mysqli_connect(): The server requested authentication method unknown to the client [caching_sha2_password]",
    "ERROR 2059 (HY000): Authentication plugin 'caching_sha2_password' cannot be loaded: /usr/lib/mysql/plugin/caching_sha2_password.so: cannot open shared object file: No such file or directory",
))
def test_caching_sha2_plugin_wordings_are_the_missing_plugin(text: str) -> None:
    d = hd.explain(text)
    assert d.findings and d.findings[0].code == "database.mysql_auth_plugin_missing", [(f.code, f.confidence) for f in d.findings[:3]]


def test_a_caching_sha2_login_over_tls_failing_on_the_password_is_not_the_plugin() -> None:
    d = hd.explain("ERROR 1045 (28000): Access denied for user 'app'@'10.0.0.7' (using password: YES)")
    assert d.findings[0].code == "database.mysql_access_denied"
