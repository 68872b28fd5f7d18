"""Knowledge tables of the `database` domain: how PostgreSQL and MySQL/MariaDB negotiate TLS,
and what their clients print when it fails."""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record
from ..tls.matching import MessageRow

PG_FLOW = "PostgreSQL docs, Frontend/Backend Protocol, Message Flow: SSL Session Encryption (§55.2.10 in v16)"
PG_MSG = "PostgreSQL docs, Message Formats: SSLRequest (Int32 8, Int32 80877103)"
LIBPQ = "libpq src/interfaces/libpq/fe-connect.c (message texts)"
MYSQL = "MySQL docs: Configuring Encrypted Connections; client error 2026 CR_SSL_CONNECTION_ERROR"


@record(frozen=True)
class SslAnswerRow:
    """The single byte a PostgreSQL server sends back after an SSLRequest."""

    byte: int
    meaning: str
    code: str
    source: str


PG_SSL_ANSWERS = Table(
    "pg_sslrequest_answers",
    (
        SslAnswerRow(ord("S"), "the server accepts TLS: the client starts the TLS handshake next", "database.pg_ssl_accepted", PG_FLOW),
        SslAnswerRow(ord("N"), "the server does not do TLS (ssl = off): the client may continue in plaintext unless sslmode requires TLS", "database.pg_server_no_ssl", PG_FLOW),
        SslAnswerRow(ord("E"), "an ErrorResponse before TLS: a very old server (it does not know SSLRequest) or a startup failure; the client must not trust it", "database.pg_not_postgres", PG_FLOW),
    ),
    "What each answer byte to PostgreSQL's SSLRequest means",
)


@record(frozen=True)
class WireFactRow:
    name: str
    value_hex: str
    meaning: str
    source: str


WIRE_FACTS = Table(
    "database_wire_facts",
    (
        WireFactRow("pg_sslrequest", "0000000804D2162F", "PostgreSQL SSLRequest: length 8, code 80877103 (0x04D2162F)", PG_MSG),
        WireFactRow("pg_gssencrequest", "0000000804D21630", "PostgreSQL GSSENCRequest: length 8, code 80877104", PG_MSG),
        WireFactRow("mysql_handshake_v10", "0A", "MySQL server greeting starts (after the 4-byte packet header) with protocol version 10", "MySQL Client/Server Protocol: Protocol::HandshakeV10"),
        WireFactRow("mysql_client_ssl_flag", "00000800", "CLIENT_SSL capability flag (0x0800): the client asks to switch to TLS before authenticating", "MySQL Client/Server Protocol: Capability Flags (CLIENT_SSL)"),
    ),
    "Protocol bytes of TLS negotiation in database protocols",
)

MESSAGES = Table(
    "database_messages",
    (
        MessageRow(r"server does not support SSL, but SSL was required", "libpq", "the server answered 'N' to the SSLRequest and sslmode requires TLS", "database.pg_server_no_ssl", 0.95, LIBPQ),
        MessageRow(r"pq: SSL is not enabled on the server", "go lib/pq", "lib/pq asked for TLS (its default sslmode is require) and the server answered 'N' to the SSLRequest", "database.pg_server_no_ssl", 0.95, "lib/pq conn.go (ErrSSLNotSupported 'pq: SSL is not enabled on the server'); observed: sqldef/sqldef#12, usefathom/fathom#93"),
        MessageRow(r"server refused TLS connection", "go pgx", "pgx/pgconn sent an SSLRequest and the server answered 'N' while the sslmode requires TLS", "database.pg_server_no_ssl", 0.9, "jackc/pgx pgconn.go (errors.New(\"server refused TLS connection\"))"),
        MessageRow(r"PostgreSQL server at \S+ rejected SSL upgrade", "asyncpg", "asyncpg sent an SSLRequest and did not get 'S' back while ssl is required (the server has TLS off)", "database.pg_server_no_ssl", 0.85, "MagicStack/asyncpg connect_utils.py TLSUpgradeProto ('PostgreSQL server at {host}:{port} rejected SSL upgrade'); observed: RedHatInsights/vulnerability-engine#968"),
        MessageRow(r"The server does not support SSL", "pgjdbc/node-postgres", "the driver sent an SSLRequest, the server answered 'N' and the driver was told to require TLS", "database.pg_server_no_ssl", 0.9, "pgjdbc ConnectionFactoryImpl (PSQLState CONNECTION_REJECTED text); node-postgres lib/connection.js; threads brianc/node-postgres#3386, xtdb/xtdb#4002"),
        MessageRow(r"pg_hba\.conf rejects connection for host [^\n]{0,300}(?:no encryption|SSL off)", "postgres", "a pg_hba.conf 'reject' line (typically hostnossl ... reject) matched this unencrypted connection: the server wants TLS", "database.pg_ssl_required", 0.8, "PostgreSQL src/backend/libpq/auth.c (message text); PostgreSQL docs, pg_hba.conf (hostnossl, reject); ScorpioBroker/ScorpioBroker#348"),
        MessageRow(r"received invalid response to SSL negotiation: (.)", "libpq", "the first byte after the SSLRequest was neither 'S' nor 'N': this port does not speak PostgreSQL", "database.pg_not_postgres", 0.9, LIBPQ + "; facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"no pg_hba\.conf entry for host [^\n]{0,300}(?:no encryption|SSL off)", "postgres", "pg_hba.conf has only hostssl lines for this client: the server wants TLS", "database.pg_ssl_required", 0.9, "PostgreSQL src/backend/libpq/auth.c (message text); PostgreSQL docs, pg_hba.conf (hostssl)"),
        MessageRow(r"SSL SYSCALL error: EOF detected|SSL SYSCALL error: Connection reset by peer", "libpq", "the connection closed during the TLS handshake", "database.pg_closed_during_tls", 0.8, LIBPQ + "; facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"SSL connection has been closed unexpectedly", "libpq", "the TLS-protected connection was closed by the server side (idle timeout, restart, a proxy) without a close_notify", "database.pg_closed_during_tls", 0.6, LIBPQ + " (fe-secure-openssl.c SSL_ERROR_ZERO_RETURN); observed: stephaniewilkinson/yonderbook#275"),
        MessageRow(r"server closed the connection unexpectedly", "libpq", "the server side closed the connection (crash, proxy, or a TLS-only server meeting plaintext)", "database.pg_closed_during_tls", 0.55, LIBPQ + "; facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"Connections using insecure transport are prohibited while --require_secure_transport=ON", "mysql", "the server requires TLS and the client connected without it", "database.mysql_secure_transport_required", 0.95, "MySQL server error ER_SECURE_TRANSPORT_REQUIRED (3159)"),
        MessageRow(r"SSL is required,? but the server does(?:n't| not) support it", "mysql", "the client insists on TLS (--ssl-mode=REQUIRED or stricter) and the server has no TLS", "database.mysql_server_no_ssl", 0.95, MYSQL + "; sysown/proxysql#1360 (MySQL spelling); dan-r/syncstorage-rs-docker#17 (MariaDB 11.4+ clients require TLS by default)"),
        MessageRow(r"SSL connection is required\. Please specify SSL options and retry", "mysql", "the server requires TLS (require_secure_transport or REQUIRE SSL for the user) and the client sent no TLS options", "database.mysql_secure_transport_required", 0.9, "MySQL error text seen in o1lab/xmysql#40 and jumpserver/jumpserver#10660"),
        MessageRow(r"server does not allow insecure connections, client must use SSL/TLS", "go", "go-sql-driver/mysql: the server requires TLS and the DSN has no tls= option", "database.mysql_secure_transport_required", 0.9, "go-sql-driver/mysql errors.go (ErrNoTLS); Anankke/SSPanel-UIM#1515"),
        MessageRow(r"caching_sha2_password'? reported error: Authentication requires secure connection", "mysql", "the account uses caching_sha2_password, whose full authentication (first login after a server start or FLUSH PRIVILEGES, before the password is cached) sends the password only over TLS or RSA-encrypted with the server's public key; the client connected without TLS and did not ask for the key", "database.mysql_caching_sha2_insecure", 0.9, "MySQL 8.0 Reference Manual, Caching SHA-2 Pluggable Authentication (secure connection or RSA key pair); client error 2061 CR_AUTH_PLUGIN_ERR; observed: https://github.com/mysql/mysql-shell-plugins/issues/32 (fixed with SSL mode Required), https://github.com/bitnami/charts/issues/10328"),
        MessageRow(r"Public Key Retrieval is not allowed", "mysql connector/j", "Connector/J would have to fetch the server's RSA public key to send a caching_sha2_password/sha256_password password over a connection without TLS, and allowPublicKeyRetrieval is false", "database.mysql_caching_sha2_insecure", 0.95, "MySQL Connector/J 8.0 (message text; connection properties allowPublicKeyRetrieval, serverRSAPublicKeyFile, sslMode)"),
        MessageRow(r"'cryptography' package is required for sha256_password or caching_sha2_password auth methods", "pymysql", "PyMySQL has to RSA-encrypt the password for caching_sha2_password over a connection without TLS, and the cryptography package is not installed", "database.mysql_caching_sha2_insecure", 0.95, "PyMySQL pymysql/_auth.py (message text); PyMySQL docs, Installation (pip install PyMySQL[rsa])"),
        MessageRow(r"mongodb\.net\b[^\n]{0,400}?(?:tlsv1 alert internal error|TLSV1_ALERT_INTERNAL_ERROR|SSL alert number 80)|(?:tlsv1 alert internal error|TLSV1_ALERT_INTERNAL_ERROR|SSL alert number 80)[^\n]{0,400}?mongodb\.net\b", "MongoDB Atlas (pymongo, Node driver)", "an Atlas cluster (*.mongodb.net) ended the TLS handshake with an internal_error alert (80): Atlas does this when the client's public IP is not on the project's IP access list", "database.mongodb_ip_not_allowed", 0.95,
                   "MongoDB Atlas docs, Configure IP Access List Entries and Troubleshoot Connection Issues (a client outside the access list fails the TLS handshake); RFC 8446 §6.2 internal_error(80); relayed by pymongo 4.17.0 pool_shared.py ('SSL handshake failed: %s:%d: %s') and OpenSSL 'SSL alert number 80' in the Node driver"),
        MessageRow(r"ERROR 2026 \(HY000\)|SSL connection error:|TLS/SSL error:", "mysql", "the MySQL/MariaDB client's TLS negotiation failed", "database.mysql_ssl_error", 0.75, MYSQL + "; MariaDB Connector/C 'TLS/SSL error' text"),
    ),
    "Database clients' and servers' TLS negotiation texts",
)

TABLES = (PG_SSL_ANSWERS, WIRE_FACTS, MESSAGES)
