"""analyze on the shared real captures (Zeek's and Suricata's test suites), read from
/work/shared/captures/tls (never copied): each connection in truth.tsv gets its ground truth."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hsd_testing import hsdoctor

SHARED = Path("/work/shared/captures/tls")
TRUTH = SHARED / "truth.tsv"


def _rows() -> list[dict[str, str]]:
    if not TRUTH.exists():
        return []
    with open(TRUTH, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['conn']}-{r['cause']}")
def test_ground_truth(row: dict[str, str]) -> None:
    r = hsdoctor("analyze", str(SHARED / row["file"]), "--format", "jsonl", timeout=60)
    assert "Traceback" not in r.stderr
    ex = [json.loads(x) for x in r.stdout.splitlines() if '"exchange"' in x]
    (doc,) = [e for e in ex if e["exchange"]["client"] == row["client"] and e["exchange"]["server"] == row["server"]]
    top = doc["findings"][0] if doc["findings"] else {}
    words = (top.get("summary", "") + " " + top.get("detail", "")).lower()
    cause = row["cause"]
    if cause == "server_handshake_failure":
        assert top["code"] == "tls.handshake_failed" and top["data"]["alert"] == "handshake_failure" and top["data"]["sender"] == "server"
        assert "no serverhello" in words and top["data"]["sni"] is None and "tls.sni_required" in top["data"]["hypotheses"]
    elif cause == "sslv2":
        assert "ssl 2.0" in words and top["severity"] == "warning"
    elif cause == "cert_expired_accepted":
        assert top["code"] == "tls.cert_expired" and "accepted" in words and "2014-03-04" in words
    elif cause == "ok":
        assert doc["exit_code"] == 0
        assert any(f["code"] == "tls.ok" for f in doc["findings"])
    elif cause == "pg_ssl_refused_plaintext":
        assert top["code"] == "database.plaintext_session" and "'n'" in words and "plaintext" in words
    else:
        pytest.fail(f"no rule for the ground truth {cause!r}")
    assert any(k in words or k in json.dumps(doc).lower() for k in row["accept_keywords"].split("|"))
