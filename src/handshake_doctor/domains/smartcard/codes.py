"""Finding codes of the `smartcard` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("smartcard.no_service", "The PC/SC service (pcscd) is not running", "explain,probe"),
    CodeDef("smartcard.no_reader", "No smart-card reader is connected", "explain,probe"),
    CodeDef("smartcard.no_card", "No card is in the reader", "explain,probe"),
    CodeDef("smartcard.sharing_violation", "Another application holds the card exclusively", "explain,probe"),
    CodeDef("smartcard.transaction_held", "Another application holds a PC/SC transaction on the card", "explain,probe"),
    CodeDef("smartcard.atr_invalid", "The ATR is malformed (bad TS, truncated, wrong TCK)", "explain,probe"),
    CodeDef("smartcard.cla_unsupported", "Functions in CLA not supported (SW1 68)", "explain,probe"),
    CodeDef("smartcard.logical_channel_unsupported", "Logical channel not supported (6881)", "explain,probe"),
    CodeDef("smartcard.secure_messaging_unsupported", "Secure messaging not supported (6882)", "explain,probe"),
    CodeDef("smartcard.chaining_unsupported", "Command chaining not supported or last command of the chain expected (6883/6884)", "explain,probe"),
    CodeDef("smartcard.get_response_needed", "61XX: response bytes are waiting: send GET RESPONSE", "explain,probe"),
    CodeDef("smartcard.wrong_le", "6CXX: wrong Le: re-send with Le = SW2", "explain,probe"),
    CodeDef("smartcard.ins_unsupported", "Instruction code not supported or invalid (6D00)", "explain,probe"),
    CodeDef("smartcard.class_unsupported", "Class not supported (6E00)", "explain,probe"),
    CodeDef("smartcard.file_not_found", "File or application not found (6A82)", "explain,probe"),
    CodeDef("smartcard.security_status", "Security status not satisfied (6982)", "explain,probe"),
    CodeDef("smartcard.conditions_not_satisfied", "Conditions of use not satisfied (6985)", "explain,probe"),
    # added with the explain domain (issue 2); the probe (issue 6) emits ok/status_word/pcsc_error too
    CodeDef("smartcard.ok", "The card answered 9000: normal processing, nothing wrong at the APDU level", "explain,probe"),
    CodeDef("smartcard.status_word", "The card answered a status word with a known meaning (warning or error) that has no more specific code", "explain,probe"),
    CodeDef("smartcard.wrong_length", "Wrong length: Lc or Le does not fit the command (6700)", "explain,probe"),
    CodeDef("smartcard.wrong_p1p2", "Wrong parameters P1-P2 (6B00, 6A86, and the 6Axx family)", "explain,probe"),
    CodeDef("smartcard.pin_tries_left", "63CX: a counter, for VERIFY the number of PIN tries left", "explain,probe"),
    CodeDef("smartcard.pin_blocked", "Authentication method or PIN blocked (6983, SCARD_W_CHV_BLOCKED)", "explain,probe"),
    CodeDef("smartcard.applet_error", "The applet failed: 6F00 (no precise diagnosis; on Java Card an uncaught exception) or 6999 (applet selection failed)", "explain,probe"),
    CodeDef("smartcard.pcsc_error", "A PC/SC call failed (SCARD_E_/SCARD_W_/SCARD_F_ code) with no more specific code", "explain,probe"),
    CodeDef("smartcard.card_removed", "The card was removed (or lost power) during the session (SCARD_W_REMOVED_CARD)", "explain,probe"),
    CodeDef("smartcard.card_reset", "Another application reset the card: the session state is gone (SCARD_W_RESET_CARD)", "explain,probe"),
    CodeDef("smartcard.card_unresponsive", "The card does not answer the reset or cannot be driven by the reader (SCARD_W_UNRESPONSIVE_CARD, UNPOWERED, UNSUPPORTED)", "explain,probe"),
    CodeDef("smartcard.transmit_failed", "The reader could not exchange the APDU with the card (SCARD_E_NOT_TRANSACTED 'Transaction failed', SCARD_F_COMM_ERROR)", "explain,probe"),
    CodeDef("smartcard.protocol_mismatch", "The protocol asked for (T=0/T=1) is not the one the card uses (SCARD_E_PROTO_MISMATCH)", "explain,probe"),
    CodeDef("smartcard.atr_decoded", "The ATR decoded: convention, protocols, timing and historical bytes", "explain"),
    CodeDef("smartcard.apdu_command", "The bytes are a command APDU: CLA, INS, P1-P2, Lc, data, Le decoded", "explain"),
    # added after the third real-error sweep: causes the threads settled that had no code
    CodeDef("smartcard.reader_claimed", "Another driver holds the reader's USB interface (the kernel's pn533/nfc driver, libusb in another program), so pcscd or libnfc cannot open it", "explain"),
    CodeDef("smartcard.scdaemon_conflict", "GnuPG's scdaemon and pcscd compete for the reader: scdaemon's own CCID driver, or its exclusive PC/SC connection, keeps the other side out", "explain"),
    CodeDef("smartcard.pkcs11_error", "A PKCS#11 call failed with a CKR_ return value that has no more specific code (the table in domains/smartcard/pkcs11.py says what it means)", "explain"),
    CodeDef("smartcard.token_unrecognized", "The middleware (an OpenSC card driver, a PKCS#11 module) does not recognise the card: no driver for it, or it is not initialised (CKR_TOKEN_NOT_RECOGNIZED)", "explain"),
    # added with the tools' inventory and the command-context status words (issue 12)
    CodeDef("smartcard.pin_verify_failed", "A command was refused (6982) after a VERIFY that failed: the wrong PIN, not the command, is the cause", "explain"),
    CodeDef("smartcard.gp_wrong_keys", "GlobalPlatform secure channel refused: the card keys (or key set version) are not the ones used (EXTERNAL AUTHENTICATE 6300, card cryptogram invalid, INITIALIZE UPDATE 6A88)", "explain"),
    CodeDef("smartcard.gp_card_locked", "The card (or the application) is locked: GlobalPlatform card management is refused (6283 CARD_LOCKED)", "explain"),
    CodeDef("smartcard.gp_load_rejected", "The card rejected the load file (CAP) during INSTALL [for load] / LOAD (6A80, LOAD 6985): a missing imported package or another Java Card version", "explain"),
    CodeDef("smartcard.gp_install_refused", "INSTALL [for install] refused (6985/6A80/6A88): the instance exists, the package is not loaded, or the parameters are wrong", "explain"),
    CodeDef("smartcard.gp_no_memory", "Not enough memory on the card for the package or applet instance (6A84)", "explain"),
    CodeDef("smartcard.scdaemon_missing", "GnuPG cannot start or reach its smart-card daemon (scdaemon not installed, or it fails at start): 'No SmartCard daemon'", "explain"),
    CodeDef("smartcard.gp_delete_refused", "GlobalPlatform DELETE refused: nothing with this AID (6A88) or instances still depend on it (6985)", "explain"),
    # a PKCS#11 return value read with its function (pkcs11.FUNCTION_RETURN_VALUES)
    CodeDef("smartcard.pin_required_per_signature", "The key wants the PIN again right before each signature or decryption (CKA_ALWAYS_AUTHENTICATE, PIV key 9C): C_Sign* answered CKR_USER_NOT_LOGGED_IN although the session logged in", "explain", "0.2.0"),
    CodeDef("smartcard.pin_length_limit", "The PIN is longer or shorter than the token accepts: the middleware refused it before the card saw it (C_Login: CKR_PIN_LEN_RANGE, older OpenSC CKR_ARGUMENTS_BAD)", "explain", "0.2.0"),
    # the CCID layer between pcscd and the reader (ccid.py)
    CodeDef("smartcard.reader_unresponsive", "The reader itself does not answer the driver (USB reads or writes time out, broken firmware, no CCID interface): a hung or underpowered reader, or one that needs its vendor's driver", "explain", "0.2.0"),
)
