"""explain - / explain --file: whole logs in, end to end through the installed CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import handshake_doctor as hd
from handshake_doctor.evidence_text import MAX_DECISIVE, MAX_KEPT_CHARS, TAIL_LINES, HEAD_LINES, LogReader, clean_line

from .clitools import one_line_error, run_cli

DECISIVE = "avrdude: stk500_recv(): programmer is not responding"


def _big_log(path: Path, size: int = 5 * 1024 * 1024) -> int:
    """A ~5 MB build log of harmless lines with the decisive line in the middle."""
    filler = [f"[{i:07d}] compiling module_{i % 97}.c -> build/obj_{i % 89}.o (flags -O2 -Wall)\n" for i in range(200)]
    written = 0
    lines = 0
    with path.open("w") as fh:
        while written < size // 2:
            s = filler[lines % 200]
            fh.write(s)
            written += len(s)
            lines += 1
        fh.write(DECISIVE + "\n")
        while written < size:
            s = filler[lines % 200]
            fh.write(s)
            written += len(s)
            lines += 1
    return lines


def _doc(r) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert b"Traceback" not in r.stderr, r.stderr.decode()[-2000:]
    return json.loads(r.stdout)


def test_5mb_file_with_the_decisive_line_in_the_middle(tmp_path: Path) -> None:
    log = tmp_path / "flash.log"
    n = _big_log(log)
    assert log.stat().st_size >= 5 * 1024 * 1024
    r = run_cli("explain", "--json", "--file", str(log))
    doc = _doc(r)
    assert r.returncode == 1 == doc["exit_code"]
    assert doc["findings"][0]["code"] == "bootloader.avr.no_reply"
    assert DECISIVE in doc["input"]
    assert len(doc["input"]) <= MAX_KEPT_CHARS
    note = " ".join(doc["notes"])
    assert f"Read {n + 1} lines" in note and "skipped" in note


def test_5mb_log_on_stdin(tmp_path: Path) -> None:
    log = tmp_path / "flash.log"
    _big_log(log)
    with log.open("rb") as fh:
        r = run_cli("explain", "--json", "-", stdin=fh)
    doc = _doc(r)
    assert doc["findings"][0]["code"] == "bootloader.avr.no_reply"
    assert any("skipped" in n for n in doc["notes"])


def test_text_explain_of_a_long_log_matches_the_file_form(tmp_path: Path) -> None:
    log = tmp_path / "flash.log"
    _big_log(log, 600_000)
    by_api = hd.explain(log.read_text())
    by_file = hd.explain_file(str(log))
    with log.open("rb") as fh:
        by_stream = hd.explain_stream(fh)
    assert by_api.findings[0].code == by_file.findings[0].code == by_stream.findings[0].code == "bootloader.avr.no_reply"
    assert by_api.input == by_file.input == by_stream.input


def test_ansi_colour_and_carriage_returns_are_removed() -> None:
    log = (
        "esptool.py v4.7.0\r\n"
        "Serial port /dev/ttyUSB0\r\n"
        "Connecting....\r.......\r........_____....._____\r\n"
        "\x1b[1;31mA fatal error occurred: Failed to connect to ESP32: Timed out waiting for packet header\x1b[0m\n"
        "\x1b]8;;https://docs.espressif.com\x07docs\x1b]8;;\x07\n"
    ).encode()
    r = run_cli("explain", "--json", "-", input=log)
    doc = _doc(r)
    assert "\x1b" not in doc["input"] and "\r" not in doc["input"]
    assert "A fatal error occurred: Failed to connect to ESP32" in doc["input"]
    assert doc["domains"][0]["name"] == "bootloader.esp"
    assert doc["findings"][0]["domain"] == "bootloader.esp"
    # the text report too: no escape reaches the terminal through our output
    r2 = run_cli("explain", "-", input=log)
    assert b"\x1b" not in r2.stdout


def test_clean_line_shows_what_a_terminal_shows() -> None:
    assert clean_line("\x1b[32mOK\x1b[0m")[0] == "OK"
    assert clean_line("Writing at 0x1000... (10 %)\rWriting at 0x2000... (20 %)\r\n")[0] == "Writing at 0x2000... (20 %)"
    assert clean_line("abcdef\rXY")[0] == "XYcdef"  # a shorter overwrite leaves the tail visible
    assert clean_line("ab\bc")[0] == "ac"


def test_memory_stays_bounded_whatever_the_length() -> None:
    reader = LogReader()
    for i in range(300_000):
        reader.feed(f"error {i}: something failed" if i % 3 == 0 else f"line {i}")
    assert len(reader.head) <= HEAD_LINES and len(reader.tail) <= TAIL_LINES
    assert reader.decisive_kept_items <= MAX_DECISIVE
    assert len(reader.decisive_numbers) <= 4 * MAX_DECISIVE + 1
    ev = reader.result()
    assert len(ev.text) <= MAX_KEPT_CHARS
    assert "error 299997" in ev.text  # the last failure is kept


def test_ten_thousand_warnings_do_not_push_out_the_fatal_line() -> None:
    lines = [f"src/m{i}.c:{i}: warning: unused variable 'x{i}' [-Wunused-variable]" for i in range(10_000)]
    lines.insert(5_000, "A fatal error occurred: Failed to connect to ESP32: Timed out waiting for packet header")
    d = hd.explain("\n".join(lines))
    assert d.findings and d.findings[0].domain == "bootloader.esp", [f.code for f in d.findings]


def test_a_long_progress_line_keeps_what_the_terminal_shows() -> None:
    progress = "".join(f"Writing at 0x{a:08x}... ({a // 4096} %)\r" for a in range(0, 1200 * 4096, 4096))
    blob = (progress + "A fatal error occurred: Packet content transfer stopped (received 8 bytes)\n").encode()
    assert len(blob) > 3 * 8192
    d = hd.explain_stream(io.BytesIO(blob))
    assert "A fatal error occurred: Packet content transfer stopped" in d.input
    assert d.findings and d.findings[0].domain == "bootloader.esp"


def test_a_line_without_newline_is_cut_and_said() -> None:
    blob = ("x" * 3_000_000 + " avrdude: stk500_recv(): programmer is not responding").encode()
    d = hd.explain_stream(io.BytesIO(blob))
    assert any("cut" in n for n in d.notes)


def test_missing_file_and_empty_input_are_one_line_errors(tmp_path: Path) -> None:
    r = run_cli("explain", "--file", str(tmp_path / "nope.log"))
    assert r.returncode == 2 and "no such file" in one_line_error(r)
    r = run_cli("explain", "--file", str(tmp_path))
    assert r.returncode == 2 and "directory" in one_line_error(r)
    r = run_cli("explain", "-", input=b"")
    assert r.returncode == 2 and "empty" in one_line_error(r)
    r = run_cli("explain", "--file")
    assert r.returncode == 2
    one_line_error(r)


def test_dash_is_no_longer_the_text_dash() -> None:
    r = run_cli("explain", "--json", "-", input=b"curl: (35) error:0A00010B:SSL routines::wrong version number\n")
    doc = _doc(r)
    assert doc["input"] != "-"
    assert doc["findings"][0]["code"] == "tls.not_tls_reply"


def test_the_one_line_fast_path_is_unchanged() -> None:
    r = run_cli("explain", "--json", "0x68")
    doc = _doc(r)
    assert doc["input"] == "0x68" and doc["notes"] == [] or all("skipped" not in n for n in doc["notes"])


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=20_000))
def test_the_reader_never_raises_and_stays_bounded(data: bytes) -> None:
    ev = hd.explain_stream(io.BytesIO(data))  # any bytes: decoded with replacement, never a traceback
    assert len(ev.input) <= MAX_KEPT_CHARS + 64 * 1024
    assert "\x1b" not in ev.input


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["\x1b", "[", "]", "\r", "\n", "\b", "1", ";", "m", "a", "\x07", "\\", " "]), max_size=3000))
def test_escape_soup_is_cleaned(text: str) -> None:
    line, _ = clean_line(text.replace("\n", ""))
    assert "\r" not in line and "\b" not in line


_RSS_PROBE = r"""
import json, resource, subprocess, sys
hsd, size = sys.argv[1], int(sys.argv[2])
p = subprocess.Popen([hsd, "explain", "--json", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
line = b"[0001234] compiling module_17.c -> build/obj_3.o (flags -O2 -Wall)\n"
block = line * (65536 // len(line))
sent = 0
while sent < size:
    if sent >= size // 2 and sent - len(block) < size // 2:
        p.stdin.write(b"avrdude: stk500_recv(): programmer is not responding\n")
    p.stdin.write(block)
    sent += len(block)
p.stdin.close()
out = p.stdout.read()
p.wait()
print(json.dumps({"rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "top": json.loads(out)["findings"][0]["code"]}))
"""


def _max_rss_kb(size: int) -> tuple[int, str]:
    import subprocess
    import sys

    from .clitools import HSDOCTOR

    r = subprocess.run([sys.executable, "-c", _RSS_PROBE, HSDOCTOR, str(size)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    doc = json.loads(r.stdout)
    return doc["rss_kb"], doc["top"]


def test_memory_does_not_grow_with_the_log() -> None:
    """A 1 MB and a 40 MB log on stdin: the peak memory of hsdoctor is the same within a few MB
    (holding the log as one string would add 40 MB or more)."""
    small, top_small = _max_rss_kb(1 << 20)
    big, top_big = _max_rss_kb(40 << 20)
    assert top_small == top_big == "bootloader.avr.no_reply"
    assert big - small < 8 * 1024, (small, big)
