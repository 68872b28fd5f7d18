"""sigrok session files (``.sr``): a zip with ``metadata`` (INI), ``logic-1[-N]`` sample chunks
(``unitsize`` bytes per sample, probe n = bit n-1) and ``analog-1-P-N`` chunks (float32 LE).

Facts from libsigrok's session-file format (src/output/srzip.c, src/input/... at 0.5.x): the
``[device 1]`` section names ``capturefile``, ``samplerate`` ("1 MHz", "500 kHz" or plain Hz),
``total probes``, ``probeN`` names, ``unitsize`` and ``total analog`` with ``analogN`` names;
old files (0.2.x) write ``key = value`` with spaces and one chunk file named ``logic-1``.
Chunks are read in blocks, so memory is bounded by the block size, not the capture.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from typing import IO

import numpy as np

from ..errors import UsageError
from .capture import Channel, EdgeBuilder, LogicCapture, WordEdges

BLOCK = 8 << 20  # bytes read from a chunk at a time
MAX_UNCOMPRESSED = 16 << 30  # a zip bomb is refused before it is inflated
UNITS = {"hz": 1.0, "khz": 1e3, "mhz": 1e6, "ghz": 1e9}


def is_sigrok(head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04"


def parse_samplerate(text: str) -> float:
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kMG]?Hz)?\s*", text, re.IGNORECASE)
    if not m:
        raise UsageError(f"sigrok metadata: unreadable samplerate {text!r}")
    rate = float(m.group(1)) * UNITS[(m.group(2) or "Hz").lower()]
    if not 0 < rate <= 1e11:
        raise UsageError(f"sigrok metadata: samplerate {text!r} out of range")
    return rate


def _metadata(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif "=" in line and section.startswith("device"):
            k, v = line.split("=", 1)
            out.setdefault(k.strip().lower(), v.strip())
    return out


def _chunk_key(name: str) -> int:
    tail = name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _chunks(zf: zipfile.ZipFile, prefix: str) -> list[zipfile.ZipInfo]:
    """``logic-1`` alone, or ``logic-1-1``, ``logic-1-2``... in numeric order."""
    infos = [i for i in zf.infolist() if i.filename == prefix or re.fullmatch(re.escape(prefix) + r"-\d+", i.filename)]
    return sorted(infos, key=lambda i: (i.filename != prefix, _chunk_key(i.filename)))


def _blocks(fh: IO[bytes], align: int) -> "list[bytes]":
    rest = b""
    while True:
        data = fh.read(BLOCK - BLOCK % align)
        if not data:
            break
        data = rest + data
        cut = len(data) - len(data) % align
        rest = data[cut:]
        yield data[:cut]  # type: ignore[misc]


def read(path: str) -> LogicCapture:
    """The session, or one UsageError line for a file that is damaged anywhere inside."""
    try:
        return _read(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, KeyError, OSError) as exc:
        raise UsageError(f"{path}: a damaged sigrok session: {type(exc).__name__}: {exc}") from None


def _read(path: str) -> LogicCapture:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"{path}: not a readable sigrok session (zip): {exc}") from None
    with zf:
        if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED:
            raise UsageError(f"{path}: the session would inflate to more than {MAX_UNCOMPRESSED >> 30} GiB")
        try:
            meta = _metadata(zf.read("metadata").decode("utf-8", "replace"))
        except KeyError:
            raise UsageError(f"{path}: a zip without sigrok 'metadata': not a sigrok session") from None
        rate = parse_samplerate(meta.get("samplerate", ""))
        capture = meta.get("capturefile", "logic-1")
        unit = int(meta.get("unitsize", "1") or 1)
        if not 1 <= unit <= 8:
            raise UsageError(f"{path}: unitsize {unit} out of range")
        total = int(meta.get("total probes", "0") or 0)
        names = {n: meta.get(f"probe{n}", "") for n in range(1, min(total, unit * 8) + 1)}
        names = {n: v for n, v in names.items() if v}
        channels: list[Channel] = []
        n_samples = 0
        notes: list[str] = []
        if names:
            words = WordEdges(unit, {n - 1: v for n, v in names.items()})
            for info in _chunks(zf, capture):
                with zf.open(info) as fh:
                    for block in _blocks(fh, unit):
                        words.feed(block)
            n_samples = words.offset
            channels.extend(words.channels())
        for a in range(1, int(meta.get("total analog", "0") or 0) + 1):
            name = meta.get(f"analog{a + total}", meta.get(f"analog{a}", f"analog {a}"))
            infos = [i for i in zf.infolist() if re.fullmatch(rf"analog-1-{a + total}-\d+|analog-1-{a}-\d+", i.filename)]
            if not infos:
                continue
            values = [np.frombuffer(zf.read(i)[: i.file_size - i.file_size % 4], dtype="<f4") for i in sorted(infos, key=lambda i: _chunk_key(i.filename))]
            v = np.concatenate(values) if values else np.zeros(0, dtype=np.float32)
            if v.size == 0:
                continue
            lo, hi = float(np.percentile(v, 5)), float(np.percentile(v, 95))
            b = EdgeBuilder(name, analog=True)
            b.feed((v > (lo + hi) / 2).astype(np.int8))
            channels.append(b.channel())
            n_samples = max(n_samples, int(v.size))
            notes.append(f"analog channel {name} thresholded at {(lo + hi) / 2:.3g} (between its 5th and 95th percentiles)")
        if not channels:
            raise UsageError(f"{path}: the sigrok session names no logic or analog channel")
        return LogicCapture(f"{path} (sigrok session)", rate, n_samples, channels, notes)
