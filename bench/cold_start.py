"""Cold start of `hsdoctor explain 0x68` against `python3 -c pass` (issue 2's budget: <= 2.5x).

Run: .venv/bin/python bench/cold_start.py [--runs 21]
Median wall time of several runs of each command, measured side by side in one run, and the
ratio to the bare interpreter. Output is piped (no terminal), as in scripts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"


def median_ms(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the page cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    # Measure an installed tool: byte-compiled, as pip leaves a regular install (an editable
    # install under PYTHONDONTWRITEBYTECODE=1 would recompile every module on every run).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    cases = {
        # The real interpreter binary, not a launcher: pyenv's `python3` is a shell-script shim
        # that alone takes ~100 ms and would flatter the ratio.
        "python3 -c pass": [str(Path(sys.base_prefix) / "bin" / "python3"), "-c", "pass"],
        "venv python -c pass": [str(VENV / "python"), "-c", "pass"],
        "hsdoctor explain 0x68": [str(VENV / "hsdoctor"), "explain", "0x68"],
        "hsdoctor explain --json 0x68": [str(VENV / "hsdoctor"), "explain", "--json", "0x68"],
        "hsdoctor explain <seed phrase>": [str(VENV / "hsdoctor"), "explain", "Handshaking... error: unexpected response 0x68"],
    }
    # Interleave the commands so that machine load affects all of them alike.
    samples: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(args.runs):
        for name, cmd in cases.items():
            samples[name].append(median_ms(cmd, 1))
    result = {k: round(statistics.median(v), 1) for k, v in samples.items()}
    base = result["python3 -c pass"]
    print(f"{'command':34} {'median ms':>10} {'x python3 -c pass':>18}")
    for name, ms in result.items():
        print(f"{name:34} {ms:10.1f} {ms / base:18.2f}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "cold_start.json").write_text(json.dumps({"runs": args.runs, "median_ms": result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
