"""Saleae Logic 2 exports: the digital binary format (version 0: ``<SALEAE>``, int32 version,
int32 type 0, uint32 initial_state, double begin_time, double end_time, uint64 num_transitions,
then a double per transition; little endian: Saleae's "Binary Export Format - Version 0"), and
the digital CSV export (``Time [s],Channel 0,...``, one row per change)."""

from __future__ import annotations

import csv
import struct

import numpy as np

from ..errors import UsageError
from .capture import Channel, LogicCapture, MAX_EDGES, from_timestamps

MAGIC = b"<SALEAE>"
RESOLUTION = 1e-9  # seconds: the grid transition times are placed on


def is_binary(head: bytes) -> bool:
    return head.startswith(MAGIC)


def is_csv(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].decode("latin-1").strip().lower()
    return first.startswith("time [s]") or first.startswith("time[s]") or first.startswith('"time [s]"')


def read_binary(path: str) -> LogicCapture:
    with open(path, "rb") as fh:
        head = fh.read(44)
        if not head.startswith(MAGIC):
            raise UsageError(f"{path}: not a Saleae binary export")
        if len(head) < 16:
            raise UsageError(f"{path}: truncated Saleae header")
        version, kind = struct.unpack_from("<ii", head, 8)
        if kind != 0:
            raise UsageError(f"{path}: a Saleae analog export (type {kind}); export the digital channel")
        if version != 0:
            raise UsageError(f"{path}: Saleae binary export version {version}; only version 0 is read (export as CSV instead)")
        if len(head) < 44:
            raise UsageError(f"{path}: truncated Saleae header")
        initial, begin, end, count = struct.unpack_from("<Iddq", head, 16)
        if not 0 <= count <= MAX_EDGES:
            raise UsageError(f"{path}: absurd transition count {count}")
        data = fh.read(8 * count)
    times = np.frombuffer(data[: len(data) - len(data) % 8], dtype="<f8")
    notes = [] if times.size == count else [f"truncated: {times.size} of {count} transitions read"]
    ch = from_timestamps("channel", initial, times - begin, RESOLUTION)
    return LogicCapture(f"{path} (Saleae binary export)", 1.0 / RESOLUTION, max(1, int(round((end - begin) / RESOLUTION))), [ch], notes)


def read_csv(path: str) -> LogicCapture:
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        rows = csv.reader(fh)
        header = next(rows, None)
        if not header or len(header) < 2:
            raise UsageError(f"{path}: a CSV without channel columns")
        names = [h.strip() for h in header[1:]]
        times: list[list[float]] = [[] for _ in names]
        initial = [1] * len(names)
        level: list[int | None] = [None] * len(names)
        t0: float | None = None
        last = 0.0
        for n, row in enumerate(rows, start=2):
            if len(row) != len(header):
                raise UsageError(f"{path}: line {n} has {len(row)} columns, the header {len(header)}")
            try:
                t = float(row[0])
                values = [int(v) for v in row[1:]]
            except ValueError:
                raise UsageError(f"{path}: line {n} is not 'time,level,...' ({','.join(row)[:60]!r})") from None
            if t0 is None:
                t0 = t
            if t < last:
                raise UsageError(f"{path}: time goes backwards at line {n}")
            last = t
            for i, v in enumerate(values):
                if v not in (0, 1):
                    raise UsageError(f"{path}: line {n}: level {v} is not 0 or 1")
                if level[i] is None:
                    initial[i], level[i] = v, v
                elif v != level[i]:
                    times[i].append(t - t0)
                    level[i] = v
            if sum(len(x) for x in times) > MAX_EDGES:
                raise UsageError(f"{path}: more than {MAX_EDGES} transitions")
    if t0 is None:
        raise UsageError(f"{path}: the CSV holds no samples")
    channels = [from_timestamps(names[i], initial[i], times[i], RESOLUTION) for i in range(len(names))]
    return LogicCapture(f"{path} (Saleae CSV export)", 1.0 / RESOLUTION, max(1, int(round((last - t0) / RESOLUTION))), channels)
