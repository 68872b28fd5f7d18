"""MediaTek BROM / preloader over UART or USB CDC, both ends, sans-I/O.

Why byte-at-a-time: the start sequence ``A0 0A 50 05`` is sent one byte at a time and each byte
is answered with its complement ``5F F5 AF FA``; afterwards every command byte and every 32-bit
argument is echoed and a big-endian u16 status follows (facts/serial.md §4.1, read in mtkclient
``Port.py``/``mtk_preloader.py`` and bypass_utility ``device.py``). Read-only by construction:
GET_HW_CODE, GET_HW_SW_VER, GET_TARGET_CONFIG, GET_BL_VER, GET_VERSION, GET_ME_ID, GET_SOC_ID
and READ32 are answered; WRITE16/WRITE32, SEND_DA, JUMP_DA and other commands are refused with
a non-zero status after their arguments are echoed. ``echo=True`` models a device left in the
command phase: it echoes the start bytes (mtkclient: ``Echo mismatch: got [160], expected 5f``).
"""

from __future__ import annotations

from ....device import ANSWERED, IGNORED, REFUSED, Codec, Command, Output, merge

START = bytes([0xA0, 0x0A, 0x50, 0x05])
START_REPLY = bytes(b ^ 0xFF for b in START)  # 5F F5 AF FA

GET_HW_CODE = 0xFD
GET_HW_SW_VER = 0xFC
GET_TARGET_CONFIG = 0xD8
GET_BL_VER = 0xFE
GET_VERSION = 0xFF
GET_ME_ID = 0xE1
GET_SOC_ID = 0xE7
GET_PL_CAP = 0xFB
READ16 = 0xD0
READ32 = 0xD1
WRITE16 = 0xD2
WRITE32 = 0xD4
JUMP_DA = 0xD5
SEND_DA = 0xD7
SEND_CERT = 0xE0
SEND_AUTH = 0xE2

#: command -> (name, number of u32 arguments echoed before the status, changes the device)
COMMANDS: dict[int, tuple[str, int, bool]] = {
    GET_HW_CODE: ("GET_HW_CODE", 0, False),
    GET_HW_SW_VER: ("GET_HW_SW_VER", 0, False),
    GET_TARGET_CONFIG: ("GET_TARGET_CONFIG", 0, False),
    GET_ME_ID: ("GET_ME_ID", 0, False),
    GET_SOC_ID: ("GET_SOC_ID", 0, False),
    GET_PL_CAP: ("GET_PL_CAP", 0, False),
    READ16: ("READ16", 2, False),
    READ32: ("READ32", 2, False),
    WRITE16: ("WRITE16", 2, True),
    WRITE32: ("WRITE32", 2, True),
    JUMP_DA: ("JUMP_DA", 1, True),
    SEND_DA: ("SEND_DA", 3, True),
    SEND_CERT: ("SEND_CERT", 1, True),
    SEND_AUTH: ("SEND_AUTH", 1, True),
}
#: answered without an echo: one byte
NO_ECHO = {GET_BL_VER: "GET_BL_VER", GET_VERSION: "GET_VERSION"}
SAFE_REQUESTS = frozenset({GET_HW_CODE, GET_HW_SW_VER, GET_TARGET_CONFIG, GET_BL_VER, GET_VERSION, GET_ME_ID,
                           GET_SOC_ID})

#: GET_TARGET_CONFIG bits (mtkclient and bypass_utility ``get_target_config``)
SBC = 0x1
SLA = 0x2
DAA = 0x4
#: the status this simulator answers refused commands with. Not a documented BROM code: chosen
#: above 0xFF because mtkclient treats status <= 0xFF as success and bypass_utility needs 0.
REFUSAL_STATUS = 0x1D0C


# ---------------------------------------------------------------------------------- host side
def start_bytes() -> bytes:
    """The four start bytes; send one, read one, compare with ``expected_reply(i)``."""
    return START


def expected_reply(index: int) -> int:
    return START_REPLY[index]


def request(op: int) -> bytes:
    """A read-only request byte (arguments, where any, follow as big-endian u32)."""
    if op not in SAFE_REQUESTS:
        raise ValueError(f"0x{op:02X} is not a read-only request")
    return bytes([op])


def parse_target_config(payload: bytes) -> dict[str, bool] | None:
    """Flags of a GET_TARGET_CONFIG answer (after the echo): u32 config + u16 status."""
    if len(payload) < 6:
        return None
    cfg = int.from_bytes(payload[:4], "big")
    return {"sbc": bool(cfg & SBC), "sla": bool(cfg & SLA), "daa": bool(cfg & DAA)}


# -------------------------------------------------------------------------------- device side
class MtkBoot(Codec):
    """BROM (``preloader=False``) or preloader, on a UART at a fixed rate."""

    name = "mtk"
    default_baud = 115200
    framing = "8N1"

    def __init__(self, *, hw_code: int = 0x0766, preloader: bool = False, target_config: int = 0,
                 echo: bool = False, bl_version: int = 0x01, brom_version: int = 0x05) -> None:
        self.hw_code = hw_code
        self.preloader = preloader
        self.target_config = target_config
        self.echo = echo
        self.bl_version = bl_version
        self.brom_version = brom_version
        self.connected = echo  # an echoing device is already past the start sequence
        self._index = 0
        self._op: int | None = None
        self._args = bytearray()

    def receive(self, data: bytes) -> Output:
        return merge([self._byte(b) for b in data])

    def _byte(self, b: int) -> Output:
        if not self.connected:
            return self._handshake(b)
        if self._op is None:
            return self._command(b)
        return self._argument(b)

    def _handshake(self, b: int) -> Output:
        if b == START[self._index]:
            self._index += 1
            name = f"start byte {self._index}/4"
            if self._index == len(START):
                self.connected = True
                self._index = 0
                name = "start byte 4/4 (connected)"
            return Output(bytes([b ^ 0xFF]), (Command(name, bytes([b])),))
        if b == START[0]:
            self._index = 1
            return Output(bytes([b ^ 0xFF]), (Command("start byte 1/4 (restart)", bytes([b])),))
        self._index = 0
        return Output(b"", (Command("noise during start sequence", bytes([b]), IGNORED),))

    def _command(self, op: int) -> Output:
        raw = bytes([op])
        if op in NO_ECHO:
            if op == GET_BL_VER:
                value = self.bl_version if self.preloader else GET_BL_VER
            else:
                value = self.brom_version
            return Output(bytes([value]), (Command(NO_ECHO[op], raw),))
        if op in START and self.echo:  # a device left in the command phase: the start bytes are echoed
            return Output(raw, (Command(f"start byte 0x{op:02X} taken as a command", raw, IGNORED),))
        if op not in COMMANDS:
            return Output(raw, (Command(f"unknown 0x{op:02X}", raw, REFUSED),))
        name, nargs, _ = COMMANDS[op]
        if nargs:
            self._op = op
            self._args.clear()
            return Output(raw)
        return Output(raw + self._answer(op), (Command(name, raw),))

    def _answer(self, op: int) -> bytes:
        ok = b"\x00\x00"
        if op == GET_HW_CODE:
            return self.hw_code.to_bytes(2, "big") + ok
        if op == GET_HW_SW_VER:
            return (0x8A00).to_bytes(2, "big") + (0xCA00).to_bytes(2, "big") + (0x0000).to_bytes(2, "big") + ok
        if op == GET_TARGET_CONFIG:
            return self.target_config.to_bytes(4, "big") + ok
        if op in (GET_ME_ID, GET_SOC_ID):
            n = 16 if op == GET_ME_ID else 32
            return n.to_bytes(4, "big") + bytes(range(n)) + ok
        if op == GET_PL_CAP:
            return bytes(8) + ok
        return ok

    def _argument(self, b: int) -> Output:
        assert self._op is not None
        op = self._op
        name, nargs, changes = COMMANDS[op]
        self._args.append(b)
        if len(self._args) % 4:
            return Output()
        word = bytes(self._args[-4:])  # each u32 is echoed as soon as it is complete
        if len(self._args) < 4 * nargs:
            return Output(word)
        words = bytes(self._args)
        self._op = None
        raw = bytes([op]) + words
        if changes:
            status = REFUSAL_STATUS.to_bytes(2, "big")
            return Output(word + status, (Command(name, raw, REFUSED, True, "read-only simulator"),))
        if self.target_config & 0x20:  # mem-read auth: reads need SLA first
            return Output(word + REFUSAL_STATUS.to_bytes(2, "big"),
                          (Command(name, raw, REFUSED, False, "memory read needs authentication"),))
        count = min(int.from_bytes(words[4:8], "big"), 256)
        width = 4 if op == READ32 else 2
        return Output(word + b"\x00\x00" + bytes(width * count) + b"\x00\x00",
                      (Command(name, raw, ANSWERED, False, f"0x{int.from_bytes(words[:4], 'big'):08X} x{count}"),))
