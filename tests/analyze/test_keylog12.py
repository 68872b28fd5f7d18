"""TLS 1.2 decryption with a key log, on captures made here: tcpdump in a network namespace while
openssl s_client (-keylogfile) and curl (SSLKEYLOGFILE) meet ``openssl s_server -tls1_2 -cipher X``
for AES-GCM, ChaCha20-Poly1305 and AES-CBC with HMAC-SHA1/SHA256/SHA384, with encrypt-then-MAC
(OpenSSL's default) and without it (-no_etm). The alerts after ChangeCipherSpec are encrypted;
with the key log ``analyze`` must read them, and tshark with the same key log is the oracle.
A key log that does not hold a connection's client random is said so on that connection."""

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

NO_RENEGOTIATION, CLOSE_NOTIFY = 100, 0


@pytest.fixture(scope="module")
def lab12(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_peer("ip", "tcpdump", "openssl", "curl", "tshark", "editcap")
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    out = tmp_path_factory.mktemp("an-k12")
    ns = f"hsd-k12-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True, timeout=10)
    try:
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(ROOT / "tests/analyze/keylog12_lab.py"), str(out)],
                           capture_output=True, text=True, timeout=180)
        assert r.returncode == 0, r.stderr[-2000:]
    finally:
        subprocess.run(["ip", "netns", "del", ns], timeout=10)
    dump = json.loads((out / "tcpdump.json").read_text())
    got = [int(line.split()[0]) for line in dump["stderr"].splitlines() if line.endswith(("captured", "received by filter", "dropped by kernel"))]
    # on lo the filter sees each packet twice (the outgoing copy is dropped after it; observed with
    # tcpdump 4.99 / libpcap 1.10): fewer than half captured means packets were lost at its end
    assert dump["rc"] == 0 and len(got) == 3 and 2 * got[0] >= got[1] and got[2] == 0, f"tcpdump lost packets: {dump}"
    yield out


def _scenarios(lab: Path) -> dict[str, dict[str, Any]]:
    from .keylog12_lab import PLAN

    rows = {r["scenario"]: r for r in json.loads((lab / "scenarios.json").read_text())}
    assert set(rows) == set(PLAN), "every scenario's server started"
    return rows


def _analyze(*args: str) -> list[dict[str, Any]]:
    r = hsdoctor("analyze", *args, "--format", "json", timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    return [e for e in json.loads(r.stdout)["exchanges"] if (e["exchange"].get("tls") or {}).get("cipher_suite")]


def _by_port(exchanges: list[dict[str, Any]], port: int) -> dict[str, Any]:
    (e,) = [e for e in exchanges if e["exchange"]["server"].endswith(f":{port}")]
    return e


def _tshark_alerts(pcap: Path, keylog: Path, servers: set[int]) -> dict[tuple[int, str], list[int]]:
    """(server port, sender) -> alert descriptions, as tshark decrypts them with the key log."""
    r = subprocess.run(["tshark", "-n", "-r", str(pcap), "-o", f"tls.keylog_file:{keylog}", "-Y", "tls.alert_message", "-T", "fields",
                        "-E", "separator=|", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tls.alert_message.desc"],
                       capture_output=True, text=True, timeout=120, check=True)
    out: dict[tuple[int, str], list[int]] = {}
    for line in r.stdout.splitlines():
        src, dst, descs = (int(x) if i < 2 else x for i, x in enumerate(line.split("|")))
        key = (src, "server") if src in servers else (dst, "client")
        out.setdefault(key, []).extend(int(d) for d in str(descs).split(",") if d)
    return out


def _tshark_etm(pcap: Path) -> dict[int, bool]:
    """server port -> whether the ServerHello carries encrypt_then_mac (extension 22)."""
    r = subprocess.run(["tshark", "-n", "-r", str(pcap), "-Y", "tls.handshake.type == 2", "-T", "fields", "-E", "separator=|",
                        "-e", "tcp.srcport", "-e", "tls.handshake.extension.type"], capture_output=True, text=True, timeout=120, check=True)
    return {int(p): "22" in e.split(",") for p, e in (line.split("|") for line in r.stdout.splitlines())}


def test_tls12_encrypted_alerts_are_read_as_tshark_reads_them(lab12: Path) -> None:
    rows = _scenarios(lab12)
    pcap, keylog = lab12 / "tls12.pcap", lab12 / "keylog.txt"
    exchanges = _analyze(str(pcap), "--keylog", str(keylog))
    oracle = _tshark_alerts(pcap, keylog, {r["port"] for r in rows.values()})
    etm = _tshark_etm(pcap)
    for name, r in rows.items():
        port = r["port"]
        e = _by_port(exchanges, port)
        tls = e["exchange"]["tls"]
        assert tls["decrypted"] is True, name
        got = {s: [a["description"] for a in tls["alerts"] if a["sender"] == s and a.get("decrypted")] for s in ("client", "server")}
        assert all(a.get("decrypted") for a in tls["alerts"]), (name, tls["alerts"])  # no alert left unread
        assert got["server"] == oracle.get((port, "server")), (name, got, oracle)
        assert got["client"] == oracle.get((port, "client")), (name, got, oracle)
        top = e["findings"][0]
        if r["action"] == "get":  # the session ended with each side's close_notify: healthy
            assert got == {"client": [CLOSE_NOTIFY], "server": [CLOSE_NOTIFY]}, name
            assert top["code"] == "tls.ok", (name, top)
        else:  # the server refused the client's renegotiation: the real alert is the cause
            assert got["server"] == [NO_RENEGOTIATION], name
            assert top["data"]["alert"] == "no_renegotiation" and top["data"]["sender"] == "server", (name, top)
            assert "renegotiate" in top["summary"]
    # both CBC record layouts were met for real: MAC-then-encrypt and encrypt-then-MAC
    cbc = [r for r in rows.values() if "GCM" not in r["cipher"] and "CHACHA" not in r["cipher"]]
    assert all(etm[r["port"]] == r["etm"] for r in cbc), "s_server negotiated encrypt-then-MAC unless -no_etm"
    assert {etm[r["port"]] for r in cbc} == {True, False}
    assert {r["client"] for r in cbc} == {"s_client", "curl"}


def test_secrets_embedded_in_pcapng_decrypt_cbc_too(lab12: Path) -> None:
    rows = _scenarios(lab12)
    dsb = lab12 / "tls12-dsb.pcapng"
    subprocess.run(["editcap", "--inject-secrets", f"tls,{lab12 / 'keylog.txt'}", str(lab12 / "tls12.pcap"), str(dsb)],
                   check=True, capture_output=True, timeout=60)
    exchanges = _analyze(str(dsb))
    r = rows["cbc_reneg_mte"]
    tls = _by_port(exchanges, r["port"])["exchange"]["tls"]
    assert [a["name"] for a in tls["alerts"] if a["sender"] == "server" and a.get("decrypted")] == ["no_renegotiation"]


def test_keylog_without_this_client_random_is_said_on_the_connection(lab12: Path, tmp_path: Path) -> None:
    rows = _scenarios(lab12)
    pcap = lab12 / "tls12.pcap"
    other = tmp_path / "other.txt"
    other.write_text("".join(f"CLIENT_RANDOM {os.urandom(32).hex()} {os.urandom(48).hex()}\n" for _ in range(3)))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    for keylog in (other, empty):
        exchanges = _analyze(str(pcap), "--keylog", str(keylog))
        for name, r in rows.items():
            e = _by_port(exchanges, r["port"])
            codes = [f["code"] for f in e["findings"]]
            assert "tls.keylog_no_match" in codes and codes[0] != "tls.keylog_no_match", (name, codes)
            miss = next(f for f in e["findings"] if f["code"] == "tls.keylog_no_match")
            assert miss["severity"] == "info"
            assert miss["data"]["client_random"] in (lab12 / "keylog.txt").read_text(), "names the random the real key log has"
            assert not e["exchange"]["tls"].get("decrypted")
            assert not any(a.get("decrypted") for a in e["exchange"]["tls"]["alerts"])
    # and without --keylog nothing is said about key logs
    for e in _analyze(str(pcap)):
        assert "tls.keylog_no_match" not in [f["code"] for f in e["findings"]]
    text = hsdoctor("analyze", str(pcap), "--keylog", str(other), "-v", timeout=120)
    assert "Traceback" not in text.stderr and "key log holds no secrets" in text.stdout


def test_right_random_wrong_secret_is_said_not_guessed(lab12: Path, tmp_path: Path) -> None:
    rows = _scenarios(lab12)
    wrong = tmp_path / "wrong.txt"
    lines = []
    for line in (lab12 / "keylog.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "CLIENT_RANDOM":
            secret = bytes.fromhex(parts[2])
            lines.append(f"CLIENT_RANDOM {parts[1]} {bytes([secret[0] ^ 1]).hex()}{secret[1:].hex()}")
    wrong.write_text("\n".join(lines) + "\n")
    exchanges = _analyze(str(lab12 / "tls12.pcap"), "--keylog", str(wrong))
    for name, r in rows.items():
        tls = _by_port(exchanges, r["port"])["exchange"]["tls"]
        assert not any(a.get("decrypted") for a in tls["alerts"]), name
        assert "do not decrypt" in tls["keylog"], (name, tls.get("keylog"))
