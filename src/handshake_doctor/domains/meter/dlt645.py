"""DL/T 645 (China electricity meters, 1997 and 2007 editions) link frames: pure codec.

Frame: optional wake-up bytes ``FE`` (any number, usually 4), then
``68 A0 A1 A2 A3 A4 A5 68 C L data CS 16``. The address is 6 bytes of BCD, least significant
byte first (``AA`` bytes are wildcards, all ``AA`` = "whoever listens", used to read an unknown
meter's address). Every data byte is sent plus 0x33. CS is the sum modulo 256 from the first
``68`` to the last data byte. C bit 7 = reply from the meter, bit 6 = error reply, bit 5 =
follow-up frames; bits 0..4 = the function. Sources: DL/T 645-2007 §7 (frame format, control
code); KTS-Intek/DLT645 ``dlt645defines.h`` (wake-up FE, start 68, end 16) read for facts.
``parse`` never raises and returns a frame even when the checksum is wrong (``checksum_ok``).
"""

from __future__ import annotations

from ...record import record
from .framing import EMPTY, INCOMPLETE, Decoder, Problem, as_bytes, sum8

WAKEUP = 0xFE
START = 0x68
STOP = 0x16
STARTS = bytes((WAKEUP, START))
WILDCARD_ADDRESS = bytes([0xAA] * 6)
MAX_PREAMBLE = 16

#: Function codes (C bits 0..4) of DL/T 645-2007.
FUNCTIONS_2007: dict[int, str] = {
    0x08: "broadcast time synchronisation",
    0x11: "read data",
    0x12: "read follow-up data",
    0x13: "read communication address",
    0x14: "write data",
    0x15: "write communication address",
    0x16: "freeze command",
    0x17: "change baud rate",
    0x18: "change password",
    0x19: "maximum demand reset",
    0x1A: "meter reset (clear energy)",
    0x1B: "event reset",
    0x1C: "control (relay trip/close, alarm)",
}

#: Function codes of DL/T 645-1997.
FUNCTIONS_1997: dict[int, str] = {
    0x01: "read data",
    0x02: "read follow-up data",
    0x03: "re-read data",
    0x04: "write data",
    0x08: "broadcast time synchronisation",
    0x0A: "write device address",
    0x0C: "change baud rate",
    0x0F: "change password",
    0x10: "maximum demand reset",
}

#: Functions that change the meter: a probe or simulator never sends these.
WRITING_2007 = frozenset({0x08, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C})
WRITING_1997 = frozenset({0x04, 0x08, 0x0A, 0x0C, 0x0F, 0x10})

#: Error word bits of a DL/T 645-2007 abnormal reply (C bit 6 set, one data byte).
ERROR_BITS_2007: dict[int, str] = {
    0: "other error",
    1: "no requested data",
    2: "password error / not authorised",
    3: "baud rate cannot be changed",
    4: "too many annual time zones",
    5: "too many daily time segments",
    6: "too many tariffs",
}


@record(frozen=True)
class DLT645Frame:
    address: bytes  # 6 bytes as on the wire (LSB first)
    control: int
    data: bytes  # with the 0x33 offset removed
    checksum: int
    expected_checksum: int
    length: int  # bytes of the input used, preamble included
    preamble: int = 0  # number of FE wake-up bytes before the frame
    stop_ok: bool = True

    @property
    def checksum_ok(self) -> bool:
        return self.checksum == self.expected_checksum

    @property
    def address_text(self) -> str:
        """The meter number as printed on its plate: BCD digits, most significant first."""
        return "".join(f"{x:02X}" for x in reversed(self.address))

    @property
    def is_reply(self) -> bool:
        return bool(self.control & 0x80)

    @property
    def is_error(self) -> bool:
        return bool(self.control & 0x40)

    @property
    def has_follow_up(self) -> bool:
        return bool(self.control & 0x20)

    @property
    def function(self) -> int:
        return self.control & 0x1F

    @property
    def edition(self) -> str:
        """"2007", "1997" or "?" from the function code (the two editions share only 0x08)."""
        if self.function in FUNCTIONS_2007 and self.function != 0x08:
            return "2007"
        if self.function in FUNCTIONS_1997 and self.function != 0x08:
            return "1997"
        return "?"

    @property
    def function_name(self) -> str:
        f = self.function
        name = FUNCTIONS_2007.get(f) or FUNCTIONS_1997.get(f) or f"function 0x{f:02X} (unknown)"
        return name

    @property
    def errors(self) -> list[str]:
        """Decoded error word of a 2007 abnormal reply (empty for other frames)."""
        if not (self.is_reply and self.is_error) or not self.data:
            return []
        word = self.data[0]
        return [txt for bit, txt in ERROR_BITS_2007.items() if word >> bit & 1]

    def describe(self) -> str:
        who = "reply from meter" if self.is_reply else "request from master"
        parts = [
            f"DL/T 645{'-' + self.edition if self.edition != '?' else ''} frame ({who})",
            f"address {self.address_text}" + (" (wildcard)" if self.address == WILDCARD_ADDRESS else ""),
            f"C=0x{self.control:02X}: {self.function_name}" + (" - ERROR reply" if self.is_error and self.is_reply else ""),
            f"{len(self.data)} data bytes",
            "checksum OK" if self.checksum_ok else f"checksum WRONG (got {self.checksum:02X}, sum is {self.expected_checksum:02X})",
        ]
        if self.preamble:
            parts.append(f"{self.preamble} FE wake-up bytes")
        if self.errors:
            parts.append("error: " + "; ".join(self.errors))
        if not self.stop_ok:
            parts.append("stop byte is not 16")
        return ", ".join(parts)


def parse(data: bytes) -> DLT645Frame | Problem:
    """The first DL/T 645 frame at the start of ``data`` (after FE wake-up bytes), or why not."""
    b = as_bytes(data)
    if not b:
        return Problem(EMPTY, "no bytes")
    pre = 0
    while pre < len(b) and b[pre] == WAKEUP:
        pre += 1
    if pre > MAX_PREAMBLE:
        return Problem("bad_start", f"{pre} FE bytes: longer than any wake-up preamble", 0)
    if pre == len(b):
        return Problem(INCOMPLETE, "only wake-up bytes so far", len(b), 12)
    if b[pre] != START:
        return Problem("bad_start", f"0x{b[pre]:02X} where the start byte 68 belongs", pre)
    f = b[pre:]
    if len(f) >= 8 and f[7] != START:
        return Problem("bad_start", f"byte {pre + 7} is {f[7]:02X}, the second start byte must be 68 (after 6 address bytes)", pre + 7)
    if len(f) < 10:
        return Problem(INCOMPLETE, "a DL/T 645 frame is at least 12 bytes", len(b), 12 - len(f))
    length = f[9]
    total = 10 + length + 2
    if len(f) < total:
        return Problem(INCOMPLETE, f"L={length} announces {total} bytes", len(b), total - len(f))
    cs, stop = f[10 + length], f[11 + length]
    data_bytes = bytes((x - 0x33) & 0xFF for x in f[10 : 10 + length])
    return DLT645Frame(bytes(f[1:7]), f[8], data_bytes, cs, sum8(f[: 10 + length]), pre + total, pre, stop == STOP)


def decoder() -> Decoder:
    return Decoder(parse, STARTS)


# --- builders: read-only requests ---

def frame(address: bytes, control: int, data: bytes = b"", preamble: int = 0) -> bytes:
    """Encode a frame (data given without the 0x33 offset)."""
    addr = bytes(address)
    if len(addr) != 6:
        raise ValueError("a DL/T 645 address is 6 bytes")
    if len(data) > 200:
        raise ValueError("data too long for one DL/T 645 frame")
    body = bytes((START,)) + addr + bytes((START, control & 0xFF, len(data))) + bytes((x + 0x33) & 0xFF for x in data)
    return bytes([WAKEUP] * preamble) + body + bytes((sum8(body), STOP))


def read_address(preamble: int = 0) -> bytes:
    """2007 "read communication address" to the wildcard address: 68 AA*6 68 13 00 DF 16."""
    return frame(WILDCARD_ADDRESS, 0x13, b"", preamble)


def address_from_text(text: str) -> bytes:
    """'123456789012' (as printed on the meter) -> wire order, LSB first."""
    digits = "".join(ch for ch in text if ch.isalnum()).upper().rjust(12, "0")[-12:]
    return bytes(int(digits[i : i + 2], 16) for i in range(10, -1, -2))


def read_data_2007(address: bytes, data_id: int, preamble: int = 4) -> bytes:
    """2007 "read data" (C=11) for a 4-byte data identifier DI3..DI0 (sent DI0 first)."""
    di = (data_id & 0xFFFFFFFF).to_bytes(4, "little")
    return frame(address, 0x11, di, preamble)


def read_data_1997(address: bytes, data_id: int, preamble: int = 4) -> bytes:
    """1997 "read data" (C=01) for a 2-byte data identifier (sent low byte first)."""
    return frame(address, 0x01, (data_id & 0xFFFF).to_bytes(2, "little"), preamble)
