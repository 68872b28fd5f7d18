"""Command APDUs: the domain's one decoder (explain and the PC/SC probe), the refusal of unsafe
commands, and the variants the probe builds.

Why one module: explain reads a pasted command to put its status word in context, the probe
decodes ``--apdu`` before it refuses or sends it; both must agree on the four cases of
ISO/IEC 7816-4 §5.1. Why pure: the probe must never send a command that writes, erases, blocks a PIN or changes a
life-cycle state, and that decision is a function of four bytes. Keeping it free of I/O lets
hypothesis feed it any input (tests/smartcard_probe/test_card_apdu.py) and lets the same rules
guard ``--apdu`` and every command the probe builds itself.
"""

from __future__ import annotations

from ...record import record

#: INS codes the probe refuses to send, with why (ISO/IEC 7816-4:2020 §11 and §Table 4 lists
#: of interindustry commands; GlobalPlatform Card Spec v2.3 §11 for E4/E6/F0/D8/E8).
FORBIDDEN_INS: dict[int, str] = {
    0x20: "VERIFY (PIN: a wrong PIN uses up retries)",
    0x21: "VERIFY (PIN, BER-TLV form)",
    0x24: "CHANGE REFERENCE DATA (changes a PIN)",
    0x2C: "RESET RETRY COUNTER (PIN unblock)",
    0x0E: "ERASE BINARY",
    0x0F: "ERASE BINARY (odd INS)",
    0xD0: "WRITE BINARY",
    0xD1: "WRITE BINARY (odd INS)",
    0xD2: "WRITE RECORD",
    0xD6: "UPDATE BINARY",
    0xD7: "UPDATE BINARY (odd INS)",
    0xDC: "UPDATE RECORD",
    0xDD: "UPDATE RECORD (odd INS)",
    0xDA: "PUT DATA",
    0xDB: "PUT DATA (odd INS)",
    0xE2: "APPEND RECORD",
    0xE0: "CREATE FILE",
    0xE4: "DELETE (file or GlobalPlatform content)",
    0xE6: "INSTALL (GlobalPlatform)",
    0xE8: "LOAD (GlobalPlatform)",
    0xD8: "PUT KEY (GlobalPlatform)",
    0xF0: "SET STATUS (GlobalPlatform life cycle)",
    0x44: "ACTIVATE FILE",
    0x04: "DEACTIVATE FILE",
    0x82: "EXTERNAL AUTHENTICATE (failed attempts can block a key)",
    0x84: "GET CHALLENGE / authentication sequence",
    0x86: "GENERAL AUTHENTICATE (failed attempts can block a key)",
    0x87: "GENERAL AUTHENTICATE (odd INS)",
    0x88: "INTERNAL AUTHENTICATE (counts against usage limits on some cards)",
    0x2A: "PERFORM SECURITY OPERATION (signs or decrypts with a card key)",
    0x46: "GENERATE ASYMMETRIC KEY PAIR (overwrites a key)",
    0x47: "GENERATE ASYMMETRIC KEY PAIR",
    0xE1: "TERMINATE DF / card-management command",
    0xFE: "TERMINATE CARD USAGE (irreversible)",
    0x70: "MANAGE CHANNEL (opens/closes channels: changes card state)",
    0x22: "MANAGE SECURITY ENVIRONMENT (changes the security state)",
}

INS_SELECT = 0xA4
INS_GET_RESPONSE = 0xC0
INS_GET_DATA = 0xCA
INS_GET_DATA_ODD = 0xCB
INS_READ_BINARY = 0xB0
INS_READ_RECORD = 0xB2

#: The only instructions the probe sends on its own initiative.
PROBE_INS = frozenset({INS_SELECT, INS_GET_RESPONSE, INS_GET_DATA})

#: Read-only instructions accepted in ``--apdu`` besides the probe's own.
READ_ONLY_INS = frozenset({INS_SELECT, INS_GET_RESPONSE, INS_GET_DATA, INS_GET_DATA_ODD, INS_READ_BINARY,
                           0xB1, INS_READ_RECORD, 0xB3})

MAX_SHORT_APDU = 4 + 1 + 255 + 1
MAX_EXTENDED_APDU = 4 + 3 + 65535 + 2


class ApduError(ValueError):
    """The text is not a command APDU (one line for the user)."""


@record(frozen=True)
class Apdu:
    """A decoded command APDU (ISO/IEC 7816-4 §5.1 cases 1-4, short or extended)."""

    raw: bytes
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None  # None = no Le field; 0 in a short Le means 256
    case: int
    extended: bool = False

    @property
    def hex(self) -> str:
        return spaced(self.raw)

    @property
    def lc(self) -> int:
        return len(self.data)

    @property
    def le_len(self) -> int:
        """Bytes of the Le field at the end (0 when the command has none)."""
        if self.le is None:
            return 0
        return 1 if not self.extended else (3 if self.case == 2 else 2)

    @property
    def le_field(self) -> int | None:
        """The Le field as written (a short Le of 00 stays 0; it means 256), None when absent."""
        if self.le is None:
            return None
        return int.from_bytes(self.raw[len(self.raw) - min(self.le_len, 2):], "big")

    @property
    def case_name(self) -> str:
        """"1" to "4", with "E" for extended length: how ISO/IEC 7816-4 §5.1 names the case."""
        return f"{self.case}{'E' if self.extended else ''}"

    def with_le_hex(self, le: int) -> str:
        """The same command with Le set to ``le`` (short form); an extended one is shown as is."""
        if self.extended:
            return self.hex
        return spaced(self.raw[: len(self.raw) - self.le_len] + bytes([le & 0xFF]))


def spaced(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)


def parse_hex(text: str) -> bytes:
    """Hex with optional spaces, colons, commas or 0x prefixes -> bytes; ApduError when not hex."""
    cleaned = text.strip()
    for sep in (" ", ":", ",", "\t", "-"):
        cleaned = cleaned.replace(sep, "")
    cleaned = cleaned.replace("0x", "").replace("0X", "")
    if not cleaned:
        raise ApduError("empty APDU: give hex bytes such as 00A4040C07A0000000041010")
    if len(cleaned) % 2:
        raise ApduError(f"odd number of hex digits in {text.strip()[:60]!r}")
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        raise ApduError(f"not hex: {text.strip()[:60]!r}") from None


def decode(raw: bytes) -> Apdu:
    """Decode a command APDU; ApduError for anything that fits none of the four cases."""
    if len(raw) < 4:
        raise ApduError(f"an APDU has at least 4 bytes (CLA INS P1 P2), got {len(raw)}")
    if len(raw) > MAX_EXTENDED_APDU:
        raise ApduError(f"APDU too long ({len(raw)} bytes)")
    cla, ins, p1, p2 = raw[0], raw[1], raw[2], raw[3]
    body = raw[4:]
    n = len(body)
    if n == 0:
        return Apdu(raw, cla, ins, p1, p2, b"", None, 1)
    if n == 1:
        return Apdu(raw, cla, ins, p1, p2, b"", body[0] or 256, 2)
    if body[0] != 0:
        lc = body[0]
        if n == 1 + lc:
            return Apdu(raw, cla, ins, p1, p2, bytes(body[1:]), None, 3)
        if n == 2 + lc:
            return Apdu(raw, cla, ins, p1, p2, bytes(body[1 : 1 + lc]), body[-1] or 256, 4)
        raise ApduError(f"Lc says {lc} data bytes but {n - 1} bytes follow it")
    # extended length (first body byte 00 and more than one body byte)
    if n == 3:
        le = int.from_bytes(body[1:3], "big") or 65536
        return Apdu(raw, cla, ins, p1, p2, b"", le, 2, True)
    if n < 3:
        raise ApduError("truncated extended-length field")
    lc = int.from_bytes(body[1:3], "big")
    if lc and n == 3 + lc:
        return Apdu(raw, cla, ins, p1, p2, bytes(body[3:]), None, 3, True)
    if lc and n == 5 + lc:
        le = int.from_bytes(body[-2:], "big") or 65536
        return Apdu(raw, cla, ins, p1, p2, bytes(body[3 : 3 + lc]), le, 4, True)
    raise ApduError(f"extended Lc says {lc} data bytes but {n - 3} bytes follow it")


def parse(values: bytes | tuple[int, ...] | list[int]) -> Apdu | None:
    """The command APDU in ``values`` if its length fields are consistent, else None (never raises)."""
    try:
        return decode(bytes(int(v) & 0xFF for v in values))
    except ApduError:
        return None


def refusal(apdu: Apdu) -> str | None:
    """Why the probe will not send this command, or None when it is safe (read-only)."""
    if apdu.cla == 0xFF:
        return "CLA FF is for the reader itself (pseudo-APDUs can change reader settings)"
    ins = apdu.ins
    if ins in FORBIDDEN_INS:
        return f"INS {ins:02X} is {FORBIDDEN_INS[ins]}"
    if ins not in READ_ONLY_INS:
        return (f"INS {ins:02X} is not on the read-only list (SELECT, GET RESPONSE, GET DATA, READ BINARY, "
                "READ RECORD); the probe only replays commands that cannot change the card")
    if ins == INS_SELECT and apdu.p1 not in (0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09):
        return f"SELECT with P1={apdu.p1:02X} is not a standard selection mode"
    return None


def with_cla(apdu: bytes, cla: int) -> bytes:
    return bytes([cla]) + apdu[1:]


def select_mf() -> bytes:
    """SELECT MF (3F00), no response data (P2=0C): the most widely accepted harmless command."""
    return bytes.fromhex("00A4000C023F00")


def select_aid(aid: bytes, fci: bool = False) -> bytes:
    """SELECT by DF name (AID). P2=0C asks for no FCI; with ``fci`` P2=00 and Le=00."""
    if not 1 <= len(aid) <= 16:
        raise ApduError(f"an AID has 1 to 16 bytes (ISO/IEC 7816-4 §8.2.1.2), got {len(aid)}")
    if fci:
        return bytes([0x00, INS_SELECT, 0x04, 0x00, len(aid)]) + aid + b"\x00"
    return bytes([0x00, INS_SELECT, 0x04, 0x0C, len(aid)]) + aid


def get_data(tag: int, cla: int = 0x00, le: int = 0) -> bytes:
    """GET DATA for a two-byte tag (e.g. 9F7F, GlobalPlatform's CPLC data)."""
    return bytes([cla, INS_GET_DATA, (tag >> 8) & 0xFF, tag & 0xFF, le & 0xFF])


def get_response(le: int) -> bytes:
    return bytes([0x00, INS_GET_RESPONSE, 0x00, 0x00, le & 0xFF])


def with_le(apdu: bytes, le: int) -> bytes:
    """The same short APDU with Le replaced (6CXX: 'wrong Le, use XX')."""
    a = decode(apdu)
    if a.extended:
        raise ApduError("extended APDU: the probe only re-sends short APDUs with a new Le")
    head = apdu[:4]
    if a.case in (1, 2):
        return head + bytes([le & 0xFF])
    return head + bytes([len(a.data)]) + a.data + bytes([le & 0xFF])
