"""IEC 62056-21 (formerly IEC 61107): the optical "D0" port of electricity meters, sans-I/O.

Why it matters for "what am I talking to?": an optical head (or a meter's RS-485 port in the
same protocol) starts every session at 300 baud, 7 data bits, even parity, and answers nothing
until it gets the sign-on request ``/?!`` CR LF. A host at 9600 8N1 - the usual default - sees
silence; a host at 300 8N1 sees its text with bit 7 set on half the characters. The
identification reply names the maker and the fastest rate the meter offers.

Only the sign-on is modelled for the probe: it reads, it changes nothing. The acknowledgement
that follows in a real session (ACK V Z Y) switches the rate and may enter programming mode
(Y = 1), so the probe never sends it; the simulator refuses programming mode.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "IEC 62056-21:2002 §6.3 (request and identification messages), §6.4.5 (mode C, 300 baud 7E1 start)"

START, REQUEST, END = b"/", b"?", b"!"
CRLF = b"\r\n"
ACK = 0x06
INITIAL_BAUD = 300
INITIAL_FRAMING = "7E1"
MAX_IDENT = 16  # characters after the baud letter (§6.3.2)

#: Baud rate identification character (the 5th character of the identification message).
#: (character, protocol mode, baud rate, source)
BAUD_CHARS: tuple[tuple[str, str, int, str], ...] = (
    ("0", "C", 300, SOURCE),
    ("1", "C", 600, SOURCE),
    ("2", "C", 1200, SOURCE),
    ("3", "C", 2400, SOURCE),
    ("4", "C", 4800, SOURCE),
    ("5", "C", 9600, SOURCE),
    ("6", "C", 19200, SOURCE),
    ("A", "B", 600, SOURCE),
    ("B", "B", 1200, SOURCE),
    ("C", "B", 2400, SOURCE),
    ("D", "B", 4800, SOURCE),
    ("E", "B", 9600, SOURCE),
    ("F", "B", 19200, SOURCE),
)
_BY_CHAR = {c: (mode, baud) for c, mode, baud, _ in BAUD_CHARS}


def request(address: str = "") -> bytes:
    """The sign-on request; ``address`` selects one meter on a shared bus (empty: any meter)."""
    if any(not (ch.isalnum() or ch == " ") for ch in address) or len(address) > 32:
        raise ValueError("an IEC 62056-21 device address is up to 32 letters, digits and spaces")
    return START + REQUEST + address.encode("ascii") + END + CRLF


@dataclass(frozen=True)
class Identification:
    """The meter's answer to the sign-on: ``/XXXZ<identification>`` CR LF."""

    manufacturer: str  # three letters (FLAG association); a lower-case third letter: 20 ms reaction time
    baud_char: str
    mode: str  # "C", "B" or "A" (A: no rate change offered)
    max_baud: int  # the rate the meter offers after the acknowledgement (300 in mode A)
    ident: str
    enhanced: str  # "\\2" and the like after Z: mode E (binary, DLMS/HDLC) capability
    fast_reaction: bool

    @property
    def summary(self) -> str:
        offer = f"mode {self.mode}, offers {self.max_baud} baud" if self.mode != "A" else "mode A (no rate change)"
        return f"manufacturer {self.manufacturer}, identification {self.ident!r}, {offer}"


def parse_identification(data: bytes) -> Identification | None:
    """The identification message in ``data`` (the first ``/`` that starts one), or None.

    Tolerant of what precedes it (an echo of the request on a half-duplex optical head, noise)
    and strict about its own shape: three letters, a baud character, printable text, CR LF."""
    pos = 0
    for _ in range(8):  # bounded: a flood of '/' cannot make this loop long
        at = data.find(START, pos)
        if at < 0:
            return None
        line_end = data.find(CRLF, at)
        if line_end < 0:
            return None
        found = _identification(data[at + 1:line_end])
        if found is not None:
            return found
        pos = at + 1
    return None


def _identification(body: bytes) -> Identification | None:
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return None
    if len(text) < 5 or not text[:3].isalpha() or not all(ch.isprintable() for ch in text):
        return None
    if text.startswith("?"):  # our own request echoed back
        return None
    maker, z, rest = text[:3], text[3], text[4:]
    enhanced = ""
    if rest.startswith("\\") and len(rest) >= 2:
        enhanced, rest = rest[:2], rest[2:]
    if not rest or len(rest) > MAX_IDENT:
        return None
    mode, baud = _BY_CHAR.get(z, ("A", INITIAL_BAUD))
    if mode == "A" and (z in "/!" or z.isdigit()):
        return None
    return Identification(maker.upper(), z, mode, baud, rest, enhanced, maker[2].islower())


def identification(manufacturer: str, baud_char: str, ident: str, enhanced: str = "") -> bytes:
    """Build an identification message (the simulator's answer)."""
    if len(manufacturer) != 3 or not manufacturer.isalpha() or not 1 <= len(ident) <= MAX_IDENT:
        raise ValueError("manufacturer: 3 letters; identification: 1-16 characters")
    return START + (manufacturer + baud_char + enhanced + ident).encode("ascii") + CRLF


def acknowledgement(data: bytes) -> tuple[str, str, str] | None:
    """``ACK V Z Y`` CR LF -> (V protocol control, Z baud char, Y mode: 0 readout, 1 programming, 2 binary)."""
    if len(data) >= 6 and data[0] == ACK and data[4:6] == CRLF:
        v, z, y = (chr(b) for b in data[1:4])
        return v, z, y
    return None
