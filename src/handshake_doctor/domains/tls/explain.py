"""How the `tls` domain reads a pasted error line, OpenSSL code, X509 error or first bytes (pure).

Order of evidence, strongest first: a stack's own message (tls_messages), an OpenSSL packed code
(reason table, 1000+N = alert N), a named alert or X509 verify error, then raw bytes read with
the codec's first-bytes classifier. A "not TLS" answer is then refined by what the text shows:
HTTP (port 80/8080, 'HTTP/') → tls.plaintext_http; a STARTTLS/banner protocol → tls.non_tls_service.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...knowledge.table import rx
from ...model import Assessment, Evidence, Question
from ...textparse import OPENSSL_ERROR, ParsedInput, decode_openssl
from . import codec, wire
from .codes import CODES
from .fixes import fixes_for_text
from .knowledge import ALERT_TEXTS, MESSAGES, OPENSSL_REASONS, X509_VERIFY, port_row, reason_row
from .matching import Hit, findings_from_hits, match_rows, titles_of

DOMAIN = "tls"
TITLES = titles_of(CODES)

CUES = (
    Cue(r"\b(tls|ssl|https|handshake|x509|certificate|openssl|s_client|sni|cipher|alert)\b", 0.4, "TLS words in the text"),
    Cue(r"\b(apdu|smart ?card|sw1|avrdude|stk500|bootloader|baud|m-bus|esptool|stm32|brom|preloader|meter)\b", -0.3, "words of another field (cards, bootloaders, meters)"),
)

QUESTIONS = (
    Question("Is the port a TLS port? What does `openssl s_client -connect HOST:PORT -servername HOST` print?", ("tls", "http"), "a TLS port answers with a certificate; a plaintext one does not"),
    Question("Did the bytes come from a TLS connection (https://, tls://, port 443/8443), or from a serial device or card?", ("tls", "serial", "smartcard", "text"), "the transport decides which field the byte belongs to"),
)

_HTTP_HINTS = r"HTTP/1\.|HTTP/2|<html|<!doctype|plain http|http server|:(?:80|8080|8000|8008|8888|3000|5000|3128)\b|port (?:80|8080|8000|3128)\b"
_SERVICE_HINTS = r"SSH-2\.0|ESMTP|\b(?:smtp|imap|pop3|ftp|ldap|ssh)\b|:(?:21|22|25|110|143|389|587)\b|port (?:21|22|25|110|143|389|587)\b"
_PORT = r"(?:\bport\s*[=:]?\s*|[a-z0-9\]]:)(\d{2,5})\b"


def _norm(text: str) -> str:
    return text.lower().replace("_", " ").replace("-", " ")


def _alert_hit(alert: int, how: str, value: str, source: str) -> list[Hit]:
    row = wire.alert_row(alert)
    name = wire.alert_name(alert)
    meaning = f"the peer sent TLS alert {alert} ({name})" + (f": {row.meaning}" if row else "")
    code = row.code if row else "tls.alert_received"
    ev = Evidence(how, value, "input", f"alert {alert} {name}")
    data = {"alert": alert, "alert_name": name}
    hits = [Hit(code, 0.85, meaning, ev, source, data)]
    if alert == 40:
        # handshake_failure is what many servers send for more than a cipher mismatch.
        hits.append(Hit("tls.sni_required", 0.45, "some servers answer a ClientHello without SNI (or with an unknown name) with handshake_failure", ev, source, data))
        hits.append(Hit("tls.client_cert_required", 0.4, "a server that requires a client certificate may fail the handshake with handshake_failure", ev, source, data))
    return hits


def _openssl_codes(parsed: ParsedInput) -> list[tuple[int, str]]:
    """Packed codes from the tokens, plus "error:0A00010B" at the end of a line (no trailing colon)."""
    out = [(t.values[0], t.hex) for t in parsed.of_kind(OPENSSL_ERROR)]
    seen = {c for c, _ in out}
    for m in rx(r"error:([0-9A-Fa-f]{8})\b").finditer(parsed.text):
        code = int(m.group(1), 16)
        if code not in seen and decode_openssl(code) is not None:
            seen.add(code)
            out.append((code, f"{code:08X}"))
    return out


def _openssl_hits(parsed: ParsedInput) -> list[Hit]:
    hits: list[Hit] = []
    for value, hexcode in _openssl_codes(parsed):
        dec = decode_openssl(value)
        if dec is None or dec.lib != 20:
            continue
        layout = f"OpenSSL {dec.layout} layout, SSL library, reason {dec.reason}"
        if dec.alert is not None:
            for h in _alert_hit(dec.alert, "openssl_error", hexcode, "OpenSSL ssl.h SSL_AD_REASON_OFFSET (reason = 1000 + alert); " + wire.IANA_TLS):
                h.evidence = Evidence("openssl_error", hexcode, "input", f"{layout} = 1000 + alert {dec.alert} ({wire.alert_name(dec.alert)})")
                hits.append(h)
            continue
        row = reason_row(dec.reason) or _more_reason(dec.reason)
        if row is None:
            hits.append(Hit("tls.handshake_failed", 0.3, f"OpenSSL SSL-library error, reason {dec.reason} (not in our table)", Evidence("openssl_error", hexcode, "input", layout), "OpenSSL include/openssl/err.h (ERR_PACK)"))
            continue
        conf = 0.9 if row.code not in ("tls.handshake_failed", "tls.cert_verify_failed", "tls.alert_received") else 0.6
        hits.append(Hit(row.code, conf, f"OpenSSL reason {row.reason} '{row.text}': {row.meaning}", Evidence("openssl_error", hexcode, "input", f"{layout} = '{row.text}'"), row.source, {"openssl_reason": row.reason}))
    return hits


_SSL_CONTEXT = r"SSL routines|\[SSL: |\berror:[0-9A-Fa-f]{8}\b|\bSSL_R_|\bssl\.SSLError"


def _reason_text_hits(parsed: ParsedInput) -> list[Hit]:
    """OpenSSL reason texts written out: Python's "[SSL: DH_KEY_TOO_SMALL]" or "SSL routines::ee key too small"."""
    hits: list[Hit] = []
    text = parsed.text
    norm = None
    lower = parsed.lower
    context = ("ssl" in lower or "error:" in lower) and rx(_SSL_CONTEXT).search(text) is not None
    for row in _all_reasons(parsed):
        if row.reason >= 1000:
            continue
        upper = row.text.upper().replace(" ", "_")
        found = upper in text
        if not found and context:
            norm = norm if norm is not None else _norm(text)
            found = row.text in norm
        if found:
            conf = 0.85 if row.code not in ("tls.handshake_failed", "tls.cert_verify_failed", "tls.alert_received") else 0.55
            hits.append(Hit(row.code, conf, f"OpenSSL reason {row.reason} '{row.text}': {row.meaning}", Evidence("openssl_reason", upper if upper in text else row.text, "input", f"SSL_R_{upper} ({row.reason})"), row.source, {"openssl_reason": row.reason}))
    return hits


def _alert_text_hits(parsed: ParsedInput) -> list[Hit]:
    hits: list[Hit] = []
    norm = _norm(parsed.text)
    for row in OPENSSL_REASONS:
        if row.reason >= 1000 and row.text in norm:
            hits.extend(_alert_hit(row.reason - 1000, "message", row.text, row.source))
    m = rx(r"SSL alert number (\d{1,3})").search(parsed.text)
    if m:
        hits.extend(_alert_hit(int(m.group(1)), "message", m.group(0), "facts/knowledge.md §3.3 (OpenSSL appends 'SSL alert number N')"))
    m = rx(r"Received fatal alert: ([a-z_]+)").search(parsed.text)
    if m:
        row = wire.alert_by_name(m.group(1))
        if row is not None:
            hits.extend(_alert_hit(row.value, "message", m.group(0), "facts/knowledge.md §3.4 (Java prints the registry name)"))
    m = rx(r"remote error: tls: ([A-Za-z ]+)").search(parsed.text)
    if m:
        said = m.group(1).strip().lower()
        for row in ALERT_TEXTS:
            if said.startswith(row.text.lower()):
                hits.extend(_alert_hit(row.alert, "message", m.group(0), row.source))
                break
    return hits


def _x509_hits(parsed: ParsedInput) -> list[Hit]:
    hits: list[Hit] = []
    text = parsed.text
    norm = _norm(text)
    found: dict[int, str] = {}
    texts = [(r, _norm(r.text)) for r in _all_x509(parsed)]
    # a text that is only there as a received alert's name ("sslv3 alert certificate revoked") is the
    # peer's verdict on this side's certificate, not a verify result: the alert rules read it
    matched_texts = [(r, t) for r, t in texts if t in norm and t in norm.replace("alert " + t, "")]
    for r, t in matched_texts:
        if not any(t != t2 and t in t2 for _r2, t2 in matched_texts):  # "self signed certificate" inside "... in certificate chain"
            found.setdefault(r.number, r.text)
    for r in _all_x509(parsed):
        # case-insensitive on purpose: rx(..., 0) lower-cases its needle (see the report)
        if r.name in text and rx(r"(?:\b|(?<=X509_V_ERR_))" + r.name + r"\b").search(text):  # the constant's own spelling too
            found.setdefault(r.number, r.name)
    own_line: dict[int, str] = {}  # numbers read from s_client's own verify line (apps/lib/s_cb.c, "verify error:num=%d:%s")
    for pat in (r"verify error:num=(\d{1,3})", r"Verify return code: (\d{1,3})", r"X509_V_ERR\w*[ =:(]+(\d{1,3})"):
        m = rx(pat).search(text)
        if m:
            found.setdefault(int(m.group(1)), m.group(0))
            if not pat.startswith("X509"):
                own_line.setdefault(int(m.group(1)), m.group(0))
    by_num = {r.number: r for r in _all_x509(parsed)}
    for num, shown in found.items():
        row = by_num.get(num)
        if row is None:
            continue
        ev = Evidence("x509_verify_error", shown, "input", f"X509_V_ERR_{row.name} ({row.number}): {row.text}")
        data: dict = {"x509_error": row.number}  # type: ignore[type-arg]
        if num in own_line:
            data["tool_line"] = "openssl"  # OpenSSL's own verify line: its finding wins over a word inside it
        hits.append(Hit(row.code, 0.9, f"certificate verification failed with X509 error {row.number} '{row.text}'", ev, row.source, data))
        if row.number == 20:
            hits.append(Hit("tls.chain_incomplete", 0.5, "error 20 also appears when the server omits an intermediate certificate the client does not have", ev, row.source, {"x509_error": 20}))
    return hits


def _byte_hits(parsed: ParsedInput) -> tuple[list[Hit], float, str]:
    values = parsed.byte_values
    if not values:
        return [], 0.0, ""
    data = bytes(values[:64])
    fb = codec.classify_first_bytes(data)
    shown = " ".join(f"{v:02X}" for v in data[:16])
    ev = Evidence("bytes", shown, "input", fb.detail)
    src = "facts/knowledge.md §3.2 (first-bytes fingerprints); RFC 8446 §5.1"
    n = len(data)
    if fb.kind == "tls_alert":
        if fb.alert is not None:
            hits = _alert_hit(fb.alert.description, "bytes", shown, src)
            return hits, 0.65, f"a TLS alert record: {fb.alert.name} ({fb.alert.description})"
        return [Hit("tls.alert_received", 0.5, "0x15 0x03 starts a TLS alert record; the next bytes (length 00 02, level, description) say which", ev, src)], (0.5 if n >= 2 else 0.15), "0x15 is the TLS alert record type (21)"
    if fb.kind == "tls_handshake":
        return [], (0.5 if n >= 2 else 0.12), "0x16 0x03 starts a TLS handshake record (a normal TLS reply)" if n >= 2 else "0x16 is the TLS handshake record type (22)"
    if fb.kind == "tls_other":
        return [], (0.3 if n >= 2 else 0.1), fb.detail
    if fb.kind == "sslv2":
        return [Hit("tls.version_mismatch", 0.4, "an SSL 2.0-format message: a very old peer (SSL 2.0 is prohibited by RFC 6176)", ev, src)], 0.3, fb.detail
    if fb.kind in ("http", "html"):
        conf = 0.75 if n >= 4 else 0.5
        return [Hit("tls.plaintext_http", conf, f"{fb.detail}, where a TLS record (0x16 handshake / 0x15 alert) was expected", ev, src)], (0.45 if n >= 4 else 0.25), f"'{chr(data[0])}': {fb.detail}"
    if fb.kind in ("ssh", "smtp", "ftp", "pop3", "imap", "postgres", "mysql", "redis"):
        return [Hit("tls.non_tls_service", 0.75, f"{fb.detail}: another protocol answers on the port used as TLS", ev, src, {"service": fb.kind})], 0.45, fb.detail
    if fb.kind == "text":
        first = data[0]
        meaning = f"a plaintext '{chr(first)}' where a TLS record (0x16 handshake / 0x15 alert) was expected"
        return [Hit("tls.not_tls_reply", 0.35 if n < 3 else 0.5, meaning, ev, src)], (0.15 if n < 3 else 0.25), meaning
    if fb.kind == "binary":
        return [Hit("tls.not_tls_reply", 0.25, f"bytes that are not a TLS record header (0x16/0x15 0x03 ...): {fb.detail}", ev, src)], 0.1, f"0x{data[0]:02X} is not a TLS record type (0x14-0x18)"
    return [], 0.0, ""


def _refine(parsed: ParsedInput, hits: list[Hit]) -> list[Hit]:
    """Name the cause behind "not TLS" when the text shows what the peer really speaks."""
    base = [h for h in hits if h.code == "tls.not_tls_reply"]
    if not base or parsed.is_bare_value:
        return hits
    top = max(h.confidence for h in base)
    ev = base[0].evidence
    m = rx(_PORT).search(parsed.text)
    port = port_row(int(m.group(1))) if m else None
    out = list(hits)
    hm = rx(_HTTP_HINTS).search(parsed.text)
    if hm or (port and port.service == "http"):
        why = f"'{hm.group(0)}' in the text" if hm else f"port {port.port} ({port.note})"  # type: ignore[union-attr]
        out.append(Hit("tls.plaintext_http", min(0.95, top + 0.05), f"the peer answered in plaintext and the text points at HTTP ({why}): an https:// URL or TLS client against a plain-HTTP port", ev, (port.source if port and not hm else "facts/knowledge.md §3.4 (common causes)")))
        return out
    if any(h.code == "tls.plaintext_http" and h.confidence >= top for h in hits):
        return out  # the message itself already showed HTTP (libpq 'H', Go's HTTP response)
    sm = rx(_SERVICE_HINTS).search(parsed.text)
    if sm or (port and port.service != "http"):
        why = f"'{sm.group(0)}' in the text" if sm else f"port {port.port}: {port.note}"  # type: ignore[union-attr]
        out.append(Hit("tls.non_tls_service", min(0.95, top + 0.05), f"the peer answered in plaintext and the text points at another protocol ({why}): implicit TLS against a banner/STARTTLS port", ev, (port.source if port and not sm else "facts/knowledge.md §3.4 (common causes)")))
    return out


def _may_concern(parsed: ParsedInput) -> bool:
    """Worth reading the inventory and the concepts: not a bare value, and a gate word is in the
    text (inventory.GATE, kept here as a literal check so the inventory stays unimported otherwise)."""
    if parsed.is_bare_value:
        return False
    from .gate import may_concern

    return may_concern(parsed.lower)


def _more_openssl():  # type: ignore[no-untyped-def]
    """The rest of OpenSSL's reason and X509 tables (messages_openssl.py), imported on first need."""
    from . import messages_openssl

    return messages_openssl


def _all_reasons(parsed: ParsedInput) -> tuple:  # type: ignore[type-arg]
    """A bare value (0x68, 6881) cannot carry a reason text: keep the start-up light for it."""
    return OPENSSL_REASONS.rows + _more_openssl().REASONS.rows if _may_concern(parsed) else OPENSSL_REASONS.rows


def _all_x509(parsed: ParsedInput) -> tuple:  # type: ignore[type-arg]
    return X509_VERIFY.rows + _more_openssl().X509.rows if _may_concern(parsed) else X509_VERIFY.rows


def _more_reason(reason: int):  # type: ignore[no-untyped-def]
    return next((r for r in _more_openssl().REASONS.rows if r.reason == reason), None)


def _tls_rows(parsed: ParsedInput) -> list[Hit]:
    hits = match_rows(parsed, MESSAGES.rows)
    if _may_concern(parsed):
        # the stacks' own messages (inventory.py, messages_*.py) and the concepts under them
        from . import concepts, inventory, stack_codes

        hits += inventory.hits(parsed.text, "tls.", parsed.lower)
        hits += stack_codes.hits(parsed.text, parsed.lower)
        hits += concepts.concept_hits(parsed.text)
        if "traefik" in parsed.lower or "ingress" in parsed.lower:
            from . import default_certs

            hits += default_certs.hits(parsed.text, parsed.lower)
    if any(h.code == "tls.reset_after_hello" for h in hits) and not rx(r"(?<![a-z0-9])(?:ssl|tls|handshake|https)(?![a-z0-9])").search(parsed.text):
        hits = [h for h in hits if h.code != "tls.reset_after_hello"]  # a reset outside TLS is the net domain's
    return hits


def assess(parsed: ParsedInput) -> Assessment | None:
    msg_hits = _tls_rows(parsed) + _openssl_hits(parsed) + _reason_text_hits(parsed) + _alert_text_hits(parsed) + _x509_hits(parsed)
    byte_hits, byte_score, byte_meaning = ([], 0.0, "") if msg_hits and _openssl_codes(parsed) else _byte_hits(parsed)
    hits = _refine(parsed, msg_hits + byte_hits)
    if not hits and byte_score <= 0:
        return None
    cue, reasons = apply_cues(parsed, CUES)
    strong = max((h.confidence for h in msg_hits), default=0.0)
    if strong >= 0.7:
        score = 0.95
        reasons = ["a TLS stack's own message or code names the failure"] + reasons
    elif strong >= 0.45:
        score = 0.8
        reasons = ["a TLS stack's message (generic) is in the text"] + reasons
    elif strong > 0:
        score = 0.6 + max(0.0, cue) / 2
        reasons = ["a weak TLS hint in the text"] + reasons
    else:
        score = byte_score + cue
        reasons = [f"first bytes read as TLS/plaintext: {byte_meaning}"] + reasons
    findings = findings_from_hits(DOMAIN, hits, TITLES, fixes_for_text(parsed.text))
    if findings:
        meaning = byte_meaning if not msg_hits and byte_meaning else findings[0].summary
    else:
        meaning = byte_meaning
    return Assessment(DOMAIN, min(1.0, score), meaning, reasons, findings, list(QUESTIONS))
