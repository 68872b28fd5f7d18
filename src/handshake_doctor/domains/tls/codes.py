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
)
