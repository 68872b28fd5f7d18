"""The input parser: every notation users paste, and no crash on anything."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.textparse import (
    BYTE, BYTES, ERRNO, OPENSSL_ERROR, PCSC_ERROR, STATUS_WORD, MAX_CHARS, decode_openssl, parse,
)

CASES = [
    ("0x68", BYTE, (0x68,)),
    ("68h", BYTE, (0x68,)),
    (r"\x68", BYTE, (0x68,)),
    ("68 81", BYTES, (0x68, 0x81)),
    ("A0 0A 50 05", BYTES, (0xA0, 0x0A, 0x50, 0x05)),
    ("5F:F5:AF:FA", BYTES, (0x5F, 0xF5, 0xAF, 0xFA)),
    ("SW=6881", STATUS_WORD, (0x68, 0x81)),
    ("SW: 0x6A82", STATUS_WORD, (0x6A, 0x82)),
    ("sw1=0x68 sw2=0x81", STATUS_WORD, (0x68, 0x81)),
    ("SW1=68, SW2=82", STATUS_WORD, (0x68, 0x82)),
    ("SW1SW2: 6A 82", STATUS_WORD, (0x6A, 0x82)),
    ("status word 6982", STATUS_WORD, (0x69, 0x82)),
    ("6881", STATUS_WORD, (0x68, 0x81)),
    ("9000", STATUS_WORD, (0x90, 0x00)),
    ("6C10", STATUS_WORD, (0x6C, 0x10)),
    ("array('B', [160])", BYTE, (160,)),
    ("got array('B', [160, 5])", BYTES, (160, 5)),
    ("b'\\xa0\\x0a'", BYTES, (0xA0, 0x0A)),
    ("resp=0x15", BYTE, (0x15,)),
    ("1408F10B", OPENSSL_ERROR, (0x1408F10B,)),
    ("0A00010B", OPENSSL_ERROR, (0x0A00010B,)),
    ("error:0A00042E:SSL routines::tlsv1 alert protocol version", OPENSSL_ERROR, (0x0A00042E,)),
    ("0x8010000B", PCSC_ERROR, (0x8010000B,)),
    ("SCardConnect failed: 8010000C", PCSC_ERROR, (0x8010000C,)),
    ("connect:errno=111", ERRNO, (111,)),
    ("ConnectionRefusedError: [Errno 111] Connection refused", ERRNO, (111,)),
]


@pytest.mark.parametrize("text,kind,values", CASES)
def test_notations(text: str, kind: str, values: tuple[int, ...]) -> None:
    toks = parse(text).tokens
    assert any(t.kind == kind and t.values == values for t in toks), [(t.kind, t.values) for t in toks]


def test_labels_separate_got_from_expected() -> None:
    p = parse("Echo mismatch: got array('B', [160]), expected 5f")
    got = [t for t in p.tokens if t.label == "got"]
    expected = [t for t in p.tokens if t.label == "expected"]
    assert got and got[0].values == (160,)
    assert expected and expected[0].values == (0x5F,)
    assert p.first_byte == 160


def test_prose_is_not_hex() -> None:
    for text in ["Must be added to the cafe in 2024", "listening on port 8080", "see [1] and [2]", "10, 20, 30"]:
        assert not parse(text).tokens, text


def test_openssl_layouts() -> None:
    new = decode_openssl(0x0A00042E)
    assert new is not None and new.layout == "3.x" and new.reason == 1070 and new.alert == 70
    old = decode_openssl(0x14094410)
    assert old is not None and old.layout == "1.x" and old.func == 0x094 and old.alert == 40
    assert decode_openssl(0x1408F10B).reason == 0x10B  # type: ignore[union-attr]
    assert decode_openssl(0x12345678) is None


def test_long_input_is_truncated_not_slow() -> None:
    import time

    text = "x" * (MAX_CHARS * 16) + " 0x68"
    t0 = time.perf_counter()
    p = parse(text)
    assert p.truncated and len(p.text) == MAX_CHARS
    assert time.perf_counter() - t0 < 2.0


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses(text: str) -> None:
    p = parse(text)
    for t in p.tokens:
        assert t.kind == "errno" or all(0 <= v for v in t.values)
        assert text[t.start : t.end] == t.text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decoded_as_text_parse(data: bytes) -> None:
    parse(data.decode("latin-1"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 255), min_size=1, max_size=16))
def test_spaced_hex_round_trip(values: list[int]) -> None:
    text = " ".join(f"{v:02X}" for v in values)
    toks = parse(text).tokens
    found = [v for t in toks for v in t.values if t.kind in (BYTE, BYTES, STATUS_WORD)]
    if len(values) >= 2 or any(c.isdigit() for c in text):
        assert found == values, (text, [(t.kind, t.values) for t in toks])


def test_notations_reported_by_domain_engineers() -> None:
    assert [t.values for t in parse("SSL routines::wrong version number error:0A00010B").of_kind(OPENSSL_ERROR)] == [(0x0A00010B,)]
    assert [t.values for t in parse("No connection could be made (os error 10061)").of_kind(ERRNO)] == [(10061,)]
    assert [t.values for t in parse("socket.gaierror: [Errno -2] Name or service not known").of_kind(ERRNO)] == [(-2,)]
    assert not parse("termios.error: (22, 'Invalid argument')").of_kind(BYTE, BYTES)


def test_signed_hresult_and_long_hex_runs() -> None:
    toks = parse("('Failed to list readers', -2146435043)").of_kind(PCSC_ERROR)
    assert [t.values for t in toks] == [(0x8010001D,)]
    atr = parse("ATR: 3B951381018073FF01000B").of_kind(BYTES)
    assert atr and atr[0].values == (0x3B, 0x95, 0x13, 0x81, 0x01, 0x80, 0x73, 0xFF, 0x01, 0x00, 0x0B)
    assert not parse("build 2024061312345678 finished").of_kind(BYTES)
