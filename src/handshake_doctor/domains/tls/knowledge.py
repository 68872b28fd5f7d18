"""Knowledge tables of the `tls` domain: one row a fact, each with its source.

Wire numbers (alerts, versions, content and handshake types) live in wire.py and are listed
here too. OpenSSL reason strings were read from OpenSSL 3.0.22's own error table
(ERR_reason_error_string) on the project machine; X509 verify strings likewise
(X509_verify_cert_error_string). Other stacks' texts come from facts/knowledge.md §3.4 (observed)
or from the named public issue threads.
"""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record
from . import wire
from .matching import MessageRow

OSSL = "OpenSSL 3.0.22 include/openssl/sslerr.h; text from ERR_reason_error_string (observed with OpenSSL 3.0.22)"
X509H = "OpenSSL 3.0.22 include/openssl/x509_vfy.h; text from X509_verify_cert_error_string (observed with OpenSSL 3.0.22)"
F34 = "facts/knowledge.md §3.4 (observed)"


@record(frozen=True)
class ReasonRow:
    """An OpenSSL SSL-library reason code (the low bits of 0A000xxx / 14xxxxxx)."""

    reason: int
    text: str  # as OpenSSL prints it; Python shows it upper-cased with underscores
    code: str
    meaning: str
    source: str


@record(frozen=True)
class X509Row:
    number: int
    name: str  # X509_V_ERR_ suffix; Node.js uses it as err.code
    text: str
    code: str
    source: str


@record(frozen=True)
class AlertTextRow:
    """How a stack spells a received alert (Go: "remote error: tls: <text>")."""

    alert: int
    text: str
    stack: str
    source: str


@record(frozen=True)
class PortRow:
    port: int
    service: str
    note: str
    source: str


_ALERT_REASON = "OpenSSL ssl.h SSL_AD_REASON_OFFSET = 1000: reason = 1000 + alert description"

OPENSSL_REASONS = Table(
    "openssl_ssl_reasons",
    (
        ReasonRow(267, "wrong version number", "tls.not_tls_reply", "the first bytes read were not a TLS record header (plaintext or another protocol on the port)", OSSL + "; " + F34),
        ReasonRow(198, "packet length too long", "tls.not_tls_reply", "a record header announced more than 2^14+2048 bytes: usually plaintext read as a header", OSSL + "; facts/knowledge.md §3.1 (observed)"),
        ReasonRow(252, "unknown protocol", "tls.not_tls_reply", "OpenSSL 1.0.x: the peer's reply was not SSL/TLS", OSSL + "; facts/knowledge.md §3.3"),
        ReasonRow(116, "bad protocol version number", "tls.not_tls_reply", "the record's version bytes make no sense", OSSL),
        ReasonRow(156, "http request", "tls.plaintext_request", "the server read 'GET ', 'POST ', 'HEAD ' or 'PUT ' where a ClientHello should be: an http:// client on the TLS port", OSSL + "; " + F34),
        ReasonRow(155, "https proxy request", "tls.plaintext_request", "the server read 'CONNE' (an HTTP proxy CONNECT) on a TLS port", OSSL + "; " + F34),
        ReasonRow(294, "unexpected eof while reading", "tls.closed_during_handshake", "the peer closed the TCP connection without a close_notify alert", OSSL + "; " + F34),
        ReasonRow(134, "certificate verify failed", "tls.cert_verify_failed", "the peer's certificate chain did not verify (the X509 reason follows in the log)", OSSL),
        ReasonRow(193, "no shared cipher", "tls.no_shared_cipher", "the server found no cipher suite both sides allow (or has no certificate/key usable with them)", OSSL),
        ReasonRow(185, "no cipher match", "tls.no_shared_cipher", "the configured cipher string selects no cipher at all", OSSL),
        ReasonRow(181, "no ciphers available", "tls.no_shared_cipher", "no cipher suite is enabled for the versions allowed", OSSL),
        ReasonRow(376, "no shared signature algorithms", "tls.no_shared_cipher", "no signature algorithm is acceptable to both sides", OSSL),
        ReasonRow(410, "no shared groups", "tls.no_shared_cipher", "no key-exchange group is acceptable to both sides", OSSL),
        ReasonRow(295, "no suitable groups", "tls.no_shared_cipher", "no key-exchange group is usable with the versions allowed", OSSL),
        ReasonRow(101, "no suitable key share", "tls.no_shared_cipher", "no acceptable TLS 1.3 key share", OSSL),
        ReasonRow(258, "unsupported protocol", "tls.version_mismatch", "the peer chose (or offered only) a TLS version this side has disabled", OSSL),
        ReasonRow(191, "no protocols available", "tls.version_mismatch", "every protocol version is disabled by configuration (MinProtocol/MaxProtocol or security level)", OSSL),
        ReasonRow(396, "version too low", "tls.version_mismatch", "the peer's version is below this side's minimum", OSSL),
        ReasonRow(166, "version too high", "tls.version_mismatch", "the peer's version is above this side's maximum", OSSL),
        ReasonRow(259, "unsupported ssl version", "tls.version_mismatch", "the SSL/TLS version is not supported", OSSL),
        ReasonRow(266, "wrong ssl version", "tls.version_mismatch", "the SSL version does not match the method in use", OSSL),
        ReasonRow(373, "inappropriate fallback", "tls.version_mismatch", "a downgraded retry was detected (TLS_FALLBACK_SCSV)", OSSL),
        ReasonRow(394, "dh key too small", "tls.weak_crypto_rejected", "the server's Diffie-Hellman group is smaller than the security level allows (1024-bit DH is refused at level 2)", OSSL),
        ReasonRow(397, "ca key too small", "tls.weak_crypto_rejected", "a CA key in the chain is below the security level", OSSL),
        ReasonRow(398, "ca md too weak", "tls.weak_crypto_rejected", "a CA signature uses a digest (MD5/SHA-1) below the security level", OSSL),
        ReasonRow(399, "ee key too small", "tls.weak_crypto_rejected", "the end-entity certificate key (e.g. RSA 1024) is below the security level", OSSL),
        ReasonRow(333, "legacy sigalg disallowed or unsupported", "tls.weak_crypto_rejected", "the peer wants a legacy signature algorithm (SHA-1/MD5) this side disallows", OSSL),
        ReasonRow(306, "bad ecpoint", "tls.alert_received", "the peer's elliptic-curve point is malformed (often a broken TLS stack or middlebox)", OSSL),
        ReasonRow(338, "unsafe legacy renegotiation disabled", "tls.unsafe_legacy_renegotiation", "the server lacks RFC 5746 secure renegotiation and OpenSSL 3 refuses such servers by default", OSSL),
        ReasonRow(199, "peer did not return a certificate", "tls.client_cert_required", "the server requires a client certificate and the client sent none", OSSL),
        ReasonRow(229, "ssl handshake failure", "tls.handshake_failed", "the handshake failed (generic)", OSSL),
        ReasonRow(235, "no application protocol", "tls.alert_received", "no ALPN protocol in common", OSSL),
        ReasonRow(281, "decryption failed or bad record mac", "tls.alert_received", "a record failed its integrity check: corruption or a middlebox rewriting bytes", OSSL),
        ReasonRow(244, "unexpected message", "tls.alert_received", "a handshake message arrived out of order", OSSL),
    )
    + tuple(
        # Received alerts: reason = 1000 + description; the text is OpenSSL's "sslv3/tlsv1/tlsv13 alert <name>".
        ReasonRow(1000 + a, t, wire.alert_row(a).code if wire.alert_row(a) else "tls.alert_received", f"the peer sent alert {a} ({wire.alert_name(a)})", OSSL + "; " + _ALERT_REASON)
        for a, t in (
            (10, "sslv3 alert unexpected message"), (20, "sslv3 alert bad record mac"), (21, "tlsv1 alert decryption failed"),
            (22, "tlsv1 alert record overflow"), (30, "sslv3 alert decompression failure"), (40, "sslv3 alert handshake failure"),
            (41, "sslv3 alert no certificate"), (42, "sslv3 alert bad certificate"), (43, "sslv3 alert unsupported certificate"),
            (44, "sslv3 alert certificate revoked"), (45, "sslv3 alert certificate expired"), (46, "sslv3 alert certificate unknown"),
            (47, "sslv3 alert illegal parameter"), (48, "tlsv1 alert unknown ca"), (49, "tlsv1 alert access denied"),
            (50, "tlsv1 alert decode error"), (51, "tlsv1 alert decrypt error"), (60, "tlsv1 alert export restriction"),
            (70, "tlsv1 alert protocol version"), (71, "tlsv1 alert insufficient security"), (80, "tlsv1 alert internal error"),
            (86, "tlsv1 alert inappropriate fallback"), (90, "tlsv1 alert user cancelled"), (100, "tlsv1 alert no renegotiation"),
            (109, "tlsv13 alert missing extension"), (110, "tlsv1 unsupported extension"), (111, "tlsv1 certificate unobtainable"),
            (112, "tlsv1 unrecognized name"), (113, "tlsv1 bad certificate status response"), (114, "tlsv1 bad certificate hash value"),
            (115, "tlsv1 alert unknown psk identity"), (116, "tlsv13 alert certificate required"), (120, "tlsv1 alert no application protocol"),
        )
    ),
    "OpenSSL SSL-library reason codes (same numbers in 1.x and 3.x), with received alerts at 1000+N",
)

_X = (
    (2, "UNABLE_TO_GET_ISSUER_CERT", "unable to get issuer certificate", "tls.chain_incomplete"),
    (3, "UNABLE_TO_GET_CRL", "unable to get certificate CRL", "tls.cert_verify_failed"),
    (4, "UNABLE_TO_DECRYPT_CERT_SIGNATURE", "unable to decrypt certificate's signature", "tls.cert_verify_failed"),
    (7, "CERT_SIGNATURE_FAILURE", "certificate signature failure", "tls.cert_verify_failed"),
    (9, "CERT_NOT_YET_VALID", "certificate is not yet valid", "tls.cert_not_yet_valid"),
    (10, "CERT_HAS_EXPIRED", "certificate has expired", "tls.cert_expired"),
    (13, "ERROR_IN_CERT_NOT_BEFORE_FIELD", "format error in certificate's notBefore field", "tls.cert_verify_failed"),
    (14, "ERROR_IN_CERT_NOT_AFTER_FIELD", "format error in certificate's notAfter field", "tls.cert_verify_failed"),
    (18, "DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", "tls.self_signed"),
    (19, "SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain", "tls.untrusted_root"),
    (20, "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate", "tls.untrusted_root"),
    (21, "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate", "tls.chain_incomplete"),
    (22, "CERT_CHAIN_TOO_LONG", "certificate chain too long", "tls.cert_verify_failed"),
    (23, "CERT_REVOKED", "certificate revoked", "tls.cert_revoked"),
    (24, "NO_ISSUER_PUBLIC_KEY", "issuer certificate doesn't have a public key", "tls.cert_verify_failed"),
    (26, "INVALID_PURPOSE", "unsuitable certificate purpose", "tls.cert_verify_failed"),
    (27, "CERT_UNTRUSTED", "certificate not trusted", "tls.untrusted_root"),
    (28, "CERT_REJECTED", "certificate rejected", "tls.untrusted_root"),
    (62, "HOSTNAME_MISMATCH", "hostname mismatch", "tls.hostname_mismatch"),
    (63, "EMAIL_MISMATCH", "email address mismatch", "tls.hostname_mismatch"),
    (64, "IP_ADDRESS_MISMATCH", "IP address mismatch", "tls.hostname_mismatch"),
    (66, "EE_KEY_TOO_SMALL", "EE certificate key too weak", "tls.weak_crypto_rejected"),
    (67, "CA_KEY_TOO_SMALL", "CA certificate key too weak", "tls.weak_crypto_rejected"),
    (68, "CA_MD_TOO_WEAK", "CA signature digest algorithm too weak", "tls.weak_crypto_rejected"),
    (79, "INVALID_CA", "invalid CA certificate", "tls.cert_verify_failed"),
)
X509_VERIFY = Table(
    "x509_verify_errors",
    tuple(X509Row(n, name, text, code, X509H) for n, name, text, code in _X),
    "X509_V_ERR_* numbers and texts (s_client 'verify error:num=N', Python verify_message, Node err.code)",
)

_GO_ALERT = "Go src/crypto/tls/alert.go alertText (read in the golang/go repository)"
ALERT_TEXTS = Table(
    "alert_texts_by_stack",
    tuple(
        AlertTextRow(a, t, "go", _GO_ALERT)
        for a, t in (
            (10, "unexpected message"), (20, "bad record MAC"), (22, "record overflow"), (40, "handshake failure"),
            (42, "bad certificate"), (43, "unsupported certificate"), (44, "revoked certificate"), (45, "expired certificate"),
            (46, "unknown certificate"), (47, "illegal parameter"), (48, "unknown certificate authority"), (49, "access denied"),
            (50, "error decoding message"), (51, "error decrypting message"), (70, "protocol version not supported"),
            (71, "insufficient security level"), (80, "internal error"), (86, "inappropriate fallback"), (90, "user canceled"),
            (100, "no renegotiation"), (109, "missing extension"), (110, "unsupported extension"), (120, "no application protocol"),
        )
    )
    + (
        AlertTextRow(112, "unrecognized name", "go", "Go crypto/tls alert.go (Go >= 1.21 adds RFC 8446 names)"),
        AlertTextRow(116, "certificate required", "go", "Go crypto/tls alert.go (Go >= 1.21 adds RFC 8446 names)"),
    ),
    "How stacks other than OpenSSL spell a received alert (Java prints the registry name itself)",
)

PORTS = Table(
    "non_tls_ports",
    (
        PortRow(80, "http", "plain HTTP", "IANA Service Name and Port Number Registry; RFC 9110 §4.2.1"),
        PortRow(8080, "http", "alternative plain HTTP (dev servers, proxies)", "IANA port registry (http-alt)"),
        PortRow(8000, "http", "common dev HTTP port (python -m http.server default)", "Python docs http.server (default port 8000)"),
        PortRow(3128, "http", "Squid HTTP proxy default", "Squid documentation (http_port 3128)"),
        PortRow(22, "ssh", "SSH: the server speaks first with an SSH-2.0 banner", "RFC 4253 §4.2; IANA port registry"),
        PortRow(21, "ftp", "FTP control: implicit TLS is 990, explicit is AUTH TLS", "RFC 959; RFC 4217; IANA port registry"),
        PortRow(25, "smtp", "SMTP relay: STARTTLS, not implicit TLS (that is 465)", "RFC 5321; RFC 3207; RFC 8314 §3.3"),
        PortRow(587, "smtp", "SMTP submission: STARTTLS (implicit TLS is 465)", "RFC 6409; RFC 8314 §3.3"),
        PortRow(110, "pop3", "POP3: STLS (implicit TLS is 995)", "RFC 1939; RFC 2595; RFC 8314"),
        PortRow(143, "imap", "IMAP: STARTTLS (implicit TLS is 993)", "RFC 9051; RFC 8314"),
        PortRow(389, "ldap", "LDAP: StartTLS (implicit TLS is 636)", "RFC 4511 §4.14; IANA port registry"),
        PortRow(5432, "postgres", "PostgreSQL: TLS only after an SSLRequest", "PostgreSQL docs, Protocol Flow §55.2.10 (SSL Session Encryption)"),
        PortRow(3306, "mysql", "MySQL: TLS only after the server greeting and an SSL request packet", "MySQL Client/Server Protocol: Connection Phase, SSL"),
        PortRow(6379, "redis", "Redis: plaintext RESP unless tls-port is configured", "Redis docs: TLS (tls-port)"),
    ),
    "Ports on which a TLS client usually meets plaintext or a STARTTLS protocol",
)

_P = "facts/knowledge.md §3.4"
_SSPI = "Microsoft winerror.h SSPI/CryptoAPI status codes"
_GNUTLS = "GnuTLS lib/errors.c error texts"
MESSAGES = Table(
    "tls_messages",
    (
        # --- the peer is not speaking TLS ---------------------------------------------------------
        MessageRow(r"wrong[ _]version[ _]number", "openssl", "OpenSSL read bytes that are not a TLS record where the server's reply should be", "tls.not_tls_reply", 0.85, OSSL + "; " + F34),
        MessageRow(r"packet[ _]length[ _]too[ _]long", "openssl", "OpenSSL read a record header with an impossible length: plaintext read as TLS", "tls.not_tls_reply", 0.8, "facts/knowledge.md §3.1 (observed); wazuh/wazuh#35936"),
        MessageRow(r"SSL23_GET_SERVER_HELLO:unknown protocol|ssl3?_get_record:unknown protocol|\bunknown[ _]protocol\b", "openssl", "OpenSSL 1.0.x read a reply that is not SSL/TLS", "tls.not_tls_reply", 0.7, "facts/knowledge.md §3.3; woocommerce/wc-api-node#10"),
        MessageRow(r"first record does not look like a TLS handshake", "go", "Go crypto/tls read a first record that is not TLS", "tls.not_tls_reply", 0.9, F34),
        MessageRow(r"Unsupported or unrecognized SSL message", "java", "Java (JDK 11+) read a record that is not TLS", "tls.not_tls_reply", 0.9, F34 + " (OpenJDK 17 SSLSocketInputRecord)"),
        MessageRow(r"Unrecognized SSL message, plaintext connection\?", "java", "Java (JDK 8) read plaintext where TLS was expected", "tls.not_tls_reply", 0.9, "facts/knowledge.md §3.4; gitlab4j/gitlab4j-api#195; escline/InstallCert#10"),
        MessageRow(r"handshake failed due to an unexpected packet format", "dotnet", ".NET SslStream read a frame header that is not TLS", "tls.not_tls_reply", 0.85, "dotnet/runtime Strings.resx net_ssl_io_frame; dotnet/aspnetcore#4587"),
        MessageRow(r"SSL_ERROR_RX_RECORD_TOO_LONG|SSL received a record that exceeded the maximum permissible length", "browser", "Firefox read a 'record' longer than TLS allows: almost always plain HTTP on the HTTPS port", "tls.not_tls_reply", 0.85, "MoonchildProductions/Pale-Moon#1387; FiloSottile/mkcert#101"),
        MessageRow(r"SSL_ERROR_RX_RECORD_TOO_LONG|SSL received a record that exceeded the maximum permissible length", "browser", "a browser asked https:// of a port that serves plain HTTP", "tls.plaintext_http", 0.7, "MoonchildProductions/Pale-Moon#1387; FiloSottile/mkcert#101"),
        MessageRow(r"\bERR_SSL_PROTOCOL_ERROR\b", "browser", "Chrome could not complete a TLS handshake; plain HTTP on the HTTPS port is the usual cause", "tls.not_tls_reply", 0.55, "facts/knowledge.md §3.4 (Chrome); Chromium net_error_list.h"),
        MessageRow(r"server gave HTTP response to HTTPS client", "go", "Go net/http sent a ClientHello and got 'HTTP/' back", "tls.plaintext_http", 0.95, F34),
        MessageRow(r"invalid response to SSL negotiation: H\b", "libpq", "libpq's SSLRequest was answered with 'H' (the H of 'HTTP/'): an HTTP server on the database port", "tls.plaintext_http", 0.9, F34 + " (libpq fe-connect.c)"),
        MessageRow(r"invalid response to SSL negotiation", "libpq", "the first byte after libpq's SSLRequest was neither 'S' nor 'N': not a PostgreSQL server", "tls.not_tls_reply", 0.6, F34 + " (libpq fe-connect.c)"),
        # --- a plaintext client on a TLS port ---------------------------------------------------------
        MessageRow(r"\bhttp[ _]request\b(?!\s+(?:failed|error))", "openssl", "the TLS server read an HTTP request ('GET ', 'POST '...) instead of a ClientHello", "tls.plaintext_request", 0.75, OSSL + "; " + F34),
        MessageRow(r"https[ _]proxy[ _]request", "openssl", "the TLS server read an HTTP proxy CONNECT instead of a ClientHello", "tls.plaintext_request", 0.8, OSSL + "; " + F34),
        MessageRow(r"plain HTTP request was sent to HTTPS port", "nginx", "nginx got plain HTTP on a 'listen ... ssl' port", "tls.plaintext_request", 0.9, "nginx ngx_http_request.c error page; facts/knowledge.md §3.4"),
        MessageRow(r"Client sent an HTTP request to an HTTPS server", "go", "Go's HTTPS server got plain HTTP", "tls.plaintext_request", 0.9, F34 + " (Go net/http server.go)"),
        # --- alerts (the generic ones; specific alert names are matched from the alert tables) ----------
        MessageRow(r"Received fatal alert: (\w+)", "java", "Java received a fatal TLS alert from the peer", "tls.alert_received", 0.5, F34),
        MessageRow(r"SSL alert number \d+", "openssl", "OpenSSL received a TLS alert", "tls.alert_received", 0.5, "facts/knowledge.md §3.3"),
        MessageRow(r"remote error: tls: ", "go", "Go received a TLS alert from the peer", "tls.alert_received", 0.5, F34),
        # --- versions and ciphers ---------------------------------------------------------------------------
        MessageRow(r"No appropriate protocol \(protocol is disabled or cipher suites are inappropriate\)", "java", "Java has no enabled protocol version usable with its cipher suites (TLS 1.0/1.1 are disabled in java.security since 8u291/11.0.11)", "tls.version_mismatch", 0.85, "JDK-8202343 (TLS 1.0/1.1 disabled by jdk.tls.disabledAlgorithms); widely reported in issue trackers"),
        MessageRow(r"The server selected protocol version TLS1[01]? is not accepted by client preferences", "java", "the server chose TLS 1.0/1.1, which the Java client has disabled", "tls.version_mismatch", 0.9, "OpenJDK sun.security.ssl.ServerHello (message text); JDK-8202343"),
        MessageRow(r"Client requested protocol \S+ is not enabled or supported in server context", "java", "a Java server refused the client's protocol version", "tls.version_mismatch", 0.85, "OpenJDK sun.security.ssl.ClientHello (message text)"),
        MessageRow(r"server selected unsupported protocol version", "go", "a Go client refused the version the server chose (Go >= 1.18 refuses TLS 1.0/1.1 by default in clients)", "tls.version_mismatch", 0.9, "Go crypto/tls handshake_client.go; Go 1.18 release notes (client MinVersion TLS 1.2)"),
        MessageRow(r"client offered only unsupported versions", "go", "a Go server refused every version the client offered", "tls.version_mismatch", 0.9, "Go crypto/tls handshake_server.go"),
        MessageRow(r"do not possess a common algorithm", "dotnet", "Windows SChannel found no common protocol version or cipher (SEC_E_ALGORITHM_MISMATCH 0x80090331)", "tls.version_mismatch", 0.75, "Microsoft SChannel error SEC_E_ALGORITHM_MISMATCH (winerror.h)"),
        MessageRow(r"\bERR_SSL_VERSION_OR_CIPHER_MISMATCH\b|SSL_ERROR_NO_CYPHER_OVERLAP", "browser", "the browser and the server share no TLS version or cipher suite", "tls.no_shared_cipher", 0.75, "Chromium net_error_list.h; Mozilla NSS sslerr.h"),
        MessageRow(r"no cipher suite supported by both client and server", "go", "a Go server found no common cipher suite", "tls.no_shared_cipher", 0.9, "Go crypto/tls handshake_server.go"),
        MessageRow(r"no cipher suites in common", "java", "a Java server found no common cipher suite", "tls.no_shared_cipher", 0.9, "OpenJDK sun.security.ssl (message text)"),
        # --- certificates -------------------------------------------------------------------------------------
        MessageRow(r"x509: certificate signed by unknown authority", "go", "Go could not chain the certificate to a root in its trust store", "tls.untrusted_root", 0.85, "Go crypto/x509 verify.go UnknownAuthorityError"),
        MessageRow(r"x509: certificate has expired or is not yet valid(?![^\n]{0,300}\bis before\b)", "go", "Go found the certificate outside its validity period", "tls.cert_expired", 0.85, "Go crypto/x509 verify.go CertificateInvalidError (Expired)"),
        MessageRow(r"x509: certificate has expired or is not yet valid:[^\n]{0,300}\bis before\b", "go", "the certificate's notBefore is in the future (or this clock is behind)", "tls.cert_not_yet_valid", 0.9, "Go crypto/x509 verify.go (\"current time X is before Y\")"),
        MessageRow(r"x509: certificate is valid for [^\n]{0,300}, not \S+|x509: certificate is not valid for any names|doesn't contain any IP SANs", "go", "the certificate does not list the name or IP the client used", "tls.hostname_mismatch", 0.9, "Go crypto/x509 verify.go HostnameError"),
        MessageRow(r"x509: certificate relies on legacy Common Name field", "go", "the certificate names the host only in its Common Name and has no subjectAltName; Go 1.15+ ignores the CN, so no name matches", "tls.hostname_mismatch", 0.9, "Go 1.15 release notes (X.509 CommonName deprecation, GODEBUG=x509ignoreCN=0 removed in Go 1.17); Go crypto/x509 verify.go HostnameError; linkerd/linkerd2#4945"),
        MessageRow(r"PKIX path building failed|unable to find valid certification path to requested target", "java", "Java could not build a chain to a trusted root (missing CA in the truststore, or missing intermediate)", "tls.untrusted_root", 0.85, "OpenJDK sun.security.validator.PKIXValidator (message text)"),
        MessageRow(r"CertificateExpiredException|PKIX path validation failed: [^\n]{0,300}validity check failed", "java", "Java found a certificate outside its validity period", "tls.cert_expired", 0.8, "java.security.cert.CertificateExpiredException (JDK API docs)"),
        MessageRow(r"CertificateNotYetValidException", "java", "Java found a certificate not yet valid", "tls.cert_not_yet_valid", 0.85, "java.security.cert.CertificateNotYetValidException (JDK API docs)"),
        MessageRow(r"No subject alternative (?:DNS |IP address )?names? (?:matching|present)|No name matching \S+ found|No subjectAltNames on the certificate match", "java", "the certificate's SAN list does not contain the host or IP the client used", "tls.hostname_mismatch", 0.9, "OpenJDK sun.security.util.HostnameChecker (message text); warmuuh/milkman#56 ('No subject alternative names present' when connecting by IP); eclipse-paho/paho.mqtt.java#687 ('No subjectAltNames on the certificate match')"),
        MessageRow(r"SSLPeerUnverifiedException: Hostname \S+ not verified|\bHostname '[^'\n]{1,255}' was not verified|Certificate for <[^>\n]{1,255}> doesn't match any of the subject alternative names", "java", "the certificate does not list the host name or IP the Java HTTP client used (OkHttp's or Apache HttpClient's hostname verifier)", "tls.hostname_mismatch", 0.9, "OkHttp RealConnection.connectTls ('Hostname ... not verified:' with the certificate's DN and subjectAltNames) and OkHostnameVerifier; Apache HttpClient DefaultHostnameVerifier (message text); observed: https://github.com/lysine-dev/okhttp/issues/3114"),
        MessageRow(r"RemoteCertificateNameMismatch", "dotnet", ".NET: the certificate does not match the host name", "tls.hostname_mismatch", 0.85, "System.Net.Security.SslPolicyErrors (.NET API docs)"),
        MessageRow(r"certificate chain was (?:issued|provided) by an authority that is not trusted|\bSEC_E_UNTRUSTED_ROOT\b|0x80090325", "dotnet", "Windows SChannel (SQL Server ODBC/.NET, PowerShell) could not chain the certificate to a trusted root", "tls.untrusted_root", 0.85, "Windows winerror.h SEC_E_UNTRUSTED_ROOT 0x80090325 (message text); Microsoft docs: ODBC Driver 18 encrypts by default; dbt-msft/dbt-sqlserver#267"),
        MessageRow(r"connection requires a valid client certificate", "postgres", "PostgreSQL's pg_hba.conf asks for a client certificate (clientcert / cert auth) and the client sent none", "tls.client_cert_required", 0.85, "PostgreSQL src/backend/libpq/auth.c (message text); sosedoff/pgweb#145; citusdata/citus#2916"),
        MessageRow(r"RemoteCertificateChainErrors", "dotnet", ".NET: the chain did not build to a trusted root (or a certificate in it is invalid)", "tls.untrusted_root", 0.7, "System.Net.Security.SslPolicyErrors (.NET API docs)"),
        MessageRow(r"remote certificate is invalid according to the validation procedure|remote certificate was rejected by the provided RemoteCertificateValidationCallback", "dotnet", ".NET rejected the server certificate", "tls.cert_verify_failed", 0.65, ".NET SR.net_ssl_io_cert_validation (dotnet/runtime Strings.resx)"),
        MessageRow(r"\bERR_TLS_CERT_ALTNAME_INVALID\b|Hostname/IP does not match certificate's altnames", "nodejs", "Node.js: the certificate does not cover the host name", "tls.hostname_mismatch", 0.9, "Node.js tls.checkServerIdentity (docs: errors ERR_TLS_CERT_ALTNAME_INVALID)"),
        MessageRow(r"NET::ERR_CERT_AUTHORITY_INVALID|\bERR_CERT_AUTHORITY_INVALID\b|SEC_ERROR_UNKNOWN_ISSUER", "browser", "the browser does not trust the certificate's issuer", "tls.untrusted_root", 0.85, "Chromium net_error_list.h; Mozilla NSS secerr.h"),
        MessageRow(r"\bERR_CERT_COMMON_NAME_INVALID\b|SSL_ERROR_BAD_CERT_DOMAIN", "browser", "the certificate does not cover the host name in the address bar", "tls.hostname_mismatch", 0.9, "Chromium net_error_list.h; Mozilla NSS sslerr.h"),
        MessageRow(r"\bERR_CERT_DATE_INVALID\b|SEC_ERROR_EXPIRED_CERTIFICATE", "browser", "the certificate is expired (or the computer clock is wrong)", "tls.cert_expired", 0.85, "Chromium net_error_list.h; Mozilla NSS secerr.h"),
        MessageRow(r"no alternative certificate subject name matches target host name|certificate subject name [^\n]{0,300} does not match target host ?name", "curl", "curl: the certificate does not cover the host name", "tls.hostname_mismatch", 0.9, "curl lib/vtls/openssl.c (message text); curl exit code 60 (libcurl-errors)"),
        MessageRow(r"Hostname mismatch, certificate is not valid for|hostname '[^\n]{0,300}' doesn't match|Certificate did not match expected hostname", "python", "Python ssl: the certificate does not cover the host name", "tls.hostname_mismatch", 0.9, "CPython Modules/_ssl.c verify_message for X509_V_ERR_HOSTNAME_MISMATCH; urllib3 match_hostname and connection.py log line (python-poetry/poetry#7811)"),
        MessageRow(r"invalid (?:peer )?certificate(?: contents)?: (?:UnknownIssuer|InvalidCertificate\(UnknownIssuer\))|WebPKIError\(UnknownIssuer\)", "rustls", "rustls/webpki could not chain the certificate to a root it trusts (private CA, TLS-inspecting proxy, or the root store was not loaded)", "tls.untrusted_root", 0.85, "rustls CertificateError::UnknownIssuer (docs.rs rustls); rustls < 0.20 TLSError::WebPKIError Display 'invalid certificate: {webpki::Error:?}' (rustls 0.19 src/error.rs); 2bc4/twitch-hls-client#39; rustls/rustls-native-certs#54; lettre/lettre#395; observed: https://github.com/denoland/deno/issues/11482, https://github.com/denoland/deno/issues/2301"),
        MessageRow(r"invalid peer certificate(?: contents)?: (?:Expired|InvalidCertificate\(Expired)", "rustls", "rustls found the certificate past its notAfter (or this clock is wrong)", "tls.cert_expired", 0.85, "rustls CertificateError::Expired (docs.rs rustls)"),
        MessageRow(r"invalid peer certificate(?: contents)?: (?:NotValidYet|InvalidCertificate\(NotValidYet)", "rustls", "rustls found the certificate before its notBefore (or this clock is behind)", "tls.cert_not_yet_valid", 0.85, "rustls CertificateError::NotValidYet (docs.rs rustls)"),
        MessageRow(r"invalid peer certificate(?: contents)?: (?:NotValidForName|CertNotValidForName|InvalidCertificate\(NotValidForName)", "rustls", "the certificate does not cover the server name rustls was asked to verify", "tls.hostname_mismatch", 0.85, "rustls CertificateError::NotValidForName (docs.rs rustls)"),
        MessageRow(r"generated (?:CLIENT|SERVER) ALERT: Fatal - Unknown CA", "erlang", "Erlang/OTP ssl itself rejected the peer's certificate: its issuer is not in this side's CA list", "tls.untrusted_root", 0.85, "Erlang/OTP ssl_alert.erl alert text ('generated CLIENT ALERT'); processone/tsung#408"),
        MessageRow(r"received (?:CLIENT|SERVER) ALERT: Fatal - (?:Unknown CA|Bad Certificate|Certificate Unknown)", "erlang", "the peer rejected the certificate Erlang/OTP ssl sent (its CA is not trusted there)", "tls.peer_rejected_certificate", 0.8, "Erlang/OTP ssl_alert.erl alert text ('received SERVER ALERT')"),
        MessageRow(r"generated (?:CLIENT|SERVER) ALERT: Fatal - Certificate Expired", "erlang", "Erlang/OTP ssl found the peer's certificate expired", "tls.cert_expired", 0.85, "Erlang/OTP ssl_alert.erl alert text ('generated CLIENT ALERT')"),
        MessageRow(r"\bcertificate name mismatch\b", "exim/gnutls", "the certificate does not carry the name the client verified against", "tls.hostname_mismatch", 0.8, "exim tls verify log text 'SSL verify error: certificate name mismatch' (Matty9191/ssl-cert-check#88)"),
        MessageRow(r"server certificate verification failed\. CAfile: \S+ CRLfile: \S+", "git", "git (GnuTLS) could not verify the server certificate with its CA file", "tls.untrusted_root", 0.75, "git http.c + libcurl GnuTLS backend (message text, seen in many issue threads)"),
        MessageRow(r"\bCERTIFICATE_VERIFY_FAILED\b|SSLCertVerificationError|\bcertificate verify failed\b", "python", "the certificate did not verify", "tls.cert_verify_failed", 0.6, OSSL + "; CPython ssl.SSLCertVerificationError"),
        MessageRow(r"curl: \(60\)|SSL certificate problem", "curl", "curl could not verify the server certificate", "tls.cert_verify_failed", 0.55, "curl libcurl-errors CURLE_PEER_FAILED_VERIFICATION (60)"),
        MessageRow(r"curl: \(77\)|error setting certificate (?:verify )?locations|problem with the SSL CA cert", "curl", "curl cannot read its CA bundle (path or permissions)", "tls.ca_bundle_unreadable", 0.85, "curl libcurl-errors CURLE_SSL_CACERT_BADFILE (77)"),
        MessageRow(r"curl: \(58\)|unable to set private key file|could not load PEM client certificate|unable to use client certificate", "curl", "curl cannot load the client certificate or key", "tls.client_cert_unusable", 0.85, "curl libcurl-errors CURLE_SSL_CERTPROBLEM (58)"),
        MessageRow(r"curl: \(90\)|public key does not match pinned public key", "curl", "the server key does not match --pinnedpubkey", "tls.pin_mismatch", 0.9, "curl libcurl-errors CURLE_SSL_PINNEDPUBKEYNOTMATCH (90)"),
        MessageRow(r"curl: \(35\)|\bSSL connect error\b", "curl", "curl's TLS handshake failed (the rest of the line says why)", "tls.handshake_failed", 0.45, "curl libcurl-errors CURLE_SSL_CONNECT_ERROR (35)"),
        MessageRow(r"curl: \(51\)", "curl", "curl: the server certificate or fingerprint is not OK (older curl; newer use 60)", "tls.hostname_mismatch", 0.5, "curl libcurl-errors CURLE_PEER_FAILED_VERIFICATION (51 before 7.62)"),
        # --- Windows SChannel / SSPI status codes (curl, git, R and .NET on Windows print the name or only the
        # number with a localised text, so the number is matched too) ------------------------------------------
        MessageRow(r"SEC_E_UNTRUSTED_ROOT|\b0x80090325\b", "schannel", "Windows did not chain the server certificate to a root in its certificate store (private CA, TLS-inspecting proxy, missing root)", "tls.untrusted_root", 0.85, _SSPI + "; curl lib/vtls/schannel.c; r-lib/httr#691; git-for-windows/git#6179"),
        MessageRow(r"CRYPT_E_NO_REVOCATION_CHECK|CRYPT_E_REVOCATION_OFFLINE|\b0x8009201[23]\b", "schannel", "Windows could not check whether the certificate is revoked: the CRL/OCSP servers were unreachable (a proxy or firewall blocks them, or a TLS-inspecting proxy's CA has no CRL); the certificate itself may be fine", "tls.cert_verify_failed", 0.8, _SSPI + " (CRYPT_E_NO_REVOCATION_CHECK 0x80092012, CRYPT_E_REVOCATION_OFFLINE 0x80092013); curl --ssl-no-revoke (curl docs); desktop/desktop known-issues 'Certificate revocation check fails'"),
        MessageRow(r"CRYPT_E_REVOKED|\b0x80092010\b", "schannel", "Windows found the certificate on its issuer's revocation list", "tls.cert_revoked", 0.9, _SSPI + " (CRYPT_E_REVOKED 0x80092010)"),
        MessageRow(r"SEC_E_CERT_EXPIRED|CERT_E_EXPIRED|\b0x80090328\b|\b0x800B0101\b", "schannel", "Windows found the certificate outside its validity period (or the clock is wrong)", "tls.cert_expired", 0.85, _SSPI + " (SEC_E_CERT_EXPIRED 0x80090328, CERT_E_EXPIRED 0x800B0101)"),
        MessageRow(r"SEC_E_WRONG_PRINCIPAL|CERT_E_CN_NO_MATCH|\b0x80090322\b|\b0x800B010F\b", "schannel", "the certificate does not carry the host name Windows was asked to verify", "tls.hostname_mismatch", 0.85, _SSPI + " (SEC_E_WRONG_PRINCIPAL 0x80090322, CERT_E_CN_NO_MATCH 0x800B010F)"),
        MessageRow(r"SEC_E_CERT_UNKNOWN|\b0x80090327\b", "schannel", "Windows could not process the server certificate (often a chain or key-usage problem)", "tls.cert_verify_failed", 0.6, _SSPI + " (SEC_E_CERT_UNKNOWN 0x80090327); jeroen/curl#127"),
        MessageRow(r"SEC_E_ILLEGAL_MESSAGE|\b0x80090326\b", "schannel", "the peer answered the Windows handshake with a fatal alert or a message SChannel did not expect (often no common version/cipher, or the server wants a client certificate)", "tls.alert_received", 0.55, _SSPI + " (SEC_E_ILLEGAL_MESSAGE 0x80090326)"),
        # --- GnuTLS (git, curl and wget builds on Debian/Ubuntu, Emacs) -----------------------------------------
        MessageRow(r"TLS connection was non-properly terminated", "gnutls", "the peer (or a proxy/firewall in between) closed the connection without a TLS close: during a handshake this is a drop, not an answer", "tls.closed_during_handshake", 0.75, _GNUTLS + " GNUTLS_E_PREMATURE_TERMINATION (-110); Elegycloud/clash-for-linux-backup#39; microsoft/WSL#11043"),
        MessageRow(r"gnutls_handshake\(\) failed: Error in the push function", "gnutls", "GnuTLS could not send: the connection was reset under it", "tls.reset_after_hello", 0.65, _GNUTLS + " GNUTLS_E_PUSH_ERROR (-53); lavabit/robox#230"),
        MessageRow(r"An unexpected TLS packet was received", "gnutls", "GnuTLS received a record that is not the handshake message it waited for (often plaintext on the TLS port)", "tls.not_tls_reply", 0.55, _GNUTLS + " GNUTLS_E_UNEXPECTED_PACKET (-15)"),
        MessageRow(r"The certificate issuer is unknown|issuer is not known|The certificate is NOT trusted\. The certificate chain uses|certificate is NOT trusted\. The certificate issuer", "gnutls", "GnuTLS could not chain the certificate to a trusted root", "tls.untrusted_root", 0.8, _GNUTLS + " certificate verification status text (gnutls_certificate_verification_status_print)"),
        # --- closed / reset during the handshake --------------------------------------------------------------
        MessageRow(r"unexpected[ _]eof[ _]while[ _]reading|EOF occurred in violation of protocol|SSLEOFError", "openssl", "the peer closed the connection during the handshake without sending an alert", "tls.closed_during_handshake", 0.8, F34),
        MessageRow(r"Remote host terminated the handshake|Remote host closed connection during handshake", "java", "the server closed the connection during the handshake", "tls.closed_during_handshake", 0.85, F34),
        MessageRow(r"remote party has closed the transport stream", "dotnet", ".NET: the peer closed the connection during the handshake", "tls.closed_during_handshake", 0.85, F34 + " (SR.net_auth_eof)"),
        MessageRow(r"Client network socket disconnected before secure TLS connection was established", "nodejs", "Node.js: the socket closed before the TLS handshake finished", "tls.closed_during_handshake", 0.85, "Node.js lib/_tls_wrap.js onConnectEnd (message text)"),
        MessageRow(r"SSL_ERROR_SYSCALL|SSL SYSCALL error: EOF detected", "openssl", "the TLS library hit a socket error or EOF mid-handshake (often a reset or a middlebox)", "tls.closed_during_handshake", 0.6, "OpenSSL SSL_get_error(3) SSL_ERROR_SYSCALL; " + F34),
        MessageRow(r"connection reset by peer|\bECONNRESET\b|errno[ =]104\b|\b10054\b", "any", "the server (or a middlebox) reset the connection during the TLS handshake: often a firewall/IPS, an SNI filter, or a server that refuses the offered versions abruptly", "tls.reset_after_hello", 0.65, F34),
        # --- configuration ---------------------------------------------------------------------------------------
        MessageRow(r"unsafe[ _]legacy[ _]renegotiation[ _]disabled", "openssl", "the server does not support RFC 5746 secure renegotiation; OpenSSL 3 refuses it by default", "tls.unsafe_legacy_renegotiation", 0.9, OSSL + "; OpenSSL 3.0 migration guide (SSL_OP_LEGACY_SERVER_CONNECT no longer default)"),
        MessageRow(r"no \"ssl_certificate\" is defined|no \\\"ssl_certificate\\\" is defined", "nginx", "nginx has a TLS listener without ssl_certificate for this server block", "tls.server_cert_missing", 0.95, "nginx src/http/modules/ngx_http_ssl_module.c (log text)"),
        MessageRow(r"No required SSL certificate was sent", "nginx", "nginx (ssl_verify_client on) got no client certificate", "tls.client_cert_required", 0.95, "nginx ngx_http_request.c 400 page 'No required SSL certificate was sent'"),
        MessageRow(r"DH ServerKeyExchange does not comply to algorithm constraints|Algorithm constraints check failed", "java", "Java's jdk.tls.disabledAlgorithms rejects the peer's key, DH size or signature", "tls.weak_crypto_rejected", 0.85, "OpenJDK java.security jdk.tls.disabledAlgorithms (message text)"),
        MessageRow(r"(?:sslv3|ssl/tls) alert handshake failure[^\n]{0,80}while SSL handshaking to upstream", "nginx", "the upstream HTTPS server refused nginx's ClientHello with handshake_failure: nginx sends no SNI to upstreams unless proxy_ssl_server_name is on, and a CDN or name-based server needs it", "tls.sni_required", 0.9, "nginx docs ngx_http_proxy_module proxy_ssl_server_name (default off: no SNI to the proxied server) and src/event/ngx_event_openssl.c log text; observed: https://github.com/spantaleev/matrix-docker-ansible-deploy/pull/3055, https://github.com/jenkins-infra/helm-charts/pull/1507"),
        MessageRow(r"\bdh key too small\b", "openssl", "OpenSSL (in Ruby, PHP, Node.js...) refused the server's Diffie-Hellman group as smaller than its security level allows", "tls.weak_crypto_rejected", 0.85, OSSL + " (SSL_R_DH_KEY_TOO_SMALL 394, reason text 'dh key too small'); observed: https://github.com/jnunemaker/httparty/issues/664"),
        MessageRow(r"SSL_connect returned=\d+ errno=\d+", "ruby", "Ruby's OpenSSL::SSL::SSLSocket#connect failed (the OpenSSL reason follows 'state=error:')", "tls.handshake_failed", 0.45, "Ruby ext/openssl ossl_ssl.c ossl_start_ssl (message 'SSL_connect returned=%d errno=%d peeraddr=%s state=%s'); observed: https://github.com/jnunemaker/httparty/issues/664, https://github.com/omacom/omarchy/issues/2616"),
        MessageRow(r"SSL_do_handshake\(\) failed", "nginx", "nginx logged a failed TLS handshake (the OpenSSL reason is in the parentheses)", "tls.handshake_failed", 0.45, "nginx src/event/ngx_event_openssl.c (log text)"),
        MessageRow(r"\bEPROTO\b", "nodejs", "Node.js reported a TLS protocol error (the OpenSSL reason follows)", "tls.handshake_failed", 0.35, "facts/knowledge.md §3.4 (Node.js write EPROTO)"),
        MessageRow(r"The SSL connection could not be established", "dotnet", ".NET HttpClient's TLS handshake failed (the inner exception says why)", "tls.handshake_failed", 0.45, "facts/knowledge.md §3.4 (.NET HttpRequestException)"),
        MessageRow(r"\bSSLHandshakeException\b|\bssl\.SSLError\b|SSLHandshakeError", "any", "the TLS handshake failed", "tls.handshake_failed", 0.35, "JDK javax.net.ssl.SSLHandshakeException; CPython ssl.SSLError (API docs)"),
    ),
    "Error texts of real TLS stacks and what they mean",
)

TABLES = wire.TABLES + (OPENSSL_REASONS, X509_VERIFY, ALERT_TEXTS, PORTS, MESSAGES)

_REASONS = {r.reason: r for r in OPENSSL_REASONS}
_X509 = {r.number: r for r in X509_VERIFY}


def reason_row(reason: int) -> ReasonRow | None:
    return _REASONS.get(reason)


def x509_row(number: int) -> X509Row | None:
    return _X509.get(number)


def port_row(port: int) -> PortRow | None:
    for r in PORTS:
        if r.port == port:
            return r
    return None
