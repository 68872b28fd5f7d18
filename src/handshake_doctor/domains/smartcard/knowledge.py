"""Knowledge tables of the `smartcard` domain: one row a fact, each with its source.

Why tables and not code: a status word, a PC/SC code or an INS byte means the same thing to
``explain``, to the PC/SC probe (through :func:`sw_meaning`) and to a reader of the source;
written as rows with sources they can be checked against the standard one by one. The meanings
are our own short wording; the values and names are facts from the sources cited per row.
"""

from __future__ import annotations

from ...knowledge.table import Table, lookup_hex, rx
from ...record import record
from .pkcs11 import PKCS11_RETURN_VALUES

# --- sources -------------------------------------------------------------------------------------
ISO4 = "ISO/IEC 7816-4:2005 §5.1.3 Tables 5-6 (same scheme in the 2013/2020 editions)"
ISO4_CLA = "ISO/IEC 7816-4:2005 §5.1.1 (class byte: first and further interindustry values)"
ISO4_INS = "ISO/IEC 7816-4:2005 §5.1.2 Table 4 and §7 (interindustry commands)"
ISO3 = "ISO/IEC 7816-3:2006 §8 (answer-to-reset)"
JC = "Oracle Java Card 3.2 API javacard.framework.ISO7816 (SW_* constants)"
JCRE = "Oracle Java Card 3.x Runtime Environment Specification (an uncaught exception in process() is answered with ISO7816.SW_UNKNOWN = 6F00)"
GP = "GlobalPlatform Card Specification v2.3.1 §11 (command response tables); pyscard smartcard/sw/op21_ErrorChecker.py"
EMV = "EMV 4.3 Book 3 (SELECT, VERIFY, GENERATE AC status words); facts/knowledge.md §1.3"
PYSCARD = "pyscard 2.3.1 smartcard/sw/ISO7816_4ErrorChecker.py"
OPENSC = "OpenSC src/libopensc/iso7816.c (iso7816_errors[], iso7816_check_sw)"
YUBICO = "Yubico .NET SDK Yubico.Core.Iso7816.SWConstants"
NIST = "usnistgov/libbiomeval src/include/be_device_smartcard_apdu.h (SW1 constant names)"
DESFIRE = "NXP MIFARE DESFire EV1 data sheet MF3ICDx21_41_81 §9.3 status codes (ISO-wrapped as SW1 91)"
GSM = "3GPP TS 51.011 (GSM 11.11) §9: SIM commands use CLA A0; ETSI TS 102 221 (UICC) uses CLA 00/80"
PCSCLITE_H = "pcsc-lite 1.9.9 PCSC/pcsclite.h (values, names); text observed with pcsc_stringify_error of libpcsclite 1.9.9"
WINERROR = "Microsoft Windows SDK winerror.h (SCARD_* values); Microsoft Learn 'Smart Card Return Values'"
PCSC3 = "PC/SC Workgroup Specification Part 3 §3.2.2.1 (pseudo-APDUs with CLA FF; contactless ATR)"


# --- status words --------------------------------------------------------------------------------
@record(frozen=True)
class SwRow:
    """One status word (exact), a parametric family (61XX, 6CXX, 63CX) or an SW1 class (68XX)."""

    pattern: str  # hex with X wildcard nibbles, see knowledge.table.HexPattern
    meaning: str  # our wording; in parametric rows "XX"/"X" stand for the wildcard (see sw_text)
    where: str  # ISO / GP / EMV / Java Card / vendor
    code: str  # finding code (smartcard.*)
    severity: str  # ok / info / warning / error
    source: str
    parametric: bool = False


_W, _E, _OK = "warning", "error", "ok"
SC = "smartcard."

STATUS_WORDS = Table(
    "status_words",
    (
        # normal processing
        SwRow("9000", "normal processing: the command succeeded", "ISO", SC + "ok", _OK, ISO4 + "; " + JC),
        SwRow("61XX", "command done, XX response bytes are waiting: fetch them with GET RESPONSE, Le = XX (00 means 256 or more)", "ISO", SC + "get_response_needed", _W, ISO4 + "; " + JC + " SW_BYTES_REMAINING_00; " + NIST + " NORMAL_CHAINING", True),
        # warnings, non-volatile memory unchanged
        SwRow("6200", "warning: no information given (non-volatile memory unchanged)", "ISO", SC + "status_word", _W, ISO4 + "; " + OPENSC),
        SwRow("6281", "warning: part of the returned data may be corrupted", "ISO", SC + "status_word", _W, ISO4 + "; " + PYSCARD),
        SwRow("6282", "warning: end of file or record reached before reading Ne bytes", "ISO", SC + "status_word", _W, ISO4 + "; " + PYSCARD),
        SwRow("6283", "warning: the selected file is deactivated (invalidated)", "ISO", SC + "status_word", _W, ISO4 + "; " + PYSCARD),
        SwRow("6283", "on SELECT of the issuer security domain: card life cycle state CARD_LOCKED", "GP", SC + "status_word", _W, GP),
        SwRow("6283", "on SELECT of a payment application: the application is blocked", "EMV", SC + "status_word", _W, EMV),
        SwRow("6284", "warning: FCI not formatted according to ISO 7816-4", "ISO", SC + "status_word", _W, ISO4),
        SwRow("6285", "warning: the selected file is in termination state", "ISO", SC + "status_word", _W, ISO4 + "; " + YUBICO + " FileTerminated"),
        SwRow("6286", "warning: no input data available from a sensor on the card", "ISO", SC + "status_word", _W, ISO4),
        SwRow("62XX", "warning, non-volatile memory unchanged (SW2 02-80: triggered by the card; others RFU)", "ISO", SC + "status_word", _W, ISO4 + "; " + NIST + " WARN_NVM_UNCHANGED"),
        # warnings, non-volatile memory changed
        SwRow("6300", "warning: no information given (non-volatile memory changed; often 'verification failed')", "ISO", SC + "status_word", _W, ISO4 + "; " + OPENSC),
        SwRow("6310", "more data available (GET STATUS: send the command again with P2 'next')", "GP", SC + "status_word", _W, GP),
        SwRow("6381", "warning: file filled up by the last write", "ISO", SC + "status_word", _W, ISO4),
        SwRow("63CX", "counter = X: after a VERIFY, X PIN tries are left", "ISO", SC + "pin_tries_left", _W, ISO4 + "; " + OPENSC + "; " + NIST + " RETRY_COUNTER_INDICATOR", True),
        SwRow("63XX", "warning, non-volatile memory changed", "ISO", SC + "status_word", _W, ISO4 + "; " + NIST + " WARN_NVM_CHANGED"),
        # execution errors
        SwRow("6400", "execution error: no information given (non-volatile memory unchanged)", "ISO", SC + "status_word", _E, ISO4 + "; " + OPENSC),
        SwRow("6401", "execution error: immediate response required by the card", "ISO", SC + "status_word", _E, ISO4),
        SwRow("64XX", "execution error, non-volatile memory unchanged (SW2 02-80: triggered by the card)", "ISO", SC + "status_word", _E, ISO4 + "; " + NIST + " EXEC_ERR_NVM_UNCHANGED"),
        SwRow("6500", "execution error: no information given (non-volatile memory changed)", "ISO", SC + "status_word", _E, ISO4),
        SwRow("6581", "execution error: memory failure", "ISO", SC + "status_word", _E, ISO4 + "; " + OPENSC),
        SwRow("65XX", "execution error, non-volatile memory changed", "ISO", SC + "status_word", _E, ISO4 + "; " + NIST + " EXEC_ERR_NVM_CHANGED"),
        SwRow("66XX", "security-related execution error", "ISO", SC + "status_word", _E, ISO4 + "; " + NIST + " EXEC_ERR_SECURITY"),
        # checking errors
        SwRow("6700", "wrong length: Lc or Le does not fit the command", "ISO", SC + "wrong_length", _E, ISO4 + "; " + JC + " SW_WRONG_LENGTH"),
        SwRow("67XX", "wrong length (proprietary SW2)", "ISO", SC + "wrong_length", _E, ISO4),
        SwRow("6800", "functions in CLA not supported (no further information)", "ISO", SC + "cla_unsupported", _E, ISO4 + "; " + OPENSC),
        SwRow("6881", "logical channel not supported", "ISO", SC + "logical_channel_unsupported", _E, ISO4 + "; " + PYSCARD + "; " + JC + " SW_LOGICAL_CHANNEL_NOT_SUPPORTED"),
        SwRow("6882", "secure messaging not supported", "ISO", SC + "secure_messaging_unsupported", _E, ISO4 + "; " + PYSCARD + "; " + JC + " SW_SECURE_MESSAGING_NOT_SUPPORTED"),
        SwRow("6883", "last command of the chain expected", "ISO", SC + "chaining_unsupported", _E, ISO4 + "; " + JC + " SW_LAST_COMMAND_EXPECTED; " + YUBICO),
        SwRow("6884", "command chaining not supported", "ISO", SC + "chaining_unsupported", _E, ISO4 + "; " + JC + " SW_COMMAND_CHAINING_NOT_SUPPORTED; " + YUBICO),
        SwRow("68XX", "functions in CLA not supported", "ISO", SC + "cla_unsupported", _E, ISO4 + "; " + NIST + " CHECK_ERR_CLA_FUNCTION"),
        SwRow("6900", "command not allowed (no further information)", "ISO", SC + "status_word", _E, ISO4),
        SwRow("6981", "command incompatible with the file structure", "ISO", SC + "status_word", _E, ISO4 + "; " + PYSCARD),
        SwRow("6982", "security status not satisfied (authenticate or verify the PIN first)", "ISO", SC + "security_status", _E, ISO4 + "; " + PYSCARD + "; " + JC + " SW_SECURITY_STATUS_NOT_SATISFIED"),
        SwRow("6983", "authentication method blocked (PIN blocked: no tries left)", "ISO", SC + "pin_blocked", _E, ISO4 + "; " + PYSCARD + "; " + EMV),
        SwRow("6984", "reference data not usable (invalidated)", "ISO", SC + "status_word", _E, ISO4 + "; " + PYSCARD),
        SwRow("6985", "conditions of use not satisfied (wrong state or command order)", "ISO", SC + "conditions_not_satisfied", _E, ISO4 + "; " + JC + " SW_CONDITIONS_NOT_SATISFIED"),
        SwRow("6986", "command not allowed (no current EF)", "ISO", SC + "status_word", _E, ISO4 + "; " + JC + " SW_COMMAND_NOT_ALLOWED"),
        SwRow("6987", "expected secure messaging data objects missing", "ISO", SC + "status_word", _E, ISO4 + "; " + PYSCARD),
        SwRow("6988", "secure messaging data objects incorrect", "ISO", SC + "status_word", _E, ISO4 + "; " + PYSCARD),
        SwRow("6999", "applet selection failed (the applet refused or failed its select())", "Java Card", SC + "applet_error", _E, JC + " SW_APPLET_SELECT_FAILED"),
        SwRow("69XX", "command not allowed", "ISO", SC + "status_word", _E, ISO4 + "; " + NIST + " CHECK_ERR_CMD_NOT_ALLOWED"),
        SwRow("6A00", "wrong parameters P1-P2 (no further information)", "ISO", SC + "wrong_p1p2", _E, ISO4),
        SwRow("6A80", "incorrect parameters in the command data field", "ISO", SC + "status_word", _E, ISO4 + "; " + JC + " SW_DATA_INVALID"),
        SwRow("6A81", "function not supported", "ISO", SC + "status_word", _E, ISO4 + "; " + JC + " SW_FUNC_NOT_SUPPORTED"),
        SwRow("6A81", "on SELECT of a payment application: card blocked or SELECT not supported", "EMV", SC + "status_word", _E, EMV),
        SwRow("6A82", "file or application not found", "ISO", SC + "file_not_found", _E, ISO4 + "; " + JC + " SW_FILE_NOT_FOUND; " + OPENSC),
        SwRow("6A83", "record not found", "ISO", SC + "status_word", _E, ISO4 + "; " + JC + " SW_RECORD_NOT_FOUND"),
        SwRow("6A84", "not enough memory space in the file (GlobalPlatform LOAD/INSTALL: not enough memory on the card)", "ISO", SC + "status_word", _E, ISO4 + "; " + GP),
        SwRow("6A85", "Nc inconsistent with the TLV structure", "ISO", SC + "wrong_length", _E, ISO4),
        SwRow("6A86", "incorrect parameters P1-P2", "ISO", SC + "wrong_p1p2", _E, ISO4 + "; " + JC + " SW_INCORRECT_P1P2"),
        SwRow("6A87", "Nc inconsistent with P1-P2", "ISO", SC + "wrong_length", _E, ISO4),
        SwRow("6A88", "referenced data (key, PIN reference, data object) not found", "ISO", SC + "status_word", _E, ISO4 + "; " + GP),
        SwRow("6A89", "file already exists", "ISO", SC + "status_word", _E, ISO4 + "; " + OPENSC),
        SwRow("6A8A", "DF name already exists", "ISO", SC + "status_word", _E, ISO4 + "; " + OPENSC + "; " + YUBICO),
        SwRow("6AXX", "wrong parameters P1-P2", "ISO", SC + "wrong_p1p2", _E, ISO4 + "; " + NIST + " CHECK_ERR_WRONG_PARAM_QUAL"),
        SwRow("6B00", "wrong parameters P1-P2 (offset outside the file, unknown mode)", "ISO", SC + "wrong_p1p2", _E, ISO4 + "; " + JC + " SW_WRONG_P1P2"),
        SwRow("6BXX", "wrong parameters P1-P2 (proprietary SW2)", "ISO", SC + "wrong_p1p2", _E, ISO4),
        SwRow("6CXX", "wrong Le: the card has exactly XX bytes; send the same command again with Le = XX", "ISO", SC + "wrong_le", _W, ISO4 + "; " + JC + " SW_CORRECT_LENGTH_00; " + OPENSC, True),
        SwRow("6D00", "instruction code (INS) not supported or invalid", "ISO", SC + "ins_unsupported", _E, ISO4 + "; " + JC + " SW_INS_NOT_SUPPORTED"),
        SwRow("6DXX", "instruction code not supported (proprietary SW2)", "ISO", SC + "ins_unsupported", _E, ISO4),
        SwRow("6E00", "class (CLA) not supported", "ISO", SC + "class_unsupported", _E, ISO4 + "; " + JC + " SW_CLA_NOT_SUPPORTED"),
        SwRow("6EXX", "class not supported (proprietary SW2)", "ISO", SC + "class_unsupported", _E, ISO4),
        SwRow("6F00", "no precise diagnosis (on Java Card: an uncaught exception in the applet)", "ISO", SC + "applet_error", _E, ISO4 + "; " + JC + " SW_UNKNOWN; " + JCRE),
        SwRow("6FXX", "no precise diagnosis (proprietary SW2)", "ISO", SC + "applet_error", _E, ISO4),
        # GlobalPlatform proprietary 9X
        SwRow("9484", "algorithm not supported (PUT KEY / INITIALIZE UPDATE)", "GP", SC + "status_word", _E, GP),
        SwRow("9485", "invalid key check value", "GP", SC + "status_word", _E, GP),
        # NXP DESFire native status, ISO-wrapped (SW1 91)
        SwRow("9100", "DESFire: operation OK", "vendor", SC + "ok", _OK, DESFIRE),
        SwRow("910C", "DESFire: no change (nothing to commit)", "vendor", SC + "status_word", _W, DESFIRE),
        SwRow("910E", "DESFire: out of EEPROM memory", "vendor", SC + "status_word", _E, DESFIRE),
        SwRow("911C", "DESFire: illegal command code", "vendor", SC + "ins_unsupported", _E, DESFIRE),
        SwRow("911E", "DESFire: integrity error (CRC or MAC mismatch)", "vendor", SC + "status_word", _E, DESFIRE),
        SwRow("9140", "DESFire: no such key", "vendor", SC + "status_word", _E, DESFIRE),
        SwRow("917E", "DESFire: length error", "vendor", SC + "wrong_length", _E, DESFIRE),
        SwRow("919D", "DESFire: permission denied", "vendor", SC + "security_status", _E, DESFIRE),
        SwRow("919E", "DESFire: parameter error", "vendor", SC + "wrong_p1p2", _E, DESFIRE),
        SwRow("91A0", "DESFire: application not found", "vendor", SC + "file_not_found", _E, DESFIRE),
        SwRow("91AE", "DESFire: authentication error", "vendor", SC + "security_status", _E, DESFIRE),
        SwRow("91AF", "DESFire: additional frame expected (send 90 AF 00 00 00 to continue)", "vendor", SC + "status_word", _W, DESFIRE),
        SwRow("91BE", "DESFire: boundary error (read/write outside the file)", "vendor", SC + "wrong_p1p2", _E, DESFIRE),
        SwRow("91CA", "DESFire: command aborted (a previous command was not completed)", "vendor", SC + "status_word", _E, DESFIRE),
        SwRow("91DE", "DESFire: duplicate (application or file already exists)", "vendor", SC + "status_word", _E, DESFIRE),
        SwRow("91F0", "DESFire: file not found", "vendor", SC + "file_not_found", _E, DESFIRE),
        SwRow("91XX", "proprietary status (NXP DESFire native status code in SW2)", "vendor", SC + "status_word", _E, DESFIRE + "; " + ISO4 + " (9XXX other than 9000 is proprietary)"),
        SwRow("9XXX", "proprietary status word (application- or vendor-specific; SW1 9X other than 9000)", "ISO", SC + "status_word", _E, ISO4),
    ),
    "ISO 7816-4 status words SW1-SW2 with GlobalPlatform, EMV, Java Card and vendor additions",
)


@record(frozen=True)
class SwRangeRow:
    """A contiguous SW range inside a class that one row describes (6202-6280 'triggered by the card')."""

    first: int
    last: int
    meaning: str
    code: str
    severity: str
    source: str


SW_RANGES = Table(
    "status_word_ranges",
    (
        SwRangeRow(0x6202, 0x6280, "warning triggered by the card (SW2 = length of data the card wants to send; send GET DATA/ENVELOPE per the application)", SC + "status_word", _W, ISO4),
        SwRangeRow(0x6402, 0x6480, "execution error triggered by the card", SC + "status_word", _E, ISO4),
    ),
    "SW ranges ISO 7816-4 names as 'triggering by the card'",
)


def lookup_sw(sw1: int, sw2: int, where: str = "") -> tuple[SwRow | SwRangeRow, str] | None:
    """Best row for SW1-SW2 and how it matched: "exact", "range", "parametric" or "class".

    ``where`` prefers a context's row (e.g. "EMV" for 6283 on SELECT) when one exists for the exact
    value; otherwise the ISO row (listed first) wins. Used by explain.py and, through sw_meaning, by the probe.
    """
    sw1 &= 0xFF
    sw2 &= 0xFF
    value = f"{sw1:02X}{sw2:02X}"
    if where:
        for row in STATUS_WORDS.rows:
            if row.pattern == value and row.where == where:
                return row, "exact"
    got = lookup_hex(STATUS_WORDS.rows, value)
    if got is not None and got[1] in ("exact", "parametric"):
        return got
    sw = sw1 << 8 | sw2
    for rng in SW_RANGES.rows:
        if rng.first <= sw <= rng.last:
            return rng, "range"
    return got


def other_meanings(sw1: int, sw2: int) -> list[SwRow]:
    """Rows of other contexts (GP, EMV...) for the same exact value, to show beside the ISO one."""
    value = f"{sw1 & 0xFF:02X}{sw2 & 0xFF:02X}"
    rows = [r for r in STATUS_WORDS.rows if r.pattern == value]
    return rows[1:]


def sw_text(row: SwRow | SwRangeRow, sw1: int, sw2: int) -> str:
    """The row's meaning with the wildcard filled in: 6110 -> '16 (0x10) response bytes ... Le = 10'."""
    text = row.meaning
    if not isinstance(row, SwRow) or not row.parametric:
        return text
    if row.pattern.upper().endswith("CX"):
        return rx(r"\bX\b", 0).sub(str(sw2 & 0x0F), text)
    n = sw2 or 256
    return text.replace("XX", f"{n} (0x{sw2:02X})", 1).replace("XX", f"{sw2:02X}")


@record(frozen=True)
class SwMeaning:
    """A status word as the probe reports it: its finding code, meaning, source and match kind."""

    sw: str  # "6881"
    code: str | None
    meaning: str
    source: str
    match: str  # "exact", "parametric", "range", "class" or "none"


def sw_meaning(sw1: int, sw2: int) -> SwMeaning:
    """The status-word table's reading of SW1-SW2 (never raises; "none" when no row fits)."""
    sw1 &= 0xFF
    sw2 &= 0xFF
    sw = f"{sw1:02X}{sw2:02X}"
    got = lookup_sw(sw1, sw2)
    if got is None:
        return SwMeaning(sw, None, "status word not in the table", ISO4, "none")
    row, match = got
    return SwMeaning(sw, row.code, sw_text(row, sw1, sw2), row.source, match)


def is_success(sw1: int, sw2: int) -> bool:
    """9000, 61XX (data waiting) and the 62XX/63XX warnings all mean the card executed the command."""
    return (sw1 == 0x90 and sw2 == 0x00) or sw1 in (0x61, 0x62, 0x63)


def is_sw1(value: int) -> bool:
    """A byte that can start a status word: 61-6F or 90-9F (60 is the T=0 NULL procedure byte)."""
    return 0x61 <= value <= 0x6F or 0x90 <= value <= 0x9F


# --- the class byte -----------------------------------------------------------------------------
@record(frozen=True)
class ClaRangeRow:
    first: int
    last: int
    kind: str  # "interindustry-4", "interindustry-16", "rfu", "proprietary", "pps"
    meaning: str
    source: str


CLA_RANGES = Table(
    "cla_ranges",
    (
        ClaRangeRow(0x00, 0x1F, "interindustry-4", "interindustry, first values: 000x yyzz = chaining b5, secure messaging b4-b3, logical channel 0-3 in b2-b1", ISO4_CLA),
        ClaRangeRow(0x20, 0x3F, "rfu", "reserved for future use (no valid interindustry CLA)", ISO4_CLA),
        ClaRangeRow(0x40, 0x7F, "interindustry-16", "interindustry, further values: 01yx zzzz = secure messaging b6, chaining b5, logical channel 4-19 in b4-b1 (+4)", ISO4_CLA),
        ClaRangeRow(0x80, 0x9F, "proprietary", "proprietary command set with the ISO structure (GlobalPlatform uses 80, and 84 with secure messaging; EMV uses 80)", ISO4_CLA + "; " + GP),
        ClaRangeRow(0xA0, 0xAF, "proprietary", "proprietary; GSM SIM (3GPP TS 51.011) commands use A0", ISO4_CLA + "; " + GSM),
        ClaRangeRow(0xB0, 0xCF, "proprietary", "proprietary with the ISO structure", ISO4_CLA),
        ClaRangeRow(0xD0, 0xFE, "proprietary", "proprietary", ISO4_CLA),
        ClaRangeRow(0xFF, 0xFF, "pps", "invalid as a card CLA (PPS in ISO 7816-3); PC/SC readers take FF as a pseudo-APDU for the reader itself (FF CA 00 00 00 = get UID)", ISO3 + " §9; " + PCSC3),
    ),
    "What the CLA byte says: interindustry type 4 and 16, proprietary ranges, PC/SC pseudo-APDU",
)


@record
class ClaInfo:
    """A decoded CLA byte."""

    cla: int
    kind: str
    meaning: str
    chaining: bool = False
    secure_messaging: int = 0  # 0 none, 1 proprietary, 2 SM header not authenticated, 3 authenticated (type 4); 0/1 for type 16
    channel: int | None = None
    source: str = ISO4_CLA

    def describe(self) -> str:
        parts = [f"CLA {self.cla:02X} = {self.cla:08b}b: {self.meaning}"]
        if self.kind.startswith("interindustry"):
            parts.append(f"logical channel {self.channel}")
            parts.append("command chaining bit b5 SET" if self.chaining else "chaining bit b5 clear")
            parts.append(f"secure messaging bits = {self.secure_messaging}" + (" (SM in use)" if self.secure_messaging else " (no SM)"))
        return "; ".join(parts)


def decode_cla(cla: int) -> ClaInfo:
    """Split a CLA into chaining, secure messaging and channel bits (ISO 7816-4 §5.1.1)."""
    cla &= 0xFF
    row = next((r for r in CLA_RANGES.rows if r.first <= cla <= r.last), CLA_RANGES.rows[-1])
    info = ClaInfo(cla, row.kind, row.meaning, source=row.source)
    if row.kind == "interindustry-4":
        info.chaining = bool(cla & 0x10)
        info.secure_messaging = (cla >> 2) & 0x03
        info.channel = cla & 0x03
    elif row.kind == "interindustry-16":
        info.chaining = bool(cla & 0x10)
        info.secure_messaging = (cla >> 5) & 0x01
        info.channel = 4 + (cla & 0x0F)
    return info


#: Which CLA bits a 68XX status word points at (ISO 7816-4 §5.1.1 and Table 6).
CLA_BITS_FOR_SW: dict[int, str] = {
    0x81: "the logical channel bits: b2-b1 of a type-4 CLA (0x01-0x03 = channels 1-3) or a type-16 CLA 0x40-0x7F (channels 4-19); clear them to use the basic channel 0",
    0x82: "the secure messaging bits b4-b3 (CLA 0x04, 0x08, 0x0C; or b6 in a type-16 CLA); clear them unless a secure channel is open",
    0x83: "the chaining bit b5 (CLA 0x10): a chain was started and the card expects its last command (b5 = 0) next",
    0x84: "the chaining bit b5 (CLA 0x10): this card/applet does not accept command chaining",
    0x00: "every CLA bit: channel b2-b1, secure messaging b4-b3, chaining b5; a proprietary CLA (0x80) may be required instead",
}


# --- instruction bytes ---------------------------------------------------------------------------
@record(frozen=True)
class InsRow:
    ins: int
    name: str
    kind: str  # read / select / transport / auth / pin / write / admin / reader
    source: str


_R, _WR, _PIN, _ADM, _AUTH = "read", "write", "pin", "admin", "auth"
INS_CODES = Table(
    "ins_codes",
    (
        InsRow(0x04, "DEACTIVATE FILE", _ADM, ISO4_INS),
        InsRow(0x0C, "ERASE RECORD", _WR, ISO4_INS),
        InsRow(0x0E, "ERASE BINARY", _WR, ISO4_INS),
        InsRow(0x0F, "ERASE BINARY (odd INS)", _WR, ISO4_INS),
        InsRow(0x20, "VERIFY", _PIN, ISO4_INS),
        InsRow(0x21, "VERIFY (odd INS)", _PIN, ISO4_INS),
        InsRow(0x22, "MANAGE SECURITY ENVIRONMENT", _AUTH, ISO4_INS),
        InsRow(0x24, "CHANGE REFERENCE DATA (change PIN)", _PIN, ISO4_INS),
        InsRow(0x26, "DISABLE VERIFICATION REQUIREMENT", _PIN, ISO4_INS),
        InsRow(0x28, "ENABLE VERIFICATION REQUIREMENT", _PIN, ISO4_INS),
        InsRow(0x2A, "PERFORM SECURITY OPERATION", _AUTH, ISO4_INS),
        InsRow(0x2C, "RESET RETRY COUNTER (unblock PIN)", _PIN, ISO4_INS),
        InsRow(0x44, "ACTIVATE FILE", _ADM, ISO4_INS),
        InsRow(0x46, "GENERATE ASYMMETRIC KEY PAIR", _WR, ISO4_INS),
        InsRow(0x50, "INITIALIZE UPDATE (GlobalPlatform, CLA 80)", _AUTH, GP),
        InsRow(0x70, "MANAGE CHANNEL", "transport", ISO4_INS),
        InsRow(0x82, "EXTERNAL AUTHENTICATE", _AUTH, ISO4_INS + "; " + GP),
        InsRow(0x84, "GET CHALLENGE", _R, ISO4_INS),
        InsRow(0x86, "GENERAL AUTHENTICATE", _AUTH, ISO4_INS),
        InsRow(0x87, "GENERAL AUTHENTICATE (odd INS)", _AUTH, ISO4_INS),
        InsRow(0x88, "INTERNAL AUTHENTICATE", _AUTH, ISO4_INS),
        InsRow(0xA0, "SEARCH BINARY", _R, ISO4_INS),
        InsRow(0xA2, "SEARCH RECORD", _R, ISO4_INS),
        InsRow(0xA4, "SELECT", "select", ISO4_INS),
        InsRow(0xA8, "GET PROCESSING OPTIONS (EMV, CLA 80)", _R, EMV),
        InsRow(0xAE, "GENERATE APPLICATION CRYPTOGRAM (EMV, CLA 80)", _AUTH, EMV),
        InsRow(0xB0, "READ BINARY", _R, ISO4_INS),
        InsRow(0xB1, "READ BINARY (odd INS)", _R, ISO4_INS),
        InsRow(0xB2, "READ RECORD", _R, ISO4_INS),
        InsRow(0xB3, "READ RECORD (odd INS)", _R, ISO4_INS),
        InsRow(0xC0, "GET RESPONSE", "transport", ISO4_INS),
        InsRow(0xC2, "ENVELOPE", "transport", ISO4_INS),
        InsRow(0xCA, "GET DATA", _R, ISO4_INS + "; " + GP),
        InsRow(0xCB, "GET DATA (odd INS)", _R, ISO4_INS),
        InsRow(0xD0, "WRITE BINARY", _WR, ISO4_INS),
        InsRow(0xD2, "WRITE RECORD", _WR, ISO4_INS),
        InsRow(0xD6, "UPDATE BINARY", _WR, ISO4_INS),
        InsRow(0xD8, "PUT KEY (GlobalPlatform)", _WR, GP),
        InsRow(0xDA, "PUT DATA", _WR, ISO4_INS),
        InsRow(0xDB, "PUT DATA (odd INS)", _WR, ISO4_INS),
        InsRow(0xDC, "UPDATE RECORD", _WR, ISO4_INS),
        InsRow(0xE0, "CREATE FILE", _WR, ISO4_INS),
        InsRow(0xE2, "APPEND RECORD (ISO) / STORE DATA (GlobalPlatform, CLA 80)", _WR, ISO4_INS + "; " + GP),
        InsRow(0xE4, "DELETE FILE (ISO) / DELETE (GlobalPlatform)", _WR, ISO4_INS + "; " + GP),
        InsRow(0xE6, "TERMINATE DF (ISO) / INSTALL (GlobalPlatform)", _WR, ISO4_INS + "; " + GP),
        InsRow(0xE8, "TERMINATE EF (ISO) / LOAD (GlobalPlatform)", _WR, ISO4_INS + "; " + GP),
        InsRow(0xF0, "SET STATUS (GlobalPlatform)", _WR, GP),
        InsRow(0xF2, "GET STATUS (GlobalPlatform)", _R, GP),
        InsRow(0xFE, "TERMINATE CARD USAGE", _WR, ISO4_INS),
    ),
    "Common INS codes; kind 'write', 'pin', 'admin' marks commands a probe must never send",
)

_INS_BY_VALUE = {r.ins: r for r in INS_CODES.rows}


def ins_row(ins: int) -> InsRow | None:
    return _INS_BY_VALUE.get(ins & 0xFF)


#: Kinds of command a diagnostic tool must never send (they change the card or use up PIN tries).
UNSAFE_KINDS = frozenset({_WR, _PIN, _ADM})


# --- PC/SC return codes --------------------------------------------------------------------------
@record(frozen=True)
class PcscRow:
    value: int
    name: str
    text: str  # pcsc-lite's pcsc_stringify_error text (fact), "" when pcsc-lite has none
    meaning: str  # our wording
    code: str
    source: str


_PC = PCSCLITE_H
PCSC_CODES = Table(
    "pcsc_codes",
    (
        PcscRow(0x80100001, "SCARD_F_INTERNAL_ERROR", "Internal error.", "the PC/SC layer hit an internal consistency error", SC + "pcsc_error", _PC),
        PcscRow(0x80100002, "SCARD_E_CANCELLED", "Command cancelled.", "the call was cancelled by SCardCancel", SC + "pcsc_error", _PC),
        PcscRow(0x80100003, "SCARD_E_INVALID_HANDLE", "Invalid handle.", "the context or card handle is not valid (released, or from another process/thread)", SC + "pcsc_error", _PC),
        PcscRow(0x80100004, "SCARD_E_INVALID_PARAMETER", "Invalid parameter given.", "a parameter of the call could not be interpreted", SC + "pcsc_error", _PC),
        PcscRow(0x80100005, "SCARD_E_INVALID_TARGET", "Invalid target given.", "registry start-up information missing or invalid", SC + "pcsc_error", _PC),
        PcscRow(0x80100006, "SCARD_E_NO_MEMORY", "Not enough memory.", "not enough memory to complete the call", SC + "pcsc_error", _PC),
        PcscRow(0x80100007, "SCARD_F_WAITED_TOO_LONG", "Waited too long.", "an internal timer expired", SC + "pcsc_error", _PC),
        PcscRow(0x80100008, "SCARD_E_INSUFFICIENT_BUFFER", "Insufficient buffer.", "the receive buffer is smaller than the card's answer (give SCardTransmit room for data + 2 SW bytes, 258 or 65538 for extended APDUs)", SC + "pcsc_error", _PC),
        PcscRow(0x80100009, "SCARD_E_UNKNOWN_READER", "Unknown reader specified.", "the reader name is not known (unplugged, or the name changed)", SC + "no_reader", _PC),
        PcscRow(0x8010000A, "SCARD_E_TIMEOUT", "Command timeout.", "the timeout given to the call (e.g. SCardGetStatusChange) expired: no event happened", SC + "pcsc_error", _PC),
        PcscRow(0x8010000B, "SCARD_E_SHARING_VIOLATION", "Sharing violation.", "another connection holds the card (exclusive mode), so this one cannot be made", SC + "sharing_violation", _PC),
        PcscRow(0x8010000C, "SCARD_E_NO_SMARTCARD", "No smart card inserted.", "the reader has no card", SC + "no_card", _PC),
        PcscRow(0x8010000D, "SCARD_E_UNKNOWN_CARD", "Unknown card.", "the card name is not recognised", SC + "pcsc_error", _PC),
        PcscRow(0x8010000E, "SCARD_E_CANT_DISPOSE", "Cannot dispose handle.", "the card could not be disposed of as asked (eject/reset)", SC + "pcsc_error", _PC),
        PcscRow(0x8010000F, "SCARD_E_PROTO_MISMATCH", "Card protocol mismatch.", "the protocol asked for (T=0/T=1) is not the card's current one", SC + "protocol_mismatch", _PC),
        PcscRow(0x80100010, "SCARD_E_NOT_READY", "Subsystem not ready.", "the reader or card is not ready for commands", SC + "pcsc_error", _PC),
        PcscRow(0x80100011, "SCARD_E_INVALID_VALUE", "Invalid value given.", "a parameter value could not be interpreted", SC + "pcsc_error", _PC),
        PcscRow(0x80100012, "SCARD_E_SYSTEM_CANCELLED", "System cancelled.", "cancelled by the system (log-off or shutdown)", SC + "pcsc_error", _PC),
        PcscRow(0x80100013, "SCARD_F_COMM_ERROR", "RPC transport error.", "the client library lost its connection to the PC/SC service (pcscd restarted, socket gone)", SC + "transmit_failed", _PC),
        PcscRow(0x80100014, "SCARD_F_UNKNOWN_ERROR", "Unknown error.", "an internal error with no known cause", SC + "pcsc_error", _PC),
        PcscRow(0x80100015, "SCARD_E_INVALID_ATR", "Invalid ATR.", "an ATR from the registry is not valid", SC + "pcsc_error", _PC),
        PcscRow(0x80100016, "SCARD_E_NOT_TRANSACTED", "Transaction failed.", "the APDU exchange with the card failed (reader, driver or card; not a lock held by someone else)", SC + "transmit_failed", _PC),
        PcscRow(0x80100017, "SCARD_E_READER_UNAVAILABLE", "Reader is unavailable.", "the reader is gone or not usable right now", SC + "no_reader", _PC),
        PcscRow(0x80100018, "SCARD_P_SHUTDOWN", "", "aborted so that the server application can exit", SC + "pcsc_error", _PC),
        PcscRow(0x80100019, "SCARD_E_PCI_TOO_SMALL", "PCI struct too small.", "the PCI receive buffer is too small", SC + "pcsc_error", _PC),
        PcscRow(0x8010001A, "SCARD_E_READER_UNSUPPORTED", "Reader is unsupported.", "the reader driver does not meet minimal requirements", SC + "no_reader", _PC),
        PcscRow(0x8010001B, "SCARD_E_DUPLICATE_READER", "Reader already exists.", "the reader driver did not produce a unique name", SC + "pcsc_error", _PC),
        PcscRow(0x8010001C, "SCARD_E_CARD_UNSUPPORTED", "Card is unsupported.", "the card does not meet minimal requirements", SC + "card_unresponsive", _PC),
        PcscRow(0x8010001D, "SCARD_E_NO_SERVICE", "Service not available.", "the PC/SC service (pcscd on Linux, SCardSvr on Windows) is not running or not reachable", SC + "no_service", _PC),
        PcscRow(0x8010001E, "SCARD_E_SERVICE_STOPPED", "Service was stopped.", "the PC/SC service stopped (or restarted) after this context was made", SC + "no_service", _PC),
        PcscRow(0x8010001F, "SCARD_E_UNEXPECTED", "Feature not supported.", "an unexpected card error; pcsc-lite also uses this value for SCARD_E_UNSUPPORTED_FEATURE", SC + "pcsc_error", _PC + "; " + WINERROR),
        PcscRow(0x80100020, "SCARD_E_ICC_INSTALLATION", "", "no primary provider for the card", SC + "pcsc_error", _PC),
        PcscRow(0x80100021, "SCARD_E_ICC_CREATEORDER", "", "the requested order of object creation is not supported", SC + "pcsc_error", _PC),
        PcscRow(0x80100022, "SCARD_E_UNSUPPORTED_FEATURE", "", "the card or driver does not support the requested feature (Windows value; pcsc-lite uses 8010001F)", SC + "pcsc_error", WINERROR),
        PcscRow(0x80100023, "SCARD_E_DIR_NOT_FOUND", "", "the directory does not exist on the card", SC + "pcsc_error", _PC),
        PcscRow(0x80100024, "SCARD_E_FILE_NOT_FOUND", "", "the file does not exist on the card", SC + "pcsc_error", _PC),
        PcscRow(0x80100025, "SCARD_E_NO_DIR", "", "the path is not a directory on the card", SC + "pcsc_error", _PC),
        PcscRow(0x80100026, "SCARD_E_NO_FILE", "", "the path is not a file on the card", SC + "pcsc_error", _PC),
        PcscRow(0x80100027, "SCARD_E_NO_ACCESS", "", "access to the file is denied", SC + "pcsc_error", _PC),
        PcscRow(0x80100028, "SCARD_E_WRITE_TOO_MANY", "", "the card does not have enough memory for the data", SC + "pcsc_error", _PC),
        PcscRow(0x80100029, "SCARD_E_BAD_SEEK", "", "could not set the card's file pointer", SC + "pcsc_error", _PC),
        PcscRow(0x8010002A, "SCARD_E_INVALID_CHV", "", "the PIN supplied is wrong", SC + "pcsc_error", _PC),
        PcscRow(0x8010002B, "SCARD_E_UNKNOWN_RES_MNG", "", "an unknown error code came from a layered component", SC + "pcsc_error", _PC),
        PcscRow(0x8010002C, "SCARD_E_NO_SUCH_CERTIFICATE", "", "the certificate does not exist", SC + "pcsc_error", _PC),
        PcscRow(0x8010002D, "SCARD_E_CERTIFICATE_UNAVAILABLE", "", "the certificate could not be obtained", SC + "pcsc_error", _PC),
        PcscRow(0x8010002E, "SCARD_E_NO_READERS_AVAILABLE", "Cannot find a smart card reader.", "no reader is connected (or none is driven: missing CCID driver)", SC + "no_reader", _PC),
        PcscRow(0x8010002F, "SCARD_E_COMM_DATA_LOST", "", "a communication error with the card; retry", SC + "transmit_failed", _PC),
        PcscRow(0x80100030, "SCARD_E_NO_KEY_CONTAINER", "", "the key container does not exist on the card", SC + "pcsc_error", _PC),
        PcscRow(0x80100031, "SCARD_E_SERVER_TOO_BUSY", "", "the resource manager is too busy", SC + "pcsc_error", _PC),
        PcscRow(0x80100032, "SCARD_E_PIN_CACHE_EXPIRED", "", "the smart card PIN cache expired (Windows)", SC + "pcsc_error", WINERROR),
        PcscRow(0x80100033, "SCARD_E_NO_PIN_CACHE", "", "the PIN cannot be cached (Windows)", SC + "pcsc_error", WINERROR),
        PcscRow(0x80100034, "SCARD_E_READ_ONLY_CARD", "", "the card is read-only (Windows)", SC + "pcsc_error", WINERROR),
        PcscRow(0x80100065, "SCARD_W_UNSUPPORTED_CARD", "Card is not supported.", "the reader cannot talk to the card (ATR configuration conflict)", SC + "card_unresponsive", _PC),
        PcscRow(0x80100066, "SCARD_W_UNRESPONSIVE_CARD", "Card is unresponsive.", "the card does not answer the reset (no or bad ATR)", SC + "card_unresponsive", _PC),
        PcscRow(0x80100067, "SCARD_W_UNPOWERED_CARD", "Card is unpowered.", "the card has no power, so nothing more can be exchanged", SC + "card_unresponsive", _PC),
        PcscRow(0x80100068, "SCARD_W_RESET_CARD", "Card was reset.", "the card was reset (by another application or a reconnect), so any session state is lost", SC + "card_reset", _PC),
        PcscRow(0x80100069, "SCARD_W_REMOVED_CARD", "Card was removed.", "the card was removed (or left the field), so the connection is dead", SC + "card_removed", _PC),
        PcscRow(0x8010006A, "SCARD_W_SECURITY_VIOLATION", "Access denied.", "access denied by a security violation", SC + "pcsc_error", _PC),
        PcscRow(0x8010006B, "SCARD_W_WRONG_CHV", "", "the wrong PIN was presented", SC + "pin_tries_left", _PC),
        PcscRow(0x8010006C, "SCARD_W_CHV_BLOCKED", "", "the PIN is blocked: the maximum number of tries was reached", SC + "pin_blocked", _PC),
        PcscRow(0x8010006D, "SCARD_W_EOF", "", "end of the card file reached", SC + "pcsc_error", _PC),
        PcscRow(0x8010006E, "SCARD_W_CANCELLED_BY_USER", "", "the user pressed Cancel in a card selection dialog", SC + "pcsc_error", _PC),
        PcscRow(0x8010006F, "SCARD_W_CARD_NOT_AUTHENTICATED", "", "no PIN was presented to the card", SC + "security_status", _PC),
        PcscRow(0x80100070, "SCARD_W_CACHE_ITEM_NOT_FOUND", "", "the requested item is not in the card cache (Windows)", SC + "pcsc_error", WINERROR),
        PcscRow(0x80100071, "SCARD_W_CACHE_ITEM_STALE", "", "the requested cache item is stale (Windows)", SC + "pcsc_error", WINERROR),
        PcscRow(0x80100072, "SCARD_W_CACHE_ITEM_TOO_BIG", "", "the cache item is too big (Windows)", SC + "pcsc_error", WINERROR),
    ),
    "PC/SC return codes 0x8010xxxx: name, pcsc-lite's text, our meaning and the finding code",
)

_PCSC_BY_VALUE: dict[int, PcscRow] = {}
for _row in PCSC_CODES.rows:
    _PCSC_BY_VALUE.setdefault(_row.value, _row)
_PCSC_BY_NAME = {r.name: r for r in PCSC_CODES.rows}
_PCSC_BY_TEXT = {r.text.lower().rstrip("."): r for r in PCSC_CODES.rows if r.text}


def pcsc_row(value: int) -> PcscRow | None:
    return _PCSC_BY_VALUE.get(value & 0xFFFFFFFF)


def pcsc_by_name(name: str) -> PcscRow | None:
    return _PCSC_BY_NAME.get(name.upper())


# Wrapper libraries name the codes in CamelCase, built from the constant's suffix word by word:
# the Rust pcsc crate's Error enum (NoService = SCARD_E_NO_SERVICE, NoSmartcard, ProtoMismatch,
# IccCreateorder ...; bluetech/pcsc-rust pcsc/src/lib.rs 2.x), pcsc-sharp's SCardError enum and its
# *Exception classes (danm-de/pcsc-sharp 6.x: SCardError.NoService, RemovedCardException).
PCSC_CAMEL_SOURCE = "bluetech/pcsc-rust pcsc/src/lib.rs (enum Error: NoService = ffi::SCARD_E_NO_SERVICE ...); danm-de/pcsc-sharp SCardError enum / *Exception classes"


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_")[2:])


_PCSC_BY_CAMEL: dict[str, PcscRow] = {}
for _row in PCSC_CODES.rows:
    _PCSC_BY_CAMEL.setdefault(_camel(_row.name), _row)
# words that make a bare CamelCase name (Error::X, XException) a smart-card one; a name without one
# (Timeout, Cancelled, InvalidParameter, FileNotFound) is printed by many unrelated libraries too
_PCSC_CAMEL_DISTINCT = ("Card", "Reader", "Service", "Sharing", "Proto", "Chv", "Atr", "Transacted", "ResMng", "Smartcard")


def pcsc_by_camel(name: str, explicit: bool) -> PcscRow | None:
    """The row a wrapper's CamelCase name stands for; `explicit` when the text names the PC/SC
    wrapper type (PcscError(...), SCardError.X), else only distinctive names count."""
    row = _PCSC_BY_CAMEL.get(name)
    if row is None or explicit:
        return row
    return row if any(w in name for w in _PCSC_CAMEL_DISTINCT) else None


def pcsc_by_text(text: str) -> PcscRow | None:
    """The row whose pcsc-lite text this is ("Sharing violation." -> SCARD_E_SHARING_VIOLATION)."""
    return _PCSC_BY_TEXT.get(text.lower().strip().rstrip("."))


# --- messages that libraries and tools print ---------------------------------------------------
@record(frozen=True)
class MessageRow:
    pattern: str  # case-insensitive regular expression (compiled lazily, knowledge.table.rx)
    stack: str  # pyscard, pcsc-lite, pcsc-tools, opensc, java, dotnet, gppro, jnasmartcardio...
    meaning: str
    code: str
    confidence: float  # how sure the match names this cause (and the smart-card domain)
    source: str
    sw: str = ""  # the status word the message stands for, when it names one in words


_PYS = "pyscard 2.3.1 (observed on this lab, facts/smartcard.md)"
MESSAGES = Table(
    "smartcard_messages",
    (
        # the PC/SC service
        MessageRow(r"EstablishContextException|fail(?:ed|ure) to establish context", "pyscard", "pyscard could not open a PC/SC context: the PC/SC service is not reachable", SC + "no_service", 0.9, _PYS + " gotcha 15; emlun/yubikey-oath-dmenu#11; StevenTso/ACS-ACR122U-NFC-Reader#7"),
        MessageRow(r"SCardEstablishContext(?:\(\))?[:\s]+(?:Service not available|Service was stopped)", "pcsc-tools", "pcsc_scan could not reach pcscd", SC + "no_service", 0.95, "pcsc_scan (pcsc-tools 1.6.2, observed: facts/smartcard.md gotcha 15); LudovicRousseau/pcsc-tools#74; LudovicRousseau/PCSC#68"),
        MessageRow(r"SCardEstablishContext (?:got response|failed)", "jnasmartcardio/yubico-piv-tool", "establishing the PC/SC context failed", SC + "no_service", 0.9, "jnasmartcardio/jnasmartcardio#3; Yubico/yubico-piv-tool#125"),
        MessageRow(r"smart ?card resource manager is not running|NoServiceException", "dotnet", "Windows' Smart Card service (SCardSvr) or pcscd is not running", SC + "no_service", 0.95, "danm-de/pcsc-sharp#24, #71 (PCSC.Exceptions.NoServiceException); winerror.h text of SCARD_E_NO_SERVICE"),
        MessageRow(r"\bService not available\.", "pcsc-lite", "pcsc-lite's text for SCARD_E_NO_SERVICE", SC + "no_service", 0.7, PCSCLITE_H),
        MessageRow(r"\bService was stopped\.", "pcsc-lite", "pcsc-lite's text for SCARD_E_SERVICE_STOPPED", SC + "no_service", 0.75, PCSCLITE_H + "; LudovicRousseau/pcsc-tools#74"),
        # readers
        MessageRow(r"No smart ?card readers found", "opensc", "opensc-tool found no reader (it still exits 0)", SC + "no_reader", 0.9, "opensc-tool 0.23.0 -l (observed: facts/smartcard.md gotcha 15)"),
        MessageRow(r"Cannot find a smart ?card reader|NoReadersAvailableException|no readers? (?:available|connected|found)", "pcsc-lite/dotnet", "no reader is connected or driven", SC + "no_reader", 0.8, PCSCLITE_H + "; danm-de/pcsc-sharp#15; martinpaljak/apdu4j#8"),
        MessageRow(r"Waiting for the first reader", "pcsc-tools", "pcsc_scan sees no reader at all: none is plugged in, or pcscd has no driver for it (a reader that is not CCID-compliant or not in the CCID driver's list)", SC + "no_reader", 0.8, "pcsc-tools pcsc_scan.c ('Waiting for the first reader...'); observed: https://github.com/LudovicRousseau/pcsc-tools/issues/80"),
        MessageRow(r"Unable to open NFC device|No NFC device found", "libnfc", "libnfc could not open any NFC reader: none is connected, libnfc has no driver for this model, or the kernel's own NFC driver (pn533) holds the USB device", SC + "no_reader", 0.75, "libnfc utils/nfc-list.c ('Unable to open NFC device', 'No NFC device found.'); observed: https://github.com/thomasread99/linux_pam_nfc/issues/8, https://github.com/nfc-tools/libnfc/issues/221"),
        MessageRow(r"\blist\(\) failed", "java", "javax.smartcardio could not list readers (the cause follows: SCARD_E_NO_READERS_AVAILABLE, SCARD_E_NO_SERVICE)", SC + "no_reader", 0.6, "martinpaljak/apdu4j#2 (javax.smartcardio.CardException: list() failed)"),
        MessageRow(r"ReaderUnavailableException|UnknownReaderException|Reader is unavailable\.|Unknown reader specified\.", "dotnet/pcsc-lite", "the reader named is gone or unknown", SC + "no_reader", 0.8, "danm-de/pcsc-sharp src/PCSC/Exceptions (ReaderUnavailableException, UnknownReaderException); " + PCSCLITE_H),
        # the card
        MessageRow(r"requires a Smart ?Card, but no Smart ?Card is currently in the device", "winscard/go-piv", "Windows' (and macOS CryptoTokenKit's) text for SCARD_E_NO_SMARTCARD: the reader that was opened has no card (often an empty built-in reader picked before the token)", SC + "no_card", 0.9, WINERROR + " (SCARD_E_NO_SMARTCARD text); observed: https://github.com/FiloSottile/yubikey-agent/issues/100"),
        MessageRow(r"SCardConnect\b[^\n]{0,60}?(?:card (?:was|has been) removed|SCARD_W_REMOVED_CARD|0x0?8010069\b)", "winscard/node-pcsclite", "SCardConnect answered 'card removed': there was no session yet, so no card was in the reader when the connect was tried (Windows answers SCARD_W_REMOVED_CARD for an empty reader)", SC + "no_card", 0.96, WINERROR + " (SCARD_W_REMOVED_CARD); observed: https://github.com/santigimeno/node-pcsclite/issues/49"),
        MessageRow(r"NoCardException|No smart ?card inserted|NoSmartcardException|CardNotPresentException|No card present", "pyscard/java/dotnet", "no card in the reader", SC + "no_card", 0.9, _PYS + " gotcha 16; danm-de/pcsc-sharp src/PCSC/Exceptions/NoSmartcardException.cs; javax.smartcardio.CardNotPresentException"),
        MessageRow(r"Sharing violation|SharingViolationException", "pcsc-lite/pyscard/dotnet", "another application holds the card in exclusive mode", SC + "sharing_violation", 0.95, _PYS + " contention table; " + PCSCLITE_H + "; danm-de/pcsc-sharp SharingViolationException.cs; estkme-group/lpac#253"),
        MessageRow(r"Card was removed|RemovedCardException|The smart card has been removed", "pcsc-lite/pyscard/dotnet", "the card was removed during the session", SC + "card_removed", 0.9, _PYS + " gotcha 3; " + PCSCLITE_H + "; martinpaljak/GlobalPlatformPro#394; danm-de/pcsc-sharp RemovedCardException.cs"),
        MessageRow(r"Card was reset|ResetCardException", "pcsc-lite", "the card was reset by another application", SC + "card_reset", 0.9, PCSCLITE_H),
        MessageRow(r"Card is unresponsive|Card is unpowered|\bUnresponsive card\b|UnresponsiveCardException|UnpoweredCardException|Card is not supported\.", "pcsc-lite/dotnet", "the card does not answer the reset or has no power", SC + "card_unresponsive", 0.9, PCSCLITE_H + "; danm-de/pcsc-sharp UnresponsiveCardException.cs, UnpoweredCardException.cs; ctt-gob-es/clienteafirma#352; OpenSC src/libopensc/errors.c SC_ERROR_CARD_UNRESPONSIVE text (OpenSC/OpenSC#546); pcsc_scan card state text (LudovicRousseau/pcsc-tools#31)"),
        MessageRow(r"Card protocol mismatch|InvalidProtocolException", "pcsc-lite/pyscard", "the protocol asked for is not the card's", SC + "protocol_mismatch", 0.9, PCSCLITE_H + "; LudovicRousseau/pyscard#70; acshk/acsccid#16"),
        MessageRow(r"Protocol T=[01] requested but unsupported by the card", "pcsc-lite", "pcscd refused the protocol asked for: the card's ATR does not offer it", SC + "protocol_mismatch", 0.9, "pcsc-lite src/prothandler.c PHSetProtocol() message; observed: https://github.com/acshk/acsccid/issues/14"),
        MessageRow(r"Failed to transmit with protocol T[01]", "pyscard", "SCardTransmit failed (the cause follows in the message)", SC + "transmit_failed", 0.75, "LudovicRousseau/pyscard#36, #70; " + _PYS + " gotcha 3"),
        MessageRow(r"Transaction failed\.|CommunicationErrorException|could not send apdu or receive rapdu", "pcsc-lite/dotnet", "the APDU exchange with the card failed", SC + "transmit_failed", 0.8, PCSCLITE_H + "; pcscd 1.9.9 ifd-vpcd log (facts/smartcard.md gotcha 3); LudovicRousseau/CCID#79"),
        MessageRow(r"Card returned no valid response", "pyscard", "the card answered nothing usable (fewer than two SW bytes)", SC + "transmit_failed", 0.8, _PYS + " gotcha 3"),
        MessageRow(r"Unable to connect(?: with protocol)?", "pyscard", "pyscard could not connect to the card (the PC/SC reason follows)", SC + "pcsc_error", 0.6, _PYS + " contention table"),
        # the reader or card is there, but something between it and the application is in the way
        MessageRow(r"Card is invalid or cannot be handled", "opensc", "OpenSC has no card driver that recognises this card (SC_ERROR_INVALID_CARD)", SC + "token_unrecognized", 0.8, "OpenSC src/libopensc/errors.c (SC_ERROR_INVALID_CARD text); OpenSC/OpenSC#379, #1546, #1563"),
        MessageRow(r"\bCKR_TOKEN_NOT_RECOGNIZED\b|\brv = e1 \(CKR_", "pkcs11", "the PKCS#11 module sees a card in the slot but has no driver for it, or the card carries no structure the module understands (CKR_TOKEN_NOT_RECOGNIZED, 0xE1)", SC + "token_unrecognized", 0.9, "OASIS PKCS#11 Base v2.40 §5.1 (CKR_TOKEN_NOT_RECOGNIZED = 0x000000E1); OpenSC/OpenSC#2037 (OpenSC returns it for cards no driver claims); observed: https://github.com/OpenSC/OpenSC/issues/2585, https://github.com/OpenSC/OpenSC/issues/2018"),
        MessageRow(r"\bCKR_TOKEN_NOT_PRESENT\b", "pkcs11", "the PKCS#11 slot has no token: no card in the reader, or the module sees a different slot (CKR_TOKEN_NOT_PRESENT, 0xE0)", SC + "no_card", 0.85, "OASIS PKCS#11 Base v2.40 §5.1 (CKR_TOKEN_NOT_PRESENT = 0x000000E0)"),
        MessageRow(r"Can't claim interface [\d/]+: (?:LIBUSB_ERROR_BUSY|Device or resource busy)", "ccid (pcscd)", "pcscd's CCID driver found the reader but could not claim its USB interface: another driver holds it, usually the kernel's pn533/nfc driver for NFC readers (ACR122U, SCL3711), or a program using libusb directly (libnfc, nfcpy, GnuPG scdaemon's internal CCID driver)", SC + "reader_claimed", 0.9, "LudovicRousseau/CCID src/ccid_usb.c OpenUSBByName() ('Can't claim interface %s: %s', libusb_error_name() since 1.4 with libusb-1.0, strerror(errno) before it with libusb-0.1: 'Device or resource busy'); observed: https://github.com/LudovicRousseau/pcsc-tools/issues/97, https://github.com/LudovicRousseau/pcsc-tools/issues/4, https://github.com/coinkite/coinkite-tap-proto/issues/37 (blacklisting pn533_usb fixed it)"),
        MessageRow(r"Unable to (?:claim USB interface|set USB configuration) \(Device or resource busy\)", "libnfc", "libnfc found the reader but could not claim it: the kernel's pn533/nfc driver, or pcscd's CCID driver, holds the USB device", SC + "reader_claimed", 0.9, "nfc-tools/libnfc libnfc/drivers/acr122_usb.c, pn53x_usb.c (message text); observed: https://github.com/nfc-tools/libnfc/issues/475, https://github.com/nfc-tools/libnfc/issues/402, https://github.com/nfc-tools/libnfc/issues/405"),
        MessageRow(r"usbfs: interface \d+ claimed by (?:pn53\d\w*|port100|nfcmrvl\w*) while", "linux kernel", "the kernel names the NFC driver that holds the reader's interface while a user-space program (libnfc, pcscd) tries to configure it", SC + "reader_claimed", 0.9, "Linux drivers/usb/core/devio.c proc_setconfig() ('usbfs: interface %d claimed by %s while '%s' sets config'); observed: https://github.com/nfc-tools/libnfc/issues/405"),
        MessageRow(r"selecting (?:card|openpgp) failed: No such device|OpenPGP card not available: No such device", "gnupg", "GnuPG's scdaemon reached no card: its own CCID driver cannot open the reader (pcscd or the kernel holds it, or no udev permission) and it is not told to use pcscd; or an earlier scdaemon still holds a stale connection", SC + "scdaemon_conflict", 0.6, "GnuPG scd/apdu.c, g10/card-util.c ('selecting card failed'); GnuPG manual, Scdaemon Options (disable-ccid, pcsc-shared); observed: https://github.com/librekeys/picoforge/issues/47 (fixed by disable-ccid), https://github.com/LudovicRousseau/PCSC/issues/215"),
        # status words named in words (libraries that print the meaning, not the value)
        MessageRow(r"Status word exception|CheckingErrorException|ExecutionErrorException|WarningProcessingException|SecurityRelatedException", "pyscard", "pyscard's error checker turned a status word into an exception", SC + "status_word", 0.6, "pyscard 2.3.1 smartcard/sw/SWExceptions.py, ISO7816_4ErrorChecker.py"),
        MessageRow(r"Logical channel (?:not|no) supported", "pyscard/javacard/gppro", "the card answered 6881 (logical channel not supported)", SC + "logical_channel_unsupported", 0.8, PYSCARD + "; martinpaljak/GlobalPlatformPro#77", "6881"),
        MessageRow(r"Secure messaging not supported", "pyscard", "the card answered 6882", SC + "secure_messaging_unsupported", 0.8, PYSCARD, "6882"),
        MessageRow(r"Command chaining not supported", "javacard", "the card answered 6884", SC + "chaining_unsupported", 0.8, JC, "6884"),
        MessageRow(r"Last command of the chain expected", "javacard", "the card answered 6883", SC + "chaining_unsupported", 0.8, JC, "6883"),
        MessageRow(r"\bCKR_PIN_LOCKED\b|\buser PIN locked\b", "pkcs11", "the PKCS#11 module reports the PIN locked (CKR_PIN_LOCKED, 0xA4): no tries left", SC + "pin_blocked", 0.95, "OASIS PKCS#11 Base v2.40 §5.1 (CKR_PIN_LOCKED = 0x000000A4); observed: https://github.com/OpenSC/OpenSC/issues/1199, https://github.com/opencryptoki/opencryptoki/issues/322"),
        MessageRow(r"\b(?:PIN|PUK)(?: code)? is blocked\b|\bauthentication method blocked\b", "yubico-piv-tool/piv-go", "the PIN (or PUK) has no tries left (the card answers 6983)", SC + "pin_blocked", 0.9, "yubico-piv-tool tool/yubico-piv-tool.c ('The puk code is blocked'); " + ISO4 + " 6983; observed: https://github.com/Yubico/yubikey-manager/issues/199"),
        MessageRow(r"\b(?:Invalid|Wrong|Incorrect) PIN\b[^\n]{0,20}?\b\d+ (?:tries|try|attempts?|retries) (?:remaining|left)", "yubikey tools", "a wrong PIN was presented; the counter says how many tries are left (the card answered 63CX)", SC + "pin_tries_left", 0.85, ISO4 + " 63CX; observed: https://github.com/str4d/age-plugin-yubikey/issues/148"),
        MessageRow(r"Security status not satisfied", "pyscard", "the card answered 6982", SC + "security_status", 0.75, PYSCARD, "6982"),
        MessageRow(r"Conditions of use not satisfied", "pyscard", "the card answered 6985", SC + "conditions_not_satisfied", 0.75, PYSCARD, "6985"),
        MessageRow(r"Invalid INStruction|Instruction code not supported", "gppro/pyscard", "the card answered 6D00", SC + "ins_unsupported", 0.8, "martinpaljak/GlobalPlatformPro#192; " + PYSCARD, "6D00"),
        MessageRow(r"Class not supported", "pyscard", "the card answered 6E00", SC + "class_unsupported", 0.6, PYSCARD, "6E00"),
        MessageRow(r"File (?:or application )?not found", "pyscard/opensc", "the card answered 6A82", SC + "file_not_found", 0.55, PYSCARD + "; OpenSC/OpenSC#517", "6A82"),
        MessageRow(r"GPException|GlobalPlatformPro", "gppro", "GlobalPlatformPro reported a failure", SC + "status_word", 0.6, "martinpaljak/GlobalPlatformPro#6, #192, #355"),
    ),
    "Error messages of pyscard, pcsc-lite, pcsc-tools, OpenSC, javax.smartcardio, pcsc-sharp and GlobalPlatformPro",
)


# --- ATR facts (used by atr.py) ------------------------------------------------------------------
@record(frozen=True)
class FiRow:
    fi: int
    clock_rate_factor: int | None  # Fi; None = RFU
    f_max_mhz: float | None
    source: str


@record(frozen=True)
class DiRow:
    di: int
    baud_rate_factor: int | None  # Di; None = RFU
    source: str


@record(frozen=True)
class LcsRow:
    first: int
    last: int
    meaning: str
    source: str


_ISO3_T7 = "ISO/IEC 7816-3:2006 §8.3 Table 7 (Fi, f max); pyscard smartcard/ATR.py"
_ISO3_T8 = "ISO/IEC 7816-3:2006 §8.3 Table 8 (Di); pyscard smartcard/ATR.py"
FI_TABLE = Table(
    "atr_fi",
    tuple(
        FiRow(i, fi, f, _ISO3_T7)
        for i, (fi, f) in enumerate(
            [(372, 4.0), (372, 5.0), (558, 6.0), (744, 8.0), (1116, 12.0), (1488, 16.0), (1860, 20.0), (None, None),
             (None, None), (512, 5.0), (768, 7.5), (1024, 10.0), (1536, 15.0), (2048, 20.0), (None, None), (None, None)]
        )
    ),
    "TA1 high nibble FI -> clock rate conversion factor Fi and maximum clock frequency",
)
DI_TABLE = Table(
    "atr_di",
    tuple(DiRow(i, d, _ISO3_T8) for i, d in enumerate([None, 1, 2, 4, 8, 16, 32, 64, 12, 20, None, None, None, None, None, None])),
    "TA1 low nibble DI -> baud rate adjustment factor Di",
)
LCS_TABLE = Table(
    "life_cycle_status",
    (
        LcsRow(0x00, 0x00, "no information given", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x01, 0x01, "creation state", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x03, 0x03, "initialisation state", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x04, 0x04, "operational state, deactivated", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x06, 0x06, "operational state, deactivated", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x05, 0x05, "operational state, activated", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x07, 0x07, "operational state, activated", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x0C, 0x0F, "termination state", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
        LcsRow(0x10, 0xFF, "proprietary", "ISO/IEC 7816-4:2005 §5.3.3.2 Table 13"),
    ),
    "Life cycle status byte (LCS) in the ATR status indicator",
)


def lcs_meaning(value: int) -> str:
    for row in LCS_TABLE.rows:
        if row.first <= value <= row.last:
            return row.meaning
    return "RFU"


TABLES: tuple[Table, ...] = (
    STATUS_WORDS, SW_RANGES, CLA_RANGES, INS_CODES, PCSC_CODES, MESSAGES, FI_TABLE, DI_TABLE, LCS_TABLE,
    PKCS11_RETURN_VALUES,
)
