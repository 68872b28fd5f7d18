"""`hsdoctor explain` in the smartcard domain: issue 2's must-show cases and properties."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import handshake_doctor as hd
from handshake_doctor.domains.smartcard import card_apdu as A
from handshake_doctor.domains.smartcard import codes as C
from handshake_doctor.domains.smartcard import explain as E
from handshake_doctor.domains.smartcard import knowledge as K
from handshake_doctor.textparse import parse

DECLARED = {c.code for c in C.CODES}


def _text(f) -> str:  # type: ignore[no-untyped-def]
    parts = [f.summary, f.detail] + [x.summary + " " + x.command + " " + " ".join(s.code for s in x.snippets) for x in f.fixes]
    return " ".join(parts).lower()


def _sc(text: str):  # type: ignore[no-untyped-def]
    a = E.assess(parse(text))
    assert a is not None, text
    return a


def _top(text: str):  # type: ignore[no-untyped-def]
    d = hd.explain(text)
    assert d.findings, text
    return d.findings[0]


# --- must show ----------------------------------------------------------------------------------
def test_6881_is_logical_channel_with_the_cla_bits() -> None:
    f = _top("6881")
    assert f.code == "smartcard.logical_channel_unsupported"
    t = _text(f)
    assert "cla" in t and "b2-b1" in t and "40-7f" in t


def test_6c10_resend_with_le_10() -> None:
    f = _top("6C10")
    assert f.code == "smartcard.wrong_le" and "le = 10" in _text(f) and "16" in _text(f)


def test_6110_get_response() -> None:
    f = _top("6110")
    assert f.code == "smartcard.get_response_needed"
    assert "00 c0 00 00 10" in _text(f) and f.data["next_apdu"] == "00 C0 00 00 10"


@pytest.mark.parametrize(("text", "sw"), [("SW=6881", "6881"), ("sw1=0x68 sw2=0x81", "6881"), ("SW1SW2: 6A 82", "6A82"),
                                           ("Status word: 6982", "6982"), ("card returned 6D00", "6D00"), ("failed SW: 6985", "6985")])
def test_sw_notations_are_decoded(text: str, sw: str) -> None:
    a = _sc(text)
    f = a.findings[0]
    row, _ = K.lookup_sw(int(sw[:2], 16), int(sw[2:], 16))
    assert f.data["sw"] == sw and f.code == row.code
    assert a.score >= 0.7, "a labelled status word is clearly a card's"


def test_pcsc_sharing_violation_code() -> None:
    f = _top("0x8010000B")
    assert f.code == "smartcard.sharing_violation"
    assert any("fuser" in x.command for x in f.fixes)
    assert _sc("0x8010000B").score >= 0.9


def test_bare_0x68_is_a_low_smartcard_reading() -> None:
    d = hd.explain("0x68")
    sc = next(s for s in d.domains if s.name == "smartcard")
    assert sc.score < 0.5
    assert "functions in cla not supported" in sc.meaning.lower()
    assert any(f.code == "smartcard.cla_unsupported" for f in d.findings)


def test_9000_is_ok() -> None:
    f = _top("9000")
    assert f.code == "smartcard.ok" and f.severity == "ok"
    assert hd.explain("9000").exit_code == 0


# --- scoring ---------------------------------------------------------------------------------------
def test_context_raises_a_bare_byte_but_never_to_certainty() -> None:
    bare = _sc("0x68").score
    ctx = _sc("smart card reader returned 0x68 to my APDU").score
    assert bare < 0.5 < ctx < 0.95
    assert _sc("M-Bus meter answered 0x68").score < bare


def test_a_bare_4_digit_sw_is_clearer_than_a_byte_and_a_class_match_is_weaker() -> None:
    exact, klass = _sc("6881").score, _sc("6812").score
    assert 0.55 <= exact <= 0.85 and klass < exact
    assert _sc("6812").findings[0].confidence < _sc("6881").findings[0].confidence


# --- PC/SC, messages, ATR, APDU ------------------------------------------------------------------
@pytest.mark.parametrize("row", list(K.PCSC_CODES.rows), ids=lambda r: r.name)
def test_every_pcsc_code_and_name_decodes_to_its_row(row) -> None:  # type: ignore[no-untyped-def]
    for text in (f"0x{row.value:08X}", f"error {row.value:08x}", f"PCSCException: {row.name}", f"hresult = {row.value - (1 << 32)}"):
        a = _sc(text)
        want = K.pcsc_row(row.value)
        assert any(f.code == want.code and f.data.get("name") == want.name for f in a.findings), (text, [f.code for f in a.findings])


@pytest.mark.parametrize(("text", "code"), [
    ("smartcard.pcsc.PCSCExceptions.EstablishContextException: 'Failure to establish context: Service not available.'", "smartcard.no_service"),
    ("SCardEstablishContext: Service not available.", "smartcard.no_service"),
    ("PCSC.Exceptions.NoServiceException: The Smart card resource manager is not running.", "smartcard.no_service"),
    ("smartcard.Exceptions.NoCardException: Unable to connect: No smart card inserted. (0x8010000C)", "smartcard.no_card"),
    ("javax.smartcardio.CardException: sun.security.smartcardio.PCSCException: SCARD_E_NO_SMARTCARD", "smartcard.no_card"),
    ("Caused by: sun.security.smartcardio.PCSCException: SCARD_E_NO_READERS_AVAILABLE", "smartcard.no_reader"),
    ("No smart card readers found.", "smartcard.no_reader"),
    ("smartcard.Exceptions.CardConnectionException: Failed to transmit with protocol T1. Card was removed. (0x80100069)", "smartcard.card_removed"),
    ("CardConnectionException: Failed to transmit with protocol T1. Transaction failed.", "smartcard.transmit_failed"),
    ("Failed to transmit with protocol T0. Card protocol mismatch.", "smartcard.protocol_mismatch"),
    ("smartcard.Exceptions.ListReadersException: ('Failed to list readers', -2146435043)", "smartcard.no_service"),
    ("error: SCardEstablishContext failed, rc=8010001d", "smartcard.no_service"),
    ("CheckingErrorException: 'Status word exception: checking error - Logical channel not supported!'", "smartcard.logical_channel_unsupported"),
    ("Could not SELECT default selected: 0x6D00 (Invalid INStruction)", "smartcard.ins_unsupported"),
    ("Failed to connect to card: Card is invalid or cannot be handled", "smartcard.token_unrecognized"),
])
def test_library_messages(text: str, code: str) -> None:
    a = _sc(text)
    assert a.findings[0].code == code, [f.code for f in a.findings]
    assert a.score >= 0.75
    assert a.findings[0].code in DECLARED


def test_atr_with_the_word_atr() -> None:
    a = _sc("ATR: 3B 95 13 81 01 80 73 FF 01 00 0B")
    f = a.findings[0]
    assert f.code == "smartcard.atr_decoded" and f.data["protocols"] == [1] and f.data["tck_ok"] is True
    bad = _sc("ATR 3B 95 13 81 01 80 73 FF 01 00 0C").findings[0]
    assert bad.code == "smartcard.atr_invalid" and "0b" in _text(bad)
    unspaced = _sc("3B8F8001804F0CA000000306030001000000006A").findings[0]
    assert unspaced.code == "smartcard.atr_decoded" and unspaced.data["protocols"] == [0, 1]


def test_apdu_with_sw_gives_the_exact_next_command() -> None:
    f = _top("APDU 00 B0 00 00 00 -> 6C08")
    assert f.code == "smartcard.wrong_le" and f.data["next_apdu"] == "00 B0 00 00 08"
    f = _top("sent 03 A4 04 00 05 A0 00 00 00 01 got SW 6881")
    assert f.code == "smartcard.logical_channel_unsupported" and "logical channel 3" in _text(f)
    g = _sc("0C A4 04 00 05 A0 00 00 00 01 00 -> 6110").findings[0]
    assert g.data["next_apdu"] == "00 C0 00 00 10"


def test_a_pasted_verify_is_flagged_unsafe() -> None:
    a = _sc("APDU 00 20 00 81 08 31 32 33 34 FF FF FF FF")
    f = next(f for f in a.findings if f.code == "smartcard.apdu_command")
    assert f.data["unsafe"] is True and "verify" in _text(f)


@given(st.sampled_from([0x00, 0x80, 0x84, 0x0C, 0xA0]), st.sampled_from([r.ins for r in K.INS_CODES.rows]),
       st.integers(0, 255), st.integers(0, 255), st.binary(max_size=40), st.one_of(st.none(), st.integers(0, 255)))
def test_parse_command_recovers_short_apdus(cla: int, ins: int, p1: int, p2: int, data: bytes, le: int | None) -> None:
    raw = [cla, ins, p1, p2] + ([len(data)] + list(data) if data else []) + ([le] if le is not None else [])
    cmd = A.parse(raw)  # the domain's one APDU decoder (explain and the probe)
    assert cmd is not None
    assert (cmd.cla, cmd.ins, cmd.p1, cmd.p2, bytes(cmd.data), cmd.le_field) == (cla, ins, p1, p2, data, le)
    assert cmd.case_name == str(1 + (le is not None) + 2 * bool(data)) if not (data and le is None) else cmd.case_name == "3"


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_assess_never_raises_on_any_text(text: str) -> None:
    a = E.assess(parse(text))
    if a is not None:
        assert 0 <= a.score <= 1
        for f in a.findings:
            assert f.code in DECLARED and f.domain == "smartcard"


@given(st.lists(st.integers(0, 255), min_size=1, max_size=40), st.sampled_from(["", "ATR ", "APDU ", "SW ", "card returned "]))
@settings(max_examples=300, deadline=None)
def test_assess_never_raises_on_any_hex(values: list[int], prefix: str) -> None:
    for sep in (" ", "", ":"):
        a = E.assess(parse(prefix + sep.join(f"{v:02X}" for v in values)))
        if a is not None:
            assert all(f.code in DECLARED for f in a.findings)


def test_status_words_do_not_load_the_atr_modules() -> None:
    """Cold start: the ATR parser and the card list are imported only when an ATR is present."""
    code = (
        "import sys\nfrom handshake_doctor.cli import main\n"
        "main(['explain', '6881']); main(['explain', '0x8010000B'])\n"
        "print(sorted(m for m in sys.modules if m.endswith(('.atr', '.atr_names'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip().endswith("[]"), r.stdout[-500:] + r.stderr[-500:]


@pytest.mark.parametrize(("text", "code"), [("openkms.gp.GPException: LOAD failed SW: 6985", "smartcard.gp_load_rejected"),
                                            ("pro.javacard.gp.GPException: LOAD failed SW: 6A80", "smartcard.gp_load_rejected"),
                                            ("failed SW: 6985", "smartcard.conditions_not_satisfied")])
def test_load_status_words_read_in_the_load_command_s_terms(text: str, code: str) -> None:
    assert _top(text).code == code
