"""analyze on database captures made here: tcpdump in a network namespace the test creates, while
Debian's psql and mariadb clients meet real PostgreSQL and MariaDB servers started inside it (the
negotiate lab's start_postgres / start_mariadb). Each connection's top finding must be the
scenario's cause, through the CLI (jsonl and json); tshark is the oracle for the bytes both read:
the server's one-byte answer to the SSLRequest ('S' / 'N'), the greeting's CLIENT_SSL flag
(mysql.caps.sl), the server's error number, and the TLS handshake that follows an upgrade."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from hsd_testing import ROOT, hsdoctor, require_peer

from .convert import to_pcapng
from .test_capture_lab import analyze_jsonl, by_scenario


@pytest.fixture(scope="module")
def db_capture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_peer("ip", "tcpdump", "editcap", "mariadbd", "mariadb-install-db", "mariadb")
    sys.path.insert(0, str(ROOT))
    from tests.negotiate import servers

    for prog in ("postgres", "initdb", "psql"):
        try:
            servers.pg_bin(prog)
        except FileNotFoundError:
            require_peer(prog)
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    out = tmp_path_factory.mktemp("an-db")
    ns = f"hsd-db-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True, timeout=10)
    try:
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(ROOT / "tests/analyze/db_capture_lab.py"), str(out)],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
    finally:
        subprocess.run(["ip", "netns", "del", ns], timeout=10)
    to_pcapng(out / "db.pcap", out / "db.pcapng")
    yield out


def rows(capture: Path) -> dict[str, dict[str, Any]]:
    return {r["scenario"]: r for r in json.loads((capture / "scenarios.json").read_text())}


def one(found: dict[str, list[dict[str, Any]]], name: str) -> dict[str, Any]:
    (e,) = found[name]  # each client made exactly one connection
    return e


def evidence(f: dict[str, Any]) -> list[str]:
    return [f"{ev['value']} | {ev['note']}" for ev in f["evidence"]]


def codes(e: dict[str, Any]) -> list[str]:
    return [f["code"] for f in e["findings"]]


@pytest.mark.parametrize("copy", ["db.pcap", "db.pcapng"])
def test_every_connection_has_its_cause_first(db_capture: Path, copy: str) -> None:
    plan = rows(db_capture)
    found = by_scenario(db_capture, copy)
    wrong = {}
    for name, row in plan.items():
        got = [e["findings"][0]["code"] if e["findings"] else None for e in found[name]]
        if len(got) != 1 or got[0] != row["expect"]:
            wrong[name] = (row["expect"], got, row["stderr"])
    assert not wrong, wrong
    assert len(plan) == 10


def test_what_the_clients_said_matches_the_scenarios(db_capture: Path) -> None:
    """The clients' own verdicts, so the capture's causes are not judged against a wrong setup."""
    plan = rows(db_capture)
    assert "server does not support SSL, but SSL was required" in plan["pg_require_vs_off"]["stderr"]
    assert "SSL is required, but the server does not support it" in plan["my_ssl_verify_vs_plain"]["stderr"]
    for name in ("pg_prefer_vs_off", "pg_disable_vs_off", "pg_require_vs_on"):
        assert "no password supplied" in plan[name]["stderr"]  # psql -w: nothing was sent
    # the same user without a password: denied over plaintext, let in over TLS
    assert "ERROR 1045" in plan["my_plain_vs_secure_transport"]["stderr"] and "using password: NO" in plan["my_plain_vs_secure_transport"]["stderr"]
    assert plan["my_tls_vs_secure_transport"]["rc"] == 0


def test_postgres_facts(db_capture: Path) -> None:
    found = by_scenario(db_capture, "db.pcap")
    off = one(found, "pg_require_vs_off")
    top = off["findings"][0]
    assert top["severity"] == "error" and off["exit_code"] == 1
    assert any(v.startswith("4E | ") for v in evidence(top)) and "closed" in top["summary"]
    prefer = one(found, "pg_prefer_vs_off")
    top = prefer["findings"][0]
    assert "answered 'N'" in top["summary"] and top["data"]["protocol"] == "postgresql"
    assert any("plaintext StartupMessage (user 'labuser')" in v for v in evidence(top))
    disable = one(found, "pg_disable_vs_off")
    assert "no SSLRequest" in disable["findings"][0]["summary"]
    on = one(found, "pg_require_vs_on")
    assert on["exit_code"] == 0 and "database.pg_ssl_accepted" in codes(on)
    assert on["exchange"]["tls"]["version"] == "TLS 1.3" and on["exchange"]["tls"]["cipher_suite"]


def test_mariadb_facts(db_capture: Path) -> None:
    found = by_scenario(db_capture, "db.pcap")
    top = one(found, "my_ssl_verify_vs_plain")["findings"][0]
    assert any("CLIENT_SSL NOT set" in v for v in evidence(top)) and top["severity"] == "error"
    fallback = one(found, "my_ssl_vs_plain")
    assert codes(fallback)[:2] == ["database.mysql_access_denied", "database.plaintext_session"]
    assert "the server offers no TLS" in fallback["findings"][1]["summary"]
    assert any("CLIENT_SSL NOT set" in v for v in evidence(fallback["findings"][0]))
    for name, user in (("my_plain_vs_secure_transport", "app"), ("my_bad_login_vs_secure_transport", "nosuchuser")):
        e = one(found, name)
        top = e["findings"][0]
        assert "TLS required" in top["summary"] and top["severity"] == "error"
        assert top["data"]["error"] == 1045 and top["data"]["sqlstate"] == "28000" and f"user '{user}'" in top["data"]["message"]
        assert top["data"]["hypotheses"][0] == "database.mysql_secure_transport_required"
        assert any("CLIENT_SSL set" in v for v in evidence(top)) and "database.plaintext_session" in codes(e)
    for name in ("my_tls_vs_secure_transport", "my_ssl_vs_tls"):
        e = one(found, name)
        assert e["exit_code"] == 0 and not any(c.startswith("database.") and c != "database.pg_ssl_accepted" for c in codes(e))


def _tshark(path: Path, decode: dict[int, str], display: str, *fields: str) -> list[list[str]]:
    args = ["tshark", "-n", "-r", str(path), "-Y", display, "-T", "fields", "-E", "separator=|"]
    for port, proto in decode.items():
        args += ["-d", f"tcp.port=={port},{proto}"]
    for f in fields:
        args += ["-e", f]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return [line.split("|") for line in r.stdout.splitlines() if line.strip()]


def _client_port(e: dict[str, Any]) -> int:
    return int(e["exchange"]["client"].rsplit(":", 1)[1])


def test_tshark_agrees_on_the_negotiation_bytes(db_capture: Path) -> None:
    require_peer("tshark")
    plan = rows(db_capture)
    pcap = db_capture / "db.pcap"
    found = by_scenario(db_capture, "db.pcap")
    pg_ports = {plan[n]["port"] for n in plan if n.startswith("pg_")}
    my_ports = {plan[n]["port"] for n in plan if n.startswith("my_")}
    decode = {**{p: "pgsql" for p in pg_ports}, **{p: "mysql" for p in my_ports}}
    # PostgreSQL: who sent an SSLRequest (tshark's pgsql), and the server's one-byte answer
    ssl_request = {int(a) for a, in _tshark(pcap, decode, 'pgsql.type == "SSL request"', "tcp.srcport")}
    answer = {int(b): bytes.fromhex(p) for a, b, p in _tshark(pcap, {}, "tcp.len == 1", "tcp.srcport", "tcp.dstport", "tcp.payload") if int(a) in pg_ports}
    tls_hello = {int(a) for a, in _tshark(pcap, decode, "tls.handshake.type == 1", "tcp.srcport")}
    compared = 0
    for name in ("pg_require_vs_off", "pg_prefer_vs_off", "pg_disable_vs_off", "pg_require_vs_on"):
        e = one(found, name)
        cp = _client_port(e)
        ours = [ev["value"] for f in e["findings"] for ev in f["evidence"] if "the server's answer" in ev["note"]]
        if name == "pg_disable_vs_off":
            assert cp not in ssl_request and cp not in answer and not ours
            continue
        assert cp in ssl_request
        assert ours == [answer[cp].hex().upper()], (name, ours, answer.get(cp))
        assert (answer[cp] == b"S") == (cp in tls_hello) == (name == "pg_require_vs_on")
        compared += 1
    # MariaDB: the greeting's CLIENT_SSL bit and version, the error number, TLS after the SSLRequest
    greet = {int(b): (sl == "1", v, int(caps, 16)) for b, sl, v, caps in _tshark(pcap, decode, "mysql.server_greeting", "tcp.dstport", "mysql.caps.sl", "mysql.version", "mysql.caps.server")}
    errors = {int(b): int(c) for b, c in _tshark(pcap, decode, "mysql.error_code", "tcp.dstport", "mysql.error_code")}
    for name in (n for n in plan if n.startswith("my_")):
        e = one(found, name)
        cp = _client_port(e)
        sl, version, caps = greet[cp]
        mine = [f"{ev['value']} | {ev['note']}" for f in e["findings"] for ev in f["evidence"] if ev["kind"] == "greeting"]
        if mine:  # the judged ones carry the greeting as evidence: version, capabilities, CLIENT_SSL
            assert f"server {version!r}, capabilities 0x{caps:04X}" in mine[0], (mine, version, caps)
            assert ("CLIENT_SSL set" in mine[0]) == sl, name
        assert sl == (plan[name]["port"] != plan["my_ssl_vs_plain"]["port"])
        top = e["findings"][0]
        assert errors.get(cp) == top.get("data", {}).get("error"), (name, errors.get(cp), top.get("data"))
        assert (cp in tls_hello) == (top["code"] == "tls.ok")
        compared += 1
    assert compared == 9


def test_cli_formats_and_exit_status(db_capture: Path) -> None:
    pcap = db_capture / "db.pcap"
    r = hsdoctor("analyze", str(pcap), timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    text = " ".join(r.stdout.split())  # the text view wraps its lines
    assert "TLS required, or wrong credentials" in text and "answered 'N' to the SSLRequest" in text
    r = hsdoctor("analyze", str(pcap), "--format", "json", timeout=120)
    doc = json.loads(r.stdout)
    assert r.returncode == 1 and doc["verb"] == "analyze" and doc["exit_code"] == 1
    jl = [e for e in analyze_jsonl(pcap) if "exchange" in e]
    assert [(e["exchange"]["client"], codes(e)) for e in doc["exchanges"]] == [(e["exchange"]["client"], codes(e)) for e in jl]
    assert len(jl) == 10
