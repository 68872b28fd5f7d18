"""Inventory of what smart-card tools print when a card session fails, read from their sources.

Each row is one message as the tool's source writes it (knowledge.inventory.ToolLine): pcsc-lite's
pcsc_stringify_error() texts as pcsc_scan prints them (``SCardXxx: <text>``), OpenSC's sc_strerror()
texts inside the tools' util.c templates, ykman's CliFail texts, and GlobalPlatformPro's GPException
texts, GnuPG's card messages with libgpg-error's texts, and scdaemon's PC/SC lines. Where a tool's text carries a status word (GPPro's ``<COMMAND> failed: 0x6A80 (...)``), the
command-context table (command_sw.py) reads it in that command's terms.
"""

from __future__ import annotations

from ...knowledge.inventory import ToolLine
from ...knowledge.table import Table
from .knowledge import PCSC_CODES

PCSC_SRC = "LudovicRousseau/PCSC src/error.c pcsc_stringify_error()@2.5.1; LudovicRousseau/pcsc-tools pcsc_scan.c test_rv() prints '%s: %s' (function, text)@1.7.5"
OPENSC_ERR = "OpenSC/OpenSC src/libopensc/errors.c sc_strerror()@0.27.1"
OPENSC_UTIL = "OpenSC/OpenSC src/tools/util.c util_connect_card()@0.27.1"
YKMAN = "Yubico/yubikey-manager ykman/_cli/*.py CliFail@5.9.1"
GPPRO = "martinpaljak/GlobalPlatformPro library/src/main/java/pro/javacard/gp/GPSession.java, GPException.java, GPData.sw2str@v26.02.11"

#: pcsc-lite texts too generic to stand alone ("Unknown error.") are inventoried only with the
#: function name pcsc_scan puts before them.
#: the call a client would name before each cause's text (for the rendered example)
_CALL = {"smartcard.no_service": "SCardEstablishContext", "smartcard.no_reader": "SCardListReaders",
         "smartcard.no_card": "SCardConnect", "smartcard.sharing_violation": "SCardConnect"}
_PCSC_ROWS = tuple(
    ToolLine("pcsc-lite (pcsc_scan)", "2.5.1", "SCard%s: " + r.text, r.meaning, r.code, PCSC_SRC, 0.95,
             example=f"{_CALL.get(r.code, 'SCardTransmit')}: {r.text}")
    for r in PCSC_CODES.rows if r.text and r.text != "Command successful."
)

#: sc_strerror() text -> (our meaning, code)
OPENSC_ERRORS: tuple[tuple[str, str, str], ...] = (
    ("Card not present", "no card in the reader", "smartcard.no_card"),
    ("Card removed", "the card was removed during the session", "smartcard.card_removed"),
    ("Card reset", "another application reset the card", "smartcard.card_reset"),
    ("Transmit failed", "the reader could not exchange the APDU with the card", "smartcard.transmit_failed"),
    ("No readers found", "no reader is connected (or pcscd sees none)", "smartcard.no_reader"),
    ("Unresponsive card (correctly inserted?)", "the card does not answer the reset", "smartcard.card_unresponsive"),
    ("Reader in use by another application", "another application holds the reader or card exclusively", "smartcard.sharing_violation"),
    ("Reader detached", "the reader went away during the session", "smartcard.no_reader"),
    ("Card is invalid or cannot be handled", "no OpenSC card driver recognises this card", "smartcard.token_unrecognized"),
    ("Unsupported card", "OpenSC has no driver for this card", "smartcard.token_unrecognized"),
    ("Security status not satisfied", "the operation needs a PIN or authentication first (SW 6982)", "smartcard.security_status"),
    ("Authentication method blocked", "the PIN is blocked (SW 6983)", "smartcard.pin_blocked"),
    ("PIN code or key incorrect", "wrong PIN or key (SW 63CX): a try was used up", "smartcard.pin_tries_left"),
    ("File not found", "the file or application is not on the card (SW 6A82)", "smartcard.file_not_found"),
    ("Unsupported CLA byte in APDU", "the card refuses the class byte (SW 6E00)", "smartcard.class_unsupported"),
    ("Unsupported INS byte in APDU", "the card does not implement the instruction (SW 6D00)", "smartcard.ins_unsupported"),
    ("Incorrect parameters in APDU", "wrong P1-P2 (SW 6A86/6B00)", "smartcard.wrong_p1p2"),
    ("Wrong length", "Lc or Le does not fit the command (SW 6700)", "smartcard.wrong_length"),
    ("Not allowed", "the command is not allowed in the card's state (SW 69XX)", "smartcard.conditions_not_satisfied"),
    ("Generic reader error", "the PC/SC layer reported an error with no more specific cause", "smartcard.pcsc_error"),
)
_OPENSC_TEMPLATES = ("Failed to connect to card: %s", "Failed to lock card: %s", "Error while waiting for a card: %s")
_OPENSC_ROWS = tuple(
    ToolLine("OpenSC tools (opensc-tool, pkcs15-tool, pkcs11-tool)", "0.27.1", t.replace("%s", text), meaning, code, OPENSC_UTIL + "; " + OPENSC_ERR)
    for t in _OPENSC_TEMPLATES for text, meaning, code in OPENSC_ERRORS
) + (
    ToolLine("OpenSC tools", "0.27.1", "No smart card readers found.", "OpenSC sees no reader (pcscd down, or no reader plugged in)", "smartcard.no_reader", OPENSC_UTIL),
    ToolLine("OpenSC tools", "0.27.1", 'Reader "%s" not found (%d reader(s) detected)', "the reader named with -r does not exist", "smartcard.no_reader", OPENSC_UTIL),
)

_YKMAN_ROWS = (
    ToolLine("ykman", "5.9.1", "Failed to connect to YubiKey.", "ykman found no YubiKey it can open over the interface it needs (unplugged, interface disabled, or held by another program)", "smartcard.no_card", YKMAN + " (_cli/__main__.py)"),
    ToolLine("ykman", "5.9.1", "No YubiKey detected!", "no YubiKey is plugged in (or none is visible to this user)", "smartcard.no_card", YKMAN + " (_cli/__main__.py)"),
    ToolLine("ykman", "5.9.1", "No YubiKey found on external reader.", "the named PC/SC reader has no YubiKey in it", "smartcard.no_card", YKMAN + " (_cli/__main__.py)"),
    ToolLine("ykman", "5.9.1", "Wrong PIN.", "the PIN was wrong: one try used up", "smartcard.pin_tries_left", YKMAN + " (_cli/fido.py, piv.py)", 0.85, "Error: Wrong PIN."),
    ToolLine("ykman", "5.9.1", "PIN is blocked.", "no PIN tries left", "smartcard.pin_blocked", YKMAN + " (_cli/fido.py, piv.py)", 0.85, "Error: PIN is blocked."),
    ToolLine("ykman", "5.9.1", "Failed to authenticate with protected management key.", "the PIV management key (protected by the PIN) did not authenticate: wrong PIN or key", "smartcard.security_status", YKMAN + " (_cli/piv.py)"),
)

#: GPPro's GPException.check(response, "<message>") -> "<message>: 0x%04X (<sw2str>)"
_GP_CHECKS: tuple[tuple[str, str, str, str], ...] = (
    ("INITIALIZE UPDATE failed", "6A88", "the key set version asked for is not on the card (wrong --key-ver or card keys)", "smartcard.gp_wrong_keys"),
    ("INITIALIZE UPDATE failed, card LOCKED?", "6283", "the card's life cycle is CARD_LOCKED: card management is refused", "smartcard.gp_card_locked"),
    ("EXTERNAL AUTHENTICATE failed", "6300", "the card rejected the host cryptogram: the card keys are not the ones used", "smartcard.gp_wrong_keys"),
    ("EXTERNAL AUTHENTICATE failed", "6982", "the card rejected the authentication: wrong card keys (a counter may be running down)", "smartcard.gp_wrong_keys"),
    ("INSTALL [for load] failed", "6A80", "the card refused the load file's parameters (package AID, Java Card version or CAP file options)", "smartcard.gp_load_rejected"),
    ("INSTALL [for load] failed", "6985", "the load is not allowed now: the package is already on the card, or the card state forbids it", "smartcard.gp_install_refused"),
    ("INSTALL [for load] failed", "6A84", "the card has no memory left for the package", "smartcard.gp_no_memory"),
    ("LOAD failed", "6A80", "the card rejected a block of the CAP file: a package it imports is missing, or the CAP was built for another Java Card version", "smartcard.gp_load_rejected"),
    ("LOAD failed", "6A84", "the card ran out of memory while loading", "smartcard.gp_no_memory"),
    ("INSTALL [for install and make selectable] failed", "6985", "the applet instance cannot be created: an instance with this AID exists, or its package is not loaded", "smartcard.gp_install_refused"),
    ("INSTALL [for install and make selectable] failed", "6A80", "the card refused the install parameters (instance AID, privileges or install data)", "smartcard.gp_install_refused"),
    ("INSTALL [for install and make selectable] failed", "6A88", "the package or applet class named in the INSTALL is not on the card", "smartcard.gp_install_refused"),
    ("INSTALL [for install and make selectable] failed", "6A84", "no memory left for the applet instance", "smartcard.gp_no_memory"),
    ("DELETE failed", "6A88", "nothing with this AID is on the card", "smartcard.gp_delete_refused"),
    ("DELETE failed", "6985", "the content cannot be deleted: instances of the package exist (delete them first, or use --force) or it is not deletable", "smartcard.gp_delete_refused"),
    ("Could not SELECT default selected", "6A82", "the card has no default-selected security domain (or it is not selectable)", "smartcard.file_not_found"),
)
_GP_SW_TEXT = {"6A88": "Referenced data not found", "6283": "Card Life Cycle State is CARD_LOCKED", "6300": "",
               "6982": "Security status not satisfied", "6985": "Conditions of use not satisfied",
               "6A80": "Wrong data/incorrect values in data", "6A84": "Not enough memory space", "6A82": "Application/file not found"}
_GP_ROWS = tuple(
    ToolLine("GlobalPlatformPro", "v26.02.11", f"{msg}: 0x{sw}" + (f" ({_GP_SW_TEXT[sw]})" if _GP_SW_TEXT[sw] else ""), meaning, code, GPPRO)
    for msg, sw, meaning, code in _GP_CHECKS
) + (
    ToolLine("GlobalPlatformPro", "v26.02.11", "Card cryptogram invalid!", "the card's cryptogram does not match the keys used: wrong card keys (do not retry: cards lock after a few failures)", "smartcard.gp_wrong_keys", GPPRO + " (GPSession.openSecureChannel)"),
    ToolLine("GlobalPlatformPro", "v26.02.11", "Key version mismatch: %d != %d", "the card's key set version is not the one asked for", "smartcard.gp_wrong_keys", GPPRO + " (GPSession.openSecureChannel)"),
    ToolLine("GlobalPlatformPro", "v26.02.11", "Could not auto-detect ISD AID", "no security domain answered SELECT with a known AID: give it with --sdaid", "smartcard.file_not_found", GPPRO + " (GPSession.discover)"),
)

GNUPG = "gpg/gnupg g10/card-util.c, g10/call-agent.c, common/asshelp.c@gnupg-2.4.8; gpg_strerror() texts from gpg/libgpg-error src/err-codes.h.in@libgpg-error-1.61"
SCD_APDU = "gpg/gnupg scd/apdu.c pcsc_error_string() and the pcsc_connect/ccid messages@gnupg-2.4.8"

#: gpg_strerror() text -> (our meaning, code); ENODEV's text is the C library's strerror
GPG_ERRORS: tuple[tuple[str, str, str], ...] = (
    ("No SmartCard daemon", "gpg-agent cannot start or reach scdaemon (not installed, or it fails at start)", "smartcard.scdaemon_missing"),
    ("Card not present", "scdaemon sees no card in the reader", "smartcard.no_card"),
    ("Card removed", "the card was removed during the session", "smartcard.card_removed"),
    ("Card reset required", "the card was reset by another application: the session must start again", "smartcard.card_reset"),
    ("Bad PIN", "the PIN was wrong: one try used up", "smartcard.pin_tries_left"),
    ("No such device", "scdaemon found no usable reader: its own CCID driver cannot open a reader that pcscd holds (or no reader is there)", "smartcard.scdaemon_conflict"),
)
_GPG_TEMPLATES = ("OpenPGP card not available: %s", "selecting card failed: %s")
_GPG_ROWS = tuple(
    ToolLine("GnuPG (gpg --card-status, scdaemon)", "2.4.8", t.replace("%s", text), meaning, code, GNUPG)
    for t in _GPG_TEMPLATES for text, meaning, code in GPG_ERRORS
) + (
    ToolLine("GnuPG (gpg --card-status)", "2.4.8", "error getting version from 'scdaemon': No SmartCard daemon", "gpg-agent cannot start or reach scdaemon (not installed, or it fails at start)", "smartcard.scdaemon_missing", GNUPG, 0.95,
             "gpg: error getting version from 'scdaemon': No SmartCard daemon"),
    ToolLine("scdaemon", "2.4.8", "ccid open error: skip", "scdaemon's own CCID driver could not open the reader (pcscd holds it)", "smartcard.scdaemon_conflict", SCD_APDU, 0.9, "scdaemon[2211]: ccid open error: skip"),
)
#: scdaemon's own names of PC/SC errors, in "pcsc_connect failed: %s (0x%lx)"
_SCD_PCSC = (
    ("sharing violation", 0x8010000B, "another application holds the card exclusively", "smartcard.sharing_violation"),
    ("no smartcard", 0x8010000C, "no card in the reader", "smartcard.no_card"),
    ("removed card", 0x80100069, "the card was removed", "smartcard.card_removed"),
    ("reset card", 0x80100068, "another application reset the card", "smartcard.card_reset"),
    ("unresponsive card", 0x80100066, "the card does not answer the reset", "smartcard.card_unresponsive"),
    ("reader unavailable", 0x80100017, "the reader went away or cannot be used", "smartcard.no_reader"),
)
_SCD_ROWS = tuple(
    ToolLine("scdaemon", "2.4.8", f"pcsc_connect failed: {text} (0x%lx)", meaning, code, SCD_APDU, 0.9,
             f"scdaemon[2211]: pcsc_connect failed: {text} (0x{value:08x})")
    for text, value, meaning, code in _SCD_PCSC
)

from .ccid import DRIVER_LINES as _CCID_ROWS  # noqa: E402  (pcscd's CCID driver 1.8.2)
from .messages_ykman import ROWS as _YKMAN_MORE  # noqa: E402  (more of ykman 5.9.1)

INVENTORY = Table("smartcard_tool_lines", _PCSC_ROWS + _OPENSC_ROWS + _YKMAN_ROWS + _YKMAN_MORE + _GP_ROWS + _GPG_ROWS + _SCD_ROWS + _CCID_ROWS,
                  "What pcsc-lite, its CCID driver, OpenSC, ykman, GlobalPlatformPro and GnuPG print when a card session fails")
