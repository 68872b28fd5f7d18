"""analyze on a large logic recording vs sigrok-cli (issue 14: a 288 M-sample, 16-channel capture
fully analysed in < 10 s; sigrok-cli takes ~18 s for one decode pass at a known rate).

Run: .venv/bin/python bench/analyze_logic.py [--msamples 288] [--keep FILE]
Builds a sigrok session (unitsize 2, 16 channels: 8 UART lines at several rates and framings,
8 idle) with the project's UART line model, then times, side by side in one run:
  - hsdoctor's reader + UART measurement of every channel (rate, framing, polarity found),
  - sigrok-cli decoding ONE channel at the rate and framing given to it.
Max RSS of each is read from the child's rusage.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from handshake_doctor.domains.serial.line import Framing, LineSettings, waveform  # noqa: E402

RATE = 10_000_000  # samples/s
LINES = [(115200, "8N1"), (9600, "8N1"), (57600, "8E1"), (115200, "7E1"), (19200, "8N1"), (230400, "8N1"), (38400, "8O1"), (74880, "8N1")]


def build(path: Path, msamples: int) -> None:
    n = msamples * 1_000_000
    text = b"The quick brown fox jumps over the lazy dog 0123456789\r\n"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        probes = "".join(f"probe{i + 1}=L{i}\n" for i in range(16))
        zf.writestr("version", "2")
        zf.writestr("metadata", f"[device 1]\ncapturefile=logic-1\ntotal probes=16\nsamplerate={RATE // 1_000_000} MHz\n"
                                f"total analog=0\n{probes}unitsize=2\n")
        chunk = 32 << 20  # samples per chunk file
        lines = []
        for baud, fr in LINES:
            one = np.frombuffer(waveform(text, LineSettings(baud, Framing.parse(fr)), RATE, idle_bits_after=40), dtype=np.uint8)
            lines.append(one)
        for c, start in enumerate(range(0, n, chunk)):
            size = min(chunk, n - start)
            words = np.zeros(size, dtype="<u2")
            for i, one in enumerate(lines):
                reps = np.resize(one, size)  # the text repeated along the whole capture
                words |= reps.astype("<u2") << i
            words |= np.uint16(0xFF00)  # channels 8..15 idle high
            zf.writestr(f"logic-1-{c + 1}", words.tobytes())


WRAP = ("import resource, subprocess, sys, time\n"
        "t0 = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "w = time.perf_counter() - t0; u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "sys.stdout.write(p.stdout + p.stderr); print(f'@@ {w} {u.ru_utime + u.ru_stime} {u.ru_maxrss}')\n")


def timed(cmd: list[str]) -> tuple[float, float, int, str]:
    """Wall time, CPU time and max RSS (MiB) of ``cmd`` alone (a fresh wrapper per command, so one
    command's RSS is never reported for the other)."""
    p = subprocess.run([sys.executable, "-c", WRAP, *cmd], capture_output=True, text=True)
    out, _, tail = p.stdout.rpartition("@@ ")
    wall, cpu, rss = tail.split()
    return float(wall), float(cpu), int(rss) // 1024, out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--msamples", type=int, default=288)
    ap.add_argument("--keep", default=None)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    path = Path(a.keep) if a.keep else tmp / "big.sr"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, a.msamples)
        print(f"built {path} ({path.stat().st_size / 1e6:.0f} MB zipped, {a.msamples} M samples x 16 ch) in {time.perf_counter() - t0:.0f} s")
    ours_cmd = [sys.executable, "-c", (
        "import sys; sys.path.insert(0, %r)\n"
        "from handshake_doctor.logic.analyze_logic import analyze_logic\n"
        "r = analyze_logic(%r)\n"
        "for e, d in r:\n"
        "    f = next((x for x in d.findings if x.code == 'serial.uart_line'), None)\n"
        "    print(e['channel'], f.data['baud'] if f else '-', f.data['framing'] if f else '-')\n") % (str(ROOT / "src"), str(path))]
    w1, c1, r1, out1 = timed(ours_cmd)
    print(f"hsdoctor analyze (all 16 channels: rate, framing, polarity): {w1:.1f} s wall, {c1:.1f} s CPU, max RSS {r1} MiB")
    print("   " + out1.strip().replace("\n", "\n   "))
    w2, c2, r2, out2 = timed(["sigrok-cli", "-i", str(path), "-P", "uart:baudrate=115200:rx=L0", "-A", "uart=rx-data"])
    print(f"sigrok-cli (one channel, rate given): {w2:.1f} s wall, {c2:.1f} s CPU, max RSS {r2} MiB ({out2.count(chr(10))} lines)")
    print(f"ratio: {w2 / w1:.1f}x the wall time, {c2 / c1:.1f}x the CPU time, for 1/16 of the channels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
