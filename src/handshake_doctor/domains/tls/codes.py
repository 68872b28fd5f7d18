"""Finding codes of the `tls` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("tls.ok", "The TLS handshake succeeded and the certificate verifies", "probe"),
    CodeDef("tls.plaintext_http", "The server answered the TLS ClientHello with plain HTTP: HTTP is served on a port used as TLS", "explain,probe"),
    CodeDef("tls.non_tls_service", "Another protocol (SSH, SMTP, FTP, POP3, IMAP, PostgreSQL...) answers on the port used as TLS", "explain,probe"),
    CodeDef("tls.silent", "The server accepted TCP but never answered the ClientHello", "explain,probe"),
    CodeDef("tls.reset_after_hello", "The server reset the connection after the ClientHello", "explain,probe"),
    CodeDef("tls.version_mismatch", "No TLS protocol version is acceptable to both sides", "explain,probe"),
    CodeDef("tls.no_shared_cipher", "No cipher suite (or group/signature algorithm) is acceptable to both sides", "explain,probe"),
    CodeDef("tls.cert_expired", "The server certificate has expired", "explain,probe"),
    CodeDef("tls.cert_not_yet_valid", "The server certificate is not yet valid (or the client clock is wrong)", "explain,probe"),
    CodeDef("tls.hostname_mismatch", "The certificate does not cover the host name the client asked for", "explain,probe"),
    CodeDef("tls.self_signed", "The server sent a self-signed certificate", "explain,probe"),
    CodeDef("tls.untrusted_root", "The chain ends at a root the client does not trust", "explain,probe"),
    CodeDef("tls.chain_incomplete", "The server does not send the intermediate certificate(s) and the client cannot build the chain", "explain,probe"),
    CodeDef("tls.sni_required", "The server fails the handshake without SNI and succeeds with it", "explain,probe"),
    CodeDef("tls.client_cert_required", "The server requires a client certificate", "explain,probe"),
    CodeDef("tls.not_tls_reply", "The peer answered the TLS ClientHello with bytes that are not TLS (plaintext or another protocol)", "explain,probe"),
    CodeDef("tls.plaintext_request", "A plaintext client (HTTP request or proxy CONNECT) spoke to a TLS port: the client should use TLS or the other port", "explain"),
    CodeDef("tls.alert_received", "The peer aborted the handshake with a TLS alert that no more specific finding covers", "explain,probe"),
    CodeDef("tls.peer_rejected_certificate", "The peer rejected the certificate this side sent (bad_certificate, unknown_ca, certificate_expired... alerts)", "explain,probe"),
    CodeDef("tls.unrecognized_name", "The server does not recognise the SNI host name the client sent (alert 112)", "explain,probe"),
    CodeDef("tls.closed_during_handshake", "The peer closed the connection in the middle of the handshake without a TLS alert", "explain,probe"),
    CodeDef("tls.handshake_failed", "The TLS handshake failed; the message does not say why", "explain"),
    CodeDef("tls.cert_verify_failed", "The certificate did not verify; the message does not say which check failed", "explain"),
    CodeDef("tls.cert_revoked", "The certificate has been revoked", "explain,probe"),
    CodeDef("tls.weak_crypto_rejected", "The local security policy rejects the peer's key size, DH group or signature algorithm as too weak", "explain,probe"),
    CodeDef("tls.unsafe_legacy_renegotiation", "The server does not support secure renegotiation (RFC 5746) and OpenSSL 3 refuses it by default", "explain"),
    CodeDef("tls.server_cert_missing", "The TLS server has no certificate configured for this listener", "explain"),
    CodeDef("tls.ca_bundle_unreadable", "The client's CA bundle file or directory is missing or unreadable", "explain"),
    CodeDef("tls.client_cert_unusable", "The client certificate or its private key could not be loaded", "explain"),
    CodeDef("tls.pin_mismatch", "The server's public key does not match the pinned key", "explain"),
    CodeDef("tls.handshake_timeout", "The server answered but the TLS handshake did not complete in time", "probe"),
    CodeDef("tls.malformed_reply", "The server's reply breaks TLS framing or size limits (bad record length, oversized message)", "probe"),
    CodeDef("tls.weak_certificate", "A certificate in the chain has a weak key or signature hash", "probe"),
    # analyze (issue 14): STARTTLS read from a capture
    CodeDef("tls.starttls_not_offered", "The SMTP/IMAP/POP3/FTP server does not offer STARTTLS (no STARTTLS/STLS/AUTH TLS capability)", "analyze"),
    CodeDef("tls.starttls_refused", "The server refused the client's STARTTLS command (454, BAD/NO, -ERR, 5xx)", "analyze"),
    CodeDef("tls.starttls_not_used", "The server offers STARTTLS but the client went on in plaintext (credentials and messages unencrypted)", "analyze"),
    CodeDef("tls.starttls_upgraded", "The session upgraded to TLS with STARTTLS; the TLS handshake that follows is judged on its own", "analyze"),
    # issue 12 (the stacks' inventory): ALPN is negotiated apart from versions and ciphers, and its fix is the protocol list
    CodeDef("tls.no_common_alpn", "No application protocol (ALPN: h2, http/1.1, grpc...) is acceptable to both sides", "explain,probe,analyze"),
    # issue 16: ALPN and HTTP/2 on https://
    CodeDef("tls.alpn_not_selected", "The server selected no ALPN protocol; the client falls back to HTTP/1.1 (HTTP/2 is not used)", "probe"),
    CodeDef("tls.alpn_required_not_selected", "The client requires an ALPN protocol (h2 for gRPC and HTTP/2-only clients) and the server selected none", "probe"),
    CodeDef("tls.alpn_unoffered_selected", "The server selected an ALPN protocol the client did not offer", "probe,analyze"),
    CodeDef("tls.h2_not_spoken", "The server selected h2 with ALPN but does not answer the HTTP/2 connection preface with SETTINGS", "probe"),
    # issue 14: --keylog given, but not for this connection
    CodeDef("tls.keylog_no_match", "A key log was given but holds no secrets for this connection's client random: it was not decrypted", "analyze"),
    # a proxy's fallback certificate (default_certs.py)
    CodeDef("tls.default_certificate_served", "A proxy served its own fallback certificate (Traefik's default, ingress-nginx's fake one): no route or certificate matched the requested name", "explain,probe,analyze", "0.2.0"),
)
