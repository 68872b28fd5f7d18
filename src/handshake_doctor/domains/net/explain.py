"""How the `net` domain reads a pasted error: DNS, refused, timed out, reset, unreachable (pure).

Why a domain of its own: most "handshake failed" reports are not TLS at all but a connection
that never opened. A tool's own text (ECONNREFUSED, "Could not resolve host") scores high; a
bare errno scores lower because errno numbers differ between systems.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...knowledge.table import rx
from ...model import Assessment, Evidence, Question
from ...textparse import ERRNO, OPENSSL_ERROR, ParsedInput, decode_openssl
from ..tls.matching import Hit, findings_from_hits, match_rows, titles_of
from .codes import CODES
from .knowledge import BSD_ERRNOS, CONNECT_ERRNO_CONTEXTS, DNS_SERVER_FAILURES, ERRNOS, MESSAGES

DOMAIN = "net"
TITLES = titles_of(CODES)
CUES = (
    Cue(r"\b(connect|socket|tcp|dns|resolve|host|port|network)\b", 0.15, "network words in the text"),
    Cue(r"\b(windows|winsock|wsa)\b", 0.05, "a Windows stack"),
)
_TLS_WORDS = r"(?<![a-z0-9])(ssl|tls|handshake|https)(?![a-z0-9])"  # SSL_connect counts too



def _errno_hits(parsed: ParsedInput) -> list[Hit]:
    numbers: list[tuple[int, str]] = [(t.values[0], t.text) for t in parsed.of_kind(ERRNO)]
    for t in parsed.of_kind(OPENSSL_ERROR):
        dec = decode_openssl(t.values[0])
        if dec is not None and dec.layout == "3.x-system":
            numbers.append((dec.reason, t.hex))  # OpenSSL 3 system error: 8000006F = errno 111
    # Winsock numbers have 5 digits and glibc getaddrinfo errors are negative: textparse reads neither.
    for m in rx(r"(?:\[(?:Errno|WinError)\s+|error code\s*[=:]?\s*|\berrno\s*[=:]?\s*|\b)(-[23]|1005[14]|1006[015]|1100[12])\b").finditer(parsed.text):
        if m.group(1).startswith("-") and "errno" not in m.group(0).lower():
            continue
        numbers.append((int(m.group(1)), m.group(0)))
    hits: list[Hit] = []
    by_num = {r.number: r for r in ERRNOS}
    for n, shown in numbers:
        row = by_num.get(n)
        if row:
            hits.append(Hit(row.code, 0.75, f"errno {n} is {row.name} ({row.platform})", Evidence("errno", shown, "input", f"{row.name} on {row.platform}"), row.source, {"errno": n, "errno_name": row.name}))
    return hits + _wrapped_errno_hits(parsed, by_num)


def _wrapped_errno_hits(parsed: ParsedInput, by_num: dict) -> list[Hit]:  # type: ignore[type-arg]
    """Errnos a wrapper text names as the errno of a failed connect ("Can't connect to MySQL server
    on 'h' (111)"). Inside such a wrapper a macOS/BSD number is safe to read too (61 = ECONNREFUSED)."""
    bsd = {r.number: r for r in BSD_ERRNOS}
    hits: list[Hit] = []
    for ctx in CONNECT_ERRNO_CONTEXTS:
        for m in rx(ctx.pattern).finditer(parsed.text):
            n = int(m.group("n"))
            row = by_num.get(n) or bsd.get(n)
            if row:
                hits.append(Hit(row.code, 0.85, f"{ctx.meaning}: {n} is {row.name} ({row.platform})", Evidence("errno", m.group(0).strip()[:200], "input", f"{row.name} on {row.platform}"), ctx.source + "; " + row.source, {"errno": n, "errno_name": row.name, "stack": ctx.stack}))
    return hits


def assess(parsed: ParsedInput) -> Assessment | None:
    dns_hits = match_rows(parsed, DNS_SERVER_FAILURES.rows)
    hits = match_rows(parsed, MESSAGES.rows) + _errno_hits(parsed)
    if dns_hits:
        for h in hits:
            if h.code in ("net.tcp_refused", "net.tcp_timeout"):
                h.confidence = min(h.confidence, 0.5)  # the refused/timed-out peer is the DNS server, not the target
    hits += dns_hits
    if not hits:
        return None
    if rx(_TLS_WORDS).search(parsed.text):
        for h in hits:
            if h.code == "net.tcp_reset":
                h.confidence = min(h.confidence, 0.55)  # in a TLS handshake the tls domain names the reset better
    cue, reasons = apply_cues(parsed, CUES)
    strong = max(h.confidence for h in hits)
    score = 0.9 if strong >= 0.8 else 0.7 + cue
    findings = findings_from_hits(DOMAIN, hits, TITLES, _fixes_for_text(parsed.text), limit=3)
    return Assessment(
        DOMAIN, min(1.0, score), findings[0].summary, ["a network-layer error text or errno is in the input"] + reasons, findings,
        [Question("Does `nc -vz HOST PORT` from the same machine connect?", ("net", "tls"), "separates a closed/filtered port from a TLS problem on an open one")],
    )


def _fixes_for_text(text: str):  # type: ignore[no-untyped-def]
    """The domain's one fixes table (fixes.py), imported when a finding needs it: most inputs
    give this domain no finding, and explain's start-up pays only for what it uses."""
    from .fixes import fixes_for_text

    return fixes_for_text(text)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name == "FIXES":  # the table, for readers that look for it here (tests walk explain.FIXES)
        from .fixes import FIXES

        return FIXES
    raise AttributeError(name)
