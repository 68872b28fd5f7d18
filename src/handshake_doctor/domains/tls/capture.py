"""A TLS handshake read from both directions of a captured connection (pure: a Transcript in).

Why its own judge: a probe asks and sees its own side; a capture saw both sides of someone
else's handshake, so it can say *who* refused and *why that side did*: a client's unknown_ca
means the client does not trust the certificate the capture also holds (self-signed? leaf
only? a private root?), a server's handshake_failure after a CertificateRequest and an empty
client Certificate means the client certificate was missing. Only what the capture shows is
certain; where it does not say (a bare handshake_failure after the ClientHello, TLS 1.3's
encrypted flight), the findings rank hypotheses from what the ClientHello shows and say so.

The codec (codec.py) reads records, hellos and alerts; chain_check.py judges the certificates
(at the capture's time, against the SNI or the server address); TX in the transcript is the
client, RX the server (analyze/conversation.py).
"""

from __future__ import annotations

import datetime as dt

from ...model import Evidence, Finding, Fix  # noqa: F401  (Fix: type of the fixes)
from ...record import record
from ...transcript import RX, TX, Transcript
from . import alpn as alpn_judge, codec, wire
from .decrypt import EXT_ENCRYPT_THEN_MAC
from .fixes import fixes_for

SRC = "RFC 8446 §4, §6; RFC 5246 §7.4"
ENC_ALERT_MAX = 2 + 1 + 16 + 8  # alert + inner type + AEAD tag (+ a little padding / CBC slack)
MIN_13_FINISHED = 32 + 4 + 1 + 16  # Finished (SHA-256) + header + inner type + tag
UNTRUSTED = (42, 46, 48)  # bad_certificate, certificate_unknown, unknown_ca


@record(frozen=True)
class Rec:
    ctype: int
    length: int
    t: float
    payload: bytes
    encrypted: bool  # sent after this side's ChangeCipherSpec (TLS <= 1.2) or after ServerHello (1.3)


@record
class SideView:
    records: list[Rec]
    messages: list[tuple[int, bytes, float]]  # plaintext handshake messages: (type, body, time)
    problem: str | None
    alerts: list[tuple[codec.Alert | None, float, bool]]  # (alert or None when encrypted, time, encrypted)


def _time_at(offsets: list[tuple[int, float]], off: int) -> float:
    t = offsets[0][1] if offsets else 0.0
    for o, tt in offsets:
        if o > off:
            break
        t = tt
    return t


def read_side(data: bytes, offsets: list[tuple[int, float]], tls13_after_hello: bool = False) -> SideView:
    """Records, plaintext handshake messages and alerts of one direction."""
    recs, _rest, problem = codec.parse_records(data, max_records=512)
    out: list[Rec] = []
    msgs: list[tuple[int, bytes, float]] = []
    alerts: list[tuple[codec.Alert | None, float, bool]] = []
    off = 0
    encrypted = False
    hs = b""
    hs_t = 0.0
    seen_hello = False
    for r in recs:
        t = _time_at(offsets, off)
        off += 5 + len(r.payload)
        if r.content_type == 20:
            encrypted = True
            out.append(Rec(20, len(r.payload), t, b"", False))
            continue
        enc = encrypted or (tls13_after_hello and seen_hello and r.content_type != 22)
        out.append(Rec(r.content_type, len(r.payload), t, r.payload[:64], enc))
        if r.content_type == 22 and not encrypted:
            if not hs:
                hs_t = t
            hs += r.payload
            while len(hs) >= 4:
                n = int.from_bytes(hs[1:4], "big")
                if len(hs) < 4 + n:
                    break
                msgs.append((hs[0], hs[4:4 + n], hs_t))
                if hs[0] in (1, 2):
                    seen_hello = True
                hs = hs[4 + n:]
                hs_t = t
        elif r.content_type == 21:
            # TLS 1.3 encrypts alerts as application_data records, so a type-21 record of two
            # bytes is plaintext in any version; after a TLS <= 1.2 ChangeCipherSpec it is longer
            a = codec.parse_alert(r.payload) if len(r.payload) == 2 else None
            alerts.append((a, t, a is None))
    return SideView(out, msgs, problem, alerts)


def certificates(body: bytes) -> list[bytes]:
    """DER certificates of a TLS <= 1.2 Certificate message body (RFC 5246 §7.4.2)."""
    out: list[bytes] = []
    if len(body) < 3:
        return out
    end = min(len(body), 3 + int.from_bytes(body[:3], "big"))
    pos = 3
    while pos + 3 <= end and len(out) < 16:
        n = int.from_bytes(body[pos:pos + 3], "big")
        der = body[pos + 3:pos + 3 + n]
        if len(der) < n:
            break
        out.append(der)
        pos += 3 + n
    return out


# what an alert means, by who sent it (the meaning the other side's user needs)
SIDE_MEANING: dict[tuple[str, int], tuple[str, str]] = {
    ("client", 48): ("tls.peer_rejected_certificate", "the client does not trust the server's certificate (it could not chain it to a CA it trusts)"),
    ("client", 42): ("tls.peer_rejected_certificate", "the client does not trust the server's certificate (bad_certificate)"),
    ("client", 46): ("tls.peer_rejected_certificate", "the client does not trust the server's certificate (certificate_unknown: most often the host name or the chain)"),
    ("client", 45): ("tls.cert_expired", "the client says the server's certificate has expired or is not yet valid"),
    ("client", 44): ("tls.cert_revoked", "the client found the server's certificate revoked"),
    ("client", 43): ("tls.peer_rejected_certificate", "the client rejected the server certificate's type or key"),
    ("client", 70): ("tls.version_mismatch", "the client refuses the version the server chose"),
    ("client", 71): ("tls.no_shared_cipher", "the client requires stronger parameters than the server chose"),
    ("server", 70): ("tls.version_mismatch", "the server accepts none of the versions the client offered"),
    ("server", 71): ("tls.no_shared_cipher", "the server requires stronger cipher suites than the client offered"),
    ("server", 112): ("tls.unrecognized_name", "the server has no virtual host for the SNI name the client sent"),
    ("server", 116): ("tls.client_cert_required", "the server requires a client certificate and got none"),
    ("server", 48): ("tls.peer_rejected_certificate", "the server does not trust the client's certificate"),
    ("server", 42): ("tls.peer_rejected_certificate", "the server rejected the client's certificate"),
    ("server", 46): ("tls.peer_rejected_certificate", "the server rejected the client's certificate"),
    ("server", 45): ("tls.peer_rejected_certificate", "the server found the client's certificate expired"),
    ("server", 120): ("tls.alert_received", "no ALPN protocol in common (h2, http/1.1...)"),
}


def _alert_text(a: codec.Alert) -> str:
    return f"{'fatal' if a.fatal else 'warning'} {a.name} ({a.description})"


def _ev(kind: str, value: str, note: str) -> Evidence:
    return Evidence(kind, value, "capture", note)


def _fixes(code: str, tr: Transcript, sni: str | None) -> list[Fix]:
    host, port = _split(tr.peer)
    return fixes_for(code, host=sni or host, port=port, sni=sni or host, url=f"https://{sni or host}:{port}/")


def _split(ep: str) -> tuple[str, str]:
    h, _, p = ep.rpartition(":")
    return h.strip("[]"), p


def _capture_time(tr: Transcript, t: float) -> dt.datetime | None:
    t0 = tr.meta.get("t0_epoch")
    if not isinstance(t0, (int, float)) or t0 <= 0:
        return None
    try:
        return dt.datetime.fromtimestamp(float(t0) + t, dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def is_client_hello(data: bytes) -> bool:
    return len(data) >= 6 and data[0] == 22 and data[1] == 3 and data[5] == 1


def is_sslv2_hello(data: bytes) -> bool:
    return len(data) >= 3 and bool(data[0] & 0x80) and data[2] == 1


def judge(tr: Transcript, *, offset_client: int = 0, offset_server: int = 0) -> tuple[list[Finding], dict]:  # type: ignore[type-arg]
    """Findings for the TLS handshake in ``tr`` (client bytes from ``offset_client`` on, server
    bytes from ``offset_server``: after a STARTTLS or an SSLRequest), and the facts read."""
    cdata, sdata = tr.stream(TX)[offset_client:], tr.stream(RX)[offset_server:]
    coffs = [(o - offset_client, t) for o, t in tr.offsets(TX)]
    soffs = [(o - offset_server, t) for o, t in tr.offsets(RX)]
    tcp = tr.meta.get("tcp") or {}
    cf, sf = tcp.get("client") or {}, tcp.get("server") or {}
    end = float(tcp.get("end") or 0.0)
    out: list[Finding] = []
    info: dict = {}  # type: ignore[type-arg]
    if is_sslv2_hello(cdata):
        out.append(Finding("tls.version_mismatch", "tls", "The client speaks SSL 2.0 (an SSLv2-format ClientHello)",
                           "SSL 2.0 is prohibited (RFC 6176) and no current server accepts it; whatever the server answered, this is obsolete and insecure.",
                           "warning", 0.9, [_ev("bytes", cdata[:5].hex().upper(), "SSLv2 record header, CLIENT-HELLO")],
                           _fixes("tls.version_mismatch", tr, None), ["RFC 6176"], {"client_version": "SSL 2.0"}))
        info["version"] = "SSL 2.0"
        return out, info
    hello = codec.client_hello_info(cdata)
    if hello is None:
        return out, info
    sni = hello.get("server_name")
    # without supported_versions (RFC 8446 §4.2.1) a client offers every version up to its legacy_version
    offered = sorted(set(hello.get("supported_versions") or range(0x0300, hello["legacy_version"] + 1)), reverse=True)
    info.update(sni=sni, alpn_offered=hello.get("alpn") or [], versions_offered=[wire.version_name(v) for v in offered if (v & 0x0F0F) != 0x0A0A],
                suites_offered=len(hello.get("cipher_suites") or []))
    sh = codec.server_hello_info(sdata)
    tls13 = bool(sh and sh["version"] == 0x0304)
    cv = read_side(cdata, coffs, tls13)
    sv = read_side(sdata, soffs, tls13)
    info["alerts"] = [{"sender": who, "t": round(t, 6), "encrypted": a is None, **({"description": a.description, "name": a.name, "fatal": a.fatal} if a else {})}
                      for who, side in (("client", cv), ("server", sv)) for a, t, _e in side.alerts][:8]
    t_hello = cv.messages[0][2] if cv.messages else (coffs[0][1] if coffs else 0.0)
    hello_ev = _ev("client_hello", f"SNI {sni or '(none)'}; versions {', '.join(info['versions_offered']) or '?'}; {info['suites_offered']} suites; ALPN {','.join(info['alpn_offered']) or '(none)'}",
                   "what the client offered")
    if sh:
        info.update(version=sh["version_name"], cipher_suite=sh["cipher_suite_name"], alpn=sh.get("alpn"))
    # -------------------------------------------------------------- server said nothing TLS
    if not sdata:
        return _no_answer(tr, out, info, cf, sf, end, t_hello, hello_ev, sni), info
    if len(sdata) >= 5 and sdata[0] in codec.RECORD_TYPES and sdata[1] == 3 and ((sdata[3] << 8) | sdata[4]) > codec.MAX_RECORD_LENGTH:
        n = (sdata[3] << 8) | sdata[4]
        out.append(Finding("tls.malformed_reply", "tls", f"The server's first TLS record claims {n} bytes, above the 2^14+2048 limit",
                           "No TLS implementation sends such a record: a broken or hostile server, or another protocol whose bytes look like a record header.",
                           "error", 0.9, [_ev("bytes", sdata[:5].hex().upper(), "record header: type, version, length"), hello_ev],
                           _fixes("tls.malformed_reply", tr, sni), ["RFC 5246 §6.2.3; RFC 8446 §5.1"], {"length": n}))
        return out, info
    first = codec.classify_first_bytes(sdata[:64])
    if first.kind not in ("tls_handshake", "tls_alert", "tls_other"):
        code = "tls.plaintext_http" if first.service == "http" else "tls.non_tls_service" if first.service not in (None, "unknown") else "tls.not_tls_reply"
        out.append(Finding(code, "tls", f"The server answered the ClientHello with {first.detail}",
                           "The client speaks TLS to a port where another protocol (or plain text) answers: a wrong port, or TLS not enabled there.",
                           "error", 0.95, [_ev("bytes", sdata[:16].hex().upper(), first.detail), hello_ev], _fixes(code, tr, sni), [SRC], {"service": first.service}))
        return out, info
    # an alert after application data flowed both ways ends a session (close_notify, encrypted
    # or not): not a handshake failure
    capp = next((r.t for r in cv.records if r.ctype == 23), None)
    sapp = next((r.t for r in sv.records if r.ctype == 23), None)
    t_both = max(capp, sapp) if capp is not None and sapp is not None and not tls13 else None

    def handshake_alert(alerts: list) -> tuple | None:  # type: ignore[type-arg]
        for a, t, e in alerts:
            if a is not None and a.description in (0, 90) and not a.fatal:
                continue
            if t_both is not None and t >= t_both:
                continue
            return a, t, e
        return None

    s_alert = handshake_alert(sv.alerts)
    c_alert = handshake_alert(cv.alerts)
    if sh and not tls13 and tr.meta.get("tls_secrets", {}).get("CLIENT_RANDOM"):
        etm = EXT_ENCRYPT_THEN_MAC in (hello.get("extensions") or []) and EXT_ENCRYPT_THEN_MAC in (sh.get("extensions") or [])
        reneg: dict[str, list[tuple[int, bytes, float]]] = {}
        c_alert, s_alert = _decrypt12_alerts(tr, cdata, sdata, coffs, soffs, sh, c_alert, s_alert, info, etm, reneg)
        # a renegotiation's messages (decrypted) join the plaintext ones: a CertificateRequest
        # asked for only there (a server wanting a client certificate for one path) is judged alike
        if not any(t == 13 for t, _b, _t in sv.messages) and any(t == 13 for t, _b, _t in reneg.get("server", [])):
            info["certificate_request_in"] = "renegotiation"
        cv.messages.extend(reneg.get("client", []))
        sv.messages.extend(reneg.get("server", []))
    if sh and tr.meta.get("tls_keylog_miss"):
        out.append(_keylog_miss(tr, cdata, tls13, sni))
        info["keylog"] = "no secrets for this client random"
    # ---------------------------------------------------------------- refused at the hello
    if sh is None:
        if s_alert and s_alert[0]:
            out.extend(_hello_refused(tr, s_alert[0], hello, hello_ev, sni, s_alert[1] - t_hello))
        elif sv.problem:
            out.append(Finding("tls.malformed_reply", "tls", f"The server's reply breaks TLS framing ({sv.problem})", "", "error", 0.8,
                               [_ev("bytes", sdata[:16].hex().upper(), sv.problem)], _fixes("tls.malformed_reply", tr, sni), [SRC]))
        else:
            out.append(_closed(tr, sf, "before its ServerHello", hello_ev, sni))
        return out, info
    ev_sh = _ev("server_hello", f"{sh['version_name']}, {sh['cipher_suite_name']}" + (f", ALPN {sh['alpn']}" if sh.get("alpn") else ""), "what the server chose")
    if sh.get("alpn") and sh["alpn"] not in (hello.get("alpn") or []):  # TLS 1.2: the selection is in the clear
        out.extend(_alpn_findings(tr, alpn_judge.AlpnFacts(tuple(hello.get("alpn") or ()), sh["alpn"], seen_by="capture"), sni, [hello_ev, ev_sh]))
        return out, info
    if sh.get("hello_retry_request"):
        info["hello_retry_request"] = True
    c_al = next((a for a, _t, _e in cv.alerts if a is not None), None)
    old_refused = sh["version"] < 0x0303 and c_al is not None and c_al.fatal and c_al.description in (40, 70, 71, 80) and \
        not any(r.ctype == 20 for r in cv.records)
    if old_refused or (sh["version"] not in offered and (sh["version"] & 0x0F0F) != 0x0A0A):
        if old_refused and sh["version"] in offered:
            info["note"] = "OpenSSL 3 clients list old versions but refuse them below their security level"
        out.append(Finding("tls.version_mismatch", "tls",
                           (f"The server chose {sh['version_name']}, which the client did not offer (it offered {', '.join(info['versions_offered'])})"
                            if sh["version"] not in offered else f"The server chose {sh['version_name']}, which the client's policy refuses")
                           + (f"; the client aborted with {_alert_text(c_al)}" if c_al else ""),
                           "The two sides have no protocol version in common: the server only speaks older TLS than the client's minimum "
                           "(or newer than its maximum). Enable TLS 1.2/1.3 on the server; lowering the client's minimum is the insecure way out.",
                           "error", 0.95, [hello_ev, ev_sh] + ([_ev("alert", _alert_text(c_al), "sent by the client")] if c_al else []),
                           _fixes("tls.version_mismatch", tr, sni), [SRC], {"chosen": sh["version_name"], "offered": info["versions_offered"]}))
        return out, info
    if tls13 and tr.meta.get("tls_secrets"):
        dec = _judge13_decrypted(tr, cdata, sdata, coffs, soffs, sh, hello_ev, ev_sh, sni, info)
        if dec is not None:
            out.extend(dec)
            return out, info
    if tls13:
        out.extend(_judge13(tr, cv, sv, cf, sf, hello_ev, ev_sh, sni))
    else:
        out.extend(_judge12(tr, cv, sv, cf, sf, hello_ev, ev_sh, sni, c_alert, s_alert, info))
    return out, info


def _no_answer(tr: Transcript, out: list[Finding], info: dict, cf: dict, sf: dict, end: float, t_hello: float,  # type: ignore[type-arg]
               hello_ev: Evidence, sni: str | None) -> list[Finding]:
    c_end = min((float(x) for x in (cf.get("fin"), cf.get("rst")) if x is not None), default=None)

    def first(x: object) -> bool:  # the server acted before the client gave up
        return x is not None and (c_end is None or float(x) <= c_end)  # type: ignore[arg-type]

    if first(sf.get("rst")):
        delay = float(sf["rst"]) - t_hello
        ev = [hello_ev, _ev("timing", f"{delay * 1000:.1f} ms", "from the ClientHello to the RST")]
        hint = ""
        ttl, rttl = sf.get("ttl"), sf.get("rst_ttl")
        ipids = [i for i in (sf.get("ipid") or []) if i >= 0]
        if isinstance(ttl, int) and isinstance(rttl, int) and ttl >= 0 and rttl >= 0 and sf.get("synack"):
            if ttl != rttl:
                hint = f" The RST's TTL ({rttl}) differs from the server's SYN-ACK ({ttl}): another hop, a middlebox, most likely sent it."
            else:
                hint = f" The RST's TTL ({rttl}) equals the server's SYN-ACK's: the server itself (or a box at the same distance) sent it."
            ev.append(_ev("ttl", f"SYN-ACK {ttl}, RST {rttl}", "same TTL: same sender, likely"))
        if len(ipids) >= 2 and sf.get("rst_ipid", -1) >= 0:
            ev.append(_ev("ip_id", f"server {ipids[:4]} RST {sf['rst_ipid']}", "IP IDs of the server's packets and of the RST"))
        out.append(Finding("tls.reset_after_hello", "tls", f"The connection was reset {delay * 1000:.0f} ms after the ClientHello, before any server byte",
                           "The server (or a middlebox) refuses this ClientHello: a TLS-intercepting firewall, an IPS that blocks the SNI, or a server "
                           "that is not TLS and resets what it cannot parse." + hint,
                           "error", 0.85, ev, _fixes("tls.reset_after_hello", tr, sni), [SRC, "RFC 9293 §3.10.7"],
                           {"ms": round(delay * 1000, 1), "rst_ttl": sf.get("rst_ttl"), "ttl": sf.get("ttl")}))
        return out
    if first(sf.get("fin")):
        out.append(_closed(tr, sf, "right after the ClientHello", hello_ev, sni))
        return out
    acked = sf.get("acked_peer_bytes")
    silent = (c_end if c_end is not None else end) - t_hello
    if sf.get("packets") and acked is not None and acked > 0:
        out.append(Finding("tls.silent", "tls", f"The server ACKed the ClientHello and sent 0 bytes in {silent:.1f} s",
                           "TCP works and the server's kernel received the ClientHello, but the application never answered: it is not TLS and waits "
                           "for the client to speak first (SMTP/FTP banners come first, though), it is stuck, or a proxy holds the connection.",
                           "error", 0.85 if silent >= 1 else 0.5,
                           [hello_ev, _ev("timing", f"{silent:.2f} s", "from the ClientHello to the end of the connection in the capture"),
                            _ev("tcp", f"ACK covers {acked} byte(s) of the client's data", "the server's TCP acknowledged the ClientHello")],
                           _fixes("tls.silent", tr, sni), [SRC], {"seconds": round(silent, 3)}))
    return out


def _closed(tr: Transcript, sf: dict, when: str, hello_ev: Evidence, sni: str | None) -> Finding:  # type: ignore[type-arg]
    return Finding("tls.closed_during_handshake", "tls", f"The server closed the connection {when}, without a TLS alert",
                   "A server that closes without an alert usually failed to set up TLS (no certificate or key loaded, a crash), or it is not TLS at all.",
                   "error", 0.75, [hello_ev, _ev("event", "FIN from the server", when)], _fixes("tls.closed_during_handshake", tr, sni), [SRC])


_OLD_SUITE_HINT = (0x0005, 0x000A, 0x002F, 0x0035, 0x003C, 0x003D, 0x0004)


def _alpn_findings(tr: Transcript, facts: alpn_judge.AlpnFacts, sni: str | None, ev: list[Evidence]) -> list[Finding]:
    """The ALPN judge's verdicts as capture findings (evidence from the capture first)."""
    out = []
    for v in alpn_judge.judge(facts):
        out.append(Finding(v.code, "tls", v.summary, v.detail, v.severity, 0.9, ev + [_ev(k, val, where) for k, val, where in v.evidence[:1]],  # type: ignore[arg-type]
                           alpn_judge.ordered_fixes(_fixes(v.code, tr, sni), v.fix_first), [SRC, *v.sources], dict(v.data)))
    return out


def _hello_refused(tr: Transcript, a: codec.Alert, hello: dict, hello_ev: Evidence, sni: str | None, delay: float) -> list[Finding]:  # type: ignore[type-arg]
    """The server's alert in place of a ServerHello. handshake_failure (40) says nothing of why:
    rank what the ClientHello makes likely, and say that the capture does not tell."""
    ev_a = _ev("alert", _alert_text(a), f"sent by the server {delay * 1000:.0f} ms after the ClientHello, no ServerHello")
    if a.description == 120:  # the one ALPN judge the probe uses (tls/alpn.py)
        found = _alpn_findings(tr, alpn_judge.AlpnFacts(tuple(hello.get("alpn") or ()), None, refused=True, seen_by="capture"), sni, [ev_a, hello_ev])
        if found:
            return found
    if a.description != 40:
        code, meaning = SIDE_MEANING.get(("server", a.description), (wire.alert_row(a.description).code if wire.alert_row(a.description) else "tls.alert_received",
                                                                     wire.alert_row(a.description).meaning if wire.alert_row(a.description) else "unknown alert"))
        return [Finding(code, "tls", f"The server refused the ClientHello with {_alert_text(a)}: {meaning}", "", "error", 0.9,
                        [ev_a, hello_ev], _fixes(code, tr, sni), [SRC], {"alert": a.name, "alert_code": a.description, "sender": "server"})]
    versions = hello.get("supported_versions") or [hello["legacy_version"]]
    suites = hello.get("cipher_suites") or []
    top = max((v for v in versions if (v & 0x0F0F) != 0x0A0A), default=hello["legacy_version"])
    hyps: list[tuple[float, str, str]] = []
    if not sni:
        hyps.append((0.5, "tls.sni_required", "the ClientHello has no SNI: servers with several names (and CDNs) refuse a hello without one"))
    if top < 0x0303:
        hyps.append((0.55, "tls.version_mismatch", f"the client offers at most {wire.version_name(top)}: servers that require TLS 1.2+ refuse it"))
    modern = [s for s in suites if s in (0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA8, 0xCCA9)]
    hyps.append((0.45 if not modern else 0.3, "tls.no_shared_cipher",
                 f"{len(suites)} suites offered, {len(modern)} of them modern AEAD/ECDHE: no suite (or group, signature algorithm) in common"
                 + (" is likely" if not modern else " is possible")))
    hyps.sort(key=lambda h: -h[0])
    main = Finding("tls.handshake_failed", "tls",
                   "The server refused the ClientHello with fatal handshake_failure (40) and sent no ServerHello",
                   "handshake_failure says only that the server found no acceptable parameters; the capture does not say which. "
                   "From what the ClientHello shows, most likely first: " + "; ".join(h[2] for h in hyps) + ". The server's log names the reason.",
                   "error", 0.9, [ev_a, hello_ev], _fixes("tls.handshake_failed", tr, sni),
                   [SRC], {"alert": "handshake_failure", "alert_code": 40, "sender": "server", "hypotheses": [h[1] for h in hyps], "sni": sni})
    out = [main]
    for w, code, why in hyps:
        out.append(Finding(code, "tls", f"Possible: {why}", "A hypothesis from the ClientHello, not proven by the capture.", "warning", w,
                           [hello_ev], _fixes(code, tr, sni), [SRC], {"hypothesis": True}, role="symptom"))
    return out


_CHAIN_CACHE: dict[tuple, object] = {}  # type: ignore[type-arg]
CHAIN_CACHE_MAX = 512


def _checked(ders: list[bytes], errors: list[tuple[int, int]], host: str | None, now: dt.datetime | None):  # type: ignore[no-untyped-def]
    """chain_check.check_chain, remembered: a capture holds the same server chain in many
    connections, and parsing it costs milliseconds. Keyed by the chain, the synthesized errors,
    the name and the capture's minute (validity is judged at that time)."""
    from . import chain_check

    key = (tuple(ders), tuple(errors), host, now.replace(second=0, microsecond=0) if now else None)
    got = _CHAIN_CACHE.get(key)
    if got is None:
        got = chain_check.check_chain(ders, errors, host, now)
        if len(_CHAIN_CACHE) >= CHAIN_CACHE_MAX:
            _CHAIN_CACHE.pop(next(iter(_CHAIN_CACHE)))
        _CHAIN_CACHE[key] = got
    # callers amend the problems' text: a copy of the problems (the certificates are only read)
    return chain_check.ChainReport(got.certs, [chain_check.ChainProblem(p.code, p.summary, p.detail, dict(p.facts)) for p in got.problems], got.unparsable)


def _chain_findings(tr: Transcript, ders: list[bytes], sni: str | None, when: float, distrust: bool, expired_alert: bool,
                    accepted: bool) -> list[Finding]:
    """The certificate problems chain_check finds, worded by how the client reacted."""
    from . import chain_check  # cryptography: only when there is a certificate to read

    if not ders:
        return []
    errors: list[tuple[int, int]] = []
    report0 = _checked(ders, [], sni, _capture_time(tr, when))
    infos = report0.certs
    # a client's bad_certificate / certificate_unknown also covers dates and names (OpenSSL sends
    # bad_certificate for a not-yet-valid leaf): when the certificates show such a problem, it leads
    if distrust and any(p.code in ("tls.cert_expired", "tls.cert_not_yet_valid", "tls.hostname_mismatch") for p in report0.problems):
        distrust, expired_alert = False, True
    if distrust and infos:
        if len(infos) == 1 and infos[0].self_issued:
            errors = [(0, chain_check.ERR_DEPTH_ZERO_SELF_SIGNED)]
        elif infos[-1].self_issued:
            errors = [(len(infos) - 1, chain_check.ERR_SELF_SIGNED_IN_CHAIN)]
        else:
            errors = [(len(infos) - 1, 20)]
    # Without SNI the name the client wanted is unknown; the server address stands in only when
    # the certificate names addresses at all (an IP-literal certificate)
    host = sni or (_split(tr.peer)[0] if infos and infos[0].ip_names else None)
    report = _checked(ders, errors, host, _capture_time(tr, when))
    out: list[Finding] = []
    ev_chain = _ev("certificates", " <- ".join(c.subject for c in report.certs) or "(unparsable)", f"{len(ders)} certificate(s) sent by the server")
    for i, p in enumerate(report.problems):
        if p.code == "tls.hostname_mismatch" and not sni:
            p.detail += f" (The client sent no SNI; compared with the server address {host}.)"
        leading = (distrust and p.code in ("tls.self_signed", "tls.untrusted_root", "tls.chain_incomplete", "tls.default_certificate_served")) or \
                  (expired_alert and p.code in ("tls.cert_expired", "tls.cert_not_yet_valid", "tls.hostname_mismatch", "tls.default_certificate_served"))
        if accepted:
            sev = "warning" if p.code in ("tls.cert_expired", "tls.cert_not_yet_valid", "tls.self_signed", "tls.hostname_mismatch") else "info"
            summary = p.summary + " (the client accepted it)"
        elif leading or (i == 0 and not distrust and not expired_alert):
            sev, summary = "error", p.summary
        else:
            sev, summary = "warning", p.summary
        out.append(Finding(p.code, "tls", summary, p.detail, sev, 0.9 if sev == "error" else 0.6,  # type: ignore[arg-type]
                           [ev_chain] + [_ev("field", f"{k}={v}", "") for k, v in list(p.facts.items())[:3]],
                           _fixes(p.code, tr, sni), ["chain_check (RFC 5280, RFC 6125)"], dict(p.facts)))
    out.sort(key=lambda f: f.severity != "error")
    return out


def _judge12(tr: Transcript, cv: SideView, sv: SideView, cf: dict, sf: dict, hello_ev: Evidence, ev_sh: Evidence, sni: str | None,  # type: ignore[type-arg]
             c_alert: tuple | None, s_alert: tuple | None, info: dict) -> list[Finding]:  # type: ignore[type-arg]
    smsg = {t: (b, tt) for t, b, tt in reversed(sv.messages)}
    cmsg = {t: (b, tt) for t, b, tt in reversed(cv.messages)}
    ders = certificates(smsg[11][0]) if 11 in smsg else []
    info["certificates"] = len(ders)
    cert_req = 13 in smsg
    client_cert = cmsg.get(11)
    empty_client_cert = client_cert is not None and len(client_cert[0]) <= 3 and not certificates(client_cert[0])
    info["certificate_request"] = cert_req
    if client_cert is not None:
        info["client_certificates"] = len(certificates(client_cert[0]))
    c_ccs = any(r.ctype == 20 for r in cv.records)
    s_ccs = any(r.ctype == 20 for r in sv.records)
    c_app = any(r.ctype == 23 for r in cv.records)
    s_app = any(r.ctype == 23 for r in sv.records)
    out: list[Finding] = []
    t_cert = smsg[11][1] if 11 in smsg else 0.0
    ev = [hello_ev, ev_sh]
    if c_alert is not None and (s_alert is None or c_alert[1] <= s_alert[1]):
        a, t, enc = c_alert
        if a is None and not c_app:
            chain = _chain_findings(tr, ders, sni, t, False, False, False)
            lead = [f for f in chain if f.severity == "error"]
            if lead:
                lead[0].detail = ("The client sent an encrypted alert (after its ChangeCipherSpec: a check after the handshake, as curl's host name check) "
                                  "and closed before any application data. " + lead[0].detail)
                return chain
        if a is None:
            out.append(Finding("tls.alert_received", "tls", "The client sent an encrypted alert and closed" + (" before any application data" if not c_app else ""),
                               "The alert was sent after ChangeCipherSpec, so its description is encrypted; with the session keys (--keylog) it could be read.",
                               "error" if not s_app else "info", 0.5, ev, [], [SRC], {"sender": "client", "encrypted": True}))
            return out
        code, meaning = SIDE_MEANING.get(("client", a.description), ("tls.alert_received", wire.alert_row(a.description).meaning if wire.alert_row(a.description) else "unknown alert"))
        ev_a = _ev("alert", _alert_text(a), f"sent by the client{' after the server certificate' if ders else ''}: {meaning}")
        chain = _chain_findings(tr, ders, sni, t, a.description in UNTRUSTED, a.description == 45, False)
        lead = [f for f in chain if f.severity == "error"]
        base = Finding(code, "tls", f"The client refused the handshake with {_alert_text(a)}: {meaning}",
                       ("The certificates the server sent say why: " + lead[0].summary + ".") if lead else "",
                       "error", 0.9, [ev_a] + ev, _fixes(code, tr, sni), [SRC], {"alert": a.name, "alert_code": a.description, "sender": "client"})
        if lead:
            lead[0].evidence.insert(0, ev_a)
            return chain + [Finding(base.code, "tls", base.summary, base.detail, "info", 0.9, base.evidence, [], base.sources, base.data, role="symptom",
                                    superseded_by=(lead[0].code,))]
        return [base] + chain
    if s_alert is not None:
        a, t, enc = s_alert
        if a is None:
            out.append(Finding("tls.alert_received", "tls", "The server sent an encrypted alert",
                               "The alert was sent after ChangeCipherSpec, so its description is encrypted (--keylog would show it).",
                               "error" if not s_app else "info", 0.5, ev, [], [SRC], {"sender": "server", "encrypted": True}))
            return out
        if cert_req and (client_cert is None or empty_client_cert) and a.description in (40, 41, 42, 116, 48):
            what = "an empty Certificate" if empty_client_cert else "no Certificate"
            return [Finding("tls.client_cert_required", "tls", f"The server asked for a client certificate (CertificateRequest), the client sent {what}, and the server refused with {_alert_text(a)}",
                            "The server requires a client certificate (mutual TLS); the client has none configured, or none issued by a CA the server names.",
                            "error", 0.95, [_ev("handshake", "CertificateRequest", "sent by the server"), _ev("handshake", what, "sent by the client"),
                                            _ev("alert", _alert_text(a), "sent by the server")] + ev,
                            _fixes("tls.client_cert_required", tr, sni), [SRC], {"alert": a.name, "alert_code": a.description, "sender": "server"})]
        code, meaning = SIDE_MEANING.get(("server", a.description), ("tls.alert_received", wire.alert_row(a.description).meaning if wire.alert_row(a.description) else "unknown alert"))
        if a.description == 100 and c_ccs and s_ccs:  # read with the key log: after the handshake
            out.append(Finding(code, "tls", f"The handshake completed; then the client asked to renegotiate and the server refused with {_alert_text(a)}",
                               "Servers refuse client-initiated renegotiation (OpenSSL 3 by default: s_server -client_renegotiation, "
                               "SSL_OP_ALLOW_CLIENT_RENEGOTIATION). Have the client not renegotiate (for a client certificate, ask for it in the "
                               "first handshake, or use TLS 1.3). Read from the decrypted records (key log).", "error", 0.9,
                               [_ev("alert", _alert_text(a), "sent by the server (decrypted)")] + ev,
                               _fixes(code, tr, sni), ["RFC 5246 §7.2.2", "RFC 5746", SRC], {"alert": a.name, "alert_code": a.description, "sender": "server"}))
            return out
        out.append(Finding(code, "tls", f"The server refused the handshake with {_alert_text(a)}: {meaning}", "", "error", 0.85,
                           [_ev("alert", _alert_text(a), "sent by the server")] + ev, _fixes(code, tr, sni), [SRC],
                           {"alert": a.name, "alert_code": a.description, "sender": "server"}))
        return out
    # no alert at all
    if cert_req and empty_client_cert:
        ok_after = s_app
        in_reneg = info.get("certificate_request_in") == "renegotiation"
        ok_after = ok_after or (in_reneg and bool(info.get("renegotiated")))  # the renegotiation completed: the server took it
        out.append(Finding("tls.client_cert_required", "tls",
                           "The server asked for a client certificate" + (" in a renegotiation after the handshake (decrypted with the key log)" if in_reneg else "")
                           + " and the client sent an empty Certificate"
                           + (" (the server went on: it may refuse the request at the HTTP level, e.g. nginx's 400 'No required SSL certificate was sent')" if ok_after else ""),
                           "A CertificateRequest answered with no certificate: mutual TLS is configured on the server, the client has no certificate configured.",
                           "error" if not ok_after else "warning", 0.85 if not ok_after else 0.7,
                           [_ev("handshake", "CertificateRequest", "sent by the server"), _ev("handshake", "empty Certificate", "sent by the client")] + ev,
                           _fixes("tls.client_cert_required", tr, sni), [SRC]))
    done = c_ccs and s_ccs
    if done:
        out.extend(_chain_findings(tr, ders, sni, t_cert, False, False, True))
        if not any(f.severity == "error" for f in out):
            out.append(Finding("tls.ok", "tls", f"The TLS handshake completed ({info.get('version')}, {info.get('cipher_suite')})", "", "ok", 0.9, ev, [], [SRC]))
        return out
    # the client stopped after the server's flight without an alert
    who_closed = "client" if cf.get("fin") is not None or cf.get("rst") is not None else "server" if sf.get("fin") is not None or sf.get("rst") is not None else ""
    chain = _chain_findings(tr, ders, sni, t_cert, False, False, False)
    if who_closed == "client" and ders:
        detail = "The client closed the connection after the server's certificate without an alert"
        lead = [f for f in chain if f.severity == "error"]
        if lead:
            lead[0].detail = detail + ": " + lead[0].detail
        else:
            out.append(Finding("tls.cert_verify_failed", "tls", detail + "; the capture shows no problem with the certificate itself (the client's trust store decides)",
                               "", "error", 0.5, ev, [], [SRC]))
        return out + chain
    if who_closed:
        out.append(Finding("tls.closed_during_handshake", "tls", f"The {who_closed} closed the connection in the middle of the handshake, without an alert", "", "error", 0.7, ev,
                           _fixes("tls.closed_during_handshake", tr, sni), [SRC]))
        return out + chain
    out.append(Finding("tls.handshake_timeout", "tls", "The handshake did not complete before the capture ended", "", "warning", 0.5, ev, [], [SRC]))
    return out + chain


def _judge13(tr: Transcript, cv: SideView, sv: SideView, cf: dict, sf: dict, hello_ev: Evidence, ev_sh: Evidence, sni: str | None) -> list[Finding]:  # type: ignore[type-arg]
    """TLS 1.3: after the ServerHello everything is encrypted. The record sizes and their order
    still say who stopped where (RFC 8446 §5.2: an alert is 2 bytes + type + the AEAD tag)."""
    cenc = [r for r in cv.records if r.ctype == 23]
    senc = [r for r in sv.records if r.ctype == 23]
    ev = [hello_ev, ev_sh, _ev("records", f"client {[r.length for r in cenc][:6]} / server {[r.length for r in senc][:6]}", "sizes of the encrypted records")]
    note = " Give the session keys (--keylog FILE, SSLKEYLOGFILE format) to read it."
    out: list[Finding] = []
    plain_c = next((a for a, _t, e in cv.alerts if a is not None), None)
    plain_s = next((a for a, _t, e in sv.alerts if a is not None), None)
    if plain_s is not None:
        code, meaning = SIDE_MEANING.get(("server", plain_s.description), ("tls.alert_received", "an alert"))
        return [Finding(code, "tls", f"The server sent {_alert_text(plain_s)}: {meaning}", "", "error", 0.85, ev, _fixes(code, tr, sni), [SRC], {"sender": "server", "alert": plain_s.name})]
    if plain_c is not None:
        code, meaning = SIDE_MEANING.get(("client", plain_c.description), ("tls.alert_received", "an alert"))
        return [Finding(code, "tls", f"The client sent {_alert_text(plain_c)}: {meaning}", "", "error", 0.85, ev, _fixes(code, tr, sni), [SRC], {"sender": "client", "alert": plain_c.name})]
    if not cenc:
        if senc and (cf.get("fin") is not None or cf.get("rst") is not None):
            return [Finding("tls.closed_during_handshake", "tls", "The client closed after the server's encrypted flight without answering", "", "error", 0.6, ev, [], [SRC])]
        return [Finding("tls.handshake_timeout", "tls", "The client never answered the server's encrypted flight in the capture", "", "warning", 0.4, ev, [], [SRC])]
    first_c = cenc[0]
    if first_c.length <= ENC_ALERT_MAX and len(cenc) == 1:
        return [Finding("tls.peer_rejected_certificate", "tls",
                        f"The client aborted after the server's encrypted flight: its only record ({first_c.length} bytes) is the size of an encrypted alert, not of a Finished",
                        "In TLS 1.3 the client's answer to the server's certificate is encrypted. A client that sends a single alert-sized record and closes "
                        "most often rejected the server's certificate (untrusted issuer, expired, wrong name)." + note,
                        "error", 0.7, ev, _fixes("tls.peer_rejected_certificate", tr, sni), [SRC], {"sender": "client", "encrypted_alert": True})]
    # the client finished; what came after it from the server?
    t_fin = first_c.t
    after = [r for r in senc if r.t >= t_fin]
    inner = sum(max(0, r.length - 17) for r in cenc if r.t <= t_fin + 0.0005)
    cert_note = ("no Certificate" if inner <= 52 and inner in (36, 52) else "an empty Certificate" if inner in (44, 60)
                 else "a certificate" if inner > 300 else "")
    if after and after[0].length <= ENC_ALERT_MAX and not any(r.length > ENC_ALERT_MAX for r in after):
        return [Finding("tls.client_cert_required", "tls",
                        "The server sent an encrypted alert right after the client's Finished and no application data"
                        + (f"; the size of the client's flight fits {cert_note}" if cert_note else ""),
                        "In TLS 1.3 a server that wants a client certificate says so only after the client's Finished (alert certificate_required, 116, "
                        "or bad_certificate when it rejects the one sent). The alert itself is encrypted, so this is inferred from record sizes." + note,
                        "error", 0.6 if cert_note in ("no Certificate", "an empty Certificate") else 0.45, ev,
                        _fixes("tls.client_cert_required", tr, sni), [SRC], {"sender": "server", "encrypted_alert": True, "client_flight": cert_note}, role="cause")]
    if any(r.length > ENC_ALERT_MAX for r in after) or len(cenc) > 1:
        return [Finding("tls.ok", "tls", "The TLS 1.3 handshake completed (application data flowed)", "Certificates are encrypted in TLS 1.3; give --keylog to judge them.", "ok", 0.75, ev, [], [SRC])]
    return [Finding("tls.handshake_timeout", "tls", "The TLS 1.3 handshake did not visibly complete in the capture", "", "warning", 0.4, ev, [], [SRC])]


def certificates13(body: bytes) -> list[bytes]:
    """DER certificates of a TLS 1.3 Certificate message body (RFC 8446 §4.4.2)."""
    out: list[bytes] = []
    if not body:
        return out
    pos = 1 + body[0]
    if pos + 3 > len(body):
        return out
    end = min(len(body), pos + 3 + int.from_bytes(body[pos:pos + 3], "big"))
    pos += 3
    while pos + 3 <= end and len(out) < 16:
        n = int.from_bytes(body[pos:pos + 3], "big")
        der = body[pos + 3:pos + 3 + n]
        if len(der) < n:
            break
        out.append(der)
        pos += 3 + n
        if pos + 2 > end:
            break
        pos += 2 + int.from_bytes(body[pos:pos + 2], "big")
    return out


def _decrypt_side(data: bytes, offsets: list[tuple[int, float]], suite: int, hs_secret: bytes | None, app_secret: bytes | None):  # type: ignore[no-untyped-def]
    """(handshake messages [(type, body, t)], alerts [(Alert, t)], app records, ok) of one
    direction's encrypted records, switching to the application secret after Finished."""
    from .decrypt import RecordDecryptor

    recs, _rest, _p = codec.parse_records(data, max_records=512)
    msgs: list[tuple[int, bytes, float]] = []
    alerts: list[tuple[codec.Alert, float]] = []
    app = 0
    dec = RecordDecryptor(suite, hs_secret) if hs_secret else None
    hs = b""
    off = 0
    ok = True
    for r in recs:
        t = _time_at(offsets, off)
        header = bytes([r.content_type]) + r.version.to_bytes(2, "big") + len(r.payload).to_bytes(2, "big")
        off += 5 + len(r.payload)
        if r.content_type != 23:
            continue
        if dec is None:
            break
        got = dec.decrypt(header, r.payload)
        if got is None:
            ok = bool(msgs or alerts or app)
            break
        ctype, content = got
        if ctype == 22:
            hs += content
            while len(hs) >= 4 and len(hs) >= 4 + int.from_bytes(hs[1:4], "big"):
                n = int.from_bytes(hs[1:4], "big")
                msgs.append((hs[0], hs[4:4 + n], t))
                if hs[0] == 20:  # Finished: the application traffic secret from here on
                    dec = RecordDecryptor(suite, app_secret) if app_secret else None
                hs = hs[4 + n:]
        elif ctype == 21:
            a = codec.parse_alert(content)
            if a is not None:
                alerts.append((a, t))
        elif ctype == 23:
            app += 1
    return msgs, alerts, app, ok


def _judge13_decrypted(tr: Transcript, cdata: bytes, sdata: bytes, coffs: list[tuple[int, float]], soffs: list[tuple[int, float]], sh: dict,  # type: ignore[type-arg]
                       hello_ev: Evidence, ev_sh: Evidence, sni: str | None, info: dict) -> list[Finding] | None:  # type: ignore[type-arg]
    """TLS 1.3 judged on the decrypted handshake (``tr.meta["tls_secrets"]``: label -> hex)."""
    from .decrypt import suite_supported

    secrets = {k: bytes.fromhex(v) for k, v in (tr.meta.get("tls_secrets") or {}).items() if isinstance(v, str)}
    suite = sh["cipher_suite"]
    if not suite_supported(suite) or "SERVER_HANDSHAKE_TRAFFIC_SECRET" not in secrets:
        tr.meta.setdefault("notes", []).append("the key log has no usable TLS 1.3 secrets for this connection")
        return None
    smsgs, salerts, sapp, sok = _decrypt_side(sdata, soffs, suite, secrets.get("SERVER_HANDSHAKE_TRAFFIC_SECRET"), secrets.get("SERVER_TRAFFIC_SECRET_0"))
    cmsgs, calerts, capp, cok = _decrypt_side(cdata, coffs, suite, secrets.get("CLIENT_HANDSHAKE_TRAFFIC_SECRET"), secrets.get("CLIENT_TRAFFIC_SECRET_0"))
    if not sok or not smsgs:
        return None
    # OpenSSL sends an alert that ends the handshake in plaintext even in TLS 1.3: keep those too
    for data, offs, al in ((cdata, coffs, calerts), (sdata, soffs, salerts)):
        off = 0
        for r in codec.parse_records(data, max_records=512)[0]:
            if r.content_type == 21 and len(r.payload) == 2:
                a = codec.parse_alert(r.payload)
                if a is not None:
                    al.append((a, _time_at(offs, off)))
            off += 5 + len(r.payload)
        al.sort(key=lambda x: x[1])
    info["decrypted"] = True
    known = {(x["sender"], x["t"]) for x in info.get("alerts", []) if not x.get("encrypted")}
    info["alerts"] = info.get("alerts", []) + [{"sender": who, "t": round(t, 6), "encrypted": True, "decrypted": True, "description": a.description,
                                                 "name": a.name, "fatal": a.fatal} for who, al in (("client", calerts), ("server", salerts)) for a, t in al
                                                if (who, round(t, 6)) not in known]
    sm = {ty: (b, t) for ty, b, t in reversed(smsgs)}
    cm = {ty: (b, t) for ty, b, t in reversed(cmsgs)}
    ders = certificates13(sm[11][0]) if 11 in sm else []
    info["certificates"] = len(ders)
    info["certificate_request"] = 13 in sm
    if 11 in cm:  # the client's Certificate (decrypted): how many it sent, 0 for an empty one
        info["client_certificates"] = len(certificates13(cm[11][0]))
    ev = [hello_ev, ev_sh, _ev("decrypted", f"server: {', '.join(wire.handshake_type_name(t) for t, _b, _t in smsgs)}; client: "
                                + (", ".join(wire.handshake_type_name(t) for t, _b, _t in cmsgs) or "(nothing)"), "handshake messages read with the key log")]
    t_cert = sm[11][1] if 11 in sm else 0.0
    c_alert = next(((a, t) for a, t in calerts if a.description not in (0, 90)), None)
    s_alert = next(((a, t) for a, t in salerts if a.description not in (0, 90)), None)
    if c_alert and (not s_alert or c_alert[1] <= s_alert[1]):
        a, t = c_alert
        code, meaning = SIDE_MEANING.get(("client", a.description), ("tls.alert_received", "an alert"))
        ev_a = _ev("alert", _alert_text(a), f"sent by the client (decrypted): {meaning}")
        chain = _chain_findings(tr, ders, sni, t, a.description in UNTRUSTED, a.description == 45, False)
        lead = [f for f in chain if f.severity == "error"]
        base = Finding(code, "tls", f"The client refused the handshake with {_alert_text(a)}: {meaning}", "", "error", 0.95, [ev_a] + ev,
                       _fixes(code, tr, sni), [SRC], {"alert": a.name, "alert_code": a.description, "sender": "client", "decrypted": True})
        if lead:
            lead[0].evidence.insert(0, ev_a)
            return chain + [Finding(base.code, "tls", base.summary, base.detail, "info", 0.9, base.evidence, [], base.sources, base.data,
                                    role="symptom", superseded_by=(lead[0].code,))]
        return [base] + chain
    if s_alert:
        a, t = s_alert
        ccert = cm.get(11)
        empty = ccert is not None and not certificates13(ccert[0])
        if 13 in sm and (ccert is None or empty) and a.description in (116, 40, 42):
            return [Finding("tls.client_cert_required", "tls",
                            f"The server asked for a client certificate, the client sent {'an empty Certificate' if empty else 'none'}, and the server refused with {_alert_text(a)}",
                            "Read from the decrypted handshake (key log).", "error", 0.97,
                            [_ev("handshake", "CertificateRequest", "sent by the server (decrypted)"), _ev("alert", _alert_text(a), "sent by the server (decrypted)")] + ev,
                            _fixes("tls.client_cert_required", tr, sni), [SRC], {"alert": a.name, "alert_code": a.description, "sender": "server", "decrypted": True})]
        code, meaning = SIDE_MEANING.get(("server", a.description), ("tls.alert_received", "an alert"))
        return [Finding(code, "tls", f"The server refused the handshake with {_alert_text(a)}: {meaning}", "Read from the decrypted handshake (key log).",
                        "error", 0.95, [_ev("alert", _alert_text(a), "sent by the server (decrypted)")] + ev, _fixes(code, tr, sni), [SRC],
                        {"alert": a.name, "alert_code": a.description, "sender": "server", "decrypted": True})]
    out = _chain_findings(tr, ders, sni, t_cert, False, False, 20 in cm)
    ccert = cm.get(11)
    if 13 in sm and ccert is not None and not certificates13(ccert[0]):
        # as _judge12's: the request answered with an empty Certificate and no refusal in the
        # handshake (s_server -verify, nginx ssl_verify_client optional): the server went on
        out.insert(0, Finding("tls.client_cert_required", "tls",
                              "The server asked for a client certificate and the client sent an empty Certificate"
                              + (" (the server went on: it may refuse the request at the HTTP level, e.g. nginx's 400 'No required SSL certificate was sent')"
                                 if sapp else ""),
                              "A CertificateRequest answered with no certificate: mutual TLS is configured on the server, the client has no "
                              "certificate configured. Read from the decrypted handshake (key log).",
                              "warning" if sapp or 20 in cm else "error", 0.7,
                              [_ev("handshake", "CertificateRequest", "sent by the server (decrypted)"),
                               _ev("handshake", "empty Certificate", "sent by the client (decrypted)")] + ev,
                              _fixes("tls.client_cert_required", tr, sni), [SRC], {"decrypted": True, "client_certificates": 0}))
    if 20 in cm and not any(f.severity == "error" for f in out):
        out.append(Finding("tls.ok", "tls", f"The TLS 1.3 handshake completed ({sh['cipher_suite_name']}; decrypted with the key log)", "", "ok", 0.95, ev, [], [SRC]))
    elif 20 not in cm and not out:
        out.append(Finding("tls.closed_during_handshake", "tls", "The client never sent its Finished (decrypted handshake) and no alert", "", "error", 0.6, ev, [], [SRC]))
    return out


def _decrypt12_alerts(tr: Transcript, cdata: bytes, sdata: bytes, coffs: list[tuple[int, float]], soffs: list[tuple[int, float]], sh: dict,  # type: ignore[type-arg]
                      c_alert: tuple | None, s_alert: tuple | None, info: dict, etm: bool = False,  # type: ignore[type-arg]
                      renegotiation: dict[str, list[tuple[int, bytes, float]]] | None = None) -> tuple[tuple | None, tuple | None]:  # type: ignore[type-arg]
    """TLS 1.2 with the CLIENT_RANDOM master secret: the encrypted alerts read (AEAD and AES-CBC
    suites; ``etm``: encrypt-then-MAC was negotiated, RFC 7366). TLS 1.0 and 1.1 too, for the
    HMAC-SHA1 AES-CBC suites (their PRF and IV rules: decrypt.py). ``renegotiation`` receives,
    per side, the handshake messages after the first Finished: a renegotiation's, encrypted
    under this session's keys up to the renegotiation's own ChangeCipherSpec."""
    from .decrypt import Record12Decryptor, version_supported

    suite = sh["cipher_suite"]
    if not version_supported(suite, sh["version"]) or len(cdata) < 43 or len(sdata) < 43:
        info["keylog"] = f"secrets found, but {sh['version_name']} {sh['cipher_suite_name']} is not decrypted by this version"
        return c_alert, s_alert
    master = bytes.fromhex(tr.meta["tls_secrets"]["CLIENT_RANDOM"])
    crandom, srandom = cdata[11:43], sdata[11:43]
    found: dict[str, tuple] = {}  # type: ignore[type-arg]
    renegotiation = {} if renegotiation is None else renegotiation
    for who, data, offs in (("client", cdata, coffs), ("server", sdata, soffs)):
        dec = Record12Decryptor(suite, master, crandom, srandom, who == "client", etm, sh["version"])
        ccs = 0
        off = 0
        hs = b""
        msgs = renegotiation.setdefault(who, [])
        for r in codec.parse_records(data, max_records=512)[0]:
            t = _time_at(offs, off)
            off += 5 + len(r.payload)
            if r.content_type == 20:
                ccs += 1
                if ccs == 2:  # a renegotiation finished: the records from here on are under its new keys
                    info["renegotiated"] = True
                    break
                continue
            if not ccs:
                continue
            plain = dec.decrypt(r.content_type, r.version, r.payload)
            if plain is None:
                info["keylog"] = f"the {who}'s records after ChangeCipherSpec do not decrypt with the key log's secret (another session's, or a damaged capture)"
                break
            if r.content_type == 22:  # Finished, then a renegotiation's messages (RFC 5746), under this session's keys
                hs += plain
                while len(hs) >= 4 and len(hs) >= 4 + int.from_bytes(hs[1:4], "big") and len(msgs) < 64:
                    n = int.from_bytes(hs[1:4], "big")
                    if hs[0] != 20 or msgs:  # the first handshake's own Finished is not renegotiation
                        msgs.append((hs[0], hs[4:4 + n], t))
                    hs = hs[4 + n:]
            if r.content_type == 21 and who not in found:
                a = codec.parse_alert(plain)
                if a is not None:
                    found[who] = (a, t, False)
                    info["alerts"] = [x for x in info.get("alerts", []) if not (x["sender"] == who and x["t"] == round(t, 6) and "description" not in x)]
                    info.setdefault("alerts", []).append({"sender": who, "t": round(t, 6), "encrypted": True, "decrypted": True,
                                                          "description": a.description, "name": a.name, "fatal": a.fatal})
    info["decrypted"] = bool(found) or info.get("decrypted", False)
    reneg = renegotiation.get("client", []) + renegotiation.get("server", [])
    if reneg:
        info["decrypted"] = True
        info["renegotiation"] = {who: [wire.handshake_type_name(ty) for ty, _b, _t in renegotiation.get(who, [])] for who in ("client", "server")}

    def pick(old: tuple | None, new: tuple | None) -> tuple | None:  # type: ignore[type-arg]
        if new is None or (new[0].description in (0, 90) and not new[0].fatal):
            return old if old is None or old[0] is not None else None  # an encrypted close_notify ends nothing
        return new if old is None or old[0] is None else old

    return pick(c_alert, found.get("client")), pick(s_alert, found.get("server"))


def _keylog_miss(tr: Transcript, cdata: bytes, tls13: bool, sni: str | None) -> Finding:
    """A key log was given, but none of its lines names this connection's client random."""
    cr = cdata[11:43].hex()
    what = "CLIENT_HANDSHAKE_TRAFFIC_SECRET / SERVER_HANDSHAKE_TRAFFIC_SECRET" if tls13 else "CLIENT_RANDOM"
    return Finding("tls.keylog_no_match", "tls", "The key log holds no secrets for this connection, so it was not decrypted",
                   f"No {what} line in the key log names this ClientHello's random ({cr[:16]}...). The key log was written by another "
                   "client process or session (SSLKEYLOGFILE must be set in the environment of the client that made this connection), "
                   "or it was truncated.", "info", 0.9, [_ev("client_random", cr, "from the ClientHello; absent from the key log")],
                   _fixes("tls.keylog_no_match", tr, sni), [SRC],
                   {"client_random": cr})
