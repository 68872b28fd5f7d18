"""How the `http` domain reads an input: http:// vs https:// on the wrong port, proxy URLs (pure).

Why apart from tls: the fix is often only the URL (scheme, port, proxy variable), and an HTTP
status line in the bytes is HTTP's own evidence.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...model import Assessment, Evidence, Question
from ...textparse import ParsedInput
from ..tls import codec
from ..tls.matching import Hit, findings_from_hits, match_rows, titles_of
from .codes import CODES
from ...knowledge.table import rx
from .knowledge import H2_ERRORS, MESSAGES, STATUS_MESSAGES
from ..tls.gate import may_concern as _may_concern

DOMAIN = "http"
TITLES = titles_of(CODES)
CUES = (
    Cue(r"\b(https?|url|curl|wget|requests|fetch|axios|browser|proxy|nginx|apache|http/1\.[01])\b", 0.3, "HTTP words in the text"),
    Cue(r"\b(apdu|smart ?card|avrdude|stk500|bootloader|baud|m-bus|esptool|stm32)\b", -0.3, "words of another field"),
)


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
    if any(ch.isdigit() for ch in parsed.text):
        hits += match_rows(parsed, STATUS_MESSAGES)  # a status read in any notation (knowledge.STATUSES)
    if not parsed.is_bare_value and _may_concern(parsed.lower):
        from ..tls import inventory  # the stacks' inventory holds their HTTP-layer messages too

        hits += inventory.hits(parsed.text, "http.", parsed.lower)
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
    findings = findings_from_hits(DOMAIN, hits, TITLES, _fixes_for_text(parsed.text), limit=3)
    return Assessment(
        DOMAIN, min(1.0, score), byte_meaning or findings[0].summary, (["an HTTP stack's message is in the text"] if strong else [f"bytes read as HTTP: {byte_meaning}"]) + reasons, findings,
        [Question("Which URL (scheme, host, port) and which proxy variables (HTTPS_PROXY, HTTP_PROXY) did the client use?", ("http", "tls"), "the scheme and port decide whether TLS is expected")],
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
