"""Espressif ROM serial loader, both ends, sans-I/O: SLIP framing, requests, and the ROM's answers.

Why the ROM answers with a non-zero ``val`` to SYNC: esptool takes ``val == 0`` for "the flasher
stub is already running" and then fails on exit (facts/serial.md §3.1, esptool ``loader.py``
``sync``). Why a READ_REG table: esptool identifies the chip from a handful of registers (the
magic word at 0x40001000, eFuse words, UART_CLKDIV for the crystal); the table holds exactly
what esptool 5.6 reads for an ESP32. Read-only by construction: SYNC, READ_REG and
CHANGE_BAUDRATE are answered; GET_SECURITY_INFO is not supported (as on an ESP32 ROM);
everything that writes flash, RAM or registers, or runs code, is refused with a failure status.
"""

from __future__ import annotations

import struct

from ....device import ANSWERED, IGNORED, REFUSED, Codec, Command, Output

END = 0xC0
ESC = 0xDB
ESC_END = 0xDC
ESC_ESC = 0xDD

REQUEST = 0x00
RESPONSE = 0x01

OPS: dict[int, tuple[str, bool]] = {  # op -> (name, changes the device)
    0x02: ("FLASH_BEGIN", True),
    0x03: ("FLASH_DATA", True),
    0x04: ("FLASH_END", True),
    0x05: ("MEM_BEGIN", True),
    0x06: ("MEM_END", True),
    0x07: ("MEM_DATA", True),
    0x08: ("SYNC", False),
    0x09: ("WRITE_REG", True),
    0x0A: ("READ_REG", False),
    0x0B: ("SPI_SET_PARAMS", True),
    0x0D: ("SPI_ATTACH", True),
    0x0E: ("READ_FLASH_SLOW", False),
    0x0F: ("CHANGE_BAUDRATE", False),
    0x10: ("FLASH_DEFL_BEGIN", True),
    0x11: ("FLASH_DEFL_DATA", True),
    0x12: ("FLASH_DEFL_END", True),
    0x13: ("SPI_FLASH_MD5", False),
    0x14: ("GET_SECURITY_INFO", False),
    0xD0: ("ERASE_FLASH", True),
    0xD1: ("ERASE_REGION", True),
    0xD2: ("READ_FLASH", False),
    0xD3: ("RUN_USER_CODE", True),
}
SYNC = 0x08
READ_REG = 0x0A
CHANGE_BAUDRATE = 0x0F
SYNC_DATA = b"\x07\x07\x12\x20" + b"\x55" * 32
SYNC_VAL = 0x20120707
SAFE_REQUESTS = frozenset({SYNC, READ_REG})

#: ROM error codes in the second status byte (esptool ``loader.py`` error table)
INVALID_MESSAGE = 0x05
FAILED_TO_ACT = 0x06

#: ESP32: registers esptool 5.6 reads for chip-id (facts/serial.md §3.1); unlisted read as 0
ESP32_REGISTERS: dict[int, int] = {
    0x40001000: 0x00F01D83,  # chip magic (esptool targets/esp32.py)
    0x3FF5A004: 0x11223344,  # eFuse MAC low word
    0x3FF5A008: 0x00005566,  # eFuse MAC high bits
}
ESP32_UART_CLKDIV = 0x3FF40014
ESP8266_REGISTERS: dict[int, int] = {
    0x40001000: 0xFFF0C101,  # chip magic (esptool targets/esp8266.py)
    0x3FF00050: 0x55000000,  # eFuse words: MAC 18:FE:34:33:44:55 (esptool esp8266.py read_mac rules)
    0x3FF00054: 0x00003344,
    0x3FF00058: 0x00000000,
    0x3FF0005C: 0x00000000,
}
ESP8266_UART_CLKDIV = 0x60000014
#: chip -> (register table, UART_CLKDIV address, UART clock in Hz, status bytes in a response)
CHIPS = {"esp32": (ESP32_REGISTERS, ESP32_UART_CLKDIV, 40_000_000, 4),
         # ESP8266: the UART runs from twice the 26 MHz crystal (esptool XTAL_CLK_DIVIDER = 2)
         "esp8266": (ESP8266_REGISTERS, ESP8266_UART_CLKDIV, 52_000_000, 2)}


# --------------------------------------------------------------------------------------- SLIP
def slip_encode(packet: bytes) -> bytes:
    out = bytearray([END])
    for b in packet:
        if b == END:
            out += bytes([ESC, ESC_END])
        elif b == ESC:
            out += bytes([ESC, ESC_ESC])
        else:
            out.append(b)
    out.append(END)
    return bytes(out)


class SlipDecoder:
    """Feeds bytes, returns whole packets; bytes outside ``C0 … C0`` are returned as noise."""

    def __init__(self, limit: int = 65536) -> None:
        self._buf = bytearray()
        self._in = False
        self._esc = False
        self._limit = limit

    def feed(self, data: bytes) -> tuple[list[bytes], bytes]:
        packets: list[bytes] = []
        noise = bytearray()
        for b in data:
            if not self._in:
                if b == END:
                    self._in = True
                    self._buf.clear()
                else:
                    noise.append(b)
                continue
            if b == END:
                if self._buf:
                    packets.append(bytes(self._buf))
                    self._buf.clear()
                    self._in = False
                continue  # an empty frame: C0 C0 is a start again
            if self._esc:
                self._esc = False
                self._buf.append({ESC_END: END, ESC_ESC: ESC}.get(b, b))
            elif b == ESC:
                self._esc = True
            else:
                self._buf.append(b)
            if len(self._buf) > self._limit:  # hostile peer: never grow without bound
                noise += self._buf
                self._buf.clear()
                self._in = False
        return packets, bytes(noise)


# ---------------------------------------------------------------------------------- host side
def request(op: int, data: bytes = b"", chk: int = 0) -> bytes:
    """A SLIP-framed read-only request."""
    if op not in SAFE_REQUESTS:
        raise ValueError(f"0x{op:02X} is not a read-only request")
    return slip_encode(struct.pack("<BBHI", REQUEST, op, len(data), chk) + data)


def sync_request() -> bytes:
    return request(SYNC, SYNC_DATA)


def read_reg_request(address: int) -> bytes:
    return request(READ_REG, struct.pack("<I", address & 0xFFFFFFFF))


def parse_response(packet: bytes) -> tuple[int, int, bytes] | None:
    """(op, val, data) of an unframed response packet, or None."""
    if len(packet) < 8 or packet[0] != RESPONSE:
        return None
    _, op, _n, val = struct.unpack("<BBHI", packet[:8])
    return op, val, packet[8:]


# -------------------------------------------------------------------------------- device side
class EspRomLoader(Codec):
    """The ROM loader after a reset into download mode. ``line_baud`` is kept by the session."""

    name = "esp32"
    default_baud = 115200
    framing = "8N1"
    autobaud = (300, 1_000_000)  # the ROM measures SYNC; esptool's default is 115200

    def __init__(self, *, chip: str = "esp32") -> None:
        self.chip = chip
        self.name = chip
        self.registers, self.clkdiv_reg, self.xtal_hz, self.status_len = CHIPS[chip]
        self.synced = False
        self.line_baud = self.default_baud
        self._slip = SlipDecoder()

    def locking(self) -> bool:
        return not self.synced

    def _reply(self, op: int, val: int = 0, status: int = 0, error: int = 0) -> bytes:
        data = bytes([status, error]) + bytes(self.status_len - 2)
        return slip_encode(struct.pack("<BBHI", RESPONSE, op, len(data), val) + data)

    def receive(self, data: bytes) -> Output:
        packets, noise = self._slip.feed(data)
        replies: list[bytes] = []
        commands: list[Command] = []
        if noise:
            commands.append(Command("noise outside SLIP frames", noise, IGNORED))
        new_baud = 0
        for p in packets:
            reply, cmd, baud = self._packet(p)
            replies.append(reply)
            commands.append(cmd)
            new_baud = baud or new_baud
        return Output(b"".join(replies), tuple(commands), new_baud)

    def _packet(self, p: bytes) -> tuple[bytes, Command, int]:
        if len(p) < 8 or p[0] != REQUEST:
            return b"", Command("malformed packet", p, IGNORED), 0
        _, op, n, _chk = struct.unpack("<BBHI", p[:8])
        body = p[8 : 8 + n]
        name, changes = OPS.get(op, (f"unknown 0x{op:02X}", False))
        if changes:
            return self._reply(op, 0, 1, FAILED_TO_ACT), Command(name, p, REFUSED, True, "read-only simulator"), 0
        if op == SYNC:
            if body[:4] != SYNC_DATA[:4]:
                return b"", Command(name, p, IGNORED, False, "not a SYNC pattern"), 0
            self.synced = True
            return self._reply(op, SYNC_VAL) * 8, Command(name, p), 0
        if not self.synced:
            return b"", Command(name, p, IGNORED, False, "before SYNC"), 0
        if op == READ_REG and len(body) >= 4:
            (address,) = struct.unpack("<I", body[:4])
            value = self.register(address)
            return self._reply(op, value), Command(name, p, ANSWERED, False, f"0x{address:08X} -> 0x{value:08X}"), 0
        if op == CHANGE_BAUDRATE and len(body) >= 4:
            (baud,) = struct.unpack("<I", body[:4])
            if 300 <= baud <= 5_000_000:
                return self._reply(op), Command(name, p, ANSWERED, False, f"{baud} baud"), baud
        return (self._reply(op, 0, 1, INVALID_MESSAGE),
                Command(name, p, REFUSED, False, "not supported by this ROM"), 0)

    def register(self, address: int) -> int:
        if address == self.clkdiv_reg:  # the ROM set the divider from the measured SYNC rate
            return max(1, round(self.xtal_hz / max(self.line_baud, 1)))
        return self.registers.get(address, 0)


#: what a chip prints at reset when it boots from flash instead of the loader (a boot loop repeats it)
BOOT_LOGS: dict[str, tuple[int, bytes]] = {
    "esp32": (115200, b"ets Jun  8 2016 00:22:57\r\n\r\nrst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
              b"configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:2\r\nentry 0x400805e4\r\n"),
    "esp8266": (74880, b"\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\nload 0x4010f000, len 3460, room 16 \r\n"
                b"tail 4\r\nchksum 0xcc\r\nload 0x3fff20b8, len 40, room 4 \r\ntail 4\r\nchksum 0xc9\r\n"),
}
