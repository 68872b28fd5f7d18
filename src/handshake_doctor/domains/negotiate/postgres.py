"""PostgreSQL's TLS negotiation (pure): SSLRequest, the one-byte answer, the StartupMessage and
the first backend message, and the reader that turns a transcript into a Reading.

Facts: PostgreSQL docs, Frontend/Backend Protocol §55.2.10 (SSL Session Encryption: the server
answers 'S' or 'N'; an 'E' comes from a server too old for SSLRequest), §55.7 (message formats:
SSLRequest Int32 8 + Int32 80877103; StartupMessage protocol 3.0 = 196608; ErrorResponse fields
S, V, C, M); src/backend/libpq/auth.c (the "no pg_hba.conf entry ... no encryption" /
"SSL encryption" texts that reveal hostssl / hostnossl).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from ...model import Evidence
from ...transcript import Transcript
from .identify import describe, identify
from .reading import CLOSED, OTHER, SILENT, SPOKE, TLS, Reading, replies as _replies

SSL_REQUEST = struct.pack("!II", 8, 80877103)
PROTOCOL_3_0 = 196608
MAX_MESSAGE = 64 * 1024  # an ErrorResponse or auth request is far shorter; more is not PostgreSQL
AUTH_NAMES = {0: "AuthenticationOk (no password asked: trust)", 2: "KerberosV5", 3: "cleartext password", 5: "MD5 password",
              7: "GSSAPI", 9: "SSPI", 10: "SASL (SCRAM-SHA-256)"}
PROBE_USER = "hsdoctor_probe"


def startup_message(user: str, database: str) -> bytes:
    """Protocol 3.0 StartupMessage naming only user, database and application_name (no password
    exists in it: the server asks for one afterwards, and the probe stops there)."""
    body = struct.pack("!I", PROTOCOL_3_0)
    for k, v in (("user", user), ("database", database or user), ("application_name", "hsdoctor-probe")):
        body += k.encode() + b"\0" + v.encode("utf-8", "replace") + b"\0"
    body += b"\0"
    return struct.pack("!I", len(body) + 4) + body


@dataclass
class BackendMessage:
    type: str
    payload: bytes
    fields: dict[str, str] = field(default_factory=dict)  # ErrorResponse / NoticeResponse fields
    auth: int | None = None  # AuthenticationRequest code


def message_complete(d: bytes) -> bool:
    """True when ``d`` holds one whole backend message, or enough to see it is not one."""
    if len(d) < 5:
        return False
    n = struct.unpack("!I", d[1:5])[0]
    return n < 4 or n > MAX_MESSAGE or len(d) >= 1 + n


def parse_message(d: bytes) -> tuple[BackendMessage | None, str]:
    """The first backend message, or (None, why not)."""
    if len(d) < 5:
        return None, "short"
    t = chr(d[0])
    n = struct.unpack("!I", d[1:5])[0]
    if n < 4 or n > MAX_MESSAGE:
        return None, f"absurd message length {n}"
    if len(d) < 1 + n:
        return None, "incomplete"
    payload = d[5:1 + n]
    m = BackendMessage(t, payload)
    if t in ("E", "N"):
        for part in payload.split(b"\0"):
            if part:
                m.fields[chr(part[0])] = part[1:].decode("utf-8", "replace")[:500]
    elif t == "R" and len(payload) >= 4:
        m.auth = struct.unpack("!I", payload[:4])[0]
    return m, ""


def _answer(d: bytes, r: Reading, where: str) -> BackendMessage | None:
    m, why = parse_message(d)
    if m is None and why.startswith("absurd"):
        r.problem("malformed", f"{where}: {why}")
    return m


def read(tr: Transcript) -> Reading:
    """What the SSLRequest and StartupMessages showed (labels from dialogue.postgres)."""
    r = Reading("postgres")
    rx = _replies(tr)
    ssl = rx.get("pg.sslrequest")
    if ssl is None:
        return r
    data, end = ssl
    if not data:
        r.answered = SILENT if end == "timeout" else CLOSED
        r.evidence.append(Evidence("message", f"no byte after the SSLRequest ({end})", "SSLRequest"))
        return r
    first = data[:1]
    if first in (b"S", b"N") and len(data) == 1:
        r.answered, r.identity = SPOKE, "PostgreSQL"
        r.tls_offered = first == b"S"
        r.tls_accepted = first == b"S"
        r.evidence.append(Evidence("bytes", data.hex().upper(), "SSLRequest", f"'{first.decode()}': " + ("TLS accepted" if first == b"S" else "no TLS (ssl = off)")))
    elif identify(data) == "tls":
        r.answered = TLS
        r.evidence.append(Evidence("bytes", describe(data), "SSLRequest", "a TLS record: the port speaks TLS from the first byte"))
    elif first == b"E" and (m := _answer(data, r, "SSLRequest")) is not None and m.fields:
        r.answered, r.identity = SPOKE, "PostgreSQL (answered the SSLRequest with an error)"
        r.tls_offered, r.tls_accepted = False, False
        r.refusal = m.fields.get("M", "")
        r.evidence.append(Evidence("message", m.fields.get("M", describe(data)), "SSLRequest", "ErrorResponse instead of 'S' or 'N'"))
    else:
        r.answered, r.other = OTHER, identify(data)
        if len(data) >= 1 + 4 and first in (b"S", b"N") and r.other in ("binary", "text"):
            r.problem("malformed", f"'{first.decode()}' followed by {len(data) - 1} more bytes: not a PostgreSQL answer")
        if end == "limit":
            r.problem("oversized", f"more than {len(data)} bytes in answer to an 8-byte SSLRequest")
        r.evidence.append(Evidence("bytes", describe(data), "SSLRequest", "neither 'S' nor 'N'"))
        return r
    for label, over_tls in (("pg.startup_plain", False), ("pg.startup_tls", True)):
        got = rx.get(label)
        if got is None:
            continue
        data, end = got
        where = "StartupMessage over TLS" if over_tls else "StartupMessage without TLS"
        if not data:
            r.facts[label] = f"no answer ({end})"
            if end == "timeout" and data == b"":
                r.problem("stalled", f"no answer to the {where}")
            continue
        m = _answer(data, r, where)
        if m is None:
            if end == "limit":
                r.problem("oversized", f"{where}: more than {len(data)} bytes")
            continue
        if m.type == "R":
            r.facts[label] = AUTH_NAMES.get(m.auth or 0, f"authentication request {m.auth}")
            r.evidence.append(Evidence("message", f"authentication request: {r.facts[label]}", where, "the server admits this connection this far; the probe stopped before any password"))
            if not over_tls:
                r.tls_required = False
        elif m.type == "E":
            msg = m.fields.get("M", "")
            r.facts[label] = msg
            r.evidence.append(Evidence("message", f"{m.fields.get('S', 'ERROR')} {m.fields.get('C', '')}: {msg}".strip(), where))
            low = msg.lower()
            if not over_tls and "pg_hba.conf" in low and ("no encryption" in low or "ssl off" in low):
                r.tls_required = True
                r.required_how = msg
            if over_tls and "pg_hba.conf" in low and ("ssl encryption" in low or "ssl on" in low) and "no pg_hba.conf entry" in low:
                r.plaintext_only = msg
    return r
