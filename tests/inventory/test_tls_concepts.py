"""The concept layer (domains/tls/concepts.py): alerts in any notation, who sent them, and X.509
verify reasons in any wording, each beating the generic catch-all codes.

Inputs here are notations and wordings, not any stack's exact sentence: a stack row knowing them
would hide what the concepts do, so most are written the way no row in messages_*.py has them.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd
from handshake_doctor.domains.tls import concepts, wire

NOTATIONS = (
    "alert {n}",
    "TLS alert {n}",
    "SSL alert number {n}",
    "sslv3 alert {spaced}",
    "Received fatal alert: {snake}",
    "{upper} alert",
    "AlertDescription.{snake}",
    "alert {spaced} ({n})",
    "{snake}({n})",
    "ssl.ALERT_DESCRIPTION_{upper}",
    "the peer sent a TLS alert: '{camel}'",
)


def _forms(row: wire.AlertRow) -> dict[str, str]:
    words = row.name.split("_")
    return {
        "n": str(row.value),
        "spaced": " ".join(words),
        "snake": row.name,
        "upper": row.name.upper(),
        "camel": "".join(w.capitalize() for w in words),
    }


ALERTS = [r for r in wire.ALERTS if r.value not in (0,)]


@pytest.mark.parametrize("notation", NOTATIONS)
@pytest.mark.parametrize("row", ALERTS, ids=lambda r: r.name)
def test_every_alert_in_every_notation(row: wire.AlertRow, notation: str) -> None:
    text = notation.format(**_forms(row))
    hits, _spans = concepts.alert_hits(text)
    assert hits, text
    assert hits[0].data["alert"] == row.value, (text, hits[0].data)
    assert hits[0].code == row.code, (text, hits[0].code, row.code)


@pytest.mark.parametrize(
    "text, sender, code",
    [
        ("javax.net.ssl.SSLHandshakeException: Received fatal alert: unknown_ca", "peer", "tls.peer_rejected_certificate"),
        ("TLS client: In state certify generated CLIENT ALERT: Fatal - Unknown CA", "this side", "tls.untrusted_root"),
        ("org.bouncycastle.tls.TlsFatalAlert: certificate_expired(45)", "this side", "tls.cert_expired"),
        ("org.bouncycastle.tls.TlsFatalAlertReceived: certificate_expired(45)", "peer", "tls.peer_rejected_certificate"),
        ("local error: tls: bad certificate", "this side", "tls.cert_verify_failed"),
        ("remote error: tls: bad certificate", "peer", "tls.peer_rejected_certificate"),
        ("sending fatal alert certificate_revoked to the client", "this side", "tls.cert_revoked"),
        ("error:0A000416:SSL routines::sslv3 alert certificate unknown", "peer", "tls.peer_rejected_certificate"),
    ],
)
def test_who_sent_the_alert_decides_the_cause(text: str, sender: str, code: str) -> None:
    hits, _ = concepts.alert_hits(text)
    assert hits and hits[0].data["alert_sender"] == sender, (text, [h.data for h in hits])
    assert hits[0].code == code
    assert hd.explain(text).findings[0].code == code


WORDINGS = [
    ("TLS: verification failed: the server certificate expired 3 days ago", "tls.cert_expired"),
    ("ssl handshake: certificate is not yet valid (clock skew?)", "tls.cert_not_yet_valid"),
    ("TLS error: server cert is self-signed", "tls.self_signed"),
    ("tls: peer certificate chain ends in a self signed root", "tls.untrusted_root"),
    ("SSL verify: unknown certificate authority for api.example.org", "tls.untrusted_root"),
    ("TLS: could not verify: unable to get local issuer", "tls.untrusted_root"),
    ("ssl: hostname 'db.internal' does not match the certificate", "tls.hostname_mismatch"),
    ("TLS: the certificate was revoked by its CA", "tls.cert_revoked"),
    ("tls: refusing sha1 signature: too weak for the current policy", "tls.weak_crypto_rejected"),
    ("SSL: server key too small (1024 bits) for security level 2", "tls.weak_crypto_rejected"),
    ("ssl: SECLEVEL rejects the MD5 signed CA", "tls.weak_crypto_rejected"),
    ("TLS handshake: no common signature algorithms with the server", "tls.no_shared_cipher"),
    ("TLS handshake: the server says a client certificate is required", "tls.client_cert_required"),
    ("TLS: incomplete certificate chain: intermediate certificate missing", "tls.chain_incomplete"),
    ("okhttp: SSLHandshakeException on Android 7.0: Trust anchor for certification path not found", "tls.untrusted_root"),
]


@pytest.mark.parametrize("text, code", WORDINGS)
def test_verify_reasons_in_other_words(text: str, code: str) -> None:
    d = hd.explain(text)
    assert d.findings and d.findings[0].code == code, (text, [f.code for f in d.findings])
    assert d.domains[0].name == "tls"


def test_specific_beats_the_catch_all() -> None:
    """A generic wrapper plus a reason in plain words: the reason wins over tls.handshake_failed."""
    d = hd.explain("curl: (35) SSL connect error: the server's DH key too small for this client")
    assert d.findings[0].code == "tls.weak_crypto_rejected", [f.code for f in d.findings]
    d = hd.explain("javax.net.ssl.SSLHandshakeException: PKIX check: SHA1withRSA signature algorithm disabled")
    assert d.findings[0].code == "tls.weak_crypto_rejected", [f.code for f in d.findings]


def test_old_android_root_is_named() -> None:
    f = hd.explain("Android 7.0 app: javax.net.ssl.SSLHandshakeException: Trust anchor for certification path not found.").findings[0]
    assert f.code == "tls.untrusted_root"


def test_alert_spans_do_not_leak_into_verify_reasons() -> None:
    """'sslv3 alert certificate revoked' is the peer's verdict on OUR certificate, not a revoked server certificate."""
    d = hd.explain("error:0A00042C:SSL routines::sslv3 alert certificate revoked")
    assert d.findings[0].code == "tls.peer_rejected_certificate", [f.code for f in d.findings]


def test_no_alert_without_tls_context() -> None:
    assert concepts.alert_hits("monitoring alert: disk 80% full")[0] == []
    assert concepts.x509_hits("the milk expired yesterday") == []
