"""Cold start of `hsdoctor explain 0x68` against `python3 -c pass` (issue 2's budget: <= 2.5x).

Run: .venv/bin/python bench/cold_start.py [--runs 21] [--baseline-src DIR]
Median wall time of several runs of each command, measured side by side in one run, and the
ratio to the bare interpreter. Output is piped (no terminal), as in scripts.

``--baseline-src DIR`` (e.g. ``git archive main src | tar -x -C /tmp/base``, then
``/tmp/base/src``) adds the same explain cases run from that source tree with this venv's
interpreter, interleaved in the same run, so a change is measured against its base under the
same machine load. The median CPU time (user + system) of each command is printed too: on a
loaded machine it moves far less than wall time.
"""

from __future__ import annotations

import argparse
import json
import resource
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
    ap.add_argument("--baseline-src", help="a source tree (containing handshake_doctor/) to compare against")
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
    if args.baseline_src:
        import tempfile

        # the same launcher for both trees, so only the source differs
        tmp = Path(tempfile.mkdtemp())
        trees = {"this tree": str(ROOT / "src"), "baseline": str(Path(args.baseline_src).resolve())}
        subprocess.run([sys.executable, "-m", "compileall", "-q", trees["baseline"]], check=True)
        for label, src in trees.items():
            launcher = tmp / f"hsdoctor-{label.replace(' ', '-')}"
            launcher.write_text(f"#!{VENV / 'python'}\nimport sys\nsys.path.insert(0, {src!r})\nfrom handshake_doctor.cli import run\nsys.exit(run())\n")
            launcher.chmod(0o755)
            for name in [n for n in cases if n.startswith("hsdoctor ")]:
                cases[f"{label}: {name}"] = [str(launcher), *cases[name][1:]]
                subprocess.run(cases[f"{label}: {name}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # its start-up cache
    # Interleave the commands so that machine load affects all of them alike.
    samples: dict[str, list[float]] = {k: [] for k in cases}
    cpu: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(args.runs):
        for name, cmd in cases.items():
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            samples[name].append(median_ms(cmd, 1))
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000 / 2)  # two runs: warm + timed
    result = {k: round(statistics.median(v), 1) for k, v in samples.items()}
    cpu_ms = {k: round(statistics.median(v), 1) for k, v in cpu.items()}
    base = result["python3 -c pass"]
    print(f"{'command':44} {'median ms':>10} {'x python3 -c pass':>18} {'cpu ms':>8}")
    for name, ms in result.items():
        print(f"{name:44} {ms:10.1f} {ms / base:18.2f} {cpu_ms[name]:8.1f}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "cold_start.json").write_text(json.dumps({"runs": args.runs, "median_ms": result, "median_cpu_ms": cpu_ms}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
