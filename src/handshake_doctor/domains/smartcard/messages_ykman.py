"""More of ykman's (yubikey-manager) CliFail texts than the rows in tool_messages.py: connecting
to the YubiKey, the OATH password, the FIDO and PIV PINs and PUK, and the configuration lock
code. Read from github.com/Yubico/yubikey-manager at tag 5.9.1 (ykman/_cli/__main__.py,
config.py, oath.py, fido.py, piv.py); ykman prints a CliFail as ``Error: <text>``.
Also ykman's device listing (ykman/device.py: its one-time warnings on stderr and the errors of
connect_to_device), which the YubiKey Authenticator (yubioath-flutter) helper prints as well.
Rows are knowledge.inventory.ToolLine; tool_messages.INVENTORY takes them in.
"""

from __future__ import annotations

from ...knowledge.inventory import ToolLine as L

Y = "Yubico/yubikey-manager ykman/_cli/{}@5.9.1"
YDEV = "Yubico/yubikey-manager ykman/device.py (list_ccid_devices() warning, ConnectionNotAvailableException, connect_to_device())@5.x"
T = "ykman"
V = "5.9.1"

ROWS: tuple[L, ...] = (
    L(T, V, "YubiKey is in NFC restricted mode (see: https://www.yubico.com/getting-started/).", "the YubiKey ships in NFC restricted mode: it answers over NFC only after it was plugged into USB power once", "smartcard.no_card", Y.format("__main__.py _run_cmd_for_single()"), 0.9,
      "Error: YubiKey is in NFC restricted mode (see: https://www.yubico.com/getting-started/)."),
    L(T, V, "Failed connecting to a YubiKey with serial: %s.", "no YubiKey with that serial number could be opened (unplugged, or this user lacks the permissions)", "smartcard.no_card", Y.format("__main__.py _run_cmd_for_serial()"), 0.9,
      "Error: Failed connecting to a YubiKey with serial: 12345678.\nMake sure the application has the required permissions."),
    L(T, V, "Couldn't connect to the YubiKey.", "ykman could not open the YubiKey over any interface (another program holds it, or it was unplugged)", "smartcard.no_card", Y.format("config.py"), 0.85,
      "Error: Couldn't connect to the YubiKey."),
    L(T, V, "Authentication to the YubiKey failed. Wrong password?", "the OATH application's password was wrong", "smartcard.security_status", Y.format("oath.py _init_session()"), 0.9,
      "Error: Authentication to the YubiKey failed. Wrong password?"),
    L(T, V, "PIN authentication is currently blocked. Remove and re-insert the YubiKey.", "three wrong FIDO2 PINs in a row: the key accepts no more tries until it is re-inserted (the PIN is not blocked for good)", "smartcard.pin_blocked", Y.format("fido.py _fail_pin_error()"), 0.85,
      "Error: PIN authentication is currently blocked. Remove and re-insert the YubiKey."),
    L(T, V, "The FIDO PIN is blocked. Change the PIN first.", "the FIDO2 key demands a PIN change (forcePINChange) before it is used", "smartcard.pin_blocked", Y.format("fido.py"), 0.8,
      "Error: The FIDO PIN is blocked. Change the PIN first."),
    L(T, V, "%s change failed - %d tries left.", "the current PIN or PUK given was wrong: one try used up", "smartcard.pin_tries_left", Y.format("piv.py _change_pin_or_puk()"), 0.9,
      "Error: PIN change failed - 2 tries left."),
    L(T, V, "PIN unblock failed - %d tries left.", "the PUK was wrong: one try used up", "smartcard.pin_tries_left", Y.format("piv.py unblock_pin()"), 0.9,
      "Error: PIN unblock failed - 2 tries left."),
    L(T, V, "PUK is blocked.", "no PUK tries left: the PIV PIN can no longer be unblocked (only a PIV reset, which deletes the keys)", "smartcard.pin_blocked", Y.format("piv.py"), 0.9,
      "Error: PUK is blocked."),
    L(T, V, "Failed to change the lock code. Wrong current code?", "the configuration lock code given was wrong", "smartcard.security_status", Y.format("config.py set_lock_code()"), 0.85,
      "Error: Failed to change the lock code. Wrong current code?"),
    L(T, V, "PC/SC not available. Smart card protocols will not function.", "pyscard could not establish a PC/SC context: the PC/SC service (pcscd) is not running or not installed, so PIV, OATH and OpenPGP cannot be reached", "smartcard.no_service", YDEV, 0.9,
      "WARNING: PC/SC not available. Smart card protocols will not function."),
    L(T, V, "No eligiable connections are available (%s).", "no interface ykman needs could even be listed (for smart-card connections: PC/SC unavailable)", "smartcard.no_service", YDEV, 0.7,
      "No eligiable connections are available ([<class 'yubikit.core.smartcard.SmartCardConnection'>])."),
    L(T, V, "No YubiKey found with the given interface(s)", "no YubiKey answered over the interfaces asked for (unplugged, the interface disabled, or held by another program)", "smartcard.no_card", YDEV, 0.85),
)
