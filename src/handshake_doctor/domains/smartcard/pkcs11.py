"""PKCS#11 return values (CKR_*) as a table, for the messages of pkcs11-tool, p11-kit, OpenSC,
PyKCS11, python-pkcs11, SoftHSM, Java's SunPKCS11 and browsers' token modules.

Why a table of its own: a PKCS#11 error is printed as a name and a small hex value,
``CKR_PIN_INCORRECT (0xa0)``, and without this table the value reads as a byte that arrived (a
plaintext reply to a TLS client, an SW1 of a card). The names and values are the standard's (OASIS
PKCS#11 v2.40 / v3.0 §5.1, checked against the installed p11-kit pkcs11.h by the tests); the
meanings and fixes are ours. Rows map to the smart-card codes where the cause is the same one a
PC/SC stack or the card itself would report; the rest are ``smartcard.pkcs11_error``.
"""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record

OASIS = "OASIS PKCS#11 Cryptographic Token Interface Base Specification v2.40 §5.1 / v3.0 §5.1 (return values)"
SC = "smartcard."
ERR = SC + "pkcs11_error"


@record(frozen=True)
class Pkcs11Row:
    value: int
    name: str
    meaning: str  # our wording
    fix: str  # our wording: the first thing to do
    code: str
    source: str = OASIS


PKCS11_RETURN_VALUES = Table(
    "pkcs11_return_values",
    (
        # value  name                                  meaning                                                                                             fix                                                                                                              code
        Pkcs11Row(0x002, "CKR_HOST_MEMORY", "the module could not allocate memory on the host", "Check the process's memory limits; a module that leaks across sessions needs C_Finalize/reload.", ERR),
        Pkcs11Row(0x003, "CKR_SLOT_ID_INVALID", "the slot id passed does not exist (readers were added or removed since the slot list was read)", "Call C_GetSlotList again and pick the slot by token label or serial, not by number.", ERR),
        Pkcs11Row(0x005, "CKR_GENERAL_ERROR", "the module failed and cannot say why; the token may be in an unknown state", "Run with the module's debug log on (OpenSC: OPENSC_DEBUG=9) to see the APDU or PC/SC error behind it.", ERR),
        Pkcs11Row(0x006, "CKR_FUNCTION_FAILED", "the operation could not be done (often the card answered an error status word the module does not map)", "Run with the module's debug log on (OpenSC: OPENSC_DEBUG=9) to see the card's status word.", ERR),
        Pkcs11Row(0x007, "CKR_ARGUMENTS_BAD", "the application passed arguments the module rejects (a null pointer, a wrong length)", "Check the call's arguments against the specification; a wrapper library version mismatch can cause it.", ERR),
        Pkcs11Row(0x00A, "CKR_CANT_LOCK", "the module cannot do the locking the application asked for in C_Initialize", "Initialise with CKF_OS_LOCKING_OK, or without locking arguments.", ERR),
        Pkcs11Row(0x011, "CKR_ATTRIBUTE_SENSITIVE", "the attribute cannot be read out (a private key's value is sensitive by design)", "Do the operation on the token (sign/decrypt with the key handle) instead of reading the key.", ERR),
        Pkcs11Row(0x012, "CKR_ATTRIBUTE_TYPE_INVALID", "the object has no such attribute, or the module does not know it", "Ask only for attributes the object class defines; check the module's supported attributes.", ERR),
        Pkcs11Row(0x020, "CKR_DATA_INVALID", "the input data is not valid for the mechanism (wrong padding or format)", "Check the mechanism's input format, e.g. a raw RSA input must be as long as the modulus.", ERR),
        Pkcs11Row(0x021, "CKR_DATA_LEN_RANGE", "the input data is too long or too short for the mechanism", "Hash first and sign the digest (CKM_ECDSA, CKM_RSA_PKCS take a digest or DigestInfo), or use a mechanism that hashes.", ERR),
        Pkcs11Row(0x030, "CKR_DEVICE_ERROR", "the token or reader failed while the module talked to it", "Look at the reader: re-seat the token, check pcscd's log ('sudo pcscd --foreground --debug').", SC + "transmit_failed"),
        Pkcs11Row(0x031, "CKR_DEVICE_MEMORY", "the token is out of memory (no room for another object or key)", "Delete unused objects on the token, or use a token with more room.", ERR),
        Pkcs11Row(0x032, "CKR_DEVICE_REMOVED", "the token was removed while the function ran", "Insert the token again and open a new session; keep USB power management from suspending the reader.", SC + "card_removed"),
        Pkcs11Row(0x040, "CKR_ENCRYPTED_DATA_INVALID", "the ciphertext is not valid for the mechanism (wrong key, wrong padding)", "Check that the same key and mechanism (padding, OAEP parameters) were used to encrypt.", ERR),
        Pkcs11Row(0x050, "CKR_FUNCTION_CANCELED", "the function was cancelled (a PIN pad or user confirmation was cancelled)", "Repeat and confirm on the reader or token.", ERR),
        Pkcs11Row(0x054, "CKR_FUNCTION_NOT_SUPPORTED", "this module does not implement the function", "Use a function the module lists, or another module for this token.", ERR),
        Pkcs11Row(0x060, "CKR_KEY_HANDLE_INVALID", "the key handle is not valid (from another session, or the object was deleted)", "Find the key again with C_FindObjects in the current session; handles do not survive a logout or a new session.", ERR),
        Pkcs11Row(0x063, "CKR_KEY_TYPE_INCONSISTENT", "the key's type does not fit the mechanism (an EC key with an RSA mechanism)", "Choose the mechanism for the key type (CKM_ECDSA for EC keys, CKM_RSA_PKCS for RSA).", ERR),
        Pkcs11Row(0x068, "CKR_KEY_FUNCTION_NOT_PERMITTED", "the key's attributes forbid this use (CKA_SIGN or CKA_DECRYPT is false)", "Use the key meant for this operation (PIV: the signature key in slot 9C for signing).", ERR),
        Pkcs11Row(0x070, "CKR_MECHANISM_INVALID", "the token or module does not support the mechanism asked for", "List what the token supports and pick one of those.", ERR),
        Pkcs11Row(0x071, "CKR_MECHANISM_PARAM_INVALID", "the mechanism's parameters are wrong (PSS or OAEP hash and salt that the token does not accept)", "Match the parameters to what the token supports (pkcs11-tool -M lists mechanisms).", ERR),
        Pkcs11Row(0x082, "CKR_OBJECT_HANDLE_INVALID", "the object handle is not valid (from another session, or the object is gone)", "Find the object again with C_FindObjects in the current session.", ERR),
        Pkcs11Row(0x090, "CKR_OPERATION_ACTIVE", "another operation of the same kind is still active in this session", "Finish (or cancel) the running operation before starting another; use one session per thread.", ERR),
        Pkcs11Row(0x091, "CKR_OPERATION_NOT_INITIALIZED", "the operation was not started (C_SignInit before C_Sign) or an earlier error ended it", "Call the ...Init function first, and start again after any error in the operation.", ERR),
        Pkcs11Row(0x0A0, "CKR_PIN_INCORRECT", "the PIN presented is wrong; the token's retry counter went down by one", "Check the PIN (and which one: user or SO) before trying again: after the last try the PIN is blocked.", ERR),
        Pkcs11Row(0x0A1, "CKR_PIN_INVALID", "the new PIN has characters the token does not accept", "Use the characters the token allows (often digits only).", ERR),
        Pkcs11Row(0x0A2, "CKR_PIN_LEN_RANGE", "the PIN is too long or too short for the token", "Use a PIN within the token's minimum and maximum length (pkcs11-tool -T shows them).", ERR),
        Pkcs11Row(0x0A3, "CKR_PIN_EXPIRED", "the PIN has expired and must be changed before use", "Change the PIN (pkcs11-tool --change-pin) and log in again.", ERR),
        Pkcs11Row(0x0A4, "CKR_PIN_LOCKED", "the PIN is blocked: no tries left", "Unblock with the PUK / SO PIN (pkcs11-tool --unlock-pin --login --login-type so), or the issuer's procedure.", SC + "pin_blocked"),
        Pkcs11Row(0x0B0, "CKR_SESSION_CLOSED", "the session was closed while the function ran", "Open a new session; do not share a session between threads that close it.", ERR),
        Pkcs11Row(0x0B3, "CKR_SESSION_HANDLE_INVALID", "the session handle is not valid: closed, or the token was removed or reset since it was opened", "Open a new session (and log in again) after the token was removed, reset or the module re-initialised.", ERR),
        Pkcs11Row(0x0B5, "CKR_SESSION_READ_ONLY", "the session is read-only and the function writes to the token", "Open the session with CKF_RW_SESSION.", ERR),
        Pkcs11Row(0x0C0, "CKR_SIGNATURE_INVALID", "the signature does not verify with this key and data", "Check the key, the data and the mechanism (hash, padding) match those used to sign.", ERR),
        Pkcs11Row(0x0D0, "CKR_TEMPLATE_INCOMPLETE", "the template lacks an attribute the object needs", "Add the attributes the object class requires (CKA_CLASS, CKA_KEY_TYPE, ...).", ERR),
        Pkcs11Row(0x0D1, "CKR_TEMPLATE_INCONSISTENT", "the template has attributes that contradict each other or the token's policy", "Remove conflicting attributes; some tokens refuse CKA_EXTRACTABLE=true on private keys.", ERR),
        Pkcs11Row(0x0E0, "CKR_TOKEN_NOT_PRESENT", "the slot has no token: no card in the reader, or the module looks at another slot", "Insert the card and use the slot with a token (pkcs11-tool -L lists slots and tokens).", SC + "no_card"),
        Pkcs11Row(0x0E1, "CKR_TOKEN_NOT_RECOGNIZED", "a card is in the slot but the module has no driver for it, or it carries no structure the module understands", "Look up the ATR (opensc-tool -a) to find the middleware for this card; a blank card needs initialising.", SC + "token_unrecognized"),
        Pkcs11Row(0x0E2, "CKR_TOKEN_WRITE_PROTECTED", "the token is write-protected and the function writes", "Use a writable token or profile; some cards are read-only by issuer policy.", ERR),
        Pkcs11Row(0x100, "CKR_USER_ALREADY_LOGGED_IN", "the user is already logged in (login state is shared by every session of the application)", "Skip the second C_Login, or log out first.", ERR),
        Pkcs11Row(0x101, "CKR_USER_NOT_LOGGED_IN", "the operation needs a login (private objects, signing) and none was done, or the card wants the PIN again right before this operation", "Log in with the user PIN before the operation (pkcs11-tool --login); PIV signature keys want the PIN just before each signature.", SC + "security_status"),
        Pkcs11Row(0x102, "CKR_USER_PIN_NOT_INITIALIZED", "the token has no user PIN yet", "Initialise the user PIN with the SO PIN (pkcs11-tool --init-pin --login --login-type so).", ERR),
        Pkcs11Row(0x103, "CKR_USER_TYPE_INVALID", "the user type is not CKU_USER, CKU_SO or CKU_CONTEXT_SPECIFIC", "Log in as CKU_USER (1) or CKU_SO (0).", ERR),
        Pkcs11Row(0x104, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN", "another user type (SO vs user) is logged in already", "Log out first, then log in as the user you need.", ERR),
        Pkcs11Row(0x150, "CKR_BUFFER_TOO_SMALL", "the output buffer is too small", "Call once with a null buffer to get the length, then again with a buffer that size.", ERR),
        Pkcs11Row(0x190, "CKR_CRYPTOKI_NOT_INITIALIZED", "C_Initialize was not called, or C_Finalize already ran (often after fork())", "Call C_Initialize first, and again in a child process after fork().", ERR),
        Pkcs11Row(0x191, "CKR_CRYPTOKI_ALREADY_INITIALIZED", "C_Initialize was called twice in one process (two libraries loading the same module)", "Treat it as success, or share one initialisation between the libraries.", ERR),
    ),
    "PKCS#11 return values (CKR_*)",
)

_BY_NAME = {r.name: r for r in PKCS11_RETURN_VALUES.rows}

# --- a return value read together with the function that returned it ---------------------------------
# Why: CKR_USER_NOT_LOGGED_IN alone is "log in first"; from C_Sign after a login it is "this key wants
# the PIN again for each signature". CKR_ARGUMENTS_BAD alone blames the caller; from C_Login it is, in
# OpenSC, a PIN outside the card's length limits. Same idea as command_sw.py for status words.
OASIS_ALWAYS_AUTH = ("OASIS PKCS#11 v2.40 §4.9 (CKA_ALWAYS_AUTHENTICATE: the user must supply the PIN for each use "
                     "of the key) and §5.6 C_Login (CKU_CONTEXT_SPECIFIC, right after the operation's Init); "
                     "§4.4 (private objects are visible only after a login, so a sign call that has a key handle "
                     "has logged in); NIST SP 800-73-4 Part 1 §3.2.2 (PIV digital signature key 9C: PIN Always)")
OPENSC_PIN_LEN = ("OpenSC src/libopensc/pkcs15-pin.c _validate_pin (0.20+: a PIN longer than the PIN object's "
                  "max_length or shorter than min_length is SC_ERROR_INVALID_PIN_LENGTH before any APDU; "
                  "earlier sc_pkcs15_verify_pin returned SC_ERROR_INVALID_ARGUMENTS for it) and src/pkcs11/misc.c "
                  "sc_to_cryptoki_error (SC_ERROR_INVALID_PIN_LENGTH -> CKR_PIN_LEN_RANGE, SC_ERROR_INVALID_ARGUMENTS "
                  "-> CKR_ARGUMENTS_BAD); OASIS PKCS#11 v2.40 §3.2 CK_TOKEN_INFO ulMinPinLen/ulMaxPinLen")


@record(frozen=True)
class FunctionRvRow:
    functions: tuple[str, ...]  # PKCS#11 function names; a trailing '*' matches any suffix (C_Sign*)
    name: str  # the CKR_ return value
    meaning: str  # our wording
    code: str
    source: str
    confidence: float = 0.85

    def covers(self, function: str) -> bool:
        return any(function.startswith(f[:-1]) if f.endswith("*") else function == f for f in self.functions)


FUNCTION_RETURN_VALUES = Table(
    "pkcs11_function_return_values",
    (
        # functions                                  return value                meaning                                                                                                   code
        FunctionRvRow(("C_Sign*", "C_Decrypt*"), "CKR_USER_NOT_LOGGED_IN", "the key wants the PIN again right before each use (CKA_ALWAYS_AUTHENTICATE, e.g. a PIV signature key): the session's login does not cover it", SC + "pin_required_per_signature", OASIS_ALWAYS_AUTH),
        FunctionRvRow(("C_Login",), "CKR_PIN_LEN_RANGE", "the PIN is longer or shorter than the token accepts: the middleware refused it before sending it to the card", SC + "pin_length_limit", OPENSC_PIN_LEN, 0.9),
        FunctionRvRow(("C_Login",), "CKR_ARGUMENTS_BAD", "the PIN's length is outside the card's limits: OpenSC versions before 0.20 reported it as bad arguments, before any APDU", SC + "pin_length_limit", OPENSC_PIN_LEN, 0.75),
    ),
    "PKCS#11 return values in the terms of the function that returned them",
)

#: a PKCS#11 function name as tools print it (pkcs11-tool "function C_Login failed", Java stack frames "PKCS11.C_Sign(")
FUNCTION_NAME = r"\bC_[A-Z][A-Za-z]+\b"


def in_function(function: str, name: str) -> FunctionRvRow | None:
    """The row for ``name`` returned by ``function``; None when the function gives it no meaning of its own."""
    for row in FUNCTION_RETURN_VALUES.rows:
        if row.name == name.upper() and row.covers(function):
            return row
    return None


def by_name(name: str) -> Pkcs11Row | None:
    return _BY_NAME.get(name.upper())
