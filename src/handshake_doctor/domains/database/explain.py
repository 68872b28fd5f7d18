"""How the `database` domain reads an input: PostgreSQL SSLRequest answers and MySQL TLS errors (pure).

Why its own domain: PostgreSQL and MySQL negotiate TLS inside their own protocol (SSLRequest,
CLIENT_SSL), so "not TLS" has different causes and fixes (sslmode, ssl=on, require_secure_transport).
The tls domain still reads the TLS reason inside a MySQL "SSL connection error: ..." line.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...knowledge.table import rx
from ...model import Assessment, Evidence, Fix, Question, Snippet
from ...textparse import ParsedInput
from ..tls.matching import Hit, findings_from_hits, match_rows, titles_of
from .codes import CODES
from .knowledge import MESSAGES, PG_SSL_ANSWERS

DOMAIN = "database"
TITLES = titles_of(CODES)
CUES = (
    Cue(r"\b(postgres(?:ql)?|psql|libpq|pg_hba|sslmode|mysql|mariadb|5432|3306|jdbc|psycopg2?|asyncpg|database|db)\b", 0.45, "database words in the text"),
    Cue(r"\b(apdu|smart ?card|avrdude|bootloader|baud|m-bus|esptool)\b", -0.3, "words of another field"),
)
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


def _answer_hits(parsed: ParsedInput) -> tuple[list[Hit], float, str]:
    values = parsed.byte_values
    m = rx(r"SSL negotiation: (.)").search(parsed.text)
    first = ord(m.group(1)) if m else (values[0] if len(values) == 1 else None)
    if first is None:
        if values[:8] == [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]:
            return [], 0.5, "the PostgreSQL SSLRequest (length 8, code 80877103)"
        return [], 0.0, ""
    by = {r.byte: r for r in PG_SSL_ANSWERS}
    row = by.get(first)
    ch = chr(first) if 0x20 <= first <= 0x7E else f"0x{first:02X}"
    if row is None:
        if not m:
            return [], 0.0, ""
        note = "'H' is the first letter of 'HTTP/': an HTTP server" if ch == "H" else "not a PostgreSQL answer"
        return [Hit("database.pg_not_postgres", 0.9, f"the SSLRequest was answered with '{ch}': {note}", Evidence("bytes", f"{first:02X}", "input", note), "PostgreSQL docs (SSLRequest answers are 'S' or 'N')")], 0.0, ""
    conf = 0.35 if not m else 0.9
    return [Hit(row.code, conf, f"'{ch}' after an SSLRequest: {row.meaning}", Evidence("bytes", f"{first:02X}", "input", row.meaning), row.source)], (0.15 if not m else 0.0), f"'{ch}' is PostgreSQL's answer to SSLRequest: {row.meaning}"


def assess(parsed: ParsedInput) -> Assessment | None:
    hits = match_rows(parsed, MESSAGES.rows)
    answer_hits, byte_score, byte_meaning = _answer_hits(parsed)
    if any(h.code == "database.pg_not_postgres" for h in answer_hits):
        hits = [h for h in hits if h.code != "database.pg_not_postgres"]
    hits += answer_hits
    if not hits and byte_score <= 0:
        return None
    cue, reasons = apply_cues(parsed, CUES)
    strong = max((h.confidence for h in hits if h not in answer_hits or "SSL negotiation" in parsed.text), default=0.0)
    if strong >= 0.8:
        score = 0.95
    elif strong > 0.5:
        score = 0.75 + max(0.0, cue) / 2
    else:
        score = byte_score + cue
    findings = findings_from_hits(DOMAIN, hits, TITLES, FIXES, severity={"database.pg_ssl_accepted": "info"}, limit=3)
    meaning = byte_meaning or (findings[0].summary if findings else "")
    return Assessment(
        DOMAIN, min(1.0, score), meaning, (["a database client's or server's own message"] if strong >= 0.5 else ["a byte that PostgreSQL uses to answer SSLRequest"]) + reasons, findings,
        [Question("Is this a PostgreSQL or MySQL connection (port 5432/3306, psql, a JDBC URL)?", ("database", "tls"), "databases negotiate TLS inside their own protocol")],
    )
