"""The USB CCID layer between pcscd and the reader: the driver's messages and its bulk frames.

Why: when a card session fails below the APDU level, the only evidence is often pcscd's debug log
(``pcscd --foreground --debug``), where the CCID driver prints its frames to and from the reader
(``-> 000000 62 00 00 ...`` / ``<- 000000 80 00 ... 41 FE 00``) and its own complaints
(``IFDHPowerICC() PowerUp failed``, ``ReadUSB() read failed (1/3): LIBUSB_ERROR_TIMEOUT``). The
reader's answer carries a slot error byte whose meaning the USB CCID specification defines: FE
after a power-on is "the card is mute", not a PC/SC problem. Pure data and a pure reader of log text.
"""

from __future__ import annotations

import re

from ...knowledge.inventory import ToolLine
from ...knowledge.table import Table
from ...model import Evidence, Finding
from ...record import record

CCID_SPEC = "USB Device Class Specification for Integrated Circuit(s) Cards Interface Devices (CCID) Rev 1.1 §6.1 (PC_to_RDR messages), §6.2 (RDR_to_PC messages, bStatus), Table 6.2-2 (slot error register bError)"
CCID_SRC = "LudovicRousseau/CCID src/ccid.c ccid_error(), src/ifdhandler.c, src/commands.c, src/ccid_usb.c@1.8.2"
SC = "smartcard."

#: bMessageType -> name (CCID Rev 1.1 §6.1 and §6.2)
MESSAGE_TYPES: dict[int, str] = {
    0x62: "PC_to_RDR_IccPowerOn", 0x63: "PC_to_RDR_IccPowerOff", 0x65: "PC_to_RDR_GetSlotStatus",
    0x6F: "PC_to_RDR_XfrBlock", 0x6C: "PC_to_RDR_GetParameters", 0x6D: "PC_to_RDR_ResetParameters",
    0x61: "PC_to_RDR_SetParameters", 0x6B: "PC_to_RDR_Escape", 0x6E: "PC_to_RDR_IccClock",
    0x6A: "PC_to_RDR_T0APDU", 0x69: "PC_to_RDR_Secure", 0x71: "PC_to_RDR_Mechanical", 0x72: "PC_to_RDR_Abort",
    0x73: "PC_to_RDR_SetDataRateAndClockFrequency",
    0x80: "RDR_to_PC_DataBlock", 0x81: "RDR_to_PC_SlotStatus", 0x82: "RDR_to_PC_Parameters",
    0x83: "RDR_to_PC_Escape", 0x84: "RDR_to_PC_DataRateAndClockFrequency",
}

#: bmICCStatus (bStatus bits 1-0)
ICC_STATUS = {0: "a card is present and active", 1: "a card is present but inactive (not powered)", 2: "no card is present"}


@record(frozen=True)
class SlotError:
    value: int  # bError
    name: str  # the specification's name
    text: str  # the driver's wording (ccid_error)
    meaning: str  # ours
    code: str
    source: str = CCID_SPEC + "; driver wording: " + CCID_SRC + " (ccid_error)"


SLOT_ERRORS = Table(
    "ccid_slot_errors",
    (
        # bError  spec name                        driver's text                                   meaning                                                                                                        code
        SlotError(0xFF, "CMD_ABORTED", "Activity aborted by Host", "the host aborted the command", SC + "transmit_failed"),
        SlotError(0xFE, "ICC_MUTE", "Card absent or mute", "the card does not answer: no ATR after power-on (card inserted wrongly, dirty contacts, a contactless card out of the field, or a dead card)", SC + "card_unresponsive"),
        SlotError(0xFD, "XFR_PARITY_ERROR", "Parity error during exchange", "the reader saw parity errors on the card's line: bad contacts or a clock/rate the card does not keep", SC + "transmit_failed"),
        SlotError(0xFC, "XFR_OVERRUN", "Overrun error", "the card sent more than the reader could take", SC + "transmit_failed"),
        SlotError(0xFB, "HW_ERROR", "Hardware error", "the reader reports a hardware fault during the exchange", SC + "transmit_failed"),
        SlotError(0xF8, "BAD_ATR_TS", "Invalid ATR first byte", "the ATR's first byte (TS) is neither 3B nor 3F", SC + "atr_invalid"),
        SlotError(0xF7, "BAD_ATR_TCK", "Invalid ATR checksum byte (TCK)", "the ATR's check byte TCK is wrong", SC + "atr_invalid"),
        SlotError(0xF6, "ICC_PROTOCOL_NOT_SUPPORTED", "Protocol not supported", "the card's protocol is not one the reader supports", SC + "protocol_mismatch"),
        SlotError(0xF5, "ICC_CLASS_NOT_SUPPORTED", "Class not supported", "the card's voltage class is not one the reader supplies", SC + "card_unresponsive"),
        SlotError(0xF4, "PROCEDURE_BYTE_CONFLICT", "Procedure byte conflict", "a T=0 procedure byte from the card made no sense for the command", SC + "transmit_failed"),
        SlotError(0xF3, "DEACTIVATED_PROTOCOL", "Deactivated protocol", "the protocol was deactivated in the reader", SC + "protocol_mismatch"),
        SlotError(0xE0, "CMD_SLOT_BUSY", "Slot busy", "the slot is still busy with an earlier command", SC + "transmit_failed"),
        SlotError(0xA2, "(vendor) short circuit", "Card short-circuiting. Card powered off", "the reader detected a short circuit on the card's contacts and cut the power", SC + "card_unresponsive"),
        SlotError(0xA3, "(vendor) ATR too long", "ATR too long (> 33)", "the card sent an ATR longer than 33 bytes", SC + "atr_invalid"),
        SlotError(0x00, "command not supported", "Command not supported or not allowed", "the reader does not implement this CCID command (a reader the generic driver does not fully handle)", SC + "reader_unresponsive"),
    ),
    "CCID slot errors (bError) with the driver's wording",
)
_BY_VALUE = {e.value: e for e in SLOT_ERRORS.rows}


def slot_error(value: int) -> SlotError | None:
    return _BY_VALUE.get(value)


#: the driver's own lines (templates as its source writes them); the slot errors' texts are printed
#: by ccid_error() after the function's name
_DRIVER = "CCID driver (pcscd)"
DRIVER_LINES = tuple(
    ToolLine(_DRIVER, "1.8.2", e.text, e.meaning, e.code, CCID_SRC + " (ccid_error)", 0.85, f"commands.c:341:CmdPowerOn() {e.text}")
    for e in SLOT_ERRORS.rows if e.value in (0xFE, 0xF8, 0xF7, 0xA2, 0xA3)  # the others' words are too common to stand alone
) + (
    ToolLine(_DRIVER, "1.8.2", "PowerUp failed", "the reader could not power the card up: no ATR came back (a mute or badly inserted card, a contactless card out of the field, a voltage class the reader lacks), or the reader's firmware failed the power-on", SC + "card_unresponsive", CCID_SRC + " (ifdhandler.c IFDHPowerICC)", 0.85, "ifdhandler.c:1386:IFDHPowerICC() PowerUp failed"),
    ToolLine(_DRIVER, "1.8.2", "read failed (%d/%d): %s", "the reader did not answer the driver on USB (a read timed out or failed): a hung or underpowered reader, or one that needs its vendor's driver", SC + "reader_unresponsive", CCID_SRC + " (ccid_usb.c ReadUSB)", 0.8, "ccid_usb.c:1075:ReadUSB() read failed (1/3): LIBUSB_ERROR_TIMEOUT"),
    ToolLine(_DRIVER, "1.8.2", "write failed (%d/%d): %s", "the driver could not send a command to the reader on USB: the reader hung, lost power or went away", SC + "reader_unresponsive", CCID_SRC + " (ccid_usb.c WriteUSB)", 0.8, "ccid_usb.c:963:WriteUSB() write failed (1/3): LIBUSB_ERROR_TIMEOUT"),
    ToolLine(_DRIVER, "1.8.2", "Firmware (%X.%02X) is bogus! Upgrade the reader firmware or get a new reader.", "the driver knows this reader's firmware version to be broken", SC + "reader_unresponsive", CCID_SRC + " (ccid_usb.c)", 0.9),
    ToolLine(_DRIVER, "1.8.2", "Can't find a CCID interface on %d/%d", "the USB device has no CCID interface: the generic CCID driver cannot drive it (it needs its vendor's driver)", SC + "reader_unresponsive", CCID_SRC + " (ccid_usb.c OpenUSBByName)", 0.85),
    ToolLine(_DRIVER, "1.8.2", "Not enough data received: %d bytes", "the reader's answer was shorter than a CCID header: a reader the driver does not handle, or a broken transfer", SC + "reader_unresponsive", CCID_SRC + " (commands.c)", 0.6),
    ToolLine(_DRIVER, "1.8.2", "Protocol T=%d not supported by reader", "the card's protocol is not one this reader supports", SC + "protocol_mismatch", CCID_SRC + " (ifdhandler.c IFDHSetProtocolParameters)", 0.85, "ifdhandler.c:812:IFDHSetProtocolParameters() Protocol T=1 not supported by reader"),
)


# --- bulk frames in pcscd's debug log ---------------------------------------------------------------
_FRAME = re.compile(r"(->|<-) [0-9A-Fa-f]{6} ((?:[0-9A-Fa-f]{2} ){9}[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2})*)")


@record(frozen=True)
class FailedAnswer:
    """A reader's answer whose bmCommandStatus says the command failed."""

    command: str  # the PC_to_RDR message it answers (the last one sent), or "?"
    answer: str  # the RDR_to_PC message type
    error: int  # bError
    icc_status: int  # bmICCStatus
    sent: str  # the command frame, hex bytes spaced ("" when the log does not show it)
    answer_bytes: str  # the answer frame, hex bytes spaced


def failed_answers(text: str, limit: int = 64) -> list[FailedAnswer]:
    """The reader's failed answers in a pcscd/CCID debug log, in order; at most ``limit`` frames are read
    past the first failure, so a flood of frames costs a bounded amount."""
    out: list[FailedAnswer] = []
    last_sent: tuple[str, str] | None = None  # (message name, its frame as spaced hex)
    for m in _FRAME.finditer(text):
        frame = bytes.fromhex(m.group(2))
        kind = frame[0]
        if m.group(1) == "->":
            if kind in MESSAGE_TYPES and kind < 0x80:
                last_sent = (MESSAGE_TYPES[kind], frame.hex(" ").upper())
            continue
        if kind not in MESSAGE_TYPES or kind < 0x80:
            continue
        status = frame[7]
        if status >> 6 != 1:  # 0: processed, 2: time extension
            continue
        command, sent = last_sent if last_sent else ("?", "")
        out.append(FailedAnswer(command, MESSAGE_TYPES[kind], frame[8], status & 0x03, sent, frame.hex(" ").upper()))
        if len(out) >= limit:
            break
    return out


def frame_findings(text: str, skip: set[str] | frozenset[str] = frozenset(), limit: int = 8) -> list[Finding]:
    """One finding per cause among the reader's failed answers (codes in ``skip`` already found)."""
    from .fixes import fixes_for

    out: list[Finding] = []
    seen = set(skip)
    for ans in failed_answers(text, limit=limit):
        err = slot_error(ans.error)
        if err is None or err.code in seen:
            continue
        seen.add(err.code)
        out.append(Finding(
            code=err.code, domain="smartcard",
            summary=f"The reader answered {ans.command} with 'failed': {err.name} ({err.text}): {err.meaning}",
            detail=f"The reader's {ans.answer} says the command failed with slot error 0x{ans.error:02X} ({err.name}); "
                   f"{ICC_STATUS.get(ans.icc_status, 'the card state is unknown')}. The error comes from the reader's "
                   "firmware, below pcsc-lite and the card's APDUs.",
            severity="error", confidence=0.9,
            evidence=[Evidence("bytes", ans.answer_bytes[:300], "input", f"{ans.answer}: bStatus says the command failed; bError 0x{ans.error:02X} {err.name}")]
            + ([Evidence("bytes", ans.sent[:300], "input", f"the command it answers: {ans.command}")] if ans.sent else []),
            fixes=fixes_for(err.code), sources=[CCID_SPEC, CCID_SRC],
            data={"ccid_command": ans.command, "ccid_error": f"0x{ans.error:02X}", "ccid_error_name": err.name, "icc_status": ans.icc_status},
        ))
    return out


def judge_log(text: str) -> list[Finding]:
    """The CCID layer of a pcscd debug log: the reader's failed answers, then the driver's own lines.
    Pure; ``analyze`` gives it the driver's lines of a log, ``explain`` reads the same through its own
    inventory pass."""
    from ...knowledge import inventory as INV
    from .fixes import fixes_for

    out = frame_findings(text)
    have = {f.code for f in out}
    out += INV.findings(text, Table("ccid_driver_lines", DRIVER_LINES, "the CCID driver's lines"), "smartcard",
                        lambda code, when: fixes_for(code, when), skip=have)
    return out
