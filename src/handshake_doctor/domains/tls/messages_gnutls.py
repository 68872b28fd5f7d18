"""GnuTLS (Debian's git/curl-gnutls, wget, Emacs, exim, libvirt): gnutls_strerror texts and the
certificate verification status texts, as GnuTLS 3.8 prints them.

gnutls_strerror: lib/errors.c ERROR_ENTRY table; verification status:
gnutls_certificate_verification_status_print (lib/cert-session.c / lib/x509 output texts).
Callers print them after their own prefix (curl: ``GnuTLS, handshake failed: <text>``; git:
``gnutls_handshake() failed: <text>``), so the rows match the GnuTLS text itself.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_E = "gnutls/gnutls lib/errors.c ERROR_ENTRY (gnutls_strerror) @3.8.13"
_V = "gnutls/gnutls gnutls_certificate_verification_status_print texts (lib/) @3.8.13"
S = StackMessage
ENTRIES = Table(
    "inventory_gnutls",
    (
        S("gnutls", "3.x", "Could not negotiate a supported cipher suite.", "tls.no_shared_cipher", "GNUTLS_E_UNKNOWN_CIPHER_SUITE: no cipher suite both sides accept", _E),
        S("gnutls", "3.x", "No supported cipher suites have been found.", "tls.no_shared_cipher", "GNUTLS_E_NO_CIPHER_SUITES: the priority string leaves no usable suite", _E),
        S("gnutls", "3.x", "No common key share with peer.", "tls.no_shared_cipher", "GNUTLS_E_NO_COMMON_KEY_SHARE: no TLS 1.3 group in common", _E),
        S("gnutls", "3.x", "The signature algorithm is not supported.", "tls.no_shared_cipher", "GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM: no signature algorithm in common", _E),
        S("gnutls", "3.x", "A packet with illegal or unsupported version was received.", "tls.version_mismatch", "GNUTLS_E_UNSUPPORTED_VERSION_PACKET: the peer's TLS version is not enabled here", _E),
        S("gnutls", "3.x", "A connection with inappropriate fallback was attempted.", "tls.version_mismatch", "GNUTLS_E_INAPPROPRIATE_FALLBACK: a downgraded retry was refused", _E),
        S("gnutls", "3.x", "The Diffie-Hellman prime sent by the server is not acceptable (not long enough).", "tls.weak_crypto_rejected", "GNUTLS_E_DH_PRIME_UNACCEPTABLE: the server's DH group is too small", _E),
        S("gnutls", "3.x", "One of the involved algorithms has insufficient security level.", "tls.weak_crypto_rejected", "GNUTLS_E_INSUFFICIENT_SECURITY: an algorithm or key is below the priority's security level", _E),
        S("gnutls", "3.x", "An algorithm that is not enabled was negotiated.", "tls.no_shared_cipher", "GNUTLS_E_UNWANTED_ALGORITHM: the peer chose something this side disabled", _E),
        S("gnutls", "3.x", "The TLS connection was non-properly terminated.", "tls.closed_during_handshake", "GNUTLS_E_PREMATURE_TERMINATION: the peer closed without close_notify", _E),
        S("gnutls", "3.x", "An unexpected TLS packet was received.", "tls.not_tls_reply", "GNUTLS_E_UNEXPECTED_PACKET: a record that is not the expected handshake (often plaintext)", _E, 0.6),
        S("gnutls", "3.x", "A TLS record packet with invalid length was received.", "tls.not_tls_reply", "GNUTLS_E_RECORD_OVERFLOW: a record longer than TLS allows, usually plaintext", _E, 0.7),
        S("gnutls", "3.x", "Error decoding the received TLS packet.", "tls.not_tls_reply", "GNUTLS_E_UNEXPECTED_PACKET_LENGTH: the bytes do not parse as TLS", _E, 0.6),
        S("gnutls", "3.x", "gnutls_handshake() failed: Error in the push function.", "tls.reset_after_hello", "GNUTLS_E_PUSH_ERROR: sending failed, the connection was reset under it", _E + "; git http.c / curl gtls.c print it after 'gnutls_handshake() failed: '", 0.7),
        S("gnutls", "3.x", "gnutls_handshake() failed: Error in the pull function.", "tls.reset_after_hello", "GNUTLS_E_PULL_ERROR: receiving failed, the connection was reset", _E, 0.65),
        S("gnutls", "3.x", "A TLS fatal alert has been received.", "tls.alert_received", "GNUTLS_E_FATAL_ALERT_RECEIVED: the peer aborted with an alert (gnutls_alert_get_name says which)", _E, 0.6),
        S("gnutls", "3.x", "The SNI host name not recognised.", "tls.unrecognized_name", "GNUTLS_E_UNRECOGNIZED_NAME: the server has no host for the SNI name", _E),
        S("gnutls", "3.x", "Certificate is required.", "tls.client_cert_required", "GNUTLS_E_CERTIFICATE_REQUIRED: the server wants a client certificate", _E),
        S("gnutls", "3.x", "No certificate was found.", "tls.client_cert_required", "GNUTLS_E_NO_CERTIFICATE_FOUND: the peer sent no certificate", _E, 0.7),
        S("gnutls", "3.x", "The certificate and the given key do not match.", "tls.client_cert_unusable", "GNUTLS_E_CERTIFICATE_KEY_MISMATCH: the configured key does not belong to the certificate", _E),
        S("gnutls", "3.x", "Error in the certificate verification.", "tls.cert_verify_failed", "GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR: the peer's certificate did not verify", _E, 0.6),
        S("gnutls", "3.x", "Error in the time fields of certificate.", "tls.cert_expired", "GNUTLS_E_CERTIFICATE_TIME_ERROR: the certificate is outside its validity period", _E, 0.7),
        S("gnutls", "3.x", "Unsafe renegotiation denied.", "tls.unsafe_legacy_renegotiation", "GNUTLS_E_UNSAFE_RENEGOTIATION_DENIED: the peer lacks RFC 5746", _E),
        S("gnutls", "3.x", "Safe renegotiation failed.", "tls.unsafe_legacy_renegotiation", "GNUTLS_E_SAFE_RENEGOTIATION_FAILED: the peer does not do RFC 5746 renegotiation correctly", _E),
        S("gnutls", "3.x", "No common application protocol could be negotiated.", "tls.no_common_alpn", "GNUTLS_E_NO_APPLICATION_PROTOCOL: no ALPN protocol in common", _E, 0.8),
        S("gnutls", "3.x", "The certificate issuer is unknown.", "tls.untrusted_root", "verification status: the chain does not reach a trusted root", _V),
        S("gnutls", "3.x", "The certificate chain uses expired certificate.", "tls.cert_expired", "verification status: a certificate in the chain has expired", _V),
        S("gnutls", "3.x", "The certificate chain uses not yet valid certificate.", "tls.cert_not_yet_valid", "verification status: a certificate is not valid yet", _V),
        S("gnutls", "3.x", "The name in the certificate does not match the expected.", "tls.hostname_mismatch", "verification status: the certificate does not carry the host name", _V),
        S("gnutls", "3.x", "The certificate chain is revoked.", "tls.cert_revoked", "verification status: a certificate is revoked", _V),
        S("gnutls", "3.x", "The certificate chain uses insecure algorithm.", "tls.weak_crypto_rejected", "verification status: a certificate is signed with an insecure algorithm (SHA-1, MD5)", _V),
        S("gnutls", "3.x", "The certificate issuer is not a CA.", "tls.cert_verify_failed", "verification status: an issuing certificate lacks CA:TRUE", _V, 0.8),
        S("gnutls", "3.x", "The certificate is not yet activated.", "tls.cert_not_yet_valid", "verification status: the certificate's notBefore is in the future", _V),
        S("gnutls", "3.x", "The certificate chain does not match the intended purpose.", "tls.cert_verify_failed", "verification status: the extended key usage does not allow this use", _V, 0.8),
    ),
    "GnuTLS 3.x error and verification texts",
)
