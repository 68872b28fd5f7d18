"""The client-speaks-first protocols without a greeting (pure): Redis (PING), MQTT (CONNECT
without credentials), LDAP (the StartTLS extended request).

Facts: Redis docs, RESP protocol specification (simple strings '+', errors '-', inline commands;
'-NOAUTH Authentication required.'), Redis docs TLS (tls-port, port 0, tls-auth-clients);
MQTT 3.1.1 §3.1 (CONNECT: protocol name 'MQTT', level 4, clean session), §3.2 (CONNACK 20 02,
return codes 0-5); RFC 4511 §4.14.1 (StartTLS request: ExtendedRequest [APPLICATION 23] with
requestName 1.3.6.1.4.1.1466.20037), §4.12 (ExtendedResponse [APPLICATION 24]), §4.1.9
(resultCode: 0 success, 2 protocolError, 52 unavailable).
"""

from __future__ import annotations

from ...model import Evidence
from ...transcript import Transcript
from .identify import describe, identify
from .reading import CLOSED, OTHER, SILENT, SPOKE, TLS, Reading, replies

PING = b"PING\r\n"
MAX_REDIS_REPLY = 4096
MQTT_CONNECT = bytes([0x10, 26]) + b"\x00\x04MQTT\x04\x02\x00\x0a" + b"\x00\x0ehsdoctor-probe"
MQTT_DISCONNECT = b"\xe0\x00"
CONNACK_CODES = {0: "accepted", 1: "unacceptable protocol version", 2: "identifier rejected", 3: "server unavailable",
                 4: "bad user name or password", 5: "not authorized"}
LDAP_STARTTLS_OID = b"1.3.6.1.4.1.1466.20037"
LDAP_STARTTLS = b"\x30\x1d\x02\x01\x01\x77\x18\x80\x16" + LDAP_STARTTLS_OID
LDAP_RESULTS = {0: "success", 1: "operationsError", 2: "protocolError", 52: "unavailable", 53: "unwillingToPerform"}
MAX_LDAP = 8192


def redis_complete(d: bytes) -> bool:
    return b"\n" in d or len(d) >= MAX_REDIS_REPLY


def read_redis(tr: Transcript) -> Reading:
    r = Reading("redis")
    rx = replies(tr)
    plain = rx.get("redis.ping")
    inner = rx.get("redis.ping_tls")
    hs = [e for e in tr.events("tls_handshake") if e.meta.get("purpose") in ("implicit", "checklist")]
    tls_ok = any(e.meta.get("ok") or e.meta.get("chain") for e in hs)
    if tr.meta.get("implicit"):
        if tls_ok:
            r.answered = TLS
            if inner and inner[0]:
                r.identity = "Redis"
                r.evidence.append(Evidence("message", describe(inner[0]), "PING over TLS", _redis_meaning(inner[0])))
            return r
        if plain is not None and plain[0] and identify(plain[0]) == "redis":
            r.answered, r.identity = SPOKE, "Redis"
            r.evidence.append(Evidence("message", describe(plain[0]), "PING without TLS", _redis_meaning(plain[0])))
            return r
    if plain is None:
        return r
    data, end = plain
    if not data:
        r.answered = SILENT if end == "timeout" else CLOSED
        r.evidence.append(Evidence("message", f"no answer to PING ({end})", "PING"))
        return r
    name = identify(data)
    if name == "redis":
        r.answered, r.identity = SPOKE, "Redis"
        r.tls_offered = None
        r.evidence.append(Evidence("message", describe(data), "PING", _redis_meaning(data)))
        if end == "limit" and b"\n" not in data:
            r.problem("oversized", f"a reply line of more than {len(data)} bytes")
        return r
    if name == "tls":
        r.answered = TLS
    else:
        r.answered, r.other = OTHER, name
        if end == "limit":
            r.problem("oversized", f"more than {len(data)} bytes in answer to PING")
    r.evidence.append(Evidence("bytes", describe(data), "PING"))
    return r


def _redis_meaning(d: bytes) -> str:
    if d.startswith(b"+PONG"):
        return "Redis answers without a password"
    if d.startswith(b"-NOAUTH"):
        return "Redis asks for AUTH first (requirepass / ACL): the probe sends none"
    return "a Redis reply"


def mqtt_complete(d: bytes) -> bool:
    return len(d) >= 4 or (len(d) >= 1 and d[0] != 0x20)


def read_mqtt(tr: Transcript) -> Reading:
    r = Reading("mqtt")
    rx = replies(tr)
    plain, inner = rx.get("mqtt.connect"), rx.get("mqtt.connect_tls")
    hs = [e for e in tr.events("tls_handshake") if e.meta.get("purpose") in ("implicit", "checklist")]
    tls_ok = any(e.meta.get("ok") or e.meta.get("chain") for e in hs)
    if tr.meta.get("implicit") and tls_ok:
        r.answered = TLS
        if inner and inner[0][:2] == b"\x20\x02" and len(inner[0]) >= 4:
            r.identity = f"MQTT broker (CONNACK: {CONNACK_CODES.get(inner[0][3], inner[0][3])})"
        return r
    if plain is None:
        return r
    data, end = plain
    if not data:
        r.answered = SILENT if end == "timeout" else CLOSED
        r.evidence.append(Evidence("message", f"no CONNACK ({end})", "CONNECT"))
        return r
    if data[:2] == b"\x20\x02" and len(data) >= 4:
        r.answered = SPOKE
        r.identity = f"MQTT broker (CONNACK: {CONNACK_CODES.get(data[3], data[3])})"
        r.evidence.append(Evidence("bytes", data[:4].hex(" ").upper(), "CONNECT", r.identity))
        return r
    name = identify(data)
    r.answered = TLS if name == "tls" else OTHER
    r.other = "" if name == "tls" else name
    r.evidence.append(Evidence("bytes", describe(data), "CONNECT"))
    return r


def ber_complete(d: bytes) -> bool:
    if len(d) < 2:
        return False
    if d[0] != 0x30:
        return True
    n, hdr = _ber_len(d)
    return n is None or n > MAX_LDAP or len(d) >= hdr + n


def _ber_len(d: bytes, i: int = 1) -> tuple[int | None, int]:
    if len(d) <= i:
        return None, i
    b = d[i]
    if b < 0x80:
        return b, i + 1
    k = b & 0x7F
    if k == 0 or k > 4 or len(d) < i + 1 + k:
        return (None if k == 0 or k > 4 else 0), i + 1 + k
    return int.from_bytes(d[i + 1:i + 1 + k], "big"), i + 1 + k


def ldap_result(d: bytes) -> tuple[int | None, str]:
    """resultCode and diagnosticMessage of an ExtendedResponse (or any LDAPResult), or (None, why)."""
    if not d or d[0] != 0x30:
        return None, "not a BER SEQUENCE"
    n, i = _ber_len(d)
    if n is None or n > MAX_LDAP:
        return None, f"absurd BER length {n}"
    if len(d) < i + 3 or d[i] != 0x02:
        return None, "no messageID"
    i += 2 + d[i + 1]
    if len(d) <= i:
        return None, "truncated"
    _op = d[i]
    _n, i = _ber_len(d, i + 1)
    if len(d) < i + 3 or d[i] != 0x0A:
        return None, "no resultCode"
    code = int.from_bytes(d[i + 2:i + 2 + d[i + 1]], "big")
    i += 2 + d[i + 1]
    msg = ""
    if len(d) > i + 1 and d[i] == 0x04:  # matchedDN
        i += 2 + d[i + 1]
        if len(d) > i + 1 and d[i] == 0x04:
            msg = d[i + 2:i + 2 + d[i + 1]].decode("utf-8", "replace")[:200]
    return code, msg


def read_ldap(tr: Transcript) -> Reading:
    r = Reading("ldap")
    rx = replies(tr)
    got = rx.get("ldap.starttls")
    hs = [e for e in tr.events("tls_handshake") if e.meta.get("purpose") in ("implicit", "checklist")]
    tls_ok = any(e.meta.get("ok") or e.meta.get("chain") for e in hs)
    if tr.meta.get("implicit"):
        if tls_ok:
            r.answered, r.identity = TLS, "LDAPS"
            return r
        if got is not None and got[0][:1] == b"\x30":
            r.answered, r.identity = SPOKE, "LDAP"
            r.evidence.append(Evidence("bytes", describe(got[0]), "StartTLS request without TLS", "an LDAP answer in plaintext"))
            return r
    if got is None:
        return r
    data, end = got
    if not data:
        r.answered = SILENT if end == "timeout" else CLOSED
        r.evidence.append(Evidence("message", f"no answer to the StartTLS request ({end})", "StartTLS"))
        return r
    if identify(data) == "tls":
        r.answered = TLS
        return r
    code, why = ldap_result(data)
    if code is None:
        r.answered, r.other = OTHER, identify(data)
        if why.startswith("absurd"):
            r.answered = SPOKE
            r.problem("malformed", why)
        r.evidence.append(Evidence("bytes", describe(data), "StartTLS", why))
        return r
    r.answered, r.identity = SPOKE, "LDAP"
    r.tls_offered = code == 0
    r.tls_accepted = code == 0
    if code != 0:
        r.refusal = f"resultCode {code} {LDAP_RESULTS.get(code, '')}: {why}".strip()
        r.tls_offered = code not in (2, 52, 53)  # protocolError/unavailable/unwilling: no TLS configured
    r.evidence.append(Evidence("message", f"ExtendedResponse resultCode {code} {LDAP_RESULTS.get(code, '')} {why}".strip(), "StartTLS"))
    return r
