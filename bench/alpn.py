"""Benchmark: ALPN and HTTP/2 on https://. `hsdoctor probe --alpn` against `openssl s_client -alpn`,
`curl` (the client a user would have run: --http2, --http2-prior-knowledge or --http1.1, the same
wish as the scenario's offer) and testssl.sh `-p` (its "ALPN/HTTP2" line), on the same lab ports
(the real servers of tests/alpn/lab.py: nginx with and without http2, openssl s_server with and
without -alpn, a lying peer), in one run.

For each scenario: wall time, and whether the tool *named the cause* (ours: findings[0] is the
expected code; the others: a keyword check on their output, NAMES below, so "named" means "a
reader would find the cause there"). For healthy scenarios "named" means the tool reported the
selected protocol and no error. testssl.sh runs once per server (it does not take a client
offer) and is judged for every scenario on that server. sslyze is not run: it has no ALPN scan
command (its plugins, nabla-c0d3/sslyze sslyze/plugins/, cover certificates, suites, groups,
resumption, HSTS headers... but not ALPN).

    .venv/bin/python bench/alpn.py [--tools ours,openssl,curl,testssl] [--out bench/results/alpn.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from alpn.lab import SCENARIOS, Lab, Scenario, running_lab  # noqa: E402
from toolrun import excerpt as _excerpt, names, run  # noqa: E402

TESTSSL = shutil.which("testssl") or shutil.which("testssl.sh")
TIMEOUT = 60.0
PROBE_TIMEOUT = "3"

# What would tell a reader the cause, in another tool's output (case-insensitive).
NAMES: dict[str, str] = {
    "tls.no_common_alpn": r"no application protocol|alert number 120|no_application_protocol",
    "tls.alpn_required_not_selected": r"No ALPN negotiated|ALPN.*(not|no) (negotiated|offered|selected)|missing selected ALPN|server did not agree",
    "tls.alpn_unoffered_selected": r"(did not|never|wasn't) offer|not offered|unsolicited|unrequested",
    "tls.h2_not_spoken": r"GOAWAY|SETTINGS|HTTP2 framing|http2 error|PROTOCOL_ERROR|not.* speak.* HTTP/2",
}
HEALTHY = r"ALPN protocol: (h2|http/1\.1)|ALPN: server accepted (h2|http/1\.1)|HTTP/(2|1\.[01]) 200|No ALPN negotiated|ALPN/HTTP2 .*(h2|http/1\.1|not offered)"


def excerpt(text: str) -> str:
    return _excerpt(text, r"ALPN|alert|error|HTTP/|GOAWAY|timed out|curl:")


def named(s: Scenario, text: str, rc: int) -> bool:
    if s.expect == "tls.ok":
        return rc == 0 and names(HEALTHY, text)
    return names(NAMES.get(s.expect, r"$^"), text)


def offer(s: Scenario) -> str:
    return s.alpn or "h2,http/1.1"


def curl_cmd(lab: Lab, s: Scenario) -> list[str]:
    wish = {"h2": ["--http2-prior-knowledge"], "http/1.1": ["--http1.1"]}.get(s.alpn, ["--http2"])
    return ["curl", "-sS", "-v", "-o", "/dev/null", "--max-time", "5", "--cacert", lab.ca, *wish, lab.url(s)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", default="ours,openssl,curl,testssl")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "alpn.json"))
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the lab's servers are stopped on the way out
    tools = set(a.tools.split(","))
    if "testssl" in tools and not TESTSSL:
        tools.discard("testssl")
    hsd = [str(ROOT / ".venv" / "bin" / "hsdoctor")] if (ROOT / ".venv" / "bin" / "hsdoctor").exists() else [sys.executable, "-m", "handshake_doctor"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hsd-bench-alpn-") as tmp, running_lab(Path(tmp)) as lab:
        testssl_by_port: dict[str, tuple[float, int, str]] = {}
        for s in SCENARIOS:
            row: dict[str, object] = {"scenario": s.name, "offer": offer(s), "expect": s.expect, "note": s.note}
            if "ours" in tools:
                cmd = hsd + ["probe", lab.url(s), "--json", "--ca-file", lab.ca, "--timeout", PROBE_TIMEOUT] + (["--alpn", s.alpn] if s.alpn else [])
                wall, rc, out = run(cmd)
                try:
                    doc = json.loads(out[: out.rindex("}") + 1])  # stdout, then stderr
                    top = doc["findings"][0]
                except (ValueError, KeyError, IndexError):
                    top = {"code": "?", "summary": out[:200]}
                row["ours"] = {"wall_s": round(wall, 3), "exit": rc, "named": top["code"] == s.expect, "code": top["code"], "excerpt": top["summary"][:200]}
            if "openssl" in tools:
                cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{lab.ports[s.port_key]}", "-servername", "good.lab.test",
                       "-CAfile", lab.ca, "-alpn", offer(s)]
                wall, rc, out = run(cmd, 15, "")
                row["openssl"] = {"wall_s": round(wall, 3), "exit": rc, "named": named(s, out, rc), "excerpt": excerpt(out)}
            if "curl" in tools:
                wall, rc, out = run(curl_cmd(lab, s), 15)
                row["curl"] = {"wall_s": round(wall, 3), "exit": rc, "named": named(s, out, rc), "excerpt": excerpt(out), "cmd": " ".join(curl_cmd(lab, s)[5:-1])}
            if "testssl" in tools and TESTSSL:
                if s.port_key not in testssl_by_port:
                    testssl_by_port[s.port_key] = run([TESTSSL, "--quiet", "--color", "0", "--warnings", "off", "-p", f"127.0.0.1:{lab.ports[s.port_key]}"], 180)
                wall, rc, out = testssl_by_port[s.port_key]
                line = excerpt(out, r"^\s*ALPN/HTTP2")  # only its ALPN line: "NPN/SPDY not offered" is about NPN
                row["testssl"] = {"wall_s": round(wall, 3), "exit": rc, "named": named(s, line, 0), "excerpt": line}
            rows.append(row)
            print(json.dumps(row), flush=True)
    totals = {t: sum(1 for r in rows if isinstance(r.get(t), dict) and r[t]["named"]) for t in ("ours", "openssl", "curl", "testssl")}  # type: ignore[index]
    walls = {t: round(sum(r[t]["wall_s"] for r in rows if isinstance(r.get(t), dict)), 2) for t in ("ours", "openssl", "curl", "testssl")}  # type: ignore[index]
    summary = {"scenarios": len(rows), "named": totals, "wall_s_total": walls, "note": "testssl runs once per server; its wall time is counted per scenario on that server"}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps({"rows": rows, "summary": summary}, indent=1))
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
