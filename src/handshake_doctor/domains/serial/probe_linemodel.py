"""Rank candidate device rates by forward simulation with the UART line model, when it exists.

Why an adapter: ``domains/serial/line.py`` (bit-level UART physics) is written in parallel;
this module is the only place that knows its announced API (``Framing.parse``,
``LineSettings(baud, framing)``, ``transmit(data, tx, rx) -> frames``, ``delivered(frames)``).
Until it lands, or if its API differs, :func:`rank_rates` returns None and the probe falls back
on the ratio signatures of :mod:`.probe_passive`.

The idea (facts/serial.md §2.5, §5.3): for each candidate device rate R, send typical device
output (a text line, an NMEA sentence) at R, read it at the host rate, and compare the values the
model predicts with the values observed. The rate whose prediction explains the capture best is
tried first. Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter

#: What devices print on their own: a console line and an NMEA sentence (facts/serial.md §2.2).
REFERENCE_OUTPUT = (
    b"Booting... console ready, build 1.2.3\r\n",
    b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n",
)


def _line():  # type: ignore[no-untyped-def]
    try:
        from . import line  # type: ignore[attr-defined]
    except ImportError:
        return None
    needed = ("Framing", "LineSettings", "transmit", "delivered")
    return line if all(hasattr(line, n) for n in needed) else None


def available() -> bool:
    return _line() is not None


def predicted(device_rate: int, host_rate: int, framing: str = "8N1") -> bytes | None:
    """What a host at ``host_rate`` reads from a device printing REFERENCE_OUTPUT at ``device_rate``."""
    line = _line()
    if line is None:
        return None
    try:
        fr = line.Framing.parse(framing)
        tx = line.LineSettings(device_rate, fr)
        rx = line.LineSettings(host_rate, fr)
        out = b""
        for ref in REFERENCE_OUTPUT:
            out += bytes(line.delivered(line.transmit(ref, tx, rx)))
        return out
    except Exception:  # an API drift in the parallel module must not break a probe
        return None


def score(observed: bytes, prediction: bytes) -> float:
    """Overlap of value distributions (0..1): how much of each side the other explains."""
    if not observed or not prediction:
        return 0.0
    a, b = Counter(observed), Counter(prediction)
    na, nb = len(observed), len(prediction)
    explained = sum(c for v, c in a.items() if v in b) / na
    used = sum(c for v, c in b.items() if v in a) / nb
    return explained * used


def rank_rates(observed: bytes, host_rate: int, candidates: list[int], framing: str = "8N1") -> list[tuple[int, float]] | None:
    """Candidates ordered by how well their forward prediction matches, best first; None without
    the line model."""
    if not available() or not observed:
        return None
    ranked: list[tuple[int, float]] = []
    for rate in candidates:
        if rate == host_rate:
            continue
        pred = predicted(rate, host_rate, framing)
        if pred is None:
            return None
        ranked.append((rate, score(observed, pred)))
    ranked.sort(key=lambda rs: -rs[1])
    return ranked
