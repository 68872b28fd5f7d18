"""mbedTLS / wolfSSL error constants (domains/tls/stack_codes.py) in every printed form.

Each row is tried as its hex / decimal value next to the stack's name, as its constant name and as
its strerror text, in wordings no row of messages_*.py carries; a bare number without the stack's
name must not be read.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd
from handshake_doctor.domains.tls import stack_codes

ROWS = stack_codes.CODES.rows


def _forms(row: stack_codes.StackCode) -> list[str]:
    forms = [f"TLS connect failed: {row.name}"]
    if row.text:
        forms.append(f"handshake error: {row.text}")
    if row.value and row.stack == "mbedtls":
        forms += [f"E (5859) esp-tls-mbedtls: mbedtls_ssl_handshake returned -0x{-row.value:04x}",
                  f"mbedtls_ssl_handshake() failed ({row.value}) on connect"]
    if row.value and row.stack == "wolfssl":
        forms += [f"wolfSSL_connect error {row.value}", f"ERROR: failed to connect to wolfSSL, return value = {row.value}"]
    return forms


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_every_form_of_a_constant_names_its_cause(row: stack_codes.StackCode) -> None:
    assert row.source and row.meaning and row.code.startswith("tls.")
    for text in _forms(row):
        d = hd.explain(text)
        assert d.findings, text
        assert d.findings[0].code == row.code, (text, [f.code for f in d.findings[:3]])
        assert d.domains[0].name == "tls", (text, [s.name for s in d.domains[:2]])


@pytest.mark.parametrize("text", ["connect returned -188", "status -0x2700 from the driver", "error -313 while reading"])
def test_a_bare_number_without_its_stack_is_not_read(text: str) -> None:
    assert not stack_codes.hits(text, text.lower())


def test_the_flag_beats_the_generic_verify_code() -> None:
    d = hd.explain("mbedtls_ssl_handshake returned -0x2700\n  ! verify flags: MBEDTLS_X509_BADCERT_EXPIRED")
    assert d.findings[0].code == "tls.cert_expired"


@pytest.mark.parametrize("n,code", [(70, "tls.version_mismatch"), (112, "tls.unrecognized_name"), (40, "tls.no_shared_cipher")])
def test_mbedtls_debug_alert_number_is_read(n: int, code: str) -> None:
    """mbedTLS ssl_msg.c debug: 'is a fatal alert message (msg N)'."""
    d = hd.explain(f"mbedtls: ssl_msg.c:4799 is a fatal alert message (msg {n})")
    assert any(f.code == code for f in d.findings[:2]), [f.code for f in d.findings[:3]]
