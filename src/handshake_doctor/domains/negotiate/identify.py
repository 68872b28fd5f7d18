"""What answers, from its first bytes (pure): banners, greetings, TLS records, replies.

Why here and not the TLS codec: a negotiated protocol meets other services on its port (an SSH
server on 5432, a MySQL greeting on the PostgreSQL port, TLS on 587), and the finding must name
the service, in the terms of the protocol the user expected. Facts: first-bytes fingerprints of
the RFCs and protocol documents named per row.
"""

from __future__ import annotations

import re

from ...knowledge.table import Table
from ...record import record


@record(frozen=True)
class Fingerprint:
    name: str
    title: str
    how: str
    source: str


FINGERPRINTS = Table(
    "negotiate_first_bytes",
    (
        Fingerprint("tls", "a TLS server", "16 03 xx (handshake) or 15 03 xx (alert) record header", "RFC 8446 §5.1"),
        Fingerprint("ssh", "an SSH server", "'SSH-2.0-' identification string", "RFC 4253 §4.2"),
        Fingerprint("http", "an HTTP server", "'HTTP/1.x' status line", "RFC 9112 §4"),
        Fingerprint("smtp", "an SMTP server", "'220 ' greeting naming SMTP/ESMTP or no FTP", "RFC 5321 §4.2, §4.3.1"),
        Fingerprint("ftp", "an FTP server", "'220' greeting naming FTP", "RFC 959 §4.2"),
        Fingerprint("imap", "an IMAP server", "'* OK' / '* PREAUTH' / '* BYE' greeting", "RFC 9051 §7.1"),
        Fingerprint("pop3", "a POP3 server", "'+OK' greeting", "RFC 1939 §4"),
        Fingerprint("mysql", "a MySQL/MariaDB server", "packet header (3-byte length, sequence 0), then protocol 10 and a NUL-ended version", "MySQL Client/Server Protocol: Protocol::HandshakeV10"),
        Fingerprint("postgres", "a PostgreSQL server", "one byte 'S' or 'N' after an SSLRequest, or an ErrorResponse 'E' with an 'SFATAL' field", "PostgreSQL docs §55.2.10, §55.7 (ErrorResponse)"),
        Fingerprint("redis", "a Redis server", "a RESP reply: '+PONG', '-ERR', '-NOAUTH', '-DENIED'", "Redis docs, RESP protocol specification"),
        Fingerprint("ldap", "an LDAP server", "BER SEQUENCE (30) with a messageID and an LDAP protocolOp ([APPLICATION n])", "RFC 4511 §4.1.1"),
        Fingerprint("mqtt", "an MQTT broker", "CONNACK 20 02", "MQTT 3.1.1 §3.2"),
    ),
    "How a service is recognised from its first bytes",
)
TITLES = {f.name: f.title for f in FINGERPRINTS}

_MYSQL_VERSION = re.compile(rb"[0-9][0-9A-Za-z.\-_+~]{0,80}\x00")


def mysql_greeting_like(d: bytes) -> bool:
    if len(d) < 6:
        return False
    length = int.from_bytes(d[:3], "little")
    if d[3] != 0 or not 10 <= length <= 16384:
        return False
    if d[4] == 0x0A:
        return _MYSQL_VERSION.match(d, 5) is not None
    return d[4] == 0xFF and len(d) >= 7  # an error packet instead of the greeting (host blocked, too many connections)


def identify(d: bytes) -> str:
    """The name of what answered ('' when nothing or nothing known)."""
    if not d:
        return ""
    if len(d) >= 3 and d[0] in (0x15, 0x16) and d[1] == 0x03 and d[2] <= 0x04:
        return "tls"
    if d.startswith(b"SSH-"):
        return "ssh"
    if d.startswith(b"HTTP/"):
        return "http"
    head = d[:512]
    if mysql_greeting_like(d):
        return "mysql"
    if re.match(rb"220[ -]", head):
        first = head.split(b"\n", 1)[0].lower()
        if b"ftp" in first and b"smtp" not in first:
            return "ftp"
        return "smtp"
    if re.match(rb"\* (OK|PREAUTH|BYE)\b", head):
        return "imap"
    if head.startswith((b"+PONG", b"-ERR", b"-NOAUTH", b"-DENIED", b"-WRONGPASS", b"-MISCONF", b"-LOADING")):
        return "redis"
    if head.startswith(b"+OK"):
        return "pop3"
    if head[:1] == b"E" and len(head) > 5 and b"SFATAL" in head[:64]:
        return "postgres"
    if head[:2] == b"\x20\x02" and len(head) >= 4:
        return "mqtt"
    if head[:1] == b"\x30" and len(head) > 6 and b"\x02\x01" in head[1:6]:
        return "ldap"
    if re.match(rb"[\x20-\x7e\t]{4,}\r?\n", head):
        return "text"
    return "binary"


def describe(d: bytes) -> str:
    """One short, printable line of what answered, for summaries."""
    if not d:
        return "nothing"
    line = d[:120].split(b"\n", 1)[0].rstrip(b"\r")
    if all(32 <= b < 127 for b in line) and line:
        return repr(line.decode("ascii"))
    return d[:24].hex(" ").upper() + (" ..." if len(d) > 24 else "")
