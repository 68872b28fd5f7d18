"""SML (Smart Message Language) transport frames: what German electricity meters push on their
optical (IR) interface, unrequested, at 9600 baud 8N1.

Why a codec of its own: an SML meter's bytes start with 1B 1B 1B 1B, not with any of the frame
start bytes the other codecs know, and an IEC 62056-21 client (300 baud 7E1 with a sign-on request)
gets nothing sensible from it. The transport is an escape sequence framing (SML 1.04 §8, transport
protocol version 1): ``1B1B1B1B 01010101`` opens a file, ``1B1B1B1B 1A nn c1 c2`` closes it, where
``nn`` is the count of padding bytes before the end and ``c1 c2`` a CRC-16 over everything from the
first 1B up to and including ``nn``. The CRC is the X.25 / DIN EN 62056-46 FCS-16 (reflected
polynomial 0x8408, start FFFF, final XOR FFFF), sent low byte first (libsml v1.1.5 sml_crc16.c,
sml_transport.c). Pure: bytes in, frames out.
"""

from __future__ import annotations

from ...record import record

SML_SPEC = ("SML - Smart Message Language v1.04 §8 (transport protocol version 1: escape 1B1B1B1B, start 01010101, "
            "end 1A + padding count + CRC-16); BSI TR-03109-1; volkszaehler/libsml sml/src/sml_transport.c and sml_crc16.c@v1.1.5 "
            "(CRC-16 per DIN EN 62056-46, sent low byte first)")
START = bytes.fromhex("1b1b1b1b01010101")
END = bytes.fromhex("1b1b1b1b1a")
MAX_FILE = 64 * 1024  # a meter's SML file is a few hundred bytes; past this an "end" is not looked for


def crc16_x25(data: bytes) -> int:
    fcs = 0xFFFF
    for byte in data:
        fcs ^= byte
        for _ in range(8):
            fcs = (fcs >> 1) ^ 0x8408 if fcs & 1 else fcs >> 1
    return fcs ^ 0xFFFF


@record(frozen=True)
class SmlFile:
    offset: int  # where the start sequence begins in the bytes given
    length: int  # bytes from the start sequence to the end of the CRC (0 when incomplete)
    padding: int  # the end sequence's padding count
    crc: int  # as sent (little-endian 16 bits); -1 when incomplete
    expected_crc: int  # computed; -1 when incomplete

    @property
    def complete(self) -> bool:
        return self.length > 0

    @property
    def crc_ok(self) -> bool:
        return self.complete and self.crc == self.expected_crc

    def describe(self) -> str:
        if not self.complete:
            return "an SML file (escape 1B1B1B1B 01010101) that stops before its end sequence"
        state = "correct CRC" if self.crc_ok else f"CRC {self.crc:04X}, the bytes give {self.expected_crc:04X}"
        return f"an SML file of {self.length} bytes ({state})"


def files(data: bytes, limit: int = 16) -> list[SmlFile]:
    """The SML files in ``data``, in order, at most ``limit``."""
    out: list[SmlFile] = []
    at = data.find(START)
    while at >= 0 and len(out) < limit:
        end = data.find(END, at + len(START), at + MAX_FILE)
        if end < 0 or end + 8 > len(data):
            out.append(SmlFile(at, 0, 0, -1, -1))
            break
        body_end = end + 6  # 1B1B1B1B 1A nn
        sent = data[body_end] | (data[body_end + 1] << 8)
        out.append(SmlFile(at, body_end + 2 - at, data[end + 5], sent, crc16_x25(data[at:body_end])))
        at = data.find(START, body_end + 2)
    return out
