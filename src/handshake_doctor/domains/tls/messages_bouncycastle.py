"""BouncyCastle TLS (bctls; BCJSSE on Android/Java, Keycloak FIPS, Elasticsearch FIPS):
``TlsFatalAlert`` is what this side raises (and sends), ``TlsFatalAlertReceived`` what the peer sent;
both print AlertDescription.getText(): ``handshake_failure(40)`` (name and number).
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_A = "bcgit/bc-java tls/src/main/java/org/bouncycastle/tls/AlertDescription.java getText ('name(N)'), TlsFatalAlert.java, TlsFatalAlertReceived.java @r1rv80v2"
_J = "bcgit/bc-java tls/src/main/java/org/bouncycastle/jsse/provider (ProvX509TrustManager, ProvSSLContextSpi) @r1rv80v2"
S = StackMessage
ENTRIES = Table(
    "inventory_bouncycastle",
    (
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlertReceived: handshake_failure(40)", "tls.no_shared_cipher", "the peer sent alert 40: no acceptable parameters", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlertReceived: protocol_version(70)", "tls.version_mismatch", "the peer refused the offered versions", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlertReceived: unknown_ca(48)", "tls.peer_rejected_certificate", "the peer does not trust the CA of the certificate this side sent", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlertReceived: certificate_required(116)", "tls.client_cert_required", "the server wants a client certificate", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlert: certificate_unknown(46)", "tls.cert_verify_failed", "this side rejected the peer's certificate (its trust manager refused it)", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlert: bad_certificate(42)", "tls.cert_verify_failed", "this side found the peer's certificate bad", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlert: handshake_failure(40)", "tls.no_shared_cipher", "this side found no acceptable parameters in the peer's hello", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlert: protocol_version(70)", "tls.version_mismatch", "this side refused the peer's version", _A, 0.85),
        S("bouncycastle", "1.56+", "org.bouncycastle.tls.TlsFatalAlert: insufficient_security(71)", "tls.no_shared_cipher", "this side requires stronger suites than offered", _A, 0.85),
        S("bouncycastle", "1.60+", "Unable to construct a valid chain", "tls.untrusted_root", "BCJSSE's trust manager could not build a chain to a trust anchor", _J, 0.8),
        S("bouncycastle", "1.60+", "No X509TrustManager implementation available", "tls.ca_bundle_unreadable", "no trust manager (truststore) could be loaded", _J, 0.85),
    ),
    "BouncyCastle TLS alert texts and BCJSSE messages",
)
