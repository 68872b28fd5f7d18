"""NSS (Firefox, Thunderbird, curl/libcurl-nss on RHEL 7/8, 389-ds): SSL_ERROR_* and SEC_ERROR_*
names with their texts, and mozilla::pkix's MOZILLA_PKIX_ERROR_* texts.

NSS programs print ``<text> (Error code: ssl_error_no_cypher_overlap)`` (Firefox) or
``NSS error -12286 (SSL_ERROR_NO_CYPHER_OVERLAP)`` (curl-nss); the rows match either the name or
the text.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_SSL = "nss-dev/nss lib/ssl/SSLerrs.h @NSS_3_123_1_RTM"
_SEC = "nss-dev/nss lib/util/SECerrs.h @NSS_3_123_1_RTM"
_PKIX = "nss-dev/nss lib/mozpkix/lib/pkixnss.cpp RegisterErrorTable @NSS_3_123_1_RTM"

_ROWS = (
    ("SSL_ERROR_NO_CYPHER_OVERLAP", "Cannot communicate securely with peer: no common encryption algorithm(s).", "tls.no_shared_cipher", _SSL),
    ("SSL_ERROR_UNSUPPORTED_VERSION", "Peer using unsupported version of security protocol.", "tls.version_mismatch", _SSL),
    ("SSL_ERROR_PROTOCOL_VERSION_ALERT", "Peer reports incompatible or unsupported protocol version.", "tls.version_mismatch", _SSL),
    ("SSL_ERROR_BAD_CERT_DOMAIN", "Unable to communicate securely with peer: requested domain name does not match the server's certificate.", "tls.hostname_mismatch", _SSL),
    ("SSL_ERROR_RX_RECORD_TOO_LONG", "SSL received a record that exceeded the maximum permissible length.", "tls.not_tls_reply", _SSL),
    ("SSL_ERROR_HANDSHAKE_FAILURE_ALERT", "SSL peer was unable to negotiate an acceptable set of security parameters.", "tls.no_shared_cipher", _SSL),
    ("SSL_ERROR_BAD_CERT_ALERT", "SSL peer cannot verify your certificate.", "tls.peer_rejected_certificate", _SSL),
    ("SSL_ERROR_REVOKED_CERT_ALERT", "SSL peer rejected your certificate as revoked.", "tls.peer_rejected_certificate", _SSL),
    ("SSL_ERROR_EXPIRED_CERT_ALERT", "SSL peer rejected your certificate as expired.", "tls.peer_rejected_certificate", _SSL),
    ("SSL_ERROR_UNKNOWN_CA_ALERT", "Peer does not recognize and trust the CA that issued your certificate.", "tls.peer_rejected_certificate", _SSL),
    ("SSL_ERROR_CERTIFICATE_UNKNOWN_ALERT", "SSL peer had some unspecified issue with the certificate it received.", "tls.peer_rejected_certificate", _SSL),
    ("SSL_ERROR_INSUFFICIENT_SECURITY_ALERT", "Server requires ciphers more secure than those supported by client.", "tls.no_shared_cipher", _SSL),
    ("SSL_ERROR_UNRECOGNIZED_NAME_ALERT", "SSL peer has no certificate for the requested DNS name.", "tls.unrecognized_name", _SSL),
    ("SSL_ERROR_INAPPROPRIATE_FALLBACK_ALERT", "The server rejected the handshake because the client downgraded to a lower TLS version than the server supports.", "tls.version_mismatch", _SSL),
    ("SSL_ERROR_UNSAFE_NEGOTIATION", "Peer attempted old style (potentially vulnerable) handshake.", "tls.unsafe_legacy_renegotiation", _SSL),
    ("SSL_ERROR_WEAK_SERVER_EPHEMERAL_DH_KEY", "SSL received a weak ephemeral Diffie-Hellman key in Server Key Exchange handshake message.", "tls.weak_crypto_rejected", _SSL),
    ("SSL_ERROR_NO_SUPPORTED_SIGNATURE_ALGORITHM", "No supported TLS signature algorithm was configured.", "tls.no_shared_cipher", _SSL),
    ("SSL_ERROR_UNSUPPORTED_SIGNATURE_ALGORITHM", "The peer used an unsupported combination of signature and hash algorithm.", "tls.no_shared_cipher", _SSL),
    ("SSL_ERROR_NO_CIPHERS_SUPPORTED", "No cipher suites are present and enabled in this program.", "tls.no_shared_cipher", _SSL),
    ("SSL_ERROR_NO_CERTIFICATE", "Unable to find the certificate or key necessary for authentication.", "tls.client_cert_unusable", _SSL),
    ("SSL_ERROR_RX_MALFORMED_SERVER_HELLO", "SSL received a malformed Server Hello handshake message.", "tls.not_tls_reply", _SSL),
    ("SEC_ERROR_UNKNOWN_ISSUER", "Peer's Certificate issuer is not recognized.", "tls.untrusted_root", _SEC),
    ("SEC_ERROR_UNTRUSTED_ISSUER", "Peer's certificate issuer has been marked as not trusted by the user.", "tls.untrusted_root", _SEC),
    ("SEC_ERROR_UNTRUSTED_CERT", "Peer's certificate has been marked as not trusted by the user.", "tls.untrusted_root", _SEC),
    ("SEC_ERROR_EXPIRED_CERTIFICATE", "Peer's Certificate has expired.", "tls.cert_expired", _SEC),
    ("SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE", "The certificate issuer's certificate has expired. Check your system date and time.", "tls.cert_expired", _SEC),
    ("SEC_ERROR_REVOKED_CERTIFICATE", "Peer's Certificate has been revoked.", "tls.cert_revoked", _SEC),
    ("SEC_ERROR_BAD_SIGNATURE", "Peer's certificate has an invalid signature.", "tls.cert_verify_failed", _SEC),
    ("SEC_ERROR_CA_CERT_INVALID", "Issuer certificate is invalid.", "tls.cert_verify_failed", _SEC),
    ("SEC_ERROR_INADEQUATE_KEY_USAGE", "Certificate key usage inadequate for attempted operation.", "tls.cert_verify_failed", _SEC),
    ("SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED", "The certificate was signed using a signature algorithm that is disabled because it is not secure.", "tls.weak_crypto_rejected", _SEC),
    ("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", "The certificate is not trusted because it is self-signed.", "tls.self_signed", _PKIX),
    ("MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE", "The server presented a certificate that is not yet valid.", "tls.cert_not_yet_valid", _PKIX),
    ("MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE", "The server presented a certificate with a key size that is too small to establish a secure connection.", "tls.weak_crypto_rejected", _PKIX),
    ("MOZILLA_PKIX_ERROR_MITM_DETECTED", "Your connection is being intercepted by a TLS proxy. Uninstall it if possible or configure your device to trust its root certificate.", "tls.untrusted_root", _PKIX),
    ("MOZILLA_PKIX_ERROR_KEY_PINNING_FAILURE", "The server uses key pinning (HPKP) but no trusted certificate chain could be constructed that matches the pinset. Key pinning violations cannot be overridden.", "tls.pin_mismatch", _PKIX),
    ("MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY", "The server uses a certificate with a basic constraints extension identifying it as a certificate authority. For a properly-issued certificate, this should not be the case.", "tls.cert_verify_failed", _PKIX),
)

ENTRIES = Table(
    "inventory_nss",
    tuple(StackMessage("nss", "3.x", text, code, f"NSS {name}: {text}", src, 0.85) for name, text, code, src in _ROWS)
    + tuple(StackMessage("nss", "3.x", f"({name.lower()})", code, f"NSS {name} (Firefox shows the name in lower case)", src, 0.85, r"\b" + name + r"\b") for name, _t, code, src in _ROWS),
    "NSS error names and texts",
)
