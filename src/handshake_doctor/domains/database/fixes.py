"""The database domain's one fixes table, by finding code (explain and any later probe share it).

Why a table: the same cause (sslmode, require_secure_transport, caching_sha2_password) is reached
from many clients' wordings (libpq, pgjdbc, node-postgres, asyncpg, Connector/J, PyMySQL...);
every one of them must get the same advice, for the user's stack.
"""

from __future__ import annotations

from ...model import Fix, Snippet

S = Snippet
PG_CLIENT = Fix(
    "Client side: choose the sslmode you need — require/verify-full when the server has TLS, prefer/disable when it has not.",
    "client",
    "psql 'host=HOST dbname=DB user=USER sslmode=require'",
    (
        S("shell", "psql 'postgresql://USER@HOST:5432/DB?sslmode=verify-full&sslrootcert=/path/root.crt'"),
        S("python", "psycopg.connect('host=HOST dbname=DB user=USER sslmode=require')"),
        S("java", "jdbc:postgresql://HOST:5432/DB?sslmode=require"),
        S("nodejs", "new pg.Client({ host: 'HOST', ssl: { rejectUnauthorized: true, ca: fs.readFileSync('root.crt') } })"),
    ),
)
PG_SERVER = Fix(
    "Server side: turn TLS on in postgresql.conf (certificate and key readable by the server) and reload.",
    "server",
    "psql -c 'SHOW ssl'",
    (S("shell", "# postgresql.conf\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'   # mode 0600, owned by postgres\n# then: SELECT pg_reload_conf();"),),
)
PG_HBA = Fix(
    "Client side: connect with TLS (sslmode=require); or, server side, add a 'host' (not only 'hostssl') line in pg_hba.conf if plaintext is acceptable.",
    "client",
    "psql 'host=HOST dbname=DB user=USER sslmode=require'",
    (S("shell", "# pg_hba.conf\nhostssl  all  all  0.0.0.0/0  scram-sha-256"),),
)
PG_PORT = Fix(
    "Check host and port: the answer came from something that is not PostgreSQL (an HTTP server answers 'H', an SSH server 'S').",
    "client",
    "nc -v HOST 5432 </dev/null | head -c 64 | xxd",
)
MYSQL_CLIENT = Fix(
    "Client side: connect with TLS.",
    "client",
    "mysql --ssl-mode=REQUIRED -h HOST -u USER -p",
    (
        S("python", "mysql.connector.connect(host='HOST', user='USER', password='...', ssl_ca='/path/ca.pem')"),
        S("java", "jdbc:mysql://HOST:3306/DB?sslMode=REQUIRED"),
        S("shell", "mariadb --ssl -h HOST -u USER -p"),
    ),
)
MYSQL_SERVER = Fix(
    "Server side: give the server a certificate (ssl_cert/ssl_key/ssl_ca in my.cnf) and check `SHOW VARIABLES LIKE 'have_ssl'`; or, if the network is trusted, connect with --ssl-mode=PREFERRED/DISABLED.",
    "server",
    "mysql -e \"SHOW VARIABLES LIKE '%ssl%'\"",
    (S("shell", "# my.cnf\n[mysqld]\nssl_ca   = /etc/mysql/ca.pem\nssl_cert = /etc/mysql/server-cert.pem\nssl_key  = /etc/mysql/server-key.pem\nrequire_secure_transport = ON"),),
)
MYSQL_SHA2 = Fix(
    "Either connect with TLS (the password then travels inside it), or let the client fetch the server's RSA public key (or give it the key file) so it can encrypt the password on a plain connection.",
    "client",
    "mysql --ssl-mode=REQUIRED -h HOST -u USER -p   # or: mysql --get-server-public-key -h HOST -u USER -p",
    (
        S("java", "jdbc:mysql://HOST:3306/DB?sslMode=REQUIRED   // or, on a trusted network: ?allowPublicKeyRetrieval=true&sslMode=DISABLED"),
        S("python", "pip install 'PyMySQL[rsa]'   # PyMySQL needs the cryptography package for caching_sha2_password without TLS"),
        S("shell", "mysqldump --get-server-public-key -h HOST -u USER -p DB > dump.sql"),
    ),
)
FIXES: dict[str, list[Fix]] = {
    "database.mysql_caching_sha2_insecure": [MYSQL_SHA2],
    "database.pg_server_no_ssl": [PG_SERVER, PG_CLIENT],
    "database.pg_not_postgres": [PG_PORT],
    "database.pg_ssl_required": [PG_HBA],
    "database.pg_closed_during_tls": [Fix("Read the PostgreSQL server log at that time, and check for a proxy/load balancer in front of it.", "server", "journalctl -u postgresql --since '-10 min'")],
    "database.mysql_secure_transport_required": [MYSQL_CLIENT],
    "database.mysql_server_no_ssl": [MYSQL_SERVER],
    "database.mysql_ssl_error": [MYSQL_SERVER, MYSQL_CLIENT],
    "database.pg_ssl_accepted": [],
}
