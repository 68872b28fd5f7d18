"""STARTTLS in SMTP, IMAP, POP3 and FTP, read from a captured connection (pure: a Transcript in).

Why: the upgrade happens in plaintext, so a capture shows whether the server offered it
(SMTP's EHLO reply, RFC 3207 §4; IMAP's CAPABILITY, RFC 9051 §6.2.1; POP3's CAPA STLS,
RFC 2595 §4; FTP's AUTH TLS, RFC 4217 §4), whether the client asked, and what the server
answered (SMTP 220 / 454, IMAP OK / BAD / NO, POP3 +OK / -ERR, FTP 234 / 5xx). When the
upgrade succeeds, the TLS handshake that follows is judged by the TLS judge from the offsets
returned here.
"""

from __future__ import annotations

import re

from ...model import Evidence, Finding, Fix
from ...transcript import RX, TX, Transcript
from .fixes import fixes_for

SOURCES = {"smtp": "RFC 3207 §4", "imap": "RFC 9051 §6.2.1", "pop3": "RFC 2595 §4", "ftp": "RFC 4217 §4"}
COMMAND = {"smtp": rb"STARTTLS", "imap": rb"[^ ]+ STARTTLS", "pop3": rb"STLS", "ftp": rb"AUTH (TLS|SSL)"}
OFFER = {"smtp": rb"^250[ -]STARTTLS", "imap": rb"\bSTARTTLS\b", "pop3": rb"^STLS\b", "ftp": rb"\bAUTH TLS\b|^ ?AUTH\b"}
GOOD = {"smtp": rb"^220", "imap": rb"^[^ *][^ ]* OK", "pop3": rb"^\+OK", "ftp": rb"^234"}
PLAIN_USE = {"smtp": rb"^(MAIL FROM|AUTH|RCPT TO)", "imap": rb"^[^ ]+ (LOGIN|AUTHENTICATE|SELECT)", "pop3": rb"^(USER|PASS|APOP|AUTH)", "ftp": rb"^(USER|PASS)"}


def _lines(data: bytes, limit: int = 200) -> list[tuple[int, bytes]]:
    """(offset after the line, line without CRLF) for the first ``limit`` lines."""
    out: list[tuple[int, bytes]] = []
    pos = 0
    while len(out) < limit:
        i = data.find(b"\n", pos)
        if i < 0:
            break
        out.append((i + 1, data[pos:i].rstrip(b"\r")))
        pos = i + 1
    return out


def _ev(kind: str, value: bytes | str, note: str) -> Evidence:
    v = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return Evidence(kind, v[:120], "capture", note)


def judge(tr: Transcript, protocol: str) -> tuple[list[Finding], tuple[int, int] | None]:
    """Findings of the plaintext phase, and (client offset, server offset) where TLS starts."""
    c, s = tr.stream(TX), tr.stream(RX)
    cl, sl = _lines(c), _lines(s)
    src = [SOURCES.get(protocol, "")]
    offered = any(re.search(OFFER[protocol], ln, re.I) for _o, ln in sl)
    cmd = next(((o, ln) for o, ln in cl if re.match(COMMAND[protocol] + rb"\s*$", ln, re.I)), None)
    name = protocol.upper()
    host, _, port = tr.peer.rpartition(":")

    def fx(code: str) -> list[Fix]:
        return fixes_for(code, host=host.strip("[]") or "HOST", port=port or "25")

    if cmd is None:
        used = next((ln for _o, ln in cl if re.match(PLAIN_USE[protocol], ln, re.I)), None)
        if offered and used is not None:
            return [Finding("tls.starttls_not_used", "tls", f"The {name} server offers STARTTLS but the client went on in plaintext ({used.split(b' ')[0].decode(errors='replace')})",
                            "Credentials and messages crossed the network unencrypted although TLS was available: configure the client to require STARTTLS.",
                            "warning", 0.85, [_ev("line", used, "the client's plaintext command")], fx("tls.starttls_not_used"), src, {"protocol": protocol})], None
        if not offered and sl:
            quit_ = any(re.match(rb"^([^ ]+ )?(QUIT|LOGOUT)\b", ln, re.I) for _o, ln in cl)
            return [Finding("tls.starttls_not_offered", "tls", f"The {name} server does not offer STARTTLS" + (" and the client gave up" if quit_ and used is None else ""),
                            "The capability list has no STARTTLS/STLS/AUTH TLS: TLS is not configured on this server (or a middlebox strips the capability: compare with the server's own log).",
                            "error" if quit_ and used is None else "warning", 0.8, [_ev("line", sl[0][1], "the server's greeting")], fx("tls.starttls_not_offered"), src, {"protocol": protocol})], None
        return [], None
    from .capture import _time_at

    t_cmd = _time_at(tr.offsets(TX), cmd[0] - 1)
    soffs = tr.offsets(RX)
    later = [(o, ln) for o, ln in sl if _time_at(soffs, o - 1) >= t_cmd and o > sl[0][0]]
    answer = next(((o, ln) for o, ln in later[:1] if re.match(GOOD[protocol], ln)), None)
    bad = None if answer else next(((o, ln) for o, ln in later[:1]), None)
    if answer is not None:
        return [Finding("tls.starttls_upgraded", "tls", f"The {name} session upgraded to TLS with STARTTLS", "", "info", 0.9,
                        [_ev("line", cmd[1], "the client's command"), _ev("line", answer[1], "the server's go-ahead")], fx("tls.starttls_upgraded"), src, {"protocol": protocol})], (cmd[0], answer[0])
    if bad is not None:
        return [Finding("tls.starttls_refused", "tls", f"The {name} server refused STARTTLS: {bad[1].decode(errors='replace')[:80]}",
                        "The server advertises or accepts the command but cannot start TLS (no certificate loaded, a TLS library error: see its log).",
                        "error", 0.85, [_ev("line", cmd[1], "the client's command"), _ev("line", bad[1], "the server's answer")], fx("tls.starttls_refused"), src, {"protocol": protocol})], None
    return [], None
