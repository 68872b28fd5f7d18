"""The target list reader: lines or CSV, bad lines by number, duplicates merged, bounded memory."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import tracemalloc

from handshake_doctor.scan.targets import MAX_BAD_KEPT, MAX_LINE_BYTES, read_targets

from .conftest import run_scan, scan_cmd, scan_env

SCHEMES = {"https", "tls", "tcp", "serial"}


def read(text: bytes):  # type: ignore[no-untyped-def]
    return read_targets(io.BytesIO(text), SCHEMES)


def test_lines_comments_blanks_duplicates_and_bare_host_port() -> None:
    tl = read(b"# fleet\n\nhttps://a.example/\n  tls://b.example:8443  \nc.example:993\nd.example\n[::1]:443\n"
              b"https://a.example/\nc.example:993\ntcp://e.example:25\n")
    assert tl.targets == ["https://a.example/", "tls://b.example:8443", "tls://c.example:993",
                          "tls://[::1]:443", "tcp://e.example:25"]
    assert tl.lines == [3, 4, 5, 7, 10]
    assert tl.duplicates == 2 and tl.bad_count == 1 and tl.bad[0].line == 6 and "needs a port" in tl.bad[0].why


def test_bad_lines_are_reported_with_their_number_and_do_not_stop_the_list() -> None:
    tl = read(b"tls://ok.example:1\nnot a target\nftp://x.example/\ntcp://noport.example\nhost:99999\n\xff\xfe\nuser:pw@h:1\ntls://ok2.example:2\n")
    assert tl.targets == ["tls://ok.example:1", "tls://ok2.example:2"]
    assert [b.line for b in tl.bad] == [2, 3, 4, 5, 6, 7]
    assert "unknown scheme 'ftp'" in tl.bad[1].why and "needs a port" in tl.bad[2].why and "UTF-8" in tl.bad[4].why


def test_csv_with_a_target_column() -> None:
    tl = read(b"name,target,owner\nweb,https://w.example/,ops\n# skipped\ndb,\"db.example:5432\",dba\nbroken,,x\nweb2,https://w.example/,ops\n")
    assert tl.csv and tl.targets == ["https://w.example/", "tls://db.example:5432"]
    assert [b.line for b in tl.bad] == [5] and tl.duplicates == 1


def test_an_overlong_line_is_skipped_unread_and_the_next_line_counts() -> None:
    tl = read(b"tls://a.example:1\n" + b"x" * (MAX_LINE_BYTES * 50) + b"\ntls://b.example:2\n")
    assert tl.targets == ["tls://a.example:1", "tls://b.example:2"]
    assert tl.bad[0].line == 2 and "longer than" in tl.bad[0].why


def test_100k_lines_in_bounded_memory() -> None:
    data = b"".join(b"tls://host%d.example:%d\n" % (i, 1 + i % 60000) for i in range(100_000))
    tracemalloc.start()
    t0 = time.monotonic()
    tl = read_targets(io.BytesIO(data), SCHEMES)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(tl.targets) == 100_000 and tl.bad_count == 0
    assert peak < 40 * 1024 * 1024, peak  # the distinct targets (about 6 MB of text) and their set
    assert time.monotonic() - t0 < 60  # a bound against an unbounded loop, not a speed test


def test_bad_lines_kept_are_capped() -> None:
    tl = read(b"".join(b"garbage %d\n" % i for i in range(5000)))
    assert tl.bad_count == 5000 and len(tl.bad) == MAX_BAD_KEPT and not tl.targets


def test_empty_file_is_a_clear_usage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    r = run_scan(str(f))
    assert r.returncode == 2 and b"no target in" in r.stderr and b"Traceback" not in r.stderr
    r = run_scan(str(tmp_path / "missing.txt"))
    assert r.returncode == 2 and b"cannot be read" in r.stderr


def test_one_gigabyte_of_garbage_on_stdin_ends_with_a_report_in_bounded_memory() -> None:
    """1 GiB of random bytes with a newline now and then, piped to ``hsdoctor scan -``."""
    chunk = bytearray(os.urandom(1 << 20).replace(b"\n", b"\x00"))
    step = 1
    i = 0
    while i < len(chunk) - 1:  # lines of 1 byte up to 64 KiB (over the cap), each with a NUL: never a target
        chunk[i], chunk[i + 1] = 10, 0
        i += step
        step = step * 2 if step < 65536 else 1
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.Popen(scan_cmd("-"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=scan_env())
    assert p.stdin is not None
    try:
        for _ in range(1024):
            p.stdin.write(chunk)
    except BrokenPipeError:
        pass
    finally:
        p.stdin.close()
        p.stdin = None  # communicate() must not flush it again
    _out, err = p.communicate(timeout=300)
    assert p.returncode == 2, err[-500:]
    assert b"no target in <stdin>" in err and b"Traceback" not in err
    lines = chunk.count(b"\n") * 1024 + (0 if chunk.endswith(b"\n") else 1)
    assert f"({lines} line(s) read, ".encode() in err, err[-300:]  # every byte was read (blank lines are not bad)
    assert b"more bad line(s) not shown" in err and err.count(b"\n") < 40  # the report itself is bounded
    rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert rss_kib < 150 * 1024 or rss_kib <= before, rss_kib  # KiB on Linux; the interpreter alone is ~40 MB


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=200), st.text(max_size=80).map(str.encode),
                          st.sampled_from([b"tls://h.example:1", b"h.example:2", b"target,x", b"# c", b""])), max_size=30))
def test_any_bytes_give_targets_or_numbered_bad_lines(parts: list[bytes]) -> None:
    data = b"\n".join(parts)
    tl = read(data)
    assert len(tl.targets) == len(set(tl.targets)) == len(tl.lines)
    assert all("://" in t and not any(c.isspace() for c in t) for t in tl.targets)
    assert all(1 <= b.line <= tl.lines_read for b in tl.bad) and tl.bad_count >= len(tl.bad)
    assert tl.lines_read <= data.count(b"\n") + 1
