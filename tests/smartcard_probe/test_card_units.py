"""Pure parts of the PC/SC probe: APDU parsing and refusal, ATR checks, SW mapping, the APDU-layer
checks driven by the scripted card's own answer function (no pcscd needed)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.smartcard import card_apdu as A
from handshake_doctor.domains.smartcard.atr import parse as check_fallback  # the domain's one ATR parser
from handshake_doctor.domains.smartcard.knowledge import is_success
from handshake_doctor.domains.smartcard.knowledge import sw_meaning as meaning
from handshake_doctor.domains.smartcard.probe import parse_target
from handshake_doctor.domains.smartcard.probe_checks import run_checks
from handshake_doctor.errors import UsageError

from .cards import ATR_BAD_TCK, ATR_T0, ATR_T1, CARDS
from .scripted_card import answer


def scripted(name: str):  # type: ignore[no-untyped-def]
    script = CARDS[name]
    rules = [(re.compile(p, re.IGNORECASE), bytes.fromhex(r)) for p, r in script["rules"]]
    default = bytes.fromhex(script["default"])
    sent: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return answer(apdu, rules, default)

    return transmit, sent


# ---- APDU parsing and refusal ---------------------------------------------------------------

@given(st.text(max_size=80))
def test_parse_hex_any_text_gives_bytes_or_apdu_error(text: str) -> None:
    try:
        out = A.parse_hex(text)
    except A.ApduError:
        return
    assert isinstance(out, bytes) and out


@given(st.binary(max_size=300))
def test_decode_any_bytes_gives_an_apdu_or_apdu_error(raw: bytes) -> None:
    try:
        apdu = A.decode(raw)
    except A.ApduError:
        return
    assert apdu.raw == raw and apdu.case in (1, 2, 3, 4)
    assert (apdu.cla, apdu.ins, apdu.p1, apdu.p2) == tuple(raw[:4])


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.binary(max_size=20))
def test_forbidden_ins_is_always_refused(cla: int, p1: int, p2: int, data: bytes) -> None:
    for ins in A.FORBIDDEN_INS:
        raw = bytes([cla, ins, p1, p2]) + (bytes([len(data)]) + data if data else b"")
        assert A.refusal(A.decode(raw)) is not None


def test_decode_cases() -> None:
    assert A.decode(bytes.fromhex("00A4000C023F00")).case == 3
    assert A.decode(bytes.fromhex("00CA9F7F00")).le == 256
    c4 = A.decode(bytes.fromhex("00A4040007A000000004101000"))
    assert c4.case == 4 and c4.data == bytes.fromhex("A0000000041010")
    assert A.decode(bytes.fromhex("00B0000000FFFF")).extended
    with pytest.raises(A.ApduError):
        A.decode(bytes.fromhex("00A4000C053F00"))  # Lc says 5, 2 follow


def test_read_only_commands_pass_and_unknown_ins_is_refused() -> None:
    for ok in ("00A4000C023F00", "00CA9F7F00", "00C0000010", "00B0000010", "00B2010400"):
        assert A.refusal(A.decode(bytes.fromhex(ok))) is None, ok
    assert A.refusal(A.decode(bytes.fromhex("0050000008"))) is not None  # INITIALIZE UPDATE: not read-only


def test_with_le_keeps_the_command() -> None:
    assert A.with_le(bytes.fromhex("00CA9F7F00"), 0x0A) == bytes.fromhex("00CA9F7F0A")
    assert A.with_le(bytes.fromhex("00A4040007A000000004101000"), 0x20).hex().upper() == "00A4040007A000000004101020"


# ---- ATR -------------------------------------------------------------------------------------

def test_atr_check_known_good_and_bad() -> None:
    assert check_fallback(bytes.fromhex(ATR_T1)).problems == []
    assert check_fallback(bytes.fromhex(ATR_T1)).protocols == [1]
    assert check_fallback(bytes.fromhex(ATR_T0)).problems == []
    assert "TCK" in check_fallback(bytes.fromhex(ATR_BAD_TCK)).problems[0]
    assert "truncated" in check_fallback(bytes.fromhex(ATR_T1)[:-3]).problems[0]
    assert "TS" in check_fallback(bytes.fromhex("3A021450")).problems[0]
    assert check_fallback(b"").problems


@given(st.binary(max_size=40))
def test_atr_check_any_bytes_never_crashes(atr: bytes) -> None:
    res = check_fallback(atr)
    assert isinstance(res.problems, list)


# ---- status words --------------------------------------------------------------------------

@given(st.integers(0, 255), st.integers(0, 255))
def test_meaning_of_any_sw(sw1: int, sw2: int) -> None:
    m = meaning(sw1, sw2)
    assert m.sw == f"{sw1:02X}{sw2:02X}" and m.meaning and m.source
    assert m.code is None or m.code.startswith("smartcard.")


def test_sw_codes_used_by_the_probe() -> None:
    assert meaning(0x68, 0x81).code == "smartcard.logical_channel_unsupported"
    assert meaning(0x68, 0x82).code == "smartcard.secure_messaging_unsupported"
    assert meaning(0x68, 0x84).code == "smartcard.chaining_unsupported"
    assert meaning(0x6E, 0x00).code == "smartcard.class_unsupported"
    assert meaning(0x61, 0x10).code == "smartcard.get_response_needed"
    assert meaning(0x6C, 0x08).code == "smartcard.wrong_le"
    assert meaning(0x69, 0x82).code == "smartcard.security_status"
    assert meaning(0x69, 0x85).code == "smartcard.conditions_not_satisfied"
    assert is_success(0x90, 0x00) and not is_success(0x6A, 0x82)


# ---- the checklist with the scripted cards' answers ----------------------------------------

@pytest.mark.parametrize(
    ("card", "top"),
    [("plain", None), ("t0", "smartcard.wrong_le"), ("cla_restricted", "smartcard.logical_channel_unsupported"),
     ("no_cla_80", "smartcard.class_unsupported")],
)
def test_checks_against_scripted_answers(card: str, top: str | None) -> None:
    transmit, sent = scripted(card)
    res = run_checks(transmit, "unit")
    assert (res.findings[0].code if res.findings else None) == top
    assert len(sent) <= 16
    assert all(A.refusal(A.decode(s)) is None for s in sent)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=12), min_size=1, max_size=40), st.booleans())
def test_checks_survive_any_card_answers(answers: list[bytes], with_user: bool) -> None:
    it = iter(answers * 50)

    def transmit(apdu: bytes) -> bytes:
        return next(it)

    res = run_checks(transmit, "fuzz", user_apdu=bytes.fromhex("00CA9F7F00") if with_user else None)
    assert len(res.exchanges) <= 40
    for f in res.findings:
        assert f.code.startswith("smartcard.")


def test_parse_target() -> None:
    assert parse_target("pcsc://") is None
    assert parse_target("PCSC://2") == 2
    assert parse_target("pcsc://HSD%20Lab%200") == "HSD Lab 0"
    for bad in ("pcsc://a?b", "pcsc://a#b", "tls://x", "pcsc://a\x01"):
        with pytest.raises(UsageError):
            parse_target(bad)
