"""The scan's JSON-lines store: append-only, whole lines, resumable after any kill.

Why these rules: a scan of thousands of endpoints is killed (Ctrl-C, OOM killer, SIGKILL, a
reboot) and run again. Each record is one ``os.write`` of one complete line on a file opened
with O_APPEND, so a kill between writes leaves whole lines, and what ``write`` accepted survives
the process (the page cache belongs to the kernel). ``fsync`` runs at most once a second and at
the end (``fsync="always"`` after every line), bounding what a power cut can take. A torn last
line (a write cut by a full disk or a crash of the machine) is cut off on resume, so that its
target is scanned again and the file stays valid JSON lines.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from typing import Any, Iterator

FSYNC_EVERY_S = 1.0
MAX_RECORD_BYTES = 1 << 20  # a record (one line) longer than this is not ours: skipped on read


@dataclass
class Resumed:
    done: set[str] = field(default_factory=set)
    torn_bytes: int = 0  # bytes cut off the end (a torn last line)
    bad_lines: int = 0  # complete lines that are not a scan record (left in place, ignored)


def _records(path: str) -> Iterator[tuple[int, bytes]]:
    """(offset just past the line, line) for each complete line; the torn tail is not yielded."""
    with open(path, "rb") as fh:
        while True:
            line = fh.readline(MAX_RECORD_BYTES + 1)
            if not line:
                return
            if not line.endswith(b"\n"):
                if len(line) <= MAX_RECORD_BYTES:
                    return  # the end of the file without a newline: a torn tail
                while True:  # an overlong line: skip to its end without holding it
                    more = fh.readline(1 << 16)
                    if not more:
                        return
                    if more.endswith(b"\n"):
                        break
                yield fh.tell(), b"?"
                continue
            yield fh.tell(), line


def read_records(path: str) -> Iterator[dict[str, Any]]:
    """Every complete scan record of the file, in order (streamed; a torn tail is ignored)."""
    if not os.path.exists(path):
        return
    for _off, line in _records(path):
        rec = _parse(line)
        if rec is not None:
            yield rec


def _parse(line: bytes) -> dict[str, Any] | None:
    if not line.strip():
        return None
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    if not isinstance(rec, dict) or not isinstance(rec.get("scan"), dict) or not isinstance(rec["scan"].get("target"), str):
        return None
    return rec


def resume(path: str) -> Resumed:
    """What is already done in ``path``; cuts a torn last line off the file."""
    out = Resumed()
    if not os.path.exists(path):
        return out
    good_end = 0
    for off, line in _records(path):
        good_end = off
        rec = _parse(line)
        if rec is None:
            if line.strip():
                out.bad_lines += 1
            continue
        out.done.add(rec["scan"]["target"])
    size = os.path.getsize(path)
    if size > good_end:
        out.torn_bytes = size - good_end
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
    return out


class JsonlWriter:
    """Appends one record per call, as one write of one whole line."""

    def __init__(self, path: str, fsync: str = "batch") -> None:
        if fsync not in ("always", "batch", "never"):
            raise ValueError("fsync must be always, batch or never")
        self.path = path
        self.fsync = fsync
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._last_sync = time.monotonic()
        self.written = 0

    def write(self, record: dict[str, Any]) -> None:
        data = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:  # a regular file takes it in one write; a short write (disk full) is finished or raises
            n = os.write(self.fd, view)
            view = view[n:]
        self.written += 1
        now = time.monotonic()
        if self.fsync == "always" or (self.fsync == "batch" and now - self._last_sync >= FSYNC_EVERY_S):
            os.fsync(self.fd)
            self._last_sync = now

    def close(self) -> None:
        if self.fd >= 0:
            if self.fsync != "never":
                os.fsync(self.fd)
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
