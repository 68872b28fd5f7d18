"""``hsdoctor probe postgres:// mysql:// smtp:// submission:// smtps:// imap(s):// pop3(s)://
ftp(s):// ldap(s):// redis(s):// mqtt(s)://`` and bare ``host:port``: how the protocol negotiates
TLS, and why this client's handshake fails.

The checklist runs from the network up: name -> TCP -> the protocol's opening (does the port
speak it? what answers instead?) -> is TLS offered, accepted, required -> the whole TLS
checklist over the upgraded connection (domains/tls/upgraded.py) -> the mismatch with what the
URL asks. This module is thin: the dialogue (dialogue.py) records a transcript, the protocol's
pure reader and the one judge (judge.py) turn it into findings.
"""

from __future__ import annotations

import argparse
import socket
from dataclasses import dataclass

from ...checklist import Run
from ...model import Diagnosis, DomainScore, Evidence, Finding
from ...options import ProbeOptions
from ...transports.tcp import close_quietly, connect, resolve
from .dialogue import DIALOGUES, Plan
from .fixes import fixes_for
from .judge import adjust_for_intent, judge
from .readers import READERS
from .target import NegTarget, parse_target, redact


@dataclass(frozen=True)
class NegotiateOptions(ProbeOptions):
    sni: str | None = None
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sni", default=None, metavar="NAME", help="server name to send in TLS (default: the URL's host name)")
    p.add_argument("--ca-file", default=None, metavar="PEM", help="also trust these CA certificates (libpq sslrootcert=, MySQL ssl-ca= in the URL work too)")
    p.add_argument("--client-cert", default=None, metavar="PEM", help="client certificate for the TLS checks")
    p.add_argument("--client-key", default=None, metavar="PEM", help="client private key, if not in --client-cert")


def _readable(path: str | None, what: str) -> str | None:
    from ..tls.probe_target import check_readable

    return check_readable(path, what)


def probe(target: str, args: object) -> Diagnosis:
    opts = NegotiateOptions.from_namespace(args)
    t = parse_target(target, sni=opts.sni, ca_file=opts.ca_file, client_cert=opts.client_cert, client_key=opts.client_key)
    t = NegTarget(**{**t.__dict__, "ca_file": _readable(t.ca_file, "CA file"), "client_cert": _readable(t.client_cert, "client certificate"),
                     "client_key": _readable(t.client_key, "client key")})
    run = Run(t.url, float(opts.timeout))
    target = redact(target)  # the report echoes the input: never with its password
    if t.had_password:
        run.notes.append("The URL carries a password: it was read and dropped, never sent (the probe stops before authentication).")
    where = _reach(run, t)
    if where is None:
        return run.finish([DomainScore("net", 1.0, "the TCP endpoint cannot be reached")], input=target)
    if not t.scheme:
        from .identify_probe import identify_port

        return identify_port(run, t, where, target)
    return _negotiate(run, t, where, target)


def _negotiate(run: Run, t: NegTarget, where: tuple[int, str], target: str) -> Diagnosis:
    from ..tls.upgraded import UpgradeNames, check_upgraded
    from .link import Dialer

    dialer = Dialer(run.transcript, where[0], where[1], t.port)
    with run.step(f"{t.protocol} opening") as st:
        plan: Plan = DIALOGUES[t.protocol](dialer, t, run.deadline)
        st.detail = f"{dialer.count} connection(s); " + ", ".join(sorted({e.label for e in run.transcript.exchanges if e.direction == 'tx' and e.kind == 'raw'}))
    tls_findings: list[Finding] = []
    if plan.opener is not None:
        names = UpgradeNames(t.sni, t.verify_name, t.url, t.host, t.port, t.ca_file, t.client_cert, t.client_key,
                             plan.send_after, plan.read_after_until, plan.read_after_s)
        up = check_upgraded(plan.opener, names, run.deadline)
        run.steps.extend(up.steps)
        tls_findings = up.findings
        main = up.main
        if main is not None:
            run.transcript.add("rx", b"", kind="event", label="tls_handshake", purpose="checklist", ok=main.ok, version=main.version,
                               error=main.error[:200], alerts=list(main.alerts_received), chain=len(main.chain_der))
            if plan.after_label and main.ok:
                run.transcript.add("tx", plan.send_after, label=plan.after_label, settings={"tls": True}, conn="tls")
                run.transcript.add("rx", main.app_data, label=plan.after_label, settings={"tls": True}, conn="tls", end=main.app_end)
    reading = READERS[t.protocol](run.transcript)
    found = judge(t, reading)
    wanted_tls = t.intent.mode != "disable" or t.implicit
    for f in found:
        run.add(f)
    if tls_findings and not wanted_tls:
        # the URL speaks plaintext: what TLS would look like is reported, but it is not this client's problem
        for f in tls_findings:
            if f.severity in ("error", "warning"):
                f.severity, f.role = "info", "identity"
                f.summary = "If the client used TLS: " + f.summary[0].lower() + f.summary[1:]
            run.add(f)
    elif tls_findings:
        for f in adjust_for_intent(t, tls_findings):
            run.add(f)
    title = reading.identity or t.protocol
    return run.finish([DomainScore("negotiate", 0.95 if reading.answered == "spoke" else 0.6, f"{title} on {t.hostport}")], input=target)


def _reach(run: Run, t: NegTarget) -> tuple[int, str] | None:
    if t.host_is_ip:
        fam = socket.AF_INET6 if ":" in t.host else socket.AF_INET
        run.record_step("resolve name", "skipped", f"an address was given: {t.host}")
        family, address = fam, t.host
    else:
        r = resolve(t.host, t.port, run.deadline.child(max(0.1, run.deadline.seconds * 0.5)))
        if not r.addresses:
            why = "timed out" if r.timed_out else r.error
            run.record_step("resolve name", "failed", why, r.elapsed_ms)
            run.add(Finding("net.dns_unresolved", "net", f"The host name '{t.host}' does not resolve ({why})", "No address was found, so no connection was attempted.",
                            evidence=[Evidence("message", why, "resolve")], sources=["RFC 1035; getaddrinfo(3)"], confidence=0.95,
                            fixes=fixes_for("net.dns_unresolved", t.protocol, host=t.host)))
            return None
        family, address = r.addresses[0]
        run.record_step("resolve name", "ran", ", ".join(a for _f, a in r.addresses[:4]), r.elapsed_ms)
    c = connect(family, address, t.port, run.deadline.child(max(0.1, run.deadline.remaining() * 0.5)))
    close_quietly(c.sock)
    if c.sock is not None:
        run.record_step("TCP connect", "ran", f"connected to {address}:{t.port}", c.elapsed_ms)
        return family, address
    run.record_step("TCP connect", "failed", c.outcome + (f": {c.error}" if c.error else ""), c.elapsed_ms)
    code = {"refused": "net.tcp_refused", "timeout": "net.tcp_timeout", "reset": "net.tcp_reset"}.get(c.outcome, "net.tcp_timeout")
    summary = {"refused": f"Connection refused by {address}:{t.port}: nothing listens on that port",
               "timeout": f"TCP connect to {address}:{t.port} timed out"}.get(c.outcome, f"TCP connect to {address}:{t.port} failed: {c.error}")
    run.add(Finding(code, "net", summary, "", evidence=[Evidence("message", c.error or c.outcome, "TCP connect")], sources=["RFC 9293"], confidence=0.95,
                    fixes=fixes_for(code, t.protocol, host=t.host, port=str(t.port), scheme=t.scheme or "tcp",
                                    default=str(t.row.port) if t.row else "?")))
    return None
