"""The CCID layer in a pcscd debug log: the reader's failed answer, read with its slot error and the
command it answers (USB CCID Rev 1.1 §6.2), and the CCID driver's own lines (ccid.DRIVER_LINES)."""

from __future__ import annotations

import pytest

import handshake_doctor as hd
from handshake_doctor import codes as code_registry
from handshake_doctor.domains.smartcard import ccid as C


def _log(command: int, answer: int, status: int, error: int) -> str:
    """Two frames as pcscd --debug prints them (a timestamp, the thread, the direction, an offset)."""
    return ("00000012 [140608650942208] ifdhandler.c:1183:IFDHPowerICC() action: PowerUp, usb:04e6/5790:libudev:0:/dev/bus/usb/002/007 (lun: 0)\n"
            f"00000011 [140608650942208] -> 000000 {command:02X} 00 00 00 00 00 4E 00 00 00 \n"
            f"00021137 [140608650942208] <- 000000 {answer:02X} 00 00 00 00 00 4E {status:02X} {error:02X} 00 \n")


@pytest.mark.parametrize("err", C.SLOT_ERRORS.rows, ids=lambda e: e.name)
def test_a_failed_answer_is_read_with_its_slot_error_and_command(err: C.SlotError) -> None:
    diag = hd.explain(_log(0x62, 0x80, 0x41, err.value))
    top = diag.findings[0]
    assert diag.domains[0].name == "smartcard"
    assert top.code == err.code
    assert top.data["ccid_error"] == f"0x{err.value:02X}" and top.data["ccid_command"] == "PC_to_RDR_IccPowerOn"


@pytest.mark.parametrize("status", [0x00, 0x01, 0x02, 0x80])
def test_an_answer_that_did_not_fail_is_no_ccid_finding(status: int) -> None:
    """bmCommandStatus 0 (processed) and 2 (time extension) carry no error, whatever bError holds."""
    assert C.failed_answers(_log(0x62, 0x80, status, 0xFE)) == []


def test_the_answer_is_matched_to_the_last_command_sent() -> None:
    text = _log(0x62, 0x80, 0x00, 0x00) + "00000002 [1] -> 000000 6F 05 00 00 00 00 4F 00 00 00 00 A4 04 00 00\n" \
        "00000002 [1] <- 000000 80 00 00 00 00 00 4F 40 FD 00\n"
    (ans,) = C.failed_answers(text)
    assert ans.command == "PC_to_RDR_XfrBlock" and ans.error == 0xFD and ans.icc_status == 0


def test_a_flood_of_frames_is_read_to_a_bound() -> None:
    frame = "00000002 [1] <- 000000 81 00 00 00 00 00 4F 41 FE 00\n"
    assert len(C.failed_answers(frame * 5000, limit=8)) == 8


def test_slot_error_rows_are_unique_and_declared() -> None:
    declared = {c.code for c in code_registry.all_codes()}
    values = [e.value for e in C.SLOT_ERRORS.rows]
    assert len(values) == len(set(values))
    assert {e.code for e in C.SLOT_ERRORS.rows} <= declared
    assert all(0x80 <= t <= 0x84 for t, name in C.MESSAGE_TYPES.items() if name.startswith("RDR_to_PC"))


def test_hex_of_a_ccid_frame_is_not_first_read_as_text() -> None:
    """The frames' bytes (62 = 'b') are the reader's protocol: the protocol reading leads."""
    diag = hd.explain(_log(0x62, 0x80, 0x41, 0xFE))
    assert diag.findings[0].code == "smartcard.card_unresponsive"
    assert diag.domains[0].name == "smartcard"
    assert {f.domain for f in diag.findings} == {"smartcard"}, "the CCID driver's lines are the smart-card field's context"
