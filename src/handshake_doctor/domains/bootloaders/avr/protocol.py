"""STK500v1 as Optiboot speaks it (Arduino Uno), both ends, sans-I/O.

Why fixed payload lengths per command: the protocol has no length field; Optiboot knows how
many bytes follow each command and then checks for CRC_EOP (0x20). A byte other than 0x20 there
means the host is out of step, answered with NOSYNC (0x15). The device side is read-only by
construction: sync, parameters, signature and page/universal *reads* are answered; page writes,
flash/EEPROM/fuse/lock programming and write-type UNIVERSAL instructions get INSYNC + FAILED.
Facts: Atmel AVR061 (STK500 communication protocol); avrdude 7.1 measured (facts/serial.md §3.1, §4.4).
"""

from __future__ import annotations

from ....device import ANSWERED, IGNORED, REFUSED, Codec, Command, Output, merge

CRC_EOP = 0x20
INSYNC = 0x14
OK = 0x10
FAILED = 0x11
UNKNOWN = 0x12
NOSYNC = 0x15

GET_SYNC = 0x30
GET_PARAMETER = 0x41
SET_DEVICE = 0x42
SET_DEVICE_EXT = 0x45
ENTER_PROGMODE = 0x50
LEAVE_PROGMODE = 0x51
CHIP_ERASE = 0x52
LOAD_ADDRESS = 0x55
UNIVERSAL = 0x56
PROG_FLASH = 0x60
PROG_DATA = 0x61
PROG_FUSE = 0x62
PROG_LOCK = 0x63
PROG_PAGE = 0x64
PROG_FUSE_EXT = 0x65
READ_FLASH = 0x70
READ_DATA = 0x71
READ_PAGE = 0x74
READ_SIGN = 0x75
READ_OSCCAL = 0x76

#: command -> (name, payload bytes before CRC_EOP, changes the device); PROG_PAGE is variable
COMMANDS: dict[int, tuple[str, int, bool]] = {
    GET_SYNC: ("GET_SYNC", 0, False),
    GET_PARAMETER: ("GET_PARAMETER", 1, False),
    SET_DEVICE: ("SET_DEVICE", 20, False),
    SET_DEVICE_EXT: ("SET_DEVICE_EXT", 5, False),
    ENTER_PROGMODE: ("ENTER_PROGMODE", 0, False),
    LEAVE_PROGMODE: ("LEAVE_PROGMODE", 0, False),
    CHIP_ERASE: ("CHIP_ERASE", 0, True),
    LOAD_ADDRESS: ("LOAD_ADDRESS", 2, False),
    UNIVERSAL: ("UNIVERSAL", 4, False),  # read or write: decided by the instruction
    PROG_FLASH: ("PROG_FLASH", 2, True),
    PROG_DATA: ("PROG_DATA", 1, True),
    PROG_FUSE: ("PROG_FUSE", 2, True),
    PROG_LOCK: ("PROG_LOCK", 1, True),
    PROG_PAGE: ("PROG_PAGE", 3, True),  # + the page bytes announced in the first two
    PROG_FUSE_EXT: ("PROG_FUSE_EXT", 3, True),
    READ_FLASH: ("READ_FLASH", 0, False),
    READ_DATA: ("READ_DATA", 0, False),
    READ_PAGE: ("READ_PAGE", 3, False),
    READ_SIGN: ("READ_SIGN", 0, False),
    READ_OSCCAL: ("READ_OSCCAL", 0, False),
}
#: first byte of a serial-programming instruction that only reads (AVR ISP instruction set)
UNIVERSAL_READS = frozenset({0x20, 0x28, 0x30, 0x38, 0x50, 0x58, 0xA0, 0xF0})
SAFE_REQUESTS = frozenset({GET_SYNC, GET_PARAMETER, READ_SIGN})
#: GET_PARAMETER answers (HW_VER, SW_MAJOR, SW_MINOR as Optiboot 8 reports; others 3)
PARAMETERS = {0x80: 0x03, 0x81: 0x08, 0x82: 0x00}
SIGNATURES = {"m328p": bytes([0x1E, 0x95, 0x0F]), "m168": bytes([0x1E, 0x94, 0x06]), "m2560": bytes([0x1E, 0x98, 0x01])}


# ---------------------------------------------------------------------------------- host side
def request(op: int, *payload: int) -> bytes:
    """A read-only request: command, payload, CRC_EOP."""
    if op not in SAFE_REQUESTS:
        raise ValueError(f"0x{op:02X} is not a read-only request")
    name, n, _ = COMMANDS[op]
    if len(payload) != n:
        raise ValueError(f"{name} takes {n} payload byte(s)")
    return bytes([op, *payload, CRC_EOP])


def parse_signature(reply: bytes) -> bytes | None:
    """The three signature bytes of ``14 s1 s2 s3 10``, or None."""
    if len(reply) >= 5 and reply[0] == INSYNC and reply[4] == OK:
        return bytes(reply[1:4])
    return None


# -------------------------------------------------------------------------------- device side
class Optiboot(Codec):
    name = "avr"
    default_baud = 115200
    framing = "8N1"

    def __init__(self, *, signature: bytes = SIGNATURES["m328p"]) -> None:
        self.signature = signature
        self._buf = bytearray()
        self._address = 0  # word address from LOAD_ADDRESS

    def receive(self, data: bytes) -> Output:
        return merge([self._byte(b) for b in data])

    def _need(self) -> int:
        """Bytes the current command needs, including its CRC_EOP (0 until the command byte)."""
        if not self._buf:
            return 0
        op = self._buf[0]
        if op not in COMMANDS:
            return 2
        _, n, _ = COMMANDS[op]
        if op == PROG_PAGE and len(self._buf) >= 3:
            n += (self._buf[1] << 8) | self._buf[2]
        return n + 2

    def _byte(self, b: int) -> Output:
        self._buf.append(b)
        if len(self._buf) < self._need():
            return Output()
        raw = bytes(self._buf)
        self._buf.clear()
        op = raw[0]
        name = COMMANDS[op][0] if op in COMMANDS else f"unknown 0x{op:02X}"
        if raw[-1] != CRC_EOP:
            return Output(bytes([NOSYNC]), (Command(name, raw, IGNORED, False, "no CRC_EOP: out of sync"),))
        return self._command(op, name, raw, raw[1:-1])

    def _command(self, op: int, name: str, raw: bytes, p: bytes) -> Output:
        if op not in COMMANDS:
            return Output(bytes([INSYNC, UNKNOWN]), (Command(name, raw, REFUSED),))
        changes = COMMANDS[op][2]
        if op == UNIVERSAL:
            if p[0] in UNIVERSAL_READS:
                return Output(bytes([INSYNC, 0x00, OK]), (Command(name, raw, ANSWERED, False, "read instruction"),))
            changes = True
        if changes:
            return Output(bytes([INSYNC, FAILED]), (Command(name, raw, REFUSED, True, "read-only simulator"),))
        if op == GET_PARAMETER:
            return Output(bytes([INSYNC, PARAMETERS.get(p[0], 0x03), OK]), (Command(name, raw),))
        if op == READ_SIGN:
            return Output(bytes([INSYNC, *self.signature, OK]), (Command(name, raw),))
        if op == LOAD_ADDRESS:
            self._address = p[0] | (p[1] << 8)
            return Output(bytes([INSYNC, OK]), (Command(name, raw, ANSWERED, False, f"word 0x{self._address:04X}"),))
        if op == READ_PAGE:
            n = (p[0] << 8) | p[1]
            if n > 512:
                return Output(bytes([INSYNC, FAILED]), (Command(name, raw, REFUSED, False, "page too long"),))
            return Output(bytes([INSYNC]) + b"\xff" * n + bytes([OK]), (Command(name, raw, ANSWERED, False, f"{n} bytes"),))
        if op in (READ_FLASH, READ_DATA, READ_OSCCAL):
            return Output(bytes([INSYNC, 0xFF, OK]) if op != READ_FLASH else bytes([INSYNC, 0xFF, 0xFF, OK]),
                          (Command(name, raw),))
        return Output(bytes([INSYNC, OK]), (Command(name, raw),))
