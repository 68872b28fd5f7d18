"""The smartcard tables: complete where the brief says complete, sourced, and consistent with the
real pcsc-lite on this machine (its header and its own error strings)."""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.smartcard import codes as C
from handshake_doctor.domains.smartcard import knowledge as K
from handshake_doctor.knowledge.table import Table

from hsd_testing import require_peer  # tests/conftest.py (rootdir conftest)

DECLARED = {c.code for c in C.CODES}
PCSCLITE_H = "/usr/include/PCSC/pcsclite.h"


def test_every_table_is_listed_and_every_row_sourced() -> None:
    module_tables = {id(v) for v in vars(K).values() if isinstance(v, Table)}
    assert module_tables == {id(t) for t in K.TABLES}, "a Table in knowledge.py is missing from TABLES"
    for table in K.TABLES:
        assert len(table) > 0, table.name
        for row in table:
            assert isinstance(row.source, str) and len(row.source.strip()) >= 4, (table.name, row)


def test_every_code_a_row_names_is_declared() -> None:
    for table in (K.STATUS_WORDS, K.SW_RANGES, K.PCSC_CODES, K.MESSAGES):
        for row in table:
            assert row.code in DECLARED, (table.name, row.code)


def test_every_sw1_class_and_the_listed_exact_values_are_covered() -> None:
    for sw1 in list(range(0x61, 0x70)) + list(range(0x90, 0xA0)):
        got = K.lookup_sw(sw1, 0x5A)
        assert got is not None, f"no row for SW1 {sw1:02X}"
    exact = ["9000", "6700", "6800", "6881", "6882", "6883", "6884", "6B00", "6D00", "6E00", "6F00", "6999", "9484", "9485", "6310", "6283", "6A81", "6983"]
    exact += [f"6A{x:02X}" for x in range(0x80, 0x8B)] + [f"69{x:02X}" for x in range(0x81, 0x89)]
    for sw in exact:
        row, match = K.lookup_sw(int(sw[:2], 16), int(sw[2:], 16))
        assert match == "exact" and row.pattern == sw, (sw, row, match)


@pytest.mark.parametrize(("sw", "kind", "code"), [
    ("6110", "parametric", "smartcard.get_response_needed"),
    ("6C10", "parametric", "smartcard.wrong_le"),
    ("63C2", "parametric", "smartcard.pin_tries_left"),
    ("6812", "class", "smartcard.cla_unsupported"),
    ("6240", "range", "smartcard.status_word"),
    ("6455", "range", "smartcard.status_word"),
    ("9E12", "class", "smartcard.status_word"),
])
def test_lookup_reports_how_it_matched(sw: str, kind: str, code: str) -> None:
    row, match = K.lookup_sw(int(sw[:2], 16), int(sw[2:], 16))
    assert (match, row.code) == (kind, code)


@given(st.integers(0, 0xFF), st.integers(0, 0xFF))
@settings(max_examples=300, deadline=None)
def test_sw_text_fills_the_wildcard(sw1: int, sw2: int) -> None:
    got = K.lookup_sw(sw1, sw2)
    if not K.is_sw1(sw1):
        return
    assert got is not None
    text = K.sw_text(got[0], sw1, sw2)
    assert "{" not in text
    if sw1 in (0x61, 0x6C):
        assert f"{sw2:02X}" in text and str(sw2 or 256) in text
    if sw1 == 0x63 and sw2 >> 4 == 0xC:
        assert str(sw2 & 0x0F) in text


@given(st.integers(0, 0xFF))
def test_decode_cla_splits_the_bits(cla: int) -> None:
    info = K.decode_cla(cla)
    if cla <= 0x1F:
        assert info.kind == "interindustry-4"
        assert (info.channel, info.secure_messaging, info.chaining) == (cla & 3, (cla >> 2) & 3, bool(cla & 0x10))
    elif 0x40 <= cla <= 0x7F:
        assert info.kind == "interindustry-16" and info.channel == 4 + (cla & 0x0F)
        assert info.chaining == bool(cla & 0x10) and info.secure_messaging == (cla >> 5) & 1
    else:
        assert info.channel is None
    assert f"{cla:02X}" in info.describe()


def test_unsafe_ins_are_marked() -> None:
    kinds = {r.ins: r.kind for r in K.INS_CODES}
    for ins in (0x20, 0x24, 0x2C, 0xD6, 0xE6, 0xE8, 0xE4, 0x0E):
        assert kinds[ins] in K.UNSAFE_KINDS, hex(ins)
    for ins in (0xA4, 0xB0, 0xC0, 0xCA, 0xB2):
        assert kinds[ins] not in K.UNSAFE_KINDS, hex(ins)


def _header_codes() -> dict[str, int]:
    text = Path(PCSCLITE_H).read_text()
    return {m.group(1): int(m.group(2), 16) for m in re.finditer(r"#define (SCARD_[EWFP]_\w+)\s+\(\(LONG\)(0x[0-9A-Fa-f]+)\)", text)}


def test_pcsc_table_matches_the_installed_pcsclite_header() -> None:
    require_peer(PCSCLITE_H)
    header = _header_codes()
    assert len(header) >= 50
    for name, value in header.items():
        row = K.pcsc_by_name(name)
        assert row is not None, f"{name} missing from PCSC_CODES"
        if name != "SCARD_E_UNSUPPORTED_FEATURE":  # pcsc-lite aliases it to 8010001F; Windows uses ...22
            assert row.value == value, (name, hex(row.value), hex(value))
        assert K.pcsc_row(value) is not None


def test_pcsc_texts_are_what_libpcsclite_prints() -> None:
    """The `text` column is pcsc_stringify_error's output, checked against the real library."""
    path = ctypes.util.find_library("pcsclite") or "libpcsclite.so.1"
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        require_peer("libpcsclite.so.1")
        return
    fn = lib.pcsc_stringify_error
    fn.restype = ctypes.c_char_p
    fn.argtypes = [ctypes.c_long]
    checked = 0
    for row in K.PCSC_CODES:
        if not row.text or row.name == "SCARD_E_UNEXPECTED":
            continue
        assert fn(row.value).decode() == row.text, row.name
        assert K.pcsc_by_text(row.text) is not None
        checked += 1
    assert checked >= 30


# --- PC/SC codes named in CamelCase by wrapper libraries (Rust pcsc crate, pcsc-sharp) -------------
@pytest.mark.parametrize("row", [r for r in K.PCSC_CODES.rows if K.pcsc_by_camel(K._camel(r.name), explicit=True) is r],
                         ids=lambda r: r.name)
def test_every_pcsc_code_is_found_under_its_rust_pcsc_variant_name(row: K.PcscRow) -> None:
    import handshake_doctor as hd

    text = f"thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: PcscError({K._camel(row.name)})', src/main.rs:9:5"
    assert hd.explain(text).findings[0].code == row.code


@pytest.mark.parametrize("text, code", [
    ("Error: pcsc::Error::NoSmartcard", "smartcard.no_card"),
    ("SCardError.SharingViolation returned by SCardConnect", "smartcard.sharing_violation"),
    ("PCSC.Exceptions.RemovedCardException: The smart card has been removed", "smartcard.card_removed"),
    ("reader.Connect failed: Error::UnresponsiveCard", "smartcard.card_unresponsive"),
])
def test_wrapper_names_in_other_spellings(text: str, code: str) -> None:
    import handshake_doctor as hd

    assert hd.explain(text).findings[0].code == code


@pytest.mark.parametrize("text", [
    "java.util.concurrent.TimeoutException: request timed out",   # Timeout is not a card word
    "Error::InvalidParameter at config.rs:10",
    "System.IO.FileNotFoundException: Could not find file 'a.txt'",
])
def test_generic_camel_names_without_a_pcsc_wrapper_are_not_pcsc(text: str) -> None:
    import handshake_doctor as hd

    assert not any(f.domain == "smartcard" for f in hd.explain(text).findings)


def test_camel_name_is_built_from_the_constant_words() -> None:
    assert K._camel("SCARD_E_NO_SMARTCARD") == "NoSmartcard"
    assert K._camel("SCARD_E_PROTO_MISMATCH") == "ProtoMismatch"
    assert K._camel("SCARD_W_REMOVED_CARD") == "RemovedCard"


# --- the CCID driver's claim failure in both libusb generations -------------------------------------
@pytest.mark.parametrize("text", [
    "00000217 ccid_usb.c:614:OpenUSBByName() Can't claim interface 3/5: LIBUSB_ERROR_BUSY",
    "ccid_usb.c:427:OpenUSBByName() Can't claim interface 001/004: Device or resource busy",
])
def test_ccid_claim_failure_is_reader_claimed_in_the_smartcard_domain(text: str) -> None:
    import handshake_doctor as hd

    d = hd.explain(text)
    assert d.findings[0].code == "smartcard.reader_claimed" and d.domains[0].name == "smartcard"
