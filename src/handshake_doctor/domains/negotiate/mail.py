"""The line protocols that upgrade with a command (pure): SMTP/submission (EHLO, STARTTLS),
IMAP (CAPABILITY, STARTTLS, LOGINDISABLED), POP3 (CAPA, STLS) and FTP (FEAT, AUTH TLS).

Facts: RFC 5321 §4.2 (reply codes, multi-line 'NNN-' continuation), RFC 3207 (STARTTLS keyword,
220 go ahead, 454 TLS not available), RFC 4954 §4 (AUTH keyword; submission servers often offer
AUTH only after STARTTLS: Postfix smtpd_tls_auth_only); RFC 9051 §6.2.1, §7.1 (IMAP greeting,
CAPABILITY, STARTTLS, LOGINDISABLED); RFC 2449 (POP3 CAPA), RFC 2595 §4 (STLS); RFC 2389
(FEAT), RFC 4217 §4, §6 (AUTH TLS, 234 / 431 / 504 / 534).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Evidence
from ...transcript import Transcript
from .identify import describe, identify
from .reading import CLOSED, OTHER, SILENT, SPOKE, TLS, Reading, replies

MAX_LINES = 200  # a real EHLO/CAPABILITY/FEAT answer has a few dozen lines at most
MAX_REPLY = 16 * 1024
MAX_LINE = 2048  # RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; far more is hostile
EHLO = b"EHLO hsdoctor-probe.invalid\r\n"
STARTTLS = b"STARTTLS\r\n"
QUIT = b"QUIT\r\n"
IMAP_CAPA = b"h1 CAPABILITY\r\n"
IMAP_STARTTLS = b"h2 STARTTLS\r\n"
IMAP_LOGOUT = b"h3 LOGOUT\r\n"
POP_CAPA = b"CAPA\r\n"
POP_STLS = b"STLS\r\n"
FTP_FEAT = b"FEAT\r\n"
FTP_AUTH_TLS = b"AUTH TLS\r\n"

_CODE_LINE = re.compile(rb"^(\d{3})([ -])(.*)$")


@dataclass
class Reply:
    code: int
    lines: list[str] = field(default_factory=list)


def _lines(d: bytes) -> list[bytes]:
    return [ln.rstrip(b"\r") for ln in d.split(b"\n")]


def too_long(d: bytes) -> bool:
    """A line past any real server's, or too many lines: stop reading (bounded)."""
    parts = d.split(b"\n")
    return len(parts) > MAX_LINES or any(len(p) > MAX_LINE for p in parts)


def coded_complete(d: bytes) -> bool:
    """A whole SMTP/FTP reply: lines 'NNN-...' ending with 'NNN ...' (or not a coded reply at all)."""
    if too_long(d):
        return True
    if b"\n" not in d:
        return False
    lines = [ln for ln in _lines(d) if ln]
    if not lines or not _CODE_LINE.match(lines[0]):
        return True  # not a coded reply: enough to see it
    if not d.endswith(b"\n"):
        return False
    m = _CODE_LINE.match(lines[-1])
    return bool(m and m.group(2) == b" ")


def parse_coded(d: bytes) -> Reply | None:
    lines = [ln for ln in _lines(d) if ln]
    if not lines:
        return None
    m = _CODE_LINE.match(lines[0])
    if not m:
        return None
    out = Reply(int(m.group(1)))
    for ln in lines:
        mm = _CODE_LINE.match(ln)
        out.lines.append((mm.group(3) if mm else ln).decode("utf-8", "replace")[:300])
    return out


def ehlo_keywords(reply: Reply) -> list[str]:
    return [ln.split(" ", 1)[0].upper() for ln in reply.lines[1:]]


def line_complete(d: bytes) -> bool:
    return b"\n" in d or too_long(d)


def tagged_complete(tag: bytes) -> "callable[[bytes], bool]":  # type: ignore[valid-type]
    def done(d: bytes) -> bool:
        return too_long(d) or any(ln.startswith(tag + b" ") for ln in _lines(d))
    return done


def dot_complete(d: bytes) -> bool:
    """A POP3 multi-line answer ends with '.' alone; an error is one line."""
    return too_long(d) or d.startswith(b"-ERR") and b"\n" in d or d.endswith(b"\r\n.\r\n") or d.endswith(b"\n.\n")


def _bounded(r: Reading, data: bytes, end: str, where: str) -> None:
    if too_long(data) or end == "limit":
        n = len(data.split(b"\n"))
        r.problem("oversized", f"{where}: {len(data)} bytes in {n} line(s) without an end (a real server sends a few dozen short lines)")
    elif end == "timeout" and data:
        r.problem("stalled", f"{where}: {len(data)} bytes, then nothing more within the deadline")


def _greeting(r: Reading, rx: dict[str, tuple[bytes, str]], proto: str, ok: "callable[[bytes], bool]") -> bytes | None:  # type: ignore[valid-type]
    got = rx.get(f"{proto}.greeting")
    if got is None:
        return None
    data, end = got
    if not data:
        r.answered = SILENT if end == "timeout" else CLOSED
        r.evidence.append(Evidence("message", f"no greeting ({end})", "greeting"))
        return None
    name = identify(data)
    if name == "tls":
        r.answered = TLS
        r.evidence.append(Evidence("bytes", describe(data), "greeting", "a TLS record before any greeting"))
        return None
    if not ok(data):
        r.answered, r.other = OTHER, name
        _bounded(r, data, end, "greeting")
        r.evidence.append(Evidence("bytes", describe(data), "greeting"))
        return None
    r.answered = SPOKE
    _bounded(r, data, end, "greeting")
    r.evidence.append(Evidence("message", describe(data), "greeting"))
    return data


def _implicit(r: Reading, rx: dict[str, tuple[bytes, str]], tr: Transcript, proto: str, ok: "callable[[bytes], bool]") -> bool:  # type: ignore[valid-type]
    """For smtps/imaps/pop3s/ftps: a greeting after a completed TLS handshake, or a plaintext one."""
    plain = rx.get(f"{proto}.plain_greeting")
    if plain is None:  # not the implicit-TLS dialogue
        return False
    if plain[0] and ok(plain[0]):
        r.answered = SPOKE
        r.evidence.append(Evidence("message", describe(plain[0]), "greeting without TLS", "the server spoke plaintext first"))
        return True
    inner = rx.get(f"{proto}.tls_greeting")
    hs = [e for e in tr.events("tls_handshake") if e.meta.get("purpose") in ("implicit", "checklist")]
    if plain is not None and not plain[0] and not any(e.meta.get("ok") or e.meta.get("chain") for e in hs):
        r.answered = SILENT if plain[1] == "timeout" else CLOSED
        r.evidence.append(Evidence("message", f"no plaintext greeting ({plain[1]}) and no TLS handshake: " + "; ".join(str(e.meta.get("error", "")) for e in hs), "first bytes"))
        return True
    if hs and (hs[0].meta.get("ok") or hs[0].meta.get("chain")):
        r.answered = TLS
        if inner and inner[0]:
            r.identity = describe(inner[0]).strip("'")[:80]
            r.evidence.append(Evidence("message", describe(inner[0]), "greeting over TLS"))
        return True
    if plain is not None and plain[0]:
        r.answered, r.other = OTHER, identify(plain[0])
        r.evidence.append(Evidence("bytes", describe(plain[0]), "first bytes"))
        return True
    return False


def smtp_ok(d: bytes) -> bool:
    return re.match(rb"220[ -]", d) is not None and identify(d) == "smtp" or re.match(rb"(421|554)[ -]", d) is not None


def read_smtp(tr: Transcript) -> Reading:
    r = Reading("smtp")
    rx = replies(tr)
    if _implicit(r, rx, tr, "smtp", smtp_ok):
        return r
    g = _greeting(r, rx, "smtp", smtp_ok)
    if g is None:
        return r
    greet = parse_coded(g)
    if greet is not None:
        r.identity = greet.lines[0][:80]
        if greet.code in (421, 554):
            r.problem("closed", f"the server refused the session: {greet.code} {greet.lines[0]}")
    got = rx.get("smtp.ehlo")
    if got is None:
        return r
    _bounded(r, got[0], got[1], "EHLO reply")
    ehlo = parse_coded(got[0])
    if ehlo is None or ehlo.code != 250:
        r.evidence.append(Evidence("message", describe(got[0]), "EHLO"))
        r.tls_offered = False
        r.refusal = "the server does not answer EHLO with 250 (no ESMTP: no STARTTLS)"
        return r
    kws = ehlo_keywords(ehlo)
    r.facts["ehlo"] = kws
    r.tls_offered = "STARTTLS" in kws
    r.evidence.append(Evidence("message", "EHLO keywords: " + (" ".join(kws) or "none"), "EHLO"))
    if not r.tls_offered:
        r.refusal = "the EHLO answer has no STARTTLS keyword"
        return r
    st = rx.get("smtp.starttls")
    if st is not None:
        rep = parse_coded(st[0])
        if rep is not None and rep.code == 220:
            r.tls_accepted = True
        else:
            r.tls_accepted = False
            r.refusal = describe(st[0]).strip("'") if st[0] else f"no answer to STARTTLS ({st[1]})"
            r.evidence.append(Evidence("message", r.refusal, "STARTTLS"))
    after = rx.get("smtp.ehlo_tls")
    if after is not None and after[0]:
        rep = parse_coded(after[0])
        if rep is not None and rep.code == 250:
            kws_tls = ehlo_keywords(rep)
            r.facts["ehlo_tls"] = kws_tls
            if "AUTH" in kws_tls and "AUTH" not in kws:
                r.tls_required = True
                r.required_how = "the server offers AUTH only after STARTTLS (Postfix smtpd_tls_auth_only = yes, aiosmtpd auth_require_tls): a client that skips STARTTLS cannot log in"
                r.evidence.append(Evidence("message", "EHLO over TLS keywords: " + " ".join(kws_tls), "EHLO over TLS"))
    return r


def imap_ok(d: bytes) -> bool:
    return identify(d) == "imap"


def read_imap(tr: Transcript) -> Reading:
    r = Reading("imap")
    rx = replies(tr)
    if _implicit(r, rx, tr, "imap", imap_ok):
        return r
    g = _greeting(r, rx, "imap", imap_ok)
    if g is None:
        return r
    r.identity = describe(g).strip("'")[:80]
    caps_text = g.split(b"\n", 1)[0].decode("utf-8", "replace")
    got = rx.get("imap.capability")
    if got is not None:
        _bounded(r, got[0], got[1], "CAPABILITY reply")
        caps_text += " " + got[0].decode("utf-8", "replace")
    caps = {w.upper().strip("[]") for w in re.split(r"[\s\[\]]+", caps_text)}
    r.tls_offered = "STARTTLS" in caps
    r.evidence.append(Evidence("message", "capabilities: " + " ".join(sorted(c for c in caps if c and c.isupper())[:30]), "CAPABILITY"))
    if "LOGINDISABLED" in caps:
        r.tls_required = True
        r.required_how = "the server announces LOGINDISABLED: no LOGIN before STARTTLS (Dovecot disable_plaintext_auth = yes / ssl = required)"
    elif got is not None:
        r.tls_required = False if r.tls_offered else None
    if not r.tls_offered:
        r.refusal = "the CAPABILITY list has no STARTTLS"
        return r
    st = rx.get("imap.starttls")
    if st is not None:
        line = next((ln for ln in st[0].split(b"\n") if ln.startswith(b"h2 ")), b"")
        r.tls_accepted = line.startswith(b"h2 OK")
        if not r.tls_accepted:
            r.refusal = describe(line or st[0]).strip("'")
    return r


def pop3_ok(d: bytes) -> bool:
    return d.startswith(b"+OK")


def read_pop3(tr: Transcript) -> Reading:
    r = Reading("pop3")
    rx = replies(tr)
    if _implicit(r, rx, tr, "pop3", pop3_ok):
        return r
    g = _greeting(r, rx, "pop3", pop3_ok)
    if g is None:
        return r
    r.identity = describe(g).strip("'")[:80]
    got = rx.get("pop3.capa")
    caps: list[str] = []
    sasl: list[str] = []
    if got is not None:
        _bounded(r, got[0], got[1], "CAPA reply")
        if got[0].startswith(b"+OK"):
            full = [ln.decode("utf-8", "replace").upper().split() for ln in _lines(got[0])[1:] if ln and ln != b"."]
            caps = [w[0] for w in full if w]
            sasl = next((w[1:] for w in full if w and w[0] == "SASL"), [])
    r.tls_offered = "STLS" in caps
    r.evidence.append(Evidence("message", "CAPA: " + (" ".join(caps) or "none") + (f" (SASL {' '.join(sasl)})" if sasl else ""), "CAPA"))
    if r.tls_offered and "USER" not in caps and not sasl:
        r.tls_required = True
        r.required_how = "CAPA offers no USER and no SASL mechanism before STLS: the server accepts no login without TLS (Dovecot disable_plaintext_auth)"
    if not r.tls_offered:
        r.refusal = "the CAPA list has no STLS"
        return r
    st = rx.get("pop3.stls")
    if st is not None:
        r.tls_accepted = st[0].startswith(b"+OK")
        if not r.tls_accepted:
            r.refusal = describe(st[0]).strip("'") or f"no answer to STLS ({st[1]})"
    return r


def ftp_ok(d: bytes) -> bool:
    return re.match(rb"220[ -]", d) is not None


def read_ftp(tr: Transcript) -> Reading:
    r = Reading("ftp")
    rx = replies(tr)
    if _implicit(r, rx, tr, "ftp", ftp_ok):
        return r
    g = _greeting(r, rx, "ftp", ftp_ok)
    if g is None:
        return r
    rep = parse_coded(g)
    r.identity = rep.lines[0][:80] if rep else ""
    got = rx.get("ftp.feat")
    feats: list[str] = []
    if got is not None:
        _bounded(r, got[0], got[1], "FEAT reply")
        f = parse_coded(got[0])
        if f is not None and f.code == 211:
            feats = [ln.strip().upper() for ln in f.lines[1:-1]]
    r.evidence.append(Evidence("message", "FEAT: " + (", ".join(feats) or "none"), "FEAT"))
    st = rx.get("ftp.auth_tls")
    if st is not None:
        rep = parse_coded(st[0])
        r.tls_offered = True if rep is not None and rep.code == 234 else ("AUTH TLS" in feats)
        r.tls_accepted = rep is not None and rep.code == 234
        if not r.tls_accepted:
            r.refusal = describe(st[0]).strip("'") or f"no answer to AUTH TLS ({st[1]})"
            if not any(x.startswith("AUTH") for x in feats):
                r.tls_offered = False
    else:
        r.tls_offered = any(x.startswith("AUTH TLS") or x == "AUTH SSL" for x in feats)
    return r
