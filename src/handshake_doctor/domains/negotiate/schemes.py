"""Which URL scheme speaks which protocol, on which conventional port, with TLS how (pure table).

Why a table: the swaps users meet (STARTTLS on 465, implicit TLS on 587, rediss:// to a
plaintext Redis) are told by comparing what the scheme expects with what the port does, and
the fix names the other scheme: so each row knows its counterpart.
"""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record


@record(frozen=True)
class SchemeRow:
    scheme: str
    protocol: str  # postgres, mysql, smtp, imap, pop3, ftp, ldap, redis, mqtt
    port: int  # the conventional port
    implicit: bool  # TLS from the first byte (True) or negotiated inside the protocol (False)
    counterpart: str  # the scheme of the other way to get TLS (implicit <-> negotiated), or ""
    how: str  # how TLS is asked for, in the protocol's words
    source: str


SCHEMES = Table(
    "negotiate_schemes",
    (
        SchemeRow("postgres", "postgres", 5432, False, "", "SSLRequest (Int32 8, Int32 80877103), answer 'S' or 'N'", "PostgreSQL docs, Frontend/Backend Protocol §55.2.10 SSL Session Encryption"),
        SchemeRow("postgresql", "postgres", 5432, False, "", "SSLRequest, answer 'S' or 'N'", "PostgreSQL docs, libpq Connection URIs (postgresql://)"),
        SchemeRow("mysql", "mysql", 3306, False, "", "CLIENT_SSL (0x0800) in the greeting, then an SSL request packet", "MySQL Client/Server Protocol: Protocol::HandshakeV10, Protocol::SSLRequest"),
        SchemeRow("mariadb", "mysql", 3306, False, "", "CLIENT_SSL in the greeting, then an SSL request packet", "MariaDB docs, Connection (client/server protocol)"),
        SchemeRow("smtp", "smtp", 25, False, "smtps", "STARTTLS (EHLO keyword), answer 220", "RFC 3207 (SMTP STARTTLS); RFC 5321 §4.5.4 (port 25)"),
        SchemeRow("submission", "smtp", 587, False, "smtps", "STARTTLS (EHLO keyword), answer 220", "RFC 6409 (message submission, port 587); RFC 3207"),
        SchemeRow("smtps", "smtp", 465, True, "submission", "implicit TLS", "RFC 8314 §3.3 (submissions on port 465)"),
        SchemeRow("imap", "imap", 143, False, "imaps", "STARTTLS (CAPABILITY), answer OK", "RFC 9051 §6.2.1; RFC 2595"),
        SchemeRow("imaps", "imap", 993, True, "imap", "implicit TLS", "RFC 8314 §3.2 (imaps 993)"),
        SchemeRow("pop3", "pop3", 110, False, "pop3s", "STLS (CAPA), answer +OK", "RFC 2595 §4 (POP3 STLS); RFC 2449 (CAPA)"),
        SchemeRow("pop3s", "pop3", 995, True, "pop3", "implicit TLS", "RFC 8314 §3.2 (pop3s 995)"),
        SchemeRow("ftp", "ftp", 21, False, "ftps", "AUTH TLS (FEAT), answer 234", "RFC 4217 §4 (AUTH TLS); RFC 2389 (FEAT)"),
        SchemeRow("ftps", "ftp", 990, True, "ftp", "implicit TLS", "IANA service names: ftps 990 (implicit FTPS, not in RFC 4217)"),
        SchemeRow("ldap", "ldap", 389, False, "ldaps", "StartTLS extended operation 1.3.6.1.4.1.1466.20037", "RFC 4511 §4.14 (StartTLS)"),
        SchemeRow("ldaps", "ldap", 636, True, "ldap", "implicit TLS", "IANA service names: ldaps 636"),
        SchemeRow("redis", "redis", 6379, False, "rediss", "none: Redis has no STARTTLS; TLS is a separate tls-port", "Redis docs, TLS (tls-port, port 0)"),
        SchemeRow("rediss", "redis", 6380, True, "redis", "implicit TLS (tls-port)", "Redis docs, TLS; IANA has no port: 6379 is common for both, 6380 a frequent TLS choice"),
        SchemeRow("mqtt", "mqtt", 1883, False, "mqtts", "none: MQTT has no STARTTLS; TLS is a separate listener", "MQTT 3.1.1 §4.2 (port 1883); OASIS MQTT 3.1.1 §5"),
        SchemeRow("mqtts", "mqtt", 8883, True, "mqtt", "implicit TLS", "MQTT 3.1.1 §4.2 (TLS on 8883)"),
    ),
    "URL schemes of protocols that carry TLS their own way",
)

BY_SCHEME = {r.scheme: r for r in SCHEMES}
#: the scheme to suggest for a protocol: plain (negotiated) first, then implicit
PLAIN_SCHEME = {"postgres": "postgres", "mysql": "mysql", "smtp": "submission", "imap": "imap", "pop3": "pop3",
                "ftp": "ftp", "ldap": "ldap", "redis": "redis", "mqtt": "mqtt"}
IMPLICIT_SCHEME = {"smtp": "smtps", "imap": "imaps", "pop3": "pop3s", "ftp": "ftps", "ldap": "ldaps", "redis": "rediss", "mqtt": "mqtts"}
#: a well-known implicit-TLS port says which protocol to expect behind a TLS answer
IMPLICIT_BY_PORT = {r.port: r.scheme for r in SCHEMES if r.implicit}
PLAIN_BY_PORT = {r.port: r.scheme for r in SCHEMES if not r.implicit and r.scheme not in ("postgresql", "mariadb")}
PROTOCOL_TITLES = {"postgres": "PostgreSQL", "mysql": "MySQL/MariaDB", "smtp": "SMTP", "imap": "IMAP", "pop3": "POP3",
                   "ftp": "FTP", "ldap": "LDAP", "redis": "Redis", "mqtt": "MQTT", "tls": "TLS", "ssh": "SSH", "http": "HTTP"}
