"""Pure TLS codec: records, alerts, first-bytes fingerprints, ServerHello facts, a ClientHello.

Why pure: the probe (transports/tls_client.py, domains/tls/probe.py) owns the socket and feeds
what it read here; ``explain`` feeds pasted hex bytes here. Both get the same answer, and every
function can be fuzzed without a network.

Notes for callers:

* ``parse_records`` is stream-friendly: an incomplete record at the end is returned untouched as
  ``remainder`` with ``problem=None`` (read more and call again). ``problem`` is set only when the
  bytes can never become TLS: ``"not tls"`` (bad content type or major version) or
  ``"length too long"`` (length above 2^14+2048, RFC 5246 §6.2.3, the same limit at which
  OpenSSL says "packet length too long"). Records parsed before the problem are returned.
* ``classify_first_bytes`` answers "what am I talking to?" from the first bytes a peer sent
  (facts/knowledge.md §3.2). One byte is enough for a guess (``H`` → HTTP), more bytes firm it up.
* ``server_hello_info`` reads the chosen version (the supported_versions extension for TLS 1.3),
  the cipher suite, the key-share group and whether it is a HelloRetryRequest.
* ``build_client_hello`` makes a complete, valid ClientHello record. The x25519 key share is 32
  random bytes: we never finish a handshake, we only want the server's first flight. Checked
  against ``openssl s_server`` over loopback in tests/tls_explain/test_codec_peer.py.
"""

from __future__ import annotations

import os

from ...record import record
from . import wire

MAX_RECORD_LENGTH = 2**14 + 2048  # RFC 5246 §6.2.3 ciphertext limit; OpenSSL's "packet length too long" threshold
RECORD_TYPES = frozenset((20, 21, 22, 23, 24, 25, 26))
# RFC 8446 §4.1.3: a ServerHello whose random is SHA-256("HelloRetryRequest") is a HelloRetryRequest.
HRR_RANDOM = bytes.fromhex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C")

EXT_SERVER_NAME = 0
EXT_SUPPORTED_GROUPS = 10
EXT_EC_POINT_FORMATS = 11
EXT_SIGNATURE_ALGORITHMS = 13
EXT_ALPN = 16
EXT_EXTENDED_MASTER_SECRET = 23
EXT_SUPPORTED_VERSIONS = 43
EXT_PSK_KEY_EXCHANGE_MODES = 45
EXT_KEY_SHARE = 51
EXT_RENEGOTIATION_INFO = 0xFF01

GROUP_NAMES = {0x001D: "x25519", 0x0017: "secp256r1", 0x0018: "secp384r1", 0x0019: "secp521r1", 0x001E: "x448", 0x0100: "ffdhe2048", 0x11EC: "X25519MLKEM768"}


@record(frozen=True)
class Record:
    content_type: int
    version: int
    payload: bytes

    @property
    def type_name(self) -> str:
        return wire.content_type_name(self.content_type)


@record(frozen=True)
class Alert:
    level: int  # 1 warning, 2 fatal (RFC 8446 §6)
    description: int
    name: str
    fatal: bool


@record(frozen=True)
class FirstBytes:
    kind: str
    service: str | None
    detail: str
    alert: Alert | None = None
    version: int | None = None
    handshake_type: int | None = None


def parse_records(data: bytes, max_records: int = 64) -> tuple[list[Record], bytes, str | None]:
    """Split bytes into TLS records: (records, unparsed remainder, problem or None)."""
    records: list[Record] = []
    pos = 0
    n = len(data)
    while len(records) < max_records and n - pos >= 1:
        ctype = data[pos]
        if ctype not in RECORD_TYPES:
            return records, data[pos:], "not tls"
        if n - pos >= 2 and data[pos + 1] not in (0x03, 0xFE):
            return records, data[pos:], "not tls"
        if n - pos < 5:
            break
        version = (data[pos + 1] << 8) | data[pos + 2]
        length = (data[pos + 3] << 8) | data[pos + 4]
        if length > MAX_RECORD_LENGTH:
            return records, data[pos:], "length too long"
        if n - pos - 5 < length:
            break
        records.append(Record(ctype, version, bytes(data[pos + 5 : pos + 5 + length])))
        pos += 5 + length
    return records, bytes(data[pos:]), None


def parse_alert(payload: bytes) -> Alert | None:
    """A plaintext alert body (exactly level + description), or None when it is not one.

    An encrypted alert (TLS 1.2 after ChangeCipherSpec) has a longer payload and is not decoded.
    """
    if len(payload) != 2 or payload[0] not in (1, 2):
        return None
    level, desc = payload[0], payload[1]
    # RFC 8446 §6: in TLS 1.3 all alerts but close_notify and user_canceled are fatal whatever the level says.
    return Alert(level, desc, wire.alert_name(desc), level == 2)


def _printable_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    ok = sum(1 for b in data if 0x20 <= b <= 0x7E or b in (0x09, 0x0A, 0x0D))
    return ok / len(data)


_HTTP_METHODS = (b"GET ", b"POST ", b"HEAD ", b"PUT ", b"DELETE ", b"OPTIONS ", b"PATCH ", b"CONNECT ", b"TRACE ")
_REDIS_REPLIES = (b"-ERR unknown command", b"-NOAUTH", b"-DENIED", b"-ERR Protocol error", b"+PONG", b"-WRONGPASS")


def _text_line(data: bytes, limit: int = 60) -> str:
    line = data.split(b"\n", 1)[0][:limit]
    return line.decode("ascii", "replace").strip()


def classify_first_bytes(data: bytes) -> FirstBytes:
    """What kind of peer sent these first bytes (a TLS record, HTTP, an SSH banner, ...)."""
    data = bytes(data)
    if not data:
        return FirstBytes("empty", "unknown", "the peer sent nothing (closed or silent)")
    b0 = data[0]
    # TLS record: type 20..26, major 3, minor 0..4 (minor unknown until 3 bytes are there).
    if b0 in RECORD_TYPES and (len(data) < 2 or data[1] == 0x03) and (len(data) < 3 or data[2] <= 0x04):
        tls = _classify_tls(data)
        if tls is not None:
            return tls
    if _looks_sslv2(data):
        kinds = {0: "error", 1: "ClientHello", 4: "ServerHello"}
        return FirstBytes("sslv2", None, f"an SSL 2.0-format {kinds[data[2]]} (2-byte header with the high bit set)")
    upper = data[:16].upper()
    if data.startswith(b"HTTP/") or (len(data) < 5 and b"HTTP/".startswith(data)):
        if len(data) < 5:
            return FirstBytes("http", "http", f"'{data.decode('ascii')}' is how an HTTP response starts ('HTTP/'): likely an HTTP server")
        return FirstBytes("http", "http", f"an HTTP response: {_text_line(data)!r}")
    stripped = data.lstrip()
    if stripped[:9].upper() == b"<!DOCTYPE" or stripped[:5].upper() == b"<HTML" or stripped[:5].upper() == b"<HEAD" or stripped[:6].upper() == b"<?XML ":
        return FirstBytes("html", "http", "an HTML/XML body without a status line (an HTTP/0.9-style answer, e.g. Python http.server)")
    for m in _HTTP_METHODS:
        if upper.startswith(m) or (len(data) >= 3 and m.startswith(upper)):
            return FirstBytes("http", "http", f"an HTTP request ({m.decode().strip()}): a plaintext HTTP client, not a TLS peer")
    if data.startswith(b"SSH-") or (3 <= len(data) < 4 and b"SSH-".startswith(data)):
        return FirstBytes("ssh", "ssh", f"an SSH banner: {_text_line(data)!r}")
    if data.startswith(_REDIS_REPLIES) or data[:6] == b"-ERR w" and b"redis" in data.lower():
        return FirstBytes("redis", "unknown", f"a Redis (RESP) reply: {_text_line(data)!r}")
    if data.startswith(b"+OK") or data.startswith(b"-ERR"):
        return FirstBytes("pop3", "pop3", f"a POP3 greeting/reply: {_text_line(data)!r}")
    if data.startswith(b"* OK") or data.startswith(b"* PREAUTH") or data.startswith(b"* BYE"):
        return FirstBytes("imap", "imap", f"an IMAP greeting: {_text_line(data)!r}")
    if len(data) >= 4 and data[:3] in (b"220", b"421", b"554", b"120") and data[3:4] in (b" ", b"-"):
        low = data[:200].lower()
        if b"ftp" in low or b"filezilla" in low:
            return FirstBytes("ftp", "ftp", f"an FTP greeting: {_text_line(data)!r}")
        if b"smtp" in low or b"mail" in low or b"postfix" in low or b"exim" in low or data[:3] == b"554":
            return FirstBytes("smtp", "smtp", f"an SMTP greeting: {_text_line(data)!r}")
        return FirstBytes("smtp", "smtp", f"a '{data[:3].decode()}' greeting, SMTP or FTP: {_text_line(data)!r}")
    pg = _postgres(data)
    if pg is not None:
        return pg
    my = _mysql(data)
    if my is not None:
        return my
    if _printable_ratio(data) >= 0.9:
        return FirstBytes("text", "unknown", f"plaintext: {_text_line(data)!r}")
    return FirstBytes("binary", "unknown", f"{len(data)} byte(s) of binary data that is not a TLS record")


def _looks_sslv2(data: bytes) -> bool:
    """An SSL 2.0 record header and the fixed fields after it (draft-hickman-netscape-ssl-00
    §2.5, §2.6): checking only the high bit and the message type reads one random reply
    in a hundred as SSL 2.0, so every field that is there must fit."""
    if len(data) < 3 or not data[0] & 0x80 or data[2] not in (0, 1, 4):
        return False
    length = ((data[0] & 0x7F) << 8) | data[1]
    version = (data[3] << 8) | data[4] if len(data) >= 5 else None
    if data[2] == 0:  # ERROR: a 2-byte error code, 1..6
        return length == 3 and (version is None or 1 <= version <= 6)
    if data[2] == 1:  # CLIENT-HELLO: the highest version the client offers
        return version is None or version in (0x0002, 0x0300, 0x0301, 0x0302, 0x0303)
    # SERVER-HELLO: session-id-hit (0/1), certificate type X.509 (1), version 0x0002
    return all(len(data) <= i or data[i] in ok for i, ok in ((3, (0, 1)), (4, (1,)), (5, (0,)), (6, (2,))))


def _classify_tls(data: bytes) -> FirstBytes | None:
    b0 = data[0]
    version = ((data[1] << 8) | data[2]) if len(data) >= 3 else None
    vname = wire.version_name(version) if version is not None else "unknown version"
    if len(data) >= 5:
        length = (data[3] << 8) | data[4]
        if length > MAX_RECORD_LENGTH:
            return None  # not a believable record: let the plaintext checks look at it
    else:
        length = None
    if b0 == 21:
        alert = None
        if length == 2 and len(data) >= 7:
            alert = parse_alert(data[5:7])
        if alert is not None:
            lvl = "fatal" if alert.fatal else "warning"
            return FirstBytes("tls_alert", None, f"a plaintext TLS alert ({lvl} {alert.description} {alert.name}), record version {vname}", alert, version)
        return FirstBytes("tls_alert", None, f"a TLS alert record (record version {vname})", None, version)
    if b0 == 22:
        ht = data[5] if len(data) >= 6 else None
        what = wire.handshake_type_name(ht) if ht is not None else "a handshake message"
        return FirstBytes("tls_handshake", None, f"a TLS handshake record ({what}), record version {vname}", None, version, ht)
    return FirstBytes("tls_other", None, f"a TLS {wire.content_type_name(b0)} record, record version {vname}", None, version)


def _postgres(data: bytes) -> FirstBytes | None:
    """A PostgreSQL ErrorResponse ('E', int32 length, then 'S'/'V'/'C'/'M' fields)."""
    if len(data) >= 6 and data[0:1] == b"E" and data[5:6] in (b"S", b"V", b"C", b"M"):
        length = int.from_bytes(data[1:5], "big")
        if 8 <= length < 100_000:
            msg = ""
            i = data.find(b"\x00M", 5)
            if i >= 0:
                msg = data[i + 2 :].split(b"\x00", 1)[0][:80].decode("utf-8", "replace")
            return FirstBytes("postgres", "postgres", "a PostgreSQL ErrorResponse" + (f": {msg!r}" if msg else ""))
    return None


def _mysql(data: bytes) -> FirstBytes | None:
    """A MySQL/MariaDB packet: 3-byte little-endian length, sequence 0, then 0x0A (greeting) or 0xFF (error)."""
    if len(data) >= 5 and data[3] == 0 and data[4] in (0x0A, 0xFF):
        length = data[0] | (data[1] << 8) | (data[2] << 16)
        if 1 <= length < 4096:
            if data[4] == 0x0A:
                ver = data[5 : 5 + 40].split(b"\x00", 1)[0].decode("ascii", "replace")
                return FirstBytes("mysql", "mysql", f"a MySQL/MariaDB server greeting (protocol 10, server {ver!r})")
            return FirstBytes("mysql", "mysql", "a MySQL/MariaDB error packet")
    return None


def _u16(data: bytes, pos: int) -> int:
    return (data[pos] << 8) | data[pos + 1]


def server_hello_info(data: bytes) -> dict | None:  # type: ignore[type-arg]
    """Facts from a ServerHello at the start of ``data`` (records as read from the socket), or None.

    Keys: version (int, the negotiated one), version_name, legacy_version, cipher_suite,
    cipher_suite_name, session_id_len, extensions (list of ext types), key_share_group,
    hello_retry_request (bool), record_version.
    """
    records, _rest, _problem = parse_records(data)
    hs = b"".join(r.payload for r in _leading_handshake(records))
    if not records:
        return None
    if len(hs) < 4 or hs[0] != 2:
        return None
    body_len = int.from_bytes(hs[1:4], "big")
    body = hs[4 : 4 + body_len]
    if len(body) < body_len or len(body) < 38:
        return None
    try:
        legacy = _u16(body, 0)
        random = body[2:34]
        sid_len = body[34]
        pos = 35 + sid_len
        suite = _u16(body, pos)
        pos += 3  # cipher suite + compression method
        exts: list[int] = []
        version = legacy
        group: int | None = None
        alpn: list[str] = []
        if pos + 2 <= len(body):
            ext_total = _u16(body, pos)
            pos += 2
            end = min(len(body), pos + ext_total)
            while pos + 4 <= end:
                etype, elen = _u16(body, pos), _u16(body, pos + 2)
                edata = body[pos + 4 : pos + 4 + elen]
                if len(edata) < elen:
                    break
                exts.append(etype)
                if etype == EXT_SUPPORTED_VERSIONS and elen == 2:
                    version = _u16(edata, 0)
                elif etype == EXT_KEY_SHARE and elen >= 2:
                    group = _u16(edata, 0)
                elif etype == EXT_ALPN and elen >= 3:
                    alpn = _alpn_list(edata)[:1]
                pos += 4 + elen
    except IndexError:
        return None
    return {
        "record_version": records[0].version,
        "legacy_version": legacy,
        "version": version,
        "version_name": wire.version_name(version),
        "cipher_suite": suite,
        "cipher_suite_name": wire.cipher_suite_name(suite),
        "session_id_len": sid_len,
        "extensions": exts,
        "key_share_group": group,
        "key_share_group_name": GROUP_NAMES.get(group, f"0x{group:04X}") if group is not None else None,
        "hello_retry_request": random == HRR_RANDOM,
        "alpn": alpn[0] if alpn else None,
    }


def _alpn_list(edata: bytes) -> list[str]:
    """The protocol names of an ALPN extension body (RFC 7301 §3.1)."""
    out: list[str] = []
    pos = 2
    end = min(len(edata), 2 + _u16(edata, 0)) if len(edata) >= 2 else 0
    while pos < end and len(out) < 32:
        n = edata[pos]
        name = edata[pos + 1 : pos + 1 + n]
        if len(name) < n:
            break
        out.append(name.decode("ascii", "replace"))
        pos += 1 + n
    return out


def _leading_handshake(records: list[Record]) -> list[Record]:
    out: list[Record] = []
    for r in records:
        if r.content_type != 22:
            break
        out.append(r)
    return out


# ---------------------------------------------------------------------------- ClientHello

DEFAULT_CIPHER_SUITES = (
    0x1301, 0x1302, 0x1303,  # TLS 1.3
    0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8,  # ECDHE AEAD
    0xC009, 0xC013, 0xC00A, 0xC014,  # ECDHE CBC (TLS 1.0/1.1 servers)
    0x009C, 0x009D, 0x002F, 0x0035,  # RSA key exchange (old servers)
    0x00FF,  # renegotiation_info SCSV (RFC 5746)
)
DEFAULT_GROUPS = (0x001D, 0x0017, 0x0018)
DEFAULT_SIGALGS = (
    0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601,  # ecdsa/rsa_pss/rsa_pkcs1 sha256..512
    0x0807, 0x0808,  # ed25519, ed448
    0x0201, 0x0203,  # rsa_pkcs1_sha1, ecdsa_sha1 (old servers)
)


def _vec(data: bytes, size: int) -> bytes:
    return len(data).to_bytes(size, "big") + data


def _ext(etype: int, data: bytes) -> bytes:
    return etype.to_bytes(2, "big") + _vec(data, 2)


def _is_ip_literal(name: str) -> bool:
    if ":" in name:
        return True
    parts = name.split(".")
    return len(parts) == 4 and all(p.isdigit() for p in parts)


def sni_bytes(server_name: str) -> bytes | None:
    """The host name as SNI carries it (A-labels, no trailing dot), or None when SNI must be omitted.

    RFC 6066 §3: literal IPv4/IPv6 addresses are not permitted in SNI.
    """
    name = server_name.strip().rstrip(".")
    if not name or _is_ip_literal(name):
        return None
    try:
        encoded = name.encode("ascii")
    except UnicodeEncodeError:
        try:
            encoded = name.encode("idna")
        except UnicodeError:
            return None
    if len(encoded) > 253:
        return None
    return encoded


def build_client_hello(
    server_name: str | None,
    versions: tuple[int, ...] = (0x0304, 0x0303),
    cipher_suites: tuple[int, ...] | None = None,
    groups: tuple[int, ...] = DEFAULT_GROUPS,
    alpn: tuple[str, ...] = (),
    random: bytes | None = None,
    key_share: bytes | None = None,
) -> bytes:
    """One ClientHello record (type 22) offering ``versions``; SNI when ``server_name`` is a host name.

    With TLS 1.3 in ``versions`` the hello carries supported_versions, key_share (x25519) and
    psk_key_exchange_modes, and a legacy_version of 0x0303; without it, legacy_version is the
    highest version asked for and only suites usable below 1.3 are offered.
    """
    if not versions:
        raise ValueError("versions must not be empty")
    top = max(versions)
    tls13 = 0x0304 in versions
    suites = cipher_suites if cipher_suites is not None else DEFAULT_CIPHER_SUITES
    if not tls13 and cipher_suites is None:
        suites = tuple(s for s in suites if not 0x1301 <= s <= 0x1305)
    if top < 0x0303 and cipher_suites is None:
        suites = tuple(s for s in suites if s not in (0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0x009C, 0x009D))
    rnd = random if random is not None else os.urandom(32)
    if len(rnd) != 32:
        raise ValueError("random must be 32 bytes")
    session_id = os.urandom(32) if tls13 else b""  # RFC 8446 App. D.4 middlebox compatibility
    exts = b""
    if server_name:
        sni = sni_bytes(server_name)
        if sni is not None:
            exts += _ext(EXT_SERVER_NAME, _vec(b"\x00" + _vec(sni, 2), 2))
    exts += _ext(EXT_SUPPORTED_GROUPS, _vec(b"".join(g.to_bytes(2, "big") for g in groups), 2))
    exts += _ext(EXT_EC_POINT_FORMATS, _vec(b"\x00", 1))
    exts += _ext(EXT_SIGNATURE_ALGORITHMS, _vec(b"".join(s.to_bytes(2, "big") for s in DEFAULT_SIGALGS), 2))
    if alpn:
        exts += _ext(EXT_ALPN, _vec(b"".join(_vec(p.encode("ascii"), 1) for p in alpn), 2))
    exts += _ext(EXT_EXTENDED_MASTER_SECRET, b"")
    exts += _ext(EXT_RENEGOTIATION_INFO, b"\x00")
    if tls13:
        ordered = sorted(set(versions), reverse=True)
        exts += _ext(EXT_SUPPORTED_VERSIONS, _vec(b"".join(v.to_bytes(2, "big") for v in ordered), 1))
        exts += _ext(EXT_PSK_KEY_EXCHANGE_MODES, _vec(b"\x01", 1))  # psk_dhe_ke
        share = key_share if key_share is not None else os.urandom(32)
        if 0x001D in groups:
            exts += _ext(EXT_KEY_SHARE, _vec((0x001D).to_bytes(2, "big") + _vec(share, 2), 2))
    legacy_version = 0x0303 if tls13 else top
    body = (
        legacy_version.to_bytes(2, "big")
        + rnd
        + _vec(session_id, 1)
        + _vec(b"".join(s.to_bytes(2, "big") for s in suites), 2)
        + _vec(b"\x00", 1)  # compression: null only
        + _vec(exts, 2)
    )
    handshake = b"\x01" + _vec(body, 3)
    record_version = 0x0301 if top >= 0x0301 else top  # RFC 8446 §5.1: 0x0301 for compatibility
    return b"\x16" + record_version.to_bytes(2, "big") + _vec(handshake, 2)


def client_hello_info(data: bytes) -> dict | None:  # type: ignore[type-arg]
    """The offered versions/suites/SNI of a ClientHello (used by tests and by simulators)."""
    records, _rest, _p = parse_records(data)
    hs = b"".join(r.payload for r in _leading_handshake(records))
    if len(hs) < 4 or hs[0] != 1:
        return None
    body = hs[4 : 4 + int.from_bytes(hs[1:4], "big")]
    try:
        legacy = _u16(body, 0)
        pos = 34
        pos += 1 + body[pos]
        n = _u16(body, pos)
        suites = [_u16(body, pos + 2 + i) for i in range(0, n, 2)]
        pos += 2 + n
        pos += 1 + body[pos]
        ext_total = _u16(body, pos)
        pos += 2
        end = pos + ext_total
        sni: str | None = None
        alpn: list[str] = []
        versions: list[int] = []
        exts: list[int] = []
        while pos + 4 <= end:
            etype, elen = _u16(body, pos), _u16(body, pos + 2)
            edata = body[pos + 4 : pos + 4 + elen]
            exts.append(etype)
            if etype == EXT_SERVER_NAME and len(edata) >= 5:
                sni = edata[5 : 5 + _u16(edata, 3)].decode("ascii", "replace")
            elif etype == EXT_SUPPORTED_VERSIONS and edata:
                versions = [_u16(edata, 1 + i) for i in range(0, edata[0] - 1, 2) if 2 + i < len(edata)]
            elif etype == EXT_ALPN and len(edata) >= 3:
                alpn = _alpn_list(edata)
            pos += 4 + elen
    except IndexError:
        return None
    return {"legacy_version": legacy, "cipher_suites": suites, "server_name": sni, "supported_versions": versions, "extensions": exts, "alpn": alpn}
