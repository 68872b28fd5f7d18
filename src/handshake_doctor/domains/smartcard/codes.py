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
)
