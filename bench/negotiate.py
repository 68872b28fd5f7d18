"""Benchmark: `hsdoctor probe` for negotiated TLS against `openssl s_client -starttls`, sslyze
`--starttls`, testssl.sh `--starttls` and the real client a user would have run, on the same lab
ports (the real servers of tests/negotiate), in one run.

For each scenario we record wall time and whether the tool *named the cause*: for our probe,
findings[0] is the expected code; for the others, a keyword check on their output (NAMES below:
the words that would tell a reader the cause), so "named" means "a reader would find it there".
The real client's own message is kept as an excerpt. sslyze runs from bench/.venv-sslyze (it
pins an older cryptography); testssl.sh is Debian's.

    .venv/bin/python bench/negotiate.py [--tools ours,openssl,sslyze,testssl,client] [--only a,b] [--out bench/results/negotiate.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from negotiate import certs, servers  # noqa: E402
import toolrun  # noqa: E402
from toolrun import excerpt, names  # noqa: E402

SSLYZE = ROOT / "bench" / ".venv-sslyze" / "bin" / "sslyze"
TESTSSL = shutil.which("testssl") or shutil.which("testssl.sh")
TIMEOUT = 60.0
H = "127.0.0.1"

# What would tell a reader the cause, in another tool's output (case-insensitive).
NAMES: dict[str, str] = {
    "negotiate.tls_not_offered": r"does not support SSL|doesn't support|not support(ed)? (STARTTLS|SSL|TLS)|STARTTLS.*(not|fail)|no STARTTLS|SSL is required, but|Protocol error|unsupported extended|didn't find",
    "negotiate.tls_required": r"no pg_hba\.conf entry.*no encryption|hostssl|LOGINDISABLED|requires? (TLS|SSL|STARTTLS)|must issue a STARTTLS",
    "negotiate.tls_requirement_hidden": r"require_secure_transport|insecure transport|requires? (TLS|SSL)",
    "negotiate.implicit_tls_port": r"implicit|use (smtps|imaps|rediss|mqtts)|port .*(TLS|SSL) (from the start|directly)|wrong port",
    "negotiate.plaintext_port": r"plain ?text|STARTTLS port|use (submission|smtp|imap|redis|mqtt)://|wrong version number.*(220|\+OK|\* OK)",
    "tls.cert_expired": r"expired",
    "negotiate.wrong_protocol": r"not (a )?(PostgreSQL|MySQL)|invalid response to SSL negotiation|MySQL|mysql_native",
}


@dataclass(frozen=True)
class Case:
    name: str
    family: str
    key: str
    url: str  # with {port} (and {ca})
    expect: str
    starttls: str  # openssl/testssl -starttls protocol ('' = implicit or none)
    sslyze_starttls: str  # sslyze --starttls value ('' = none, 'n/a' = not supported)
    client: list[str]  # the real client, with {port} {ca}
    port_key: str = ""


CASES = (
    Case("pg TLS off, sslmode=require", "pg", "plain", "postgres://app@{h}:{port}/app?sslmode=require", "negotiate.tls_not_offered", "postgres", "postgres",
         ["psql", "postgresql://app@{h}:{port}/app?sslmode=require", "-c", "SELECT 1"]),
    Case("pg hostssl, sslmode=disable", "pg", "hostssl", "postgres://app@{h}:{port}/app?sslmode=disable", "negotiate.tls_required", "postgres", "postgres",
         ["psql", "postgresql://app@{h}:{port}/app?sslmode=disable", "-c", "SELECT 1"]),
    Case("mariadb TLS off, ssl-mode=REQUIRED", "my", "plain", "mysql://app@{h}:{port}?ssl-mode=REQUIRED", "negotiate.tls_not_offered", "mysql", "n/a",
         ["mariadb", "--no-defaults", "-h", "{h}", "-P", "{port}", "-uapp", "-psecret", "--ssl", "--ssl-verify-server-cert", "-e", "SELECT 1"]),
    Case("mariadb require_secure_transport, plaintext client", "my", "rst", "mysql://app@{h}:{port}?ssl-mode=DISABLED", "negotiate.tls_requirement_hidden", "mysql", "n/a",
         ["mariadb", "--no-defaults", "-h", "{h}", "-P", "{port}", "-uapp", "-psecret", "--skip-ssl", "-e", "SELECT 1"]),
    Case("STARTTLS client on the SMTPS port", "smtp", "implicit", "submission://localhost:{port}", "negotiate.implicit_tls_port", "smtp", "smtp",
         ["curl", "-sS", "--max-time", "10", "--ssl-reqd", "--cacert", "{ca}", "smtp://localhost:{port}"]),
    Case("SMTPS client on the STARTTLS port", "smtp", "starttls", "smtps://localhost:{port}", "negotiate.plaintext_port", "", "",
         ["curl", "-sS", "--max-time", "10", "--cacert", "{ca}", "smtps://localhost:{port}"]),
    Case("expired certificate behind STARTTLS", "smtp", "expired", "submission://localhost:{port}", "tls.cert_expired", "smtp", "smtp",
         ["curl", "-sS", "--max-time", "10", "--ssl-reqd", "--cacert", "{ca}", "smtp://localhost:{port}"]),
    Case("redis:// to the TLS-only port", "redis", "tls", "redis://localhost:{port}", "negotiate.implicit_tls_port", "", "",
         ["redis-cli", "-h", "{h}", "-p", "{port}", "PING"], "tls_port"),
    Case("rediss:// to the plaintext port", "redis", "plain", "rediss://localhost:{port}", "negotiate.plaintext_port", "", "",
         ["redis-cli", "-h", "{h}", "-p", "{port}", "--tls", "--cacert", "{ca}", "PING"], "port"),
    Case("mqtt:// to the TLS listener", "mqtt", "both", "mqtt://localhost:{port}", "negotiate.implicit_tls_port", "", "",
         ["mosquitto_pub", "-h", "{h}", "-p", "{port}", "-t", "bench", "-m", "x"], "tls_port"),
    Case("LDAP StartTLS refused (no TLS configured)", "slapd", "plain", "ldap://localhost:{port}", "negotiate.tls_not_offered", "ldap", "ldap",
         ["ldapsearch", "-H", "ldap://{h}:{port}", "-ZZ", "-x", "-s", "base", "-b", ""], "ldap"),
    Case("IMAP STARTTLS on the IMAPS port", "dovecot", "tls", "imap://localhost:{port}", "negotiate.implicit_tls_port", "imap", "imap",
         ["curl", "-sS", "--max-time", "10", "--ssl-reqd", "--cacert", "{ca}", "imap://localhost:{port}/"], "imaps"),
    Case("FTP without AUTH TLS", "ftp", "plain", "ftp://localhost:{port}", "negotiate.tls_not_offered", "ftp", "ftp",
         ["curl", "-sS", "--max-time", "10", "--ssl-reqd", "ftp://localhost:{port}/"]),
    Case("postgres:// on a MariaDB port", "my", "tls", "postgres://{h}:{port}", "negotiate.wrong_protocol", "postgres", "postgres",
         ["psql", "postgresql://app@{h}:{port}/app", "-c", "SELECT 1"]),
)


def run(cmd: list[str], timeout: float = TIMEOUT, stdin: str = "") -> tuple[float, int, str]:
    return toolrun.run(cmd, timeout, stdin, env={"PGPASSWORD": "secret", "PGCONNECT_TIMEOUT": "10"})


def named(expect: str, text: str) -> bool:
    return names(NAMES.get(expect, r"$^"), text)


def start(family: str, pki: certs.NegPki, stack: ExitStack) -> dict[str, servers.Server]:
    g, e = pki.good, pki.expired
    made: dict[str, servers.Server] = {}

    def keep(name: str, srv: servers.Server) -> None:
        made[name] = srv
        stack.callback(srv.stop)

    if family == "pg":
        keep("plain", servers.start_postgres(ssl=False))
        keep("hostssl", servers.start_postgres(ssl=True, cert_pem=g.cert, key_pem=g.key, hba="hostssl all all 127.0.0.1/32 scram-sha-256"))
    elif family == "my":
        for name, kw in (("plain", {"ssl": False}), ("rst", {"ssl": True, "require_secure_transport": True}), ("tls", {"ssl": True})):
            srv = servers.start_mariadb(cert_pem=g.cert, key_pem=g.key, **kw)  # type: ignore[arg-type]
            servers.my_sql(srv, "CREATE USER 'app'@'%' IDENTIFIED BY 'secret'; CREATE USER 'app'@'localhost' IDENTIFIED BY 'secret'")
            keep(name, srv)
    elif family == "smtp":
        keep("implicit", servers.start_smtp(tls="implicit", cert=g.cert_path, key=g.key_path))
        keep("starttls", servers.start_smtp(tls="starttls", cert=g.cert_path, key=g.key_path))
        keep("expired", servers.start_smtp(tls="starttls", cert=e.cert_path, key=e.key_path))
    elif family == "redis":
        keep("plain", servers.start_redis(plain=True))
        keep("tls", servers.start_redis(plain=False, tls=True, cert=g.cert_path, key=g.key_path, ca=pki.ca))
    elif family == "mqtt":
        keep("both", servers.start_mosquitto(plain=True, tls=True, cert=g.cert_path, key=g.key_path, ca=pki.ca))
    elif family == "slapd":
        keep("plain", servers.start_slapd(tls=False))
    elif family == "dovecot":
        keep("tls", servers.start_dovecot(ssl="yes", cert=g.cert_path, key=g.key_path))
    elif family == "ftp":
        keep("plain", servers.start_vsftpd(tls=False))
    return made


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", default="ours,openssl,sslyze,testssl,client")
    ap.add_argument("--only", default="")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "negotiate.json"))
    a = ap.parse_args()
    tools = set(a.tools.split(","))
    if "sslyze" in tools and not SSLYZE.exists():
        print("sslyze missing: python3 -m venv bench/.venv-sslyze && bench/.venv-sslyze/bin/pip install sslyze", file=sys.stderr)
        tools.discard("sslyze")
    if "testssl" in tools and not TESTSSL:
        print("testssl.sh missing: apt-get install testssl.sh", file=sys.stderr)
        tools.discard("testssl")
    cases = [c for c in CASES if not a.only or any(w in c.name for w in a.only.split(","))]
    rows = []
    with ExitStack() as stack:
        pki_dir = Path(servers._owned_dir("hsd-bench-pki-", None))
        stack.callback(shutil.rmtree, pki_dir, True)
        pki = certs.build(pki_dir)
        labs: dict[str, dict[str, servers.Server]] = {}
        for c in cases:
            if c.family not in labs:
                labs[c.family] = start(c.family, pki, stack)
            srv = labs[c.family][c.key]
            port = int(srv.extra[c.port_key]) if c.port_key else srv.port
            fill = {"h": H, "port": str(port), "ca": pki.ca}
            url = c.url.format(**fill)
            hp = f"{H}:{port}"
            row: dict[str, object] = {"scenario": c.name, "expect": c.expect, "url": url}
            if "ours" in tools:
                wall, rc, out = run([str(ROOT / ".venv" / "bin" / "hsdoctor"), "probe", url, "--json", "--ca-file", pki.ca, "--timeout", "5"])
                try:
                    first = json.loads(out[: out.rindex("}") + 1])["findings"][0]
                except (ValueError, KeyError, IndexError):
                    first = {"code": "?", "summary": excerpt(out)}
                row["ours"] = {"wall_s": round(wall, 3), "exit": rc, "named": first.get("code") == c.expect, "first": first.get("code"), "excerpt": first.get("summary", "")[:200]}
            if "openssl" in tools:
                cmd = ["openssl", "s_client", "-connect", hp, "-CAfile", pki.ca, "-verify_return_error"] + (["-starttls", c.starttls] if c.starttls else [])
                wall, rc, out = run(cmd, 20, stdin="")
                row["openssl"] = {"wall_s": round(wall, 3), "exit": rc, "named": named(c.expect, out), "excerpt": excerpt(out)}
            if "sslyze" in tools and c.sslyze_starttls != "n/a":
                cmd = [str(SSLYZE), "--certinfo", f"--certinfo_ca_file={pki.ca}", hp] + ([f"--starttls={c.sslyze_starttls}"] if c.sslyze_starttls else [])
                wall, rc, out = run(cmd)
                row["sslyze"] = {"wall_s": round(wall, 3), "exit": rc, "named": named(c.expect, out), "excerpt": excerpt(out)}
            if "testssl" in tools:
                cmd = [str(TESTSSL), "--quiet", "--color", "0", "--warnings", "off", "--connect-timeout", "3", "--openssl-timeout", "3",
                       "--add-ca", pki.ca, "-S"] + (["--starttls", c.starttls] if c.starttls else []) + [hp]
                wall, rc, out = run(cmd, 120)
                row["testssl"] = {"wall_s": round(wall, 3), "exit": rc, "named": named(c.expect, out), "excerpt": excerpt(out)}
            if "client" in tools:
                cmd = [x.format(**fill) for x in c.client]
                if cmd[0] == "psql":
                    cmd[0] = servers.pg_bin("psql")
                wall, rc, out = run(cmd, 20)
                row["client"] = {"tool": Path(cmd[0]).name, "wall_s": round(wall, 3), "exit": rc, "named": named(c.expect, out), "says": excerpt(out)}
            rows.append(row)
            print(json.dumps({k: (v if not isinstance(v, dict) else {kk: vv for kk, vv in v.items() if kk in ("wall_s", "named", "first", "says")}) for k, v in row.items()}), flush=True)
    out_path = Path(a.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(rows, indent=1) + "\n")
    totals = {t: sum(1 for r in rows if isinstance(r.get(t), dict) and r[t]["named"]) for t in ("ours", "openssl", "sslyze", "testssl", "client")}
    ran = {t: sum(1 for r in rows if isinstance(r.get(t), dict)) for t in totals}
    print("named the cause: " + ", ".join(f"{t} {totals[t]}/{ran[t]}" for t in totals if ran[t]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
