"""Finding codes of the `database` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("database.pg_server_no_ssl", "The PostgreSQL server answered 'N' to the SSLRequest (TLS off) while the client requires TLS", "explain"),
    CodeDef("database.pg_not_postgres", "The first byte after the PostgreSQL SSLRequest was neither 'S' nor 'N': the port does not speak PostgreSQL", "explain"),
    CodeDef("database.pg_ssl_required", "The PostgreSQL server (pg_hba.conf hostssl) refuses connections without TLS", "explain"),
    CodeDef("database.pg_closed_during_tls", "The PostgreSQL connection closed during TLS negotiation (server crash, proxy, or a non-PostgreSQL peer)", "explain"),
    CodeDef("database.mysql_secure_transport_required", "The MySQL server has require_secure_transport=ON and the client connected without TLS", "explain"),
    CodeDef("database.mysql_server_no_ssl", "The MySQL client requires TLS but the server does not offer it", "explain"),
    CodeDef("database.mysql_ssl_error", "The MySQL/MariaDB client's TLS negotiation failed (ERROR 2026); the TLS reason follows in the message", "explain"),
    CodeDef("database.pg_ssl_accepted", "The byte 'S' is the PostgreSQL server accepting TLS after the SSLRequest: the next bytes should be a TLS handshake", "explain"),
    # added after the third real-error sweep
    CodeDef("database.mysql_caching_sha2_insecure", "MySQL caching_sha2_password (or sha256_password) needs TLS or the server's RSA public key to send the password, and the client has neither (error 2061, 'Public Key Retrieval is not allowed')", "explain"),
    # analyze (issue 14)
    CodeDef("database.plaintext_session", "The database session went on without TLS (PostgreSQL after 'N' or without SSLRequest, a MySQL login without CLIENT_SSL): credentials and queries in plaintext", "analyze"),
)
