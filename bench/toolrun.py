"""Running the other tools a user would have reached for, the same way in every side-by-side bench.

Why one module: bench/alpn.py, bench/negotiate.py and bench/tls_probe.py each had their own copy
of "run it with a deadline, keep stdout and stderr together, call a timeout a result, not a
crash"; a fix to one (the bytes-or-str stdout of a timed-out child) had to be made three times.
"""

from __future__ import annotations

import os
import re
import subprocess
import time


def run(cmd: list[str], timeout: float = 60.0, stdin: str = "", env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """(wall seconds, exit status, stdout + stderr). A timeout is status -9 with what was printed
    so far; a missing program is status -1 (both are results a bench row reports)."""
    t0 = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, encoding="utf-8", errors="replace", timeout=timeout,
                           input=stdin, env=dict(os.environ, NO_COLOR="1", **(env or {})))
        return time.monotonic() - t0, r.returncode, r.stdout + "\n" + r.stderr
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return time.monotonic() - t0, -9, out + "\n[timed out]"
    except FileNotFoundError as exc:
        return 0.0, -1, f"[missing: {exc}]"


def excerpt(text: str, keep: str = "") -> str:
    """The first four non-blank lines (those matching ``keep`` when given), for a bench table cell."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and (not keep or re.search(keep, ln, re.I))]
    return " | ".join(lines[:4])[:240]


def names(pattern: str, text: str) -> bool:
    """Whether another tool's output names the cause: a keyword pattern a reader would spot."""
    return bool(re.search(pattern, text, re.I | re.M))
