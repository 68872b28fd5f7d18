"""Line errors made visible: decode what a Linux reader with INPCK and PARMRK set receives (pure).

Why: pyserial's default termios hides framing errors, parity errors and breaks (the byte just
arrives), yet they are the best evidence of a wrong rate or framing (facts/serial.md §2.3). With
INPCK and PARMRK set and IGNPAR, ISTRIP, IGNBRK and BRKINT clear, n_tty marks them in the byte
stream (drivers/tty/n_tty.c, n_tty_receive_parity_error; termios(3) on PARMRK):

* a frame with a framing or parity error arrives as ``FF 00 x`` (``x`` its value);
* a BREAK arrives as ``FF 00 00``;
* a clean data byte ``FF`` arrives doubled, ``FF FF``.

Nothing here touches a port; the transport sets the flags (``SerialPort.mark_errors``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unmarked:
    values: bytes  # every frame's value, as an unmarked reader would get it
    errors: frozenset[int]  # indices into ``values`` of frames in error (FE, PE or BREAK)

    @property
    def error_share(self) -> float:
        return len(self.errors) / len(self.values) if self.values else 0.0


def unmark(stream: bytes) -> Unmarked:
    """Split a PARMRK stream into values and error positions. Never raises; a mark cut off at the
    end of a capture counts as the byte it starts with."""
    values = bytearray()
    errors: set[int] = set()
    i, n = 0, len(stream)
    while i < n:
        b = stream[i]
        if b != 0xFF or i + 1 >= n:
            values.append(b)
            i += 1
        elif stream[i + 1] == 0xFF:
            values.append(0xFF)
            i += 2
        elif stream[i + 1] == 0x00 and i + 2 < n:
            errors.add(len(values))
            values.append(stream[i + 2])
            i += 3
        else:  # not a mark n_tty would produce: keep the byte as it came
            values.append(b)
            i += 1
    return Unmarked(bytes(values), frozenset(errors))


def parity_from_errors(values: bytes, errors: frozenset[int], min_each: int = 2, min_total: int = 6) -> str:
    """``"E"`` or ``"O"`` when the errors fall exactly on the characters a parity bit would break.

    A device sending 8E1 to a host reading 8N1 at the same rate puts its parity bit where the
    host expects the stop bit. Even parity makes that bit 0 - a framing error - exactly on the
    characters with an even number of 1 bits; odd parity on those with an odd number. Random
    errors match this split with probability 2^-n, so one short line (``hello\r\n``: two clean
    characters, five in error) settles it; the probe still confirms by listening at that
    framing. Empty when the pattern is not there."""
    if len(errors) < min_each or len(values) - len(errors) < min_each or len(values) < min_total:
        return ""
    bad = [values[i] for i in errors if i < len(values)]
    good = [v for i, v in enumerate(values) if i not in errors]

    def even(v: int) -> bool:
        return bin(v).count("1") % 2 == 0

    bad_even = sum(even(v) for v in bad) / len(bad)
    good_even = sum(even(v) for v in good) / len(good)
    if bad_even >= 0.95 and good_even <= 0.05:
        return "E"
    if bad_even <= 0.05 and good_even >= 0.95:
        return "O"
    return ""
