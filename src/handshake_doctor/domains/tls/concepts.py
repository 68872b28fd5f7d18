"""The concept layer under the stack rows: TLS alerts and X.509 verify reasons in any wording.

Why: the stack rows (knowledge.py, messages_*.py) know exact sentences; the next stack version
words them differently. The concepts catch what no row knows, from the vocabulary every stack
shares: the TLS alert registry (RFC 8446 §6, IANA) and the checks of RFC 5280 path validation.

Both read one normalised copy of the text: lower case, ``_ - .`` as spaces, CamelCase split
(``HandshakeFailure``, ``UnknownCA``, ``SSLV3_ALERT_HANDSHAKE_FAILURE``, ``AlertDescription.
handshake_failure`` and ``alert handshake failure (40)`` all read ``... handshake failure``).

- Alerts: a registry name next to the word "alert" (before or after it), a name with its number
  in brackets (BouncyCastle's ``handshake_failure(40)``), or a number after "alert". Who sent it
  is read from the words before: "received", "remote error", OpenSSL's ``sslv3/tlsv1 alert``
  (always a received alert) say the peer did; "generated", "local error", "sending", a thrown
  ``TlsFatalAlert:`` say this side did, and then a certificate alert means THIS side rejected
  the peer's certificate (unknown_ca -> the chain is untrusted here), not the other way round.
- X.509 reasons: expired, not yet valid, self-signed, unknown issuer / unable to get local
  issuer, incomplete chain, hostname mismatch, revoked, weak signature digest or SECLEVEL, key
  too small, no common signature algorithm, client certificate required, a root missing from an
  (old Android) trust store. Spans already read as an alert are blanked first, so
  ``sslv3 alert certificate revoked`` stays the peer's verdict on our certificate.

Confidence sits below the stack rows (0.85+) and above the generic ``tls.handshake_failed`` and
``tls.cert_verify_failed`` rows (<= 0.6): a stack row refines, a concept beats a catch-all.
Every pattern is bounded (tests/core/test_regex_bounds.py) and compiled on first use.
"""

from __future__ import annotations

from ...knowledge.table import Table, rx, split_top_level
from ...model import Evidence
from ...record import record
from . import wire
from .matching import Hit

RFC8446 = "RFC 8446 §6 (alert protocol) and the IANA TLS Alerts registry"
RFC5280 = "RFC 5280 §6.1 (path validation: validity, issuer, signature) and §4.2.1.6 (subjectAltName); RFC 6125 §6 (host name check)"


@record(frozen=True)
class AlertAlias:
    """A wording of an alert that is not its registry name with spaces."""

    alert: int
    text: str  # normalised (lower case, spaces)
    stack: str
    source: str


_GO = "golang/go src/crypto/tls/alert.go alertText (go1.21+)"
_RUSTLS = "rustls/rustls rustls/src/enums.rs AlertDescription @v/0.23.43 (Debug names)"
_ERL = "erlang/otp lib/ssl/src/ssl_alert.erl description_txt (OTP 22+)"
_NSS = "nss-dev/nss lib/ssl/SSLerrs.h @NSS_3_123_1_RTM (SSL_ERROR_*_ALERT)"
ALIASES = Table(
    "tls_alert_aliases",
    tuple(AlertAlias(a, t, "go", _GO) for a, t in (
        (20, "bad record mac"), (42, "bad certificate"), (44, "revoked certificate"), (45, "expired certificate"),
        (46, "unknown certificate"), (48, "unknown certificate authority"), (50, "error decoding message"),
        (51, "error decrypting message"), (70, "protocol version not supported"), (71, "insufficient security level"),
        (90, "user canceled"),
    ))
    + (
        AlertAlias(112, "unrecognised name", "rustls", _RUSTLS),
        AlertAlias(115, "unknown psk identity", "rustls", _RUSTLS),
        AlertAlias(90, "user cancelled", "openssl", "OpenSSL ssl/ssl_err.c 'tlsv1 alert user cancelled'"),
        AlertAlias(44, "revoked cert", "nss", _NSS),
        AlertAlias(45, "expired cert", "nss", _NSS),
        AlertAlias(43, "unsupported cert", "nss", _NSS),
        AlertAlias(42, "bad cert", "nss", _NSS),
        AlertAlias(113, "bad certificate status response", "any", RFC8446),
        AlertAlias(116, "certificate required", "any", RFC8446),
        AlertAlias(41, "no certificate", "erlang", _ERL),
    ),
    "Alert wordings that are not the registry name (Go's alertText, rustls' British spelling, NSS' short forms)",
)


def normalise(text: str) -> str:
    """Lower case, ``_ - .`` and quotes as spaces, CamelCase split, runs of blanks as one space."""
    split = rx(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", 0).sub(" ", text[:65536])
    return rx(r"[ \t_.'\"`-]{1,64}", 0).sub(" ", split.lower())


def _phrases() -> list[tuple[str, int]]:
    out = [(r.name.replace("_", " "), r.value) for r in wire.ALERTS if r.value != 0]
    out += [(a.text, a.alert) for a in ALIASES]
    out.sort(key=lambda p: -len(p[0]))  # longest first: "bad certificate status response" before "bad certificate"
    return out


_STATE: dict[str, object] = {}


def _by_phrase() -> dict[str, int]:
    got = _STATE.get("phrases")
    if got is None:
        got = _STATE["phrases"] = dict(_phrases())
    return got  # type: ignore[return-value]


def _phrase_at(norm: str, pos: int, window: int) -> tuple[int, int, str] | None:
    """The longest alert phrase starting within ``window`` characters after ``pos`` (on that
    line, at a word start): (start, end, phrase). Plain substring tests, no regex to compile."""
    stop = norm.find("\n", pos)
    seg = norm[pos : min(len(norm), pos + window + 40) if stop < 0 else min(stop, pos + window + 40)]
    best: tuple[int, int, str] | None = None
    for phrase in _by_phrase():
        i = seg.find(phrase)
        while 0 <= i <= window:
            j = i + len(phrase)
            if (i == 0 or not seg[i - 1].isalnum()) and (j >= len(seg) or not seg[j].isalnum()):
                if best is None or i < best[0] or (i == best[0] and j > best[1]):
                    best = (i, j, phrase)
                break
            i = seg.find(phrase, i + 1)
    if best is None:
        return None
    return pos + best[0], pos + best[1], best[2]


def _found_alerts(norm: str) -> list[tuple[int, int, int, str]]:
    """(start, end, alert, shown) for every alert notation in the normalised text."""
    phrases = _by_phrase()
    found: list[tuple[int, int, int, str]] = []
    i = norm.find("alert")
    while i >= 0 and len(found) < 64:
        after = i + 5
        if (i == 0 or not norm[i - 1].isalpha()) and not norm[after : after + 1].isalpha():
            hit = _phrase_at(norm, after, 40)
            if hit is not None:
                found.append((i, hit[1], phrases[hit[2]], norm[i : hit[1]]))
            else:
                m = rx(r"^(?: number| no| code| description| desc| id| #| message \(msg)?\s?[:=(#]?\s?(\d{1,3})\b", 0).match(norm[after : after + 24])
                if m and wire.alert_row(int(m.group(1))) is not None:
                    found.append((i, after + m.end(), int(m.group(1)), norm[i : after + m.end()]))
            # "<name> alert" (NSS's SSL_ERROR_HANDSHAKE_FAILURE_ALERT, "unknown ca alert")
            line = norm.rfind("\n", 0, i) + 1
            for phrase, value in phrases.items():
                s0 = i - 1 - len(phrase)
                if s0 >= line and norm.startswith(phrase, s0) and norm[i - 1] == " " and (s0 == 0 or not norm[s0 - 1].isalnum()):
                    if not any(a <= s0 < b for a, b, _v, _t in found):
                        found.append((s0, after, value, norm[s0:after]))
                    break
        i = norm.find("alert", i + 5)
    # Go: "remote error: tls: <alertText>" (received) / "local error: tls: <alertText>" (sent here)
    for marker in ("remote error: tls:", "local error: tls:"):
        i = norm.find(marker)
        while i >= 0 and len(found) < 64:
            hit = _phrase_at(norm, i + len(marker), 2)
            if hit is not None and not any(a <= hit[0] < b for a, b, _v, _t in found):
                found.append((i, hit[1], phrases[hit[2]], norm[i : hit[1]]))
            i = norm.find(marker, i + 1)
    # "<name>(NN)" / "<name> (NN)" with the right number: BouncyCastle, "alert handshake failure (40)"
    if "(" in norm:
        for m in rx(r"\(\s?(\d{1,3})\s?\)", 0).finditer(norm):
            value = int(m.group(1))
            row = wire.alert_row(value)
            if row is None:
                continue
            base = max(0, m.start() - 60)
            head = norm[base : m.start()].rstrip()
            for phrase, v in phrases.items():
                if v == value and head.endswith(phrase):
                    s0 = base + len(head) - len(phrase)
                    if not any(a <= s0 < b or a <= m.start() < b for a, b, _v, _t in found):
                        found.append((s0, m.end(), value, norm[s0 : m.end()]))
                    break
    return found


_TLS_CONTEXT = r"ssl|tls|handshake|fatal|alert description|schannel|https|x509|certificate|\balert (?:number )?\d{1,3}\b"
_RECEIVED = r"received|remote error|remote party sent|peer sent|from (?:the )?(?:peer|server|client)|alert received|sslv3 alert|tlsv1 alert|tlsv13 alert"
_LOCAL = r"generated|local error|sending|sent (?:a )?(?:fatal )?alert|send alert|tls fatal alert:|we sent"

#: a certificate alert this side sent means this side rejected the peer's certificate
_LOCAL_CODE = {42: "tls.cert_verify_failed", 43: "tls.cert_verify_failed", 44: "tls.cert_revoked", 45: "tls.cert_expired", 46: "tls.cert_verify_failed", 48: "tls.untrusted_root", 116: "tls.client_cert_required"}


def _direction(before: str) -> str:
    """'local' or 'received' from the words just before the alert, '' when they do not say."""
    local = None
    for m in rx(_LOCAL, 0).finditer(before):
        local = m.end()
    received = None
    for m in rx(_RECEIVED, 0).finditer(before):
        received = m.end()
    if local is None and received is None:
        return ""
    if received is None or (local is not None and local > received):
        return "local"
    return "received"


def alert_hits(text: str, norm: str | None = None) -> tuple[list[Hit], list[tuple[int, int]]]:
    """Hits for every alert the text names, and the spans of ``norm`` they cover."""
    norm = normalise(text) if norm is None else norm
    if "alert" not in norm and "(" not in norm and "error: tls:" not in norm:
        return [], []
    found = _found_alerts(norm)
    if found and not rx(_TLS_CONTEXT, 0).search(norm):
        # without TLS words only a registry name next to "alert" (or with its own number) counts;
        # a bare "alert 2" in a monitoring log is not a TLS alert
        found = [f for f in found if not f[3].rstrip(")").rstrip().split(" ")[-1].isdigit() or len(norm) <= 40 or "(" in f[3]]
    hits: list[Hit] = []
    spans: list[tuple[int, int]] = []
    seen: set[tuple[int, str]] = set()
    for start, end, value, shown in found:
        spans.append((start, end))
        line_start = norm.rfind("\n", 0, start) + 1
        who = _direction(norm[max(line_start, start - 80) : end])
        if (value, who) in seen:
            continue
        seen.add((value, who))
        row = wire.alert_row(value)
        name = wire.alert_name(value)
        ev = Evidence("tls_alert", shown.strip()[:120], "input", f"alert {value} {name}" + (f" ({'sent by this side' if who == 'local' else 'sent by the peer'})" if who else ""))
        data = {"alert": value, "alert_name": name, "alert_sender": {"local": "this side", "received": "peer"}.get(who, "unknown")}
        if who == "local":
            code = _LOCAL_CODE.get(value, row.code if row else "tls.alert_received")
            meaning = f"this side sent TLS alert {value} ({name}): it found a problem with what the peer sent" + (f"; {row.meaning}" if row else "")
        else:
            code = row.code if row else "tls.alert_received"
            sender = "the peer sent" if who == "received" else "the text names"
            meaning = f"{sender} TLS alert {value} ({name})" + (f": {row.meaning}" if row else "")
        hits.append(Hit(code, 0.8, meaning, ev, RFC8446 + "; concept layer (domains/tls/concepts.py)", data))
        if value == 40 and who != "local":
            hits.append(Hit("tls.sni_required", 0.45, "some servers answer a ClientHello without SNI (or with an unknown name) with handshake_failure", ev, RFC8446, data))
            hits.append(Hit("tls.client_cert_required", 0.4, "a server that requires a client certificate may fail the handshake with handshake_failure", ev, RFC8446, data))
    return hits, spans


@record(frozen=True)
class Concept:
    """One X.509 verification (or negotiation) reason, in the words any stack may use."""

    name: str
    pattern: str  # searched in the normalised text
    code: str
    meaning: str
    confidence: float
    source: str


_CERT_CONTEXT = r"cert|x509|x 509|\bchain\b|issuer|trust|\bssl\b|\btls\b|pkix|handshake|verif|\bca\b|seclevel|security level|signature|\bkey\b|host ?name|subject"

CONCEPTS = Table(
    "x509_verify_concepts",
    (
        Concept("not_yet_valid", r"\bnot yet valid\b|\bnot valid yet\b|\bnot yet activated\b|\bnotbefore\b[^\n]{0,40}\bfuture\b|\bis before\b[^\n]{0,60}\bnot ?before|\bnot valid before\b", "tls.cert_not_yet_valid",
                "the certificate is not valid yet (its notBefore is in the future, or this clock is behind)", 0.76, RFC5280 + " (validity: notBefore)"),
        Concept("expired", r"\b(?:certificate|cert|certs)\b[^\n]{0,40}?\b(?:has |have |is )?expired\b|\bexpired (?:certificate|cert)\b|\bcert(?:ificate)? has expired\b|\bnot valid after\b|\bexpiration date has passed\b|\bnot within its validity period\b|\bvalidity check failed\b|\bexpired\b[^\n]{0,20}\bnot ?after\b", "tls.cert_expired",
                "a certificate in the chain is past its notAfter (or this clock is ahead)", 0.75, RFC5280 + " (validity: notAfter)"),
        Concept("self_signed_in_chain", r"\bself ?signed (?:certificate |cert )?in (?:the )?(?:certificate )?chain\b|\bself ?signed root\b", "tls.untrusted_root",
                "the chain ends at a self-signed root this side does not trust (a private CA or a TLS-inspecting proxy)", 0.77, RFC5280 + " (trust anchor)"),
        Concept("self_signed", r"\bself ?signed\b", "tls.self_signed",
                "the server's certificate is self-signed and not in this side's trust store", 0.74, RFC5280 + " (trust anchor)"),
        Concept("chain_incomplete", r"\bunable to verify the first certificate\b|\bunable to get issuer certificate\b|\bincomplete (?:certificate )?chain\b|\bmissing intermediate|\bintermediate (?:certificate|cert)s?\b[^\n]{0,30}\b(?:missing|not sent|not found)\b|\bchain\b[^\n]{0,20}\bincomplete\b|\bverify leaf signature\b", "tls.chain_incomplete",
                "the server did not send the intermediate certificate(s), so the chain cannot be built to a root", 0.74, RFC5280 + "; RFC 8446 §4.4.2 (the server sends its chain)"),
        Concept("unknown_issuer", r"\bunknown (?:issuer|authority|certificate authority)\b|\bunable to get local issuer\b|\bissuer\b[^\n]{0,30}\b(?:is )?(?:not (?:recognized|recognised|known|trusted)|unknown)\b|\buntrusted root\b|\broot (?:certificate|ca)\b[^\n]{0,40}\bnot trusted\b|\bnot trusted by the trust provider\b|\bauthority that is not trusted\b|\btrust anchor\b[^\n]{0,40}\bnot found\b|\bno trusted (?:certificate|root|ca)\b|\bunable to find valid certification path\b|\bdoes not chain with any of the trust anchors\b|\bcould not be built to a trusted root\b|\bsigned by unknown authority\b|\bcertificate (?:is )?not trusted\b|\buntrusted (?:certificate|cert)\b", "tls.untrusted_root",
                "the chain does not end at a root this side trusts (a private CA, a TLS-inspecting proxy, an old trust store such as an old Android's, or the root store not loaded)", 0.73, RFC5280 + " (trust anchor)"),
        Concept("hostname_mismatch", r"\bhost ?name\b[^\n]{0,40}?\b(?:mismatch|does(?: not|n t) match|not match|not verified|is not valid)\b|\bname mismatch\b|\b(?:does not|doesn t) match (?:the )?(?:target |requested |expected )?host|\bsubject alt(?:ernative)? names?\b[^\n]{0,40}\b(?:match|present)\b|\bno alternative certificate subject name\b|\bnot valid for (?:any names|name|the given)\b|\bcertificate is (?:only )?valid for\b|\bcn name\b[^\n]{0,30}\bdoes not match\b|\bcn no match\b|\bwrong principal\b|\btarget principal name is incorrect\b|\balt ?names?\b[^\n]{0,30}\b(?:invalid|not match)\b|\bip address mismatch\b|\bcontain any ip sans\b|\brequested domain name does not match\b|\bbad cert domain\b|\bcommon name invalid\b|\bnot valid for\b[^\n]{1,120}?, not\b", "tls.hostname_mismatch",
                "the certificate does not list the host name (or IP) the client asked for", 0.76, RFC5280 + " §4.2.1.6; RFC 6125 §6"),
        Concept("revoked", r"\b(?:certificate|cert)\b[^\n]{0,30}?\b(?:has been |was |is )?revoked\b|\brevoked (?:certificate|cert)\b|\bexplicitly revoked\b|\bkey[^\n]{0,30}\bhas been revoked\b", "tls.cert_revoked",
                "the certificate is on its issuer's revocation list (CRL/OCSP)", 0.75, RFC5280 + " §6.3 (CRL); RFC 6960 (OCSP)"),
        Concept("weak_digest", r"\b(?:sha ?1|md5|md2|sha1 rsa|sha1with rsa)\b[^\n]{0,80}?\b(?:weak|disabled|not allowed|too weak|insecure|rejected|forbidden|disallowed|not secure)\b|\b(?:weak|insecure|disallowed|legacy)\b[^\n]{0,30}?\b(?:signature|digest|hash|md|sigalg)\b|\bmd too weak\b|\bseclevel\b|\bsignature digest algorithm too weak\b|\bsignature algorithm\b[^\n]{0,60}?\b(?:disabled|not allowed|insecure|not secure|too weak)\b|\balgorithm constraints?\b|\binsecure algorithm\b", "tls.weak_crypto_rejected",
                "the local security policy rejects a signature digest (SHA-1/MD5) or the security level (OpenSSL SECLEVEL, Java jdk.certpath/jdk.tls.disabledAlgorithms, Go GODEBUG x509sha1) refuses the peer's crypto", 0.76, "OpenSSL SSL_CTX_set_security_level(3) (SECLEVEL); OpenJDK java.security jdk.certpath.disabledAlgorithms; Go 1.18 release notes (SHA-1 signatures rejected)"),
        Concept("key_too_small", r"\bkey (?:is )?too (?:small|weak|short)\b|\bkey size\b[^\n]{0,40}?\b(?:too small|below|less than|insufficient|too short)\b|\b(?:rsa|dh|ec|dsa) key\b[^\n]{0,30}?\b(?:too small|too short|too weak)\b|\bweak key\b|\bdh prime\b[^\n]{0,60}?\b(?:not acceptable|too small|not long enough)\b|\bweak ephemeral\b|\bdh param(?:eter)? size\b|\binadequate key size\b", "tls.weak_crypto_rejected",
                "a key (RSA/DH/EC) is smaller than the local security level allows (OpenSSL level 2 refuses RSA and DH below 2048 bits)", 0.76, "OpenSSL SSL_CTX_set_security_level(3) (level 2: 112-bit security, RSA/DH >= 2048)"),
        Concept("no_common_sigalg", r"\bno (?:shared|common|supported|suitable) signature (?:algorithm|scheme|type)s?\b|\bsignature (?:algorithms?|schemes?) in common\b|\bno signature schemes in common\b|\bdoesn t support any of the certificate s signature algorithms\b|\bwrong signature type\b|\bunsupported combination of signature and hash\b|\bno supported signature algorithm\b", "tls.no_shared_cipher",
                "no signature algorithm is acceptable to both sides (often a SHA-1-only peer against a modern policy)", 0.74, "RFC 8446 §4.2.3 (signature_algorithms); RFC 5246 §7.4.1.4.1"),
        Concept("client_cert_required", r"\bpeer did not return a certificate\b|\bno client certificate\b[^\n]{0,20}?\b(?:presented|provided|sent|returned|received)\b|\bclient (?:did not|didn t) (?:send|present|provide) a certificate\b|\bdidn t provide a certificate\b|\bno required ssl certificate\b|\bclient certificate (?:is )?required\b|\bempty client certificate chain\b|\bcertificate is required\b", "tls.client_cert_required",
                "the server requires a client certificate and none was sent", 0.74, "RFC 8446 §4.3.2 (CertificateRequest) and §4.4.2"),
    ),
    "X.509 verification reasons in the words any stack may use (the concept layer under the stack rows)",
)


def _blank(norm: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return norm
    chars = list(norm)
    for s, e in spans:
        for i in range(s, min(e, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _search_alternatives(c: Concept, hay: str):  # type: ignore[no-untyped-def]
    """The first match of any top-level alternative of the concept's pattern. Each alternative is
    its own needle-guarded regex, so only an alternative whose literal words are in the text is
    ever compiled (a whole concept is a long alternation; compiling it costs more than the rest)."""
    alts = _STATE.get("alts:" + c.name)
    if alts is None:
        alts = _STATE["alts:" + c.name] = tuple(split_top_level(c.pattern))
    best = None
    for alt in alts:  # type: ignore[union-attr]
        m = rx(alt, 0).search(hay)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def x509_hits(text: str, norm: str | None = None, alert_spans: list[tuple[int, int]] | None = None) -> list[Hit]:
    """Hits for every verification reason the text states (outside the alert names)."""
    norm = normalise(text) if norm is None else norm
    if not rx(_CERT_CONTEXT, 0).search(norm):
        return []
    hay = _blank(norm, alert_spans or [])
    hits: list[Hit] = []
    done: set[str] = set()
    for c in CONCEPTS:
        if c.code in done and c.name != "self_signed":
            continue
        m = _search_alternatives(c, hay)
        if not m:
            continue
        if c.name == "self_signed" and "self_signed_in_chain" in done:
            continue
        if c.name == "expired" and rx(r"\bexpired or is not yet valid\b", 0).search(hay) and rx(r"\bis before\b", 0).search(hay):
            continue  # Go's one message for both: "current time X is before Y" is not-yet-valid
        if c.name == "not_yet_valid" and rx(r"\bexpired or is not yet valid\b", 0).search(hay) and not rx(r"\bis before\b", 0).search(hay):
            continue
        done.add(c.name)
        done.add(c.code)
        meaning = c.meaning
        if c.code == "tls.untrusted_root" and "android" in hay:
            meaning += "; on Android below 7.1.1 (API 25) newer roots such as ISRG Root X1 are missing from the system store, so the app must ship the root (network_security_config) or the server serve a chain to an older root"
        hits.append(Hit(c.code, c.confidence, meaning, Evidence("x509_reason", m.group(0).strip()[:120], "input", f"verify reason: {c.name}"), c.source, {"concept": c.name}))
    return hits


def concept_hits(text: str) -> list[Hit]:
    """Alert hits, then X.509 reason hits on the text with the alert names blanked."""
    norm = normalise(text)
    alerts, spans = alert_hits(text, norm)
    return alerts + x509_hits(text, norm, spans)
