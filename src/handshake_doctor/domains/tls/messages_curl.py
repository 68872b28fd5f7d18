"""curl / libcurl: CURLE_* texts (curl_easy_strerror) and the TLS backends' own failf() texts.

curl prints ``curl: (N) <backend text>``; the number says the class (35 connect error, 60 peer
verification, 58 client certificate, 77 CA file, 83 issuer, 90 pin, 91 OCSP status, 98 client
certificate required); the backend text after it says the cause, and wins when it is specific.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_SE = "curl/curl lib/strerror.c curl_easy_strerror and include/curl/curl.h CURLE_* @curl-8_21_0"
_OS = "curl/curl lib/vtls/openssl.c (failf texts) @curl-8_21_0"
_GT = "curl/curl lib/vtls/gtls.c (failf texts) @curl-8_21_0"
_SC = "curl/curl lib/vtls/schannel.c (failf texts) @curl-8_21_0"
_WS = "curl/curl lib/vtls/wolfssl.c (failf texts) @curl-8_21_0"
S = StackMessage
ENTRIES = Table(
    "inventory_curl",
    (
        S("curl", "7.x-8.x", "curl: (60) SSL certificate problem: unable to get local issuer certificate", "tls.untrusted_root", "curl's CA bundle does not hold the root of this chain", _OS + " ('SSL certificate problem: %s'); " + _SE, 0.9),
        S("curl", "7.x-8.x", "curl: (60) SSL certificate problem: self-signed certificate in certificate chain", "tls.untrusted_root", "the chain ends at a self-signed root curl does not trust", _OS, 0.9),
        S("curl", "7.x-8.x", "curl: (60) SSL certificate problem: self-signed certificate", "tls.self_signed", "the server's certificate is self-signed", _OS, 0.9),
        S("curl", "7.x-8.x", "curl: (60) SSL certificate problem: certificate has expired", "tls.cert_expired", "a certificate is past notAfter", _OS, 0.9),
        S("curl", "7.x-8.x", "curl: (60) SSL certificate problem: unable to verify the first certificate", "tls.chain_incomplete", "the server sent its leaf without the intermediate", _OS, 0.9),
        S("curl", "7.x-8.x", "curl: (60) SSL: no alternative certificate subject name matches target host name '{host}'", "tls.hostname_mismatch", "no SAN matches the host name", _OS, 0.92),
        S("curl", "7.x-8.x", "SSL: certificate subject name '{host}' does not match target host name '{host}'", "tls.hostname_mismatch", "the certificate's CN does not match (no SANs)", _OS, 0.92),
        S("curl", "7.x-8.x", "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to {host}:{port}", "tls.closed_during_handshake", "the connection ended or was reset during the handshake (no TLS alert)", _OS + " ('%s SSL_connect: %s in connection to %s:%d')", 0.75),
        S("curl", "7.x-8.x", "curl: (35) OpenSSL SSL_connect: Connection reset by peer in connection to {host}:{port}", "tls.reset_after_hello", "the server or a middlebox reset the connection after the ClientHello", _OS, 0.85),
        S("curl", "8.x", "curl: (35) TLS connect error: error:0A000410:SSL routines::sslv3 alert handshake failure", "tls.no_shared_cipher", "the peer sent alert 40", _OS + " ('TLS connect error: %s')", 0.85),
        S("curl", "8.x", "curl: (35) TLS connect error: error:0A00010B:SSL routines::wrong version number", "tls.not_tls_reply", "https:// to a port that does not speak TLS", _OS, 0.85),
        S("curl", "7.x-8.x", "curl: (35) error:0A000102:SSL routines::unsupported protocol", "tls.version_mismatch", "the server offers only versions curl's OpenSSL disabled", _OS, 0.88),
        S("curl", "7.x-8.x", "curl: (35) GnuTLS, handshake failed: The TLS connection was non-properly terminated.", "tls.closed_during_handshake", "curl-gnutls: the peer closed during the handshake", _GT, 0.85),
        S("curl", "7.x-8.x", "curl: (35) GnuTLS, handshake failed: A packet with illegal or unsupported version was received.", "tls.version_mismatch", "curl-gnutls: the server's version is not enabled", _GT, 0.88),
        S("curl", "7.x-8.x", "curl: (60) SSL certificate verification failed: The certificate is NOT trusted. The certificate issuer is unknown. (CAfile: {path} CRLfile: none)", "tls.untrusted_root", "curl-gnutls: the chain does not reach a trusted root", _GT, 0.9),
        S("curl", "7.x-8.x", "server certificate expiration date has passed.", "tls.cert_expired", "curl-gnutls: the certificate has expired", _GT, 0.9),
        S("curl", "7.x-8.x", "server certificate not activated yet.", "tls.cert_not_yet_valid", "curl-gnutls: the certificate is not valid yet", _GT, 0.9),
        S("curl", "7.x-8.x", "SSL: certificate subject name ({host}) does not match target host name '{host}'", "tls.hostname_mismatch", "curl-gnutls: the certificate does not carry the host name", _GT, 0.92),
        S("curl", "7.x-8.x", "curl: (35) schannel: next InitializeSecurityContext failed: SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was issued by an authority that is not trusted.", "tls.untrusted_root", "curl-schannel: Windows does not trust the root", _SC, 0.9),
        S("curl", "7.x-8.x", "curl: (60) schannel: SNI or certificate check failed: SEC_E_WRONG_PRINCIPAL (0x80090322) - The target principal name is incorrect.", "tls.hostname_mismatch", "curl-schannel: the certificate does not carry the host name", _SC, 0.9),
        S("curl", "7.x-8.x", "curl: (35) schannel: next InitializeSecurityContext failed: SEC_E_ILLEGAL_MESSAGE (0x80090326) - This error usually occurs when a fatal SSL/TLS alert is received (e.g. handshake failed).", "tls.alert_received", "curl-schannel: the peer answered with a fatal alert", _SC + "; curl/curl lib/strerror.c", 0.6),
        S("curl", "7.x-8.x", "curl: (35) schannel: next InitializeSecurityContext failed: Unknown error (0x80092012) - The revocation function was unable to check revocation for the certificate.", "tls.cert_verify_failed", "curl-schannel: the CRL/OCSP servers were unreachable (--ssl-no-revoke skips the check)", _SC, 0.85),
        S("curl", "7.x-8.x", "schannel: server closed abruptly (missing close_notify)", "tls.closed_during_handshake", "curl-schannel: the server closed without close_notify", _SC, 0.85),
        S("curl", "7.x-8.x", "server verification failed: certificate has expired.", "tls.cert_expired", "curl-wolfssl: the certificate has expired", _WS, 0.9),
        S("curl", "7.x-8.x", "curl: (58) unable to set private key file: '{path}' type PEM", "tls.client_cert_unusable", "the client key could not be loaded", _OS + "; " + _SE, 0.88),
        S("curl", "7.x-8.x", "curl: (58) could not load PEM client certificate from {path}, OpenSSL error {text}", "tls.client_cert_unusable", "the client certificate could not be loaded", _OS + "; " + _SE, 0.88),
        S("curl", "7.x-8.x", "curl: (77) error setting certificate file: {path}", "tls.ca_bundle_unreadable", "the CA bundle path is wrong or unreadable", _OS + "; " + _SE, 0.9),
        S("curl", "7.x-8.x", "curl: (90) SSL: public key does not match pinned public key", "tls.pin_mismatch", "the server key is not the --pinnedpubkey", _OS + "; " + _SE, 0.92),
        S("curl", "7.x-8.x", "curl: (91) No OCSP response received", "tls.cert_verify_failed", "--cert-status: the server stapled no OCSP response", _OS + "; " + _SE + " CURLE_SSL_INVALIDCERTSTATUS", 0.8),
        S("curl", "7.77+", "curl: (98) SSL Client Certificate required", "tls.client_cert_required", "the server requires a client certificate (CURLE_SSL_CLIENTCERT)", _SE, 0.9),
        S("curl", "7.x-8.x", "curl: (83) Issuer check against peer certificate failed", "tls.untrusted_root", "--issuercert does not match the server's issuer", _SE + " CURLE_SSL_ISSUER_ERROR", 0.8),
        S("curl", "7.x-8.x", "curl: (59) failed setting cipher list: {word}", "tls.no_shared_cipher", "the --ciphers list selects no cipher", _SE + " CURLE_SSL_CIPHER; " + _OS, 0.85),
        S("curl", "7.x-8.x", "curl: (35) SSL connect error", "tls.handshake_failed", "the TLS handshake failed (no reason in this line)", _SE + " CURLE_SSL_CONNECT_ERROR", 0.45),
    ),
    "curl CURLE_* and TLS-backend texts",
)
