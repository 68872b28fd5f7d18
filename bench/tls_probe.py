"""Benchmark: `hsdoctor probe` against sslyze and testssl.sh on the same lab ports, in one run.

For every scenario of the TLS lab (tests/tls_probe/lab.py) each tool probes the same endpoint;
we record wall time and whether the tool *named the cause*. For our probe that is findings[0]
matching the scenario's expected code; for the anchors it is a keyword check on their output
(ANCHOR_NAMES below: the words each tool prints for that cause), so "named" means "a reader of
the output would find the cause", not "it was ranked first".

sslyze lives in its own venv (bench/.venv-sslyze): installing it into the project venv would
downgrade cryptography (sslyze 6.3 pins cryptography<47).

    .venv/bin/python bench/tls_probe.py [--tools ours,sslyze,testssl] [--only a,b] [--out bench/results/tls_probe.json]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from tls_probe.lab import Scenario, running_lab  # noqa: E402
from toolrun import run  # noqa: E402

SSLYZE = ROOT / "bench" / ".venv-sslyze" / "bin" / "sslyze"
TESTSSL = shutil.which("testssl") or shutil.which("testssl.sh")
ANCHOR_TIMEOUT = 90.0

# Words each anchor prints when it has noticed the cause (case-insensitive regex).
ANCHOR_NAMES: dict[str, str] = {
    "tls.chain_incomplete": r"unable to get local issuer|chain.*incomplete|incomplete.*chain|missing.*intermediate|unable to verify the first",
    "tls.cert_expired": r"expired",
    "tls.cert_not_yet_valid": r"not yet valid|not_yet_valid|notBefore.*future",
    "tls.hostname_mismatch": r"hostname.*(not|mismatch|false)|does not match|matches_hostname\"?: false|certificate does not match",
    "tls.self_signed": r"self.signed",
    "tls.untrusted_root": r"self.signed certificate in (certificate )?chain|unable to get local issuer|not trusted|untrusted",
    "tls.plaintext_http": r"plain ?text http|http response|HTTP/1\.[01] \d{3}|server gave http|http request",
    "tls.non_tls_service": r"SSH-2\.0|\bsmtp\b|starttls|doesn't seem to be a TLS|not an? (ssl|tls)",
    "tls.version_mismatch": r"tls ?1(\.0)?\b.*offered|tls_?1_0.*accepted|only.*tls ?1\.[01]|protocol version",
    "tls.no_shared_cipher": r"no shared cipher|handshake failure|ADH|anonymous|aNULL",
    "tls.client_cert_required": r"client cert|certificate_required|client authentication|ssl certificate was sent",
    "tls.sni_required": r"unrecognized.name|sni|server name",
    "tls.silent": r"timed? ?out|timeout|no (reply|response)|doesn't seem to be a TLS",
    "tls.reset_after_hello": r"reset|closed|refused",
    "net.tcp_refused": r"refused|can't connect|could not connect|couldn't connect",
    "http.redirect_to_http": r"http://",
}


def host_port(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[0]


def ours(s: Scenario, ca: str) -> dict[str, object]:
    timeout = 2.0 if s.hostile or s.name in ("silent", "tcp_timeout", "dns") else 5.0
    cmd = [str(ROOT / ".venv" / "bin" / "hsdoctor"), "probe", s.url, "--json", "--ca-file", ca, "--timeout", str(timeout)]
    for k, v in s.options:
        cmd += [k, v]
    wall, rc, out = run(cmd, 60)
    try:
        data = json.loads(out.split("\n", 1)[0] if out.startswith("{\n") is False else out[: out.rindex("}") + 1])
    except (ValueError, json.JSONDecodeError):
        data = {}
    first = data.get("findings", [{}])[0].get("code", "") if data.get("findings") else ""
    return {"wall_s": round(wall, 3), "probe_ms": data.get("elapsed_ms"), "exit": rc, "first": first, "named": first == s.expect}


def sslyze(s: Scenario, ca: str, workdir: Path) -> dict[str, object]:
    out_json = workdir / f"sslyze-{s.name}.json"
    cmd = [str(SSLYZE), "--certinfo", "--tlsv1", "--tlsv1_1", "--tlsv1_2", "--tlsv1_3", f"--certinfo_ca_file={ca}",
           f"--json_out={out_json}", host_port(s.url)]
    wall, rc, text = run(cmd, ANCHOR_TIMEOUT)
    if out_json.exists() and s.expect == "tls.hostname_mismatch":  # the verdict is a JSON field, not printed text
        text += "\n" + " ".join(re.findall(r'"leaf_certificate_subject_matches_hostname":\s*\w+', out_json.read_text(errors="replace")))
    return {"wall_s": round(wall, 3), "exit": rc, "named": _named(s.expect, text), "excerpt": _excerpt(text)}


def testssl(s: Scenario, ca: str) -> dict[str, object]:
    cmd = [str(TESTSSL), "--quiet", "--color", "0", "--warnings", "off", "--connect-timeout", "3", "--openssl-timeout", "3",
           "--add-ca", ca, "-p", "-S", host_port(s.url)]
    wall, rc, text = run(cmd, ANCHOR_TIMEOUT)
    return {"wall_s": round(wall, 3), "exit": rc, "named": _named(s.expect, text), "excerpt": _excerpt(text)}


PROBLEM_WORDS = r"expired|self.signed|mismatch|unable to get|not yet valid|not trusted|untrusted|failed|error"


def _named(expect: str, text: str) -> bool:
    if expect == "tls.ok":  # healthy: the anchor must not report a problem
        return not re.search(PROBLEM_WORDS, text, re.I)
    return bool(re.search(ANCHOR_NAMES.get(expect, r"$^"), text, re.I | re.M))


def _excerpt(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return " | ".join(lines[:6])[:300]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tools", default="ours,sslyze,testssl")
    ap.add_argument("--only", default="", help="comma-separated scenario names (default: all that anchors can judge)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "tls_probe.json"))
    a = ap.parse_args()
    tools = set(a.tools.split(","))
    if "sslyze" in tools and not SSLYZE.exists():
        print(f"sslyze missing: python3 -m venv bench/.venv-sslyze && bench/.venv-sslyze/bin/pip install sslyze", file=sys.stderr)
        tools.discard("sslyze")
    if "testssl" in tools and not TESTSSL:
        print("testssl.sh missing: apt-get install testssl.sh", file=sys.stderr)
        tools.discard("testssl")
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as d, running_lab(Path(d)) as lab:
        names = [n for n in (a.only.split(",") if a.only else lab.scenarios) if n in lab.scenarios]
        for n in names:
            s = lab.scenarios[n]
            row: dict[str, object] = {"scenario": n, "expect": s.expect, "url": s.url}
            if "ours" in tools:
                row["ours"] = ours(s, lab.ca)
            anchors_apply = not s.options and s.name not in ("dns", "tcp_timeout")  # anchors take host:port only
            if "sslyze" in tools and anchors_apply:
                row["sslyze"] = sslyze(s, lab.ca, Path(d))
            if "testssl" in tools and anchors_apply:
                row["testssl"] = testssl(s, lab.ca)
            rows.append(row)
            print(_line(row), flush=True)
    summary = _summary(rows, tools)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps({"rows": rows, "summary": summary}, indent=2))
    print(json.dumps(summary, indent=2))
    return 0


def _line(row: dict[str, object]) -> str:
    parts = [f"{row['scenario']:20}"]
    for t in ("ours", "sslyze", "testssl"):
        r = row.get(t)
        if isinstance(r, dict):
            parts.append(f"{t}={r['wall_s']:6.2f}s {'named' if r['named'] else 'MISSED':6}")
    return "  ".join(parts)


def _summary(rows: list[dict[str, object]], tools: set[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for t in sorted(tools):
        rs = [r[t] for r in rows if isinstance(r.get(t), dict)]
        if rs:
            out[t] = {"endpoints": len(rs), "named": sum(1 for r in rs if r["named"]),  # type: ignore[index]
                      "median_wall_s": round(statistics.median(r["wall_s"] for r in rs), 3),  # type: ignore[index]
                      "total_wall_s": round(sum(r["wall_s"] for r in rs), 2)}  # type: ignore[index]
    both = [r for r in rows if all(isinstance(r.get(t), dict) for t in tools)]
    if "ours" in tools and both:
        for t in tools - {"ours"}:
            ratios = [r[t]["wall_s"] / max(r["ours"]["wall_s"], 1e-3) for r in both]  # type: ignore[index]
            out[f"{t}_over_ours_median_ratio"] = round(statistics.median(ratios), 1)
    return out


if __name__ == "__main__":
    sys.exit(main())
