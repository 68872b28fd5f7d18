"""analyze against tshark on two replicated captures, handshake-heavy and bulk: packets/s, MB/s, max RSS.

Usage: python bench/analyze_pcap.py [--seed lab.pcap] [--bulk-seed bulk.pcap] [--mb 320] [--runs 3] [--out DIR] [--keep]

Writes bench/results/analyze_pcap.json (the medians of --runs runs of each tool on each capture,
the load average around them, the commit measured).

The seed is a capture of the TLS lab (tests/analyze/capture_lab.py makes one; without --seed
this script runs it in a network namespace, which needs root, tcpdump, nginx and openssl). It
is replicated to --mb megabytes: copy k of every packet has its IPv4 addresses moved to
10.k2.k1.k0 (both ends: each copy is a distinct set of connections) and its time stamps shifted
by k * (seed span + 1 s), so idle eviction works as on a long real capture.

The bulk seed (bench/bulk_seed.py, in a namespace as well) is curl downloading 4 x 24 MB over
HTTPS from openssl s_server, captured on a loopback with a 1500-byte MTU and no segmentation
offload: wire-sized frames, four handshakes and then bulk data, which is what MB/s is about.

Both tools read the same file in the same run, one after the other, each measured as a child
process (wall time, ru_maxrss):
* ``hsdoctor analyze FILE --format jsonl --problems-only`` (every failed connection judged);
* ``tshark -r FILE -Y 'tls.alert_message || tcp.flags.reset == 1' -T fields ...`` with
  ``-d tcp.port==P,tls`` for every lab port (tshark decides TLS by port; without the -d it
  misses most of them), i.e. the failure filter a user would run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _in_namespace(script: Path, out: Path) -> None:
    ns = f"hsd-bench-{uuid.uuid4().hex[:6]}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(script), str(out)], check=True, timeout=300)
    finally:
        subprocess.run(["ip", "netns", "del", ns])


def make_seed(out: Path) -> Path:
    _in_namespace(ROOT / "tests/analyze/capture_lab.py", out)
    return out / "lab.pcap"


def make_bulk_seed(out: Path) -> Path:
    _in_namespace(ROOT / "bench/bulk_seed.py", out)
    return out / "bulk.pcap"


def replicate(seed: Path, dst: Path, megabytes: int) -> tuple[int, int, list[int]]:
    data = seed.read_bytes()
    assert data[:4] == b"\xd4\xc3\xb2\xa1" and struct.unpack_from("<I", data, 20)[0] == 1, "an Ethernet pcap (little-endian, us) is expected"
    recs: list[tuple[int, int, bytes]] = []
    pos = 24
    while pos + 16 <= len(data):
        sec, usec, caplen, origlen = struct.unpack_from("<IIII", data, pos)
        recs.append((sec, usec, data[pos + 16:pos + 16 + caplen]))
        pos += 16 + caplen
    t0, t1 = recs[0][0], recs[-1][0]
    span = t1 - t0 + 1
    target = megabytes * 1_000_000
    packets = 0
    with open(dst, "wb") as out:
        out.write(data[:24])
        written = 24
        k = 0
        while written < target:
            a = bytes([10, (k >> 16) & 0xFF, (k >> 8) & 0xFF, k & 0xFF])
            shift = k * span
            buf = bytearray()
            for sec, usec, frame in recs:
                f = bytearray(frame)
                if len(f) >= 34 and f[12:14] == b"\x08\x00":
                    f[26:30] = a
                    f[30:34] = a
                buf += struct.pack("<IIII", sec + shift, usec, len(f), len(f)) + f
            out.write(buf)
            written += len(buf)
            packets += len(recs)
            k += 1
    ports = sorted({r["port"] for r in json.loads((seed.parent / "scenarios.json").read_text())}) if (seed.parent / "scenarios.json").exists() else []
    return written, packets, ports


def measured(cmd: list[str]) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, max RSS KiB, exit code, output lines) of one child process.
    CPU time is given too: on a shared machine the wall time says more about the neighbours."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL); "
             "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, p.returncode, len(p.stdout.splitlines()))")
    r = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    secs, cpu, rss, rc, lines = r.stdout.split()
    return float(secs), float(cpu), int(rss), int(rc), lines


def compare_readers(path: Path) -> int:
    """Frames per CPU second of our reader against dpkt and python-pcapng (when installed)."""
    from handshake_doctor.analyze.packets import tcp_segment
    from handshake_doctor.analyze.pcapfile import FrameSource

    ng = path.with_suffix(".pcapng")
    subprocess.run(["editcap", "-F", "pcapng", str(path), str(ng)], check=True)

    def bench(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        t = time.process_time()
        n = fn()
        print(f"{name:42} {n:9d} frames {n / (time.process_time() - t):12.0f} frames/s (CPU)")

    bench("ours: pcap records", lambda: sum(1 for _ in FrameSource(open(path, "rb"))))
    bench("ours: pcap down to the TCP header", lambda: sum(1 for x in FrameSource(open(path, "rb")) if tcp_segment(x[1], x[2])))
    bench("ours: pcapng blocks", lambda: sum(1 for _ in FrameSource(open(ng, "rb"))))
    try:
        import dpkt  # type: ignore[import-not-found]

        def dp() -> int:
            n = 0
            for _ts, buf in dpkt.pcap.Reader(open(path, "rb")):
                e = dpkt.ethernet.Ethernet(buf)
                n += isinstance(e.data, dpkt.ip.IP) and isinstance(e.data.data, dpkt.tcp.TCP)
            return n

        bench("dpkt.pcap.Reader records", lambda: sum(1 for _ in dpkt.pcap.Reader(open(path, "rb"))))
        bench("dpkt down to TCP (objects)", dp)
        bench("dpkt.pcapng.Reader blocks", lambda: sum(1 for _ in dpkt.pcapng.Reader(open(ng, "rb"))))
    except ImportError:
        print("dpkt not installed")
    try:
        import pcapng  # type: ignore[import-not-found]

        bench("python-pcapng FileScanner", lambda: sum(1 for b in pcapng.FileScanner(open(ng, "rb")) if isinstance(b, pcapng.blocks.EnhancedPacket)))
    except ImportError:
        print("python-pcapng not installed")
    ng.unlink()
    return 0


def _tshark_cmd(path: Path, ports: list[int]) -> list[str]:
    th = ["tshark", "-n", "-r", str(path), "-Y", "tls.alert_message || tcp.flags.reset == 1", "-T", "fields", "-e", "tcp.stream", "-e", "tls.alert_message.desc"]
    for p in ports:
        th += ["-d", f"tcp.port=={p},tls"]
    return th


def bench_capture(label: str, seed: Path, big: Path, mb: int, runs: int, tshark: bool) -> dict:  # type: ignore[type-arg]
    """Both tools on one replicated capture, ``runs`` times each (interleaved: the neighbours'
    load falls on both alike); the medians."""
    t = time.perf_counter()
    size, packets, ports = replicate(seed, big, mb)
    print(f"{label}: replicated {seed} to {size / 1e6:.0f} MB, {packets} packets in {time.perf_counter() - t:.1f} s")
    base = [sys.executable, "-m", "handshake_doctor", "analyze", str(big), "--format", "jsonl", "--problems-only"]
    # --jobs 1 is one process; the default (auto) adds processes only for CPUs the neighbours leave free.
    tools = {"hsdoctor analyze --jobs 1": [*base, "--jobs", "1"], "hsdoctor analyze (auto)": base}
    if tshark:
        tools["tshark (failure filter)"] = _tshark_cmd(big, ports)
    samples: dict[str, list[tuple[float, float, int, int, str]]] = {k: [] for k in tools}
    loads = [os.getloadavg()[0]]
    for _ in range(runs):
        for name, cmd in tools.items():
            samples[name].append(measured(cmd))
            loads.append(os.getloadavg()[0])
    rows = {}
    for name, got in samples.items():
        wall = statistics.median(x[0] for x in got)
        cpu = statistics.median(x[1] for x in got)
        rss = statistics.median(x[2] for x in got)
        rows[name] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "packets_per_s_wall": round(packets / wall), "packets_per_s_cpu": round(packets / cpu),
                      "mb_per_s_wall": round(size / 1e6 / wall, 1), "mb_per_s_cpu": round(size / 1e6 / cpu, 1), "max_rss_mib": round(rss / 1024),
                      "output_lines": got[-1][4], "runs_wall_s": [round(x[0], 2) for x in got], "runs_cpu_s": [round(x[1], 2) for x in got]}
    print(f"  load average (1 min) during the runs: {min(loads):.1f} .. {max(loads):.1f} on {os.cpu_count()} CPUs (a shared machine)")
    print(f"  {'median of ' + str(runs):26} {'wall s':>7} {'cpu s':>7} {'pkts/s wall':>12} {'pkts/s cpu':>11} {'MB/s wall':>10} {'MB/s cpu':>9} {'max RSS MiB':>12} {'lines':>7}")
    for name, r in rows.items():
        print(f"  {name:26} {r['wall_s']:7.1f} {r['cpu_s']:7.1f} {r['packets_per_s_wall']:12d} {r['packets_per_s_cpu']:11d} {r['mb_per_s_wall']:10.1f} "
              f"{r['mb_per_s_cpu']:9.1f} {r['max_rss_mib']:12d} {r['output_lines']:>7}")
    out = {"capture": label, "seed": str(seed), "megabytes": round(size / 1e6), "packets": packets, "runs": runs, "load_min": round(min(loads), 1),
           "load_max": round(max(loads), 1), "tools": rows}
    if "tshark (failure filter)" in rows:
        th = rows["tshark (failure filter)"]
        for name, a in rows.items():
            if name.startswith("hsdoctor"):
                a["ratio_wall"] = round(th["wall_s"] / a["wall_s"], 2)
                a["ratio_cpu"] = round(th["cpu_s"] / a["cpu_s"], 2)
                a["rss_ratio"] = round(th["max_rss_mib"] / max(1, a["max_rss_mib"]), 1)
                print(f"  {name} vs tshark: {a['ratio_wall']:.2f}x wall, {a['ratio_cpu']:.2f}x CPU; tshark's RSS / analyze's: {a['rss_ratio']:.1f}x")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seed", type=Path, help="the handshake-heavy seed (a TLS lab capture); made in a namespace when not given")
    ap.add_argument("--bulk-seed", type=Path, help="the bulk seed (bench/bulk_seed.py's bulk.pcap); made in a namespace when not given")
    ap.add_argument("--no-bulk", action="store_true")
    ap.add_argument("--mb", type=int, default=320)
    ap.add_argument("--runs", type=int, default=3, help="runs of each tool on each capture; the medians are reported")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-tshark", action="store_true")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results" / "analyze_pcap.json")
    ap.add_argument("--readers", type=Path, metavar="PCAP", help="only compare the frame readers (ours, dpkt, python-pcapng) on PCAP")
    a = ap.parse_args()
    if a.readers:
        return compare_readers(a.readers)
    work = a.out or Path(tempfile.mkdtemp(prefix="hsd-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    tshark = not a.no_tshark and bool(shutil.which("tshark"))
    captures = [("handshake-heavy", a.seed or make_seed(work / "seed"))]
    if not a.no_bulk:
        captures.append(("bulk", a.bulk_seed or make_bulk_seed(work / "bulk-seed")))
    results = []
    for label, seed in captures:
        big = work / f"replicated-{label}.pcap"
        results.append(bench_capture(label, seed, big, a.mb, a.runs, tshark))
        if not a.keep:
            big.unlink()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip())
    a.results.parent.mkdir(parents=True, exist_ok=True)
    a.results.write_text(json.dumps({"commit": commit + ("+dirty" if dirty else ""), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                     "cpus": os.cpu_count(), "note": "a shared 2-core machine: other engineers' jobs ran at the same time; medians of interleaved runs",
                                     "captures": results}, indent=2) + "\n")
    print(f"wrote {a.results}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
