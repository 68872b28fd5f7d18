"""Numeric error constants of the embedded TLS stacks (mbedTLS, wolfSSL), in any of their printed forms.

Why: mbedTLS and wolfSSL report a failed handshake as a bare number (``mbedtls_ssl_handshake returned
-0x2700``, ``(-9984) X509 - ...``, ``wolfSSL_connect error -188``, a user's "wolf ssl -313"), as the
constant's name (``MBEDTLS_X509_BADCERT_BAD_MD``, ``ASN_NO_SIGNER_E``) or as the library's own
strerror text. One table row per constant says all three; the reader finds the number only next to
its stack's name (a bare ``-188`` means nothing), the name and the text anywhere.

mbedTLS prints its (negative) codes in hex (``-0x%04x``) or decimal; verification flags
(``MBEDTLS_X509_BADCERT_*``) are bits of the verify result and are read by name or text only.
"""

from __future__ import annotations

from ...knowledge.table import Table, rx
from ...model import Evidence
from ...record import record
from .matching import Hit


@record(frozen=True)
class StackCode:
    """One error constant: value (0 for a flag, read by name only), name, strerror text, finding."""

    stack: str
    value: int
    name: str
    text: str
    code: str
    meaning: str
    confidence: float
    source: str


_MS = "Mbed-TLS/mbedtls include/mbedtls/ssl.h MBEDTLS_ERR_SSL_* (values; library/error.c mbedtls_strerror texts) @v2.28 and v3.6"
_MS2 = "Mbed-TLS/mbedtls include/mbedtls/ssl.h @v2.28 (removed in 3.x)"
_MS3 = "Mbed-TLS/mbedtls include/mbedtls/ssl.h @v3.6 (new in 3.x)"
_MX = "Mbed-TLS/mbedtls include/mbedtls/x509.h MBEDTLS_ERR_X509_CERT_VERIFY_FAILED -0x2700 (library/error.c text) @v3.6"
_MF = "Mbed-TLS/mbedtls include/mbedtls/x509.h 'X509 Verify codes' MBEDTLS_X509_BADCERT_* (flag comments) @v3.6"
_MN = "Mbed-TLS/mbedtls include/mbedtls/net_sockets.h MBEDTLS_ERR_NET_CONN_RESET -0x004C @v3.6"
_WS = "wolfSSL/wolfssl wolfssl/error-ssl.h (values), src/internal.c wolfSSL_ERR_reason_error_string (texts) @v5.6.6"
_WC = "wolfSSL/wolfssl wolfssl/wolfcrypt/error-crypt.h (values), wolfcrypt/src/error.c wc_GetErrorString (texts) @v5.6.6"

S = StackCode
CODES = Table(
    "tls_stack_codes",
    (
        S("mbedtls", -0x2700, "MBEDTLS_ERR_X509_CERT_VERIFY_FAILED", "X509 - Certificate verification failed, e.g. CRL, CA or signature check failed", "tls.cert_verify_failed", "the peer's certificate did not verify (the verify flags say why; most often no CA loaded for it)", 0.6, _MX),
        S("mbedtls", -0x7780, "MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE", "SSL - A fatal alert message was received from our peer", "tls.alert_received", "the peer aborted the handshake with a fatal alert (its number is in the debug log: 'fatal alert message (msg N)')", 0.6, _MS),
        S("mbedtls", -0x7280, "MBEDTLS_ERR_SSL_CONN_EOF", "SSL - The connection indicated an EOF", "tls.closed_during_handshake", "the peer closed the connection during the handshake (often: the port does not speak TLS)", 0.6, _MS),
        S("mbedtls", -0x7880, "MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY", "SSL - The peer notified us that the connection is going to be closed", "tls.closed_during_handshake", "the peer sent close_notify", 0.5, _MS),
        S("mbedtls", -0x7200, "MBEDTLS_ERR_SSL_INVALID_RECORD", "SSL - An invalid SSL record was received", "tls.not_tls_reply", "the bytes received are not a TLS record (plaintext on the port?)", 0.6, _MS),
        S("mbedtls", -0x7380, "MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN", "SSL - The server has no ciphersuites in common with the client", "tls.no_shared_cipher", "no cipher suite in common", 0.85, _MS2),
        S("mbedtls", -0x6E80, "MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION", "", "tls.version_mismatch", "the peer's TLS version is not enabled here (an mbedTLS built for TLS 1.2 only against a 1.3-only peer)", 0.8, _MS3),
        S("mbedtls", -0x6E00, "MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE", "", "tls.handshake_failed", "the handshake failed (no common parameters)", 0.5, _MS3),
        S("mbedtls", -0x004C, "MBEDTLS_ERR_NET_CONN_RESET", "NET - Connection was reset by peer", "tls.reset_after_hello", "the peer reset the TCP connection", 0.6, _MN),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_EXPIRED", "", "tls.cert_expired", "the certificate validity has expired", 0.85, _MF),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_REVOKED", "", "tls.cert_revoked", "the certificate is revoked (CRL)", 0.85, _MF),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_CN_MISMATCH", "", "tls.hostname_mismatch", "the certificate's names do not include the expected host", 0.85, _MF),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_NOT_TRUSTED", "", "tls.untrusted_root", "the certificate is not correctly signed by a trusted CA (no loaded CA issued it)", 0.8, _MF),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_FUTURE", "The certificate validity starts in the future", "tls.cert_not_yet_valid", "the certificate is not valid yet (or the device clock is unset)", 0.85, _MF),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_BAD_MD", "The certificate is signed with an unacceptable hash", "tls.weak_crypto_rejected", "the certificate's signature hash (SHA-1, MD5) is not allowed by the verify profile", 0.85, _MF),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_BAD_PK", "The certificate is signed with an unacceptable PK alg", "tls.weak_crypto_rejected", "the certificate's signature algorithm is not allowed by the verify profile", 0.8, _MF),
        S("mbedtls", 0, "MBEDTLS_X509_BADCERT_BAD_KEY", "The certificate is signed with an unacceptable key", "tls.weak_crypto_rejected", "the certificate's key (curve, RSA length) is not allowed by the verify profile", 0.8, _MF),
        S("wolfssl", -188, "ASN_NO_SIGNER_E", "ASN no signer error to confirm failure", "tls.untrusted_root", "no loaded CA signed the peer's certificate (wrong or missing CA; a cross-signed chain needs WOLFSSL_ALT_CERT_CHAINS)", 0.8, _WC),
        S("wolfssl", -155, "ASN_SIG_CONFIRM_E", "ASN sig error, confirm failure", "tls.cert_verify_failed", "a certificate signature did not verify", 0.6, _WC),
        S("wolfssl", -275, "ASN_SELF_SIGNED_E", "ASN self-signed certificate error", "tls.self_signed", "the peer's certificate is self-signed and not trusted", 0.85, _WC),
        S("wolfssl", -150, "ASN_BEFORE_DATE_E", "ASN date error, current date before", "tls.cert_not_yet_valid", "the certificate is not valid yet (or the device clock is unset)", 0.85, _WC),
        S("wolfssl", -151, "ASN_AFTER_DATE_E", "ASN date error, current date after", "tls.cert_expired", "the certificate has expired", 0.85, _WC),
        S("wolfssl", -313, "FATAL_ERROR", "revcd alert fatal error", "tls.alert_received", "the peer rejected the handshake with a fatal alert", 0.6, _WS),
        S("wolfssl", -308, "SOCKET_ERROR_E", "error state on socket", "tls.closed_during_handshake", "the socket failed under the handshake (closed or reset)", 0.6, _WS),
        S("wolfssl", -322, "DOMAIN_NAME_MISMATCH", "peer subject name mismatch", "tls.hostname_mismatch", "the certificate does not carry the host name", 0.85, _WS),
        S("wolfssl", -326, "VERSION_ERROR", "record layer version error", "tls.version_mismatch", "the record's TLS version is not the one negotiated or enabled", 0.7, _WS),
        S("wolfssl", -501, "MATCH_SUITE_ERROR", "can't match cipher suite", "tls.no_shared_cipher", "no cipher suite in common", 0.85, _WS),
    ),
    "mbedTLS and wolfSSL error constants: value, name, strerror text",
)

#: the words that say which stack a bare number belongs to
_CONTEXT = {"mbedtls": ("mbedtls", "polarssl", "esp-tls"), "wolfssl": ("wolfssl", "wolf ssl")}


def _numbers(text: str) -> set[int]:
    """Every negative number in the text: ``-0x2700`` (hex) and ``-9984`` / ``-188`` (decimal)."""
    out = {-int(m.group(1), 16) for m in rx(r"(?<![\w.])-0x([0-9A-Fa-f]{1,8})\b", 0).finditer(text)}
    out |= {-int(m.group(1)) for m in rx(r"(?<![\w.])-(\d{2,6})\b", 0).finditer(text)}
    return out


def hits(text: str, lower: str) -> list[Hit]:
    """Hits for every constant the text names: by name or text anywhere, by value next to its stack."""
    stacks = {s for s, words in _CONTEXT.items() if any(w in lower for w in words)}
    numbers = _numbers(text) if stacks else set()
    out: list[Hit] = []
    for row in CODES.rows:
        shown = ""
        if row.name.lower() in lower:
            shown = row.name
        elif row.text and row.text.lower() in lower:
            shown = row.text
        elif row.value and row.stack in stacks and row.value in numbers:
            shown = f"-0x{-row.value:04X}" if row.stack == "mbedtls" else str(row.value)
        if shown:
            value = f" ({row.value}, -0x{-row.value:04X})" if row.value else ""
            ev = Evidence("message", shown, "input", f"{row.stack} {row.name}{value}")
            out.append(Hit(row.code, row.confidence, f"{row.stack} {row.name}: {row.meaning}", ev, row.source, {"stack": row.stack, "stack_code": row.name}))
    return out
