"""The atheris fuzz targets (fuzz/targets.py): every saved input replays clean, and a short
coverage-guided run of each target finds nothing new.

The seeds include what fuzzing found: a bytes-literal regex that backtracked exponentially on a
run of backslashes (seconds for 30, hours for 200; now linear), and a chunking difference in the
meter decoders' problem reports (frames were always the same; the target now says so). A hang is
bounded here by SIGALRM, so a regression fails instead of stalling CI.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hsd_testing import REQUIRE_PEERS

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "fuzz"
sys.path.insert(0, str(FUZZ))

import targets  # noqa: E402

SEEDS = FUZZ / "seeds"
#: libFuzzer runs per target in CI: enough to walk past the seeds into new coverage, bounded in count and time
RUNS = 3000


@contextmanager
def bounded(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang (catastrophic backtracking?)")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_every_target_has_seeds() -> None:
    assert set(targets.TARGETS) == {p.name for p in SEEDS.iterdir() if p.is_dir()}
    for name in targets.TARGETS:
        assert len(list((SEEDS / name).iterdir())) >= 3, name


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_seeds_replay_clean(name: str) -> None:
    for seed in sorted((SEEDS / name).iterdir()):
        with bounded(20):
            targets.TARGETS[name](seed.read_bytes())


def test_the_backtracking_input_is_fast_now() -> None:
    """The input fuzzing found, at the length where the old pattern would take hours."""
    text = "B'x (0x" + "\\" * 5000 + "4)y("
    with bounded(5):
        targets.textparse(text.encode())


def _atheris_missing() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return True
    return False


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_short_fuzz_run_finds_nothing(name: str, tmp_path: Path) -> None:
    if _atheris_missing():
        if REQUIRE_PEERS:
            pytest.fail("atheris is not installed (pip install -e '.[test]' installs it on x86_64 Linux)")
        pytest.skip("atheris is not installed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in (SEEDS / name).iterdir():
        (corpus / seed.name).write_bytes(seed.read_bytes())
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(
        [sys.executable, str(FUZZ / "run.py"), name, f"-runs={RUNS}", "-max_total_time=60", "-timeout=20", "-rss_limit_mb=2048",
         "-max_len=4096", f"-artifact_prefix={tmp_path}/", str(corpus)],
        capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    crashes = [p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))]
    tail = proc.stderr[-3000:]
    assert proc.returncode == 0 and not crashes, f"{name}: rc={proc.returncode}, artifacts {crashes}\n{tail}"
    done = re.search(r"Done (\d+) runs", proc.stderr)
    assert done and int(done.group(1)) > 0, tail
