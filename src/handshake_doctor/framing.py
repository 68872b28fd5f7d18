"""Framing: data bits, parity and stop bits of a UART line (8N1, 8E1, 7E1, 8N2). Pure.

Why one type in the core: the line model (domains/serial/line.py), the probe's target parser
and the serial transport each had their own framing class; a value of one could not be handed
to the other without taking it apart. Now the transport, the line model, the simulators' line
physics and the probe all pass this one value.
"""

from __future__ import annotations

from .errors import UsageError
from .record import record

PARITIES = "NEOMS"
_STOP_TEXT = {"1": 1.0, "1.5": 1.5, "2": 2.0}
_STOPS = (1.0, 1.5, 2.0)


class FramingError(UsageError, ValueError):
    """A framing that is no framing: a usage error on the command line, a ValueError to code."""


@record(frozen=True)
class Framing:
    data_bits: int = 8
    parity: str = "N"
    stop_bits: float = 1.0

    def __post_init__(self) -> None:
        if self.data_bits not in (5, 6, 7, 8) or isinstance(self.data_bits, bool):
            raise FramingError(f"data bits must be 5-8, not {self.data_bits!r}")
        if not isinstance(self.parity, str) or self.parity not in tuple(PARITIES):
            raise FramingError(f"parity must be one of N E O M S, not {self.parity!r}")
        if self.stop_bits not in _STOPS or isinstance(self.stop_bits, bool):
            raise FramingError(f"stop bits must be 1, 1.5 or 2, not {self.stop_bits!r}")

    @classmethod
    def parse(cls, text: str) -> "Framing":
        """'8N1', '8E1', '7E1', '8N2', '5N1', '8O1', '8M1', '8S1', '8N1.5' (case-insensitive)."""
        t = str(text).strip().upper()
        if len(t) < 3 or t[0] not in "5678" or t[1] not in PARITIES:
            raise FramingError(f"framing {text!r} is not like 8N1 (data bits 5-8, parity N/E/O/M/S, stop bits 1/1.5/2, e.g. 8N1 or 8E1)")
        if t[2:] not in _STOP_TEXT:
            raise FramingError(f"framing {text!r} has no valid stop bits (1, 1.5 or 2)")
        return cls(int(t[0]), t[1], _STOP_TEXT[t[2:]])

    @property
    def parity_bits(self) -> int:
        return 0 if self.parity == "N" else 1

    @property
    def bits_per_frame(self) -> float:
        return 1 + self.data_bits + self.parity_bits + self.stop_bits

    @property
    def plain(self) -> bool:
        """8N1-like: 8 data bits, no parity (what a pty can carry)."""
        return self.data_bits == 8 and self.parity == "N"

    def __str__(self) -> str:
        stop = int(self.stop_bits) if self.stop_bits != 1.5 else 1.5
        return f"{self.data_bits}{self.parity}{stop}"
