"""analyze against tshark on one replicated, handshake-heavy capture: packets/s, MB/s, max RSS.

Usage: python bench/analyze_pcap.py [--seed lab.pcap] [--mb 320] [--out DIR] [--keep]

The seed is a capture of the TLS lab (tests/analyze/capture_lab.py makes one; without --seed
this script runs it in a network namespace, which needs root, tcpdump, nginx and openssl). It
is replicated to --mb megabytes: copy k of every packet has its IPv4 addresses moved to
10.k2.k1.k0 (both ends: each copy is a distinct set of connections) and its time stamps shifted
by k * (seed span + 1 s), so idle eviction works as on a long real capture.

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
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_seed(out: Path) -> Path:
    ns = f"hsd-bench-{uuid.uuid4().hex[:6]}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", ns, sys.executable, str(ROOT / "tests/analyze/capture_lab.py"), str(out)], check=True, timeout=300)
    finally:
        subprocess.run(["ip", "netns", "del", ns])
    return out / "lab.pcap"


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seed", type=Path)
    ap.add_argument("--mb", type=int, default=320)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-tshark", action="store_true")
    ap.add_argument("--readers", type=Path, metavar="PCAP", help="only compare the frame readers (ours, dpkt, python-pcapng) on PCAP")
    a = ap.parse_args()
    if a.readers:
        return compare_readers(a.readers)
    work = a.out or Path(tempfile.mkdtemp(prefix="hsd-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    seed = a.seed or make_seed(work / "seed")
    big = work / "replicated.pcap"
    t = time.perf_counter()
    size, packets, ports = replicate(seed, big, a.mb)
    print(f"replicated {seed} to {size / 1e6:.0f} MB, {packets} packets in {time.perf_counter() - t:.1f} s")
    rows = []
    ours = [sys.executable, "-m", "handshake_doctor", "analyze", str(big), "--format", "jsonl", "--problems-only"]
    rows.append(("hsdoctor analyze", *measured(ours)))
    if not a.no_tshark and shutil.which("tshark"):
        th = ["tshark", "-n", "-r", str(big), "-Y", "tls.alert_message || tcp.flags.reset == 1", "-T", "fields", "-e", "tcp.stream", "-e", "tls.alert_message.desc"]
        for p in ports:
            th += ["-d", f"tcp.port=={p},tls"]
        rows.append(("tshark (failure filter)", *measured(th)))
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'tool':26} {'wall s':>7} {'cpu s':>7} {'pkts/s wall':>12} {'pkts/s cpu':>11} {'MB/s cpu':>9} {'max RSS MiB':>12} {'lines':>7}")
    for name, secs, cpu, rss, rc, lines in rows:
        print(f"{name:26} {secs:7.1f} {cpu:7.1f} {packets / secs:12.0f} {packets / cpu:11.0f} {size / 1e6 / cpu:9.1f} {rss / 1024:12.0f} {lines:>7}")
    if len(rows) == 2:
        print(f"analyze vs tshark: {rows[1][1] / rows[0][1]:.2f}x wall, {rows[1][2] / rows[0][2]:.2f}x CPU; tshark's RSS / analyze's: {rows[1][3] / rows[0][3]:.1f}x")
    if not a.keep:
        big.unlink()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
