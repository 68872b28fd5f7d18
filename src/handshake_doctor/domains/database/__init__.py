"""Domain `database`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import Spotting, ToolMark
    from ...knowledge.table import Table

    _CR = "MySQL 8.0 client error reference (CR_* numbers, 'ERROR NNNN (SQLSTATE): ...' as printed by the mysql client)"
    return Spotting(
        tools=Table("database_tool_lines", (
            ToolMark("psql:", "psql", "PostgreSQL src/bin/psql (program-name prefix 'psql: error: ...')"),
            ToolMark("libpq", "libpq", "PostgreSQL src/interfaces/libpq (library name)"),
            ToolMark("pq:", "Go lib/pq", "lib/pq error.go ('pq: ' prefix)"),
            ToolMark("psycopg", "psycopg", "psycopg/psycopg (psycopg2.OperationalError, psycopg.OperationalError)"),
            ToolMark("asyncpg", "asyncpg", "MagicStack/asyncpg (exception module path)"),
            ToolMark("org.postgresql", "pgjdbc", "pgjdbc (org.postgresql.util.PSQLException)"),
            ToolMark("sqlstate", "SQL clients", "ISO/IEC 9075 SQLSTATE (quoted by JDBC, ODBC, libpq)"),
            ToolMark("error 1045 (28000)", "mysql client", _CR + " (ER_ACCESS_DENIED_ERROR)"),
            ToolMark("error 2002 (hy000)", "mysql client", _CR + " (CR_CONNECTION_ERROR)"),
            ToolMark("error 2003 (hy000)", "mysql client", _CR + " (CR_CONN_HOST_ERROR)"),
            ToolMark("error 2026 (hy000)", "mysql client", _CR + " (CR_SSL_CONNECTION_ERROR)"),
            ToolMark("error 2059 (hy000)", "mysql client", _CR + " (CR_AUTH_PLUGIN_CANNOT_LOAD)"),
            ToolMark("error 3159 (hy000)", "mysql client", _CR + " (ER_SECURE_TRANSPORT_REQUIRED)"),
            ToolMark("mysql", "MySQL clients", "MySQL / Connector names in messages"),
            ToolMark("mariadb", "MariaDB clients", "MariaDB client names in messages"),
            ToolMark("mongo", "MongoDB drivers", "MongoDB drivers (MongoServerSelectionError, mongosh)"),
            ToolMark("redis", "Redis clients", "redis-cli / redis-py (program and module names)"),
            ToolMark("ldap_", "OpenLDAP", "OpenLDAP libldap (ldap_sasl_bind, ldap_start_tls names in ldapsearch's messages)"),
            ToolMark("pre-login handshake", "SQL Server clients", "Microsoft SqlClient ('A connection was successfully established with the server, but then an error occurred during the pre-login handshake')"),
        )),
        context=(
            r"\b(?:postgres\w{0,4}|psql|libpq|pg_hba|sslmode|mysql\w{0,4}|mariadb|jdbc|psycopg\d?|asyncpg|pgjdbc|database|sqlstate|caching_sha2_password|sha256_password|mysqlx?|pg::\w{0,30}|mongo\w{0,10}|redis|ldap\w{0,10}|sql ?server|mssql|5432|3306|27017|6379)\b",
            r"\berror \d{4} \([0-9a-z]{5}\)",
            r"\baccess denied for user\b",
        ),
        checklist=(
            "Read the whole server-side message: the database's log at that time says why it refused (pg_hba.conf line, user, TLS requirement).",
            "Check host, port, user and database in the connection string, and the TLS mode the client asks for (sslmode / ssl-mode).",
            "Try the same connection with the stock client (psql, mysql, mongosh, redis-cli) to separate the driver from the server.",
        ),
        carries=("tls", "net"),
    )
