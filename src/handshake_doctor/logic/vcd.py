"""Value Change Dump (IEEE 1364 §18): ``$timescale``, ``$var wire 1 ID name $end``, then ``#time``
and value changes (``0!``, ``1!``, ``b1 !``). Any timescale; 1-bit variables only (a UART line is
one wire). Read line by line, so memory follows the number of transitions, not the file."""

from __future__ import annotations

import re

import numpy as np

from ..errors import UsageError
from .capture import Channel, LogicCapture

SCALE = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12, "fs": 1e-15}
MAX_LINE = 1 << 16


def is_vcd(head: bytes) -> bool:
    text = head.lstrip()[:2000].decode("latin-1")
    return text.startswith("$") and any(k in text for k in ("$timescale", "$var", "$date", "$version", "$scope"))


def read(path: str) -> LogicCapture:
    resolution: float | None = None
    names: dict[str, str] = {}
    initial: dict[str, int] = {}
    edges: dict[str, list[int]] = {}
    level: dict[str, int] = {}
    now = 0
    last_time = 0
    in_header = True
    header_text = []
    with open(path, "rb") as fh:
        for raw in fh:
            if len(raw) > MAX_LINE:
                raise UsageError(f"{path}: a VCD line longer than {MAX_LINE} bytes")
            line = raw.decode("latin-1").strip()
            if not line:
                continue
            if in_header:
                header_text.append(line)
                if "$enddefinitions" in line:
                    in_header = False
                    head = " ".join(header_text)
                    m = re.search(r"\$timescale\s+(\d+)\s*(s|ms|us|ns|ps|fs)\s+\$end", head)
                    resolution = (int(m.group(1)) * SCALE[m.group(2)]) if m else 1e-9
                    for w, ident, name in re.findall(r"\$var\s+\w+\s+(\d+)\s+(\S+)\s+(\S+)(?:\s+\[[^\]]*\])?\s+\$end", head):
                        if w == "1" and ident not in names:
                            names[ident] = name
                            edges[ident] = []
                continue
            if line[0] == "#":
                try:
                    now = int(line[1:].split()[0])
                except (ValueError, IndexError):
                    raise UsageError(f"{path}: unreadable VCD time {line[:40]!r}") from None
                if now < last_time:
                    raise UsageError(f"{path}: VCD time goes backwards at #{now}")
                last_time = now
                continue
            if line[0] in "01xXzZ" and len(line) > 1:
                ident, value = line[1:], line[0]
            elif line[0] in "bB" and " " in line:
                bits, ident = line[1:].split(None, 1)
                value = bits[-1:]
            else:
                continue  # $dumpvars, $end, reals: nothing a UART line needs
            if ident not in names or value not in "01":
                continue
            v = int(value)
            if ident not in level:
                initial[ident] = v
                level[ident] = v
            elif v != level[ident]:
                edges[ident].append(now)
                level[ident] = v
    if resolution is None:
        raise UsageError(f"{path}: no $enddefinitions: not a complete VCD file")
    if not names:
        raise UsageError(f"{path}: the VCD declares no 1-bit wire")
    channels = [Channel(names[i], initial.get(i, 1), np.asarray(edges[i], dtype=np.int64)) for i in names]
    return LogicCapture(f"{path} (VCD, timescale {resolution:g} s)", 1.0 / resolution, max(last_time, 1), channels)
