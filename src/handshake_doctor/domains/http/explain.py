"""How the `http` domain reads an input: http:// vs https:// on the wrong port, proxy URLs (pure).

Why apart from tls: the fix is often only the URL (scheme, port, proxy variable), and an HTTP
status line in the bytes is HTTP's own evidence.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...model import Assessment, Evidence, Fix, Question, Snippet
from ...textparse import ParsedInput
from ..tls import codec
from ..tls.fixes import PLAINTEXT_LISTENER, USE_HTTP, USE_TLS_CLIENT
from ..tls.matching import Hit, findings_from_hits, match_rows, titles_of
from .codes import CODES
from ...knowledge.table import rx
from .knowledge import H2_ERRORS, MESSAGES

DOMAIN = "http"
TITLES = titles_of(CODES)
CUES = (
    Cue(r"\b(https?|url|curl|wget|requests|fetch|axios|browser|proxy|nginx|apache|http/1\.[01])\b", 0.3, "HTTP words in the text"),
    Cue(r"\b(apdu|smart ?card|avrdude|stk500|bootloader|baud|m-bus|esptool|stm32)\b", -0.3, "words of another field"),
)
S = Snippet
PROXY_FIX = Fix(
    "Client side: write the proxy URL with the proxy's own protocol — almost every forward proxy speaks plain HTTP, even for https:// targets (the tunnel carries the TLS).",
    "client",
    "export HTTPS_PROXY=http://proxy.example:3128",
    (
        S("shell", "export HTTPS_PROXY=http://proxy.example:3128   # not https://proxy.example:3128\nexport HTTP_PROXY=http://proxy.example:3128"),
        S("python", "requests.get('https://example.org/', proxies={'https': 'http://proxy.example:3128'})"),
        S("go", "// Go reads HTTPS_PROXY; the value's scheme is the proxy's protocol\nproxy, _ := url.Parse(\"http://proxy.example:3128\")\ntr := &http.Transport{Proxy: http.ProxyURL(proxy)}"),
        S("curl", "curl -x http://proxy.example:3128 https://example.org/"),
    ),
)
TUNNEL_FIX = Fix(
    "Client side: give the proxy credentials (407) or ask its admin to allow the destination (403); 502 means the proxy could not reach the target.",
    "client",
    "curl -v -x http://user:pass@proxy.example:3128 https://example.org/",
)
H2_TRY_HTTP11 = Fix(
    "Repeat the request over HTTP/1.1: if it then works, the failure is in HTTP/2 handling (the server's limits or a proxy, load balancer or TLS-inspecting middlebox between you); if not, read the error the server gives over HTTP/1.1.",
    "client",
    "curl -sv --http1.1 -o /dev/null https://HOST/PATH",
    (
        S("shell", "git config --global http.version HTTP/1.1   # git over HTTPS: curl (92) 'HTTP/2 stream ... not closed cleanly'"),
        S("python", "httpx.Client(http2=False)"),
        S("go", "// GODEBUG=http2client=0 for a quick test; in code, an empty TLSNextProto map disables HTTP/2\ntr := &http.Transport{TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{}}"),
        S("nodejs", "// use the https module (HTTP/1.1) instead of http2.connect() to compare"),
    ),
)
H2_SERVER = Fix(
    "Server side: read the server's or proxy's log at the time of the reset. PROTOCOL_ERROR is most often a request header it refuses (raise the header limits, remove invalid or uppercase header names); INTERNAL_ERROR an upstream failure or timeout behind the proxy.",
    "server",
    "",
    (S("nginx", "# nginx >= 1.19.7 uses the HTTP/1 limits for HTTP/2 headers too\nlarge_client_header_buffers 4 32k;"),),
)
H2_HTTP11 = Fix(
    "Client side: use HTTP/1.1 for this host (the server asked for it). Server side (IIS): negotiate the client certificate during the TLS handshake instead of by renegotiation, or turn HTTP/2 off for the site that needs Windows authentication.",
    "client",
    "curl --http1.1 https://HOST/PATH",
    (S("shell", "netsh http update sslcert ipport=0.0.0.0:443 clientcertnegotiation=enable   # IIS: ask for the client certificate in the handshake"),),
)
H2_TLS = Fix(
    "Server side: HTTP/2 needs TLS 1.2 or later with an ephemeral key exchange and an AEAD cipher (RFC 9113 §9.2); remove the blocklisted suites or offer HTTP/2 only where TLS is modern.",
    "server",
    "openssl s_client -connect HOST:443 -alpn h2 </dev/null 2>/dev/null | grep -E 'Protocol|Cipher|ALPN'",
    (S("nginx", "ssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;"),),
)
FIXES: dict[str, list[Fix]] = {
    "http.h2_stream_reset": [H2_TRY_HTTP11, H2_SERVER],
    "http.h2_http11_required": [H2_HTTP11],
    "http.h2_inadequate_security": [H2_TLS],
    "http.scheme_mismatch": [USE_HTTP, USE_TLS_CLIENT, PLAINTEXT_LISTENER],
    "http.proxy_scheme_mismatch": [PROXY_FIX],
    "http.empty_reply": [USE_TLS_CLIENT, Fix("Check whether the port speaks TLS.", "user", "openssl s_client -connect HOST:PORT </dev/null")],
    "http.proxy_tunnel_failed": [TUNNEL_FIX],
}


def _byte_hits(parsed: ParsedInput) -> tuple[list[Hit], float, str]:
    values = parsed.byte_values
    if not values:
        return [], 0.0, ""
    data = bytes(values[:64])
    fb = codec.classify_first_bytes(data)
    if fb.service != "http":
        return [], 0.0, ""
    shown = " ".join(f"{v:02X}" for v in data[:16])
    src = "facts/knowledge.md §3.2 (first-bytes fingerprints); RFC 9112 §4 (status line 'HTTP/1.1')"
    full = len(data) >= 4
    meaning = fb.detail if full else f"'{chr(data[0])}' could be the first letter of 'HTTP/': {fb.detail}"
    return [Hit("http.scheme_mismatch", 0.6 if full else 0.35, f"{meaning}; if a TLS client read this, the URL or port is the plain-HTTP one", Evidence("bytes", shown, "input", fb.detail), src)], (0.4 if full else 0.2), meaning


def _name_h2_error(parsed: ParsedInput, hits: list[Hit]) -> None:
    """Say which HTTP/2 error code ended the stream: the stacks print the name, and the name is
    what separates a refused header (PROTOCOL_ERROR) from an overloaded server (REFUSED_STREAM)."""
    resets = [h for h in hits if h.code == "http.h2_stream_reset"]
    if not resets:
        return
    names = "|".join(r.name for r in H2_ERRORS.rows)
    m = rx(rf"\b(?:NGHTTP2_)?({names})\b|ErrCode=({names})|error_code:ErrorCodes\.({names})", 0).search(parsed.text)
    err = m and next(g for g in m.groups() if g)
    row = next((r for r in H2_ERRORS.rows if r.name == err), None)
    if row is None:
        return
    for h in resets:
        h.meaning = f"{h.meaning}; {row.name} (0x{row.value:x}): {row.meaning}"
        h.data = {**h.data, "h2_error": row.name, "h2_error_code": row.value}


def assess(parsed: ParsedInput) -> Assessment | None:
    hits = match_rows(parsed, MESSAGES.rows)
    _name_h2_error(parsed, hits)
    byte_hits, byte_score, byte_meaning = _byte_hits(parsed) if not hits else ([], 0.0, "")
    hits += byte_hits
    if not hits:
        return None
    cue, reasons = apply_cues(parsed, CUES)
    strong = max((h.confidence for h in hits if h not in byte_hits), default=0.0)
    if strong >= 0.9:
        score = 0.95
    elif strong >= 0.8:
        score = 0.9
    elif strong > 0:
        score = 0.6 + max(0.0, cue) / 2
    else:
        score = byte_score + cue
    findings = findings_from_hits(DOMAIN, hits, TITLES, FIXES, limit=3)
    return Assessment(
        DOMAIN, min(1.0, score), byte_meaning or findings[0].summary, (["an HTTP stack's message is in the text"] if strong else [f"bytes read as HTTP: {byte_meaning}"]) + reasons, findings,
        [Question("Which URL (scheme, host, port) and which proxy variables (HTTPS_PROXY, HTTP_PROXY) did the client use?", ("http", "tls"), "the scheme and port decide whether TLS is expected")],
    )
