"""BoringSSL (Chrome, Android's Conscrypt, gRPC, Envoy, AWS-LC forks): how it prints a failure.

BoringSSL packs errors as lib<<24 | reason (ERR_LIB_SSL = 16) and prints the reason's NAME, not a
text: ``error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED``
(crypto/err/err.cc ERR_error_string_n). Envoy prints the packed value in decimal
(``268435581:SSL routines:OPENSSL_internal:...``), so the rows match from the library name on.
Reason numbers: include/openssl/ssl.h SSL_R_* @0.20260813.0.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_SRC = "google/boringssl include/openssl/ssl.h SSL_R_* and crypto/err/err.cc ERR_error_string_n @0.20260813.0"

_ROWS = (
    ("CERTIFICATE_VERIFY_FAILED", 125, "tls.cert_verify_failed", "the peer's certificate did not verify (the verifier's reason is logged apart)", 0.6),
    ("WRONG_VERSION_NUMBER", 247, "tls.not_tls_reply", "the bytes read are not a TLS record: plaintext or another protocol on the port", 0.85),
    ("UNKNOWN_PROTOCOL", 233, "tls.not_tls_reply", "the peer's first bytes are not SSL/TLS", 0.8),
    ("HTTP_REQUEST", 156, "tls.plaintext_request", "a plain-HTTP request arrived on the TLS port", 0.85),
    ("HTTPS_PROXY_REQUEST", 155, "tls.plaintext_request", "an HTTP proxy CONNECT arrived on the TLS port", 0.85),
    ("NO_SHARED_CIPHER", 184, "tls.no_shared_cipher", "no cipher suite both sides accept", 0.85),
    ("NO_CIPHER_MATCH", 177, "tls.no_shared_cipher", "the configured cipher list selects nothing", 0.85),
    ("NO_CIPHERS_AVAILABLE", 175, "tls.no_shared_cipher", "no cipher suite is enabled for the versions allowed", 0.85),
    ("NO_SHARED_GROUP", 266, "tls.no_shared_cipher", "no key-exchange group both sides accept", 0.85),
    ("NO_COMMON_SIGNATURE_ALGORITHMS", 253, "tls.no_shared_cipher", "no signature algorithm both sides accept", 0.85),
    ("WRONG_SIGNATURE_TYPE", 245, "tls.no_shared_cipher", "the peer signed with an algorithm this side did not offer", 0.85),
    ("UNSUPPORTED_ELLIPTIC_CURVE", 239, "tls.no_shared_cipher", "the peer chose an elliptic curve this side does not support", 0.85),
    ("WRONG_CURVE", 243, "tls.no_shared_cipher", "the peer's key is on a curve that was not negotiated", 0.85),
    ("UNSUPPORTED_PROTOCOL", 240, "tls.version_mismatch", "the peer chose or offered only a TLS version this side has disabled", 0.85),
    ("NO_SUPPORTED_VERSIONS_ENABLED", 280, "tls.version_mismatch", "the configured minimum and maximum versions leave nothing", 0.85),
    ("INAPPROPRIATE_FALLBACK", 157, "tls.version_mismatch", "a downgraded retry was detected (TLS_FALLBACK_SCSV)", 0.85),
    ("WRONG_SSL_VERSION", 246, "tls.version_mismatch", "the record version does not match the negotiated one", 0.8),
    ("PEER_DID_NOT_RETURN_A_CERTIFICATE", 192, "tls.client_cert_required", "the server requires a client certificate and the client sent none", 0.85),
    ("UNSAFE_LEGACY_RENEGOTIATION_DISABLED", 236, "tls.unsafe_legacy_renegotiation", "the peer lacks RFC 5746 secure renegotiation", 0.85),
    ("BAD_DH_P_LENGTH", 105, "tls.weak_crypto_rejected", "the server's Diffie-Hellman group has a length BoringSSL refuses (too small)", 0.85),
    ("NO_CERTIFICATE_SET", 174, "tls.server_cert_missing", "this side has no certificate configured for the handshake", 0.85),
    ("NO_APPLICATION_PROTOCOL", 307, "tls.no_common_alpn", "no ALPN protocol in common", 0.8),
    ("RECORD_TOO_LARGE", 200, "tls.not_tls_reply", "a record longer than TLS allows: usually plaintext read as a record header", 0.8),
    ("ENCRYPTED_LENGTH_TOO_LONG", 146, "tls.not_tls_reply", "an encrypted record longer than TLS allows: usually plaintext on the port", 0.8),
    ("DECODE_ERROR", 137, "tls.handshake_failed", "a handshake message could not be parsed", 0.5),
    ("UNEXPECTED_MESSAGE", 223, "tls.alert_received", "a handshake message arrived out of order (the peer or a middlebox broke the message flow)", 0.6),
    ("UNEXPECTED_RECORD", 225, "tls.handshake_failed", "a record of an unexpected type arrived", 0.5),
    ("HANDSHAKE_FAILURE_ON_CLIENT_HELLO", 154, "tls.handshake_failed", "the server failed while processing the ClientHello", 0.5),
    ("CONNECTION_REJECTED", 133, "tls.handshake_failed", "the application's callback rejected the connection", 0.5),
    ("ECH_REJECTED", 319, "tls.alert_received", "the server rejected Encrypted Client Hello", 0.8),
)

ENTRIES = Table(
    "inventory_boringssl",
    tuple(
        StackMessage("boringssl", "2016+ (OPENSSL_internal)", f"error:{(16 << 24) | n:08x}:SSL routines:OPENSSL_internal:{name}", code, "BoringSSL: " + meaning, _SRC, conf, r"SSL routines:OPENSSL_internal:" + name + r"\b")
        for name, n, code, meaning, conf in _ROWS
    ),
    "BoringSSL's printed SSL errors",
)
