"""Meter device codecs (M-Bus slave, DL/T 645-2007 meter), sans-I/O, over the meter domain's
frame codecs (``domains/meter/mbus.py``, ``domains/meter/dlt645.py``) so both ends share every
checksum rule.

Why here and not in ``domains/meter``: that package belongs to another engineer; only the
device behaviour (which request gets which answer) lives here. Read-only by construction:
M-Bus SND_NKE and REQ_UD2 are answered, SND_UD (writes) gets no E5 (a slave's refusal on M-Bus
is silence); DL/T 645 read address / read data are answered, every writing function gets an
error reply (control | 0x40, error byte "password error / not authorised").
"""

from __future__ import annotations

from ..domains.meter import dlt645, iec62056_21, mbus
from .events import ANSWERED, IGNORED, NOTHING, REFUSED, Codec, Command, Output, merge


def _manufacturer(code: str) -> int:
    """EN 13757-3 manufacturer ID: three letters, 5 bits each (A = 1)."""
    a, b, c = (ord(ch) - 64 for ch in code.upper())
    return (a << 10) | (b << 5) | c


class MBusSlave(Codec):
    name = "mbus"
    default_baud = 2400
    framing = "8E1"

    def __init__(self, *, address: int = 1, ident: int = 12345678, manufacturer: str = "HSD") -> None:
        self.address = address
        self.ident = ident
        self.manufacturer = manufacturer
        self._decoder = mbus.decoder()
        self._access = 0

    def _for_me(self, a: int | None) -> bool:
        return a in (self.address, 0xFE, 0xFF)  # 0xFE/0xFF: broadcast with/without reply (EN 13757-2)

    def rsp_ud(self) -> bytes:
        """RSP_UD, CI 72: id (BCD), manufacturer, version, medium (water), access no., status,
        signature, then one record: 4-byte volume in litres (DIF 04, VIF 13)."""
        ident = int(str(self.ident).rjust(8, "0")[-8:], 16).to_bytes(4, "little")
        header = ident + _manufacturer(self.manufacturer).to_bytes(2, "little") + bytes([0x01, 0x07, self._access & 0xFF, 0x00, 0x00, 0x00])
        record = bytes([0x04, 0x13]) + (12345).to_bytes(4, "little")
        self._access += 1
        return mbus.long_frame(0x08, self.address, 0x72, header + record)

    def receive(self, data: bytes) -> Output:
        replies: list[bytes] = []
        cmds: list[Command] = []
        for f in self._decoder.feed(data):
            if not isinstance(f, mbus.MBusFrame):
                cmds.append(Command("garbled telegram", b"", IGNORED, False, f"{f.reason}: {f.detail}"))
                continue
            raw = bytes([f.c or 0, f.a or 0])
            name = f.c_name or f.kind
            if not f.checksum_ok or not f.stop_ok:
                cmds.append(Command(name, raw, IGNORED, False, "checksum or stop byte wrong"))
                continue
            if not self._for_me(f.a):
                cmds.append(Command(name, raw, IGNORED, False, f"for address {f.a}"))
                continue
            reply_wanted = f.a != 0xFF
            if f.c == 0x40:
                replies.append(bytes([mbus.ACK]) if reply_wanted else b"")
                cmds.append(Command("SND_NKE", raw))
            elif f.c in (0x5B, 0x7B):
                replies.append(self.rsp_ud() if reply_wanted else b"")
                cmds.append(Command("REQ_UD2", raw))
            elif f.c in (0x53, 0x73):
                cmds.append(Command("SND_UD", raw + f.data, REFUSED, True, "read-only simulator: no E5"))
            else:
                cmds.append(Command(name, raw, REFUSED, False, "not supported"))
        return Output(b"".join(replies), tuple(cmds))


#: DL/T 645-2007 data identifiers this meter answers: DI -> value bytes (as sent, before +0x33)
DLT645_DATA: dict[int, bytes] = {
    0x00010000: bytes([0x56, 0x34, 0x12, 0x00]),  # forward active energy total: 001234.56 kWh, BCD LSB first
    0x02010100: bytes([0x00, 0x23]),  # phase A voltage: 230.0 V
}
DLT645_READ_DATA = 0x11
DLT645_READ_ADDRESS = 0x13
NO_DATA = 0x02  # error byte bit 1: no requested data
NOT_AUTHORISED = 0x04  # error byte bit 2: password error / not authorised


class Dlt645Meter(Codec):
    name = "dlt645"
    default_baud = 2400
    framing = "8E1"

    def __init__(self, *, address: str = "000012345678", preamble: int = 4) -> None:
        self.address = dlt645.address_from_text(address)
        self.preamble = preamble
        self._decoder = dlt645.decoder()

    def _reply(self, control: int, data: bytes) -> bytes:
        return dlt645.frame(self.address, control, data, self.preamble)

    def receive(self, data: bytes) -> Output:
        replies: list[bytes] = []
        cmds: list[Command] = []
        for f in self._decoder.feed(data):
            if not isinstance(f, dlt645.DLT645Frame):
                if getattr(f, "reason", "") not in ("empty",):
                    cmds.append(Command("garbled frame", b"", IGNORED, False, f"{f.reason}: {f.detail}"))
                continue
            raw = bytes([f.control]) + f.data
            fn = f.function
            name = f.function_name or f"function 0x{fn:02X}"
            if not f.checksum_ok or not f.stop_ok or f.is_reply:
                cmds.append(Command(name, raw, IGNORED, False, "checksum/stop wrong or not a request"))
                continue
            wildcard = all(x == 0xAA for x in f.address)
            if not wildcard and f.address != self.address:
                cmds.append(Command(name, raw, IGNORED, False, f"for meter {f.address_text}"))
                continue
            if fn == DLT645_READ_ADDRESS:
                replies.append(self._reply(0x80 | fn, self.address))
                cmds.append(Command("READ_ADDRESS", raw))
            elif fn == DLT645_READ_DATA and len(f.data) >= 4 and not wildcard:
                di = int.from_bytes(f.data[:4], "little")
                if di in DLT645_DATA:
                    replies.append(self._reply(0x91, f.data[:4] + DLT645_DATA[di]))
                    cmds.append(Command("READ_DATA", raw, ANSWERED, False, f"DI {di:08X}"))
                else:
                    replies.append(self._reply(0xD1, bytes([NO_DATA])))
                    cmds.append(Command("READ_DATA", raw, REFUSED, False, f"DI {di:08X}: no such data"))
            elif fn in (0x11, 0x12):  # read with the wildcard address, or read follow-up
                replies.append(self._reply(0xC0 | fn, bytes([NO_DATA])))
                cmds.append(Command(name, raw, REFUSED, False, "not supported here"))
            else:  # write data/address, broadcast time, freeze, change rate/password, clears
                replies.append(self._reply(0xC0 | fn, bytes([NOT_AUTHORISED])))
                cmds.append(Command(name, raw, REFUSED, True, "read-only simulator"))
        return Output(b"".join(replies), tuple(cmds))


#: The data readout this meter sends after ACK 0 Z 0 (OBIS code, value, unit), IEC 62056-21 §6.5
IEC62056_READOUT: tuple[tuple[str, str], ...] = (
    ("0.0.0", "12345678"),  # meter number
    ("1.8.0", "001234.56*kWh"),  # active energy import, total
    ("2.8.0", "000012.34*kWh"),  # active energy export, total
)


class Iec62056Meter(Codec):
    """An electricity meter's optical port (IEC 62056-21 mode C): silent until ``/?!`` at 300 7E1.

    Answers the sign-on with its identification; an acknowledgement for data readout (Y = 0)
    switches to the offered rate and sends the readout block; programming mode (Y = 1) is
    refused and recorded as device-changing, so a test can prove no probe asked for it."""

    name = "iec62056"
    default_baud = iec62056_21.INITIAL_BAUD
    framing = iec62056_21.INITIAL_FRAMING

    def __init__(self, *, manufacturer: str = "HSD", baud_char: str = "5", ident: str = "MT174 v1.0", address: str = "",
                 readout_delay: float = 1.0) -> None:
        self.ident_message = iec62056_21.identification(manufacturer, baud_char, ident)
        self.baud_char = baud_char
        self.address = address
        #: the reaction time before the data message at the new rate (IEC 62056-21 allows up to
        #: 1.5 s); a host re-opens its port at that rate in the meantime (the iec62056-21 client
        #: waits 0.75 s), so an immediate answer would reach it at the old rate as garbage
        self.readout_delay = readout_delay
        self._buf = bytearray()
        self._signed_on = False
        self._pending = b""
        self._due: float | None = None

    def readout(self) -> bytes:
        body = "".join(f"{obis}({value})\r\n" for obis, value in IEC62056_READOUT) + "!\r\n"
        block = body.encode("ascii") + b"\x03"
        bcc = 0
        for b in block:
            bcc ^= b
        return b"\x02" + block + bytes([bcc])

    def receive(self, data: bytes) -> Output:
        self._buf += data
        del self._buf[:-256]  # bounded: a flood without line ends cannot grow it
        outputs: list[Output] = []
        for _ in range(16):
            end = self._buf.find(iec62056_21.CRLF)
            if end < 0:
                break
            line = bytes(self._buf[:end + 2])
            del self._buf[:end + 2]
            outputs.append(self._line(line))
        return merge(outputs)

    def _line(self, line: bytes) -> Output:
        start = line.rfind(iec62056_21.START + iec62056_21.REQUEST)
        if start >= 0 and line.endswith(iec62056_21.END + iec62056_21.CRLF):
            address = line[start + 2:-3].decode("ascii", "replace")
            if address not in ("", self.address):
                return Output(b"", (Command("SIGN_ON", line, IGNORED, False, f"for device {address!r}"),))
            self._signed_on = True
            return Output(self.ident_message, (Command("SIGN_ON", line),))
        ack = iec62056_21.acknowledgement(line[line.find(bytes([iec62056_21.ACK])):] if iec62056_21.ACK in line else b"")
        if ack is None:
            return Output(b"", (Command("unknown line", line, IGNORED, False, "not a request or acknowledgement"),))
        _v, z, y = ack
        if not self._signed_on:
            return Output(b"", (Command("ACK", line, IGNORED, False, "no sign-on before it"),))
        self._signed_on = False
        if y == "1":
            return Output(b"", (Command("ACK programming mode", line, REFUSED, True, "read-only simulator: programming mode refused"),))
        if y != "0":
            return Output(b"", (Command("ACK", line, REFUSED, False, f"mode {y!r} not simulated"),))
        rate = dict((c, b) for c, _m, b, _s in iec62056_21.BAUD_CHARS).get(z, 0)
        if z != "0" and z != self.baud_char or not rate:
            return Output(b"", (Command("ACK data readout", line, REFUSED, False, f"rate character {z!r} not offered"),))
        self._pending = self.readout()
        return Output(b"", (Command("ACK data readout", line, ANSWERED, False, f"readout at {rate} baud"),), rate if z != "0" else 0)

    def tick(self, now: float) -> Output:
        if not self._pending:
            return NOTHING
        if self._due is None:
            self._due = now + self.readout_delay
        if now < self._due:
            return NOTHING
        out, self._pending, self._due = self._pending, b"", None
        return Output(out)
