"""Real error texts of real stacks → the top finding code and domain of `hsdoctor explain`.

Each string is a stack's own message as printed (facts/knowledge.md §3.4, OpenSSL's error table,
public issue threads). The assertion is on the top finding of the whole engine, so a domain that
over-claims another domain's message makes these fail.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

CASES: list[tuple[str, str, str]] = [
    # --- plaintext where TLS was expected -------------------------------------------------------
    ("error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:350:", "tls", "tls.not_tls_reply"),
    ("1408F10B", "tls", "tls.not_tls_reply"),
    ("error:0A00010B", "tls", "tls.not_tls_reply"),
    ("0A00010B", "tls", "tls.not_tls_reply"),
    ("ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)", "tls", "tls.not_tls_reply"),
    ("curl: (35) OpenSSL/3.0.22: error:0A00010B:SSL routines::wrong version number", "tls", "tls.not_tls_reply"),
    ("curl: (35) error:1408F10B:SSL routines:ssl3_get_record:wrong version number", "tls", "tls.not_tls_reply"),
    ("Error: write EPROTO 140235:error:1408F10B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:332:", "tls", "tls.not_tls_reply"),
    ("code: 'ERR_SSL_WRONG_VERSION_NUMBER'", "tls", "tls.not_tls_reply"),
    ("error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol", "tls", "tls.not_tls_reply"),
    ("error:0A0000C6:SSL routines:tls_get_more_records:packet length too long:../ssl/record/methods/tls_common.c:662:", "tls", "tls.not_tls_reply"),
    ("tls: first record does not look like a TLS handshake", "tls", "tls.not_tls_reply"),
    ("javax.net.ssl.SSLException: Unsupported or unrecognized SSL message", "tls", "tls.not_tls_reply"),
    ("javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?", "tls", "tls.not_tls_reply"),
    ("System.IO.IOException: The handshake failed due to an unexpected packet format.", "tls", "tls.not_tls_reply"),
    ("Secure Connection Failed. SSL_ERROR_RX_RECORD_TOO_LONG", "tls", "tls.not_tls_reply"),
    # ... refined to HTTP when the text shows it
    ('Get "https://localhost:8080/": http: server gave HTTP response to HTTPS client', "tls", "tls.plaintext_http"),
    ("curl: (35) error:0A00010B:SSL routines::wrong version number (https://127.0.0.1:8080/)", "tls", "tls.plaintext_http"),
    ("requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=80): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)')))", "tls", "tls.plaintext_http"),
    ('psql: error: connection to server at "db" (10.0.0.5), port 5432 failed: received invalid response to SSL negotiation: H', "tls", "tls.plaintext_http"),
    # ... refined to another protocol when the text shows it
    ("openssl s_client -connect mail.example.org:587 → error:0A00010B:SSL routines::wrong version number", "tls", "tls.non_tls_service"),
    ("tls: first record does not look like a TLS handshake (dial smtp.example.org:25)", "tls", "tls.non_tls_service"),
    # --- a plaintext client on a TLS port -------------------------------------------------------
    ("error:0A00009C:SSL routines:ssl3_get_record:http request", "tls", "tls.plaintext_request"),
    ("ssl.SSLError: [SSL: HTTP_REQUEST] http request (_ssl.c:1006)", "tls", "tls.plaintext_request"),
    ("<center>The plain HTTP request was sent to HTTPS port</center>", "tls", "tls.plaintext_request"),
    ("http: TLS handshake error from 127.0.0.1:53422: client sent an HTTP request to an HTTPS server", "tls", "tls.plaintext_request"),
    # --- alerts -----------------------------------------------------------------------------------
    ("0A00042E", "tls", "tls.version_mismatch"),
    ("error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1602:SSL alert number 70", "tls", "tls.version_mismatch"),
    ("ssl.SSLError: [SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:1006)", "tls", "tls.version_mismatch"),
    ("javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version", "tls", "tls.version_mismatch"),
    ("remote error: tls: protocol version not supported", "tls", "tls.version_mismatch"),
    ("code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'", "tls", "tls.version_mismatch"),
    ("14094410", "tls", "tls.no_shared_cipher"),
    ("error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:SSL alert number 40", "tls", "tls.no_shared_cipher"),
    ("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure", "tls", "tls.no_shared_cipher"),
    ("remote error: tls: handshake failure", "tls", "tls.no_shared_cipher"),
    ("14094418", "tls", "tls.peer_rejected_certificate"),
    ("error:0A000418:SSL routines::tlsv1 alert unknown ca", "tls", "tls.peer_rejected_certificate"),
    ("remote error: tls: bad certificate", "tls", "tls.peer_rejected_certificate"),
    ("error:0A000458:SSL routines::tlsv1 unrecognized name", "tls", "tls.unrecognized_name"),
    ("javax.net.ssl.SSLHandshakeException: Received fatal alert: unrecognized_name", "tls", "tls.unrecognized_name"),
    ("error:0A00045C:SSL routines::tlsv13 alert certificate required:SSL alert number 116", "tls", "tls.client_cert_required"),
    ("15 03 03 00 02 02 46", "tls", "tls.version_mismatch"),
    ("15 03 01 00 02 02 28", "tls", "tls.no_shared_cipher"),
    # --- versions and ciphers ---------------------------------------------------------------------
    ("javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate)", "tls", "tls.version_mismatch"),
    ("javax.net.ssl.SSLHandshakeException: The server selected protocol version TLS10 is not accepted by client preferences [TLS13, TLS12]", "tls", "tls.version_mismatch"),
    ("tls: server selected unsupported protocol version 301", "tls", "tls.version_mismatch"),
    ("curl: (35) error:0A000102:SSL routines::unsupported protocol", "tls", "tls.version_mismatch"),
    ("[SSL: UNSUPPORTED_PROTOCOL] unsupported protocol (_ssl.c:1006)", "tls", "tls.version_mismatch"),
    ("error:0A0000C1:SSL routines::no shared cipher", "tls", "tls.no_shared_cipher"),
    ("ERR_SSL_VERSION_OR_CIPHER_MISMATCH", "tls", "tls.no_shared_cipher"),
    ("tls: no cipher suite supported by both client and server", "tls", "tls.no_shared_cipher"),
    # --- certificates -----------------------------------------------------------------------------
    ("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)", "tls", "tls.untrusted_root"),
    ("curl: (60) SSL certificate problem: unable to get local issuer certificate", "tls", "tls.untrusted_root"),
    ("Error: unable to get local issuer certificate\n  code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'", "tls", "tls.untrusted_root"),
    ("x509: certificate signed by unknown authority", "tls", "tls.untrusted_root"),
    ("docker: Error response from daemon: Get \"https://registry.local/v2/\": x509: certificate signed by unknown authority.", "tls", "tls.untrusted_root"),
    ("sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target", "tls", "tls.untrusted_root"),
    ("NET::ERR_CERT_AUTHORITY_INVALID", "tls", "tls.untrusted_root"),
    ("fatal: unable to access 'https://git.example.org/repo.git/': server certificate verification failed. CAfile: none CRLfile: none", "tls", "tls.untrusted_root"),
    ("self-signed certificate in certificate chain (_ssl.c:1006)", "tls", "tls.untrusted_root"),
    ("code: 'SELF_SIGNED_CERT_IN_CHAIN'", "tls", "tls.untrusted_root"),
    ("npm ERR! code SELF_SIGNED_CERT_IN_CHAIN", "tls", "tls.untrusted_root"),
    ("curl: (60) SSL certificate problem: self-signed certificate", "tls", "tls.self_signed"),
    ("Error: self signed certificate\n  code: 'DEPTH_ZERO_SELF_SIGNED_CERT'", "tls", "tls.self_signed"),
    ("verify error:num=18:self-signed certificate", "tls", "tls.self_signed"),
    ("Error: unable to verify the first certificate code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'", "tls", "tls.chain_incomplete"),
    ("Verify return code: 21 (unable to verify the first certificate)", "tls", "tls.chain_incomplete"),
    ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)", "tls", "tls.cert_expired"),
    ("code: 'CERT_HAS_EXPIRED'", "tls", "tls.cert_expired"),
    ("x509: certificate has expired or is not yet valid: current time 2026-11-24T08:00:00Z is after 2026-01-01T00:00:00Z", "tls", "tls.cert_expired"),
    ("x509: certificate has expired or is not yet valid: current time 2020-01-01T00:00:00Z is before 2026-01-01T00:00:00Z", "tls", "tls.cert_not_yet_valid"),
    ("verify error:num=9:certificate is not yet valid", "tls", "tls.cert_not_yet_valid"),
    ("ERR_CERT_DATE_INVALID", "tls", "tls.cert_expired"),
    ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'example.org'. (_ssl.c:1006)", "tls", "tls.hostname_mismatch"),
    ("x509: certificate is valid for example.org, www.example.org, not api.example.org", "tls", "tls.hostname_mismatch"),
    ("Hostname/IP does not match certificate's altnames: Host: api.example.org. is not in the cert's altnames: DNS:example.org", "tls", "tls.hostname_mismatch"),
    ("code: 'ERR_TLS_CERT_ALTNAME_INVALID'", "tls", "tls.hostname_mismatch"),
    ("javax.net.ssl.SSLHandshakeException: No subject alternative names matching IP address 10.0.0.5 found", "tls", "tls.hostname_mismatch"),
    ("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch", "tls", "tls.hostname_mismatch"),
    ("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch, RemoteCertificateChainErrors", "tls", "tls.hostname_mismatch"),
    ("The remote certificate is invalid according to the validation procedure: RemoteCertificateChainErrors", "tls", "tls.untrusted_root"),
    ("ERR_CERT_COMMON_NAME_INVALID", "tls", "tls.hostname_mismatch"),
    ("curl: (60) SSL: no alternative certificate subject name matches target host name 'api.example.org'", "tls", "tls.hostname_mismatch"),
    ("verify error:num=23:certificate revoked", "tls", "tls.cert_revoked"),
    ("error:0A000086:SSL routines::certificate verify failed", "tls", "tls.cert_verify_failed"),
    ("curl: (77) error setting certificate verify locations:  CAfile: /etc/ssl/none.pem CApath: none", "tls", "tls.ca_bundle_unreadable"),
    ("curl: (58) unable to set private key file: 'client.key' type PEM", "tls", "tls.client_cert_unusable"),
    ("curl: (90) SSL: public key does not match pinned public key", "tls", "tls.pin_mismatch"),
    # --- closed / reset mid-handshake -------------------------------------------------------------
    ("ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)", "tls", "tls.closed_during_handshake"),
    ("error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading", "tls", "tls.closed_during_handshake"),
    ("javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake", "tls", "tls.closed_during_handshake"),
    ("System.Security.Authentication.AuthenticationException: Authentication failed because the remote party has closed the transport stream.", "tls", "tls.closed_during_handshake"),
    ("Error: Client network socket disconnected before secure TLS connection was established", "tls", "tls.closed_during_handshake"),
    ("curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to example.org:443", "tls", "tls.closed_during_handshake"),
    ("ssl handshake failed: Connection reset by peer", "tls", "tls.reset_after_hello"),
    # --- configuration ----------------------------------------------------------------------------
    ("ssl.SSLError: [SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation disabled (_ssl.c:1006)", "tls", "tls.unsafe_legacy_renegotiation"),
    ("[SSL: DH_KEY_TOO_SMALL] dh key too small (_ssl.c:1006)", "tls", "tls.weak_crypto_rejected"),
    ("error:0A00018F:SSL routines::ee key too small", "tls", "tls.weak_crypto_rejected"),
    ("[SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:3900)", "tls", "tls.weak_crypto_rejected"),
    ("error:0A00014D:SSL routines::legacy sigalg disallowed or unsupported", "tls", "tls.weak_crypto_rejected"),
    ('nginx: [emerg] no "ssl_certificate" is defined for the "listen ... ssl" directive in /etc/nginx/nginx.conf:12', "tls", "tls.server_cert_missing"),
    ("400 Bad Request No required SSL certificate was sent", "tls", "tls.client_cert_required"),
    # --- http ---------------------------------------------------------------------------------------
    ('proxyconnect tcp: tls: first record does not look like a TLS handshake', "http", "http.proxy_scheme_mismatch"),
    ("ProxyError('Your proxy appears to only use HTTP and not HTTPS, try changing your proxy URL to be HTTP.", "http", "http.proxy_scheme_mismatch"),
    ("curl: (52) Empty reply from server", "http", "http.empty_reply"),
    ("curl: (56) Received HTTP code 407 from proxy after CONNECT", "http", "http.proxy_tunnel_failed"),
    # --- net ------------------------------------------------------------------------------------------
    ("Error: connect ECONNREFUSED 127.0.0.1:443", "net", "net.tcp_refused"),
    ("ConnectionRefusedError: [Errno 111] Connection refused", "net", "net.tcp_refused"),
    ("curl: (7) Failed to connect to localhost port 8443 after 0 ms: Couldn't connect to server", "net", "net.tcp_refused"),
    ("No connection could be made because the target machine actively refused it. (localhost:5001)", "net", "net.tcp_refused"),
    ("dial tcp 127.0.0.1:5432: connect: connection refused", "net", "net.tcp_refused"),
    ("error code 10061", "net", "net.tcp_refused"),
    ("curl: (28) Connection timed out after 10002 milliseconds", "net", "net.tcp_timeout"),
    ("java.net.SocketTimeoutException: connect timed out", "net", "net.tcp_timeout"),
    ("dial tcp 10.0.0.5:443: i/o timeout", "net", "net.tcp_timeout"),
    ("A connection attempt failed because the connected party did not properly respond after a period of time", "net", "net.tcp_timeout"),
    ("Error: read ECONNRESET", "net", "net.tcp_reset"),
    ("ConnectionResetError: [Errno 104] Connection reset by peer", "net", "net.tcp_reset"),
    ("An existing connection was forcibly closed by the remote host", "net", "net.tcp_reset"),
    ("curl: (6) Could not resolve host: api.example.invalid", "net", "net.dns_unresolved"),
    ("Error: getaddrinfo ENOTFOUND api.example.invalid", "net", "net.dns_unresolved"),
    ("socket.gaierror: [Errno -2] Name or service not known", "net", "net.dns_unresolved"),
    ("dial tcp: lookup api.example.invalid on 127.0.0.53:53: no such host", "net", "net.dns_unresolved"),
    ("No such host is known. (api.example.invalid:443)", "net", "net.dns_unresolved"),
    ("java.net.UnknownHostException: api.example.invalid", "net", "net.dns_unresolved"),
    ("socket.gaierror: [Errno -3] Temporary failure in name resolution", "net", "net.dns_temporary_failure"),
    ("Error: getaddrinfo EAI_AGAIN registry.npmjs.org", "net", "net.dns_temporary_failure"),
    ("OSError: [Errno 113] No route to host", "net", "net.host_unreachable"),
    ("connect: Network is unreachable", "net", "net.network_unreachable"),
    # --- database -------------------------------------------------------------------------------------
    ("psql: error: connection to server at \"db\" (10.0.0.5), port 5432 failed: server does not support SSL, but SSL was required", "database", "database.pg_server_no_ssl"),
    ("received invalid response to SSL negotiation: S", "database", "database.pg_not_postgres"),
    ('FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "app", database "app", no encryption', "database", "database.pg_ssl_required"),
    ("ERROR 3159 (HY000): Connections using insecure transport are prohibited while --require_secure_transport=ON.", "database", "database.mysql_secure_transport_required"),
    ("ERROR 2026 (HY000): TLS/SSL error: SSL is required, but the server does not support it", "database", "database.mysql_server_no_ssl"),
    ("ERROR 2026 (HY000): SSL connection error: SSL is required but the server doesn't support it", "database", "database.mysql_server_no_ssl"),
    ("ERROR 2026 (HY000): SSL connection error: error:0A00010B:SSL routines::wrong version number", "tls", "tls.not_tls_reply"),
    ("psql: error: connection to server at \"db\" (10.0.0.5), port 5432 failed: SSL SYSCALL error: EOF detected", "database", "database.pg_closed_during_tls"),
    ("Error 9002: SSL connection is required. Please specify SSL options and retry.", "database", "database.mysql_secure_transport_required"),
    ("[mysql] server does not allow insecure connections, client must use SSL/TLS", "database", "database.mysql_secure_transport_required"),
    ("pip: There was a problem confirming the ssl certificate: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))", "tls", "tls.untrusted_root"),
    ("8000006F", "net", "net.tcp_refused"),
]


@pytest.mark.parametrize("text, domain, code", CASES, ids=[c[0][:60] for c in CASES])
def test_top_finding(text: str, domain: str, code: str) -> None:
    d = hd.explain(text)
    assert d.findings, f"no finding for {text!r}"
    top = d.findings[0]
    assert (top.domain, top.code) == (domain, code), [(f.code, round(f.confidence, 2)) for f in d.findings[:4]]
    assert top.fixes or top.severity == "info", "an error finding must come with a fix"


def test_0a00042e_names_alert_70_protocol_version() -> None:
    f = hd.explain("0A00042E").findings[0]
    text = (f.summary + " " + f.detail).lower()
    assert "70" in text and "protocol_version" in text
    assert f.evidence[0].kind == "openssl_error" and "1070" in f.evidence[0].note


def test_bare_0x68_is_low_and_asks_questions() -> None:
    d = hd.explain("0x68")
    tls = next(s for s in d.domains if s.name == "tls")
    assert tls.score < 0.3
    assert "'h'" in tls.meaning and "0x16" in tls.meaning and "0x15" in tls.meaning
    assert any("s_client" in q.text for q in d.questions)


def test_bare_H_points_at_http() -> None:
    d = hd.explain("0x48")
    tls = next(f for f in d.findings if f.domain == "tls")
    assert tls.code == "tls.plaintext_http"
    assert any(s.name == "http" for s in d.domains)


def test_http_bytes_point_at_http() -> None:
    d = hd.explain("48 54 54 50")
    assert d.domains[0].name in ("tls", "http")
    assert d.findings[0].code in ("tls.plaintext_http", "http.scheme_mismatch")


def test_tls_words_move_a_bare_byte_towards_tls() -> None:
    assert hd.explain("https client: ssl handshake read 0x68").domains[0].name in ("tls", "http")
    plain = next(s.score for s in hd.explain("0x68").domains if s.name == "tls")
    worded = next(s.score for s in hd.explain("tls handshake read 0x68").domains if s.name == "tls")
    assert worded > plain + 0.2


def test_alert_record_and_handshake_record_starts() -> None:
    d = hd.explain("15 03")
    assert d.domains[0].name == "tls" and "alert" in d.domains[0].meaning
    d = hd.explain("16 03 03")
    assert d.domains[0].name == "tls" and "handshake" in d.domains[0].meaning


def test_fixes_name_a_side_and_carry_client_snippets() -> None:
    f = hd.explain("tls: first record does not look like a TLS handshake (https://localhost:8080)").findings[0]
    assert f.code == "tls.plaintext_http"
    assert all(x.side for x in f.fixes)
    stacks = {s.stack for x in f.fixes for s in x.snippets}
    assert {"python", "nodejs", "go", "dotnet", "java"} <= stacks
    assert any("http://" in x.command for x in f.fixes)
    v = hd.explain("0A00042E").findings[0]
    stacks = {s.stack for x in v.fixes for s in x.snippets}
    assert {"nginx", "apache", "haproxy", "python", "nodejs", "go", "dotnet", "java", "curl"} <= stacks


def test_json_round_trip() -> None:
    import json

    doc = json.loads(json.dumps(hd.explain("curl: (60) SSL certificate problem: unable to get local issuer certificate").to_dict()))
    assert doc["findings"][0]["code"] == "tls.untrusted_root"
    assert doc["findings"][0]["fixes"][0]["side"] in ("client", "server")


def test_postgres_sslrequest_answer_bytes() -> None:
    n = hd.explain("postgres SSLRequest answered 0x4E")
    assert n.domains[0].name == "database", n.domains
    assert n.findings[0].code == "database.pg_server_no_ssl"
    s = hd.explain("libpq sslmode=require got 0x53")
    assert any(f.code == "database.pg_ssl_accepted" and f.severity == "info" for f in s.findings)
    req = hd.explain("00 00 00 08 04 D2 16 2F")
    assert any(d.name == "database" and "SSLRequest" in d.meaning for d in req.domains)
