"""Benchmark: `hsdoctor probe pcsc://` on the smart-card lab (private pcscd + vpcd + scripted cards).

For every scripted card (tests/smartcard_probe/cards.py) the probe runs ``--runs`` times through
the Python API (the probe itself, no interpreter start) and once through the CLI (wall time as a
user sees it). Recorded: median / max probe time, APDUs per probe (from the card's own log),
whether findings[0] is the card's problem, and pcsc_scan's one-shot card listing as an anchor
of what a stock tool tells (it names no cause).

    .venv/bin/python bench/pcsc_probe.py [--runs 20] [--out bench/results/pcsc_probe.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

EXPECTED = {"plain": "smartcard.ok", "t0": "smartcard.wrong_le", "cla_restricted": "smartcard.logical_channel_unsupported",
            "no_cla_80": "smartcard.class_unsupported", "bad_atr": "smartcard.atr_invalid"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "pcsc_probe.json"))
    opts = ap.parse_args()
    from smartcard_probe import lab as L  # type: ignore[import-not-found]
    from smartcard_probe.conftest import Lab  # type: ignore[import-not-found]

    root = Path(tempfile.mkdtemp(prefix="hsd-pcsc-bench-"))
    daemon = L.Pcscd(root)
    os.environ["PCSCLITE_CSOCK_NAME"] = daemon.socket_path
    the_lab = Lab(daemon, root)
    results: dict[str, dict[str, object]] = {}
    try:
        daemon.start()
        from handshake_doctor.domains.smartcard.probe import probe

        for card, expected in EXPECTED.items():
            c = the_lab.insert(card)
            times, apdus, top = [], [], ""
            for _ in range(max(1, opts.runs)):
                before = len(c.apdus())
                ns = argparse.Namespace(timeout=5.0, apdu=None, aid=None)
                t0 = time.perf_counter()
                diag = probe("pcsc://", ns)
                times.append((time.perf_counter() - t0) * 1000)
                apdus.append(len(c.apdus()) - before)
                top = diag.findings[0].code
            t0 = time.perf_counter()
            cli = subprocess.run([str(ROOT / ".venv" / "bin" / "hsdoctor"), "probe", "pcsc://", "--json"],
                                 capture_output=True, text=True, timeout=30)
            cli_ms = (time.perf_counter() - t0) * 1000
            anchor = ""
            if shutil.which("pcsc_scan"):
                a = subprocess.run(["pcsc_scan", "-c"], capture_output=True, text=True, timeout=10)
                anchor = " ".join(a.stdout.split())[:160]
            results[card] = {
                "expected": expected, "top": top, "named": top == expected,
                "probe_ms_median": round(statistics.median(times), 2), "probe_ms_max": round(max(times), 2),
                "apdus": max(apdus), "cli_wall_ms": round(cli_ms, 1), "cli_exit": cli.returncode,
                "pcsc_scan_c": anchor,
            }
            print(f"{card:15} top={top:45} named={top == expected!s:5} probe median {statistics.median(times):6.2f} ms "
                  f"max {max(times):6.2f} ms  APDUs {max(apdus):2}  CLI {cli_ms:6.1f} ms exit {cli.returncode}")
    finally:
        the_lab.close()
    Path(opts.out).parent.mkdir(parents=True, exist_ok=True)
    Path(opts.out).write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(r["named"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
