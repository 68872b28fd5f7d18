"""The progress bar of `analyze` on a large file: drawn on stderr when stderr is a terminal,
whatever the output format, and never mixed into what stdout carries.

Why a pty: the bar's only trigger is a terminal on stderr; a pipe must never get it (CI logs,
`2>file`), and a JSON document on stdout must stay parseable while the bar runs.
"""

from __future__ import annotations

import json
import os
import pty
import select
import struct
import subprocess
import sys
import time
from pathlib import Path

FRAME = 1500
FRAMES = 6500  # about 9.8 MB: over analyze's 8 MiB threshold


def _big_pcap(path: Path) -> None:
    """Ethernet frames of an experimental EtherType (0x88B5): read and skipped, no exchange."""
    frame = b"\x02\x00\x00\x00\x00\x01" + b"\x02\x00\x00\x00\x00\x02" + b"\x88\xb5" + bytes(FRAME - 14)
    with path.open("wb") as fh:
        fh.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(FRAMES):
            fh.write(struct.pack("<IIII", 1_700_000_000 + i // 1000, (i % 1000) * 1000, FRAME, FRAME))
            fh.write(frame)


def _run(args: list[str], stderr_tty: bool) -> tuple[int, bytes, bytes]:
    cmd = [sys.executable, "-m", "handshake_doctor", *args]
    if not stderr_tty:
        p = subprocess.run(cmd, capture_output=True, timeout=120)
        return p.returncode, p.stdout, p.stderr
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    err = bytearray()
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the pty's other side closed
                    break
                if not chunk:
                    break
                err += chunk
            elif p.poll() is not None:
                break
        out = p.stdout.read() if p.stdout else b""
        rc = p.wait(timeout=30)
    finally:
        os.close(master)
        if p.poll() is None:
            p.kill()
    return rc, out, bytes(err)


def test_progress_bar_on_a_terminal_with_json_on_stdout(tmp_path: Path) -> None:
    cap = tmp_path / "big.pcap"
    _big_pcap(cap)
    rc, out, err = _run(["analyze", str(cap), "--format", "json"], stderr_tty=True)
    assert rc in (0, 1), err
    assert b"100% of" in err and b"big.pcap" in err
    doc = json.loads(out)
    assert doc["exchanges"] == []


def test_no_progress_bar_into_a_pipe(tmp_path: Path) -> None:
    cap = tmp_path / "big.pcap"
    _big_pcap(cap)
    rc, out, err = _run(["analyze", str(cap), "--format", "json"], stderr_tty=False)
    assert rc in (0, 1), err
    assert b"% of" not in err
    json.loads(out)
