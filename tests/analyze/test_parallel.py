"""`analyze --jobs N` (analyze/parallel.py) gives, byte for byte, what one process gives.

The capture is built to make the shares matter: more judged connections than several blocks,
with outcomes that differ from one connection to the next (refused handshakes, plain HTTP, a
reset, a silent server), connections that overlap in time so they finish out of their start
order, and --problems-only skipping some of them (the skipped ones must be skipped alike in
every process, or the blocks would slip).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handshake_doctor.analyze import parallel
from handshake_doctor.domains.tls import codec

from .frames import ACK, FIN, PSH, RST, Conv, pcap

HELLO = codec.build_client_hello("shop.example.test", versions=(0x0303,), random=b"\x03" * 32)
HANDSHAKE_FAILURE = b"\x15\x03\x03\x00\x02\x02\x28"
HTTP_REPLY = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
CONNECTIONS = 3 * parallel.BLOCK + 37  # blocks for every share of --jobs 3, and a partial last block


def _conversation(i: int) -> Conv:
    c = Conv(client=f"10.1.{i // 250}.{i % 250 + 1}", cport=30000 + i, sport=443 + i % 3)
    c.t += i * 0.003  # the next one starts before this one ends
    c.open()
    kind = i % 5
    if kind == 4:  # opened and closed without a byte: skipped by --problems-only
        c.send(True, FIN)
        c.send(False, FIN)
        c.send(True, ACK)
        return c
    c.send(True, PSH, HELLO, dt=0.002 + (i % 7) * 0.001)
    if kind == 0:
        c.send(False, PSH, HANDSHAKE_FAILURE)
    elif kind == 1:
        c.send(False, PSH, HTTP_REPLY)
    elif kind == 2:
        c.send(False, RST)
        return c
    c.send(False, FIN, dt=0.01)
    c.send(True, FIN)
    return c


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frames = sorted((f for i in range(CONNECTIONS) for f in _conversation(i).frames), key=lambda f: f[0])
    path = tmp_path_factory.mktemp("parallel") / "many.pcap"
    path.write_bytes(pcap(frames))
    return path


def _analyze(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handshake_doctor", "analyze", str(path), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
@pytest.mark.parametrize("problems_only", [False, True])
def test_shares_give_what_one_process_gives(capture: Path, fmt: str, problems_only: bool) -> None:
    extra = ["--problems-only"] if problems_only else []
    one = _analyze(capture, "--format", fmt, "--jobs", "1", *extra)
    assert one.returncode == 1 and "Traceback" not in one.stderr, one.stderr[-800:]
    if fmt == "jsonl":
        lines = one.stdout.splitlines()
        assert len(lines) > (2 * parallel.BLOCK if problems_only else CONNECTIONS - 1), len(lines)  # a block for every share of --jobs 3
    for jobs in ("2", "3"):
        many = _analyze(capture, "--format", fmt, "--jobs", jobs, *extra)
        assert (many.returncode, many.stderr) == (one.returncode, one.stderr)
        assert many.stdout == one.stdout, f"--jobs {jobs} differs from --jobs 1"


def test_a_pipe_is_judged_in_one_process(capture: Path) -> None:
    """stdin cannot be read again by a worker: --jobs is then ignored, and the output is the same."""
    one = _analyze(capture, "--format", "jsonl", "--jobs", "1")
    with open(capture, "rb") as fh:
        piped = subprocess.run([sys.executable, "-m", "handshake_doctor", "analyze", "-", "--format", "jsonl", "--jobs", "3"],
                               stdin=fh, capture_output=True, text=True, timeout=300)
    assert piped.returncode == 1 and piped.stdout.replace('"-#', '"X#').replace('"file":"-"', '"file":"X"') \
        == one.stdout.replace(f'"{capture}#', '"X#').replace(f'"file":"{capture}"', '"file":"X"')


def test_negative_jobs_is_a_usage_error(capture: Path) -> None:
    r = _analyze(capture, "--jobs", "-2")
    assert r.returncode == 2 and "--jobs" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_auto_uses_one_process_for_small_files_and_pipes() -> None:
    assert parallel.auto_jobs(None) == 1
    assert parallel.auto_jobs(parallel.PARALLEL_MIN - 1) == 1
    assert 1 <= parallel.auto_jobs(1 << 40) <= parallel.MAX_PROCESSES


def test_owner_hands_out_whole_blocks_round_robin() -> None:
    owners = [parallel.owner(o, 3) for o in range(6 * parallel.BLOCK)]
    assert owners[:parallel.BLOCK] == [0] * parallel.BLOCK
    assert owners[parallel.BLOCK] == 1 and owners[2 * parallel.BLOCK] == 2 and owners[3 * parallel.BLOCK] == 0
    assert {owners.count(s) for s in range(3)} == {2 * parallel.BLOCK}
