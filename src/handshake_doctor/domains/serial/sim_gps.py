"""An NMEA 0183 GPS receiver, talker side, sans-I/O, and the checksum rule both ends share.

Why a fixed position and clock: tests compare what a host reads with what was sent, so every
sentence must be reproducible; only the UTC field advances one second per fix. Checksum: XOR of
the characters between ``$`` and ``*``, two upper-case hex digits (NMEA 0183 §5.3, from memory;
matches the classic example ``$GPGGA,123519,...*47``).
"""

from __future__ import annotations

from ...device import IGNORED, NOTHING, Codec, Command, Output


def checksum(body: str) -> int:
    value = 0
    for ch in body.encode("ascii"):
        value ^= ch
    return value


def sentence(body: str) -> bytes:
    """``$body*HH\\r\\n``."""
    return f"${body}*{checksum(body):02X}\r\n".encode("ascii")


def verify(line: bytes) -> bool:
    """True if ``line`` is one complete sentence with a correct checksum."""
    s = line.strip()
    if len(s) < 4 or s[:1] not in (b"$", b"!") or s[-3:-2] != b"*":
        return False
    try:
        body = s[1:-3].decode("ascii")
        return int(s[-2:], 16) == checksum(body)
    except (UnicodeDecodeError, ValueError):
        return False


def fix(seconds: int) -> bytes:
    """GGA + RMC for ``seconds`` after 12:35:19 UTC on 23 March 1994 at a fixed place."""
    t = (12 * 3600 + 35 * 60 + 19 + seconds) % 86400
    hhmmss = f"{t // 3600:02d}{t // 60 % 60:02d}{t % 60:02d}"
    gga = f"GPGGA,{hhmmss},4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"
    rmc = f"GPRMC,{hhmmss},A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W"
    return sentence(gga) + sentence(rmc)


class Gps(Codec):
    name = "gps"
    default_baud = 4800
    framing = "8N1"

    def __init__(self, *, period: float = 1.0, baud: int = 4800) -> None:
        self.period = period
        self.default_baud = baud
        self._next: float | None = None
        self._count = 0

    def receive(self, data: bytes) -> Output:
        if not data:
            return NOTHING
        return Output(b"", (Command("input (a GPS talker does not listen)", bytes(data), IGNORED),))

    def tick(self, now: float) -> Output:
        if self._next is not None and now < self._next:
            return NOTHING
        self._next = (now if self._next is None else self._next) + self.period
        if self._next < now:
            self._next = now + self.period
        out = fix(self._count)
        self._count += 1
        return Output(out)
