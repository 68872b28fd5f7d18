"""Rank candidate device rates by forward simulation with the UART line model (:mod:`.line`).

The idea (facts/serial.md §2.5, §5.3): for each candidate device rate R, send typical device
output (a text line, an NMEA sentence) at R, read it at the host rate, and compare the values the
model predicts with the values observed. The rate whose prediction explains the capture best is
tried first. Pure: no I/O. (This was an adapter that probed line.py with getattr while it was
being written; it calls it directly now.)
"""

from __future__ import annotations

from collections import Counter

from ...framing import Framing
from .line import LineSettings, delivered, transmit

#: What devices print on their own: a console line and an NMEA sentence (facts/serial.md §2.2).
REFERENCE_OUTPUT = (
    b"Booting... console ready, build 1.2.3\r\n",
    b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n",
)


def predicted(device_rate: int, host_rate: int, framing: Framing = Framing()) -> bytes:
    """What a host at ``host_rate`` reads from a device printing REFERENCE_OUTPUT at ``device_rate``."""
    tx, rx = LineSettings(device_rate, framing), LineSettings(host_rate, framing)
    return b"".join(delivered(transmit(ref, tx, rx)) for ref in REFERENCE_OUTPUT)


def score(observed: bytes, prediction: bytes) -> float:
    """Overlap of value distributions (0..1): how much of each side the other explains."""
    if not observed or not prediction:
        return 0.0
    a, b = Counter(observed), Counter(prediction)
    na, nb = len(observed), len(prediction)
    explained = sum(c for v, c in a.items() if v in b) / na
    used = sum(c for v, c in b.items() if v in a) / nb
    return explained * used


def rank_rates(observed: bytes, host_rate: int, candidates: list[int], framing: Framing = Framing()) -> list[tuple[int, float]]:
    """Candidates ordered by how well their forward prediction matches, best first (empty
    without observed bytes)."""
    if not observed:
        return []
    ranked = [(rate, score(observed, predicted(rate, host_rate, framing))) for rate in candidates if rate != host_rate]
    ranked.sort(key=lambda rs: -rs[1])
    return ranked
