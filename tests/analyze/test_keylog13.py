"""TLS 1.3 with a key log: the decrypted Certificate, CertificateRequest and the client's
Certificate meet the same judges as a TLS 1.2 capture's plaintext ones. Captured here: tcpdump
in a network namespace while ``openssl s_client -tls1_3 -keylogfile`` meets ``openssl s_server
-tls1_3`` with a self-signed, an expired, a wrong-name and a leaf-only certificate, and with
-Verify 1 / -verify 1 and a client that has no certificate. tshark with the same key log is the
oracle for what was in the encrypted handshake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from hsd_testing import ROOT, require_peer

from .test_keylog12 import _analyze, _by_port

#: scenario -> (leading code, its severity, whether the handshake completed)
EXPECT: dict[str, tuple[str, str]] = {
    "selfsigned_refused": ("tls.self_signed", "error"),
    "expired_accepted": ("tls.cert_expired", "warning"),
    "expired_refused": ("tls.cert_expired", "error"),
    "wrongname_accepted": ("tls.hostname_mismatch", "warning"),
    "wrongname_refused": ("tls.hostname_mismatch", "error"),
    "leafonly_refused": ("tls.chain_incomplete", "error"),
    "clientcert_required": ("tls.client_cert_required", "error"),
    "clientcert_optional": ("tls.client_cert_required", "warning"),
    "good": ("tls.ok", "ok"),
}


@pytest.fixture(scope="module")
def lab13(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_peer("ip", "tcpdump", "openssl", "tshark")
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    out = tmp_path_factory.mktemp("an-k13")
    ns = f"hsd-k13-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True, timeout=10)
    try:
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(ROOT / "tests/analyze/keylog13_lab.py"), str(out)],
                           capture_output=True, text=True, timeout=180)
        assert r.returncode == 0, r.stderr[-2000:]
    finally:
        subprocess.run(["ip", "netns", "del", ns], timeout=10)
    dump = json.loads((out / "tcpdump.json").read_text())
    assert dump["rc"] == 0 and "0 packets dropped by kernel" in dump["stderr"], f"tcpdump lost packets: {dump}"
    yield out


def _tshark_handshakes(pcap: Path, keylog: Path, servers: set[int]) -> dict[tuple[int, str], dict[str, Any]]:
    """(server port, sender) -> {"types": handshake types, "certs": certificates}, decrypted by tshark."""
    r = subprocess.run(["tshark", "-n", "-r", str(pcap), "-o", f"tls.keylog_file:{keylog}", "-Y", "tls.handshake.type", "-T", "fields",
                        "-E", "separator=|", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tls.handshake.type", "-e", "tls.handshake.certificate_length"],
                       capture_output=True, text=True, timeout=120, check=True)
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for line in r.stdout.splitlines():
        src, dst, types, certs = line.split("|")
        key = (int(src), "server") if int(src) in servers else (int(dst), "client")
        got = out.setdefault(key, {"types": [], "certs": 0})
        got["types"] += [int(t) for t in types.split(",") if t]
        got["certs"] += len([c for c in certs.split(",") if c])
    return out


def _rows(lab: Path) -> dict[str, dict[str, Any]]:
    rows = {r["scenario"]: r for r in json.loads((lab / "scenarios.json").read_text())}
    assert set(rows) == set(EXPECT) | {"reneg12_clientcert"}, "every scenario's server started"
    return rows


def test_decrypted_tls13_certificates_meet_the_certificate_judges(lab13: Path) -> None:
    rows = _rows(lab13)
    pcap, keylog = lab13 / "tls13.pcap", lab13 / "keylog.txt"
    exchanges = _analyze(str(pcap), "--keylog", str(keylog))
    oracle = _tshark_handshakes(pcap, keylog, {r["port"] for r in rows.values()})
    for name, (code, severity) in EXPECT.items():
        e = _by_port(exchanges, rows[name]["port"])
        tls = e["exchange"]["tls"]
        srv, cli = oracle[(rows[name]["port"], "server")], oracle[(rows[name]["port"], "client")]
        assert tls["version"] == "TLS 1.3" and tls["decrypted"] is True, (name, tls.get("keylog"))
        assert 11 in srv["types"] and tls["certificates"] == srv["certs"], (name, tls["certificates"], srv)
        assert tls["certificate_request"] == (13 in srv["types"]), name
        if 11 in cli["types"]:  # the client's Certificate, as tshark reads it
            assert tls["client_certificates"] == cli["certs"] == 0, (name, tls.get("client_certificates"), cli)
        else:
            assert "client_certificates" not in tls, name
        top = e["findings"][0]
        assert (top["code"], top["severity"]) == (code, severity), (name, [(f["code"], f["severity"]) for f in e["findings"]])
        if severity == "warning" and code != "tls.client_cert_required":
            assert "the client accepted it" in top["summary"], (name, top["summary"])
    # each problem is named by what the decrypted certificate holds
    facts = {n: _by_port(exchanges, rows[n]["port"])["findings"][0]["data"] for n in ("expired_accepted", "leafonly_refused", "wrongname_refused")}
    assert facts["leafonly_refused"]["missing_issuer"].endswith("Lab13 Intermediate CA"), facts
    assert "other.test" in json.dumps(facts["wrongname_refused"]), facts
    opt = _by_port(exchanges, rows["clientcert_optional"]["port"])
    assert [f["code"] for f in opt["findings"]][-1] == "tls.ok", "the optional request did not stop the handshake"


def test_without_the_key_log_the_certificate_is_not_judged(lab13: Path) -> None:
    """The same capture without --keylog: no certificate finding can be made (TLS 1.3 hides it)."""
    rows = _rows(lab13)
    exchanges = _analyze(str(lab13 / "tls13.pcap"))
    for name in ("expired_accepted", "wrongname_accepted", "clientcert_optional", "leafonly_refused"):
        codes = [f["code"] for f in _by_port(exchanges, rows[name]["port"])["findings"]]
        assert not {"tls.cert_expired", "tls.hostname_mismatch", "tls.chain_incomplete"} & set(codes), (name, codes)
        assert not _by_port(exchanges, rows[name]["port"])["exchange"]["tls"].get("decrypted"), name


def test_tls12_renegotiation_asking_for_a_client_certificate_is_read(lab13: Path) -> None:
    """TLS 1.2: the server renegotiates after the handshake to ask for a client certificate; the
    CertificateRequest and the client's empty Certificate are encrypted (under the first
    session's keys) and meet the same judge as in a plaintext first handshake."""
    rows = _rows(lab13)
    pcap, keylog = lab13 / "tls13.pcap", lab13 / "keylog.txt"
    port = rows["reneg12_clientcert"]["port"]
    oracle = _tshark_handshakes(pcap, keylog, {port})
    assert 0 in oracle[(port, "server")]["types"] and 13 in oracle[(port, "server")]["types"], oracle  # HelloRequest, CertificateRequest
    e = _by_port(_analyze(str(pcap), "--keylog", str(keylog)), port)
    tls = e["exchange"]["tls"]
    assert tls["version"] == "TLS 1.2" and tls["decrypted"] is True and tls["renegotiated"] is True
    assert tls["renegotiation"]["server"][:2] == ["hello_request", "server_hello"] and "certificate_request" in tls["renegotiation"]["server"]
    assert tls["certificate_request_in"] == "renegotiation" and tls["certificate_request"] is True
    assert tls["client_certificates"] == oracle[(port, "client")]["certs"] == 0
    top = e["findings"][0]
    assert (top["code"], top["severity"]) == ("tls.client_cert_required", "warning"), [(f["code"], f["severity"]) for f in e["findings"]]
    assert "renegotiation" in top["summary"]
    # without the key log none of it is visible: the first handshake asked for nothing
    plain = _by_port(_analyze(str(pcap)), port)
    assert plain["exchange"]["tls"]["certificate_request"] is False
    assert "tls.client_cert_required" not in [f["code"] for f in plain["findings"]]
