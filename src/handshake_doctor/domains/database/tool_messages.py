"""Inventory of what database clients, and clients of other protocols that negotiate TLS inside
their own handshake (Redis, LDAP StartTLS, MQTT), print when a connection, a TLS negotiation or an
authentication fails, read from each tool's source at a named version (knowledge.inventory).

Why these protocols live in the `database` domain: they are the services a back end talks to
besides HTTP, and they share its shape: a TCP connection, an optional in-protocol TLS upgrade or
a TLS port, then an authentication step whose refusal has its own wording per client.
Server messages the clients relay (PostgreSQL's FATAL lines, MySQL's ER_* texts, Redis' -NOAUTH)
are inventoried under the server that writes them.
"""

from __future__ import annotations

from ...knowledge.inventory import ToolLine as L
from ...knowledge.table import Table

LIBPQ = "libpq 14.5 src/interfaces/libpq/fe-connect.c (REL_14_5, read in the vendored copy hankinsoft/libpq)"
LIBPQ_SSL = "libpq 14.5 src/interfaces/libpq/fe-secure-openssl.c (REL_14_5, vendored copy hankinsoft/libpq)"
LIBPQ_COMMON = "libpq 14.5 src/interfaces/libpq/fe-secure-common.c (REL_14_5, vendored copy hankinsoft/libpq)"
LIBPQ_AUTH = "libpq 14.5 src/interfaces/libpq/fe-auth.c (REL_14_5; PQnoPasswordSupplied in libpq-int.h)"
PG_AUTH = ("PostgreSQL REL_16/REL_17 src/backend/libpq/auth.c ClientAuthentication() (uaReject, uaImplicitReject; "
           "encryption_state 'GSS encryption' / 'SSL encryption' / 'no encryption' since REL_14, 'SSL on' / 'SSL off' before) "
           "and auth_failed() (one errstr per pg_hba method); hba.c check_hba() picks the first matching line. "
           "Read here: the stored auth.c copies of 9.x and of the REL_12/13 era; the REL_14+ 'SSL encryption'/'no encryption' words were not re-read at the tag (the postgres/postgres snapshot is over the fetch limit)")
PG_SERVER = "PostgreSQL server src/backend/libpq/auth.c, src/backend/postmaster/postmaster.c, src/backend/utils/init/postinit.c (message texts, unchanged 9.x-17; not re-read in this session)"
NODE_PG = "brianc/node-postgres packages/pg/lib/connection.js, client.js@pg@8.23.0"
PGJDBC = "pgjdbc/pgjdbc pgjdbc/src/main/java/org/postgresql/core/v3/ConnectionFactoryImpl.java, ssl/*.java@REL42.7.13"
ASYNCPG = "MagicStack/asyncpg asyncpg/connect_utils.py TLSUpgradeProto@v0.31.0"
MARIADB_C = "mariadb-corporation/mariadb-connector-c libmariadb/ma_errmsg.c client_errors[], include/errmsg.h@v3.4.1 (the CR_* texts MySQL's libmysql shares)"
MARIADB_TLS = "mariadb-corporation/mariadb-connector-c libmariadb/ma_tls.c, secure/openssl.c, mariadb_lib.c@v3.4.1"
MYSQL_ER = "MySQL 8.0 Server Error Message Reference (ER_* texts and numbers)"
MYSQLJS = "mysqljs/mysql lib/protocol/sequences/Handshake.js AuthSwitchRequestPacket, ChangeUser.js@v2.18.1"
MYSQLJS_ERR = "mysqljs/mysql lib/protocol/constants/errors.js (errno -> ER_ name as err.code)@v2.18.1"
PYMYSQL = "PyMySQL/PyMySQL pymysql/connections.py Connection._process_auth (CR.CR_AUTH_PLUGIN_CANNOT_LOAD)@v1.1.1 (same text at v1.2.0)"
PYMONGO = "mongodb/mongo-python-driver pymongo/synchronous/topology.py _error_message, pymongo/pool_shared.py _raise_connection_failure@4.17.0"
MONGO_CODES = "MongoDB server error codes (18 AuthenticationFailed), relayed by pymongo OperationFailure@4.17.0"
SQLCLIENT = "dotnet/SqlClient src/Microsoft.Data.SqlClient/src/Resources/Strings.resx@v7.0.2"
SQLCLIENT_TDS8 = ("dotnet/SqlClient src/Microsoft.Data.SqlClient/src/Microsoft/Data/SqlClient/TdsParser.cs SendPreLoginHandshake (Encrypt=Strict: TLS with ALPN 'tds/8.0' before the PRELOGIN packet), TdsEnums.cs TDS8_Protocol@v7.0.2; "
                  "Microsoft docs, SqlConnectionEncryptOption.Strict (SqlClient 5.0+: requires TDS 8.0; fails when the server lacks it) and TDS 8.0 / Force Strict Encryption in SQL Server 2022")
SCHANNEL = "Microsoft winerror.h SEC_E_UNTRUSTED_ROOT (0x80090325) message text, as SqlClient's SSL Provider relays it"
MSSQL_ER = "SQL Server error 18456 (Login failed for user), Database Engine events and errors reference"
REDIS = "redis/redis src/server.c, src/networking.c, src/acl.c@7.4.1"
REDIS_CLI = "redis/redis src/redis-cli.c, src/cli_common.c@7.4.1"
REDIS_PY = "redis/redis-py redis/connection.py, redis/_parsers/*.py@v8.1.0"
IOREDIS = "redis/ioredis lib/redis/event_handler.ts, lib/Redis.ts@v6.0.0"
LDAP = "openldap/openldap libraries/libldap/error.c ldap_err2string(), clients/tools/common.c tool_perror()@OPENLDAP_REL_ENG_2_6_14"
PAHO = "eclipse/paho.mqtt.python src/paho/mqtt/client.py connack_string(), reasoncodes.py@v2.1.0"
MOSQ_CLIENT = "eclipse/mosquitto client/pub_client.c, sub_client.c ('Connection error: %s')@v2.0.20"
MOSQ = "eclipse/mosquitto lib/strings_mosq.c mosquitto_strerror(), mosquitto_connack_string(), mosquitto_reason_string()@v2.0.20"

_PG = (
    L("libpq", "14.5", 'connection to server at "%s" (%s), port %s failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?', "nothing listens on that host and port: PostgreSQL is down, listens elsewhere (listen_addresses, port) or a firewall rejects", "database.pg_connection_refused", LIBPQ, 0.9,
      'psql: error: connection to server at "db.example.com" (10.0.0.5), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?'),
    L("libpq", "14.5", 'connection to server on socket "%s" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?', "no PostgreSQL server listens on the local Unix socket (server down, or another socket directory)", "database.pg_connection_refused", LIBPQ, 0.9,
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?'),
    L("libpq", "14.5", 'could not translate host name "%s" to address: %s', "the host name does not resolve (typo, DNS, or a container name outside its network)", "database.pg_connection_refused", LIBPQ, 0.85),
    L("libpq", "14.5", "server does not support SSL, but SSL was required", "the server answered 'N' to the SSLRequest and sslmode requires TLS", "database.pg_server_no_ssl", LIBPQ, 0.95),
    L("libpq", "14.5", "received invalid response to SSL negotiation: %c", "the first byte after the SSLRequest was neither 'S' nor 'N': this port does not speak PostgreSQL", "database.pg_not_postgres", LIBPQ, 0.9, "received invalid response to SSL negotiation: R"),
    L("libpq", "14.5", "received unencrypted data after SSL response", "the server sent plaintext after accepting TLS: a proxy or man in the middle (CVE-2021-23222 guard)", "database.pg_closed_during_tls", LIBPQ, 0.8),
    L("libpq", "14.5", "SSL SYSCALL error: EOF detected", "the connection closed in the middle of the TLS exchange (server crash, proxy, idle timeout)", "database.pg_closed_during_tls", LIBPQ_SSL, 0.8),
    L("libpq", "14.5", "SSL connection has been closed unexpectedly", "the server side closed the TLS connection without close_notify (restart, idle timeout, a proxy)", "database.pg_closed_during_tls", LIBPQ_SSL, 0.7),
    L("libpq", "14.5", "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.", "the server side closed the connection (a backend crash, a proxy, or a TLS-only port met in plaintext)", "database.pg_closed_during_tls", LIBPQ_SSL + "; fe-secure.c", 0.6),
    L("libpq", "14.5", 'server certificate for "%s" does not match host name "%s"', "sslmode=verify-full and the server certificate is for another name", "database.pg_cert_hostname_mismatch", LIBPQ_COMMON, 0.95, 'psql: error: server certificate for "pg.internal" does not match host name "db.example.com"'),
    L("libpq", "14.5", 'root certificate file "%s" does not exist\nEither provide the file or change sslmode to disable server certificate verification.', "sslmode=verify-ca/verify-full needs the CA file (~/.postgresql/root.crt or sslrootcert)", "database.pg_root_cert_missing", LIBPQ_SSL, 0.95,
      'psql: error: root certificate file "/home/app/.postgresql/root.crt" does not exist\nEither provide the file or change sslmode to disable server certificate verification.'),
    L("libpq", "14.5", 'could not read root certificate file "%s": %s', "the CA file named by sslrootcert cannot be read or parsed", "database.pg_root_cert_missing", LIBPQ_SSL, 0.9),
    L("libpq", "14.5", 'certificate present, but not private key file "%s"', "a client certificate was found but its key file is missing (sslkey)", "database.pg_key_permissions", LIBPQ_SSL, 0.9),
    L("libpq", "14.5", 'private key file "%s" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root', "libpq refuses a client key that others can read", "database.pg_key_permissions", LIBPQ_SSL, 0.95,
      'psql: error: private key file "/home/app/.postgresql/postgresql.key" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root'),
    L("libpq", "14.5", 'certificate does not match private key file "%s": %s', "the client certificate and key are not a pair", "database.pg_key_permissions", LIBPQ_SSL, 0.9),
    L("libpq", "14.5", "fe_sendauth: no password supplied", "the server asks for a password and none was given (no PGPASSWORD, .pgpass or password parameter)", "database.pg_no_password", LIBPQ_AUTH, 0.9),
    L("libpq", "14.5", "channel binding required, but SSL not in use", "channel_binding=require needs a TLS connection", "database.pg_channel_binding", LIBPQ_AUTH, 0.9),
    L("libpq", "14.5", "channel binding required, but server authenticated client without channel binding", "channel_binding=require and the server did not use SCRAM-SHA-256-PLUS (trust/md5 or a pooler in between)", "database.pg_channel_binding", LIBPQ_AUTH, 0.9),
    L("libpq", "14.5", "none of the server's SASL authentication mechanisms are supported", "the client library is too old for the server's SCRAM authentication", "database.pg_channel_binding", LIBPQ_AUTH, 0.8),
    L("libpq", "14.5", "expected authentication request from server, but received %c", "the server's first answer is not PostgreSQL's: another service listens on this port", "database.pg_not_postgres", LIBPQ, 0.9),
    L("libpq", "14.5", 'could not read certificate file "%s": %s', "the client certificate (sslcert) cannot be read", "database.pg_key_permissions", LIBPQ_SSL, 0.9),
    L("libpq", "14.5", 'could not load private key file "%s": %s', "the client key (sslkey) cannot be loaded (wrong format or passphrase)", "database.pg_key_permissions", LIBPQ_SSL, 0.9),
    L("libpq", "14.5", "could not get server's host name from server certificate", "sslmode=verify-full and the server certificate has no name libpq can check", "database.pg_cert_hostname_mismatch", LIBPQ_COMMON, 0.9),
    L("libpq", "14.5", "host name must be specified for a verified SSL connection", "sslmode=verify-full needs a host name (not only hostaddr)", "database.pg_cert_hostname_mismatch", LIBPQ_COMMON, 0.9),
    L("libpq", "14.5", "channel binding is required, but server did not offer an authentication method that supports channel binding", "channel_binding=require and the server's pg_hba method is not SCRAM", "database.pg_channel_binding", LIBPQ_AUTH, 0.9),
    L("libpq", "14.5", "server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection", "the server (or something pretending to be it) offered channel binding without TLS", "database.pg_channel_binding", LIBPQ_AUTH, 0.85),
    L("pgjdbc", "42.7.13", "Could not open SSL certificate file {file}.", "the client certificate (sslcert, default ~/.postgresql/postgresql.crt) cannot be opened", "database.pg_key_permissions", PGJDBC, 0.9),
    L("pgjdbc", "42.7.13", "Could not read SSL key file {file}.", "the client key (sslkey) cannot be read: pgjdbc wants PKCS-8 DER (postgresql.pk8) unless a PEM key factory is set", "database.pg_key_permissions", PGJDBC, 0.9),
    L("postgres", "9.x-17", 'password authentication failed for user "%s"', "the user exists (or not) and the password is wrong for the pg_hba method (scram-sha-256/md5)", "database.pg_auth_failed", PG_AUTH, 0.9,
      'psql: error: connection to server at "db.example.com" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "app"'),
    L("postgres", "9.x-17", 'no pg_hba.conf entry for host "%s", user "%s", database "%s", SSL encryption', "no pg_hba.conf line admits this client, user and database over TLS", "database.pg_no_hba_entry", PG_AUTH, 0.85,
      'FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "app", database "shop", SSL encryption'),
    L("postgres", "14-17", 'no pg_hba.conf entry for host "%s", user "%s", database "%s", GSS encryption', "no pg_hba.conf line admits this client, user and database over GSSAPI encryption (hostgssenc)", "database.pg_no_hba_entry", PG_AUTH, 0.85,
      'FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "app", database "shop", GSS encryption'),
    L("postgres", "9.x-13", 'no pg_hba.conf entry for host "%s", user "%s", database "%s", SSL on', "no pg_hba.conf line admits this client, user and database over TLS (server before 14)", "database.pg_no_hba_entry", PG_AUTH, 0.85,
      'FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "app", database "shop", SSL on'),
    L("postgres", "14-17", 'no pg_hba.conf entry for replication connection from host "%s", user "%s", %s', "no pg_hba.conf line with the 'replication' database keyword admits this standby or pg_basebackup", "database.pg_no_hba_entry", PG_AUTH, 0.85,
      'FATAL:  no pg_hba.conf entry for replication connection from host "10.0.0.8", user "replicator", SSL encryption'),
    L("postgres", "14-17", 'pg_hba.conf rejects connection for host "%s", user "%s", database "%s", SSL encryption', "an explicit 'reject' line of pg_hba.conf is the first line that matches this TLS connection", "database.pg_hba_reject", PG_AUTH, 0.85,
      'FATAL:  pg_hba.conf rejects connection for host "10.0.0.7", user "app", database "shop", SSL encryption'),
    L("postgres", "14-17", 'pg_hba.conf rejects connection for host "%s", user "%s", database "%s", GSS encryption', "an explicit 'reject' line of pg_hba.conf is the first line that matches this GSS-encrypted connection", "database.pg_hba_reject", PG_AUTH, 0.85,
      'FATAL:  pg_hba.conf rejects connection for host "10.0.0.7", user "app", database "shop", GSS encryption'),
    L("postgres", "14-17", 'pg_hba.conf rejects replication connection for host "%s", user "%s", %s', "an explicit 'reject' line of pg_hba.conf is the first line that matches this replication connection", "database.pg_hba_reject", PG_AUTH, 0.85,
      'FATAL:  pg_hba.conf rejects replication connection for host "10.0.0.8", user "replicator", SSL encryption'),
    L("postgres", "9.x-17", 'Peer authentication failed for user "%s"', "the pg_hba 'peer' method (local socket): the operating-system user running the client is not this database user, and no pg_ident.conf map allows it", "database.pg_peer_auth_failed", PG_AUTH, 0.9,
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  Peer authentication failed for user "postgres"'),
    L("postgres", "9.x-17", 'Ident authentication failed for user "%s"', "the pg_hba 'ident' method: the client host's ident server (port 113) did not report this database user, or no pg_ident.conf map allows the name it reported", "database.pg_peer_auth_failed", PG_AUTH, 0.9,
      'FATAL:  Ident authentication failed for user "app"'),
    L("postgres", "9.x-17", 'LDAP authentication failed for user "%s"', "the pg_hba 'ldap' method: the LDAP server refused this user's bind (password, DN template, or the LDAP server unreachable: see the server log)", "database.pg_auth_failed", PG_AUTH, 0.85),
    L("postgres", "9.x-17", 'certificate authentication failed for user "%s"', "the pg_hba 'cert' method: the client certificate's CN is not this database user (nor mapped to it in pg_ident.conf)", "database.pg_auth_failed", PG_AUTH, 0.85),
    L("postgres", "9.x-17", 'GSSAPI authentication failed for user "%s"', "the pg_hba 'gss' method: the Kerberos principal was not accepted for this database user (keytab, realm, include_realm / pg_ident map)", "database.pg_auth_failed", PG_AUTH, 0.85),
    L("postgres", "9.x-17", 'PAM authentication failed for user "%s"', "the pg_hba 'pam' method: PAM refused this user (password, or the PAM service 'postgresql')", "database.pg_auth_failed", PG_AUTH, 0.85),
    L("postgres", "9.x-17", 'database "%s" does not exist', "the database name is wrong (the default is the user name)", "database.pg_database_missing", PG_SERVER, 0.8, 'FATAL:  database "shop" does not exist'),
    L("postgres", "9.x-17", 'role "%s" does not exist', "the user name is wrong (the default is the operating-system user)", "database.pg_auth_failed", PG_SERVER, 0.8, 'FATAL:  role "app" does not exist'),
    L("postgres", "9.x-17", "sorry, too many clients already", "the server is at max_connections", "database.pg_too_many_clients", PG_SERVER, 0.9),
    L("postgres", "9.x-17", "remaining connection slots are reserved for non-replication superuser connections", "the server is at max_connections less the reserved superuser slots", "database.pg_too_many_clients", PG_SERVER, 0.9),
    L("postgres", "9.x-17", "the database system is starting up", "the server is still starting (recovery): retry", "database.pg_starting_up", PG_SERVER, 0.85),
    L("postgres", "9.x-17", "the database system is shutting down", "the server is stopping", "database.pg_starting_up", PG_SERVER, 0.85),
    L("node-postgres", "pg 8.23.0", "The server does not support SSL connections", "pg sent an SSLRequest (ssl set) and the server answered 'N'", "database.pg_server_no_ssl", NODE_PG, 0.9),
    L("node-postgres", "pg 8.23.0", "There was an error establishing an SSL connection", "the server answered neither 'S' nor 'N' to the SSLRequest: not PostgreSQL, or a proxy in between", "database.pg_not_postgres", NODE_PG, 0.85),
    L("node-postgres", "pg 8.23.0", "Connection terminated unexpectedly", "the server (or a proxy) closed the connection during start-up or a query", "database.pg_closed_during_tls", NODE_PG, 0.7),
    L("node-postgres", "pg 8.23.0", "SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string", "the password is not set (undefined) for SCRAM authentication", "database.pg_no_password", NODE_PG.replace("connection.js, client.js", "crypto/sasl.js"), 0.9),
    L("node-postgres", "pg 8.23.0", "SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match", "the server's SCRAM proof does not match: a proxy rewrote authentication, or not the server you meant", "database.pg_auth_failed", NODE_PG.replace("connection.js, client.js", "crypto/sasl.js"), 0.8),
    L("pgjdbc", "42.7.13", "The server does not support SSL.", "pgjdbc sent an SSLRequest (ssl=true / sslmode=require) and the server answered 'N'", "database.pg_server_no_ssl", PGJDBC, 0.9, "org.postgresql.util.PSQLException: The server does not support SSL."),
    L("pgjdbc", "42.7.13", "Connection to {host} refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.", "nothing listens on that host and port", "database.pg_connection_refused", PGJDBC, 0.9,
      "org.postgresql.util.PSQLException: Connection to localhost:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections."),
    L("pgjdbc", "42.7.13", "The hostname {host} could not be verified by hostnameverifier {verifier}.", "sslmode=verify-full and the server certificate is for another name", "database.pg_cert_hostname_mismatch", PGJDBC, 0.9),
    L("pgjdbc", "42.7.13", "Server name validation failed: hostname {host} does not match common name {cn}", "the certificate's name is not the host connected to", "database.pg_cert_hostname_mismatch", PGJDBC, 0.9),
    L("pgjdbc", "42.7.13", "Could not open SSL root certificate file {file}.", "sslrootcert (default ~/.postgresql/root.crt) is missing", "database.pg_root_cert_missing", PGJDBC, 0.9),
    L("pgjdbc", "42.7.13", "The server requested password-based authentication, but no password was provided by plugin {plugin}", "no password in the URL or properties", "database.pg_no_password", PGJDBC, 0.9),
    L("asyncpg", "0.31.0", 'PostgreSQL server at "{host}:{port}" rejected SSL upgrade', "asyncpg sent an SSLRequest, the server answered 'N' and ssl is required", "database.pg_server_no_ssl", ASYNCPG, 0.9),
    L("psycopg", "3.3.4", "connection failed: connection to server at %s, port %s failed: Connection refused", "psycopg 3 relays libpq's message: nothing listens there", "database.pg_connection_refused", "psycopg/psycopg psycopg/psycopg/generators.py (f\"connection failed: {conn.get_error_message()}\")@3.3.4", 0.92,
      'psycopg.OperationalError: connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
)

_MYSQL = (
    L("MySQL/MariaDB client (libmysql, Connector/C)", "CR 2002; Connector/C 3.4.1", "Can't connect to local server through socket '%-.64s' (%d)", "no server listens on the local Unix socket (server down, or another socket path)", "database.mysql_cant_connect", MARIADB_C, 0.9),
    L("MySQL/MariaDB client", "CR 2003; Connector/C 3.4.1", "Can't connect to server on '%-.64s' (%d)", "nothing answers on that host and port (server down, bind-address, firewall)", "database.mysql_cant_connect", MARIADB_C, 0.9, "ERROR 2003 (HY000): Can't connect to server on 'db.example.com' (111)"),
    L("MySQL client (libmysql)", "CR 2003; MySQL 8.0", "Can't connect to MySQL server on '%-.100s:%u' (%d)", "nothing answers on that host and port (server down, bind-address, firewall)", "database.mysql_cant_connect", "MySQL 8.0 Client Error Message Reference CR_CONN_HOST_ERROR (2003)", 0.9, "ERROR 2003 (HY000): Can't connect to MySQL server on 'db.example.com:3306' (111)"),
    L("MySQL/MariaDB client", "CR 2005; Connector/C 3.4.1", "Unknown server host '%-.100s' (%d)", "the host name does not resolve", "database.mysql_cant_connect", MARIADB_C, 0.9),
    L("MySQL/MariaDB client", "CR 2006; Connector/C 3.4.1", "Server has gone away", "the server closed the idle connection (wait_timeout), restarted, or a packet exceeded max_allowed_packet", "database.mysql_server_gone", MARIADB_C, 0.8, "ERROR 2006 (HY000): Server has gone away"),
    L("MySQL/MariaDB client", "CR 2013; Connector/C 3.4.1", "Lost connection to server during query", "the connection broke during a query (timeout, server crash, a proxy)", "database.mysql_server_gone", MARIADB_C, 0.75),
    L("MySQL/MariaDB client", "CR 2012; Connector/C 3.4.1", "Error in server handshake", "the server's greeting could not be read: not MySQL on this port, or a TLS-only port", "database.mysql_cant_connect", MARIADB_C, 0.8),
    L("MySQL/MariaDB client", "CR 2026; Connector/C 3.4.1", "TLS/SSL error: %s", "the TLS negotiation inside the MySQL protocol failed; the TLS reason follows", "database.mysql_ssl_error", MARIADB_C, 0.8),
    L("MySQL client", "CR 2026; MySQL 8.0", "SSL connection error: %s", "the TLS negotiation inside the MySQL protocol failed; the TLS reason follows", "database.mysql_ssl_error", "MySQL 8.0 Client Error Message Reference CR_SSL_CONNECTION_ERROR (2026)", 0.8),
    L("MariaDB Connector/C", "3.4.1", "SSL is required, but the server does not support it", "the client requires TLS and the server offers none", "database.mysql_server_no_ssl", MARIADB_TLS, 0.95),
    L("MariaDB Connector/C", "3.4.1", "Certificate verification failure: The certificate is NOT trusted.", "the server certificate does not chain to a trusted CA (ssl-ca)", "database.mysql_ssl_error", MARIADB_TLS, 0.85,
      "ERROR 2026 (HY000): TLS/SSL error: Certificate verification failure: The certificate is NOT trusted."),
    L("MariaDB Connector/C", "3.4.1", "Fingerprint verification of server certificate failed", "the server certificate is not the pinned one (tls-peer-fp)", "database.mysql_ssl_error", MARIADB_TLS, 0.85),
    L("MySQL/MariaDB client", "CR 2059; Connector/C 3.4.1", "Plugin %s could not be loaded: %s", "the client lacks the server's authentication plugin (caching_sha2_password in an old client, auth_gssapi_client...)", "database.mysql_auth_plugin_missing", MARIADB_C, 0.9,
      "ERROR 2059 (HY000): Plugin caching_sha2_password could not be loaded: /usr/lib/x86_64-linux-gnu/mariadb19/plugin/caching_sha2_password.so: cannot open shared object file: No such file or directory"),
    L("MySQL client (libmysqlclient)", "CR 2059; MySQL 8.0", "Authentication plugin '%s' cannot be loaded: %s", "the client library lacks the account's authentication plugin (caching_sha2_password in a client older than MySQL 8.0 / a MariaDB client without it)", "database.mysql_auth_plugin_missing", "MySQL 8.0 Client Error Message Reference CR_AUTH_PLUGIN_CANNOT_LOAD (2059)", 0.9,
      "ERROR 2059 (HY000): Authentication plugin 'caching_sha2_password' cannot be loaded: /usr/lib/mysql/plugin/caching_sha2_password.so: cannot open shared object file: No such file or directory"),
    L("PHP mysqlnd (PDO_MySQL, mysqli)", "PHP 7.x-8.x", "The server requested authentication method unknown to the client", "PHP's mysqlnd does not know the account's plugin: caching_sha2_password needs PHP 7.4+ (7.1.16/7.2.4 partly), or the account uses another plugin", "database.mysql_auth_plugin_missing", "php/php-src ext/mysqlnd/mysqlnd_auth.c (error 2054 text; not re-read in this session)", 0.9,
      "PDOException: SQLSTATE[HY000] [2054] The server requested authentication method unknown to the client"),
    L("MySQL server", "ER 1045", "Access denied for user '%-.48s'@'%-.64s' (using password: %s)", "user, password or the account's host part is wrong", "database.mysql_access_denied", MYSQL_ER + " (1045 ER_ACCESS_DENIED_ERROR)", 0.9, "ERROR 1045 (28000): Access denied for user 'app'@'10.0.0.7' (using password: YES)"),
    L("MySQL server", "ER 1044", "Access denied for user '%-.48s'@'%-.64s' to database '%-.192s'", "the account may log in but has no rights on that database", "database.mysql_access_denied", MYSQL_ER + " (1044 ER_DBACCESS_DENIED_ERROR)", 0.9),
    L("MySQL server", "ER 1130", "Host '%-.64s' is not allowed to connect to this MySQL server", "no account matches the client's host (user@host)", "database.mysql_host_not_allowed", MYSQL_ER + " (1130 ER_HOST_NOT_PRIVILEGED)", 0.9),
    L("MySQL server", "ER 1129", "Host '%-.64s' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'", "the server blocked the client's host after max_connect_errors failed handshakes", "database.mysql_host_not_allowed", MYSQL_ER + " (1129 ER_HOST_IS_BLOCKED)", 0.9),
    L("MySQL server", "ER 1040", "Too many connections", "the server is at max_connections", "database.mysql_too_many_connections", MYSQL_ER + " (1040 ER_CON_COUNT_ERROR)", 0.85, "ERROR 1040 (08004): Too many connections"),
    L("MySQL server", "ER 3159", "Connections using insecure transport are prohibited while --require_secure_transport=ON.", "the server requires TLS and the client connected without it", "database.mysql_secure_transport_required", MYSQL_ER + " (3159 ER_SECURE_TRANSPORT_REQUIRED)", 0.95),
    L("MySQL server", "ER 1251", "Client does not support authentication protocol requested by server; consider upgrading MySQL client", "the client is too old for the account's authentication plugin", "database.mysql_auth_plugin_missing", MYSQL_ER + " (1251 ER_NOT_SUPPORTED_AUTH_MODE)", 0.9),
    L("MySQL server", "ER 1049", "Unknown database '%-.192s'", "the database name is wrong", "database.mysql_access_denied", MYSQL_ER + " (1049 ER_BAD_DB_ERROR)", 0.7, "ERROR 1049 (42000): Unknown database 'shop'"),
    L("mysqljs/mysql (Node.js)", "2.18.1", "MySQL is requesting the %s authentication method, which is not supported.", "the server switched the login to an authentication plugin the mysql package does not implement (caching_sha2_password, MySQL 8's default, or sha256_password): use a driver that has it (mysql2) or an account on mysql_native_password", "database.mysql_auth_plugin_missing", MYSQLJS + " (err.code UNSUPPORTED_AUTH_METHOD)", 0.92,
      "Error: MySQL is requesting the caching_sha2_password authentication method, which is not supported."),
    L("mysqljs/mysql (Node.js)", "2.18.1", "ER_NOT_SUPPORTED_AUTH_MODE", "mysqljs names the server's error 1251 by its ER_ constant: the server wants an authentication plugin (caching_sha2_password on MySQL 8) the mysql package cannot do", "database.mysql_auth_plugin_missing", MYSQLJS_ERR + "; " + MYSQL_ER + " (1251 ER_NOT_SUPPORTED_AUTH_MODE)", 0.9,
      "{ code: 'ER_NOT_SUPPORTED_AUTH_MODE', errno: 1251, sqlState: '08004', fatal: true }"),
    L("PyMySQL", "1.1.1", "Authentication plugin '%s' not configured", "PyMySQL has no handler for the plugin the server asked for (auth_gssapi_client, a dialog/PAM plugin without auth_plugin_map, ...): CR_AUTH_PLUGIN_CANNOT_LOAD (2059)", "database.mysql_auth_plugin_missing", PYMYSQL, 0.9,
      "pymysql.err.OperationalError: (2059, \"Authentication plugin 'b'auth_gssapi_client'' not configured\")"),
    L("MySQL client", "CR 2061; MySQL 8.0", "Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.", "caching_sha2_password full authentication needs TLS or the server's RSA key", "database.mysql_caching_sha2_insecure", "MySQL 8.0 Client Error Message Reference CR_AUTH_PLUGIN_ERR (2061)", 0.9),
)

_MONGO = (
    L("pymongo", "4.17.0", "%s:%d: [Errno 111] Connection refused", "nothing listens on the MongoDB host and port", "database.mongo_server_selection_timeout", PYMONGO, 0.92, "localhost:27017: [Errno 111] Connection refused (configured timeouts: socketTimeoutMS: 20000.0ms, connectTimeoutMS: 20000.0ms)"),
    L("pymongo", "4.17.0", ", Timeout: %ss, Topology Description: <TopologyDescription", "no server matched within serverSelectionTimeoutMS: the cause is the per-server error before it", "database.mongo_server_selection_timeout", PYMONGO, 0.85,
      "pymongo.errors.ServerSelectionTimeoutError: db.example.com:27017: timed out, Timeout: 30s, Topology Description: <TopologyDescription id: 1, topology_type: Unknown, servers: [<ServerDescription ('db.example.com', 27017) server_type: Unknown>]>"),
    L("pymongo", "4.17.0", "No replica set members match selector", "no replica set member fits the read preference (no primary, or wrong replicaSet name)", "database.mongo_server_selection_timeout", PYMONGO, 0.85, 'No replica set members match selector "Primary()", Timeout: 30s, Topology Description: <TopologyDescription'),
    L("pymongo", "4.17.0", "SSL handshake failed: %s:%d: %s", "the TLS handshake with the MongoDB server failed; the TLS reason follows", "database.mongo_tls_error", PYMONGO, 0.9),
    L("MongoDB server (via pymongo)", "4.17.0", "Authentication failed., full error: {'ok': 0.0, 'errmsg': 'Authentication failed.', 'code': 18, 'codeName': 'AuthenticationFailed'", "wrong user/password, or the user lives in another authSource database", "database.mongo_auth_failed", MONGO_CODES, 0.9,
      "pymongo.errors.OperationFailure: Authentication failed., full error: {'ok': 0.0, 'errmsg': 'Authentication failed.', 'code': 18, 'codeName': 'AuthenticationFailed'}"),
)

_MSSQL = (
    L("Microsoft.Data.SqlClient", "7.0.2", "A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)", "the client now encrypts by default (Encrypt=true in SqlClient 4+, ODBC 18) and does not trust the server's certificate (often SQL Server's self-signed one)", "database.mssql_cert_untrusted", SQLCLIENT + " (Snix_PreLogin, SNI_PN6); " + SCHANNEL, 0.95),
    L("Microsoft.Data.SqlClient / SSMS (native SNI)", "7.0.2", "A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)", "the server reset the connection at the plaintext PRELOGIN exchange itself (TCP Provider, before any TLS: a TLS failure is the SSL Provider's): SQL Server 2022 with Force Strict Encryption expects a TLS ClientHello first (TDS 8.0), and a TDS 7.x client (SSMS 19, SqlClient < 5.0, ODBC < 18.1, Encrypt=Mandatory/Optional) opens with PRELOGIN; or a non-SQL-Server endpoint on that port", "database.mssql_tds8_unsupported_client", SQLCLIENT + " (Snix_PreLogin; provider names SNI_PN7 'TCP Provider', SNI_PN6 'SSL Provider'); " + SQLCLIENT_TDS8 + "; Windows WSAECONNRESET (10054) text", 0.88),
    L("Microsoft.Data.SqlClient", "7.0.2", "A connection was successfully established with the server, but then an error occurred during the pre-login handshake.", "the TDS pre-login (where TLS is negotiated) failed after TCP connected: TLS version/cipher mismatch, an untrusted certificate, or not SQL Server on that port", "database.mssql_prelogin_failed", SQLCLIENT + " (Snix_PreLogin)", 0.85),
    L("Microsoft.Data.SqlClient", "7.0.2", "A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible.", "TCP did not connect: wrong server/instance name, port 1433 closed, SQL Browser down (named instance), or remote connections off", "database.mssql_connect_failed", SQLCLIENT + " (Snix_Connect)", 0.85),
    L("Microsoft.Data.SqlClient", "7.0.2", "Connection Timeout Expired.  The timeout period elapsed while attempting to consume the pre-login handshake acknowledgement.", "the server never answered the pre-login: a TLS-version mismatch (old server, TLS 1.2 off) or a device in between", "database.mssql_prelogin_failed", SQLCLIENT + " (SQL_Timeout_PreLogin_ConsumeHandshake)", 0.85),
    L("Microsoft.Data.SqlClient", "7.0.2", "The target principal name is incorrect.  Cannot generate SSPI context.", "Kerberos could not get a ticket for the server's SPN (wrong or duplicate SPN, an IP instead of a name)", "database.mssql_login_failed", SQLCLIENT + " (SQL_SSPIGenerateError)", 0.85),
    L("ODBC Driver 18 for SQL Server", "18.x", "[Microsoft][ODBC Driver 18 for SQL Server]SSL Provider: %scertificate verify failed", "ODBC Driver 18 encrypts by default (Encrypt=yes) and does not trust the server certificate", "database.mssql_cert_untrusted", "Microsoft docs, ODBC Driver 18 for SQL Server release notes (breaking change: Encrypt=yes by default; TrustServerCertificate)", 0.9,
      "[Microsoft][ODBC Driver 18 for SQL Server]SSL Provider: [error:0A000086:SSL routines::certificate verify failed]"),
    L("SQL Server", "error 18456", "Login failed for user '%s'.", "wrong login or password, SQL authentication disabled (Windows-only mode), or no access to the default database", "database.mssql_login_failed", MSSQL_ER, 0.85),
)

_REDIS = (
    L("Redis server", "7.4.1", "NOAUTH Authentication required.", "the server has a password (requirepass/ACL) and the client sent none", "database.redis_auth_required", REDIS + " (server.c shared.noautherr)", 0.95, "(error) NOAUTH Authentication required."),
    L("Redis server", "7.4.1", "WRONGPASS invalid username-password pair or user is disabled.", "the AUTH user or password is wrong", "database.redis_wrong_pass", REDIS + " (acl.c)", 0.95),
    L("Redis server", "7.4.1", "AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?", "the client sends a password but the server has none: the client points at another server than it thinks, or the password belongs to an ACL user", "database.redis_wrong_pass", REDIS + " (acl.c)", 0.9, "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"),
    L("Redis server", "7.4.1", "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user.", "a non-loopback client reached a server without a password in protected mode", "database.redis_protected_mode", REDIS + " (networking.c)", 0.95),
    L("redis-cli", "7.4.1", "Could not connect to Redis at %s:%d: %s", "nothing listens on that host and port, or it refused", "database.redis_connection_failed", REDIS_CLI, 0.9, "Could not connect to Redis at 127.0.0.1:6379: Connection refused"),
    L("redis-cli", "7.4.1", "Could not negotiate a TLS connection: %s", "the TLS handshake failed (--tls, --cacert, or a plaintext port)", "database.redis_tls_mismatch", REDIS_CLI, 0.9),
    L("redis-py", "8.1.0", "Error while reading from socket: %s", "the server closed the connection: often a plaintext client on a TLS port (rediss:// needed) or the reverse", "database.redis_tls_mismatch", REDIS_PY, 0.7, "redis.exceptions.ConnectionError: Error while reading from socket: ('Connection closed by server.',)"),
    L("redis-py", "8.1.0", "Connection closed by server.", "the server closed the connection: often a plaintext client on a TLS port, or maxclients", "database.redis_tls_mismatch", REDIS_PY, 0.6),
    L("redis-py", "8.1.0", "Timeout connecting to server", "the TCP connection did not complete (firewall, wrong host)", "database.redis_connection_failed", REDIS_PY, 0.8),
    L("redis-py", "8.1.0", "Protocol Error: %s", "the bytes read are not RESP: a TLS server answered a plaintext client, or not Redis on that port", "database.redis_tls_mismatch", REDIS_PY, 0.9, "redis.exceptions.InvalidResponse: Protocol Error: b'\\x15\\x03\\x03\\x00\\x02\\x02P'"),
    L("ioredis", "6.0.0", "[ioredis] Unhandled error event: Error: connect ECONNREFUSED %s", "nothing listens on the Redis host and port", "database.redis_connection_failed", IOREDIS, 0.9, "[ioredis] Unhandled error event: Error: connect ECONNREFUSED 127.0.0.1:6379"),
    L("ioredis", "6.0.0", "Reached the max retries per request limit", "ioredis gave up on a command while the connection kept failing; the cause is the connection error before it", "database.redis_connection_failed", IOREDIS + " (MaxRetriesPerRequestError)", 0.7, "MaxRetriesPerRequestError: Reached the max retries per request limit (which is 20). Refer to \"maxRetriesPerRequest\" option for details."),
    L("Jedis", "5.x", "redis.clients.jedis.exceptions.JedisConnectionException: Failed to connect to any host resolved for DNS name.", "Jedis could not connect to any address of the host", "database.redis_connection_failed", "redis/jedis src/main/java/redis/clients/jedis/DefaultJedisSocketFactory.java (message text; not re-read in this session)", 0.8),
    L("Jedis", "5.x", "redis.clients.jedis.exceptions.JedisDataException: NOAUTH Authentication required.", "the server needs a password and Jedis sent none", "database.redis_auth_required", REDIS + " (relayed by Jedis)", 0.95),
)

_LDAP_ERRS = (
    ("Can't contact LDAP server", "-1", "the server cannot be reached, or the TLS handshake failed (ldaps:// or StartTLS: untrusted CA, TLS_REQCERT)", "database.ldap_server_down"),
    ("Connect error", "-11", "the connection or its TLS negotiation failed (StartTLS: the server's certificate is not trusted, or TLS is not configured on the server)", "database.ldap_start_tls_failed"),
    ("Invalid credentials", "49", "wrong bind DN or password", "database.ldap_invalid_credentials"),
    ("Confidentiality required", "13", "the server requires TLS (StartTLS or ldaps://) before this bind or operation", "database.ldap_confidentiality_required"),
    ("Strong(er) authentication required", "8", "the server refuses simple binds without TLS or needs SASL", "database.ldap_confidentiality_required"),
    ("Protocol error", "2", "the server does not accept the request (StartTLS not offered, or LDAPv2)", "database.ldap_start_tls_failed"),
    ("Server is unavailable", "52", "the server is shutting down or not ready", "database.ldap_server_down"),
    ("Inappropriate authentication", "48", "anonymous or unauthenticated bind where a password is required", "database.ldap_invalid_credentials"),
)
_LDAP = tuple(
    L("OpenLDAP tools (ldapsearch, ldapwhoami)", "2.6.14", f"{func}: {text} ({num})", meaning, code, LDAP, 0.9)
    for func in ("ldap_start_tls", "ldap_sasl_bind(SIMPLE)", "ldap_bind")
    for text, num, meaning, code in _LDAP_ERRS
    if not (func == "ldap_start_tls" and code == "database.ldap_invalid_credentials")
)

_MQTT = (
    L("paho-mqtt / mosquitto (MQTT 3.1.1)", "paho 2.1.0; mosquitto 2.0.20", "Connection Refused: unacceptable protocol version.", "CONNACK 1: the broker does not speak the client's MQTT version", "database.mqtt_connack_refused", PAHO + "; " + MOSQ, 0.9),
    L("paho-mqtt / mosquitto (MQTT 3.1.1)", "paho 2.1.0; mosquitto 2.0.20", "Connection Refused: identifier rejected.", "CONNACK 2: the client id is not accepted (empty with clean session off, too long, or in use)", "database.mqtt_connack_refused", PAHO + "; " + MOSQ, 0.9),
    L("paho-mqtt / mosquitto (MQTT 3.1.1)", "paho 2.1.0; mosquitto 2.0.20", "Connection Refused: broker unavailable.", "CONNACK 3: the broker is up but not accepting connections", "database.mqtt_connack_refused", PAHO + "; " + MOSQ, 0.9),
    L("paho-mqtt / mosquitto (MQTT 3.1.1)", "paho 2.1.0; mosquitto 2.0.20", "Connection Refused: bad user name or password.", "CONNACK 4: wrong credentials", "database.mqtt_not_authorized", PAHO + "; " + MOSQ, 0.95),
    L("paho-mqtt / mosquitto (MQTT 3.1.1)", "paho 2.1.0; mosquitto 2.0.20", "Connection Refused: not authorised.", "CONNACK 5: the broker does not allow this client (no anonymous access, ACL, or a client certificate required)", "database.mqtt_not_authorized", PAHO + "; " + MOSQ, 0.95),
    L("mosquitto_pub / mosquitto_sub (MQTT 5)", "2.0.20", "Connection error: Bad User Name or Password", "CONNACK reason 0x86: wrong credentials", "database.mqtt_not_authorized", MOSQ_CLIENT + "; " + MOSQ + " (mosquitto_reason_string 134)", 0.92),
    L("mosquitto_pub / mosquitto_sub (MQTT 5)", "2.0.20", "Connection error: Not authorized", "CONNACK reason 0x87: the broker does not allow this client (ACL, anonymous access off, or a client certificate required)", "database.mqtt_not_authorized", MOSQ_CLIENT + "; " + MOSQ + " (mosquitto_reason_string 135)", 0.92),
    L("mosquitto_pub / mosquitto_sub (MQTT 5)", "2.0.20", "Connection error: Unsupported Protocol Version", "CONNACK reason 0x84: the broker does not do the MQTT version asked for", "database.mqtt_connack_refused", MOSQ_CLIENT + "; " + MOSQ + " (mosquitto_reason_string 132)", 0.92),
    L("mosquitto_pub / mosquitto_sub (MQTT 5)", "2.0.20", "Connection error: Client Identifier not valid", "CONNACK reason 0x85: the client id is not valid", "database.mqtt_connack_refused", MOSQ_CLIENT + "; " + MOSQ + " (mosquitto_reason_string 133)", 0.92),
    L("mosquitto_pub / mosquitto_sub (MQTT 5)", "2.0.20", "Connection error: Server unavailable", "CONNACK reason 0x88: the broker is not available", "database.mqtt_connack_refused", MOSQ_CLIENT + "; " + MOSQ + " (mosquitto_reason_string 136)", 0.92),
    L("mosquitto_pub / mosquitto_sub (MQTT 5)", "2.0.20", "Connection error: Banned", "CONNACK reason 0x8A: the broker banned this client", "database.mqtt_not_authorized", MOSQ_CLIENT + "; " + MOSQ + " (mosquitto_reason_string 138)", 0.92),
    L("mosquitto clients", "2.0.20", "A TLS error occurred.", "MOSQ_ERR_TLS: the TLS handshake with the broker failed (CA file, certificate, or a plaintext port 1883 used with TLS)", "database.mqtt_tls_failed", MOSQ + " (mosquitto_strerror MOSQ_ERR_TLS)", 0.85, "Error: A TLS error occurred."),
    L("mosquitto clients", "2.0.20", "TLS handshake failed.", "MOSQ_ERR_TLS_HANDSHAKE: the TLS handshake with the broker failed", "database.mqtt_tls_failed", MOSQ + " (mosquitto_strerror MOSQ_ERR_TLS_HANDSHAKE)", 0.85, "Error: TLS handshake failed."),
    L("mosquitto clients", "2.0.20", "The connection was lost.", "the broker closed the connection (often a TLS listener met in plaintext, or a duplicate client id)", "database.mqtt_connection_lost", MOSQ + " (mosquitto_strerror MOSQ_ERR_CONN_LOST)", 0.75, "Error: The connection was lost."),
    L("mosquitto clients", "2.0.20", "A network protocol error occurred when communicating with the broker.", "the bytes from the broker are not MQTT: a TLS listener met in plaintext, or not a broker", "database.mqtt_connection_lost", MOSQ + " (mosquitto_strerror MOSQ_ERR_PROTOCOL)", 0.75, "Error: A network protocol error occurred when communicating with the broker."),
)

from .messages_mongodb import ROWS as _MONGO_DRIVERS  # noqa: E402  (the Node driver and more of PyMongo)
from .messages_mssql import ROWS as _MSSQL_JDBC  # noqa: E402  (mssql-jdbc)

INVENTORY = Table("database_tool_lines", _PG + _MYSQL + _MONGO + _MONGO_DRIVERS + _MSSQL + _MSSQL_JDBC + _REDIS + _LDAP + _MQTT,
                  "What database, Redis, LDAP and MQTT clients print when a connection, TLS or authentication fails")
