"""Domain `tls`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import ErrnoBinding, Spotting, ToolMark
    from ...knowledge.table import Table

    return Spotting(
        tools=Table("tls_tool_lines", (
            ToolMark("ssl routines", "OpenSSL", "OpenSSL 1.1/3.x crypto/err (ERR_error_string: 'error:CODE:SSL routines:...')"),
            ToolMark("x509 certificate routines", "OpenSSL", "OpenSSL crypto/err library names"),
            ToolMark("s_client", "openssl s_client", "OpenSSL apps/s_client.c"),
            ToolMark("sslerror", "Python ssl", "CPython Modules/_ssl.c (ssl.SSLError)"),
            ToolMark("ssl:", "Python ssl", "CPython _ssl.c error texts '[SSL: REASON] ...'"),
            ToolMark("sslhandshakeexception", "Java JSSE", "OpenJDK javax.net.ssl.SSLHandshakeException"),
            ToolMark("sun.security", "Java JSSE", "OpenJDK sun.security.validator / sun.security.provider.certpath"),
            ToolMark("gnutls", "GnuTLS", "GnuTLS lib/errors.c (gnutls_strerror texts)"),
            ToolMark("sec_e_", "SChannel", "Microsoft winerror.h SEC_E_* names"),
            ToolMark("err_tls_", "Node.js", "Node.js errors ERR_TLS_*"),
            ToolMark("err_ssl_", "Node.js / Chromium", "Node.js / Chromium net_error_list.h ERR_SSL_*"),
            ToolMark("rustls", "rustls", "rustls src/error.rs"),
            ToolMark("x509:", "Go crypto/x509", "Go crypto/x509 verify.go ('x509: certificate ...')"),
            ToolMark("tls:", "Go crypto/tls", "Go crypto/tls alert.go / conn.go ('remote error: tls: ...')"),
        )),
        context=(
            r"\b(?:ssl\w{0,30}|\w{0,30}_ssl\w{0,10}|tls\w{0,10}|openssl|libressl|boringssl|gnutls|schannel|rustls|x\.?509|certificate|cipher ?suite|https|pkix|ca ?bundle|trust ?store|truststore|keystore|sec_e_\w{2,40}|err_tls_\w{2,40}|err_ssl_\w{2,40}|sslv3|tlsv1\w{0,4})\b",
        ),
        checklist=(
            "Look at the handshake from the client side: openssl s_client -connect HOST:PORT -servername HOST </dev/null",
            "Check the certificate chain, its names and dates, and the CA bundle the client trusts.",
            "Check the protocol versions and cipher suites both sides allow (and any TLS-inspecting proxy).",
            "Probe it: hsdoctor probe https://HOST:PORT",
        ),
        hints=(r"\b(?:secure connection|signature|digest|issuer|self[- ]signed|expired|revoked|chain|verify|cert|handshake|cipher|sni|alert)\b",),
        objects=("cert_file", "tls_endpoint"),
        errno=Table("tls_errno", (  # a client opens its CA bundle / certificate files with fopen(3)/open(2) before any handshake
            ErrnoBinding("permission_denied", "tls.ca_bundle_unreadable", "the process may not read the certificate or CA bundle file it was given", "Make the file readable by the user that runs the client (or point the client at a readable copy).", "ls -l PATH && openssl x509 -in PATH -noout -subject", "POSIX open(2): EACCES; OpenSSL X509_LOOKUP_load_file / SSL_CTX_load_verify_locations fail on an unreadable file (crypto/x509/by_file.c)"),
            ErrnoBinding("no_such_file", "tls.ca_bundle_unreadable", "the certificate or CA bundle path the client was given does not exist", "Point the client at the CA bundle that exists (Debian: /etc/ssl/certs/ca-certificates.crt).", "ls -l PATH", "POSIX open(2): ENOENT; OpenSSL SSL_CTX_load_verify_locations (crypto/x509/by_file.c); curl CURLE_SSL_CACERT_BADFILE (77)"),
            # a plaintext client on a TLS-only port (concepts.TLS_ONLY_PORTS, or the text says the server is TLS-only):
            # the server reads its first bytes as a broken ClientHello and resets or closes the connection
            ErrnoBinding("reset", "tls.plaintext_request", "the port speaks TLS only and the client spoke plaintext: the TLS server reset the connection on the first bytes that were not a ClientHello", "Connect with TLS (https://, rediss://, ssl=True, --tls) on this port, or use the service's plaintext port.", "openssl s_client -connect HOST:PORT </dev/null", "RFC 8446 §5.1 / §6 (a record that is not a handshake ends the connection); concepts.TLS_ONLY_PORTS", 0.85),
            ErrnoBinding("closed", "tls.plaintext_request", "the port speaks TLS only and the client spoke plaintext: the TLS server closed the connection on the first bytes that were not a ClientHello", "Connect with TLS (https://, rediss://, ssl=True, --tls) on this port, or use the service's plaintext port.", "openssl s_client -connect HOST:PORT </dev/null", "RFC 8446 §5.1 / §6 (a record that is not a handshake ends the connection); concepts.TLS_ONLY_PORTS", 0.8),
        ), "errno-like conditions on a certificate or CA bundle file, or on a TLS-only endpoint"),
        probe_targets=(("host_port", "tls://{object}"),),
        token_kinds=("openssl_error",),
        carries=("net",),
    )
