"""AN3155 USART bootloader, both ends, sans-I/O: ``Stm32Bootloader`` (device) and host encoders.

Why one module for both ends: the simulator and the future serial probe must agree on every byte
(the byte + complement rule, the XOR checksums, the ACK/NACK values), so they share this code.
The device side is read-only by construction: GET, GET_VERSION, GET_ID and (optionally) READ
MEMORY are answered; every command that changes the chip is refused with NACK and recorded.
Facts: ST AN3155 §2-3; replies as accepted by stm32flash 0.7 (facts/serial.md §3.1, §4.2).
"""

from __future__ import annotations

from ....device import ANSWERED, IGNORED, REFUSED, Codec, Command, Output, merge

SYNC = 0x7F
ACK = 0x79
NACK = 0x1F

GET = 0x00
GET_VERSION = 0x01
GET_ID = 0x02
READ_MEMORY = 0x11
GO = 0x21
WRITE_MEMORY = 0x31
ERASE = 0x43
EXTENDED_ERASE = 0x44
WRITE_PROTECT = 0x63
WRITE_UNPROTECT = 0x73
READOUT_PROTECT = 0x82
READOUT_UNPROTECT = 0x92
GET_CHECKSUM = 0xA1

NAMES: dict[int, str] = {
    GET: "GET",
    GET_VERSION: "GET_VERSION",
    GET_ID: "GET_ID",
    READ_MEMORY: "READ_MEMORY",
    GO: "GO",
    WRITE_MEMORY: "WRITE_MEMORY",
    ERASE: "ERASE",
    EXTENDED_ERASE: "EXTENDED_ERASE",
    WRITE_PROTECT: "WRITE_PROTECT",
    WRITE_UNPROTECT: "WRITE_UNPROTECT",
    READOUT_PROTECT: "READOUT_PROTECT",
    READOUT_UNPROTECT: "READOUT_UNPROTECT",
    GET_CHECKSUM: "GET_CHECKSUM",
}
#: commands that change the chip (or leave the bootloader): never answered, never sent by probes
CHANGES_DEVICE = frozenset({GO, WRITE_MEMORY, ERASE, EXTENDED_ERASE, WRITE_PROTECT, WRITE_UNPROTECT,
                            READOUT_PROTECT, READOUT_UNPROTECT})
#: what GET lists (bootloader v3.1 with the classic erase, as stm32flash expects for an F1)
SUPPORTED = (GET, GET_VERSION, GET_ID, READ_MEMORY, GO, WRITE_MEMORY, ERASE, WRITE_PROTECT,
             WRITE_UNPROTECT, READOUT_PROTECT, READOUT_UNPROTECT)
SAFE_REQUESTS = frozenset({GET, GET_VERSION, GET_ID, READ_MEMORY})

#: memory the simulated F10x medium-density part lets READ MEMORY see: (start, size, fill)
REGIONS: tuple[tuple[int, int, int], ...] = (
    (0x08000000, 128 * 1024, 0xFF),  # flash, erased
    (0x20000000, 20 * 1024, 0x00),  # SRAM
    (0x1FFFF000, 2048, 0xA5),  # system memory
    (0x1FFFF800, 16, 0xFF),  # option bytes
)


# ---------------------------------------------------------------------------------- host side
def sync() -> bytes:
    """The autobaud byte the host sends first."""
    return bytes([SYNC])


def request(op: int) -> bytes:
    """A command as sent on the wire: the byte and its complement. Only safe requests."""
    if op not in SAFE_REQUESTS:
        raise ValueError(f"0x{op:02X} is not a read-only request")
    return bytes([op, op ^ 0xFF])


def address_block(address: int) -> bytes:
    """READ MEMORY's address phase: 4 bytes big-endian and their XOR."""
    a = (address & 0xFFFFFFFF).to_bytes(4, "big")
    return a + bytes([a[0] ^ a[1] ^ a[2] ^ a[3]])


def count_block(n: int) -> bytes:
    """READ MEMORY's length phase: N-1 and its complement (1 <= n <= 256)."""
    if not 1 <= n <= 256:
        raise ValueError("READ MEMORY reads 1..256 bytes")
    return bytes([n - 1, (n - 1) ^ 0xFF])


def parse_get_id(reply: bytes) -> int | None:
    """PID from a GET_ID answer ``79 01 hi lo 79`` (None if it is not one)."""
    if len(reply) >= 5 and reply[0] == ACK and reply[1] == 1 and reply[4] == ACK:
        return (reply[2] << 8) | reply[3]
    return None


# -------------------------------------------------------------------------------- device side
class Stm32Bootloader(Codec):
    """The system bootloader after reset with BOOT0 high: waits for 0x7F, then serves commands.

    State is the bytes still expected for the current phase; input may arrive in any chunking.
    """

    name = "stm32"
    default_baud = 57600
    framing = "8E1"
    autobaud = (1200, 115200)  # AN2662: tested range, deviation <= 2.5 %
    drop_errors = True

    def __init__(self, *, pid: int = 0x410, version: int = 0x31, allow_read: bool = True) -> None:
        self.pid = pid
        self.version = version
        self.allow_read = allow_read
        self.synced = False
        self._phase = "command"  # command | address | count
        self._buf = bytearray()
        self._address = 0

    def locking(self) -> bool:
        return not self.synced

    def receive(self, data: bytes) -> Output:
        return merge([self._byte(b) for b in data])

    def _byte(self, b: int) -> Output:
        if not self.synced:
            if b == SYNC:
                self.synced = True
                return Output(bytes([ACK]), (Command("SYNC", bytes([b])),))
            return Output(b"", (Command("noise before sync", bytes([b]), IGNORED),))
        self._buf.append(b)
        if self._phase == "command":
            return self._command()
        if self._phase == "address":
            return self._address_phase()
        return self._count_phase()

    def _command(self) -> Output:
        if len(self._buf) < 2:
            return Output()
        op, check = self._buf[0], self._buf[1]
        raw = bytes(self._buf)
        self._buf.clear()
        name = NAMES.get(op, f"unknown 0x{op:02X}")
        if check != op ^ 0xFF:
            return Output(bytes([NACK]), (Command(name, raw, REFUSED, False, "complement byte wrong"),))
        if op in CHANGES_DEVICE:
            return Output(bytes([NACK]), (Command(name, raw, REFUSED, True, "read-only simulator"),))
        if op == GET:
            body = bytes([len(SUPPORTED), self.version, *SUPPORTED])
            return Output(bytes([ACK]) + body + bytes([ACK]), (Command(name, raw),))
        if op == GET_VERSION:
            return Output(bytes([ACK, self.version, 0, 0, ACK]), (Command(name, raw),))
        if op == GET_ID:
            return Output(bytes([ACK, 1, self.pid >> 8 & 0xFF, self.pid & 0xFF, ACK]), (Command(name, raw),))
        if op == READ_MEMORY:
            if not self.allow_read:
                return Output(bytes([NACK]), (Command(name, raw, REFUSED, False, "read-out protected"),))
            self._phase = "address"
            return Output(bytes([ACK]), (Command(name, raw),))
        return Output(bytes([NACK]), (Command(name, raw, REFUSED, False, "not supported"),))

    def _address_phase(self) -> Output:
        if len(self._buf) < 5:
            return Output()
        raw = bytes(self._buf)
        self._buf.clear()
        a = raw[:4]
        self._phase = "command"
        if raw[4] != a[0] ^ a[1] ^ a[2] ^ a[3]:
            return Output(bytes([NACK]), (Command("READ_MEMORY address", raw, REFUSED, False, "checksum wrong"),))
        address = int.from_bytes(a, "big")
        if _region(address) is None:
            return Output(bytes([NACK]), (Command("READ_MEMORY address", raw, REFUSED, False, "no memory there"),))
        self._address = address
        self._phase = "count"
        return Output(bytes([ACK]), (Command("READ_MEMORY address", raw, ANSWERED, False, f"0x{address:08X}"),))

    def _count_phase(self) -> Output:
        if len(self._buf) < 2:
            return Output()
        raw = bytes(self._buf)
        self._buf.clear()
        self._phase = "command"
        n, check = raw
        if check != n ^ 0xFF:
            return Output(bytes([NACK]), (Command("READ_MEMORY count", raw, REFUSED, False, "complement wrong"),))
        return Output(bytes([ACK]) + read(self._address, n + 1), (Command("READ_MEMORY count", raw, ANSWERED, False, f"{n + 1} bytes"),))


def _region(address: int) -> tuple[int, int, int] | None:
    for start, size, fill in REGIONS:
        if start <= address < start + size:
            return start, size, fill
    return None


def read(address: int, n: int) -> bytes:
    """Memory contents as the simulated chip shows them (fixed fill per region; 0 beyond)."""
    out = bytearray()
    for i in range(n):
        r = _region(address + i)
        out.append(r[2] if r else 0)
    return bytes(out)
