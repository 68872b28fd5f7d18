"""Python: the ssl module and the HTTP libraries that wrap it (requests, urllib3, httpx, aiohttp).

CPython's ssl prints ``[SSL: REASON_NAME] reason text (_ssl.c:NNNN)`` and, for a verification
failure, ``certificate verify failed: <X509 text>`` (Modules/_ssl.c fill_and_set_sslerror and
verify_message); the libraries keep that text inside their own wrapper.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_SSL = "CPython Modules/_ssl.c fill_and_set_sslerror ('[%s: %s] %s (%s:%d)') and the verify_message for X509_V_ERR_HOSTNAME_MISMATCH / IP_ADDRESS_MISMATCH ('Hostname mismatch, certificate is not valid for '%S'.'); observed with CPython 3.11 + OpenSSL 3.0.19"
_U = "urllib3/urllib3 src/urllib3/exceptions.py (MaxRetryError 'Max retries exceeded with url: {url} (Caused by {reason!r})') and util/ssl_match_hostname.py @2.7.0"
_R = "psf/requests src/requests/adapters.py (SSLError wraps urllib3's MaxRetryError)"
_A = "aio-libs/aiohttp aiohttp/client_exceptions.py ClientConnectorError / ClientConnectorCertificateError __str__ @v3.14.3"
_H = "encode/httpx httpx/_transports/default.py (map_httpcore_exceptions: ConnectError keeps the ssl text)"
S = StackMessage
ENTRIES = Table(
    "inventory_python",
    (
        S("python", "3.7+", "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:{n})", "tls.untrusted_root", "the chain does not reach a root in Python's CA store (certifi or SSL_CERT_FILE)", _SSL, 0.9),
        S("python", "3.7+", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:{n})", "tls.untrusted_root", "the chain ends at a self-signed root (a proxy's or private CA)", _SSL, 0.9),
        S("python", "3.7+", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate (_ssl.c:{n})", "tls.self_signed", "the server's certificate is self-signed (OpenSSL 1.1.1 wording)", _SSL, 0.9),
        S("python", "3.7+", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get issuer certificate (_ssl.c:{n})", "tls.chain_incomplete", "an intermediate is missing from what the server sent", _SSL, 0.85),
        S("python", "3.7+", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:{n})", "tls.cert_expired", "a certificate is past notAfter", _SSL, 0.9),
        S("python", "3.7+", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for '{host}'. (_ssl.c:{n})", "tls.hostname_mismatch", "the certificate does not cover the host name", _SSL, 0.92),
        S("python", "3.7+", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '{host}'. (_ssl.c:{n})", "tls.hostname_mismatch", "connected by IP and no IP SAN matches", _SSL, 0.92),
        S("python", "3.10+", "[SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:{n})", "tls.unsafe_legacy_renegotiation", "the server lacks RFC 5746 (OpenSSL 3)", _SSL, 0.9),
        S("python", "3.x", "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:{n})", "tls.not_tls_reply", "the reply is not TLS (an https:// URL on a plain port)", _SSL, 0.85),
        S("python", "3.x", "[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:{n})", "tls.version_mismatch", "the peer refused the offered versions", _SSL, 0.85),
        S("python", "3.x", "[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:{n})", "tls.no_shared_cipher", "the peer sent alert 40", _SSL, 0.85),
        S("python", "3.x", "[SSL: DH_KEY_TOO_SMALL] dh key too small (_ssl.c:{n})", "tls.weak_crypto_rejected", "the server's DH group is below the security level", _SSL, 0.9),
        S("python", "3.10+", "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:{n})", "tls.closed_during_handshake", "the peer closed without an alert", _SSL, 0.88),
        S("python", "3.x", "[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:{n})", "tls.peer_rejected_certificate", "the peer does not trust the CA of our client certificate", _SSL, 0.85),
        S("python", "3.x", "[SSL: NO_SHARED_CIPHER] no shared cipher (_ssl.c:{n})", "tls.no_shared_cipher", "this server found no common cipher suite", _SSL, 0.88),
        S("python", "3.x", "[SSL: HTTP_REQUEST] http request (_ssl.c:{n})", "tls.plaintext_request", "a plain-HTTP client spoke to this TLS server", _SSL, 0.88),
        S("urllib3", "1.26-2.x", "HTTPSConnectionPool(host='{host}', port={port}): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:{n})')))", "tls.untrusted_root", "requests/urllib3 could not verify the chain against certifi's bundle (a corporate proxy's root is a common cause)", _U + "; " + _R, 0.9),
        S("urllib3", "1.26-2.x", "Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:{n})'))", "tls.not_tls_reply", "urllib3's TLS reply is not TLS", _U, 0.85),
        S("urllib3", "1.26-2.x", "hostname '{host}' doesn't match '{host}'", "tls.hostname_mismatch", "urllib3's own host check (match_hostname) failed", _U, 0.9),
        S("urllib3", "1.26-2.x", "Certificate did not match expected hostname: {host}. Certificate: {text}", "tls.hostname_mismatch", "urllib3 logged the failed host check", _U, 0.9),
        S("requests", "2.x", "requests.exceptions.SSLError: HTTPSConnectionPool(host='{host}', port={port}): Max retries exceeded with url: /x (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:{n})')))", "tls.cert_expired", "requests: a certificate is past notAfter", _R + "; " + _U, 0.9),
        S("httpx", "0.2x", "httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:{n})", "tls.untrusted_root", "httpx: the chain does not reach a trusted root", _H, 0.9),
        S("aiohttp", "3.x", "aiohttp.client_exceptions.ClientConnectorCertificateError: Cannot connect to host {host}:{port} ssl:True [SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:{n})')]", "tls.untrusted_root", "aiohttp: the chain does not reach a trusted root", _A, 0.9),
        S("aiohttp", "3.x", "Cannot connect to host {host}:{port} ssl:default [[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:{n})]", "tls.not_tls_reply", "aiohttp: the reply is not TLS", _A, 0.85),
    ),
    "Python ssl and HTTP-library wrappers",
)
