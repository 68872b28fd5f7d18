"""``hsdoctor probe https:// | tls:// | tcp://``: what answers on the port, and why TLS fails.

The checklist runs from the network up: name → TCP → first bytes (a raw ClientHello, classified
by the pure codec) → a real handshake (pyOpenSSL) → versions, cipher fallback, SNI and client
certificate variants → the chain as sent → one HTTP request for https://. Steps that do not
depend on each other run at the same time (threads), and every step takes its budget from one
deadline, so the whole probe ends within ``--timeout`` whatever the peer does.

Findings are ordered with the root cause first: a lower layer's failure explains the upper ones,
so it comes first; healthy runs give ``tls.ok`` (severity "ok") first.
"""

from __future__ import annotations

import argparse
import socket
import time
from dataclasses import dataclass
from typing import Any, Callable

from ...checklist import Run
from ...errors import UsageError
from ...model import Diagnosis, DomainScore, Evidence, Finding, Picture
from ...options import ProbeOptions
from ...transcript import RX, TX
from ...transports.parallel import Pool
from ...transports.tls_client import ClientOptions, HandshakeResult
from .chain_check import VERIFY_ERROR_NAMES, ChainReport, check_chain
from ...fixtemplate import fixes_for_code
from . import alpn as alpn_judge
from .h2_preface import client_preface, enough as h2_enough, read_reply as read_h2_reply
from .probe_io import LiveIO, ReplayIO
from .probe_steps import FirstBytes, headers_done, http_request, parse_http_answer
from .probe_target import Target, check_readable, parse_target

VERSIONS = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
MODERN = ("TLSv1.2", "TLSv1.3")
LEGACY_CIPHERS = "ALL:COMPLEMENTOFALL:@SECLEVEL=0"
ALERT_UNRECOGNIZED_NAME, ALERT_CERT_REQUIRED, ALERT_HANDSHAKE_FAILURE, ALERT_PROTOCOL_VERSION = 112, 116, 40, 70
ALERT_NO_APPLICATION_PROTOCOL = 120  # RFC 7301 §3.2
ALPN_WALK_ROUNDS = 6  # handshakes at most to learn what the server accepts (one protocol each)
MAIN_HANDSHAKE = "TLS handshake (default client)"
TRANSCRIPT_BYTES = 512  # of the peer's first bytes kept in the transcript
NON_TLS_KINDS = {"ssh", "smtp", "ftp", "pop3", "imap", "postgres", "mysql", "redis", "text", "binary"}
SOURCES = {
    "tls": "RFC 8446 (TLS 1.3), RFC 5246 (TLS 1.2)",
    "alert": "RFC 8446 §6.2 / IANA TLS AlertDescription registry",
    "x509": "RFC 5280 §4.1.2.5 (validity), §4.2.2.1 (AIA caIssuers); RFC 6125 §6.4 (host names)",
    "sni": "RFC 6066 §3 (server_name); nginx ssl_reject_handshake (nginx >= 1.19.4)",
}


@dataclass(frozen=True)
class TlsProbeOptions(ProbeOptions):
    sni: str | None = None
    ip: str | None = None
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    replay: str | None = None  # a transcript written by --record: judge it again, offline
    #: the ALPN list the user's client offers (--alpn h2,http/1.1); None: h2,http/1.1 on https://,
    #: nothing on tls:// and tcp://; () offers no ALPN (--alpn none)
    alpn: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.alpn is not None and not (isinstance(self.alpn, tuple) and all(isinstance(n, str) for n in self.alpn)):
            try:  # the API passes a text or a list; argparse already gives a tuple
                object.__setattr__(self, "alpn", alpn_judge.parse_offer(self.alpn))
            except ValueError as exc:
                raise UsageError(str(exc)) from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sni", default=None, metavar="NAME", help="server name to send (default: the URL's host name)")
    p.add_argument("--ip", default=None, metavar="ADDR", help="connect to this address; send SNI and verify for the URL's name")
    p.add_argument("--ca-file", default=None, metavar="PEM", help="also trust these CA certificates")
    p.add_argument("--client-cert", default=None, metavar="PEM", help="client certificate (chain; may include the key)")
    p.add_argument("--client-key", default=None, metavar="PEM", help="client private key, if not in --client-cert")
    p.add_argument("--replay", default=None, metavar="FILE", help="judge a transcript written by --record again, offline (no socket is opened)")
    p.add_argument("--alpn", default=None, type=_alpn_arg, metavar="LIST",
                   help="the ALPN protocols your client offers, in its order: h2 (insists on HTTP/2, as gRPC does), http/1.1, "
                        "h2,http/1.1 (default on https://, like curl and browsers), none")


def _alpn_arg(text: str) -> tuple[str, ...]:
    try:
        return alpn_judge.parse_offer(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Run(Run):
    """The TLS checklist's run: the core Run plus the target and the client's files.

    ``found()`` builds a finding with the domain's fixes for its code, filled with this target's
    host, port and names."""

    def __init__(self, target: Target, timeout: float, ca_file: str | None, client_cert: str | None,
                 client_key: str | None, replay: str | None = None, alpn: tuple[str, ...] = ()) -> None:
        super().__init__(target.url, timeout)
        self.io: LiveIO | ReplayIO = ReplayIO.from_file(replay) if replay else LiveIO(self.transcript)
        self.tls_target = target
        self.ca_file, self.client_cert, self.client_key = ca_file, client_cert, client_key
        self.family: int = socket.AF_INET
        self.address = ""
        self.chain_report: ChainReport | None = None
        self.leaf_not_after = ""  # the server certificate's notAfter, whenever one was sent (hsdoctor scan reads it)
        self.alpn_offer = alpn  # what the user's client offers (RFC 7301)
        self.alpn_facts: alpn_judge.AlpnFacts | None = None

    def found(self, code: str, summary: str, detail: str = "", severity: str = "error", confidence: float = 0.9,
              evidence: list[Evidence] | None = None, sources: list[str] | None = None, data: dict[str, Any] | None = None,
              **fill: str) -> Finding:
        t = self.tls_target
        values = {"host": t.connect_to or t.host, "port": str(t.port), "sni": t.sni or t.verify_name, "url": t.url, **fill}
        return self.add(Finding(code=code, domain=code.split(".", 1)[0], summary=summary, detail=detail, severity=severity,  # type: ignore[arg-type]
                                confidence=confidence, evidence=evidence or [], fixes=fixes_for_code(code, values),
                                sources=sources or [], data=data or {}))


def probe(target: str, args: Any) -> Diagnosis:
    opts = TlsProbeOptions.from_namespace(args)
    t = parse_target(target, opts.sni, opts.ip)
    ca = check_readable(opts.ca_file, "CA file")
    cc = check_readable(opts.client_cert, "client certificate")
    ck = check_readable(opts.client_key, "client key")
    offer = opts.alpn if opts.alpn is not None else (alpn_judge.DEFAULT_HTTPS_OFFER if t.scheme == "https" else ())
    run = _Run(t, opts.timeout, ca, cc, ck, opts.replay, offer)
    domains = _checklist(run)
    diag = run.finish(domains, input=target, target=t.url)
    if run.leaf_not_after and diag.findings:  # docs/JSON.md: present even when verification fails
        diag.findings[0].data.setdefault("cert_not_after", run.leaf_not_after)
    if run.alpn_facts is not None and diag.findings:  # docs/JSON.md: what was offered and selected
        diag.findings[0].data.setdefault("alpn_offered", list(run.alpn_facts.offered))
        diag.findings[0].data.setdefault("alpn", run.alpn_facts.selected)
    diag.pictures.extend(_pictures(run))
    return diag


# --------------------------------------------------------------------------- the checklist


def _checklist(run: _Run) -> list[DomainScore]:
    t = run.tls_target
    if not _reach(run):
        return [DomainScore("net", 1.0, "the TCP endpoint cannot be reached", [run.findings[0].summary])]
    with Pool("hsdoctor-tls") as pool:
        raw_f = pool.submit(run.io.first_bytes, run.family, run.address, t.port, t.sni, run.deadline.child(_wait_budget(run)), run.alpn_offer)
        main_f = pool.submit(run.io.handshake, run.family, run.address, t.port, _main_options(run), run.deadline.child(_wait_budget(run)))
        raw, main = raw_f.result(), main_f.result()
        _record_first_bytes(run, raw)
        _record_handshake(run, MAIN_HANDSHAKE, main)
        verdict = _non_tls_verdict(run, raw, main)
        if verdict is not None:
            return verdict
        return _tls_checks(run, pool, raw, main)


def _wait_budget(run: _Run) -> float:
    """How long a step may wait for a quiet peer: nearly all of the budget, minus time to report."""
    return max(0.05, run.deadline.remaining() - min(0.2, run.deadline.seconds * 0.1))


def _reach(run: _Run) -> bool:
    t = run.tls_target
    if t.connect_to or t.host_is_ip:
        addr = t.connect_to or t.host
        run.family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        run.address = addr
        run.record_step("resolve name", "skipped", f"an address was given: {addr}", None)
    else:
        r = run.io.resolve(t.host, t.port, run.deadline.child(max(0.1, run.deadline.seconds * 0.6)))
        if not r.addresses:
            why = "timed out" if r.timed_out else r.error
            run.record_step("resolve name", "failed", why, r.elapsed_ms)
            run.found("net.dns_unresolved", f"The host name '{t.host}' does not resolve ({why})",
                    "No address was found for the name, so no connection was attempted.",
                    evidence=[Evidence("message", why, "resolve")], sources=["RFC 1035; getaddrinfo(3)"])
            return False
        run.family, run.address = r.addresses[0]
        run.record_step("resolve name", "ran", ", ".join(a for _f, a in r.addresses[:4]), r.elapsed_ms)
    c = run.io.connect(run.family, run.address, t.port, run.deadline.child(max(0.1, run.deadline.remaining() * 0.8)))
    if c.outcome == "connected":
        run.record_step("TCP connect", "ran", f"connected to {run.address}:{t.port}", c.elapsed_ms)
        return True
    run.record_step("TCP connect", "failed", c.outcome + (f": {c.error}" if c.error else ""), c.elapsed_ms)
    ev = [Evidence("message", c.error or c.outcome, "TCP connect"), Evidence("timing", f"{c.elapsed_ms:.0f} ms", "TCP connect")]
    where = f"{run.address}:{t.port}"
    if c.outcome == "refused":
        run.found("net.tcp_refused", f"Connection refused by {where}: nothing listens on that port",
                "The host answered the SYN with a reset: it is up, but no program accepts connections on this port.", evidence=ev,
                sources=["RFC 9293 §3.10.7.1"])
    elif c.outcome == "timeout":
        run.found("net.tcp_timeout", f"TCP connect to {where} timed out",
                "No answer to the SYN within the time allowed: a firewall drops it, the host is down, or its accept queue is full.",
                evidence=ev, sources=["RFC 9293 §3.8.1"])
    elif c.outcome == "reset":
        run.found("net.tcp_reset", f"The connection to {where} was reset", evidence=ev, sources=["RFC 9293 §3.5.2"])
    else:
        run.found("net.tcp_timeout", f"TCP connect to {where} failed: {c.error}", "The address is unreachable from here.",
                evidence=ev, confidence=0.6)
    return False


def _main_options(run: _Run, **over: Any) -> ClientOptions:
    t = run.tls_target
    https = t.scheme == "https"
    opt = ClientOptions(
        sni=t.sni, ca_file=run.ca_file, client_cert=run.client_cert, client_key=run.client_key,
        send_after=http_request(t.sni or t.host, t.port, t.path) if https else b"",
        read_after_s=_wait_budget(run) if https else 0.25, read_after_until=headers_done if https else None,
        read_only_if_cert_request=not https, alpn=run.alpn_offer,
        # h2 selected: only the HTTP/2 connection preface and an empty SETTINGS frame (no request)
        send_after_h2=client_preface() if https else b"", read_after_until_h2=h2_enough,
    )
    for k, v in over.items():
        setattr(opt, k, v)
    return opt


def _record_first_bytes(run: _Run, raw: FirstBytes) -> None:
    if raw.error.startswith("codec unavailable"):
        run.record_step("first bytes (raw ClientHello)", "skipped", raw.error, None)
        return
    shown = raw.data[:24].hex(" ").upper()
    what = raw.kind or "?"
    run.record_step("first bytes (raw ClientHello)", "ran", f"{what}: {len(raw.data)} bytes [{shown}] ended by {raw.end}", raw.elapsed_ms)
    tr = run.transcript
    tr.add(TX, label="ClientHello (raw, TLS 1.0-1.3" + (f", SNI {run.tls_target.sni})" if run.tls_target.sni else ")"),
           kind="tls_record", step="first bytes")
    if raw.data:
        tr.add(RX, raw.data[:TRANSCRIPT_BYTES], t=(raw.first_byte_ms or raw.elapsed_ms) / 1000.0, label=_reply_label(raw),
               kind="tls_record" if raw.kind.startswith("tls") else "raw", step="first bytes", bad=raw.kind != "tls_handshake")
    if raw.end in ("eof", "reset", "timeout", "connect", "error"):
        tr.add(RX, kind="event", label=raw.end, t=raw.elapsed_ms / 1000.0, step="first bytes", bad=True)


def _record_handshake(run: _Run, name: str, h: HandshakeResult) -> None:
    if h.ok:
        run.record_step(name, "ran", f"{h.version} {h.cipher}", h.elapsed_ms)
    else:
        run.record_step(name, "failed", _failure_text(h), h.elapsed_ms)
    tr = run.transcript
    last = ""
    for state in h.states:  # OpenSSL's state machine: "SSLv3/TLS write client hello", "... read server hello"
        words = state.split()
        if ("write" in words or "read" in words) and state != last:  # a state re-entered while waiting is one message
            i = words.index("write") if "write" in words else words.index("read")
            tr.add(TX if words[i] == "write" else RX, label=" ".join(words[i + 1:]), kind="event", step=name)
        last = state
    for direction, alerts in ((TX, h.alerts_sent), (RX, h.alerts_received)):
        for a in alerts:  # close_notify (0) is how a healthy connection ends
            tr.add(direction, bytes([2 if a else 1, a]), label=f"alert {a} {_alert_name(a)}", kind="tls_record", step=name, bad=a != 0)
    end = f"handshake done: {h.version} {h.cipher}" if h.ok else f"handshake failed: {_failure_text(h)}"
    tr.add(RX, kind="event", label=end, t=h.elapsed_ms / 1000.0, step=name, bad=not h.ok, note=True)


def _reply_label(raw: FirstBytes) -> str:
    if raw.kind.startswith("tls"):
        return (raw.detail or raw.kind)[:80]
    text = raw.data[:40].decode("latin-1").split("\r\n", 1)[0].split("\n", 1)[0]
    printable = "".join(c if 32 <= ord(c) < 127 else "." for c in text)
    return f"not TLS: {raw.service or raw.kind or 'bytes'} {printable!r}"[:80]


def _pictures(run: _Run) -> list[Picture]:
    """The exchange as a ladder, and the chain as sent beside what the client needed."""
    out: list[Picture] = []
    rows = []
    for e in run.transcript.exchanges:
        if e.meta.get("step") not in ("first bytes", MAIN_HANDSHAKE):
            continue  # the variants' handshakes are in the checklist; the ladder shows the main one
        note = bool(e.meta.get("note"))
        rows.append({"dir": "note" if note else e.direction, "label": e.label, "t": e.t or None,
                     "hex": e.data[:16].hex(" ") if e.kind != "event" else "", "bad": bool(e.meta.get("bad"))})
    if rows:
        out.append(Picture("ladder", "The exchange (the raw first bytes, then the default client's handshake)",
                           {"left": "hsdoctor (client)", "right": run.tls_target.url, "rows": rows}))
    report = run.chain_report
    if report is not None and report.certs:
        codes = {p.code: p for p in report.problems}
        needed = ""
        if "tls.chain_incomplete" in codes:
            needed = f"the intermediate '{codes['tls.chain_incomplete'].facts.get('missing_issuer', '?')}' (the server must send it)"
        elif "tls.untrusted_root" in codes:
            needed = f"a trusted root for '{report.certs[-1].issuer}' (not in the client's trust store)"
        elif "tls.self_signed" in codes:
            needed = f"'{report.certs[0].subject}' itself as a trust anchor, or a certificate from a trusted CA"
        sent = [{"subject": c.subject, "issuer": c.issuer, "not_after": c.not_after, "self_issued": c.self_issued,
                 "is_ca": c.is_ca, "ca_issuers": list(c.ca_issuers)} for c in report.certs]
        out.append(Picture("chain", "The certificate chain as sent, and what the client needed", {"sent": sent, "needed": needed}))
    return out


def _failure_text(h: HandshakeResult) -> str:
    parts = [h.error or "failed"]
    if h.alerts_received:
        parts.append("alert received: " + ", ".join(f"{a} {_alert_name(a)}" for a in h.alerts_received))
    if h.timed_out:
        parts.append("timed out")
    return "; ".join(parts)


def _alert_name(value: int) -> str:
    try:
        from .wire import alert_name

        return alert_name(value)
    except Exception:  # noqa: BLE001 - names are a nicety
        return f"alert {value}"


def _bytes_ev(raw: FirstBytes, note: str) -> Evidence:
    return Evidence("bytes", raw.data[:48].hex(" ").upper() + (" ..." if len(raw.data) > 48 else ""), "first bytes", note)


def _non_tls_verdict(run: _Run, raw: FirstBytes, main: HandshakeResult) -> list[DomainScore] | None:
    """Conclude when what answers is not TLS at all (or never answers). None: TLS is there."""
    t = run.tls_target
    tcp = t.scheme == "tcp"
    sev = "info" if tcp else "error"
    if main.ok:
        return None
    text = raw.data[:80].decode("latin-1").split("\r\n")[0].split("\n")[0]
    if raw.kind in ("http", "html"):
        run.found("tls.plaintext_http", "You are talking to a plain-HTTP server, not TLS" + (f": '{text}'" if raw.kind == "http" else ""),
                "The server answered the ClientHello with HTTP. Clients print 'wrong version number' (OpenSSL), "
                "'first record does not look like a TLS handshake' or 'server gave HTTP response to HTTPS client' (Go), "
                "'Unsupported or unrecognized SSL message' (Java), SSL_ERROR_RX_RECORD_TOO_LONG (Firefox).",
                sev, 0.97, [_bytes_ev(raw, "reply to a TLS ClientHello")], [SOURCES["tls"] + " §5.1", "observed with OpenSSL 3.0 s_client and curl 7.88"])
        if t.scheme == "https":
            run.found("http.scheme_mismatch", f"https:// was used for an HTTP port ({t.port})", "Use http:// for this port, or the port that serves TLS.",
                    "error", 0.9, [_bytes_ev(raw, "HTTP answer")])
        run.record_step("TLS checks", "skipped", "no TLS on this port", None)
        return [DomainScore("http", 0.97, "plain HTTP server", [f"answered a ClientHello with {text!r}"]), DomainScore("tls", 0.02, "not TLS")]
    if raw.kind in NON_TLS_KINDS and raw.data and not (raw.data[0] in (0x15, 0x16) and raw.data[1:2] == b"\x03"):
        service = raw.service or raw.kind
        banner = raw.kind in ("ssh", "smtp", "ftp", "pop3", "imap")
        run.found("tls.non_tls_service", f"You are talking to {service.upper() if banner else 'something that sends ' + raw.kind + ' data'}, not TLS" + (f": '{text}'" if text.isprintable() and text else ""),
                ("The service talks first (a banner) and does not speak TLS on this port. "
                 + ("SMTP/IMAP/POP3/FTP use STARTTLS on their plain port, or implicit TLS on another (465, 993, 995, 990)." if raw.kind in ("smtp", "imap", "pop3", "ftp") else ""))
                if banner else f"The reply is not a TLS record ({raw.detail or raw.kind}).",
                sev, 0.95 if banner else 0.7, [_bytes_ev(raw, raw.detail or raw.kind)], ["facts: first-bytes fingerprints (RFC 4253 §4.2 SSH, RFC 5321 §4.2 SMTP)"])
        run.record_step("TLS checks", "skipped", f"{service} answers, not TLS", None)
        return [DomainScore(service if banner else "unknown", 0.95 if banner else 0.5, f"{service} service"), DomainScore("tls", 0.02, "not TLS")]
    if raw.record_problem or _malformed(main):
        why = raw.record_problem or main.error
        run.found("tls.malformed_reply", f"The server's reply breaks the TLS rules: {why}",
                "The reply starts like TLS but its framing or sizes are invalid (e.g. a record longer than 2^14+2048 bytes, "
                "a message over the client's limit). A broken TLS terminator, a proxy, or a hostile peer.",
                "error", 0.8, [_bytes_ev(raw, "first bytes"), Evidence("openssl_error", main.error or "-", "handshake")], [SOURCES["tls"] + " §5.1"])
        return [DomainScore("tls", 0.6, "something TLS-like, broken")]
    if main.timed_out and raw.data:
        run.found("tls.handshake_timeout", f"The handshake did not complete within the time allowed ({run.deadline.seconds:g} s)",
                f"The server started answering ({len(raw.data)} bytes) but too slowly or incompletely to finish the handshake.",
                "error", 0.85, [_bytes_ev(raw, "all that arrived"), Evidence("timing", f"first byte after {raw.first_byte_ms or 0:.0f} ms", "first bytes")])
        return [DomainScore("tls", 0.6, "a TLS server that does not finish the handshake")]
    if not raw.data and raw.kind in ("empty", "") and not main.alerts_received and not main.chain_der:
        if raw.end == "reset" or main.reset:
            run.found("tls.reset_after_hello", "The server reset the connection right after the ClientHello",
                    "TCP works, but the ClientHello is answered with RST: a TLS terminator refusing this client (SNI or IP filtering, "
                    "an IPS), or a service that aborts on unexpected input. Clients print 'Connection reset by peer' / ECONNRESET / errno=104.",
                    sev, 0.9, [Evidence("message", "RST after ClientHello", "first bytes")], ["observed with OpenSSL 3.0 s_client, Python 3.11, Go 1.19"])
            return [DomainScore("tls", 0.4, "unknown: resets on a ClientHello")]
        if raw.end in ("timeout", "eof") or main.timed_out or main.eof:
            closed = raw.end == "eof" or (main.eof and not main.timed_out)
            run.found("tls.silent", "The server accepted TCP but " + ("closed the connection without answering the ClientHello" if closed else "never answered the ClientHello"),
                    "Something listens but does not speak TLS to this ClientHello: a service that waits for the client to speak another protocol, "
                    "a wrong port, or a proxy. Clients print 'unexpected eof while reading' (OpenSSL) or time out.",
                    sev, 0.85, [Evidence("timing", f"no byte in {raw.elapsed_ms:.0f} ms", "first bytes", raw.end)], ["observed with OpenSSL 3.0 s_client"])
            return [DomainScore("tls", 0.3, "unknown: silent")]
    return None


def _malformed(h: HandshakeResult) -> bool:
    e = h.error.lower()
    return any(k in e for k in ("excessive message size", "packet length too long", "record layer failure", "length mismatch",
                                "bad packet length", "record_overflow", "wrong version number", "decode error", "bad message"))


def _tls_checks(run: _Run, pool: Pool, raw: FirstBytes, main: HandshakeResult) -> list[DomainScore]:
    t = run.tls_target
    jobs: dict[str, Any] = {}
    scan = run.deadline.child(min(_wait_budget(run), 2.0))
    for v in VERSIONS:
        jobs[v] = pool.submit(run.io.handshake, run.family, run.address, t.port,
                              ClientOptions(sni=t.sni, min_version=v, max_version=v, cipher_list=LEGACY_CIPHERS, use_default_trust=False,
                                            client_cert=run.client_cert, client_key=run.client_key), scan)
    if not main.ok:
        jobs["legacy"] = pool.submit(run.io.handshake, run.family, run.address, t.port,
                                     ClientOptions(sni=t.sni, min_version="TLSv1", cipher_list=LEGACY_CIPHERS, use_default_trust=False,
                                                   client_cert=run.client_cert, client_key=run.client_key), scan)
    if t.sni:
        jobs["nosni"] = pool.submit(run.io.handshake, run.family, run.address, t.port, ClientOptions(sni=None, use_default_trust=False), scan)
    if main.ok and main.alpn == "h2" and t.scheme == "https":  # the HTTP/1.1 checks need an HTTP/1.1 connection
        jobs["http1"] = pool.submit(run.io.handshake, run.family, run.address, t.port,
                                    _main_options(run, alpn=("http/1.1",), send_after_h2=b""), run.deadline.child(_wait_budget(run)))
    res: dict[str, HandshakeResult] = {k: f.result() for k, f in jobs.items()}
    run.leaf_not_after = _leaf_not_after([main, *res.values()])
    accepted = [v for v in VERSIONS if res[v].ok or res[v].chain_der and res[v].cert_request_seen]
    untestable = [v for v in VERSIONS if res[v].error.startswith("local:") or "no protocols available" in res[v].error]
    run.record_step("TLS versions", "ran", "accepted: " + (", ".join(accepted) or "none")
             + (f"; cannot test here: {', '.join(untestable)}" if untestable else ""), max(r.elapsed_ms for r in (res[v] for v in VERSIONS)))
    if "legacy" in res:
        _record_handshake(run, "TLS handshake (all ciphers, SECLEVEL=0, TLS 1.0+)", res["legacy"])
    if "nosni" in res:
        _record_handshake(run, "TLS handshake without SNI", res["nosni"])
    ev_versions = Evidence("message", "accepted: " + (", ".join(accepted) or "none"), "TLS versions")
    score = [DomainScore("tls", 1.0, f"TLS server ({main.version or (accepted[-1] if accepted else '?')})", [f"first bytes: {raw.kind or '?'}"])]
    if not main.ok:
        if not _alpn_failure(run, raw, main):
            _handshake_failure(run, raw, main, res, accepted, ev_versions)
        if main.chain_der:
            _chain(run, main)
        return score
    _chain(run, main)
    _alpn_after_handshake(run, main)
    _after_handshake(run, main, res.get("http1"))
    nosni = res.get("nosni")
    if nosni is not None and not nosni.ok and not nosni.chain_der:
        run.found("tls.sni_required", f"The server needs SNI: without a server name the handshake fails ({_failure_text(nosni)})",
                f"With SNI '{t.sni}' it works; clients that connect by IP address or do not send SNI (old Java/Python 2, some IoT stacks) fail.",
                "info", 0.9, [Evidence("message", _failure_text(nosni), "TLS handshake without SNI")], [SOURCES["sni"]])
    if not any(f.severity in ("error", "warning") for f in run.findings):
        legacy = [v for v in accepted if v not in MODERN]
        alpn_ev = [Evidence("alpn", alpn_judge.describe(run.alpn_offer, main.alpn or None), "ALPN")] if run.alpn_offer else []
        f = run.found("tls.ok", f"TLS works: {main.version}, {main.cipher}" + (f", ALPN {main.alpn}" if main.alpn else "")
                    + f"; the certificate verifies for '{t.verify_name}'",
                    "The handshake succeeded and the chain as sent verifies against the trust store." + (f" The server also accepts legacy {', '.join(legacy)}." if legacy else ""),
                    "ok", 0.95, [ev_versions, Evidence("message", f"{main.version} {main.cipher}", "TLS handshake")] + alpn_ev)
        f.data["accepted_versions"] = accepted
    return score


def _leaf_not_after(results: list[HandshakeResult]) -> str:
    """The notAfter of the first leaf any handshake saw (ISO 8601), or ''."""
    for h in results:
        if h.chain_der:
            try:
                from cryptography import x509

                return x509.load_der_x509_certificate(h.chain_der[0]).not_valid_after_utc.isoformat()
            except Exception:  # noqa: BLE001 - a certificate we cannot read has no date to report
                return ""
    return ""


def _handshake_failure(run: _Run, raw: FirstBytes, main: HandshakeResult, res: dict[str, HandshakeResult], accepted: list[str], ev_versions: Evidence) -> None:
    t = run.tls_target
    alerts = main.alerts_received
    ev = [Evidence("openssl_error", _failure_text(main), "TLS handshake")]
    if raw.alert is not None:
        ev.append(_bytes_ev(raw, f"alert {getattr(raw.alert, 'description', '?')} {getattr(raw.alert, 'name', '')}"))
    if ALERT_UNRECOGNIZED_NAME in alerts or (not t.sni and raw.alert is not None and getattr(raw.alert, "description", None) == ALERT_UNRECOGNIZED_NAME):
        run.found("tls.sni_required", "The server rejects handshakes without a server name (SNI): alert 112 unrecognized_name",
                ("No SNI was sent (the target is an IP address). " if not t.sni else f"The name '{t.sni}' is not one the server serves. ")
                + "Pass the server's name: hsdoctor probe ... --sni NAME, curl --resolve, openssl s_client -servername.",
                "error", 0.93, ev, [SOURCES["sni"], SOURCES["alert"]])
        return
    if ALERT_CERT_REQUIRED in alerts or (main.cert_request_seen and not run.client_cert):
        _client_cert(run, main, ev)
        return
    if ALERT_PROTOCOL_VERSION in alerts or "unsupported protocol" in main.error or "version too low" in main.error or (accepted and not set(accepted) & set(MODERN)):
        only = ", ".join(accepted) or "none that this OpenSSL can test"
        run.found("tls.version_mismatch", f"No TLS version in common: the server accepts only {only}; modern clients require TLS 1.2 or 1.3",
                "TLS 1.0 and 1.1 are deprecated (RFC 8996) and disabled by default in OpenSSL 3 at security level >= 1, Java 11+, .NET, "
                "browsers; the probe reached them only with @SECLEVEL=0. Upgrade the server; loosening clients is a stopgap.",
                "error", 0.95 if accepted else 0.7, ev + [ev_versions], ["RFC 8996", SOURCES["alert"]], {"accepted_versions": accepted})
        return
    legacy = res.get("legacy")
    if ALERT_HANDSHAKE_FAILURE in alerts or "no shared cipher" in main.error or "no ciphers available" in main.error:
        if legacy is not None and legacy.ok:
            run.found("tls.no_shared_cipher", f"No cipher suite in common: the server accepts only {legacy.cipher} ({legacy.version}), which default clients do not offer",
                    "With the default cipher list the server answers handshake_failure; offering every suite OpenSSL knows at @SECLEVEL=0 "
                    f"it picks {legacy.cipher}. Configure the server for modern ECDHE + AEAD suites.",
                    "error", 0.93, ev + [Evidence("message", f"{legacy.version} {legacy.cipher}", "TLS handshake (all ciphers)")], [SOURCES["tls"]],
                    {"server_cipher": legacy.cipher})
        else:
            run.found("tls.no_shared_cipher", "The server answers handshake_failure: no cipher suite, group or signature algorithm in common (or a missing client certificate/SNI)",
                    "Even offering every cipher the local OpenSSL knows, the handshake fails.", "error", 0.6, ev, [SOURCES["alert"]])
        return
    if main.timed_out:
        run.found("tls.handshake_timeout", f"The TLS handshake did not finish within {run.deadline.seconds:g} s", "The server answers but stalls mid-handshake.",
                "error", 0.8, ev)
        return
    if main.reset:
        run.found("tls.reset_after_hello", "The server reset the connection during the handshake", "", "error", 0.8, ev)
        return
    if main.eof:
        run.found("tls.silent", "The server closed the connection during the handshake without an alert", "", "error", 0.6, ev)
        return
    run.found("tls.malformed_reply", f"The TLS handshake failed: {main.error}", "", "error", 0.5, ev)


def _client_cert(run: _Run, h: HandshakeResult, ev: list[Evidence], http_note: str = "") -> None:
    alert = ALERT_CERT_REQUIRED in h.alerts_received
    how = ("alert 116 certificate_required after the handshake (TLS 1.3)" if alert
           else http_note or f"CertificateRequest seen, then {_failure_text(h)}")
    if run.client_cert:
        run.found("tls.client_cert_required", f"The server rejects the client certificate given ({how})",
                "A certificate was sent but the server does not accept it: check it chains to a CA the server trusts (ssl_client_certificate) and has clientAuth.",
                "error", 0.8, ev, [SOURCES["alert"]])
    else:
        run.found("tls.client_cert_required", f"The server requires a client certificate ({how})",
                "The server asked for a certificate (CertificateRequest) and the client had none. Pass one with --client-cert/--client-key.",
                "error", 0.95, ev, ["RFC 8446 §4.3.2, §6.2 (certificate_required)", "RFC 5246 §7.4.4"])


def _chain(run: _Run, h: HandshakeResult) -> None:
    t0 = time.monotonic()
    report: ChainReport = check_chain(h.chain_der, h.verify_errors, run.tls_target.verify_name)
    run.chain_report = report
    errs = ", ".join(f"depth {d}: {e} {VERIFY_ERROR_NAMES.get(e, '')}".strip() for d, e in h.verify_errors) or "none"
    run.record_step("certificate chain as sent", "ran", f"{len(report.certs)} certificate(s); OpenSSL verify errors: {errs}", (time.monotonic() - t0) * 1000)
    for p in report.problems:
        ev = [Evidence("certificate", f"{k}: {v}", "certificate chain") for k, v in p.facts.items()]
        ev.append(Evidence("openssl_error", errs, "verify"))
        run.found(p.code, p.summary, p.detail, "warning" if p.code == "tls.weak_certificate" else "error", 0.95, ev, [SOURCES["x509"]],
                {"chain": [c.subject for c in report.certs]}, aia=p.facts.get("aia_ca_issuers", "AIA-URL"))


def _after_handshake(run: _Run, h: HandshakeResult, http1: HandshakeResult | None = None) -> None:
    """The client certificate after the handshake, then one HTTP/1.1 request: on the main
    connection, or, when that one selected h2, on ``http1`` (a connection offering http/1.1 only)."""
    t = run.tls_target
    if ALERT_CERT_REQUIRED in h.alerts_received or (h.alerts_received and h.cert_request_seen):
        _client_cert(run, h, [Evidence("message", _failure_text(h), "after handshake")])
        return
    if t.scheme != "https":
        if h.cert_request_seen and not run.client_cert:
            run.notes.append("The server asks for an optional client certificate (CertificateRequest) and accepted the handshake without one.")
        return
    if h.alpn == "h2" and http1 is not None:
        _record_handshake(run, "TLS handshake (ALPN http/1.1, for the HTTP request)", http1)
        if not http1.ok:
            run.record_step("HTTP request over TLS", "skipped", "the server refuses ALPN http/1.1: " + _failure_text(http1), None)
            return
        h = http1
    elif h.alpn == "h2":
        return
    ans = parse_http_answer(h.app_data)
    if ans is None:
        run.record_step("HTTP request over TLS", "failed", f"no HTTP answer ({h.app_end or 'nothing'}): {h.app_data[:40]!r}", None)
        return
    run.record_step("HTTP request over TLS", "ran", f"HTTP {ans.status} {ans.reason}", None)
    ev = Evidence("message", f"HTTP {ans.status} {ans.reason}", "HTTP over TLS")
    body = ans.body_start.lower()
    if ans.status == 400 and ("no required ssl certificate" in body or "ssl certificate error" in body):
        _client_cert(run, h, [ev, Evidence("message", ans.body_start[:120], "HTTP body")], "nginx answers HTTP 400 'No required SSL certificate was sent'")
        return
    loc = ans.headers.get("location", "")
    if ans.status in (301, 302, 303, 307, 308) and loc.lower().startswith("http://"):
        run.found("http.redirect_to_http", f"The HTTPS site redirects to plain http:// ({loc})",
                "Clients follow it and leave TLS (or loop back to https://). Often a proxy terminating TLS without X-Forwarded-Proto.",
                "warning", 0.9, [ev, Evidence("message", f"Location: {loc}", "HTTP over TLS")], ["RFC 9110 §15.4"])


# --------------------------------------------------------------------------- ALPN (RFC 7301) and h2


def _alpn_found(run: _Run, verdicts: list[alpn_judge.Verdict]) -> None:
    for v in verdicts:
        f = run.found(v.code, v.summary, v.detail, v.severity, 0.95 if v.severity == "error" else 0.9,
                      [Evidence(k, val, where) for k, val, where in v.evidence], list(v.sources), dict(v.data))
        if v.role:
            f.role = v.role
        f.fixes = alpn_judge.ordered_fixes(f.fixes, v.fix_first)


def _alpn_walk(run: _Run) -> tuple[str, ...]:
    """What the server accepts, in its preference: offer the client's names and every known ID,
    drop the one selected, ask again. Bounded in rounds and by the run's deadline."""
    t = run.tls_target
    left = list(dict.fromkeys(list(run.alpn_offer) + [k for k, _w, _s in alpn_judge.KNOWN_IDS]))
    found: list[str] = []
    t0 = time.monotonic()
    for _ in range(ALPN_WALK_ROUNDS):
        if not left or run.deadline.remaining() < 0.1:
            break
        h = run.io.handshake(run.family, run.address, t.port, ClientOptions(sni=t.sni, use_default_trust=False, alpn=tuple(left),
                                                                         client_cert=run.client_cert, client_key=run.client_key),
                             run.deadline.child(min(_wait_budget(run), 2.0)))
        if not h.alpn or h.alpn not in left:
            break
        found.append(h.alpn)
        left.remove(h.alpn)
    run.record_step("ALPN protocols the server accepts", "ran", ", ".join(found) or "none of " + ",".join(k for k, _w, _s in alpn_judge.KNOWN_IDS),
                    (time.monotonic() - t0) * 1000)
    return tuple(found)


def _alpn_failure(run: _Run, raw: FirstBytes, main: HandshakeResult) -> bool:
    """The handshake failed over ALPN: alert 120 (no overlap), or the server selected a protocol
    the client did not offer (a TLS 1.2 ServerHello shows it in the raw bytes). True: judged."""
    if not run.alpn_offer and not (raw.server_hello or {}).get("alpn"):
        return False
    raw_alert = getattr(raw.alert, "description", None)
    if ALERT_NO_APPLICATION_PROTOCOL in main.alerts_received or (raw_alert == ALERT_NO_APPLICATION_PROTOCOL and not main.ok and not main.chain_der):
        run.record_step("ALPN", "failed", alpn_judge.describe(run.alpn_offer, None, refused=True), None)
        run.alpn_facts = alpn_judge.AlpnFacts(run.alpn_offer, None, refused=True, server_accepts=_alpn_walk(run))
        _alpn_found(run, alpn_judge.judge(run.alpn_facts))
        return True
    chosen = (raw.server_hello or {}).get("alpn")
    if chosen and chosen not in run.alpn_offer:
        run.record_step("ALPN", "failed", alpn_judge.describe(run.alpn_offer, chosen) + " (not offered)", None)
        run.alpn_facts = alpn_judge.AlpnFacts(run.alpn_offer, chosen)
        _alpn_found(run, alpn_judge.judge(run.alpn_facts))
        for f in run.findings[-1:]:
            f.evidence.append(Evidence("openssl_error", _failure_text(main), "TLS handshake"))
        return True
    return False


def _alpn_after_handshake(run: _Run, main: HandshakeResult) -> None:
    """The handshake succeeded: what ALPN selected, what the server accepts when it selected
    nothing, and for h2 whether the server answers the connection preface with SETTINGS."""
    if not run.alpn_offer and not main.alpn:
        return
    selected = main.alpn or None
    run.record_step("ALPN", "ran", alpn_judge.describe(run.alpn_offer, selected), None)
    walk = None
    if selected is None and run.alpn_offer:
        walk = _alpn_walk(run)
    run.alpn_facts = alpn_judge.AlpnFacts(run.alpn_offer, selected, server_accepts=walk)
    _alpn_found(run, alpn_judge.judge(run.alpn_facts))
    if selected == "h2" and run.tls_target.scheme == "https":
        reply = read_h2_reply(main.app_data)
        run.record_step("HTTP/2 connection preface", "ran" if reply.kind == "settings" else "failed",
                        f"the server answered: {reply.detail}" + (f" ({main.app_end})" if main.app_end and reply.kind != "settings" else ""), None)
        _alpn_found(run, alpn_judge.judge_h2(reply.kind, reply.detail, reply.goaway_error))
