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
        # observed with the MariaDB 10.11.19 client: --ssl alone falls back to plaintext when the
        # server offers no TLS; --ssl-verify-server-cert makes it refuse (ERROR 2026)
        S("shell", "mariadb --ssl --ssl-verify-server-cert -h HOST -u USER -p"),
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
    # analyze: a session read from a capture that went on without TLS
    "database.plaintext_session": [PG_SERVER, PG_CLIENT, MYSQL_CLIENT],
    "database.mysql_caching_sha2_insecure": [MYSQL_SHA2],
    "database.pg_server_no_ssl": [PG_SERVER, PG_CLIENT],
    "database.pg_not_postgres": [PG_PORT],
    "database.pg_ssl_required": [PG_HBA],
    "database.pg_closed_during_tls": [Fix("Read the PostgreSQL server log at that time, and check for a proxy/load balancer in front of it.", "server", "journalctl -u postgresql --since '-10 min'")],
    "database.mysql_secure_transport_required": [MYSQL_CLIENT],
    "database.mysql_login_denied_without_tls": [MYSQL_CLIENT, Fix("If the login is also denied with TLS, check the account as the server sees it (user@host), its password and grants.", "server",
                                                                  "mariadb -e \"SELECT user, host, plugin FROM mysql.user; SHOW GLOBAL VARIABLES LIKE 'require_secure_transport'\"")],
    "database.mysql_server_no_ssl": [MYSQL_SERVER],
    "database.mysql_ssl_error": [MYSQL_SERVER, MYSQL_CLIENT],
    "database.pg_ssl_accepted": [],
    # the tools' inventory (tool_messages.py)
    'database.pg_connection_refused': [Fix('Check the server runs and listens where the client looks: listen_addresses and port in postgresql.conf, the socket directory, and a firewall in between.', 'server', 'pg_isready -h HOST -p 5432; ss -ltnp | grep 5432')],
    'database.pg_cert_hostname_mismatch': [Fix('Connect with the name the certificate carries (or reissue the certificate with this name in subjectAltName); verify-ca checks the chain without the name.', 'client', 'openssl s_client -starttls postgres -connect HOST:5432 </dev/null | openssl x509 -noout -ext subjectAltName')],
    'database.pg_root_cert_missing': [Fix('Give the client the CA that signed the server certificate: sslrootcert=/path/ca.crt (libpq 16+: sslrootcert=system for the OS store).', 'client', "psql 'host=HOST dbname=DB sslmode=verify-full sslrootcert=/path/ca.crt'")],
    'database.pg_key_permissions': [Fix("Make the key the certificate's own and private to its owner (chmod 600), or point sslkey at the right file.", 'client', 'chmod 600 ~/.postgresql/postgresql.key && openssl x509 -noout -pubkey -in ~/.postgresql/postgresql.crt | diff - <(openssl pkey -pubout -in ~/.postgresql/postgresql.key)')],
    'database.pg_no_password': [Fix('Give the password: PGPASSWORD, a ~/.pgpass line (host:port:db:user:password, mode 600), or the password in the connection string.', 'client', "echo 'HOST:5432:DB:USER:PASSWORD' >> ~/.pgpass && chmod 600 ~/.pgpass")],
    'database.pg_channel_binding': [Fix('Use TLS with SCRAM-SHA-256 end to end (no pooler terminating authentication), or set channel_binding=prefer.', 'client', "psql 'host=HOST dbname=DB sslmode=require channel_binding=prefer'")],
    'database.pg_auth_failed': [Fix('Check the user and password; reset the password as a superuser if needed (ALTER ROLE ... PASSWORD), and read the server log for the pg_hba line that matched.', 'server', 'psql -U postgres -c "ALTER ROLE app PASSWORD \'new\'"')],
    'database.pg_no_hba_entry': [Fix("Add a matching line to pg_hba.conf for this encryption (hostssl for 'SSL encryption', hostgssenc for 'GSS encryption', host for either), database (or 'replication'), user and the client's address in CIDR form (10.0.0.7/32), with scram-sha-256, and reload.", 'server', "echo 'hostssl shop app 10.0.0.7/32 scram-sha-256' >> $PGDATA/pg_hba.conf && psql -c 'SELECT pg_reload_conf()'")],
    'database.pg_hba_reject': [Fix("pg_hba.conf is read top to bottom and the first matching line decides: move a host/hostssl line for this address (CIDR, e.g. 10.0.0.7/32), user and database above the 'reject' line, or narrow the reject line; then reload.", 'server', "psql -c 'SELECT line_number, type, database, user_name, address, auth_method FROM pg_hba_file_rules' && psql -c 'SELECT pg_reload_conf()'")],
    'database.pg_peer_auth_failed': [Fix("Run the client as the operating-system user of the same name (sudo -u postgres psql), connect over TCP (-h localhost) to use the password line, or map the OS user to the database user in pg_ident.conf (map=NAME on the peer line) and reload.", 'client', "sudo -u postgres psql   # or: psql -h localhost -U app shop")],
    'database.mongodb_ip_not_allowed': [Fix("Add this client's public IP (what the cluster sees: behind NAT or a cloud egress, not the private address) to Atlas > Network Access > IP Access List, or peer/private-link the network; wait for the entry to become Active, then retry.", 'server', "curl -s https://checkip.amazonaws.com   # the address to add; atlas accessLists create IP --type ipAddress")],
    'database.pg_database_missing': [Fix('List the databases and use an existing name (without dbname, libpq uses the user name).', 'client', 'psql -h HOST -U USER -l')],
    'database.pg_too_many_clients': [Fix("Use a connection pool (PgBouncer, the driver's pool) and close idle connections, or raise max_connections (needs a restart).", 'server', "psql -c 'SELECT count(*), state FROM pg_stat_activity GROUP BY state'")],
    'database.pg_starting_up': [Fix('Wait and retry (pg_isready tells when it accepts connections); a start-up that never ends is in recovery: read the server log.', 'server', "pg_isready -h HOST; journalctl -u postgresql --since '-10 min'")],
    'database.mysql_cant_connect': [Fix('Check the server runs and listens (bind-address, port, socket) and that a firewall lets 3306 through.', 'server', 'mysqladmin -h HOST -P 3306 ping; ss -ltnp | grep 3306')],
    'database.mysql_server_gone': [Fix("Reconnect (pool with a validation query / pool_pre_ping); raise max_allowed_packet for big rows; read the server's error log for a restart.", 'client', 'mysql -e "SHOW VARIABLES WHERE Variable_name IN (\'wait_timeout\',\'max_allowed_packet\')"')],
    'database.mysql_auth_plugin_missing': [
        Fix("Use a client that has the account's plugin: for MySQL 8's caching_sha2_password a MySQL 8 client library, mysql2 instead of mysql (Node.js), PyMySQL 0.9+ or mysql-connector.", 'client', '',
            (S('nodejs', "const mysql = require('mysql2');   // implements caching_sha2_password; the mysql package does not"),
             S('python', "pip install 'PyMySQL[rsa]'   # caching_sha2_password (RSA for the first login without TLS)"))),
        Fix('Or, where the server still has it (MySQL 8.0; 8.4 only with mysql_native_password=ON), move the account to a plugin the old client knows.', 'server', 'mysql -e "ALTER USER \'app\'@\'%\' IDENTIFIED WITH mysql_native_password BY \'pw\'"'),
    ],
    'database.mysql_access_denied': [Fix('Check the account as the server sees it (user@host) and its grants.', 'server', 'mysql -e "SELECT user, host, plugin FROM mysql.user; SHOW GRANTS FOR \'app\'@\'%\'"')],
    'database.mysql_host_not_allowed': [Fix("Create the account for the client's host (user@'10.0.0.%'), or unblock it after fixing the failing client.", 'server', "mysql -e 'FLUSH HOSTS'   # MySQL 8.0.23+: TRUNCATE performance_schema.host_cache")],
    'database.mysql_too_many_connections': [Fix('Pool connections and close idle ones, or raise max_connections.', 'server', 'mysql -e "SHOW STATUS LIKE \'Threads_connected\'; SHOW VARIABLES LIKE \'max_connections\'"')],
    'database.mongo_server_selection_timeout': [Fix('Read the error after the host:port in the message (refused, timed out, TLS); check the host list, replicaSet name, and that the driver can reach every member.', 'client', "mongosh 'mongodb://HOST:27017/?serverSelectionTimeoutMS=5000' --eval 'db.runCommand({ping:1})'")],
    'database.mongo_tls_error': [Fix("Give the driver the CA that signed the server certificate (tlsCAFile) and connect with the certificate's host name.", 'client', "mongosh 'mongodb://HOST:27017/?tls=true&tlsCAFile=/path/ca.pem'")],
    'database.mongo_auth_failed': [Fix('Set authSource to the database the user was created in (often admin) and check the password (URL-encode special characters).', 'client', "mongosh 'mongodb://USER:PASSWORD@HOST:27017/DB?authSource=admin'")],
    'database.mongo_dns_failed': [Fix('Check the host name (for mongodb+srv: the cluster name) resolves, with SRV records, from this machine; if the local resolver does not serve SRV, use another DNS server or the standard mongodb:// seed list.', 'client', 'nslookup -type=SRV _mongodb._tcp.CLUSTER.mongodb.net')],
    'database.mongo_connection_closed': [Fix("Connect with tls=true if the server requires TLS, and check this client's IP is on the server's allow list (Atlas Network Access); then read the server log for the reason.", 'client', "mongosh 'mongodb://HOST:27017/?tls=true' --eval 'db.runCommand({ping:1})'")],
    'database.mongo_incompatible_server': [Fix('Use a driver version that supports this server version (the driver compatibility table in the MongoDB docs), or upgrade the server.', 'client')],
    'database.mssql_encryption_unsupported': [Fix('Configure a certificate for SQL Server (SQL Server Configuration Manager, Protocols, Certificate) and restart it, or connect with encrypt=false on a trusted network.', 'server')],
    'database.mssql_encryption_required': [Fix('Connect with encryption (JDBC encrypt=true, ODBC Encrypt=yes) and trust the server certificate properly.', 'client', "jdbc:sqlserver://HOST:1433;encrypt=true;trustServerCertificate=false;trustStore=/path/truststore.jks")],
    'database.mssql_cert_name_mismatch': [Fix("Connect with the name that is in the server certificate, or set hostNameInCertificate to it (JDBC) / HostNameInCertificate (SqlClient).", 'client', "jdbc:sqlserver://10.0.0.5:1433;encrypt=true;hostNameInCertificate=sql01.corp.example")],
    'database.mssql_cert_untrusted': [Fix('Give the server a certificate from a CA the client trusts; for a test server only, add TrustServerCertificate=True (ODBC: TrustServerCertificate=yes).', 'client', 'sqlcmd -S HOST -C   # -C = trust the server certificate (tests only)')],
    'database.mssql_tds8_unsupported_client': [
        Fix("Connect with a client that speaks TDS 8.0 and ask for strict encryption: SSMS 20+ (Encryption: Strict), Microsoft.Data.SqlClient 5.0+ or ODBC Driver 18.1+ with Encrypt=Strict, mssql-jdbc 11.2+ with encrypt=strict; strict mode always validates the server certificate.", 'client', "sqlcmd -S tcp:HOST,1433 -N s -Q 'SELECT 1'   # go-sqlcmd: -N s = strict (TDS 8.0)",
            (S('dotnet', 'var cs = "Server=HOST;Database=DB;Encrypt=Strict;HostNameInCertificate=HOST";   // Microsoft.Data.SqlClient 5.0+'),
             S('java', 'jdbc:sqlserver://HOST:1433;databaseName=DB;encrypt=strict   // mssql-jdbc 11.2+'))),
        Fix("Or, while TDS 7.x clients remain, set Force Strict Encryption back to No on the server (SQL Server Configuration Manager, Protocols for the instance, Properties) and keep Force Encryption for TLS inside TDS 7.x.", 'server'),
    ],
    'database.mssql_prelogin_failed': [Fix("Check TLS 1.2 is enabled on the server and client, the server certificate, and that the port is SQL Server's.", 'server', 'openssl s_client -connect HOST:1433 </dev/null   # TDS wraps TLS: use sqlcmd -S HOST -N for the real handshake')],
    'database.mssql_connect_failed': [Fix("Check the server name and instance, that TCP/IP is enabled in SQL Server Configuration Manager, and that port 1433 (or the instance's port) is reachable.", 'server', "sqlcmd -S tcp:HOST,1433 -Q 'SELECT 1'")],
    'database.mssql_login_failed': [Fix("Check the login and password, that SQL Server authentication is enabled (mixed mode), and the server's error log for the 18456 state number.", 'server')],
    'database.redis_auth_required': [Fix('Give the client the password (and user for ACLs): redis://USER:PASSWORD@HOST:6379.', 'client', 'redis-cli -h HOST --user USER --pass PASSWORD PING')],
    'database.redis_wrong_pass': [Fix('Check which server the client reaches and its users (ACL LIST); send AUTH with the user the password belongs to.', 'client', 'redis-cli -h HOST ACL WHOAMI')],
    'database.redis_protected_mode': [Fix('Set a password (requirepass or an ACL user) and bind the address you need; turn protected-mode off only on a trusted network.', 'server', "redis-cli CONFIG SET requirepass 'long-random-password'")],
    'database.redis_connection_failed': [Fix('Check the server runs and listens on that address (bind, port), and that a firewall lets 6379 through.', 'server', 'redis-cli -h HOST -p 6379 PING')],
    'database.redis_tls_mismatch': [Fix('Use rediss:// (redis-cli --tls --cacert CA) for a TLS port, redis:// for a plaintext one.', 'client', 'redis-cli -h HOST -p 6380 --tls --cacert /path/ca.crt PING')],
    'database.ldap_server_down': [Fix('Run the tool with -d 1 to see whether TCP or TLS fails; for ldaps:// set TLS_CACERT in ldap.conf to the CA that signed the server certificate.', 'client', "ldapsearch -H ldaps://HOST -x -b '' -s base -d 1")],
    'database.ldap_start_tls_failed': [Fix("Trust the server's CA (TLS_CACERT in /etc/ldap/ldap.conf) and check the server has a certificate (olcTLSCertificateFile).", 'client', 'LDAPTLS_CACERT=/path/ca.crt ldapwhoami -H ldap://HOST -x -ZZ')],
    'database.ldap_invalid_credentials': [Fix('Check the full bind DN (not only the user name) and the password.', 'client', "ldapwhoami -H ldap://HOST -x -D 'cn=app,dc=example,dc=com' -W")],
    'database.ldap_confidentiality_required': [Fix('Use StartTLS (-ZZ) or ldaps:// for the bind.', 'client', 'ldapsearch -H ldap://HOST -x -ZZ -D DN -W')],
    'database.mqtt_connack_refused': [Fix('Match the protocol version the broker speaks (-V mqttv311 / mqttv5) and give a unique, valid client id.', 'client', 'mosquitto_sub -h HOST -p 1883 -V mqttv311 -i unique-client-id -t test -C 1')],
    'database.mqtt_not_authorized': [Fix('Give the user and password the broker knows (mosquitto: password_file; allow_anonymous false needs them), or the client certificate it requires.', 'client', 'mosquitto_sub -h HOST -u USER -P PASSWORD -t test -C 1')],
    'database.mqtt_tls_failed': [Fix("Use the broker's TLS port (8883) with its CA file.", 'client', 'mosquitto_sub -h HOST -p 8883 --cafile /path/ca.crt -t test -C 1 -d')],
    'database.mqtt_connection_lost': [Fix('Check port and TLS match the listener (1883 plaintext, 8883 TLS) and that no other client uses the same id; read the broker log.', 'client', 'mosquitto_sub -h HOST -p 1883 -t test -C 1 -d')],
}
