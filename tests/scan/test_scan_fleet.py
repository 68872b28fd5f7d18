"""Must-show: every endpoint of the fleet lab gets its root cause in its JSON line (local engine),
with the scan's fields, a Prometheus textfile and a bounded time per endpoint."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import SCAN_TIMEOUT, causes, read_jsonl, run_scan
from .fleet import Fleet

GRACE = 2.0 + 2.0  # work.GRACE_S and the DNS share: the scan's hard bound past --timeout


@pytest.fixture(scope="module")
def local_scan(fleet: Fleet, fleet_targets: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("local-scan")
    jsonl, prom, html = out / "scan.jsonl", out / "scan.prom", out / "report.html"
    r = run_scan(str(fleet_targets), "--ca-file", fleet.ca, "--timeout", str(SCAN_TIMEOUT), "--jsonl", str(jsonl),
                 "--format", "prometheus", "--output", str(prom), "--html", str(html))
    return {"proc": r, "jsonl": jsonl, "prom": prom, "html": html, "records": read_jsonl(jsonl)}


@pytest.mark.peer
def test_every_endpoint_has_its_root_cause(fleet: Fleet, local_scan: dict[str, Any]) -> None:
    r = local_scan["proc"]
    assert r.returncode == 1, r.stderr[-2000:]  # problems were diagnosed
    assert b"Traceback" not in r.stderr
    got = causes(local_scan["records"])
    assert len(local_scan["records"]) == len(fleet.truth)  # one line per target, none twice
    wrong = {t: (fleet.kind[t], got.get(t), want) for t, want in fleet.truth.items() if got.get(t) != want}
    assert not wrong, wrong


@pytest.mark.peer
def test_each_line_is_a_diagnosis_with_the_scan_fields(fleet: Fleet, local_scan: dict[str, Any]) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for rec in local_scan["records"]:
        assert rec["schema"] == "handshake-doctor/1" and rec["verb"] == "probe" and rec["findings"]
        s = rec["scan"]
        assert s["cause"] == rec["findings"][0]["code"] and s["severity"] == rec["findings"][0]["severity"]
        assert 0 < s["elapsed_ms"] <= (SCAN_TIMEOUT + GRACE) * 1000, (s["target"], s["elapsed_ms"])  # no worker held past its deadline
        assert len(json.dumps(rec)) < 16_000  # a few KB per endpoint
        by_kind.setdefault(fleet.kind[s["target"]], []).append(s)
    for kind in ("expired", "wrongname", "selfsigned", "untrusted", "clientcert", "clientcert13", "good_https", "incomplete"):
        for s in by_kind[kind]:  # the expiry date is there even when verification fails
            assert s["cert_not_after"] and isinstance(s["cert_days_left"], float), (kind, s)
    assert all(s["cert_days_left"] < 0 for s in by_kind["expired"])
    assert all(25 < s["cert_days_left"] <= 30 for s in by_kind["good_tls"])  # lab certs: 30 days
    assert all(s["tls_versions"] == ["TLSv1.2", "TLSv1.3"] for s in by_kind["good_https"])  # nginx ssl_protocols
    assert all(s["tls_versions"] == ["TLSv1", "TLSv1.1"] for s in by_kind["old_versions"])
    assert all(s["healthy"] and s["handshake_ok"] for s in by_kind["good_tls"])
    assert not any(s["handshake_ok"] for s in by_kind["silent"] + by_kind["refused"] + by_kind["http"])


@pytest.mark.peer
def test_summary_table_counts_every_cause(fleet: Fleet, local_scan: dict[str, Any]) -> None:
    err = local_scan["proc"].stderr.decode()  # with --format prometheus the table goes to stderr
    for cause in set(fleet.truth.values()):
        n = sum(1 for c in fleet.truth.values() if c == cause)
        assert re.search(rf"^{re.escape(cause)}\s+\w+\s+{n}\s", err, re.M), (cause, n, err[-3000:])
    assert f"{len(fleet.truth)} endpoint(s):" in err


PROM_LINE = re.compile(r'^(hsdoctor_scan_[a-z_]+)(\{[^}]*\})? (-?[0-9.e+]+|NaN)$')


@pytest.mark.peer
def test_prometheus_textfile(fleet: Fleet, local_scan: dict[str, Any]) -> None:
    text = local_scan["prom"].read_text()
    assert not list(local_scan["prom"].parent.glob(".hsdoctor-*"))  # the temporary file was renamed
    seen: dict[str, dict[str, float]] = {}
    families_order: list[str] = []
    for line in text.splitlines():
        if line.startswith("# TYPE"):
            families_order.append(line.split()[2])
            continue
        if line.startswith("#"):
            continue
        m = PROM_LINE.match(line)
        assert m, line
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        key = labels.get("target", "") + "|" + labels.get("cause", "")
        seen.setdefault(m.group(1), {})[key] = float(m.group(3))
    assert len(families_order) == len(set(families_order))  # each family once, its samples together
    causes_seen = {k.split("|")[0]: k.split("|")[1] for k in seen["hsdoctor_scan_root_cause"]}
    assert causes_seen == fleet.truth
    days = {k.split("|")[0]: v for k, v in seen["hsdoctor_scan_cert_days_left"].items()}
    expired = [t for t, k in fleet.kind.items() if k == "expired"]
    assert expired and all(days[t] < 0 for t in expired)
    success = {k.split("|")[0]: v for k, v in seen["hsdoctor_scan_handshake_success"].items()}
    assert all(success[t] == 1.0 for t, k in fleet.kind.items() if k == "good_tls")
    assert all(success[t] == 0.0 for t, k in fleet.kind.items() if k in ("silent", "refused"))


@pytest.mark.peer
def test_jsonl_to_stdout_streams_one_diagnosis_per_target(fleet: Fleet, tmp_path: Path) -> None:
    few = [t for t in fleet.truth if fleet.kind[t] in ("good_tls", "expired", "refused", "ssh")][:12]
    f = tmp_path / "few.csv"
    f.write_text("name,target\n" + "".join(f"n{i},{t}\n" for i, t in enumerate(few)))
    r = run_scan(str(f), "--ca-file", fleet.ca, "--timeout", str(SCAN_TIMEOUT), "--format", "jsonl", "--progress", "none")
    lines = r.stdout.decode().splitlines()
    got = {json.loads(line)["scan"]["target"]: json.loads(line)["scan"]["cause"] for line in lines}
    assert got == {t: fleet.truth[t] for t in few}
    assert "root cause" in r.stderr.decode()  # the summary goes to stderr when stdout is data
