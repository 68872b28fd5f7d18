"""A status word read together with the command it answers (ISO/IEC 7816-4, GlobalPlatform).

Why a table of its own: 63C2 alone is "a counter"; after VERIFY it is "wrong PIN, 2 tries left".
6A80 alone is "incorrect data"; after LOAD it is "the card rejected the CAP file". When the input
shows the command APDU (its INS) or names the command (a GlobalPlatformPro line, a log), the
status word is explained in that command's terms, ahead of the generic status-word reading.
Pure data; the lookup is a dictionary walk.
"""

from __future__ import annotations

from ...knowledge.table import HexPattern, Table
from ...record import record

ISO4_VERIFY = "ISO/IEC 7816-4:2005 §7.5.6 VERIFY (63CX: verification failed, X further retries allowed; 6983 authentication method blocked; 6984 reference data not usable)"
ISO4_SELECT = "ISO/IEC 7816-4:2005 §7.1.1 SELECT (6A82: file or application not found; 6283 selected file deactivated)"
ISO4_GETRESP = "ISO/IEC 7816-4:2005 §7.6.1 GET RESPONSE (P1-P2 00 00, other values RFU)"
ISO4_SEC = "ISO/IEC 7816-4:2005 §5.1.3 Table 6 (6982 security status not satisfied) with §7.5.6 VERIFY (a failed verification leaves the security status unsatisfied)"
GP = "GlobalPlatform Card Specification v2.3"
GPPRO_SW = "SW texts cross-checked with martinpaljak/GlobalPlatformPro GPData.java@v26.02.11 and pyscard smartcard/sw/op21_ErrorChecker.py@2.3.1"
GP_EXTAUTH = GP + " §11 EXTERNAL AUTHENTICATE command (6300: authentication of the host cryptogram failed); Amendment D (SCP03)"
GP_INITUPD = GP + " §11 INITIALIZE UPDATE command (6A88 referenced data not found: key set version); Table 11-83 SELECT warning 6283 CARD_LOCKED; " + GPPRO_SW
GP_INSTALL = GP + " §11 INSTALL command error conditions (6A80 incorrect values in command data, 6A84 not enough memory space, 6A88 referenced data not found, 6985 conditions of use not satisfied); " + GPPRO_SW
GP_LOAD = GP + " §11 LOAD command error conditions (6A84 not enough memory space, 6A80 incorrect values in command data); " + GPPRO_SW
GPPRO_LOAD_6985 = "GlobalPlatformPro maintainer's note on 'LOAD failed SW: 6985' (martinpaljak/GlobalPlatformPro issue 6, 2014: possibly an incorrect Java Card version of the CAP file)"
GP_DELETE = GP + " Table 11-26 DELETE error conditions (6A88 referenced data not found, 6A82 application not found, 6985 conditions of use not satisfied); " + GPPRO_SW

#: command names as logs and tools write them -> (INS, P1 or None); GlobalPlatform's INSTALL
#: [for load] is INSTALL with P1 02 (GP Card Spec §11.5.2.1)
COMMANDS: dict[str, tuple[int, int | None]] = {
    "VERIFY": (0x20, None), "SELECT": (0xA4, None), "GET RESPONSE": (0xC0, None), "INSTALL": (0xE6, None),
    "INSTALL [FOR LOAD]": (0xE6, 0x02), "LOAD": (0xE8, None), "DELETE": (0xE4, None),
    "EXTERNAL AUTHENTICATE": (0x82, None), "INITIALIZE UPDATE": (0x50, None),
}


@record(frozen=True)
class CommandSwRow:
    ins: int
    command: str
    pattern: str  # SW with X wildcard nibbles
    meaning: str  # our wording; "{x}" is the low nibble of SW2 (VERIFY 63CX)
    code: str
    source: str
    after: bool = False  # the SW answers a later command, after this one failed
    p1: int | None = None  # only for this P1 (INSTALL [for load] = P1 02)


COMMAND_SW = Table(
    "command_status_words",
    (
        CommandSwRow(0x20, "VERIFY", "63CX", "wrong PIN: the verification failed, tries left: {x}", "smartcard.pin_tries_left", ISO4_VERIFY),
        CommandSwRow(0x20, "VERIFY", "6983", "the PIN is blocked: no tries left", "smartcard.pin_blocked", ISO4_VERIFY),
        CommandSwRow(0x20, "VERIFY", "6984", "the PIN reference data is not usable (PIN not set or deactivated)", "smartcard.pin_blocked", ISO4_VERIFY),
        CommandSwRow(0x20, "VERIFY", "6A88", "no PIN with this reference (P2) in the selected application", "smartcard.wrong_p1p2", ISO4_VERIFY),
        CommandSwRow(0x20, "VERIFY", "6982", "a command after a failed VERIFY was refused: the wrong PIN left the security state unsatisfied", "smartcard.pin_verify_failed", ISO4_SEC, after=True),
        CommandSwRow(0xA4, "SELECT", "6A82", "application not found: no applet with this AID is installed (or selectable) on the card", "smartcard.file_not_found", ISO4_SELECT),
        CommandSwRow(0xA4, "SELECT", "6999", "the applet refused to be selected (its select() returned false or threw)", "smartcard.applet_error", ISO4_SELECT + "; Java Card 3 JCRE §4.6.1"),
        CommandSwRow(0xA4, "SELECT", "6283", "the selected application (or, for the issuer security domain, the card) is locked", "smartcard.gp_card_locked", ISO4_SELECT + "; " + GP_INITUPD),
        CommandSwRow(0xC0, "GET RESPONSE", "6A86", "GET RESPONSE needs P1-P2 00 00", "smartcard.wrong_p1p2", ISO4_GETRESP),
        CommandSwRow(0x82, "EXTERNAL AUTHENTICATE", "6300", "wrong card keys: the card rejected the host cryptogram", "smartcard.gp_wrong_keys", GP_EXTAUTH),
        CommandSwRow(0x82, "EXTERNAL AUTHENTICATE", "6982", "wrong card keys: the secure channel was not authenticated", "smartcard.gp_wrong_keys", GP_EXTAUTH),
        CommandSwRow(0x50, "INITIALIZE UPDATE", "6A88", "the key set version asked for is not on the card", "smartcard.gp_wrong_keys", GP_INITUPD),
        CommandSwRow(0x50, "INITIALIZE UPDATE", "6283", "the card is CARD_LOCKED: card management refused", "smartcard.gp_card_locked", GP_INITUPD),
        CommandSwRow(0xE6, "INSTALL [for load]", "6A80", "the card refused the load parameters (package AID, Java Card version or load file options) before the CAP file was sent", "smartcard.gp_load_rejected", GP_INSTALL, p1=0x02),
        CommandSwRow(0xE6, "INSTALL [for load]", "6985", "the load is not allowed now: the package is already on the card, or the card state forbids loading", "smartcard.gp_install_refused", GP_INSTALL, p1=0x02),
        CommandSwRow(0xE6, "INSTALL", "6A80", "the card refused the INSTALL data (AIDs, privileges, install parameters or the load file's parameters)", "smartcard.gp_install_refused", GP_INSTALL),
        CommandSwRow(0xE6, "INSTALL", "6985", "INSTALL not allowed now: an instance with this AID exists, the package is not loaded, or the card state forbids it", "smartcard.gp_install_refused", GP_INSTALL),
        CommandSwRow(0xE6, "INSTALL", "6A88", "the package, module or security domain named in the INSTALL is not on the card", "smartcard.gp_install_refused", GP_INSTALL),
        CommandSwRow(0xE6, "INSTALL", "6A84", "not enough memory on the card", "smartcard.gp_no_memory", GP_INSTALL),
        CommandSwRow(0xE8, "LOAD", "6A80", "the card rejected the load file (CAP): an imported package is missing or the CAP targets another Java Card version", "smartcard.gp_load_rejected", GP_LOAD),
        CommandSwRow(0xE8, "LOAD", "6985", "the card refused the load file at LOAD: most often a CAP file converted for a Java Card version (or with imports) the card does not have", "smartcard.gp_load_rejected", GP_LOAD + "; " + GPPRO_LOAD_6985),
        CommandSwRow(0xE8, "LOAD", "6A84", "not enough memory on the card for the load file", "smartcard.gp_no_memory", GP_LOAD),
        CommandSwRow(0xE4, "DELETE", "6A88", "nothing with this AID to delete", "smartcard.gp_delete_refused", GP_DELETE),
        CommandSwRow(0xE4, "DELETE", "6A82", "nothing with this AID to delete", "smartcard.gp_delete_refused", GP_DELETE),
        CommandSwRow(0xE4, "DELETE", "6985", "the content cannot be deleted: instances of the package exist, or it is not deletable", "smartcard.gp_delete_refused", GP_DELETE),
    ),
    "What a status word means after the command it answers",
)

TABLES = (COMMAND_SW,)


def lookup(ins: int, sw1: int, sw2: int, after: bool = False, p1: int | None = None) -> tuple[CommandSwRow, str] | None:
    """The row for this command's status word, with its meaning filled in; None when the command
    gives the status word no meaning of its own. ``after``: the SW answered a later command, after
    this one failed (6982 after a failed VERIFY)."""
    sw = f"{sw1 & 0xFF:02X}{sw2 & 0xFF:02X}"
    best: CommandSwRow | None = None
    for row in COMMAND_SW.rows:
        if row.ins == ins and row.after == after and row.p1 in (None, p1) and HexPattern(row.pattern).matches(sw):
            rank = (row.p1 is not None, HexPattern(row.pattern).fixed)
            if best is None or rank > (best.p1 is not None, HexPattern(best.pattern).fixed):
                best = row
    if best is None:
        return None
    return best, best.meaning.replace("{x}", str(sw2 & 0x0F))


#: a command named in a log line: the name, optionally GlobalPlatformPro's "[for ...]" variant
NAMED = r"\b(VERIFY|SELECT|GET RESPONSE|INSTALL \[for load\]|INSTALL|LOAD|DELETE|EXTERNAL AUTHENTICATE|INITIALIZE UPDATE)(?![\w\]])"
