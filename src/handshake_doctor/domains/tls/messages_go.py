"""Go crypto/tls and crypto/x509 (every Go binary: kubectl, docker, terraform, helm, Go services).

Errors reach the user wrapped (``Get "https://h/": tls: failed to verify certificate: x509:
...`` since go1.20's CertificateVerificationError; before, the x509 error directly). A received
alert prints as ``remote error: tls: <alertText>``, one this side sent as ``local error: tls:
<alertText>`` (net.OpError, alert.go); the concept layer reads both.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_X = "golang/go src/crypto/x509/verify.go (CertificateInvalidError, HostnameError, UnknownAuthorityError, SystemRootsError)"
_XA = "golang/go src/crypto/x509/x509.go InsecureAlgorithmError (go1.18+: SHA-1 signatures rejected; '(temporarily override with GODEBUG=x509sha1=1)' until go1.24)"
_HC = "golang/go src/crypto/tls/handshake_client.go"
_HS = "golang/go src/crypto/tls/handshake_server.go and handshake_server_tls13.go"
_CN = "golang/go src/crypto/tls/conn.go (readRecordOrCCS)"
_CV = "golang/go src/crypto/tls/handshake_client.go verifyServerCertificate (go1.20+: &CertificateVerificationError, 'tls: failed to verify certificate: %w')"
S = StackMessage
ENTRIES = Table(
    "inventory_go",
    (
        S("go", "1.x", "x509: certificate signed by unknown authority", "tls.untrusted_root", "no root in the system pool (or RootCAs) issued this chain", _X, 0.85),
        S("go", "1.x", "x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)\" while trying to verify candidate authority certificate \"{name}\")", "tls.weak_crypto_rejected", "a CA in the chain is signed with SHA-1, which Go 1.18+ refuses", _X + "; " + _XA, 0.92),
        S("go", "1.18+", "x509: cannot verify signature: insecure algorithm {word}", "tls.weak_crypto_rejected", "the certificate is signed with SHA-1 or MD5, refused since go1.18", _XA, 0.9),
        S("go", "1.20+", "tls: failed to verify certificate: x509: certificate signed by unknown authority", "tls.untrusted_root", "go1.20+ wording of an untrusted chain", _CV, 0.88),
        S("go", "1.x", "x509: certificate has expired or is not yet valid: current time {text} is after {text}", "tls.cert_expired", "the certificate is past notAfter (Go prints both times)", _X, 0.9),
        S("go", "1.x", "x509: certificate has expired or is not yet valid: current time {text} is before {text}", "tls.cert_not_yet_valid", "the certificate's notBefore is in the future (or this clock is behind)", _X, 0.92),
        S("go", "1.x", "x509: certificate is valid for {text}, not {host}", "tls.hostname_mismatch", "the certificate's SANs do not include the name asked for", _X, 0.9),
        S("go", "1.x", "x509: certificate is not valid for any names, but wanted to match {host}", "tls.hostname_mismatch", "the certificate has no SAN names", _X, 0.9),
        S("go", "1.x", "x509: cannot validate certificate for {host} because it doesn't contain any IP SANs", "tls.hostname_mismatch", "connected by IP and the certificate lists no IP SANs", _X, 0.9),
        S("go", "1.17+", "x509: certificate relies on legacy Common Name field, use SANs instead", "tls.hostname_mismatch", "the name is only in the CN; Go 1.15+ ignores CN (no GODEBUG escape since 1.17)", _X, 0.9),
        S("go", "1.15-1.16", "x509: certificate relies on legacy Common Name field, use SANs or temporarily enable Common Name matching with GODEBUG=x509ignoreCN=0", "tls.hostname_mismatch", "the name is only in the CN (Go 1.15/1.16 wording)", "golang/go src/crypto/x509/verify.go @go1.15 HostnameError", 0.9),
        S("go", "1.x", "x509: certificate is not authorized to sign other certificates", "tls.cert_verify_failed", "an issuing certificate lacks CA:TRUE", _X, 0.8),
        S("go", "1.x", "x509: certificate specifies an incompatible key usage", "tls.cert_verify_failed", "the certificate's extended key usage does not allow server (or client) auth", _X, 0.8),
        S("go", "1.x", "x509: too many intermediates for path length constraint", "tls.cert_verify_failed", "the chain is longer than a CA's pathLen allows", _X, 0.8),
        S("go", "1.x", "x509: issuer name does not match subject from issuing certificate", "tls.chain_incomplete", "the next certificate sent is not the issuer: wrong or missing intermediate", _X, 0.8),
        S("go", "1.x", "x509: a root or intermediate certificate is not authorized to sign for this name: {text}", "tls.cert_verify_failed", "a name constraint of the CA excludes this host", _X, 0.8),
        S("go", "1.x", "x509: failed to load system roots and no roots provided", "tls.ca_bundle_unreadable", "no CA bundle found on this system (minimal container image without ca-certificates)", _X, 0.9),
        S("go", "1.x", "tls: first record does not look like a TLS handshake", "tls.not_tls_reply", "the reply is not a TLS record", _CN, 0.9),
        S("go", "1.x", "tls: oversized record received with length {n}", "tls.not_tls_reply", "a 'record' longer than TLS allows: plaintext read as a header", _CN, 0.85),
        S("go", "1.x", "tls: unsupported SSLv2 handshake received", "tls.version_mismatch", "the peer speaks SSL 2.0", "golang/go src/crypto/tls/handshake_server.go readClientHello", 0.85),
        S("go", "1.x", "tls: server selected unsupported protocol version {hex}", "tls.version_mismatch", "the server chose a version below this client's MinVersion (TLS 1.2 by default since go1.18)", _HC, 0.9),
        S("go", "1.x", "tls: client offered only unsupported versions: {text}", "tls.version_mismatch", "the client offered only versions this Go server disabled", _HS, 0.9),
        S("go", "1.x", "tls: no supported versions satisfy MinVersion and MaxVersion", "tls.version_mismatch", "this side's MinVersion/MaxVersion leave no version", "golang/go src/crypto/tls/handshake_client.go makeClientHello", 0.9),
        S("go", "1.x", "tls: no cipher suite supported by both client and server", "tls.no_shared_cipher", "no cipher suite in common", _HS, 0.9),
        S("go", "1.x", "tls: no ECDHE curve supported by both client and server", "tls.no_shared_cipher", "no key-exchange group in common", _HS, 0.9),
        S("go", "1.x", "tls: server chose an unconfigured cipher suite", "tls.no_shared_cipher", "the server picked a suite this client did not offer", _HC, 0.85),
        S("go", "1.x", "tls: peer doesn't support any of the certificate's signature algorithms", "tls.no_shared_cipher", "no signature algorithm both sides accept for this certificate", "golang/go src/crypto/tls/auth.go selectSignatureScheme", 0.85),
        S("go", "1.x", "tls: client didn't provide a certificate", "tls.client_cert_required", "this Go server requires a client certificate and got none", _HS, 0.9),
        S("go", "1.x", "tls: either ServerName or InsecureSkipVerify must be specified in the tls.Config", "tls.sni_required", "no server name to verify against (set ServerName)", _HC, 0.85),
        S("go", "1.17+", "tls: client requested unsupported application protocols ({text})", "tls.no_common_alpn", "no ALPN protocol in common", "golang/go src/crypto/tls/handshake_server.go negotiateALPN", 0.8),
        S("go", "1.x", "remote error: tls: handshake failure", "tls.no_shared_cipher", "the peer sent alert 40", "golang/go src/crypto/tls/alert.go", 0.8),
        S("go", "1.x", "remote error: tls: bad certificate", "tls.peer_rejected_certificate", "the peer rejected the certificate this side sent (alert 42)", "golang/go src/crypto/tls/alert.go", 0.8),
        S("go", "1.x", "remote error: tls: unknown certificate authority", "tls.peer_rejected_certificate", "the peer does not trust the CA of our certificate (alert 48)", "golang/go src/crypto/tls/alert.go", 0.8),
        S("go", "1.x", "remote error: tls: protocol version not supported", "tls.version_mismatch", "the peer refused the offered versions (alert 70)", "golang/go src/crypto/tls/alert.go", 0.8),
        S("go", "1.21+", "remote error: tls: certificate required", "tls.client_cert_required", "the server wants a client certificate (alert 116)", "golang/go src/crypto/tls/alert.go (go1.21+ names alert 116)", 0.8),
        S("go", "1.x", "local error: tls: bad record MAC", "tls.alert_received", "this side found a record that failed its integrity check (corruption or a middlebox)", "golang/go src/crypto/tls/alert.go; net.OpError 'local error'", 0.8),
        S("go", "1.x", "http: server gave HTTP response to HTTPS client", "tls.plaintext_http", "an https:// URL points at a plain-HTTP port", "golang/go src/net/http/transport.go", 0.95),
    ),
    "Go crypto/tls and crypto/x509 error strings",
)
