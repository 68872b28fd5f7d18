"""TLS 1.0 and TLS 1.1 decryption with a key log, on captures made here: tcpdump in a network
namespace while ``openssl s_client -tls1`` / ``-tls1_1 -keylogfile`` meets ``openssl s_server``
with AES128-SHA at SECLEVEL=0, with and without encrypt-then-MAC. The client asks to renegotiate
and the server refuses with an encrypted no_renegotiation alert: with the key log ``analyze``
must read it (the TLS 1.0/1.1 PRF, TLS 1.0's chained IVs, TLS 1.1's explicit ones), and tshark
with the same key log is the oracle."""

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

from .test_keylog12 import NO_RENEGOTIATION, CLOSE_NOTIFY, _analyze, _by_port, _tshark_alerts, _tshark_etm


@pytest.fixture(scope="module")
def lab10(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_peer("ip", "tcpdump", "openssl", "tshark")
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    out = tmp_path_factory.mktemp("an-k10")
    ns = f"hsd-k10-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True, timeout=10)
    try:
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(ROOT / "tests/analyze/keylog10_lab.py"), str(out)],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr[-2000:]
    finally:
        subprocess.run(["ip", "netns", "del", ns], timeout=10)
    dump = json.loads((out / "tcpdump.json").read_text())
    assert dump["rc"] == 0 and "0 packets dropped by kernel" in dump["stderr"], f"tcpdump lost packets: {dump}"
    yield out


def _scenarios(lab: Path) -> dict[str, dict[str, Any]]:
    from .keylog10_lab import PLAN

    rows = {r["scenario"]: r for r in json.loads((lab / "scenarios.json").read_text())}
    assert set(rows) == set(PLAN), "every scenario's server started (OpenSSL speaks TLS 1.0/1.1 at SECLEVEL=0)"
    return rows


def test_tls10_and_tls11_encrypted_alerts_are_read_as_tshark_reads_them(lab10: Path) -> None:
    rows = _scenarios(lab10)
    pcap, keylog = lab10 / "tls10.pcap", lab10 / "keylog.txt"
    exchanges = _analyze(str(pcap), "--keylog", str(keylog))
    oracle = _tshark_alerts(pcap, keylog, {r["port"] for r in rows.values()})
    etm = _tshark_etm(pcap)
    for name, r in rows.items():
        e = _by_port(exchanges, r["port"])
        tls = e["exchange"]["tls"]
        assert tls["version"] == {"-tls1": "TLS 1.0", "-tls1_1": "TLS 1.1"}[r["proto"]], (name, tls["version"])
        assert tls["cipher_suite"].endswith("AES_128_CBC_SHA"), (name, tls["cipher_suite"])
        assert tls["decrypted"] is True, (name, tls.get("keylog"))
        assert all(a.get("decrypted") for a in tls["alerts"]), (name, tls["alerts"])
        got = {s: [a["description"] for a in tls["alerts"] if a["sender"] == s] for s in ("client", "server")}
        assert got["server"] == oracle.get((r["port"], "server")), (name, got, oracle)
        assert got["client"] == oracle.get((r["port"], "client")), (name, got, oracle)
        top = e["findings"][0]
        if r["action"] == "get":
            assert got == {"client": [CLOSE_NOTIFY], "server": [CLOSE_NOTIFY]}, name
            assert top["code"] == "tls.ok", (name, top)
        else:  # the real alert: the server refused the client's renegotiation
            assert got["server"] == [NO_RENEGOTIATION], name
            assert top["data"]["alert"] == "no_renegotiation" and top["data"]["sender"] == "server", (name, top)
            assert "renegotiate" in top["summary"]
    # both record layouts were met for real in both versions
    assert all(etm[r["port"]] == r["etm"] for r in rows.values()), "s_server negotiated encrypt-then-MAC unless -no_etm"
    assert {(r["proto"], r["etm"]) for r in rows.values()} == {(p, m) for p in ("-tls1", "-tls1_1") for m in (True, False)}


def test_tls10_with_a_wrong_secret_is_not_decrypted(lab10: Path, tmp_path: Path) -> None:
    rows = _scenarios(lab10)
    wrong = tmp_path / "wrong.txt"
    lines = []
    for line in (lab10 / "keylog.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "CLIENT_RANDOM":
            secret = bytes.fromhex(parts[2])
            lines.append(f"CLIENT_RANDOM {parts[1]} {secret[:-1].hex()}{bytes([secret[-1] ^ 1]).hex()}")  # only P_SHA-1's half changes
    wrong.write_text("\n".join(lines) + "\n")
    exchanges = _analyze(str(lab10 / "tls10.pcap"), "--keylog", str(wrong))
    for name, r in rows.items():
        tls = _by_port(exchanges, r["port"])["exchange"]["tls"]
        assert not any(a.get("decrypted") for a in tls["alerts"]), name
        assert "do not decrypt" in tls["keylog"], (name, tls.get("keylog"))
