"""Helpers shared by every test suite (import as ``from hsd_testing import require_peer``).

Why a module of its own: several folders have a conftest.py, and ``from conftest import ...``
picks whichever was imported first. This name is unique.

Peers: a test that needs a real program (openssl, nginx, pcscd, stm32flash...) calls
``require_peer("openssl")``. On a laptop without it the test is skipped; with
HSDOCTOR_REQUIRE_PEERS=1 (set by .ci/run) it fails, because in CI a missing peer means the
install script is missing a package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Any
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_PEERS = os.environ.get("HSDOCTOR_REQUIRE_PEERS") == "1"


def require_peer(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None and not Path(p).exists()]
    if missing:
        msg = f"peer program(s) missing: {', '.join(missing)} (scripts/install.sh --test installs them)"
        if REQUIRE_PEERS:
            pytest.fail(msg)
        pytest.skip(msg)


def require_module(name: str):  # type: ignore[no-untyped-def]
    """A real client that is a Python library (from the ``test`` extra), under the same rule as
    require_peer: skipped on a laptop without it, a failure in CI."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        msg = f"peer library missing: {name} ({exc}; pip install -e '.[test]' installs it)"
        if REQUIRE_PEERS:
            pytest.fail(msg)
        pytest.skip(msg)


def hsdoctor(*args: str, input: str | None = None, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    full_env = dict(os.environ)
    full_env.pop("HSDOCTOR_DEBUG", None)
    full_env["NO_COLOR"] = "1"
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "handshake_doctor", *args],
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
        env=full_env,
    )


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--hide-scrollbars")



def hsdoctor_json(args: list[str], timeout: float = 30) -> tuple[subprocess.CompletedProcess[str], Any]:
    """The command line run as ``hsdoctor``, with its stdout read as JSON (None when it is not)."""
    import json

    r = hsdoctor(*args, timeout=timeout)
    try:
        data = json.loads(r.stdout) if r.stdout.strip() else None
    except json.JSONDecodeError:
        data = None
    return r, data

def chromium(url: str, workdir: Path, *, screenshot: Path | None = None, size: tuple[int, int] = (1100, 1600),
             timeout: float = 90) -> str:
    """Load ``url`` in a real headless Chromium (Debian's package) with a fresh profile; return the
    DOM after load (``--dump-dom``) and, when asked, write a PNG screenshot. Offline flags only:
    the workplace's network is closed, and background networking would hang on it."""
    require_peer("chromium")
    profile = workdir / "chromium-profile"
    base = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}"]
    if screenshot is not None:
        r = subprocess.run([*base, f"--screenshot={screenshot}", url], capture_output=True, text=True, timeout=timeout)
        assert screenshot.exists(), f"chromium wrote no screenshot: {r.stderr[-500:]}"
    r = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stderr[-500:]
    return r.stdout


def assert_not_blank(png: Path) -> None:
    """A screenshot that shows something: many colours and real contrast, not one flat page."""
    from PIL import Image

    with Image.open(png) as im:
        grey = im.convert("L")
        lo, hi = grey.getextrema()
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert hi - lo > 100, f"{png} is flat (grey levels {lo}..{hi})"
    assert len(colours) > 20, f"{png} has only {len(colours)} colours"


def unescape_tsv(field: str) -> str:
    """Undo the corpus TSVs' escapes (\\n, \\t, \\\\); a backslash before anything else stays as typed."""
    out: list[str] = []
    i = 0
    while i < len(field):
        ch = field[i]
        if ch == "\\" and i + 1 < len(field) and field[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[field[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def stop_process(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Terminate a peer a test started, then kill it if it does not go within 5 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
