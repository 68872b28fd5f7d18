"""The TLS checklist over a connection another protocol has upgraded (STARTTLS, PostgreSQL 'S',
MySQL's SSL request, implicit TLS on a mail port): the one entry point other domains call.

Why a separate entry point and not the https:// checklist: every handshake of the checklist
(default client, each version, without SNI) needs its own connection, and for a negotiated
protocol each connection has to be negotiated first. The caller hands over ``open_upgraded``, a
function that returns a fresh socket ready for the ClientHello (or None with the reason why
not); this module only runs handshakes over those sockets and judges them with the TLS domain's
own chain check and fixes, so a STARTTLS port gets the same ``tls.*`` findings as https://.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from typing import Callable

from ...model import Evidence, Finding, Step
from ...transports.deadline import Deadline
from ...transports.parallel import Pool
from ...transports.tls_client import ClientOptions, HandshakeResult, handshake_over
from .chain_check import VERIFY_ERROR_NAMES, check_chain
from ...fixtemplate import fixes_for_code

VERSIONS = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
MODERN = ("TLSv1.2", "TLSv1.3")
LEGACY_CIPHERS = "ALL:COMPLEMENTOFALL:@SECLEVEL=0"
ALERT_CERT_REQUIRED, ALERT_HANDSHAKE_FAILURE, ALERT_PROTOCOL_VERSION, ALERT_UNRECOGNIZED_NAME = 116, 40, 70, 112
X509 = "RFC 5280 §4.1.2.5 (validity); RFC 6125 §6.4 (host names)"

#: returns a socket ready for the ClientHello, or (None, why)
Opener = Callable[[Deadline], "tuple[socket.socket | None, str]"]


@dataclass
class UpgradedTls:
    """What the checklist found: tls.* findings, its steps, and the default client's handshake."""

    findings: list[Finding] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    main: HandshakeResult | None = None
    accepted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UpgradeNames:
    """Names the TLS checks need: what to send as SNI, what the certificate must cover, the URL."""

    sni: str | None
    verify_name: str
    url: str
    host: str
    port: int
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    #: sent after the handshake (e.g. SMTP EHLO again) and read back, within read_after_s
    send_after: bytes = b""
    read_after_until: Callable[[bytes], bool] | None = None
    read_after_s: float = 0.0  # > 0: read this long after the handshake (a greeting, the answer to send_after)


def _one(open_upgraded: Opener, opt: ClientOptions, deadline: Deadline) -> HandshakeResult:
    t0 = time.monotonic()
    sock, why = open_upgraded(deadline)
    if sock is None:
        return HandshakeResult(ok=False, stage="negotiate", error="negotiation failed: " + why,
                               elapsed_ms=(time.monotonic() - t0) * 1000)
    return handshake_over(sock, opt, deadline)


def _failure(h: HandshakeResult) -> str:
    parts = [h.error or "failed"]
    if h.alerts_received:
        parts.append("alert received: " + ", ".join(str(a) for a in h.alerts_received))
    if h.timed_out:
        parts.append("timed out")
    return "; ".join(parts)


def check_upgraded(open_upgraded: Opener, names: UpgradeNames, deadline: Deadline,
                   first: HandshakeResult | None = None) -> UpgradedTls:
    """Run the TLS checklist: the default client's handshake (``first`` if the caller already
    made it), every version, without SNI, the chain as sent, client certificate."""
    out = UpgradedTls()

    def add(code: str, summary: str, detail: str, severity: str, confidence: float, ev: list[Evidence],
            sources: list[str], data: dict[str, object] | None = None, **fill: str) -> None:
        values = {"host": names.host, "port": str(names.port), "sni": names.sni or names.verify_name, "url": names.url, **fill}
        out.findings.append(Finding(code=code, domain="tls", summary=summary, detail=detail, severity=severity,  # type: ignore[arg-type]
                                    confidence=confidence, evidence=ev, fixes=fixes_for_code(code, values),
                                    sources=sources, data=dict(data or {})))

    main_opt = ClientOptions(sni=names.sni, ca_file=names.ca_file, client_cert=names.client_cert, client_key=names.client_key,
                             send_after=names.send_after, read_after_s=names.read_after_s or 0.25,
                             read_after_until=names.read_after_until, read_only_if_cert_request=not names.read_after_s)
    scan_budget = max(0.2, min(2.0, deadline.remaining() * 0.5))
    with Pool("hsdoctor-upgraded") as pool:
        main_job = None if first is not None else pool.submit(_one, open_upgraded, main_opt, deadline.child(max(0.2, deadline.remaining() * 0.6)))
        jobs = {v: pool.submit(_one, open_upgraded, ClientOptions(sni=names.sni, min_version=v, max_version=v, cipher_list=LEGACY_CIPHERS,
                                                                   use_default_trust=False, client_cert=names.client_cert,
                                                                   client_key=names.client_key), deadline.child(scan_budget))
                for v in VERSIONS}
        if names.sni:
            jobs["nosni"] = pool.submit(_one, open_upgraded, ClientOptions(sni=None, use_default_trust=False), deadline.child(scan_budget))
        main = first if first is not None else main_job.result()  # type: ignore[union-attr]
        res = {k: j.result() for k, j in jobs.items()}
    out.main = main
    out.steps.append(Step("TLS handshake over the upgraded connection", "ran" if main.ok else "failed",
                          (f"{main.version} {main.cipher}" if main.ok else _failure(main))[:300], round(main.elapsed_ms, 1)))
    accepted = [v for v in VERSIONS if res[v].ok]
    out.accepted = accepted
    untestable = [v for v in VERSIONS if res[v].error.startswith("local:") or "no protocols available" in res[v].error]
    out.steps.append(Step("TLS versions (upgraded)", "ran", ("accepted: " + (", ".join(accepted) or "none")
                          + (f"; cannot test here: {', '.join(untestable)}" if untestable else ""))[:300],
                          round(max(r.elapsed_ms for r in (res[v] for v in VERSIONS)), 1)))
    ev_main = [Evidence("openssl_error" if not main.ok else "message", _failure(main) if not main.ok else f"{main.version} {main.cipher}", "TLS handshake")]
    if main.chain_der:
        report = check_chain(main.chain_der, main.verify_errors, names.verify_name)
        errs = ", ".join(f"depth {d}: {e} {VERIFY_ERROR_NAMES.get(e, '')}".strip() for d, e in main.verify_errors) or "none"
        out.steps.append(Step("certificate chain as sent (upgraded)", "ran", f"{len(report.certs)} certificate(s); OpenSSL verify errors: {errs}"[:300]))
        for p in report.problems:
            ev = [Evidence("certificate", f"{k}: {v}", "certificate chain") for k, v in p.facts.items()]
            ev.append(Evidence("openssl_error", errs, "verify"))
            add(p.code, p.summary, p.detail, "warning" if p.code == "tls.weak_certificate" else "error", 0.95, ev, [X509],
                {"chain": [c.subject for c in report.certs]}, aia=p.facts.get("aia_ca_issuers", "AIA-URL"))
    alerts = main.alerts_received
    if ALERT_CERT_REQUIRED in alerts or (main.cert_request_seen and not names.client_cert and not main.ok):
        add("tls.client_cert_required", "The server requires a client certificate"
            + (" (alert 116 certificate_required)" if ALERT_CERT_REQUIRED in alerts else " (CertificateRequest, then the handshake failed)"),
            "The server asked for a certificate and the client had none (or not one it accepts). Pass one with --client-cert/--client-key.",
            "error", 0.9, ev_main, ["RFC 8446 §4.3.2, §6.2 (certificate_required)"])
    elif not main.ok and not main.chain_der:
        if ALERT_PROTOCOL_VERSION in alerts or "unsupported protocol" in main.error or (accepted and not set(accepted) & set(MODERN)):
            add("tls.version_mismatch", f"No TLS version in common: the server accepts only {', '.join(accepted) or 'none testable here'}",
                "TLS 1.0 and 1.1 are deprecated (RFC 8996) and off by default in OpenSSL 3; upgrade the server.",
                "error", 0.9, ev_main, ["RFC 8996"], {"accepted_versions": accepted})
        elif ALERT_HANDSHAKE_FAILURE in alerts or "no shared cipher" in main.error:
            add("tls.no_shared_cipher", "The server answers handshake_failure: no cipher suite or group in common",
                "", "error", 0.6, ev_main, ["RFC 8446 §6.2"])
        elif main.timed_out:
            add("tls.handshake_timeout", "The TLS handshake after the upgrade did not finish in time",
                "The server agreed to start TLS but stalls in the handshake.", "error", 0.8, ev_main, ["RFC 8446 §4"])
        elif main.stage == "negotiate":
            pass  # the negotiation itself failed: the caller's judge says why
        else:
            add("tls.closed_during_handshake" if (main.eof or main.reset) else "tls.malformed_reply",
                f"The TLS handshake after the upgrade failed: {_failure(main)}",
                "The server agreed to start TLS, then did not complete a handshake: no certificate configured for TLS, a TLS library error on the server, or a proxy.",
                "error", 0.7, ev_main, ["RFC 8446 §4"])
    nosni = res.get("nosni")
    if main.ok and nosni is not None and not nosni.ok and not nosni.chain_der:
        add("tls.sni_required", f"The server needs SNI: without a server name the handshake fails ({_failure(nosni)})",
            f"With SNI '{names.sni}' it works; clients that connect by IP address or send no SNI fail.", "info", 0.9,
            [Evidence("message", _failure(nosni), "TLS handshake without SNI")], ["RFC 6066 §3"])
    legacy = [v for v in accepted if v not in MODERN]
    if main.ok and not any(f.severity in ("error", "warning") for f in out.findings):
        add("tls.ok", f"TLS works: {main.version}, {main.cipher}; the certificate verifies for '{names.verify_name}'",
            "The handshake over the upgraded connection succeeded and the chain as sent verifies against the trust store."
            + (f" The server also accepts legacy {', '.join(legacy)}." if legacy else ""),
            "ok", 0.95, ev_main + [Evidence("message", "accepted: " + (", ".join(accepted) or "none"), "TLS versions")], [],
            {"accepted_versions": accepted})
    return out
