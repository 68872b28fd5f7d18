"""The smart-card domain's one fixes table: what to do about each finding code, for explain and probe.

Why one table: explain (a pasted status word, PC/SC code or library message) and the PC/SC probe
(a live card) reach the same causes; the user must get the same advice whichever verb found it.
Rows are looked up by code. A row with ``when`` applies only when the caller names that variant
(the status word "6883", a PC/SC name such as "SCARD_E_TIMEOUT", a PKCS#11 name, "mute" for a
card that gave no ATR); a variant row marked ``alone`` replaces the code's general rows. A row
with ``template`` has ``{name}`` fields that the caller fills (``sw2``, ``resend``, ``gr``, ``atr``).

Pure data plus two small functions; no heavy imports (explain's cold start).
"""

from __future__ import annotations

import re
from ...model import Fix, Snippet
from ...record import record

S = Snippet


@record(frozen=True)
class FixRow:
    code: str
    summary: str
    side: str = ""
    command: str = ""
    snippets: tuple[Snippet, ...] = ()
    when: str = ""  # "" = always; else the variant this row is for
    template: bool = False  # summary/command/snippets carry {name} fields
    alone: bool = False  # this variant replaces the code's general rows


_PCSCD_FG = "sudo pcscd -f -d"
_PCSCD_APDU = "sudo systemctl stop pcscd.socket pcscd; sudo LIBCCID_ifdLogLevel=0x000F pcscd --foreground --debug --apdu"
_SHARED = S("pyscard", "from smartcard.scard import SCARD_SHARE_SHARED\nconn.connect(mode=SCARD_SHARE_SHARED)  # never SCARD_SHARE_EXCLUSIVE for a long time")

ROWS: tuple[FixRow, ...] = (
    # --- the PC/SC service, readers, cards ------------------------------------------------------
    FixRow("smartcard.no_service", "Start the PC/SC service: Linux 'sudo systemctl enable --now pcscd.socket'; Windows: start the 'Smart Card' service (SCardSvr).", "host",
           "sudo systemctl start pcscd.socket pcscd && systemctl status pcscd"),
    FixRow("smartcard.no_service", "Or run it in the foreground to watch its log ('sudo pcscd --foreground --debug').", "host", _PCSCD_FG),
    FixRow("smartcard.no_service", "Install it if missing: 'sudo apt install pcscd libccid' (Debian/Ubuntu). In a container or Flatpak/snap, mount the host socket /run/pcscd/pcscd.comm.", "host", "sudo apt install pcscd libccid"),
    FixRow("smartcard.no_service", "Check that the client reaches it: 'pcsc_scan -r' lists the readers, or prints 'SCardEstablishContext: Service not available.' when pcscd is down. A private daemon: PCSCLITE_CSOCK_NAME must name its socket, set before the first PC/SC call.", "user", "pcsc_scan -r"),
    FixRow("smartcard.no_reader", "Plug the reader in and check it is seen: 'lsusb', then 'pcsc_scan -r' (or 'opensc-tool -l').", "user", "pcsc_scan -r"),
    FixRow("smartcard.no_reader", "Install the CCID driver (Debian: 'sudo apt install libccid') or the vendor's driver, then restart pcscd.", "host", "sudo apt install libccid && sudo systemctl restart pcscd"),
    FixRow("smartcard.no_reader", "Pick a listed reader: by index (pcsc://0) or by name (a unique prefix is enough).", "user", "pcsc_scan -r", when="not_listed", alone=True),
    FixRow("smartcard.no_card", "Insert the card (chip first, contacts down for most readers; contactless: keep it on the reader) and keep it there; watch the reader's state with pcsc_scan, and in code wait for the card instead of connecting at once.", "user", "pcsc_scan",
           (S("pyscard", "from smartcard.CardRequest import CardRequest\nservice = CardRequest(timeout=10).waitforcard()  # raises CardRequestTimeoutException\nservice.connection.connect()"),)),
    FixRow("smartcard.sharing_violation", "Find who holds the card: list pcscd's clients and stop the one that connected in exclusive mode (often gpg-agent's scdaemon, a browser's PKCS#11 module, a PIV/OpenSC agent, or another instance of your tool).", "host",
           "sudo fuser -v /run/pcscd/pcscd.comm; sudo lsof /run/pcscd/pcscd.comm"),
    FixRow("smartcard.sharing_violation", "If it is GnuPG: 'gpgconf --kill scdaemon', or add 'pcsc-shared' to ~/.gnupg/scdaemon.conf so scdaemon does not take the card exclusively.", "host", "gpgconf --kill scdaemon"),
    FixRow("smartcard.sharing_violation", "Connect in shared mode yourself (use transactions, not exclusive mode), and release the card (disconnect) when done.", "client", "",
           (_SHARED, S("java", "Card card = terminal.connect(\"*\");  // shared; avoid card.beginExclusive() for long periods"))),
    FixRow("smartcard.transaction_held", "Another application holds an SCardBeginTransaction (a crashed or paused middleware, a debugger stopped inside a transaction); its SCardEndTransaction releases the card. Find it and stop it.", "host", "sudo fuser -v /run/pcscd/pcscd.comm"),
    FixRow("smartcard.transaction_held", "In your own code, keep transactions short and always end them (try/finally).", "client", "",
           (S("pyscard", "from smartcard.scard import SCardBeginTransaction, SCardEndTransaction, SCARD_LEAVE_CARD\nSCardBeginTransaction(hcard)\ntry:\n    ...  # APDUs\nfinally:\n    SCardEndTransaction(hcard, SCARD_LEAVE_CARD)"),)),
    FixRow("smartcard.card_removed", "The connection is dead: connect again (and SELECT the application again). For contactless cards keep the card still in the field.", "client", "",
           (S("pyscard", "conn.disconnect()\nconn.connect()  # then re-SELECT the applet"),)),
    FixRow("smartcard.card_removed", "If nobody removed it: check the contacts, the reader cable and USB power management (autosuspend can drop the reader).", "user"),
    FixRow("smartcard.card_reset", "Another application (or a reconnect with SCARD_RESET_CARD) reset the card: reconnect with SCardReconnect(..., SCARD_LEAVE_CARD) and redo SELECT and authentication.", "client", "",
           (S("pyscard", "from smartcard.scard import SCardReconnect, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_LEAVE_CARD\n"
              "hresult, proto = SCardReconnect(hcard, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, SCARD_LEAVE_CARD)"),)),
    FixRow("smartcard.card_unresponsive", "Take the card out and put it back; clean the contacts; try another reader. Check the ATR with 'pcsc_scan' or 'opensc-tool -a'.", "user", "opensc-tool -a"),
    FixRow("smartcard.card_unresponsive", "Check the reader supplies the card's voltage class (A 5 V, B 3 V, C 1.8 V: see the ATR) and update the reader driver (libccid).", "host"),
    FixRow("smartcard.transmit_failed", "Look at the exchange in pcscd's log: stop the service and run it in the foreground with APDU logging, then repeat the command.", "host", _PCSCD_APDU),
    FixRow("smartcard.transmit_failed", "Common causes: the card left the field or lost contact; an extended-length APDU sent through a reader that only does short APDUs; an outdated reader driver.", "user"),
    FixRow("smartcard.protocol_mismatch", "Let PC/SC choose: connect with T=0 | T=1 and transmit with the protocol the connection reports; check the ATR for the protocols the card offers.", "client", "",
           (S("pyscard", "from smartcard.CardConnection import CardConnection\nconn.connect(CardConnection.T0_protocol | CardConnection.T1_protocol)\nconn.transmit(apdu)  # uses the negotiated protocol"),
            S("java", "Card card = terminal.connect(\"*\");  // any protocol"))),
    FixRow("smartcard.reader_claimed", "See which kernel driver is bound to the reader: for NFC readers (ACR122U, SCL3711, PN533-based) it is usually pn533_usb, which takes the USB interface before pcscd or libnfc can.", "host",
           "lsmod | grep -E 'pn533|nfc'; sudo dmesg | grep -iE 'pn533|usbfs'"),
    FixRow("smartcard.reader_claimed", "Unload it and keep it from loading again, then restart pcscd.", "host",
           "echo 'blacklist pn533_usb' | sudo tee /etc/modprobe.d/blacklist-pn533.conf && sudo modprobe -r pn533_usb pn533 nfc; sudo systemctl restart pcscd"),
    FixRow("smartcard.reader_claimed", "If no kernel driver holds it, another program does (libnfc/nfcpy tools, GnuPG's scdaemon with its own CCID driver, a second pcscd): find it and stop it, or let everything go through pcscd.", "host",
           "sudo lsof /dev/bus/usb/*/* 2>/dev/null | grep -v pcscd"),
    FixRow("smartcard.scdaemon_conflict", "Let scdaemon use pcscd instead of its own CCID driver, and share the card with other PC/SC programs; then restart scdaemon.", "host",
           "printf 'disable-ccid\\npcsc-shared\\n' >> ~/.gnupg/scdaemon.conf && gpgconf --kill scdaemon && gpg --card-status"),
    FixRow("smartcard.scdaemon_conflict", "Check that PC/SC itself sees the card first; if pcsc_scan does not, fix that (pcscd, driver) before GnuPG.", "user", "pcsc_scan"),
    FixRow("smartcard.scdaemon_missing", "Install GnuPG's smart-card daemon and let gpg-agent start it again (Debian: the scdaemon package; it is separate from gnupg).", "host", "sudo apt install scdaemon && gpgconf --kill gpg-agent && gpg --card-status"),
    FixRow("smartcard.scdaemon_missing", "If it is installed, see why it does not start: run it by hand with debug output, and check scdaemon-program in ~/.gnupg/gpg-agent.conf.", "host", "gpgconf --list-components | grep scdaemon; gpgconf --launch scdaemon; echo 'debug-level guru' >> ~/.gnupg/scdaemon.conf"),
    FixRow("smartcard.token_unrecognized", "Look up the card's ATR to learn what it is and which middleware supports it (OpenSC, the vendor's PKCS#11 module).", "user", "opensc-tool -a   # then search the ATR at https://smartcard-atr.apdu.fr/"),
    FixRow("smartcard.token_unrecognized", "Check which card driver OpenSC picks, with debug output; a blank card needs initialising (pkcs15-init) before a PKCS#11 module can use it.", "host", "opensc-tool -n -v; OPENSC_DEBUG=3 pkcs11-tool -L"),
    # --- PC/SC codes with no cause of their own ---------------------------------------------------
    FixRow("smartcard.pcsc_error", "Give the receive buffer room for the whole answer: 256 data bytes + SW1 SW2 = 258 for short APDUs, 65538 for extended ones.", "client", when="SCARD_E_INSUFFICIENT_BUFFER", alone=True),
    FixRow("smartcard.pcsc_error", "The wait you asked for ended with no event: expected when polling with SCardGetStatusChange; raise the timeout or loop.", "client", when="SCARD_E_TIMEOUT", alone=True),
    FixRow("smartcard.pcsc_error", "Do not reuse a context or card handle after SCardReleaseContext/SCardDisconnect, across fork(), or from another process; establish a new one.", "client", when="SCARD_E_INVALID_HANDLE", alone=True),
    FixRow("smartcard.pcsc_error", "Run the PC/SC call again with pcscd in the foreground ('sudo pcscd --foreground --debug') to see what the service reports.", "host", "sudo pcscd --foreground --debug", when="fallback", alone=True),
    # --- the ATR ----------------------------------------------------------------------------------
    FixRow("smartcard.atr_invalid", "Check the reader's framing and the card's answer: TS, the T0 length nibble, the TD chain and TCK (XOR of T0..TCK = 00); if the card is your own applet or emulator, fix its ATR.", "card", "ATR_analysis '{atr}'", when="malformed", template=True),
    FixRow("smartcard.atr_invalid", "Re-insert the card (chip side and orientation), clean the contacts, try another reader.", "user", when="mute", alone=True),
    FixRow("smartcard.atr_decoded", "Cross-check with pcsc-tools.", "user", "ATR_analysis '{atr}'", template=True),
    # --- status words -------------------------------------------------------------------------------
    FixRow("smartcard.get_response_needed", "Send GET RESPONSE next: {gr} (Le = SW2 = {sw2:02X}); repeat while SW1 is 61.", "client", "",
           (S("pyscard", "data, sw1, sw2 = conn.transmit(apdu)\nwhile sw1 == 0x61:  # bytes are waiting in the card\n"
              "    more, sw1, sw2 = conn.transmit([0x00, 0xC0, 0x00, 0x00, sw2])\n    data += more"),
            S("java", "// javax.smartcardio (SunPCSC) fetches 61XX itself in T=0 unless\n// -Dsun.security.smartcardio.t0GetResponse=false; with a raw PC/SC binding loop on GET RESPONSE:\n"
              "ResponseAPDU r = ch.transmit(new CommandAPDU(0x00, 0xC0, 0x00, 0x00, 0x{sw2:02X}));"),
            S("dotnet", "// PCSC.Iso7816.IsoReader issues GET RESPONSE for you; with SCardReader.Transmit send\n"
              "// {{ 0x00, 0xC0, 0x00, 0x00, 0x{sw2:02X} }} yourself while SW1 == 0x61")), template=True),
    FixRow("smartcard.wrong_le", "Re-send the same command with Le = {sw2:02X}: {resend}", "client", "",
           (S("pyscard", "data, sw1, sw2 = conn.transmit(apdu)\nif sw1 == 0x6C:  # wrong Le: SW2 is the length the card has\n"
              "    data, sw1, sw2 = conn.transmit(apdu[:-1] + [sw2])  # case 2/4: replace the Le byte"),
            S("java", "// javax.smartcardio: new CommandAPDU(cla, ins, p1, p2, data, 0x{sw2:02X}) (Ne = {ne})")), template=True),
    FixRow("smartcard.logical_channel_unsupported", "Send the command on the basic channel: clear CLA bits b2-b1 (CLA 00, or 80 for a proprietary command) and do not use a type-16 CLA (40-7F).", "client", "",
           (S("pyscard", "apdu[0] &= 0xFC  # type-4 CLA: logical channel 0 (basic channel)"),
            S("java", "CardChannel ch = card.getBasicChannel();  // not card.openLogicalChannel()"))),
    FixRow("smartcard.logical_channel_unsupported", "If the application needs a second channel, open it first with MANAGE CHANNEL (00 70 00 00 01) and check the card announces logical channels (ATR card capabilities).", "client"),
    FixRow("smartcard.secure_messaging_unsupported", "Send the command without secure messaging: clear CLA bits b4-b3 (CLA 0C/08/04 -> 00; GlobalPlatform 84 -> 80), or open the secure channel the card expects first.", "client", "",
           (S("pyscard", "apdu[0] &= 0xF3  # type-4 CLA: no secure messaging"),)),
    FixRow("smartcard.chaining_unsupported", "Send the data in one command: clear the chaining bit b5 (CLA 10 -> 00); if it is too long for a short APDU use an extended-length APDU when the ATR announces it, or split it at the application level (e.g. several UPDATE BINARY with offsets).", "client", "",
           (S("pyscard", "apdu[0] &= 0xEF  # clear the command-chaining bit b5"),)),
    FixRow("smartcard.chaining_unsupported", "Finish the chain you started: the next command must be its last part (same INS, chaining bit clear), with no other command in between.", "client", when="6883"),
    FixRow("smartcard.cla_unsupported", "Retry with a plain interindustry CLA 00 (no channel, no secure messaging, no chaining) or the proprietary 80 the application documents.", "client"),
    FixRow("smartcard.class_unsupported", "Use the CLA the application specifies: 00 for ISO commands, 80 (84 with secure messaging) for GlobalPlatform/EMV proprietary commands, A0 for GSM SIM (3GPP TS 51.011) cards.", "client"),
    FixRow("smartcard.class_unsupported", "Make sure the intended application is selected first (SELECT by AID: 00 A4 04 00 Lc AID 00): another applet may own the card.", "client"),
    FixRow("smartcard.ins_unsupported", "SELECT the application that implements the command first (00 A4 04 00 Lc AID 00); the card's default application may be another one.", "client"),
    FixRow("smartcard.ins_unsupported", "Check CLA: many proprietary INS codes need CLA 80, and some cards answer 6D00 for an ISO INS under a proprietary CLA.", "client"),
    FixRow("smartcard.file_not_found", "Check the AID bytes and Lc of the SELECT (00 A4 04 00 Lc AID 00) against the application's documentation (RID + PIX); for a file, its FID and the current DF (select MF 3F00 first).", "client"),
    FixRow("smartcard.file_not_found", "List what the card holds: GlobalPlatformPro's 'gp --list' (needs the card's keys), or 'opensc-tool --list-files' for file-system cards.", "user", "gp --list"),
    FixRow("smartcard.file_not_found", "The card has no selectable master file; many applet cards only answer SELECT by AID: give the application's AID with --aid HEX.", "user", when="no_mf", alone=True),
    FixRow("smartcard.security_status", "Authenticate first: VERIFY the PIN, open the secure channel (GlobalPlatform INITIALIZE UPDATE + EXTERNAL AUTHENTICATE) or EXTERNAL AUTHENTICATE, as the application requires, in this same session (a reset clears it).", "client"),
    FixRow("smartcard.conditions_not_satisfied", "Check the command order the application requires (e.g. SELECT before the command, GET CHALLENGE before EXTERNAL AUTHENTICATE, EMV: GET PROCESSING OPTIONS before GENERATE AC) and the card or applet life-cycle state.", "client"),
    FixRow("smartcard.pin_tries_left", "Stop retrying automatically: each wrong VERIFY uses up a try. Get the right PIN (and its encoding: ASCII vs BCD, padding FF) before the next attempt.", "user"),
    FixRow("smartcard.pin_blocked", "The PIN is blocked: only the card's unblock procedure (RESET RETRY COUNTER with the PUK or admin key, INS 2C) restores it; hsdoctor never sends it.", "user"),
    FixRow("smartcard.wrong_length", "Recompute Lc = len(data); send Le 00 ('up to 256') when you do not know the answer's length; do not send Le for a case-3 command.", "client"),
    FixRow("smartcard.wrong_p1p2", "Check P1-P2 against the command's definition (SELECT: P1 04 = by AID, P2 00 = first or only occurrence, 0C = no FCI; READ BINARY: P1-P2 = offset within the file).", "client"),
    FixRow("smartcard.applet_error", "Catch exceptions in the applet's process() and throw ISOException with a meaningful SW; debug in a simulator (jCardSim) with the same APDU.", "card", when="6F"),
    FixRow("smartcard.applet_error", "The applet's select() returned false or threw: check it is installed and selectable (gp --list) and its install parameters.", "card", "gp --list", when="select"),
    # --- status words read in their command's terms (command_sw.py) ----------------------------------
    FixRow("smartcard.pin_verify_failed", "Fix the VERIFY first: the later command failed only because the PIN was wrong. Check the PIN and its encoding (ASCII vs BCD, FF padding, the P2 reference) before trying again: every wrong VERIFY uses up a try.", "user"),
    FixRow("smartcard.gp_wrong_keys", "Stop and find the card's real keys (the issuer's, or the vendor's default for a development card): each failed EXTERNAL AUTHENTICATE counts, and many cards lock for good after about ten. Do not retry with the same keys.", "user"),
    FixRow("smartcard.gp_wrong_keys", "Give GlobalPlatformPro the keys and the key set version explicitly, and check the diversification the card uses (EMV, VISA2, KDF3).", "user", "gp --key-enc KEY --key-mac KEY --key-dek KEY --key-ver N --list   # or: gp --key MASTER --emv --list"),
    FixRow("smartcard.gp_card_locked", "The card's life cycle is CARD_LOCKED (or the application is locked): only the issuer can unlock it (SET STATUS with the right keys); no load, install or delete works until then.", "user"),
    FixRow("smartcard.gp_load_rejected", "Rebuild the CAP file for the card's Java Card version and with only the packages the card has (javacard.framework versions, export files of the card's SDK); check with 'gp --info' what the card runs.", "user", "gp --info"),
    FixRow("smartcard.gp_load_rejected", "List what is already on the card: an older version of the package, or a package it imports that is missing.", "user", "gp --list"),
    FixRow("smartcard.gp_install_refused", "List the card's content: if an instance with this AID exists, delete it first (or install under another instance AID); if the package is not there, load it first.", "user", "gp --list"),
    FixRow("smartcard.gp_install_refused", "Check the install parameters and privileges against the applet's documentation (instance AID, -params, -privs).", "user"),
    FixRow("smartcard.gp_no_memory", "Free space on the card: delete unused applets and packages, or use a card with more EEPROM/flash; 'gp --info' shows the free memory on many cards.", "user", "gp --list; gp --info"),
    FixRow("smartcard.gp_delete_refused", "Check the AID with 'gp --list'; delete the applet instances before their package, or let GlobalPlatformPro delete the package with its instances.", "user", "gp --list; gp --delete AID --force"),
    # --- PKCS#11 return values read with their function (pkcs11.FUNCTION_RETURN_VALUES) -----------------
    FixRow("smartcard.pin_required_per_signature", "Log in again for the key itself: after C_SignInit (or C_DecryptInit), call C_Login with user type CKU_CONTEXT_SPECIFIC (2) and the PIN, then C_Sign; check the key's CKA_ALWAYS_AUTHENTICATE.", "client", "",
           (S("python", "session.login(pin, user_type=2)  # python-pkcs11/PyKCS11: CKU_CONTEXT_SPECIFIC, after the sign init"),)),
    FixRow("smartcard.pin_required_per_signature", "From the command line, let the tool do the context-specific login: pkcs11-tool asks for the PIN again for such keys when run with --login (OpenSC 0.20+); with OpenSSL's pkcs11 engine/provider give the PIN in the URI (pin-value=) so it can re-present it.", "user", "pkcs11-tool --login --sign --id ID -m SHA256-RSA-PKCS -i data -o sig"),
    FixRow("smartcard.pin_required_per_signature", "For PIV, sign with a key whose PIN policy is 'once' (slot 9A authentication) when the use case allows, or set the PIN policy when generating the key (ykman piv keys generate --pin-policy ONCE on YubiKeys).", "user"),
    FixRow("smartcard.pin_length_limit", "Use a PIN within the token's limits: 'pkcs11-tool -T' (or 'pkcs15-tool --list-pins') shows the minimum and maximum length; a longer PIN is refused before the card sees it, so no try is used up.", "user", "pkcs11-tool -T; pkcs15-tool --list-pins"),
    FixRow("smartcard.pin_length_limit", "If the PIN was set longer than the card profile allows (through another tool), change it to one within the limits with the tool that set it, or update OpenSC: some card drivers had wrong max lengths.", "user"),
    # --- the CCID layer (ccid.py) --------------------------------------------------------------------
    FixRow("smartcard.reader_unresponsive", "Check that the generic CCID driver supports this reader (its supported-readers list, or 'lsusb -v' showing a CCID interface, class 0B); if not, install the vendor's driver (e.g. acsccid for ACS readers) and restart pcscd.", "host", "lsusb -v 2>/dev/null | grep -iE 'idVendor|idProduct|bInterfaceClass +11'"),
    FixRow("smartcard.reader_unresponsive", "Re-plug the reader, directly into the computer (no unpowered hub), and watch pcscd's log while it comes up; update the reader's firmware if the driver calls it bogus.", "host", "sudo systemctl stop pcscd.socket pcscd; sudo pcscd --foreground --debug"),
    # --- any code: the variant of the input, not of the cause ---------------------------------------
    FixRow("*", "Find the second status byte in the log (the byte after this one) and run hsdoctor explain on both, e.g. 'hsdoctor explain 68 81'.", "user", when="sw1", alone=True),
)

def _pkcs11_rows() -> tuple[FixRow, ...]:
    """Each PKCS#11 return value's own advice (pkcs11.py says what the value means), as the
    variant of its cause's code."""
    from .pkcs11 import PKCS11_RETURN_VALUES

    return tuple(FixRow(r.code, r.fix, "client" if r.code == "smartcard.pkcs11_error" else "user", when=r.name)
                 for r in PKCS11_RETURN_VALUES.rows)


ROWS = ROWS + _pkcs11_rows()

_BY_CODE: dict[str, list[FixRow]] = {}
for _row in ROWS:
    _BY_CODE.setdefault(_row.code, []).append(_row)


class _Blank(dict):  # type: ignore[type-arg]
    """Missing template values render as '?' rather than raising (a fix never breaks a finding)."""

    def __missing__(self, key: str) -> object:
        return _Unknown()


class _Unknown:
    def __format__(self, spec: str) -> str:
        return "??"


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format_map(_Blank(values)) if text else text


def _render(row: FixRow, values: dict[str, object]) -> Fix:
    if not row.template:
        return Fix(row.summary, row.side, row.command, row.snippets)
    return Fix(_fill(row.summary, values), row.side, _fill(row.command, values),
               tuple(Snippet(s.stack, _fill(s.code, values)) for s in row.snippets))


def rows_for(code: str, when: tuple[str, ...] | list[str] | set[str] = ()) -> list[FixRow]:
    """The rows that apply: the named variants first, then the code's general rows (unless a
    matched variant stands alone)."""
    rows = _BY_CODE.get(code, [])
    variants = [r for r in rows + _BY_CODE.get("*", []) if r.when and r.when in when]
    if any(r.alone for r in variants):
        return variants
    return variants + [r for r in rows if not r.when]


def fixes_for(code: str, when: tuple[str, ...] | list[str] | set[str] = (), **values: object) -> list[Fix]:
    """The fixes of ``code`` (for the variants in ``when``), templates filled from ``values``."""
    return [_render(r, values) for r in rows_for(code, when)]


def has_fixes(code: str) -> bool:
    """True when the code has general rows of its own (not only variants)."""
    return any(not r.when for r in _BY_CODE.get(code, []))


def for_pcsc(code: str, name: str = "") -> list[Fix]:
    """A PC/SC return code's fixes: its cause's own, else the PC/SC name's, else "watch pcscd's log"."""
    if has_fixes(code):
        return fixes_for(code)
    return fixes_for("smartcard.pcsc_error", [name]) or fixes_for("smartcard.pcsc_error", ["fallback"])


def _pattern(text: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^{}]*\})", text.replace("{{", "\x00").replace("}}", "\x01"))
    out = "".join(".{0,200}?" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts)
    return re.compile(out.replace("\x00", r"\{").replace("\x01", r"\}"), re.S)


def from_table(code: str, fix: Fix, rows: tuple[FixRow, ...] | None = None) -> bool:
    """Whether ``fix`` is one of ``code``'s rows, rendered (the contract test's check)."""
    for row in (rows if rows is not None else tuple(_BY_CODE.get(code, [])) + tuple(_BY_CODE.get("*", []))):
        if row.code not in (code, "*") or row.side != fix.side:
            continue
        if not row.template:
            if (row.summary, row.command, row.snippets) == (fix.summary, fix.command, fix.snippets):
                return True
            continue
        if (_pattern(row.summary).fullmatch(fix.summary) and _pattern(row.command).fullmatch(fix.command)
                and len(row.snippets) == len(fix.snippets)
                and all(a.stack == b.stack and _pattern(a.code).fullmatch(b.code) for a, b in zip(row.snippets, fix.snippets))):
            return True
    return False
