"""Finding codes of the `negotiate` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("negotiate.tls_upgraded", "The protocol negotiated TLS as the URL asks (PostgreSQL 'S', MySQL CLIENT_SSL, STARTTLS 220/OK, implicit TLS): the TLS checks follow", "probe"),
    CodeDef("negotiate.plaintext_ok", "The port speaks the protocol in plaintext, as the URL asks (no TLS wanted)", "probe"),
    CodeDef("negotiate.wrong_protocol", "The port does not speak the URL's protocol: another service answers (named from its first bytes)", "probe"),
    CodeDef("negotiate.implicit_tls_port", "The port speaks TLS from the first byte (implicit TLS) while the URL negotiates TLS inside the protocol (STARTTLS, SSLRequest): the implicit and STARTTLS ports are swapped", "probe"),
    CodeDef("negotiate.plaintext_port", "The URL asks for implicit TLS (smtps, imaps, rediss, ldaps, mqtts...) but the port speaks the protocol in plaintext (its STARTTLS or plain port)", "probe"),
    CodeDef("negotiate.tls_not_offered", "The server does not offer TLS (PostgreSQL 'N', no MySQL CLIENT_SSL, no STARTTLS/STLS/AUTH TLS capability) while the client requires it", "probe"),
    CodeDef("negotiate.tls_refused", "The server refused the request to start TLS (STARTTLS 454/BAD, LDAP StartTLS error, AUTH TLS 5xx, an error after SSLRequest)", "probe"),
    CodeDef("negotiate.tls_required", "The server requires TLS and the client's URL or option speaks plaintext (pg_hba hostssl, IMAP LOGINDISABLED, AUTH only after STARTTLS...)", "probe"),
    CodeDef("negotiate.plaintext_fallback", "The client's TLS mode (sslmode=prefer, ssl-mode=PREFERRED, mariadb --ssl) falls back to plaintext without a word, because the server offers no TLS", "probe"),
    CodeDef("negotiate.tls_requirement_hidden", "The server offers TLS and the client speaks plaintext; whether TLS is required cannot be seen before a password (MariaDB require_secure_transport answers a correct password with 1045 Access denied)", "probe"),
    CodeDef("negotiate.plaintext_only", "TLS works, but the server's access rules admit this connection only without TLS (pg_hba hostnossl)", "probe"),
    CodeDef("negotiate.unverified_tls", "The client's TLS mode does not verify the certificate (sslmode=require, ssl-mode=REQUIRED): the certificate problem found goes unnoticed by it", "probe"),
    CodeDef("negotiate.silent", "The port accepted TCP but sent nothing to the protocol's opening (no greeting, no answer)", "probe"),
    CodeDef("negotiate.closed", "The server closed or reset the connection right after the protocol's opening", "probe"),
    CodeDef("negotiate.stalled", "The server started answering and then stalled in the middle of a message", "probe"),
    CodeDef("negotiate.oversized", "The server's greeting, capability list or reply is longer than any real server's (endless banner, flood): the probe stopped reading", "probe"),
    CodeDef("negotiate.malformed", "The server's answer breaks the protocol's framing (absurd length, bad packet)", "probe"),
    CodeDef("negotiate.identified", "What answers on a host:port given without a scheme, and the scheme to probe it with next", "probe"),
)
