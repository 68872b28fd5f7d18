"""analyze and probe share the ALPN judge: a capture (tcpdump in a network namespace the test
creates) of openssl s_client meeting the ALPN lab shows the offered list and the selected
protocol, and alert 120 / an unoffered selection get the same codes the probe gives."""

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


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_peer("ip", "tcpdump", "nginx", "openssl")
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    out = tmp_path_factory.mktemp("alpn-cap")
    ns = f"hsd-alpn-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True, timeout=10)
    try:
        r = subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(ROOT / "tests/alpn/capture_alpn.py"), str(out)],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr[-2000:]
    finally:
        subprocess.run(["ip", "netns", "del", ns], timeout=10)
    yield out


def _by_scenario(out: Path) -> dict[str, dict[str, Any]]:
    r = hsdoctor("analyze", str(out / "alpn.pcap"), "--format", "jsonl", timeout=120)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    ex = [d for d in docs if "exchange" in d and "tls" in d["exchange"]]
    rows = json.loads((out / "scenarios.json").read_text())
    got: dict[str, dict[str, Any]] = {}
    for row in rows:
        mine = [d for d in ex if d["exchange"]["server"].endswith(f":{row['port']}") and row["t0"] - 0.01 <= d["exchange"]["t0"] <= row["t1"] + 0.01]
        assert len(mine) == 1, (row, len(mine))
        got[row["scenario"]] = {"row": row, "doc": mine[0]}
    return got


@pytest.mark.peer
def test_analyze_reports_alpn_and_the_shared_verdicts(capture: Path) -> None:
    got = _by_scenario(capture)
    assert set(got) == {"no_overlap_h2_only_server", "no_overlap_http1_server", "h2_selected", "unoffered_selected"}
    for name, g in got.items():
        tls, row = g["doc"]["exchange"]["tls"], g["row"]
        assert tls["alpn_offered"] == row["offer"].split(","), name
        if row["expect"] != "tls.ok":  # s_client closes at once, so the healthy connection's verdict is about that
            assert g["doc"]["findings"][0]["code"] == row["expect"], (name, [f["code"] for f in g["doc"]["findings"]])
    assert got["h2_selected"]["doc"]["exchange"]["tls"]["alpn"] == "h2"
    assert got["unoffered_selected"]["doc"]["exchange"]["tls"]["alpn"] == "spdy/3"
    f = got["no_overlap_http1_server"]["doc"]["findings"][0]
    assert f["data"]["alpn_offered"] == ["h2"] and f["data"]["alert_code"] == 120
    assert f["fixes"][0]["side"] == "server"
