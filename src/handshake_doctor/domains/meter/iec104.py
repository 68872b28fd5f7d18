"""IEC 60870-5-104 APCI (telecontrol over TCP, port 2404): pure codec.

Every APDU starts ``68 L`` followed by four control octets; L (4..253) counts the control
octets plus the ASDU. The low bits of the first control octet pick the format
(IEC 60870-5-104 §5): ``xxxxxxx0`` I-format (numbered information, carries an ASDU),
``xxxxxx01`` S-format (supervisory acknowledge), ``xxxxxx11`` U-format (unnumbered control:
STARTDT/STOPDT/TESTFR act and con). A client that connects and sends nothing sees nothing: the
controlled station waits for STARTDT act before it sends data, which is the usual "silent 2404".
"""

from __future__ import annotations

from ...record import record
from .framing import EMPTY, INCOMPLETE, Decoder, Problem, as_bytes

START = 0x68
STARTS = bytes((START,))
MAX_LENGTH = 253
PORT = 2404

#: U-format functions (first control octet, IEC 60870-5-104 §5.3).
U_FUNCTIONS: dict[int, str] = {
    0x07: "STARTDT act",
    0x0B: "STARTDT con",
    0x13: "STOPDT act",
    0x23: "STOPDT con",
    0x43: "TESTFR act",
    0x83: "TESTFR con",
}

#: Type identifications often seen first (IEC 60870-5-101 §7.2.1.1, used by 104).
TYPE_IDS: dict[int, str] = {
    1: "M_SP_NA_1 single-point information",
    3: "M_DP_NA_1 double-point information",
    9: "M_ME_NA_1 measured value, normalised",
    11: "M_ME_NB_1 measured value, scaled",
    13: "M_ME_NC_1 measured value, short float",
    30: "M_SP_TB_1 single-point with time tag",
    31: "M_DP_TB_1 double-point with time tag",
    36: "M_ME_TF_1 short float with time tag",
    45: "C_SC_NA_1 single command",
    46: "C_DC_NA_1 double command",
    70: "M_EI_NA_1 end of initialisation",
    100: "C_IC_NA_1 interrogation command",
    101: "C_CI_NA_1 counter interrogation command",
    103: "C_CS_NA_1 clock synchronisation command",
}

#: Causes of transmission (IEC 60870-5-101 §7.2.3), low 6 bits of the COT octet.
CAUSES: dict[int, str] = {
    1: "periodic", 2: "background scan", 3: "spontaneous", 4: "initialised", 5: "request",
    6: "activation", 7: "activation confirmation", 8: "deactivation", 9: "deactivation confirmation",
    10: "activation termination", 20: "interrogated by station interrogation",
    44: "unknown type identification", 45: "unknown cause of transmission",
    46: "unknown common address of ASDU", 47: "unknown information object address",
}


@record(frozen=True)
class APDU:
    fmt: str  # "I", "S" or "U"
    control: bytes  # the four control octets
    asdu: bytes = b""
    length: int = 6  # bytes of the input used
    send_seq: int | None = None  # N(S), I-format
    recv_seq: int | None = None  # N(R), I- and S-format
    u_function: str = ""

    @property
    def type_id(self) -> int | None:
        return self.asdu[0] if self.fmt == "I" and self.asdu else None

    @property
    def cause(self) -> int | None:
        return self.asdu[2] & 0x3F if self.fmt == "I" and len(self.asdu) >= 3 else None

    @property
    def negative(self) -> bool:
        """P/N bit of the COT octet: the station refused the command."""
        return self.fmt == "I" and len(self.asdu) >= 3 and bool(self.asdu[2] & 0x40)

    def describe(self) -> str:
        if self.fmt == "U":
            return f"IEC 104 U-format APDU: {self.u_function}"
        if self.fmt == "S":
            return f"IEC 104 S-format APDU: acknowledges up to N(R)={self.recv_seq}"
        parts = [f"IEC 104 I-format APDU N(S)={self.send_seq} N(R)={self.recv_seq}"]
        if self.type_id is not None:
            parts.append(f"type {self.type_id} " + TYPE_IDS.get(self.type_id, "(not in the common table)"))
        if self.cause is not None:
            parts.append("cause " + CAUSES.get(self.cause, str(self.cause)) + (" (negative)" if self.negative else ""))
        return ", ".join(parts)


def parse(data: bytes) -> APDU | Problem:
    """The first APDU at the start of ``data`` (trailing bytes ignored), or why not."""
    b = as_bytes(data)
    if not b:
        return Problem(EMPTY, "no bytes")
    if b[0] != START:
        return Problem("bad_start", f"0x{b[0]:02X}: every IEC 104 APDU starts with 68", 0)
    if len(b) < 2:
        return Problem(INCOMPLETE, "an APDU is at least 6 bytes", 1, 5)
    length = b[1]
    if length < 4 or length > MAX_LENGTH:
        return Problem("bad_length", f"L={length}: must be 4..253", 1)
    total = 2 + length
    if len(b) < total:
        return Problem(INCOMPLETE, f"L={length} announces {total} bytes", len(b), total - len(b))
    c = bytes(b[2:6])
    asdu = bytes(b[6:total])
    if c[0] & 0x01 == 0:
        return APDU("I", c, asdu, total, (c[0] | c[1] << 8) >> 1, (c[2] | c[3] << 8) >> 1)
    if c[0] & 0x03 == 0x01:
        if length != 4:
            return Problem("bad_length", "an S-format APDU has L=4", 1)
        return APDU("S", c, b"", total, None, (c[2] | c[3] << 8) >> 1)
    if length != 4:
        return Problem("bad_length", "a U-format APDU has L=4", 1)
    name = U_FUNCTIONS.get(c[0])
    if name is None or c[1:] != b"\x00\x00\x00":
        return Problem("bad_control", f"control octets {c.hex(' ').upper()} are no valid U-format function", 2)
    return APDU("U", c, b"", total, u_function=name)


def decoder() -> Decoder:
    return Decoder(parse, STARTS)


def u_frame(function: str) -> bytes:
    """'STARTDT act', 'TESTFR con'... -> the 6-byte APDU."""
    for code, name in U_FUNCTIONS.items():
        if name.lower() == function.lower():
            return bytes((START, 4, code, 0, 0, 0))
    raise ValueError(f"unknown U-format function {function!r}")


def s_frame(recv_seq: int) -> bytes:
    n = (recv_seq & 0x7FFF) << 1
    return bytes((START, 4, 0x01, 0x00, n & 0xFF, n >> 8))
