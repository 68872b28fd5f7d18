"""Bad input: a clear one-line error and a non-zero exit, or a 'nothing recognised' answer; never a traceback."""

from __future__ import annotations

import json
import os

import pytest


def _one_line_error(r) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("hsdoctor: error:"), r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("explain", ""),
        ("explain", "   "),
        ("explain", "--bogus", "0x68"),
        ("--frobnicate",),
        ("nosuchverb",),
        ("probe",),
        ("probe", "no-scheme-here"),
        ("probe", "gopher://example.test"),
        ("simulate", "no-such-device"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, args) -> None:  # type: ignore[no-untyped-def]
    r = cli(*args)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    if r.stderr.strip():
        _one_line_error(r)


def test_megabyte_of_noise_is_answered_quickly(cli) -> None:  # type: ignore[no-untyped-def]
    noise = os.urandom(1 << 20).decode("latin-1")
    # argv cannot carry NUL bytes or 1 MB: pass what a shell could, then the API for the rest.
    r = cli("explain", "--json", noise[:40_000].replace("\x00", " "), timeout=30)
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    json.loads(r.stdout)
    import handshake_doctor

    d = handshake_doctor.explain(noise)
    # a long input is read as a log: the notes say what was kept and what was skipped
    assert d.notes and any("skipped" in n or "64 KiB" in n for n in d.notes), d.notes


def test_binary_garbage_and_control_chars(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("explain", "\x1b[31m\x07\x7f\ufffd\u202e 0x\u00ff\u00fe")
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr


def test_nothing_recognised_is_said(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("explain", "the weather is nice today")
    assert r.returncode == 0
    assert "Nothing recognised" in r.stdout


def test_no_color_when_piped(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("explain", "0x68")
    assert "\x1b[" not in r.stdout
