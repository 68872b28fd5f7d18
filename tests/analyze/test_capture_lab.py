"""analyze on captures made here: tcpdump in a network namespace while real clients (curl,
openssl s_client, Python's ssl) meet the TLS probe lab's real servers (nginx, openssl s_server,
Python peers). Each scenario's connection must have the scenario's cause as its top finding, on
the pcap, its pcapng copy (editcap), the Linux cooked v2 capture (tcpdump -i any) and an 802.1Q
copy (stacked tags). tshark is the oracle for what both read (SNI, alerts and who sent them)."""

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

from .convert import add_vlan, to_pcapng


@pytest.fixture(scope="module")
def lab_capture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_peer("ip", "tcpdump", "nginx", "openssl", "curl", "editcap")
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    out = tmp_path_factory.mktemp("an-lab")
    ns = f"hsd-an-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True, timeout=10)
    try:
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(ROOT / "tests/analyze/capture_lab.py"), str(out)],
                           capture_output=True, text=True, timeout=240)
        assert r.returncode == 0, r.stderr[-2000:]
    finally:
        subprocess.run(["ip", "netns", "del", ns], timeout=10)
    to_pcapng(out / "lab.pcap", out / "lab.pcapng")
    add_vlan(out / "lab.pcap", out / "lab-vlan.pcap", stacked=True)
    yield out


def analyze_jsonl(path: Path, *extra: str) -> list[dict[str, Any]]:
    r = hsdoctor("analyze", str(path), "--format", "jsonl", *extra, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def by_scenario(capture: Path, name: str) -> dict[str, list[dict[str, Any]]]:
    rows = json.loads((capture / "scenarios.json").read_text())
    ex = [e for e in analyze_jsonl(capture / name) if "exchange" in e]
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out[r["scenario"]] = [e for e in ex if e["exchange"]["server"].endswith(f":{r['port']}")
                              and r["t0"] - 0.01 <= e["exchange"]["t0"] <= r["t1"] + 0.01]
    return out


@pytest.mark.parametrize("copy", ["lab.pcap", "lab.pcapng", "lab-any.pcap", "lab-vlan.pcap"])
def test_every_scenario_has_its_cause_first(lab_capture: Path, copy: str) -> None:
    rows = {r["scenario"]: r for r in json.loads((lab_capture / "scenarios.json").read_text())}
    found = by_scenario(lab_capture, copy)
    wrong = {}
    for name, row in rows.items():
        got = [e["findings"][0]["code"] if e["findings"] else None for e in found[name]]
        if not got or any(g != row["expect"] for g in got):
            wrong[name] = (row["expect"], got)
    assert not wrong, wrong
    assert len(rows) >= 20


def test_link_types_are_what_the_copies_claim(lab_capture: Path) -> None:
    import struct

    assert struct.unpack("<I", (lab_capture / "lab.pcap").read_bytes()[20:24])[0] == 1  # Ethernet
    assert struct.unpack("<I", (lab_capture / "lab-any.pcap").read_bytes()[20:24])[0] == 276  # SLL2
    assert (lab_capture / "lab.pcapng").read_bytes()[:4] == b"\x0a\x0d\x0d\x0a"


def test_facts_of_the_verdicts(lab_capture: Path) -> None:
    found = by_scenario(lab_capture, "lab.pcap")
    (hf,) = found["no_shared_cipher"]
    top = hf["findings"][0]
    assert top["data"]["alert"] == "handshake_failure" and "tls.no_shared_cipher" in top["data"]["hypotheses"]
    (silent,) = found["silent"]
    assert silent["findings"][0]["data"]["seconds"] >= 2.0  # s_client gave up after 3 s
    (ttl,) = found["reset"]
    assert ttl["findings"][0]["data"]["rst_ttl"] == ttl["findings"][0]["data"]["ttl"]  # the server itself reset
    (to,) = [e for e in found["tcp_timeout"] if e["findings"][0]["data"]["syn"] >= 2][:1]
    assert to["findings"][0]["severity"] == "error"
    (cc,) = found["clientcert12"]
    assert any(ev["value"] == "CertificateRequest" for ev in cc["findings"][0]["evidence"])
    (unk,) = found["selfsigned"]
    assert [a["name"] for a in unk["exchange"]["tls"]["alerts"] if a["sender"] == "client"] == ["unknown_ca"]
    for e in found["good"]:
        assert e["exit_code"] == 0 and e["exchange"]["tls"]["sni"] == "good.lab.test"


def _tshark(path: Path, ports: list[int], display: str, *fields: str) -> list[list[str]]:
    args = ["tshark", "-n", "-r", str(path), "-Y", display, "-T", "fields", "-E", "separator=|"]
    for p in ports:
        args += ["-d", f"tcp.port=={p},tls"]
    for f in fields:
        args += ["-e", f]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return [line.split("|") for line in r.stdout.splitlines() if line.strip()]


def test_tshark_agrees_on_sni_and_alerts(lab_capture: Path) -> None:
    require_peer("tshark")
    rows = json.loads((lab_capture / "scenarios.json").read_text())
    ports = sorted({r["port"] for r in rows})
    pcap = lab_capture / "lab.pcap"
    ours = [e for e in analyze_jsonl(pcap) if "exchange" in e and "tls" in e["exchange"]]
    sni_theirs = {(int(a), int(b)): s for a, b, s in _tshark(pcap, ports, "tls.handshake.type == 1", "tcp.srcport", "tcp.dstport", "tls.handshake.extensions_server_name")}
    alerts_theirs: dict[tuple[int, int], list[int]] = {}
    for a, b, d in _tshark(pcap, ports, "tls.alert_message.desc", "tcp.srcport", "tcp.dstport", "tls.alert_message.desc"):
        alerts_theirs.setdefault((int(a), int(b)), []).extend(int(x) for x in d.split(",") if x)
    compared_sni = compared_alerts = 0
    for e in ours:
        cp, sp = int(e["exchange"]["client"].rsplit(":", 1)[1]), int(e["exchange"]["server"].rsplit(":", 1)[1])
        tls = e["exchange"]["tls"]
        if (cp, sp) in sni_theirs and tls.get("sni"):
            assert sni_theirs[(cp, sp)] == tls["sni"]
            compared_sni += 1
        for sender, key in (("client", (cp, sp)), ("server", (sp, cp))):
            mine = [a["description"] for a in tls.get("alerts", []) if a["sender"] == sender and not a["encrypted"]]
            if key in alerts_theirs or mine:
                assert alerts_theirs.get(key, []) == mine, (e["exchange"], sender)
                compared_alerts += 1
    assert compared_sni >= 15 and compared_alerts >= 8


def test_problem_exit_status_and_formats(lab_capture: Path, tmp_path: Path) -> None:
    r = hsdoctor("analyze", str(lab_capture / "lab.pcap"), timeout=120)
    assert r.returncode == 1 and "tls.self_signed" not in r.stderr
    assert "The server sent a self-signed certificate" in r.stdout
    r = hsdoctor("analyze", str(lab_capture / "lab.pcapng"), "--format", "json", "--problems-only", timeout=120)
    doc = json.loads(r.stdout)
    assert doc["schema"] == "handshake-doctor/1" and doc["verb"] == "analyze" and doc["exit_code"] == 1
    jl = [e for e in analyze_jsonl(lab_capture / "lab.pcapng", "--problems-only") if "exchange" in e]
    assert [e["exchange"]["client"] for e in doc["exchanges"]] == [e["exchange"]["client"] for e in jl]
    html = tmp_path / "r.html"
    r = hsdoctor("analyze", str(lab_capture / "lab.pcap"), "--format", "html", "-o", str(html), timeout=120)
    page = html.read_text()
    assert r.returncode == 1 and "<svg" in page and 'id="diagnosis"' in page
    with open(lab_capture / "lab.pcap", "rb") as fh:
        r2 = subprocess.run([sys.executable, "-m", "handshake_doctor", "analyze", "-", "--format", "jsonl"], stdin=fh,
                            capture_output=True, text=True, timeout=120)
    assert r2.returncode == 1 and len(r2.stdout.splitlines()) == len(analyze_jsonl(lab_capture / "lab.pcap"))


def test_keylog_decrypts_tls13_handshakes(lab_capture: Path) -> None:
    """With the clients' SSLKEYLOGFILE secrets the TLS 1.3 handshakes decrypt: the certificate the
    client refused and the server's certificate_required become facts instead of inferences;
    the same secrets embedded in a pcapng (editcap --inject-secrets) work without --keylog."""
    from .capture_lab import WITH_KEYLOG

    keylog = lab_capture / "keylog.txt"
    assert keylog.stat().st_size > 0
    rows = {r["scenario"]: r for r in json.loads((lab_capture / "scenarios.json").read_text())}
    dsb = lab_capture / "lab-dsb.pcapng"
    subprocess.run(["editcap", "--inject-secrets", f"tls,{keylog}", str(lab_capture / "lab.pcap"), str(dsb)], check=True, capture_output=True, timeout=60)
    for args in ((str(lab_capture / "lab.pcap"), "--keylog", str(keylog)), (str(dsb),)):
        ex = [json.loads(x) for x in hsdoctor("analyze", *args, "--format", "jsonl", timeout=120).stdout.splitlines() if '"exchange"' in x]
        decrypted = 0
        for name, expect in WITH_KEYLOG.items():
            r = rows[name]
            got = [e for e in ex if e["exchange"]["server"].endswith(f":{r['port']}") and r["t0"] - 0.01 <= e["exchange"]["t0"] <= r["t1"] + 0.01]
            assert got and all(e["findings"][0]["code"] == expect for e in got), (name, [e["findings"][0]["code"] for e in got])
            decrypted += sum(1 for e in got if e["exchange"]["tls"].get("decrypted"))
        assert decrypted >= 3, args
    # TLS 1.2 with the CLIENT_RANDOM master secret: curl's host name check ends the session after
    # the handshake with an encrypted alert, which reads as close_notify (AES-GCM, RFC 5288)
    ex = [json.loads(x) for x in hsdoctor("analyze", str(lab_capture / "lab.pcap"), "--keylog", str(keylog), "--format", "jsonl", timeout=120).stdout.splitlines()
          if '"exchange"' in x]
    r = rows["wrongname"]
    (wn,) = [e for e in ex if e["exchange"]["server"].endswith(f":{r['port']}") and r["t0"] - 0.01 <= e["exchange"]["t0"] <= r["t1"] + 0.01]
    assert wn["findings"][0]["code"] == "tls.hostname_mismatch"
    assert [a["name"] for a in wn["exchange"]["tls"]["alerts"] if a.get("decrypted")] == ["close_notify"]
