"""The pure parts of the probe: target parsing, chain judgement, HTTP and first-bytes helpers.

Property tests: any input either parses or raises UsageError (targets), and never raises at all
for the byte-level helpers and for certificate bytes from a hostile server.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.tls.chain_check import check_chain, hostname_matches
from handshake_doctor.domains.tls.fixes import FIXES, fixes_for
from handshake_doctor.domains.tls.probe_steps import _enough, parse_http_answer
from handshake_doctor.domains.tls.probe_target import parse_target
from handshake_doctor.errors import UsageError

from .lab_certs import make


@pytest.mark.parametrize(
    "name,dns,ips,expected",
    [
        ("good.lab.test", ["good.lab.test"], [], True),
        ("GOOD.lab.test.", ["good.lab.test"], [], True),
        ("a.other.example", ["*.other.example"], [], True),
        ("a.b.other.example", ["*.other.example"], [], False),  # one label only (RFC 6125 §6.4.3)
        ("other.example", ["*.other.example"], [], False),
        ("x.example", ["*.example"], [], False),  # no wildcard directly under a one-label suffix
        ("127.0.0.1", ["127.0.0.1"], [], False),  # IP literals match iPAddress SANs only
        ("127.0.0.1", [], ["127.0.0.1"], True),
        ("::1", [], ["0:0:0:0:0:0:0:1"], True),
        ("good.lab.test", [], ["127.0.0.1"], False),
    ],
)
def test_hostname_rules(name: str, dns: list[str], ips: list[str], expected: bool) -> None:
    assert hostname_matches(name, dns, ips) is expected


@given(st.text(max_size=80), st.lists(st.text(max_size=40), max_size=4), st.lists(st.text(max_size=40), max_size=3))
def test_hostname_matching_never_raises(name: str, dns: list[str], ips: list[str]) -> None:
    assert hostname_matches(name, dns, ips) in (True, False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=600), max_size=4), st.lists(st.tuples(st.integers(0, 9), st.integers(0, 100)), max_size=4), st.one_of(st.none(), st.text(max_size=30)))
def test_check_chain_survives_garbage(ders: list[bytes], errs: list[tuple[int, int]], host: str | None) -> None:
    report = check_chain(ders, errs, host)
    assert report.unparsable + len(report.certs) == len(ders)


def _der(c) -> bytes:  # type: ignore[no-untyped-def]
    return c.cert.public_bytes(Encoding.DER)


def test_check_chain_orders_trust_before_dates_and_names() -> None:
    now = dt.datetime.now(dt.timezone.utc)
    selfs = make("x", dns=("x.test",), not_after=now - dt.timedelta(days=1), not_before=now - dt.timedelta(days=9))
    r = check_chain([_der(selfs)], [(0, 18), (0, 10)], "y.test")
    assert [p.code for p in r.problems] == ["tls.self_signed", "tls.cert_expired", "tls.hostname_mismatch"]


def test_check_chain_expiry_uses_the_clock_given() -> None:
    ca = make("ca", ca=True)
    leaf = make("leaf", ca, dns=("leaf.test",))
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400)
    assert [p.code for p in check_chain([_der(leaf)], [], "leaf.test").problems] == []
    assert "tls.cert_expired" in [p.code for p in check_chain([_der(leaf)], [], "leaf.test", now=later).problems]


def test_leaf_only_is_a_missing_intermediate_with_or_without_aia() -> None:
    """Issue 13's measured ranking bug: a leaf-only chain whose issuer has no AIA URL was called
    tls.untrusted_root; public CAs never issue leaves straight from a root, so the intermediate
    that was not sent is the likelier cause (the private-root reading stays in the detail)."""
    ca = make("issuing ca", ca=True)
    leaf = make("leaf", ca, dns=("leaf.test",))
    p0 = check_chain([_der(leaf)], [(0, 20), (0, 21)], "leaf.test").problems[0]
    assert p0.code == "tls.chain_incomplete" and "no AIA caIssuers URL" in p0.detail and "private root" in p0.detail
    # the last certificate sent is a CA: its missing issuer is a root the client lacks
    inter = make("intermediate", ca, ca=True)
    leaf2 = make("leaf2", inter, dns=("leaf.test",))
    assert check_chain([_der(leaf2), _der(inter)], [(1, 20)], "leaf.test").problems[0].code == "tls.untrusted_root"
    leaf_aia = make("leaf", ca, dns=("leaf.test",), aia="http://ca.test/i.crt")
    p = check_chain([_der(leaf_aia)], [(0, 20), (0, 21)], "leaf.test").problems[0]
    assert p.code == "tls.chain_incomplete" and "http://ca.test/i.crt" in p.detail


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_any_target_parses_or_is_a_usage_error(text: str) -> None:
    try:
        t = parse_target(text)
    except UsageError:
        return
    assert t.scheme in ("https", "tls", "tcp") and 1 <= t.port <= 65535 and t.host


def test_target_names() -> None:
    t = parse_target("https://good.lab.test:8443/x", ip="127.0.0.1")
    assert (t.connect_to, t.sni, t.verify_name, t.port, t.path) == ("127.0.0.1", "good.lab.test", "good.lab.test", 8443, "/x")
    t = parse_target("tls://127.0.0.1:9", sni="sni.lab.test")
    assert (t.sni, t.verify_name, t.host_is_ip) == ("sni.lab.test", "sni.lab.test", True)
    assert parse_target("tls://[::1]:9").sni is None
    assert parse_target("https://h").port == 443


@given(st.binary(max_size=400))
def test_byte_helpers_never_raise(data: bytes) -> None:
    assert _enough(data) in (True, False)
    a = parse_http_answer(data)
    assert a is None or a.status is None or 100 <= a.status <= 999


def test_http_answer_fields() -> None:
    a = parse_http_answer(b"HTTP/1.1 301 Moved Permanently\r\nLocation: http://x/\r\n\r\nbody")
    assert a is not None and (a.status, a.headers["location"], a.body_start) == (301, "http://x/", "body")


def test_every_fix_fills_without_leftover_placeholders() -> None:
    for code in FIXES:
        for f in fixes_for(code, host="h", port="1", sni="s", url="u", aia="a"):
            text = f.summary + f.command + "".join(s.code for s in f.snippets)
            for ph in ("{host}", "{port}", "{sni}", "{url}", "{aia}"):
                assert ph not in text, (code, text)
            assert f.side, code


def test_probe_codes_are_declared_or_reported() -> None:
    """Codes the probe emits: declared ones, plus the new ones listed in the report for the lead."""
    src = (Path(__file__).resolve().parents[2] / "src/handshake_doctor/domains/tls/probe.py").read_text()
    import re

    from handshake_doctor.codes import all_codes

    declared = {c.code for c in all_codes()}
    proposed = {"tls.handshake_timeout", "tls.malformed_reply", "tls.weak_certificate", "http.redirect_to_http"}
    used = set(re.findall(r'"((?:tls|net|http)\.[a-z_]+)"', src))
    assert used - declared <= proposed, used - declared - proposed
