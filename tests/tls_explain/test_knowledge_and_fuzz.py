"""Tables carry sources and point at declared codes; OpenSSL 1000+N maps every alert; explain
never crashes on any input in the four domains."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import handshake_doctor as hd
from handshake_doctor.record import is_record
from handshake_doctor.textparse import parse
from handshake_doctor.domains.tls import wire
from handshake_doctor.domains.tls.knowledge import OPENSSL_REASONS, X509_VERIFY

MINE = ("tls", "http", "net", "database")


def _declared() -> set[str]:
    out: set[str] = set()
    for d in MINE:
        out |= {c.code for c in importlib.import_module(f"handshake_doctor.domains.{d}.codes").CODES}
    return out


@pytest.mark.parametrize("domain", MINE)
def test_every_row_has_a_source_and_a_declared_code(domain: str) -> None:
    k = importlib.import_module(f"handshake_doctor.domains.{domain}.knowledge")
    declared = _declared()
    assert k.TABLES, domain
    names = [t.name for t in k.TABLES]
    assert len(names) == len(set(names))
    for table in k.TABLES:
        assert len(table) > 0, table.name
        for row in table:
            assert is_record(row), row
            assert isinstance(row.source, str) and len(row.source.strip()) >= 4, (table.name, row)
            code = getattr(row, "code", None)
            if code is not None:
                assert code in declared, (table.name, row)


@pytest.mark.parametrize("domain", MINE)
def test_codes_start_with_their_domain_and_are_unique(domain: str) -> None:
    codes = [c.code for c in importlib.import_module(f"handshake_doctor.domains.{domain}.codes").CODES]
    assert len(codes) == len(set(codes))
    assert all(c.startswith(domain + ".") for c in codes)


@pytest.mark.parametrize("domain", MINE)
def test_every_fix_names_a_side(domain: str) -> None:
    mod = importlib.import_module(f"handshake_doctor.domains.{domain}.fixes" if domain == "tls" else f"handshake_doctor.domains.{domain}.explain")
    for code, fixes in mod.FIXES.items():
        assert code.startswith(domain + "."), code
        for f in fixes:
            assert f.side in ("client", "server", "network", "user"), (code, f)


@pytest.mark.parametrize("alert", [r for r in wire.ALERTS if r.value != 0], ids=lambda r: r.name)
def test_openssl_received_alert_codes_map_to_the_alert(alert: wire.AlertRow) -> None:
    """reason = 1000 + N in both layouts: 3.x 0A000xxx and 1.x 14094xxx (ssl3_read_bytes)."""
    for code in (f"{(20 << 23) | (1000 + alert.value):08X}", f"{(0x14 << 24) | (0x094 << 12) | (1000 + alert.value):08X}"):
        d = hd.explain(code)
        tls = [f for f in d.findings if f.domain == "tls"]
        assert tls, code
        top = tls[0]
        assert top.code == alert.code, (code, alert.name, top.code)
        assert top.data.get("alert") == alert.value and alert.name in top.detail, (code, top.detail)


def test_alert_table_is_complete_and_ordered() -> None:
    values = [r.value for r in wire.ALERTS]
    assert values == sorted(values) and len(values) == len(set(values)) == 36
    assert {0, 10, 20, 40, 42, 48, 70, 80, 86, 112, 116, 120, 121} <= set(values)


def test_openssl_alert_text_table_covers_every_sendable_alert() -> None:
    alerts_with_text = {r.reason - 1000 for r in OPENSSL_REASONS if r.reason >= 1000}
    for r in wire.ALERTS:
        if r.value not in (0, 52, 121):  # close_notify is no error; 52/121 have no OpenSSL 3.0 reason
            assert r.value in alerts_with_text, r.name


@pytest.mark.parametrize("row", list(X509_VERIFY), ids=lambda r: r.name + str(r.number))
def test_x509_numbers_texts_and_names_agree(row) -> None:  # type: ignore[no-untyped-def]
    by_num = hd.explain(f"verify error:num={row.number}:{row.text}").findings[0]
    by_name = hd.explain(f"code: '{row.name}'").findings[0]
    assert by_num.code == row.code and by_name.code == row.code, (row, by_num.code, by_name.code)


_FRAGMENTS = st.sampled_from([
    "ssl", "tls", "error:0A00010B", "0x68", "15 03 03 00 02 02 46", "HTTP/1.1", "SSL negotiation: ", "port 8080", ":587",
    "[Errno 111]", "ECONNRESET", "Received fatal alert: ", "remote error: tls: ", "verify error:num=", "SSL alert number 999",
    "x509: certificate is valid for", "\x00", "\u00e9", "[SSL: ", "curl: (", "16 03", "error:", "X509_V_ERR_", "99999999",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=20)), max_size=8).map(" ".join))
def test_fuzz_my_domains_never_crash(text: str) -> None:
    parsed = parse(text)
    for d in MINE:
        a = importlib.import_module(f"handshake_doctor.domains.{d}.explain").assess(parsed)
        if a is not None:
            assert 0.0 <= a.score <= 1.0 and a.domain == d
            for f in a.findings:
                assert f.code.startswith(d + ".") and 0.0 <= f.confidence <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40))
def test_fuzz_hex_bytes_never_crash(data: bytes) -> None:
    d = hd.explain(" ".join(f"{b:02X}" for b in data) or "00")
    assert d.verb == "explain"


@pytest.mark.parametrize("text", [
    "ssl " * 16000,
    "tls handshake " * 5000,
    "connection reset by peer ssl " * 2000,
    "x509: certificate is valid for " * 2000,
    "hostname '" * 20000,
    "no pg_hba.conf entry for host " * 2000,
    "error:0A00010B " * 4000,
    "15 03 03 00 02 02 28 " * 3000,
], ids=lambda t: t[:16])
def test_hostile_input_stays_fast(text: str) -> None:
    """64 KiB of repeated trigger words: no regex may go quadratic (one did: 22 s before the fix)."""
    import time

    parsed = parse(text)
    for d in MINE:
        t0 = time.perf_counter()
        importlib.import_module(f"handshake_doctor.domains.{d}.explain").assess(parsed)
        assert time.perf_counter() - t0 < 1.0, d
