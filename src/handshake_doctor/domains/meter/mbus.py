"""M-Bus link layer (EN 13757-2, the FT1.2 format of IEC 60870-5-1 §6.2.4.2): pure codec.

Four telegram shapes: the single character ``E5`` (acknowledge), the short frame
``10 C A CS 16``, the control frame (a long frame with L = 3) and the long frame
``68 L L 68 C A CI data CS 16``. CS is the sum modulo 256 of C..data, L counts C..data.
Shared by ``explain`` (a pasted frame), the serial probe and the M-Bus simulator, so the three
cannot disagree about a byte. ``parse`` never raises; a frame with a wrong checksum is still
returned (``checksum_ok`` False), because showing what the bytes say and that the sum is wrong
helps more than "not a frame".
"""

from __future__ import annotations

from ...record import record
from .framing import EMPTY, INCOMPLETE, Decoder, Problem, as_bytes, hexs, sum8

ACK = 0xE5
SHORT_START = 0x10
LONG_START = 0x68
STOP = 0x16
STARTS = bytes((ACK, SHORT_START, LONG_START))

#: C-field values (EN 13757-2 §5.5 table; the FCB/FCV bits 0x20/0x10 are part of the value).
C_FIELDS: dict[int, str] = {
    0x40: "SND_NKE (link reset / initialise slave)",
    0x53: "SND_UD (send user data, FCB=0)",
    0x73: "SND_UD (send user data, FCB=1)",
    0x5A: "REQ_UD1 (request class 1 data, FCB=0)",
    0x7A: "REQ_UD1 (request class 1 data, FCB=1)",
    0x5B: "REQ_UD2 (request class 2 data, FCB=0)",
    0x7B: "REQ_UD2 (request class 2 data, FCB=1)",
    0x08: "RSP_UD (respond user data)",
    0x18: "RSP_UD (respond user data, DFC=1: slave busy)",
    0x28: "RSP_UD (respond user data, ACD=1: class 1 data waiting)",
    0x38: "RSP_UD (respond user data, ACD=1, DFC=1)",
}

#: CI-field values (EN 13757-3 table of CI fields; the common ones on wired M-Bus).
CI_FIELDS: dict[int, str] = {
    0x50: "application reset",
    0x51: "data send (master to slave)",
    0x52: "selection of slaves (secondary addressing)",
    0x54: "synchronise action",
    0x70: "report of application errors (slave to master)",
    0x71: "report of alarms (slave to master)",
    0x72: "variable data respond, long header (slave to master)",
    0x73: "fixed data respond (slave to master)",
    0x76: "variable data respond, MSB first (slave to master)",
    0x77: "fixed data respond, MSB first (slave to master)",
    0x78: "variable data respond, no header (slave to master)",
    0x7A: "variable data respond, short header (slave to master)",
    0xB1: "read out RAM content (manufacturer)",
    0xB8: "set baud rate 300",
    0xB9: "set baud rate 600",
    0xBA: "set baud rate 1200",
    0xBB: "set baud rate 2400",
    0xBC: "set baud rate 4800",
    0xBD: "set baud rate 9600",
    0xBE: "set baud rate 19200",
    0xBF: "set baud rate 38400",
}

#: Special primary addresses (EN 13757-2 §5.6).
ADDRESSES: dict[int, str] = {
    0x00: "unconfigured slave (factory default)",
    0xFD: "secondary addressing (the slave selected before)",
    0xFE: "broadcast, all slaves reply (test / point-to-point only)",
    0xFF: "broadcast, no slave replies",
}

#: Medium byte of the fixed header (EN 13757-3 table of device types; common values).
MEDIA: dict[int, str] = {
    0x00: "other", 0x01: "oil", 0x02: "electricity", 0x03: "gas", 0x04: "heat (outlet)",
    0x06: "warm water", 0x07: "water", 0x08: "heat cost allocator", 0x0A: "cooling (outlet)",
    0x0B: "cooling (inlet)", 0x0C: "heat (inlet)", 0x0D: "heat / cooling", 0x16: "cold water",
}


@record(frozen=True)
class MBusFrame:
    kind: str  # "ack", "short", "control", "long"
    c: int | None = None
    a: int | None = None
    ci: int | None = None
    data: bytes = b""
    checksum: int | None = None  # as received
    expected_checksum: int | None = None
    length: int = 1  # bytes of the input this frame used
    stop_ok: bool = True

    @property
    def checksum_ok(self) -> bool:
        return self.checksum == self.expected_checksum

    @property
    def c_name(self) -> str:
        if self.c is None:
            return ""
        return C_FIELDS.get(self.c, f"C=0x{self.c:02X} (not a standard M-Bus C-field)")

    @property
    def ci_name(self) -> str:
        if self.ci is None:
            return ""
        return CI_FIELDS.get(self.ci, f"CI=0x{self.ci:02X} (not in the common CI table)")

    @property
    def a_name(self) -> str:
        if self.a is None:
            return ""
        return ADDRESSES.get(self.a, f"primary address {self.a}")

    @property
    def from_slave(self) -> bool:
        return self.kind == "ack" or (self.c is not None and self.c & 0x40 == 0)

    def describe(self) -> str:
        if self.kind == "ack":
            return "M-Bus single character E5: acknowledge"
        parts = [f"M-Bus {self.kind} frame", self.c_name, f"A=0x{self.a:02X} ({self.a_name})"]
        if self.ci is not None:
            parts.append(f"CI=0x{self.ci:02X} ({self.ci_name})")
        if self.data:
            parts.append(f"{len(self.data)} data bytes")
        parts.append("checksum OK" if self.checksum_ok else f"checksum WRONG (got {self.checksum:02X}, sum is {self.expected_checksum:02X})")
        if not self.stop_ok:
            parts.append("stop byte is not 16")
        return ", ".join(parts)


def parse(data: bytes) -> MBusFrame | Problem:
    """The first M-Bus telegram at the start of ``data`` (trailing bytes ignored), or why not."""
    b = as_bytes(data)
    if not b:
        return Problem(EMPTY, "no bytes")
    start = b[0]
    if start == ACK:
        return MBusFrame("ack", length=1)
    if start == SHORT_START:
        if len(b) < 5:
            return Problem(INCOMPLETE, "short frame is 5 bytes", len(b), 5 - len(b))
        c, a, cs, stop = b[1], b[2], b[3], b[4]
        return MBusFrame("short", c, a, None, b"", cs, sum8(b[1:3]), 5, stop == STOP)
    if start != LONG_START:
        return Problem("bad_start", f"0x{start:02X} starts no M-Bus telegram (E5, 10 or 68)", 0)
    if len(b) < 4:
        return _check_prefix_long(b)
    length = b[1]
    if b[2] != length:
        return Problem("bad_length", f"the two L fields differ ({b[1]:02X} {b[2]:02X})", 2)
    if b[3] != LONG_START:
        return Problem("bad_start", f"byte 3 is {b[3]:02X}, the second start byte must be 68", 3)
    if length < 3:
        return Problem("bad_length", f"L={length}: a long or control frame carries at least C, A and CI", 1)
    total = 4 + length + 2
    if len(b) < total:
        return Problem(INCOMPLETE, f"L={length} announces {total} bytes", len(b), total - len(b))
    body = b[4 : 4 + length]
    cs, stop = b[4 + length], b[5 + length]
    kind = "control" if length == 3 else "long"
    return MBusFrame(kind, body[0], body[1], body[2], bytes(body[3:]), cs, sum8(body), total, stop == STOP)


def _check_prefix_long(b: bytes) -> Problem:
    if len(b) >= 3 and b[2] != b[1]:
        return Problem("bad_length", f"the two L fields differ ({b[1]:02X} {b[2]:02X})", 2)
    return Problem(INCOMPLETE, "a long frame needs at least 9 bytes", len(b), 9 - len(b))


def decoder() -> Decoder:
    return Decoder(parse, STARTS)


# --- builders: only requests that read (SND_NKE resets the link layer, it changes no data) ---

def short_frame(c: int, a: int) -> bytes:
    return bytes((SHORT_START, c & 0xFF, a & 0xFF, sum8(bytes((c & 0xFF, a & 0xFF))), STOP))


def long_frame(c: int, a: int, ci: int, data: bytes = b"") -> bytes:
    body = bytes((c & 0xFF, a & 0xFF, ci & 0xFF)) + bytes(data)
    if len(body) > 255:
        raise ValueError("an M-Bus long frame carries at most 252 data bytes")
    return bytes((LONG_START, len(body), len(body), LONG_START)) + body + bytes((sum8(body), STOP))


def snd_nke(address: int) -> bytes:
    """Link reset: the slave answers E5. The usual first telegram of a master."""
    return short_frame(0x40, address)


def req_ud2(address: int, fcb: bool = False) -> bytes:
    """Request class 2 data: the slave answers RSP_UD (a long frame, CI 72 usually)."""
    return short_frame(0x7B if fcb else 0x5B, address)


@record(frozen=True)
class RspUd:
    """The fixed header of a variable-data response (CI 72, EN 13757-3 §6)."""

    ident: str  # 8-digit identification number (BCD)
    manufacturer: str  # three letters (FLAG association code)
    version: int
    medium: int
    access_no: int
    status: int
    records: bytes  # the data records after the 12-byte header, undecoded

    @property
    def medium_name(self) -> str:
        return MEDIA.get(self.medium, f"medium 0x{self.medium:02X}")


def manufacturer_code(value: int) -> str:
    """Three letters packed 5 bits each (EN 13757-3 §6.3.2, 'A' = 1)."""
    letters = [(value >> 10) & 0x1F, (value >> 5) & 0x1F, value & 0x1F]
    return "".join(chr(64 + x) if 1 <= x <= 26 else "?" for x in letters)


def decode_rsp_ud(frame: MBusFrame) -> RspUd | Problem:
    if frame.kind != "long" or frame.ci != 0x72:
        return Problem("not_rsp_ud", "only a long frame with CI 72 carries the long header")
    d = frame.data
    if len(d) < 12:
        return Problem("bad_length", f"CI 72 needs a 12-byte header, the frame carries {len(d)} bytes", 0)
    ident = "".join(f"{x:02X}" for x in reversed(d[0:4]))
    return RspUd(ident, manufacturer_code(d[4] | d[5] << 8), d[6], d[7], d[8], d[9], bytes(d[12:]))


__all__ = ["MBusFrame", "Problem", "RspUd", "parse", "decoder", "snd_nke", "req_ud2", "short_frame", "long_frame", "decode_rsp_ud", "hexs"]
