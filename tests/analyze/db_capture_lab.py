"""Run inside a network namespace: tcpdump on its loopback while Debian's psql and mariadb clients
meet the negotiate lab's real PostgreSQL and MariaDB servers.

Usage (tests/analyze/test_db_capture_lab.py does this): ``ip netns exec NS python
tests/analyze/db_capture_lab.py OUT`` writes OUT/db.pcap (tcpdump -w on the namespace's loopback)
and OUT/scenarios.json (each scenario's server port, the client command's exit status and
stderr, and the code the capture must show first for that connection).

Why a namespace: the servers are started inside it (tests/negotiate/servers.py, the same
start_postgres / start_mariadb the negotiate lab uses), so they listen on a 127.0.0.1 that only
this run can reach, and the capture holds only these connections. The clients never carry a
password that matters (psql -w never sends one; the MariaDB login is a user that does not
exist), and each one stops on its own when the server refuses it, within a bounded timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from tests.analyze import live_dump  # noqa: E402
from tests.negotiate import certs, servers  # noqa: E402

H = servers.LOOPBACK


@dataclass(frozen=True)
class Scenario:
    name: str
    server: str  # key into the started servers
    client: str  # "psql" or "mariadb"
    args: tuple[str, ...]  # the client's TLS options
    expect: str  # the code in findings[0] for this connection
    user: str = "nosuchuser"  # MariaDB: a user that does not exist, or "app" (no password at all)


PLAN: tuple[Scenario, ...] = (
    # libpq sends the SSLRequest, reads 'N' and gives up: the server's TLS is off
    Scenario("pg_require_vs_off", "pg_plain", "psql", ("sslmode=require",), "database.pg_server_no_ssl"),
    # libpq's default: 'N', then the StartupMessage goes out in plaintext anyway
    Scenario("pg_prefer_vs_off", "pg_plain", "psql", ("sslmode=prefer",), "database.plaintext_session"),
    # no SSLRequest at all: a plaintext StartupMessage
    Scenario("pg_disable_vs_off", "pg_plain", "psql", ("sslmode=disable",), "database.plaintext_session"),
    # 'S' and a TLS handshake that completes (the login then fails inside TLS: no password)
    Scenario("pg_require_vs_on", "pg_tls", "psql", ("sslmode=require",), "tls.ok"),
    # the greeting has no CLIENT_SSL and the client, told to verify the server, closes
    Scenario("my_ssl_verify_vs_plain", "my_plain", "mariadb", ("--ssl", "--ssl-verify-server-cert"), "database.mysql_server_no_ssl"),
    # MariaDB 10.11's client with --ssl alone falls back: the login goes out in plaintext (and is
    # denied: no such user), so the denial comes first and the plaintext login second
    Scenario("my_ssl_vs_plain", "my_plain", "mariadb", ("--ssl",), "database.mysql_access_denied"),
    # require_secure_transport=ON: MariaDB checks it after the password and answers a plaintext
    # login with the right one (user app has none) with 1045, the same as a wrong password; only
    # the TLS login of the same user just after (my_tls_vs_secure_transport) tells them apart
    Scenario("my_plain_vs_secure_transport", "my_rst", "mariadb", ("--skip-ssl",), "database.mysql_login_denied_without_tls", user="app"),
    Scenario("my_bad_login_vs_secure_transport", "my_rst", "mariadb", ("--skip-ssl",), "database.mysql_login_denied_without_tls"),
    Scenario("my_tls_vs_secure_transport", "my_rst", "mariadb", ("--ssl", "--ssl-verify-server-cert"), "tls.ok", user="app"),
    # the control: SSLRequest, TLS handshake that completes (the login then fails inside TLS)
    Scenario("my_ssl_vs_tls", "my_tls", "mariadb", ("--ssl", "--ssl-verify-server-cert"), "tls.ok"),
)


def run_client(s: Scenario, port: int, ca: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "MYSQL", "MARIADB"))}
    if s.client == "psql":
        conninfo = f"host={H} port={port} user=labuser dbname=labdb connect_timeout=3 " + " ".join(s.args)
        cmd = [servers.pg_bin("psql"), "-w", "-X", "-d", conninfo, "-c", ""]
        env["PGSSLROOTCERT"] = ca
    else:
        cmd = ["mariadb", "--no-defaults", "-h", H, "-P", str(port), "--protocol=TCP", "-u", s.user,
               *(["-pnot-a-password"] if s.user == "nosuchuser" else []), "--connect-timeout=3", *s.args]
        if "--ssl" in s.args:
            cmd.append(f"--ssl-ca={ca}")
        cmd += ["-e", ""]
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10, env=env)
        return r.returncode, r.stderr.strip()[-400:]
    except subprocess.TimeoutExpired:
        return -9, "timed out"


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
    pki_dir = Path(servers._owned_dir("hsd-dbcap-pki-", None))  # readable by the postgres user
    pki = certs.build(pki_dir)
    started: dict[str, servers.Server] = {}
    rows = []
    pcap = out / "db.pcap"
    dump: subprocess.Popen[bytes] | None = None
    try:
        started["pg_plain"] = servers.start_postgres(ssl=False)
        started["pg_tls"] = servers.start_postgres(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key)
        started["my_plain"] = servers.start_mariadb(ssl=False)
        started["my_tls"] = servers.start_mariadb(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key)
        started["my_rst"] = servers.start_mariadb(ssl=True, cert_pem=pki.good.cert, key_pem=pki.good.key, require_secure_transport=True)
        servers.my_sql(started["my_rst"], "CREATE USER 'app'@'%'")
        # the servers' own readiness probes (wait_port) are done before the capture starts
        dump = live_dump.start("lo", pcap)
        if dump is None:
            print("tcpdump did not start on lo", file=sys.stderr)
            return 3
        time.sleep(0.3)
        for s in PLAN:
            port = started[s.server].port
            t0 = time.time()
            rc, err = run_client(s, port, pki.ca)
            rows.append({"scenario": s.name, "port": port, "client": s.client, "args": list(s.args), "expect": s.expect,
                         "rc": rc, "stderr": err, "t0": t0, "t1": time.time()})
            time.sleep(0.3)
        time.sleep(1.0)
    finally:
        if dump is not None:
            live_dump.stop(dump, pcap)
        for srv in started.values():
            srv.stop()
        shutil.rmtree(pki_dir, ignore_errors=True)
    (out / "scenarios.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(Path(sys.argv[1])))
