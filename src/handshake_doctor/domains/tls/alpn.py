"""ALPN (RFC 7301): what the client offered, what the server selected, and why ``h2`` is missing.

Why a judge of its own: the application protocol is negotiated beside versions and ciphers, and
its failures look like other things to the user (an HTTP/2-only gRPC client reports "missing
selected ALPN property", curl silently falls back to HTTP/1.1, a refused offer is a bare alert
120). Pure: the facts of one handshake in, verdicts out. The TLS probe (live or replayed) and
``analyze`` (a capture) call the same :func:`judge`, so both say the same for the same wire facts;
each wraps the verdicts in findings with the fixes of the tls domain's table (fixes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: what curl (>= 7.47 with nghttp2) and browsers offer on https://, in their order
DEFAULT_HTTPS_OFFER: tuple[str, ...] = ("h2", "http/1.1")
#: protocols a client may fall back to when the server selects nothing: HTTP/1.x is what an
#: https:// connection speaks without ALPN (RFC 9113 §3.2 needs "h2" to be negotiated)
FALLBACK_WITHOUT_ALPN: tuple[str, ...] = ("http/1.1", "http/1.0")
MAX_NAME_BYTES = 255  # RFC 7301 §3.1: opaque ProtocolName<1..2^8-1>
MAX_OFFER = 16  # more names than any real client offers; keeps the extension small

#: ALPN protocol IDs the probe offers when it looks for what the server accepts (the server
#: selects its preferred one; the probe drops it and asks again). (id, what it is, source)
KNOWN_IDS: tuple[tuple[str, str, str], ...] = (
    ("h2", "HTTP/2 over TLS", "RFC 9113 §3.2; IANA TLS ALPN Protocol IDs"),
    ("http/1.1", "HTTP/1.1", "RFC 7301 §6; IANA TLS ALPN Protocol IDs"),
    ("http/1.0", "HTTP/1.0", "RFC 7301 §6; IANA TLS ALPN Protocol IDs"),
    ("grpc-exp", "gRPC's experimental identifier", "IANA TLS ALPN Protocol IDs (grpc-exp)"),
    ("acme-tls/1", "ACME TLS-ALPN-01 challenge", "RFC 8737 §6.2"),
)
SOURCES = {
    "alpn": "RFC 7301 §3.1-3.2 (ALPN; no_application_protocol alert 120)",
    "h2": "RFC 9113 §3.2 (h2 over TLS is negotiated with ALPN), §3.3 (prior knowledge is for cleartext only)",
    "grpc": "grpc-go >= 1.67 rejects TLS without a selected ALPN protocol: 'credentials: cannot check peer: missing selected ALPN property' (grpc/grpc-go #7535)",
    "nginx": "observed with nginx 1.22.1 (Debian 12): a client offering only h2 to a listener without http2 gets alert 120",
    "s_server": "observed with OpenSSL 3.0 s_server -alpn: no overlap gives alert 120",
}


def parse_offer(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The client's ALPN list from ``--alpn h2,http/1.1`` (or a list from the API). ``none`` (or
    an empty text) means: offer no ALPN. Raises ValueError with a one-line reason."""
    if isinstance(text, (list, tuple)):
        names = [str(n).strip() for n in text]
    else:
        t = str(text).strip()
        if t.lower() in ("", "none"):
            return ()
        names = [n.strip() for n in t.split(",")]
    if any(not n for n in names):
        raise ValueError(f"--alpn {text!r}: an empty protocol name (use e.g. --alpn h2,http/1.1, or --alpn none)")
    out: list[str] = []
    for n in names:
        if not all(33 <= ord(c) < 127 for c in n):
            raise ValueError(f"--alpn: protocol name {n!r} must be printable ASCII without spaces (e.g. h2, http/1.1)")
        if len(n.encode("ascii")) > MAX_NAME_BYTES:
            raise ValueError(f"--alpn: protocol name {n[:20]!r}... is longer than {MAX_NAME_BYTES} bytes")
        if n not in out:
            out.append(n)
    if len(out) > MAX_OFFER:
        raise ValueError(f"--alpn: at most {MAX_OFFER} protocol names")
    return tuple(out)


def can_fall_back(offered: tuple[str, ...] | list[str]) -> bool:
    """Whether the client still has a protocol to speak when the server selects none."""
    return any(p in FALLBACK_WITHOUT_ALPN for p in offered)


def describe(offered: tuple[str, ...] | list[str], selected: str | None, refused: bool = False) -> str:
    """One line for a step or an evidence: what was offered and what the server did with it."""
    off = ",".join(offered) or "(none)"
    if refused:
        return f"offered {off}; the server refused: alert 120 no_application_protocol"
    return f"offered {off}; selected {selected}" if selected else f"offered {off}; the server selected none (no ALPN in its reply)"


@dataclass(frozen=True)
class AlpnFacts:
    """What one handshake showed of ALPN."""

    offered: tuple[str, ...]
    #: the protocol the server selected; None when its reply carried no ALPN extension
    selected: str | None
    #: the server answered the ClientHello with no_application_protocol (120)
    refused: bool = False
    #: what the server accepts, when the probe looked (its preference order); None: not looked
    server_accepts: tuple[str, ...] | None = None
    #: where the facts were read: "probe" or "capture" (a capture cannot ask the server again)
    seen_by: str = "probe"


@dataclass(frozen=True)
class Verdict:
    """A finding without its fixes: the caller adds the tls table's fixes for ``code``."""

    code: str
    severity: str
    summary: str
    detail: str
    evidence: tuple[tuple[str, str, str], ...]  # (kind, value, where)
    sources: tuple[str, ...]
    data: dict[str, Any] = field(default_factory=dict)
    role: str = ""
    #: the side whose fixes come first ("client" or "server"; "" keeps the table's order)
    fix_first: str = ""


def _names(names: tuple[str, ...] | list[str] | None) -> str:
    return ", ".join(names) if names else "none"


def ordered_fixes(fixes: list[Any], first: str) -> list[Any]:
    """The table's fixes with ``first``'s side first (stable): the side that can fix this case."""
    return sorted(fixes, key=lambda x: 0 if not first or x.side == first else 1)


def judge(f: AlpnFacts) -> list[Verdict]:
    """The ALPN verdicts of one handshake; [] when ALPN is healthy (or was not offered)."""
    data: dict[str, Any] = {"alpn_offered": list(f.offered), "alpn": f.selected}
    if f.server_accepts is not None:
        data["server_accepts"] = list(f.server_accepts)
    ev_offer = ("alpn", describe(f.offered, f.selected, f.refused), "ALPN")
    accepts = (f"; the server accepts {_names(f.server_accepts)}" if f.server_accepts is not None else "")
    if f.refused:
        return [_no_overlap(f, data, ev_offer)]
    if f.selected is not None and f.selected not in f.offered:
        what = f"offered {_names(f.offered)}" if f.offered else "offered no ALPN at all"
        return [Verdict(
            "tls.alpn_unoffered_selected", "error",
            f"The server selected the application protocol '{f.selected}', which the client did not offer (it {what})",
            "RFC 7301 §3.2 lets a server select only one of the protocols the client offered. OpenSSL, Go and rustls clients abort "
            "such a handshake (OpenSSL: 'bad extension', alert 47 illegal_parameter); the server, or a middlebox in front of it, is "
            "buggy or rewrites the handshake.",
            (ev_offer,), (SOURCES["alpn"],), data)]
    if f.selected is not None or not f.offered:
        return []
    if can_fall_back(f.offered):
        return [Verdict(
            "tls.alpn_not_selected", "info",
            f"The server selected no application protocol (no ALPN in its reply); the client falls back to HTTP/1.1{accepts}",
            "The client offered " + _names(f.offered) + ". Without ALPN an https:// connection speaks HTTP/1.1, so this client works; "
            "HTTP/2 is not used (h2 over TLS needs ALPN). A client that insists on h2 (gRPC, an HTTP/2-only client) fails here.",
            (ev_offer,), (SOURCES["alpn"], SOURCES["h2"]), data)]
    h2 = "h2" in f.offered
    ignores = f.server_accepts is not None and not f.server_accepts
    why = ("the server implements no ALPN on this port: offered every known protocol ID, it selected none"
           if ignores else f"the server accepts {_names(f.server_accepts)} but answers this offer with no selection instead of alert 120"
           if f.server_accepts else "the server sent no ALPN extension")
    return [Verdict(
        "tls.alpn_required_not_selected", "error",
        f"The client requires {_names(f.offered)} but the server selected no application protocol ({why})",
        ("HTTP/2 over TLS exists only when 'h2' is negotiated with ALPN (RFC 9113 §3.2; prior knowledge is for cleartext only), so an "
         "HTTP/2-only client cannot proceed: gRPC clients fail with 'missing selected ALPN property' (grpc-go >= 1.67) or "
         "'Cannot check peer' errors, and h2-only clients drop the connection. Enable HTTP/2 on the server, or let the client fall back to http/1.1 "
         "(not possible for gRPC)." if h2 else
         "The client offered no protocol it can speak without ALPN, and the server selected none of them."),
        (ev_offer,), (SOURCES["alpn"], SOURCES["h2"]) + ((SOURCES["grpc"],) if h2 else ()), data)]


def _no_overlap(f: AlpnFacts, data: dict[str, Any], ev_offer: tuple[str, str, str]) -> Verdict:
    data = {**data, "alert": "no_application_protocol", "alert_code": 120}
    srv = f.server_accepts
    side = ""
    if srv is None:
        accepts = "not known from a capture" if f.seen_by == "capture" else "not known"
    else:
        accepts = _names(srv) if srv else "no protocol this probe knows"
    evidence = [ev_offer, ("alert", "fatal no_application_protocol (120), sent by the server instead of a ServerHello", "TLS handshake")]
    if srv is not None:
        evidence.append(("alpn", "the server accepts: " + (_names(srv) if srv else "none of " + ", ".join(k for k, _w, _s in KNOWN_IDS)), "ALPN variants"))
    if "h2" in f.offered and not can_fall_back(f.offered) and srv and "http/1.1" in srv:
        why = ("The server does not speak HTTP/2 on this port (nginx without http2, Apache without mod_http2's 'Protocols h2', HAProxy "
               "without 'alpn h2'), and this client insists on h2 (gRPC, an HTTP/2-only client): nginx (observed with 1.22.1) refuses such an "
               "offer with alert 120 rather than ignoring it. Enable HTTP/2 on the server, or let the client also offer http/1.1.")
    elif srv and "h2" in srv and not can_fall_back(srv) and "h2" not in f.offered:
        side = "client"
        why = ("The server is HTTP/2-only (a gRPC server, Envoy or s_server with alpn h2 alone) and the client offers no h2 (an HTTP/1.1-only "
               "client or library). Offer h2 from the client, or let the server also accept http/1.1.")
    else:
        why = "The server speaks none of the protocols the client offered. Make the lists overlap, on either side."
    return Verdict(
        "tls.no_common_alpn", "error",
        f"No application protocol in common: the client offered {_names(f.offered)}, the server accepts {accepts}, and it refused with alert 120 no_application_protocol",
        why + " RFC 7301 §3.2: a server that supports none of the client's protocols answers with the fatal no_application_protocol alert; "
        "OpenSSL clients print 'tlsv1 alert no application protocol' (SSL alert number 120).",
        tuple(evidence), (SOURCES["alpn"], SOURCES["h2"], SOURCES["nginx"], SOURCES["s_server"]), data, fix_first=side)


def judge_h2(kind: str, detail: str, goaway_error: str = "") -> list[Verdict]:
    """After ALPN selected h2: the server's answer to the client connection preface (kind and
    detail from h2_preface.read_reply). [] when the server's first frame is SETTINGS."""
    if kind == "settings":
        return []
    data = {"alpn": "h2", "h2_reply": kind, **({"goaway_error": goaway_error} if goaway_error else {})}
    ev = (("alpn", "selected h2", "ALPN"), ("bytes", detail, "the reply to the HTTP/2 connection preface"))
    what = {
        "goaway": f"answered the HTTP/2 connection preface with {detail}",
        "http1": f"answered the HTTP/2 connection preface with HTTP/1.x ({detail})",
        "empty": "sent nothing after the HTTP/2 connection preface (no SETTINGS frame)",
        "other": f"did not start its reply with a SETTINGS frame ({detail})",
    }.get(kind, detail)
    return [Verdict(
        "tls.h2_not_spoken", "error" if kind != "goaway" or goaway_error != "NO_ERROR" else "warning",
        f"The server selected h2 with ALPN but {what}",
        "A server that selects h2 must send a SETTINGS frame as its first frame (RFC 9113 §3.4). Typical cause: a TLS terminator or load "
        "balancer that advertises h2 in front of a backend that speaks only HTTP/1.1, or an ALPN list copied without enabling HTTP/2 "
        "itself. HTTP/2 clients fail after a handshake that looks healthy; HTTP/1.1 clients work. Stop advertising h2 where HTTP/2 is not served.",
        ev, ("RFC 9113 §3.4 (connection preface), §7 (error codes)", SOURCES["h2"]), data)]
