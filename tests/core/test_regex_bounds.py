"""No pattern the engine uses may take super-linear time on the input sizes it accepts (64 KiB).

Why: a pattern such as ``\\w+ command`` or ``\\s*[=:]?\\s*`` scans a long run of word characters
or blanks once per start position when the match fails, so one pasted log with a long run of
tabs stalled explain for minutes (found by the scan below and by fuzz/run.py). The literal-needle
guard (knowledge.table.rx) does not help once the needle is in the text, so the scan puts the
needle there: for every pattern with an unbounded repeat, the needle next to 20 000 copies of
each character class a repeat could swallow. A linear search of that takes about a millisecond;
the quadratic ones took 6 to 150 seconds, so the bound below is a hang detector, not a timing.
"""

from __future__ import annotations

import re
import signal
import time

import sys
from pathlib import Path

import handshake_doctor as hd
from handshake_doctor.knowledge import table

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "fuzz"))
import targets  # noqa: E402  (fuzz/targets.py: the same pattern list the fuzzer runs)

RUN = 20_000
CHARS = "a0 _.-/'\":\t,=("
BOUND_S = 0.5
#: inputs that make every domain walk its tables, so every pattern is registered with rx()
UNBOUNDED = re.compile(r"(?<!\\)[*+]|\{\d+,\}")


def _patterns() -> list[table.LazyRegex]:
    return [r for r in targets.engine_patterns() if UNBOUNDED.search(r.pattern)]


def test_enough_patterns_are_checked() -> None:
    pats = _patterns()
    assert len(table.registered()) >= 300 and len(pats) >= 40, (len(table.registered()), len(pats))


def test_no_pattern_is_quadratic_on_long_runs() -> None:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("a pattern search is still running after 60 s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    slow: list[tuple[float, str, str]] = []
    try:
        for r in _patterns():
            compiled = r.compiled
            for needle in (r.needles or ("",))[:3]:
                for c in CHARS:
                    run = c * RUN
                    for text in (needle + "\n" + run, run + "\n" + needle, needle + run):
                        t0 = time.perf_counter()
                        compiled.search(text)
                        took = time.perf_counter() - t0
                        if took > BOUND_S:
                            slow.append((round(took, 2), repr(c), r.pattern[:100]))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert not slow, slow


def test_the_found_inputs_are_fast_through_explain() -> None:
    """The two inputs that stalled explain, at the size the parser accepts."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("explain is still running after 30 s")

    old = signal.signal(signal.SIGALRM, stop)
    try:
        for text in ("sw1" + "\t" * 60_000, " command not acknowledged\n" + "a" * 60_000):
            signal.alarm(30)
            t0 = time.perf_counter()
            hd.explain(text)
            assert time.perf_counter() - t0 < 10 * BOUND_S, text[:30]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
