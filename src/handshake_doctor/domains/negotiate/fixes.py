"""The fixes of the `negotiate` domain: one table, looked up by (code, protocol), for both sides:
the server's configuration and the client library the user runs (pure data).

Placeholders ``{host} {port} {url} {hostport} {counterpart} {plain} {implicit}`` are filled by
the judge. Sources: each server's and library's own documentation for the option named (the
option names carry over; the snippets are written here).
"""

from __future__ import annotations

from ...model import Fix, Snippet

S = Snippet

PG_SERVER_TLS = Fix("Server: turn TLS on in postgresql.conf (ssl = on, with the certificate and key), then reload", "server",
                    "psql -c 'ALTER SYSTEM SET ssl = on' && psql -c 'SELECT pg_reload_conf()'",
                    (S("shell", "# postgresql.conf\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'   # chmod 600, owned by postgres"),))
PG_CLIENT_REQUIRE = Fix("Client: require TLS and verify the server (sslmode=verify-full with the CA), in the driver you use", "client",
                        "psql 'postgresql://USER@{hostport}/DB?sslmode=verify-full&sslrootcert=ca.pem'",
                        (S("python", "psycopg.connect('host={host} port={port} dbname=DB user=USER sslmode=verify-full sslrootcert=ca.pem')"),
                         S("python", "await asyncpg.connect(host='{host}', port={port}, user='USER', ssl=ssl.create_default_context(cafile='ca.pem'))  # asyncpg"),
                         S("nodejs", "new pg.Client({{host: '{host}', port: {port}, ssl: {{ca: fs.readFileSync('ca.pem'), rejectUnauthorized: true}}}})  // node-postgres"),
                         S("java", "jdbc:postgresql://{hostport}/DB?sslmode=verify-full&sslrootcert=/path/ca.pem  // pgjdbc"),
                         S("go", "postgres://USER@{hostport}/DB?sslmode=verify-full&sslrootcert=ca.pem  // pgx, lib/pq")))
PG_CLIENT_PLAIN = Fix("Client (trusted network only): stop requiring TLS", "client", "psql 'postgresql://USER@{hostport}/DB?sslmode=prefer'",
                      (S("python", "psycopg.connect('... sslmode=prefer')"), S("nodejs", "ssl: false  // node-postgres"), S("java", "?sslmode=prefer  // pgjdbc")))
MY_SERVER_TLS = Fix("Server: give MariaDB/MySQL a certificate and key ([mysqld] ssl_cert, ssl_key, ssl_ca), then restart", "server", "",
                    (S("shell", "# /etc/mysql/mariadb.conf.d/50-server.cnf\n[mysqld]\nssl_cert = /etc/mysql/server.crt\nssl_key  = /etc/mysql/server.key\nssl_ca   = /etc/mysql/ca.pem\n# check: mariadb -e \"SHOW GLOBAL VARIABLES LIKE 'have_ssl'\""),))
MY_CLIENT_TLS = Fix("Client: use TLS (and verify it) in the connector you use", "client", "mariadb -h {host} -P {port} -u USER -p --ssl-verify-server-cert --ssl-ca=ca.pem",
                    (S("shell", "mysql -h {host} -P {port} -u USER -p --ssl-mode=VERIFY_IDENTITY --ssl-ca=ca.pem"),
                     S("python", "pymysql.connect(host='{host}', port={port}, user='USER', password=..., ssl={{'ca': 'ca.pem'}})  # PyMySQL; mysql-connector: ssl_ca='ca.pem', ssl_verify_identity=True"),
                     S("nodejs", "mysql2.createConnection({{host: '{host}', port: {port}, ssl: {{ca: fs.readFileSync('ca.pem')}}}})"),
                     S("java", "jdbc:mysql://{hostport}/DB?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:truststore.jks  // Connector/J"),
                     S("go", "user:pass@tcp({hostport})/db?tls=true  // go-sql-driver/mysql (tls=custom with RegisterTLSConfig for a private CA)")))
SMTP_SERVER_TLS = Fix("Server: offer STARTTLS (Postfix: smtpd_tls_cert_file, smtpd_tls_key_file, smtpd_tls_security_level = may; Exim: tls_certificate; aiosmtpd: tls_context)", "server",
                      "postconf -e 'smtpd_tls_cert_file=/etc/ssl/mail.pem' 'smtpd_tls_key_file=/etc/ssl/mail.key' 'smtpd_tls_security_level=may' && postfix reload")
SMTP_CLIENT_STARTTLS = Fix("Client: on this port connect in plaintext, then STARTTLS", "client", "curl --ssl-reqd smtp://{hostport} -v  # (add your --mail-from etc.)",
                           (S("python", "s = smtplib.SMTP('{host}', {port}); s.starttls(context=ssl.create_default_context())"),
                            S("nodejs", "nodemailer.createTransport({{host: '{host}', port: {port}, secure: false, requireTLS: true}})"),
                            S("shell", "openssl s_client -starttls smtp -connect {hostport} -crlf")))
SMTP_CLIENT_IMPLICIT = Fix("Client: on this port start TLS at once (implicit TLS, 'SSL'), not STARTTLS", "client", "curl smtps://{hostport} -v",
                           (S("python", "s = smtplib.SMTP_SSL('{host}', {port}, context=ssl.create_default_context())"),
                            S("nodejs", "nodemailer.createTransport({{host: '{host}', port: {port}, secure: true}})"),
                            S("shell", "openssl s_client -connect {hostport} -crlf")))
DOVECOT_TLS = Fix("Server: turn TLS on in Dovecot (ssl = yes or required, ssl_cert = </path/cert.pem, ssl_key = </path/key.pem)", "server", "doveconf -n | grep ^ssl")
FTP_SERVER_TLS = Fix("Server: turn on AUTH TLS (vsftpd: ssl_enable=YES, rsa_cert_file, rsa_private_key_file; proftpd: TLSEngine on)", "server")
LDAP_SERVER_TLS = Fix("Server: give slapd a certificate (olcTLSCertificateFile, olcTLSCertificateKeyFile, olcTLSCACertificateFile in cn=config)", "server",
                      "ldapmodify -Y EXTERNAL -H ldapi:/// -f tls.ldif  # replace: olcTLSCertificateFile / olcTLSCertificateKeyFile")
LDAP_CLIENT = Fix("Client: StartTLS on the plain port (ldap:// with -ZZ), or ldaps:// on the TLS port: not both", "client", "ldapsearch -H ldap://{hostport} -ZZ -x -s base -b '' namingContexts",
                  (S("python", "conn = ldap3.Connection(ldap3.Server('{host}', port={port}), auto_bind=ldap3.AUTO_BIND_TLS_BEFORE_BIND)"),))
REDIS_SERVER_TLS = Fix("Server: listen with TLS (redis.conf: tls-port, tls-cert-file, tls-key-file, tls-ca-cert-file; 'port 0' turns plaintext off)", "server", "",
                       (S("shell", "# redis.conf\nport 0\ntls-port 6380\ntls-cert-file /etc/redis/redis.crt\ntls-key-file /etc/redis/redis.key\ntls-ca-cert-file /etc/redis/ca.crt\ntls-auth-clients optional   # 'yes' (default) requires client certificates"),))
REDIS_CLIENT_TLS = Fix("Client: speak TLS to this port (rediss://)", "client", "redis-cli -h {host} -p {port} --tls --cacert ca.pem PING",
                       (S("python", "redis.Redis.from_url('rediss://{hostport}/0', ssl_ca_certs='ca.pem')  # redis-py"),
                        S("nodejs", "new Redis('rediss://{hostport}', {{tls: {{ca: fs.readFileSync('ca.pem')}}}})  // ioredis")))
REDIS_CLIENT_PLAIN = Fix("Client: this port speaks plaintext Redis: use redis:// (or the server's tls-port)", "client", "redis-cli -h {host} -p {port} PING",
                         (S("python", "redis.Redis.from_url('redis://{hostport}/0')  # redis-py"), S("nodejs", "new Redis('redis://{hostport}')  // ioredis")))
MQTT_SERVER_TLS = Fix("Server: add a TLS listener to mosquitto (listener 8883 with certfile, keyfile, cafile)", "server", "",
                      (S("shell", "# mosquitto.conf\nlistener 8883\ncertfile /etc/mosquitto/certs/server.crt\nkeyfile /etc/mosquitto/certs/server.key\ncafile /etc/mosquitto/certs/ca.crt"),))
MQTT_CLIENT_TLS = Fix("Client: speak TLS to this port", "client", "mosquitto_pub -h {host} -p {port} --cafile ca.pem -t test -m hi",
                      (S("python", "client.tls_set(ca_certs='ca.pem'); client.connect('{host}', {port})  # paho-mqtt"),))
MQTT_CLIENT_PLAIN = Fix("Client: this port speaks plaintext MQTT: drop TLS, or use the TLS listener (8883)", "client", "mosquitto_pub -h {host} -p {port} -t test -m hi",
                        (S("python", "client.connect('{host}', {port})  # paho-mqtt, no tls_set()"),))
CHECK_PORT = Fix("Client: check the port: probe what answers there and use the scheme it names", "client", "hsdoctor probe {hostport}")

FIXES: dict[tuple[str, str], tuple[Fix, ...]] = {
    ("negotiate.tls_not_offered", "postgres"): (PG_SERVER_TLS, PG_CLIENT_PLAIN),
    ("negotiate.plaintext_fallback", "postgres"): (PG_SERVER_TLS, PG_CLIENT_REQUIRE),
    ("negotiate.tls_required", "postgres"): (
        Fix("Client: connect with TLS (the server's pg_hba.conf has only hostssl lines for this client)", "client",
            "psql 'postgresql://USER@{hostport}/DB?sslmode=require'", PG_CLIENT_REQUIRE.snippets),
        Fix("Server (trusted network only): allow plaintext for this client with a 'host' (not 'hostssl') line in pg_hba.conf", "server",
            "grep -n hostssl \"$(psql -Atc 'SHOW hba_file')\""),
    ),
    ("negotiate.plaintext_only", "postgres"): (
        Fix("Server: let TLS clients in: change the 'hostnossl' line to 'hostssl' (or 'host') in pg_hba.conf, then reload", "server",
            "grep -n hostnossl \"$(psql -Atc 'SHOW hba_file')\" && psql -c 'SELECT pg_reload_conf()'"),
        Fix("Client (trusted network only): sslmode=disable matches a hostnossl rule", "client", "psql 'postgresql://USER@{hostport}/DB?sslmode=disable'"),
    ),
    ("negotiate.tls_refused", "postgres"): (PG_SERVER_TLS,),
    ("negotiate.unverified_tls", "postgres"): (PG_CLIENT_REQUIRE,),
    ("negotiate.implicit_tls_port", "postgres"): (
        Fix("Client: this port is TLS from the first byte: a PostgreSQL 17 client can use sslnegotiation=direct; otherwise use the server's PostgreSQL port", "client",
            "psql 'postgresql://USER@{hostport}/DB?sslmode=require&sslnegotiation=direct'"), CHECK_PORT),
    ("negotiate.tls_not_offered", "mysql"): (MY_SERVER_TLS, Fix("Client (trusted network only): connect without requiring TLS (--ssl-mode=PREFERRED; MariaDB: --skip-ssl)", "client", "mysql -h {host} -P {port} --ssl-mode=PREFERRED -u USER -p")),
    ("negotiate.plaintext_fallback", "mysql"): (MY_SERVER_TLS, Fix("Client: require TLS so a server without it is an error, not a silent plaintext login (MariaDB's --ssl alone falls back)", "client",
                                                  "mysql -h {host} -P {port} --ssl-mode=REQUIRED -u USER -p", MY_CLIENT_TLS.snippets)),
    ("negotiate.tls_requirement_hidden", "mysql"): (MY_CLIENT_TLS, Fix("Server: see whether TLS is required (require_secure_transport, or REQUIRE SSL on the account)", "server",
                                                      "mariadb -e \"SHOW GLOBAL VARIABLES LIKE 'require_secure_transport'; SHOW GRANTS FOR 'USER'@'%'\"")),
    ("negotiate.tls_required", "mysql"): (MY_CLIENT_TLS,),
    ("negotiate.unverified_tls", "mysql"): (MY_CLIENT_TLS,),
    ("negotiate.tls_refused", "mysql"): (MY_SERVER_TLS,),
    ("negotiate.tls_not_offered", "smtp"): (SMTP_SERVER_TLS, Fix("Client (only if the network is trusted): send without STARTTLS", "client", "",
                                                                  (S("python", "smtplib.SMTP('{host}', {port})  # no starttls()"), S("nodejs", "secure: false, ignoreTLS: true  // nodemailer")))),
    ("negotiate.tls_refused", "smtp"): (SMTP_SERVER_TLS,),
    ("negotiate.tls_required", "smtp"): (SMTP_CLIENT_STARTTLS,),
    ("negotiate.implicit_tls_port", "smtp"): (SMTP_CLIENT_IMPLICIT,),
    ("negotiate.plaintext_port", "smtp"): (SMTP_CLIENT_STARTTLS, Fix("Server: offer implicit TLS on 465 (Postfix master.cf 'submissions' with smtpd_tls_wrappermode=yes)", "server", "postconf -M submissions/inet")),
    ("negotiate.tls_not_offered", "imap"): (DOVECOT_TLS,),
    ("negotiate.tls_not_offered", "pop3"): (DOVECOT_TLS,),
    ("negotiate.tls_refused", "imap"): (DOVECOT_TLS,),
    ("negotiate.tls_refused", "pop3"): (DOVECOT_TLS,),
    ("negotiate.tls_required", "imap"): (Fix("Client: STARTTLS before LOGIN (the server has LOGINDISABLED until TLS: Dovecot disable_plaintext_auth / ssl = required)", "client", "curl --ssl-reqd imap://{hostport}/ -u USER"),),
    ("negotiate.tls_required", "pop3"): (Fix("Client: STLS before USER/PASS (Dovecot disable_plaintext_auth)", "client", "curl --ssl-reqd pop3://{hostport}/ -u USER"),),
    ("negotiate.implicit_tls_port", "imap"): (Fix("Client: this port is implicit TLS: use imaps://", "client", "curl imaps://{hostport}/ -u USER"),),
    ("negotiate.implicit_tls_port", "pop3"): (Fix("Client: this port is implicit TLS: use pop3s://", "client", "curl pop3s://{hostport}/ -u USER"),),
    ("negotiate.plaintext_port", "imap"): (Fix("Client: this port speaks plaintext IMAP: use imap:// with STARTTLS", "client", "curl --ssl-reqd imap://{hostport}/ -u USER"),),
    ("negotiate.plaintext_port", "pop3"): (Fix("Client: this port speaks plaintext POP3: use pop3:// with STLS", "client", "curl --ssl-reqd pop3://{hostport}/ -u USER"),),
    ("negotiate.tls_not_offered", "ftp"): (FTP_SERVER_TLS,),
    ("negotiate.tls_refused", "ftp"): (FTP_SERVER_TLS,),
    ("negotiate.implicit_tls_port", "ftp"): (Fix("Client: this port is implicit FTPS: use ftps://", "client", "curl ftps://{hostport}/"),),
    ("negotiate.plaintext_port", "ftp"): (Fix("Client: this port speaks plaintext FTP: use ftp:// with AUTH TLS", "client", "curl --ssl-reqd ftp://{hostport}/"),),
    ("negotiate.tls_not_offered", "ldap"): (LDAP_SERVER_TLS,),
    ("negotiate.tls_refused", "ldap"): (LDAP_SERVER_TLS,),
    ("negotiate.implicit_tls_port", "ldap"): (Fix("Client: this port is LDAPS: use ldaps:// without StartTLS", "client", "ldapsearch -H ldaps://{hostport} -x -s base -b ''"),),
    ("negotiate.plaintext_port", "ldap"): (LDAP_CLIENT,),
    ("negotiate.implicit_tls_port", "redis"): (REDIS_CLIENT_TLS,),
    ("negotiate.plaintext_port", "redis"): (REDIS_CLIENT_PLAIN, REDIS_SERVER_TLS),
    ("negotiate.closed", "redis"): (REDIS_CLIENT_TLS,),
    ("negotiate.tls_not_offered", "redis"): (REDIS_SERVER_TLS,),
    ("negotiate.implicit_tls_port", "mqtt"): (MQTT_CLIENT_TLS,),
    ("negotiate.plaintext_port", "mqtt"): (MQTT_CLIENT_PLAIN, MQTT_SERVER_TLS),
    ("negotiate.wrong_protocol", "*"): (CHECK_PORT,),
    ("negotiate.silent", "*"): (CHECK_PORT, Fix("Server: check that the service is up and not overloaded (its log), and that no firewall accepts and drops", "server")),
    ("negotiate.closed", "*"): (CHECK_PORT,),
    ("negotiate.oversized", "*"): (Fix("Network/server: find what sends an endless answer on this port (a misconfigured proxy, a honeypot, another service)", "server"),),
    ("negotiate.malformed", "*"): (CHECK_PORT,),
    ("negotiate.stalled", "*"): (Fix("Server: the service stalls mid-answer: check its load and logs, and any proxy in between", "server"),),
    ("negotiate.identified", "*"): (),
    ("net.tcp_refused", "*"): (Fix("Server: nothing listens on this port: start the service, or fix the port in the URL ({scheme}:// alone means port {default})", "server", "ss -ltnp | grep ':{port} '"),),
    ("net.tcp_timeout", "*"): (Fix("Network: a firewall drops the SYN or the host is down; check the route and the firewall rules", "network", "nc -vz -w 3 {host} {port}"),),
    ("net.tcp_reset", "*"): (Fix("Server or middlebox resets the connection: check its logs and access rules", "server"),),
    ("net.dns_unresolved", "*"): (Fix("Check the host name spelling and your resolver (/etc/resolv.conf, /etc/hosts)", "host", "getent hosts {host}"),),
}


class _Keep(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format_map(_Keep(values))
    except (ValueError, IndexError):
        return text


def fixes_for(code: str, protocol: str, **values: str) -> list[Fix]:
    """The fixes for ``code`` on ``protocol`` (else the protocol-neutral row), placeholders filled."""
    rows = FIXES.get((code, protocol))
    if rows is None:
        rows = FIXES.get((code, "*"), ())
    return [Fix(_fill(f.summary, values), f.side, _fill(f.command, values), tuple(Snippet(s.stack, _fill(s.code, values)) for s in f.snippets))
            for f in rows]
