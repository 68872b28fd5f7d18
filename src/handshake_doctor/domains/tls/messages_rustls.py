"""rustls (reqwest, hyper-rustls, Deno, cargo with rustls, many Rust clients): the Display forms of
``rustls::Error`` and ``CertificateError`` across 0.20 .. 0.23.

How the wording moved, read from rustls/src/error.rs at each tag:
- 0.20: ``invalid peer certificate contents: <webpki error>`` / ``invalid peer certificate
  encoding`` / ``peer is incompatible: <text>``;
- 0.21, 0.22: ``invalid peer certificate: <CertificateError as Debug>`` (``UnknownIssuer``,
  ``NotValidForName``...), ``peer is incompatible: <PeerIncompatible as Debug>``;
- 0.23: Display for CertificateError; from 0.23.24 with context: ``certificate expired:
  verification time ... but certificate is not valid after ...``, ``certificate not valid for name
  "x"; certificate is only valid for ...``.
Alerts: ``received fatal alert: <AlertDescription as Debug>`` in every version (HandshakeFailure,
UnknownCA, ...; the concept layer reads those names).
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_20 = "rustls/rustls rustls/src/error.rs @v/0.20.9 (impl Display for Error)"
_21 = "rustls/rustls rustls/src/error.rs @v/0.21.12 and @v/0.22.4 (impl Display for Error: 'invalid peer certificate: {:?}')"
_23 = "rustls/rustls rustls/src/error.rs @v/0.23.43 (impl Display for Error and CertificateError; context variants since v/0.23.24)"
S = StackMessage
ENTRIES = Table(
    "inventory_rustls",
    (
        S("rustls", "0.21-0.23", "invalid peer certificate: UnknownIssuer", "tls.untrusted_root", "the chain does not reach a root in rustls' root store (webpki-roots or the platform's)", _21),
        S("rustls", "0.21-0.23", "invalid peer certificate: Expired", "tls.cert_expired", "the certificate is past notAfter", _21),
        S("rustls", "0.21-0.23", "invalid peer certificate: NotValidYet", "tls.cert_not_yet_valid", "the certificate's notBefore is in the future", _21),
        S("rustls", "0.21-0.23", "invalid peer certificate: NotValidForName", "tls.hostname_mismatch", "the certificate does not cover the server name", _21),
        S("rustls", "0.21-0.23", "invalid peer certificate: Revoked", "tls.cert_revoked", "the certificate is revoked (CRL)", _21),
        S("rustls", "0.21-0.23", "invalid peer certificate: BadSignature", "tls.cert_verify_failed", "a certificate's signature does not verify", _21, 0.8),
        S("rustls", "0.21-0.23", "invalid peer certificate: BadEncoding", "tls.cert_verify_failed", "the certificate is not valid DER", _21, 0.8),
        S("rustls", "0.21-0.23", "invalid peer certificate: InvalidPurpose", "tls.cert_verify_failed", "the certificate's extended key usage does not allow TLS server use", _21, 0.8),
        S("rustls", "0.21-0.23", "invalid peer certificate: UnhandledCriticalExtension", "tls.cert_verify_failed", "the certificate has a critical extension webpki does not know", _21, 0.8),
        S("rustls", "0.22-0.23", "invalid peer certificate: UnknownRevocationStatus", "tls.cert_verify_failed", "revocation checking is on and no CRL covers the certificate", _23, 0.8),
        S("rustls", "0.23", "invalid peer certificate: UnsupportedSignatureAlgorithm", "tls.weak_crypto_rejected", "the certificate is signed with an algorithm rustls does not accept (SHA-1, MD5)", _23),
        S("rustls", "0.23.24+", "invalid peer certificate: certificate expired: verification time {n} (UNIX), but certificate is not valid after {n} ({n} seconds ago)", "tls.cert_expired", "the certificate is past notAfter (rustls gives both times)", _23, 0.9),
        S("rustls", "0.23.24+", "invalid peer certificate: certificate not valid yet: verification time {n} (UNIX), but certificate is not valid before {n} ({n} seconds in future)", "tls.cert_not_yet_valid", "the certificate's notBefore is in the future (or this clock is behind)", _23, 0.9),
        S("rustls", "0.23.24+", "invalid peer certificate: certificate not valid for name \"{host}\"; certificate is only valid for {text}", "tls.hostname_mismatch", "the certificate covers other names than the one asked for", _23, 0.9),
        S("rustls", "0.23.24+", "certificate not valid for name \"{host}\"; certificate is not valid for any names (according to its subjectAltName extension)", "tls.hostname_mismatch", "the certificate has no subjectAltName names at all", _23, 0.9),
        S("rustls", "0.20", "invalid peer certificate contents: invalid peer certificate: UnknownIssuer", "tls.untrusted_root", "0.20: the chain does not reach a trusted root", _20),
        S("rustls", "0.20", "invalid peer certificate contents: invalid peer certificate: CertExpired", "tls.cert_expired", "0.20 (rustls verify.rs pki_error wraps the webpki error name): the certificate is past notAfter", _20),
        S("rustls", "0.20", "invalid peer certificate contents: invalid peer certificate: CertNotValidYet", "tls.cert_not_yet_valid", "0.20 (rustls verify.rs pki_error wraps the webpki error name): the certificate is not valid yet", _20),
        S("rustls", "0.20", "invalid peer certificate contents: invalid peer certificate: CertNotValidForName", "tls.hostname_mismatch", "0.20 (rustls verify.rs pki_error wraps the webpki error name): the name is not in the certificate", _20),
        S("rustls", "0.20", "invalid peer certificate encoding", "tls.cert_verify_failed", "0.20: the certificate is not valid DER", _20, 0.8),
        S("rustls", "0.20", "invalid peer certificate signature", "tls.cert_verify_failed", "0.20: a certificate's signature does not verify", _20, 0.8),
        S("rustls", "0.20", "peer is incompatible: no tls1.2", "tls.version_mismatch", "0.20: the peer does not do TLS 1.2 (or 1.3)", _20),
        S("rustls", "0.20", "peer is incompatible: client didn't support uncompressed ec points", "tls.no_shared_cipher", "0.20: the client's EC point formats are unusable", _20),
        S("rustls", "0.21-0.23", "peer is incompatible: NoCipherSuitesInCommon", "tls.no_shared_cipher", "no cipher suite in common", _21),
        S("rustls", "0.21-0.23", "peer is incompatible: NoKxGroupsInCommon", "tls.no_shared_cipher", "no key-exchange group in common", _21),
        S("rustls", "0.21-0.23", "peer is incompatible: NoSignatureSchemesInCommon", "tls.no_shared_cipher", "no signature scheme in common", _21),
        S("rustls", "0.21-0.23", "peer is incompatible: ServerTlsVersionIsDisabledByOurConfig", "tls.version_mismatch", "the server chose a TLS version this client disabled", _21),
        S("rustls", "0.21-0.23", "peer is incompatible: SupportedVersionsExtensionRequired", "tls.version_mismatch", "the peer did not offer TLS 1.3 where only 1.3 is enabled", _21),
        S("rustls", "0.23", "peer is incompatible: ExtendedMasterSecretExtensionRequired", "tls.version_mismatch", "the peer lacks RFC 7627 extended master secret, which this configuration (FIPS) requires for TLS 1.2", _23, 0.8),
        S("rustls", "0.21-0.23", "peer sent no certificates", "tls.client_cert_required", "the peer sent an empty certificate list (a client without a certificate)", _21, 0.75),
        S("rustls", "0.21-0.23", "received fatal alert: HandshakeFailure", "tls.no_shared_cipher", "the peer sent alert 40", _21, 0.8),
        S("rustls", "0.21-0.23", "received fatal alert: ProtocolVersion", "tls.version_mismatch", "the peer refused the offered versions (alert 70)", _21, 0.8),
        S("rustls", "0.21-0.23", "received fatal alert: UnknownCA", "tls.peer_rejected_certificate", "the peer does not trust the CA of the certificate this side sent (alert 48)", _21, 0.8),
        S("rustls", "0.21-0.23", "received fatal alert: CertificateRequired", "tls.client_cert_required", "the server wants a client certificate (alert 116)", _21, 0.8),
        S("rustls", "0.21-0.23", "received fatal alert: UnrecognisedName", "tls.unrecognized_name", "the server does not know the SNI name (alert 112)", _21, 0.8),
        S("rustls", "0.21-0.23", "received corrupt message of type InvalidContentType", "tls.not_tls_reply", "the reply is not a TLS record (plaintext or another protocol)", _21, 0.85),
        S("rustls", "0.21-0.23", "peer sent excess record size", "tls.not_tls_reply", "a record longer than TLS allows: usually plaintext read as a header", _21, 0.75),
    ),
    "rustls Error / CertificateError Display forms, 0.20 to 0.23",
)
