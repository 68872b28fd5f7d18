"""MySQL/MariaDB's TLS negotiation (pure): the server greeting (HandshakeV10) with its CLIENT_SSL
capability, the SSL request packet, and the reader of a transcript.

Facts: MySQL Client/Server Protocol, Protocol::Packet (3-byte little-endian length, 1-byte
sequence id), Protocol::HandshakeV10 (protocol 10, NUL-ended server version, connection id,
auth-plugin-data part 1, filler, capability flags lower/upper, character set, status flags),
Protocol::SSLRequest (capability flags with CLIENT_SSL 0x0800, max packet size, character set,
23 reserved zero bytes, sequence id 1), ERR_Packet (0xFF, error code, '#' + SQL state, message).
Observed with MariaDB 10.11.19: require_secure_transport is checked only after the password
(a correct password over plaintext gets 1045), so it is invisible before authentication.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ...model import Evidence
from ...transcript import Transcript
from .identify import describe, identify
from .reading import CLOSED, OTHER, SILENT, SPOKE, Reading, replies

CLIENT_LONG_PASSWORD, CLIENT_PROTOCOL_41, CLIENT_SSL, CLIENT_SECURE_CONNECTION, CLIENT_PLUGIN_AUTH = 0x1, 0x200, 0x800, 0x8000, 0x80000
MAX_PACKET = 16384  # a greeting is ~100 bytes; longer is not a greeting


@dataclass
class Greeting:
    protocol: int
    version: str
    connection_id: int
    capabilities: int
    charset: int
    status: int
    auth_plugin: str

    @property
    def ssl(self) -> bool:
        return bool(self.capabilities & CLIENT_SSL)

    @property
    def flavour(self) -> str:
        return "MariaDB" if "mariadb" in self.version.lower() else "MySQL"


@dataclass
class ErrPacket:
    code: int
    state: str
    message: str


def packet_complete(d: bytes) -> bool:
    if len(d) < 4:
        return False
    n = int.from_bytes(d[:3], "little")
    return n > MAX_PACKET or len(d) >= 4 + n


def parse_greeting(d: bytes) -> tuple[Greeting | ErrPacket | None, str]:
    if len(d) < 5:
        return None, "short"
    n, seq = int.from_bytes(d[:3], "little"), d[3]
    if n > MAX_PACKET:
        return None, f"absurd packet length {n}"
    if len(d) < 4 + n:
        return None, "incomplete"
    p = d[4:4 + n]
    if not p:
        return None, "an empty packet where the greeting belongs"
    if p[:1] == b"\xff" and len(p) >= 3:
        code = struct.unpack("<H", p[1:3])[0]
        state, msg = ("", p[3:]) if p[3:4] != b"#" else (p[4:9].decode("ascii", "replace"), p[9:])
        return ErrPacket(code, state, msg.decode("utf-8", "replace")[:300]), ""
    if seq != 0 or p[0] != 10:
        return None, f"not a protocol-10 greeting (sequence {seq}, first byte {p[0]:#04x})"
    end = p.find(b"\0", 1)
    if end < 0 or len(p) < end + 1 + 4 + 8 + 1 + 2:
        return None, "truncated greeting"
    version = p[1:end].decode("ascii", "replace")
    i = end + 1
    conn_id = struct.unpack("<I", p[i:i + 4])[0]
    i += 4 + 8 + 1
    caps = struct.unpack("<H", p[i:i + 2])[0]
    i += 2
    charset = status = 0
    plugin = ""
    if len(p) >= i + 1 + 2 + 2:
        charset = p[i]
        status = struct.unpack("<H", p[i + 1:i + 3])[0]
        caps |= struct.unpack("<H", p[i + 3:i + 5])[0] << 16
        auth_len = p[i + 5] if len(p) > i + 5 else 0
        i += 5 + 1 + 10
        if caps & CLIENT_SECURE_CONNECTION:
            i += max(13, auth_len - 8)
        if caps & CLIENT_PLUGIN_AUTH and i < len(p):
            plugin = p[i:].split(b"\0", 1)[0].decode("ascii", "replace")[:64]
    return Greeting(10, version, conn_id, caps, charset, status, plugin), ""


def ssl_request(server_caps: int, charset: int = 33) -> bytes:
    """Protocol::SSLRequest, sequence id 1: asks to switch to TLS before any credentials."""
    caps = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH
    caps &= server_caps | CLIENT_SSL
    payload = struct.pack("<IIB23x", caps, 16 * 1024 * 1024, charset or 33)
    return len(payload).to_bytes(3, "little") + b"\x01" + payload


def read(tr: Transcript) -> Reading:
    r = Reading("mysql")
    got = replies(tr).get("mysql.greeting")
    if got is None:
        return r
    data, end = got
    if not data:
        r.answered = SILENT if end == "timeout" else CLOSED
        r.evidence.append(Evidence("message", f"no greeting ({end})", "greeting"))
        return r
    g, why = parse_greeting(data)
    if g is None:
        name = identify(data)
        if name not in ("mysql", "binary"):
            r.answered, r.other = OTHER, name
            r.evidence.append(Evidence("bytes", describe(data), "greeting", "not a MySQL greeting"))
            return r
        if why.startswith("absurd"):
            r.answered = SPOKE if data[3:4] == b"\0" else OTHER
            r.problem("malformed", f"greeting packet: {why}")
        elif name == "mysql" and why:
            r.answered = SPOKE
            r.problem("malformed", why)
        else:
            r.answered, r.other = OTHER, name
            if end == "limit":
                r.problem("oversized", f"more than {len(data)} bytes where a greeting is expected")
        r.evidence.append(Evidence("bytes", describe(data), "greeting", why))
        return r
    if isinstance(g, ErrPacket):
        r.answered, r.identity = SPOKE, "MySQL/MariaDB (error instead of a greeting)"
        r.evidence.append(Evidence("message", f"ERROR {g.code} ({g.state}): {g.message}", "greeting", "the server refused the connection before the handshake"))
        r.facts["error"] = g.message
        return r
    r.answered, r.identity = SPOKE, f"{g.flavour} {g.version.replace('5.5.5-', '', 1) if g.flavour == 'MariaDB' else g.version}"
    r.tls_offered = g.ssl
    r.facts.update(version=g.version, capabilities=f"{g.capabilities:#010x}", auth_plugin=g.auth_plugin)
    r.evidence.append(Evidence("message", f"{r.identity}; capabilities {g.capabilities:#010x} ({'CLIENT_SSL set' if g.ssl else 'no CLIENT_SSL'}); auth plugin {g.auth_plugin or '?'}",
                               "greeting"))
    if g.ssl:
        r.tls_accepted = any(e.label == "tls_handshake" and e.meta.get("purpose") == "checklist" for e in tr.events("tls_handshake")) or None
    else:
        r.refusal = f"the greeting of {r.identity} has no CLIENT_SSL flag (no ssl_cert/ssl_key configured: have_ssl = DISABLED)"
    return r
