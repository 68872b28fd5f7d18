"""Benchmark: `hsdoctor scan` against sslyze, testssl.sh and blackbox_exporter on one fleet, in one run.

The fleet is the test lab's (tests/scan/fleet.py): nginx and openssl s_server instances with many
ports on several 127.x addresses, one asyncio server for hostile and non-TLS peers, with the
root cause of every endpoint known. Each tool scans every endpoint; we record endpoints/s, the
maximum RSS of the tool's whole process tree (sampled from /proc every 50 ms), and the root
causes *named*: for hsdoctor the JSON line's ``scan.cause`` equals the truth; for the anchors
the words they print for that cause (bench/tls_probe.py's ANCHOR_NAMES, the same keyword test as
the single-endpoint benchmark) appear in their output for that endpoint.

  * hsdoctor scan (local engine, and --engine dask on a real loopback cluster with --dask)
  * sslyze --targets_in (its own venv, bench/.venv-sslyze; --certinfo and the four versions)
  * testssl.sh --file (-p -S, capped at --testssl-cap seconds: endpoints finished are counted)
  * prometheus-blackbox-exporter, tcp prober with tls, scraped with ?debug=true per target
    (named from metrics alone: healthy and expired; from the debug log: the keyword test)

Memory flat in N: ``--sizes 1000,10000`` runs hsdoctor on both fleets (anchors on the first).

    .venv/bin/python bench/scan_fleet.py [--sizes 1000] [--tools hsdoctor,sslyze,testssl,blackbox] [--dask]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from scan.fleet import Fleet, free_port, running_fleet  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_tls_probe", ROOT / "bench" / "tls_probe.py")
assert _spec and _spec.loader
_tls_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tls_bench)
#: sslyze 6 words a validity failure "cert is not valid at validation time" (observed with sslyze 6.3.1);
#: a reader comparing Not Before/Not After learns the cause, so it counts for both date causes
EXTRA_NAMES = {"tls.cert_expired": r"not valid at validation time", "tls.cert_not_yet_valid": r"not valid at validation time"}


def named_in_text(expect: str, text: str) -> bool:
    """The single-endpoint benchmark's keyword test (bench/tls_probe.py), plus EXTRA_NAMES."""
    return _tls_bench._named(expect, text) or bool(expect in EXTRA_NAMES and re.search(EXTRA_NAMES[expect], text, re.I))

HSDOCTOR = ROOT / ".venv" / "bin" / "hsdoctor"
SSLYZE = ROOT / "bench" / ".venv-sslyze" / "bin" / "sslyze"
TESTSSL = shutil.which("testssl") or shutil.which("testssl.sh")
BLACKBOX = shutil.which("prometheus-blackbox-exporter") or shutil.which("blackbox_exporter")
TIMEOUT = 3.0


class TreeRss:
    """Max summed RSS of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid, self.max_kib, self._stop = pid, 0, threading.Event()
        self._t = threading.Thread(target=self._loop, daemon=True)
        self._t.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(d))
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo += children.get(p, [])
        return out

    def _loop(self) -> None:
        while not self._stop.is_set():
            total = 0
            for p in self._tree():
                try:
                    for line in open(f"/proc/{p}/status"):
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except OSError:
                    pass
            self.max_kib = max(self.max_kib, total)
            self._stop.wait(0.05)

    def stop(self) -> float:
        self._stop.set()
        self._t.join(2)
        return round(self.max_kib / 1024, 1)


def _row(name: str, n: int, wall: float, rss_mib: float, named: int, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"tool": name, "endpoints": n, "wall_s": round(wall, 2), "endpoints_per_s": round(n / wall, 2) if wall else None,
            "max_rss_mib": rss_mib, "causes_named": named, **(extra or {})}


def bench_hsdoctor(fleet: Fleet, targets: Path, work: Path, extra: list[str], label: str) -> dict[str, Any]:
    store = work / f"{label}.jsonl"
    store.unlink(missing_ok=True)
    cmd = [str(HSDOCTOR), "scan", str(targets), "--ca-file", fleet.ca, "--timeout", str(TIMEOUT), "--jsonl", str(store),
           "--format", "jsonl", "--progress", "none", *extra]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    rss = TreeRss(p.pid)
    assert p.stdout is not None
    first = None
    sizes = []
    for line in p.stdout:
        if first is None:
            first = time.monotonic() - t0
        sizes.append(len(line))
    p.wait()
    wall = time.monotonic() - t0
    mib = rss.stop()
    recs = [json.loads(x) for x in store.read_text().splitlines()]
    got = {r["scan"]["target"]: r["scan"]["cause"] for r in recs}
    named = sum(1 for t, c in fleet.truth.items() if got.get(t) == c)
    wrong = {t: (fleet.kind[t], got.get(t), c) for t, c in fleet.truth.items() if got.get(t) != c}
    expiry_when_failing = sum(1 for r in recs if not r["scan"]["healthy"] and r["scan"]["cert_days_left"] is not None)
    return _row(label, len(recs), wall, mib, named, {"first_line_s": round(first or 0, 3), "mean_line_bytes": round(sum(sizes) / max(1, len(sizes))),
                                                     "expiry_known_when_failing": expiry_when_failing,
                                                     "distinct_causes_named": len({c for t, c in fleet.truth.items() if got.get(t) == c}),
                                                     "wrong": dict(list(wrong.items())[:10])})


def _host_port(t: str) -> str:
    return t.split("://", 1)[1].split("/", 1)[0]


def bench_sslyze(fleet: Fleet, work: Path, cap: float) -> dict[str, Any]:
    """sslyze prints each server's connectivity check, then its results as they finish; with a
    time cap we count the servers whose results were printed before the cap."""
    tin = work / "sslyze_targets.txt"
    tin.write_text("".join(_host_port(t) + "\n" for t in fleet.truth if "no-such-name" not in t)
                   + "".join(_host_port(t) + ":443\n" for t in fleet.truth if "no-such-name" in t))
    log = work / "sslyze.out"
    cmd = [str(SSLYZE), "--certinfo", "--tlsv1", "--tlsv1_1", "--tlsv1_2", "--tlsv1_3", f"--certinfo_ca_file={fleet.ca}",
           f"--targets_in={tin}"]
    t0 = time.monotonic()
    with open(log, "wb") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        rss = TreeRss(p.pid)
        try:
            p.wait(timeout=cap)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.wait()
    wall, mib = time.monotonic() - t0, rss.stop()
    text = log.read_text(errors="replace")
    head, _sep, results = text.partition("SCAN RESULTS FOR")
    connectivity: dict[str, str] = {}
    for line in head.splitlines():
        m = re.match(r"\s*(\S+:\d+)\s+=>\s+(.*)", line)
        if m:
            connectivity[m.group(1)] = m.group(2)
    done: dict[str, str] = {}
    for sec in re.split(r"(?m)^ *\* *SCAN RESULTS FOR |SCAN RESULTS FOR ", "SCAN RESULTS FOR " + results if results else "")[1:]:
        hp = sec.strip().split(" ", 1)[0]
        done[hp] = sec
    for hp, line in connectivity.items():  # a server that failed the connectivity check is done at once
        if "ERROR" in line.upper():
            done.setdefault(hp, line)
    named = 0
    for t, c in fleet.truth.items():
        hp = _host_port(t) if "no-such-name" not in t else _host_port(t) + ":443"
        if hp in done:
            text = connectivity.get(hp, "") + "\n" + done[hp]
            if c == "tls.ok":  # the public stores always fail a private CA: read the line of the CA we supplied
                named += bool(re.search(r"Supplied CA file[^\n]*OK - Certificate is trusted", text))
            else:
                named += named_in_text(c, text)
    return _row("sslyze", len(done), wall, mib, named, {"capped_at_s": cap, "finished": wall < cap})


def bench_testssl(fleet: Fleet, work: Path, cap: float) -> dict[str, Any]:
    f = work / "testssl_file.txt"
    f.write_text("".join(f"--quiet --color 0 --warnings off --connect-timeout 3 --openssl-timeout 3 --add-ca {fleet.ca} -p -S {_host_port(t)}\n"
                         for t in fleet.truth))
    t0 = time.monotonic()
    log = work / "testssl.out"
    with open(log, "wb") as out:
        p = subprocess.Popen([str(TESTSSL), "--file", str(f)], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        rss = TreeRss(p.pid)
        try:
            p.wait(timeout=cap)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.wait()
    wall, mib = time.monotonic() - t0, rss.stop()
    text = log.read_text(errors="replace")
    sections = re.split(r"(?m)^.*Start .*-->> ", text)[1:]
    done, named = 0, 0
    hp_truth = {_host_port(t): c for t, c in fleet.truth.items()}
    for sec in sections:
        hp = sec.split(" ", 1)[0]
        if "Done" not in sec:
            continue
        done += 1
        named += bool(hp in hp_truth and named_in_text(hp_truth[hp], sec))
    return _row("testssl.sh", done, wall, mib, named, {"capped_at_s": cap})


def bench_blackbox(fleet: Fleet, work: Path) -> dict[str, Any]:
    conf = work / "blackbox.yml"
    conf.write_text(f"modules:\n  tls:\n    prober: tcp\n    timeout: {TIMEOUT:g}s\n    tcp:\n      tls: true\n"
                    f"      tls_config:\n        ca_file: {fleet.ca}\n")
    port = free_port("127.0.0.1")
    p = subprocess.Popen([str(BLACKBOX), f"--config.file={conf}", f"--web.listen-address=127.0.0.1:{port}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rss = TreeRss(p.pid)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    now = time.time()

    def scrape(t: str) -> tuple[str, str]:
        hp = _host_port(t)
        if t.startswith("https://") and "no-such-name" in t:
            hp = t.split("://", 1)[1].split("/", 1)[0] + ":443"
        try:
            return t, urllib.request.urlopen(f"{base}/probe?module=tls&debug=true&target={hp}", timeout=TIMEOUT + 5).read().decode("utf-8", "replace")
        except OSError as exc:
            return t, f"scrape error {exc}"

    t0 = time.monotonic()
    with ThreadPoolExecutor(32) as ex:
        pages = dict(ex.map(scrape, fleet.truth))
    wall = time.monotonic() - t0
    mib = rss.stop()
    p.terminate()
    p.wait(5)
    named_debug = named_metrics = 0
    for t, c in fleet.truth.items():
        page = pages[t]
        ok = re.search(r"^probe_success 1", page, re.M) is not None
        exp = re.search(r"^probe_ssl_earliest_cert_expiry ([0-9.e+]+)", page, re.M)
        by_metrics = (c == "tls.ok" and ok) or (c == "tls.cert_expired" and exp is not None and float(exp.group(1)) < now)
        named_metrics += by_metrics
        logs = page.split("Metrics that would have been returned", 1)[0]
        named_debug += by_metrics or (c != "tls.ok" and named_in_text(c, logs))
    return _row("blackbox_exporter", len(pages), wall, mib, named_debug, {"causes_named_from_metrics_alone": named_metrics})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--tools", default="hsdoctor,sslyze,testssl,blackbox")
    ap.add_argument("--dask", action="store_true", help="also hsdoctor --engine dask on a loopback cluster (2 workers)")
    ap.add_argument("--testssl-cap", type=float, default=300.0)
    ap.add_argument("--sslyze-cap", type=float, default=600.0)
    ap.add_argument("--healthy-only", action="store_true", help="scan only the fleet's healthy endpoints (the all-healthy pace)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "scan_fleet.json"))
    a = ap.parse_args()
    tools = set(a.tools.split(","))
    rows: list[dict[str, Any]] = []
    for i, n in enumerate(int(x) for x in a.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="hsd-bench-scan-") as d, running_fleet(Path(d), n) as fleet:
            work = Path(d)
            if a.healthy_only:
                for t in [t for t, c in fleet.truth.items() if c != "tls.ok"]:
                    del fleet.truth[t]
            targets = fleet.write_targets(work / "targets.txt")
            print(f"fleet of {len(fleet.truth)} endpoints, {len(set(fleet.truth.values()))} causes", flush=True)
            todo = [("hsdoctor", lambda: bench_hsdoctor(fleet, targets, work, [], f"hsdoctor scan (N={n})"))]
            if a.dask and i == 0:
                def dask_row() -> dict[str, Any]:
                    from scan.dask_cluster import running_cluster

                    with running_cluster(work / "dask", workers=2, nthreads=2) as cl:
                        sched = TreeRss(cl.scheduler.pid)
                        workers = [TreeRss(w.pid) for w in cl.workers]
                        row = bench_hsdoctor(fleet, targets, work, ["--engine", "dask", "--scheduler", cl.address, "--batch", "16"],
                                             f"hsdoctor scan --engine dask (N={n})")
                        row["cluster_rss_mib"] = round(sched.stop() + sum(w.stop() for w in workers), 1)
                        return row
                todo.append(("hsdoctor", dask_row))
            if i == 0:
                if "sslyze" in tools and SSLYZE.exists():
                    todo.append(("sslyze", lambda: bench_sslyze(fleet, work, a.sslyze_cap)))
                if "testssl" in tools and TESTSSL:
                    todo.append(("testssl", lambda: bench_testssl(fleet, work, a.testssl_cap)))
                if "blackbox" in tools and BLACKBOX:
                    todo.append(("blackbox", lambda: bench_blackbox(fleet, work)))
            for tool, fn in todo:
                if tool not in tools:
                    continue
                row = fn()
                row["fleet"] = len(fleet.truth)
                rows.append(row)
                print(json.dumps({k: v for k, v in row.items() if k != "wrong"}), flush=True)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(rows, indent=2) + "\n")
    print(f"{'tool':40} {'N':>6} {'ep/s':>7} {'RSS MiB':>8} {'named':>6}")
    for r in rows:
        print(f"{r['tool']:40} {r['endpoints']:>6} {r['endpoints_per_s'] or 0:>7} {r['max_rss_mib']:>8} {r['causes_named']:>6}/{r['fleet']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
