"""Run the installed console script (.venv/bin/hsdoctor) as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HSDOCTOR = str(Path(sys.executable).parent / "hsdoctor")


def run_cli(*args: str, input: bytes | None = None, timeout: float = 120, stdin=None) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def,type-arg]
    env = dict(os.environ)
    env.pop("HSDOCTOR_DEBUG", None)
    env["NO_COLOR"] = "1"
    kw = {"input": input} if stdin is None else {"stdin": stdin}
    return subprocess.run([HSDOCTOR, *args], capture_output=True, timeout=timeout, env=env, **kw)


def one_line_error(r: subprocess.CompletedProcess) -> str:  # type: ignore[type-arg]
    err = r.stderr.decode()
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("hsdoctor: error:"), err
    return lines[0]
