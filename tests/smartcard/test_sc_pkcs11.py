"""PKCS#11 return values: the table matches the standard's header, and a CKR_ name in a log is
read as the module's verdict, never its hex value as a byte that arrived."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hsd_testing import require_peer

import handshake_doctor as hd
from handshake_doctor import codes as code_registry
from handshake_doctor.domains.smartcard import pkcs11 as P11
from handshake_doctor.textparse import BYTE, NAMED_VALUE, parse

P11KIT_H = "/usr/include/p11-kit-1/p11-kit/pkcs11.h"  # libp11-kit-dev (scripts/apt/smartcard.txt)


def test_table_matches_the_installed_pkcs11_header() -> None:
    require_peer(P11KIT_H)
    header = {m.group(1): int(m.group(2), 0) for m in re.finditer(r"#define (CKR_\w+)\s+\(?(0x[0-9A-Fa-f]+|\d+)UL\)?", Path(P11KIT_H).read_text())}
    assert len(header) >= 60
    for row in P11.PKCS11_RETURN_VALUES.rows:
        assert row.name in header, f"{row.name} is not a CKR_ name in {P11KIT_H}"
        assert header[row.name] == row.value, (row.name, hex(row.value), hex(header[row.name]))


def test_rows_are_unique_and_codes_declared() -> None:
    declared = {c.code for c in code_registry.all_codes()}
    names = [r.name for r in P11.PKCS11_RETURN_VALUES.rows]
    values = [r.value for r in P11.PKCS11_RETURN_VALUES.rows]
    assert len(set(names)) == len(names) and len(set(values)) == len(values)
    assert {r.code for r in P11.PKCS11_RETURN_VALUES.rows} <= declared
    assert all(r.fix and r.meaning for r in P11.PKCS11_RETURN_VALUES.rows)


@pytest.mark.parametrize("text", [
    "CKR_SIGNATURE_INVALID (0xc0)",
    "error: PKCS11 function C_Login failed: rv = CKR_PIN_INCORRECT (0xa0)",
    "PyKCS11.PyKCS11Error: CKR_OBJECT_HANDLE_INVALID (0x00000082)",
    "Get certificate attributes failed: 179:'CKR_SESSION_HANDLE_INVALID'",
])
def test_ckr_value_is_not_a_received_byte(text: str) -> None:
    """Before the table, 'CKR_PIN_INCORRECT (0xa0)' came out as tls.not_tls_reply: the value read
    as the first byte of a reply."""
    p = parse(text)
    assert not any(t.kind == BYTE for t in p.tokens), p.tokens
    d = hd.explain(text)
    assert d.domains[0].name == "smartcard"
    assert d.findings[0].code.startswith("smartcard.")
    assert not any(f.domain == "tls" for f in d.findings)


def test_named_value_token_keeps_the_number() -> None:
    p = parse("rv = CKR_PIN_LOCKED (0xa4)")
    named = [t for t in p.tokens if t.kind == NAMED_VALUE]
    assert [t.values for t in named] == [(0xA4,)]
    assert p.byte_values == []


@pytest.mark.parametrize("text,code", [
    ("error: PKCS11 function C_CreateObject failed: rv = CKR_USER_NOT_LOGGED_IN (0x101)", "smartcard.security_status"),  # C_Sign*: test_a_return_value_from_its_function...
    ("PyKCS11.PyKCS11Error: CKR_DEVICE_REMOVED (0x00000032)", "smartcard.card_removed"),
    ("C_OpenSession() failed: CKR_TOKEN_NOT_PRESENT", "smartcard.no_card"),
    ("pkcs11-tool: C_Login failed: CKR_PIN_LOCKED", "smartcard.pin_blocked"),
    ("error: PKCS11 function C_Sign failed: rv = CKR_DATA_LEN_RANGE (0x21)", "smartcard.pkcs11_error"),
    ("error: PKCS11 function C_Initialize failed: rv = CKR_CRYPTOKI_ALREADY_INITIALIZED (0x191)", "smartcard.pkcs11_error"),
])
def test_ckr_names_map_to_causes(text: str, code: str) -> None:
    top = hd.explain(text).findings[0]
    assert top.code == code
    assert top.fixes and top.fixes[0].summary


def test_pkcs11_error_names_the_value_and_a_fix() -> None:
    top = hd.explain("error: PKCS11 function C_Login failed: rv = CKR_PIN_INCORRECT (0xa0)").findings[0]
    assert top.data == {"ckr": "0x000000A0", "name": "CKR_PIN_INCORRECT"}
    assert "retry counter" in top.summary and "blocked" in top.fixes[0].summary


def test_unknown_ckr_name_is_not_invented() -> None:
    d = hd.explain("CKR_SOMETHING_MADE_UP (0x7777)")
    assert not any(f.code == "smartcard.pkcs11_error" for f in d.findings)


def test_message_causes_get_their_own_fixes_not_the_pcsc_fallback() -> None:
    """A library message or PKCS#11 verdict gets the cause's fixes; the 'watch pcscd's log'
    fallback belongs to bare PC/SC codes only."""
    from handshake_doctor.domains.smartcard import explain as sc
    from handshake_doctor.domains.smartcard import fixes as F

    assert F.fixes_for("smartcard.reader_claimed") and F.fixes_for("smartcard.no_card")
    assert F.fixes_for("smartcard.status_word") == []
    fallback = sc._pcsc_fixes("smartcard.pcsc_error", None)
    assert fallback and "pcscd --foreground" in fallback[0].command
    top = hd.explain("Can't claim interface 3/8: LIBUSB_ERROR_BUSY").findings[0]
    assert top.fixes == F.fixes_for("smartcard.reader_claimed")


# --- a return value read with the function that returned it (pkcs11.FUNCTION_RETURN_VALUES) -----------
def _concrete(function: str) -> str:
    return function[:-1] + "Final" if function.endswith("*") else function


@pytest.mark.parametrize("row", P11.FUNCTION_RETURN_VALUES.rows, ids=lambda r: f"{r.functions[0]}-{r.name}")
@pytest.mark.parametrize("form", ["error: PKCS11 function {fn} failed: rv = {rv} (0x{value:x})\nAborting.",
                                  "sun.security.pkcs11.wrapper.PKCS11Exception: {rv}\n\tat sun.security.pkcs11.wrapper.PKCS11.{fn}(Native Method)"])
def test_a_return_value_from_its_function_gets_the_function_s_meaning(row: P11.FunctionRvRow, form: str) -> None:
    value = P11.by_name(row.name).value  # type: ignore[union-attr]
    for function in row.functions:
        fn = _concrete(function)
        top = hd.explain(form.format(fn=fn, rv=row.name, value=value)).findings[0]
        assert top.code == row.code, (fn, row.name, top.code)
        assert top.data["function"] == fn and fn in top.summary


@pytest.mark.parametrize("row", P11.FUNCTION_RETURN_VALUES.rows, ids=lambda r: f"{r.functions[0]}-{r.name}")
def test_without_its_function_the_value_keeps_its_own_meaning(row: P11.FunctionRvRow) -> None:
    """The function's reading needs the function: the bare value, or another function, gives the value's row."""
    own = P11.by_name(row.name)
    assert own is not None and own.code != row.code
    assert hd.explain(f"{row.name} (0x{own.value:x})").findings[0].code == own.code
    assert hd.explain(f"error: PKCS11 function C_FindObjectsInit failed: rv = {row.name} (0x{own.value:x})").findings[0].code == own.code


def test_a_function_far_from_the_value_is_not_its_function() -> None:
    far = "C_Login ok\n" + "x" * 600 + "\nCKR_ARGUMENTS_BAD (0x7)"
    assert hd.explain(far).findings[0].code == "smartcard.pkcs11_error"


def test_function_rows_are_declared_sourced_and_name_real_values() -> None:
    declared = {c.code for c in code_registry.all_codes()}
    for row in P11.FUNCTION_RETURN_VALUES.rows:
        assert row.code in declared and row.source and P11.by_name(row.name) is not None
        assert all(re.fullmatch(r"C_[A-Z][A-Za-z]+\*?", f) for f in row.functions)
