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


#: the server's ERR_Packet after a plaintext login, by error number: (code, what it means).
#: Sources: MySQL 8.0 Server Error Message Reference and MariaDB Error Codes (the numbers and
#: names); 1045 after a plaintext login to a server that offers TLS is judged apart (below).
MY_SERVER_ERRORS: dict[int, tuple[str, str]] = {
    3159: ("database.mysql_secure_transport_required", "ER_SECURE_TRANSPORT_REQUIRED: the server requires TLS (require_secure_transport=ON)"),
    1045: ("database.mysql_access_denied", "ER_ACCESS_DENIED_ERROR: wrong user, password or host part of the account"),
    1130: ("database.mysql_host_not_allowed", "ER_HOST_NOT_PRIVILEGED: no account for the client's host"),
    1129: ("database.mysql_host_not_allowed", "ER_HOST_IS_BLOCKED: the host is blocked after connection errors"),
    1040: ("database.mysql_too_many_connections", "ER_CON_COUNT_ERROR: the server is at max_connections"),
    1251: ("database.mysql_auth_plugin_missing", "ER_NOT_SUPPORTED_AUTH_MODE: the client cannot do the account's authentication plugin"),
}
#: Observed with MariaDB 10.11.19 (tests/analyze/test_db_capture_lab.py): require_secure_transport=ON
#: answers a plaintext login with the right password with 1045, like a wrong password; only MySQL says 3159.
MARIADB_1045_NOTE = "MariaDB's require_secure_transport=ON answers even the right password over plaintext with 1045"


def mysql_error(s: bytes, at: int, packets: int = 4) -> tuple[int, str, str] | None:
    """The first ERR_Packet (0xFF, error number, '#' + SQL state, message) among the next few
    server packets from ``at`` (an AuthSwitchRequest may come first), or None."""
    for _ in range(packets):
        if len(s) < at + 5:
            return None
        n = s[at] | (s[at + 1] << 8) | (s[at + 2] << 16)
        body = s[at + 4:at + 4 + n]
        if body[:1] == b"\xff" and len(body) >= 3:
            code = int.from_bytes(body[1:3], "little")
            if body[3:4] == b"#" and len(body) >= 9:
                return code, body[4:9].decode("ascii", "replace"), body[9:400].decode("utf-8", "replace")
            return code, "", body[3:400].decode("utf-8", "replace")
        if body[:1] in (b"\x00",) or n == 0:
            return None  # OK_Packet: the login was accepted
        at += 4 + n
    return None


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
            plain = _plaintext("MySQL", "the client sent its login without TLS" + (" although the server offers it" if g["ssl"] else " (the server offers no TLS)"), ev)
            err = mysql_error(s, g["length"])
            denied = _denied(g, err, ev) if err is not None else None
            if denied is not None:
                return [denied, plain], None
            return [_plaintext("MySQL", "the client sent its login without TLS" + (" although the server offers it" if g["ssl"] else " (the server offers no TLS)"), ev)], None
    if not g["ssl"] and (cf.get("fin") is not None or cf.get("rst") is not None):
        return [Finding("database.mysql_server_no_ssl", "database", "The MySQL server does not offer TLS (no CLIENT_SSL in its greeting) and the client closed",
                        "", "error", 0.85, ev, FIXES["database.mysql_server_no_ssl"], [MY_SRC])], None
    return [], None


def _denied(g: dict, err: tuple[int, str, str], ev: list[Evidence]) -> Finding | None:  # type: ignore[type-arg]
    """The server's error to a plaintext login, named: 3159 is TLS required for certain; 1045 from
    a server that offers TLS is TLS required or wrong credentials, and the capture cannot tell."""
    number, state, message = err
    ev = ev + [_ev("message", f"ERROR {number}" + (f" ({state})" if state else "") + f": {message[:200]}", "the server's ERR_Packet after the login")]
    data = {"error": number, "sqlstate": state, "message": message[:200], "server": g["version"]}
    if number == 1045 and g["ssl"]:
        code = "database.mysql_login_denied_without_tls"
        data["hypotheses"] = ["database.mysql_secure_transport_required", "database.mysql_access_denied"]
        return Finding(code, "database", f"The {_name(g)} server offers TLS and denied the login sent without it (ERROR 1045): TLS required, or wrong credentials",
                       f"{MARIADB_1045_NOTE}; a wrong user or password gets the same answer. Connect with TLS: if the same login then works, the server requires TLS.",
                       "error", 0.6, ev, FIXES[code], [MY_SRC, "observed with MariaDB 10.11.19"], data, role="cause")
    if number == 3159:
        code = "database.mysql_secure_transport_required"
        return Finding(code, "database", "The MySQL server requires TLS (require_secure_transport=ON) and the client logged in without it",
                       "", "error", 0.95, ev, FIXES[code], [MY_SRC], data, role="cause")
    code, meaning = MY_SERVER_ERRORS.get(number, ("", ""))
    if code:
        return Finding(code, "database", f"The {_name(g)} server refused the login: ERROR {number} ({meaning.split(':', 1)[0]})", meaning.split(": ", 1)[-1],
                       "error", 0.9, ev, FIXES.get(code, []), [MY_SRC, "MySQL 8.0 Server Error Message Reference"], data, role="cause")
    if state == "28000":  # SQLSTATE class 28: invalid authorization specification
        return Finding("database.mysql_access_denied", "database", f"The {_name(g)} server refused the login: ERROR {number}: {message[:120]}", "",
                       "error", 0.6, ev, FIXES["database.mysql_access_denied"], [MY_SRC], data, role="cause")
    return None  # an error this table does not know: the plaintext finding stands alone


def _name(g: dict) -> str:  # type: ignore[type-arg]
    return "MariaDB" if "mariadb" in g["version"].lower() else "MySQL"
