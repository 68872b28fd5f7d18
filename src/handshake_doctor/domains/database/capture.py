"""PostgreSQL and MySQL TLS negotiation read from a captured connection (pure: a Transcript in).

Why here: both databases negotiate TLS inside their own protocol, so a capture shows the
question and the answer in plaintext: PostgreSQL's SSLRequest (length 8, code 80877103) and
the server's one byte 'S' or 'N' (PostgreSQL docs, Protocol Flow §55.2.10 "SSL Session
Encryption"); MySQL's greeting (Protocol::HandshakeV10) with the CLIENT_SSL capability (0x0800)
and the client's SSLRequest packet (32 bytes with CLIENT_SSL set) or its plaintext
HandshakeResponse41 (MySQL Client/Server Protocol, Connection Phase). A session that goes on in
plaintext after 'N', or a login sent without TLS, is a security finding even when it "works".

Returns the findings and, when TLS follows, where it starts in each direction, so the caller
judges the TLS handshake that follows with the TLS judge.
"""

from __future__ import annotations

from ...model import Evidence, Finding
from ...transcript import RX, TX, Transcript
from .fixes import FIXES

SSL_REQUEST = bytes.fromhex("0000000804d2162f")
GSSENC_REQUEST = bytes.fromhex("0000000804d21630")
PG_V3 = b"\x00\x03\x00\x00"
CLIENT_SSL = 0x0800
PG_SRC = "PostgreSQL docs §55.2.10 (SSL Session Encryption)"
MY_SRC = "MySQL Client/Server Protocol: Protocol::HandshakeV10, CLIENT_SSL, Protocol::SSLRequest"


def _ev(kind: str, value: str, note: str) -> Evidence:
    return Evidence(kind, value, "capture", note)


def is_postgres_client(c: bytes) -> bool:
    return c.startswith(SSL_REQUEST) or c.startswith(GSSENC_REQUEST) or (len(c) >= 8 and c[4:8] == PG_V3 and 8 <= int.from_bytes(c[:4], "big") < 10000)


def mysql_greeting(s: bytes) -> dict | None:  # type: ignore[type-arg]
    """Facts of a MySQL/MariaDB HandshakeV10 at the start of the server's bytes, or None."""
    if len(s) < 5 or s[3] != 0 or s[4] != 0x0A:
        return None
    n = s[0] | (s[1] << 8) | (s[2] << 16)
    body = s[4:4 + n]
    if n < 20 or len(body) < n:
        return None
    z = body.find(b"\x00", 1)
    if z < 0 or z + 1 + 4 + 8 + 1 + 2 > len(body):
        return None
    version = body[1:z].decode("ascii", "replace")
    caps = int.from_bytes(body[z + 14:z + 16], "little")
    return {"version": version, "capabilities": caps, "ssl": bool(caps & CLIENT_SSL), "length": 4 + n}


def _plaintext(proto: str, what: str, ev: list[Evidence]) -> Finding:
    return Finding("database.plaintext_session", "database", f"The {proto} session went on without TLS: {what}",
                   "Credentials (or their hashes) and every query crossed the network in plaintext. If the client meant to use TLS, its mode "
                   "falls back silently (libpq sslmode=prefer, MySQL ssl-mode=PREFERRED); set it to require/verify-full and enable TLS on the server.",
                   "warning", 0.9, ev, FIXES["database.plaintext_session"][:2] if proto == "PostgreSQL" else FIXES["database.plaintext_session"][2:],
                   [PG_SRC if proto == "PostgreSQL" else MY_SRC], {"protocol": proto.lower()}, role="cause")


def judge_postgres(tr: Transcript) -> tuple[list[Finding], tuple[int, int] | None]:
    c, s = tr.stream(TX), tr.stream(RX)
    tcp = tr.meta.get("tcp") or {}
    cf = tcp.get("client") or {}
    if not c.startswith(SSL_REQUEST):
        if c.startswith(GSSENC_REQUEST):
            return [], None
        ev = [_ev("bytes", c[:8].hex().upper(), "a StartupMessage (protocol 3.0) without an SSLRequest first")]
        if b"no encryption" in s[:400] or b"SSL off" in s[:400]:
            return [Finding("database.pg_ssl_required", "database", "The PostgreSQL server refuses a connection without TLS (pg_hba.conf hostssl)", "", "error", 0.9,
                            ev + [_ev("message", s[:120].decode("utf-8", "replace"), "the server's ErrorResponse")], FIXES["database.pg_ssl_required"], [PG_SRC])], None
        return [_plaintext("PostgreSQL", "the client never asked for TLS (no SSLRequest)", ev)], None
    ev = [_ev("bytes", SSL_REQUEST.hex().upper(), "the client's SSLRequest")]
    if not s:
        return [], None  # the TCP layer / nothing to say: the caller reports silence
    b = s[:1]
    ev.append(_ev("bytes", s[:1].hex().upper(), f"the server's answer {b.decode('latin-1')!r}"))
    if b == b"S":
        return [Finding("database.pg_ssl_accepted", "database", "The PostgreSQL server accepted TLS ('S' to the SSLRequest)", "", "info", 0.9, ev, [], [PG_SRC])], (8, 1)
    if b == b"N":
        rest = c[8:]
        if len(rest) >= 8 and rest[4:8] == PG_V3:
            user = rest[8:200].split(b"\x00")
            who = ""
            if b"user" in user:
                i = user.index(b"user")
                who = user[i + 1].decode("utf-8", "replace") if i + 1 < len(user) else ""
            ev.append(_ev("bytes", rest[:8].hex().upper(), "then a plaintext StartupMessage" + (f" (user {who!r})" if who else "")))
            return [_plaintext("PostgreSQL", "the server answered 'N' (no TLS) and the client sent its StartupMessage in plaintext", ev)], None
        if cf.get("fin") is not None or cf.get("rst") is not None:
            return [Finding("database.pg_server_no_ssl", "database", "The PostgreSQL server answered 'N' to the SSLRequest (TLS off) and the client, which requires TLS, closed",
                            "", "error", 0.9, ev, FIXES["database.pg_server_no_ssl"], [PG_SRC])], None
        return [Finding("database.pg_server_no_ssl", "database", "The PostgreSQL server answered 'N' to the SSLRequest: TLS is off on that server", "", "warning", 0.7,
                        ev, FIXES["database.pg_server_no_ssl"], [PG_SRC])], None
    if b == b"E":
        return [Finding("database.pg_ssl_required", "database", "The PostgreSQL server answered the SSLRequest with an error", s[:200].decode("utf-8", "replace"),
                        "error", 0.6, ev, FIXES["database.pg_ssl_required"], [PG_SRC])], None
    return [Finding("database.pg_not_postgres", "database", f"The answer to the SSLRequest was {b!r}, neither 'S' nor 'N': the port does not speak PostgreSQL", "",
                    "error", 0.85, ev, FIXES["database.pg_not_postgres"], [PG_SRC])], None


def judge_mysql(tr: Transcript) -> tuple[list[Finding], tuple[int, int] | None]:
    c, s = tr.stream(TX), tr.stream(RX)
    g = mysql_greeting(s)
    if g is None:
        return [], None
    cf = (tr.meta.get("tcp") or {}).get("client") or {}
    ev = [_ev("greeting", f"server {g['version']!r}, capabilities 0x{g['capabilities']:04X}", "CLIENT_SSL " + ("set" if g["ssl"] else "NOT set"))]
    if len(c) >= 4:
        n = c[0] | (c[1] << 8) | (c[2] << 16)
        caps = int.from_bytes(c[4:6], "little") if len(c) >= 6 else 0
        if n == 32 and caps & CLIENT_SSL:
            return [], (4 + n, g["length"])
        if n > 32:
            ev.append(_ev("bytes", c[:8].hex().upper(), "the client's HandshakeResponse (login) in plaintext"))
            if s[g["length"]:g["length"] + 5][4:5] == b"\xff":
                err = s[g["length"] + 5:g["length"] + 7]
                if int.from_bytes(err, "little") == 3159:
                    return [Finding("database.mysql_secure_transport_required", "database", "The MySQL server requires TLS (require_secure_transport=ON) and the client logged in without it",
                                    "", "error", 0.95, ev, FIXES["database.mysql_secure_transport_required"], [MY_SRC])], None
            return [_plaintext("MySQL", "the client sent its login without TLS" + (" although the server offers it" if g["ssl"] else " (the server offers no TLS)"), ev)], None
    if not g["ssl"] and (cf.get("fin") is not None or cf.get("rst") is not None):
        return [Finding("database.mysql_server_no_ssl", "database", "The MySQL server does not offer TLS (no CLIENT_SSL in its greeting) and the client closed",
                        "", "error", 0.85, ev, FIXES["database.mysql_server_no_ssl"], [MY_SRC])], None
    return [], None
