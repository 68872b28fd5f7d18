"""The one judge of a negotiation (pure): a Reading and the user's URL in, findings out.

Why pure and protocol-neutral: ``analyze`` will read the same negotiation from a capture, and
the layered checklist is the same for every protocol: does the port speak it (or TLS at once,
or another service), is TLS offered, accepted, required, and does that match what the URL asks
(sslmode, ssl-mode, STARTTLS vs implicit). The protocol's reader has already said what its
bytes mean; this module only compares and words it, with the fixes of the domain's one table.
"""

from __future__ import annotations

from ...model import Evidence, Finding
from .fixes import fixes_for
from .identify import TITLES
from .reading import CLOSED, OTHER, SILENT, SPOKE, TLS, Reading
from .schemes import BY_SCHEME, IMPLICIT_SCHEME, PLAIN_SCHEME, PROTOCOL_TITLES
from .target import NegTarget

CERT_CODES = ("tls.cert_expired", "tls.cert_not_yet_valid", "tls.hostname_mismatch", "tls.self_signed", "tls.untrusted_root", "tls.chain_incomplete")
SOURCES = {
    "postgres": "PostgreSQL docs §55.2.10 (SSL Session Encryption); libpq sslmode (§34.19.1)",
    "mysql": "MySQL Client/Server Protocol (CLIENT_SSL, SSLRequest); MySQL/MariaDB ssl-mode docs",
    "smtp": "RFC 3207 (STARTTLS); RFC 8314 (implicit TLS on 465)",
    "imap": "RFC 9051 §6.2.1 (STARTTLS, LOGINDISABLED); RFC 8314",
    "pop3": "RFC 2595 §4 (STLS); RFC 8314",
    "ftp": "RFC 4217 (AUTH TLS)",
    "ldap": "RFC 4511 §4.14 (StartTLS); RFC 4513 §3",
    "redis": "Redis docs, TLS (tls-port, port 0, tls-auth-clients)",
    "mqtt": "MQTT 3.1.1 §4.2, §5 (TLS on 8883)",
}


#: what the usual clients print when the server offers no TLS and they require it
CLIENT_SAYS = {
    "postgres": "libpq prints 'server does not support SSL, but SSL was required'; pgx 'server refused TLS connection'; asyncpg 'rejected SSL upgrade'.",
    "mysql": "The MySQL client prints 'SSL is required, but the server does not support it'; MariaDB's client with only --ssl silently goes on in plaintext.",
    "smtp": "smtplib raises 'STARTTLS extension not supported by server'; curl --ssl-reqd fails with '(64) Requested SSL level failed'; nodemailer requireTLS errors out.",
    "imap": "curl --ssl-reqd fails with '(64) Requested SSL level failed'; imaplib's starttls() raises 'STARTTLS extension not supported by server'.",
    "pop3": "curl --ssl-reqd fails with '(64) Requested SSL level failed'; poplib's stls() raises 'STLS not supported by server'.",
    "ftp": "curl --ssl-reqd fails with '(64) Requested SSL level failed'; ftplib's auth() gets an error reply.",
    "ldap": "ldapsearch -ZZ prints 'ldap_start_tls: Protocol error (2), additional info: unsupported extended operation'.",
}


def _title(protocol: str) -> str:
    return PROTOCOL_TITLES.get(protocol, protocol)


def judge(t: NegTarget, r: Reading) -> list[Finding]:
    out: list[Finding] = []
    proto = t.protocol
    title = _title(proto)
    other = BY_SCHEME[t.row.counterpart].scheme if t.row and t.row.counterpart else ""
    fill = {"host": t.host, "port": str(t.port), "url": t.url, "scheme": t.scheme, "counterpart": other,
            "plain": PLAIN_SCHEME.get(proto, proto), "implicit": IMPLICIT_SCHEME.get(proto, ""), "said": t.intent.said,
            "hostport": t.hostport}
    src = [SOURCES.get(proto, "")] if SOURCES.get(proto) else []

    def add(code: str, summary: str, detail: str = "", severity: str = "error", confidence: float = 0.9,
            evidence: list[Evidence] | None = None, role: str = "", **data: object) -> Finding:
        domain = code.split(".", 1)[0]
        f = Finding(code=code, domain=domain, summary=summary, detail=detail, severity=severity,  # type: ignore[arg-type]
                    confidence=confidence, evidence=list(evidence if evidence is not None else r.evidence),
                    fixes=fixes_for(code, proto, **fill), sources=list(src), data={"protocol": proto, "client_tls": t.intent.said, **data},
                    role=role)
        out.append(f)
        return f

    for kind, text in r.problems:
        code = {"oversized": "negotiate.oversized", "malformed": "negotiate.malformed", "stalled": "negotiate.stalled"}.get(kind)
        if code:
            add(code, f"The {title} server's answer is not usable: {text}",
                "The probe reads a bounded number of bytes and lines, within the deadline; a real server stays far below. "
                "A hostile or broken peer, a proxy that misframes, or another service on the port.", "error", 0.8)
    if r.answered == OTHER:
        name = r.other or "binary"
        what = TITLES.get(name, "something that is not " + title)
        nxt = PLAIN_SCHEME.get(name) or ("https" if name in ("http", "tls") else "")
        add("negotiate.wrong_protocol", f"This port does not speak {title}: {what} answers",
            f"{t.scheme}:// expects {title} on {t.hostport}; the first bytes are those of {what}."
            + (f" Probe it as {nxt}://{t.hostport} if that is what you meant." if nxt else "")
            + " Check the port in the client's configuration (a service on a shared host, a port forward to the wrong container).",
            "error", 0.95, other_protocol=name, suggested_scheme=nxt)
        return out
    if r.answered == TLS and not t.implicit:
        imp = IMPLICIT_SCHEME.get(proto, "")
        inside = f"{t.scheme}:// speaks plaintext {title}" if proto in ("redis", "mqtt") else f"{t.scheme}:// negotiates TLS inside {title}"
        add("negotiate.implicit_tls_port", f"This port speaks TLS from the first byte, but {inside}: " + (f"use {imp}://" if proto in ("redis", "mqtt") else "implicit and negotiated TLS are swapped"),
            (f"Use {imp}://{t.hostport} (implicit TLS), or the {title} port that offers {'STARTTLS' if proto in ('smtp', 'imap', 'ldap') else 'TLS negotiation'}. "
             if imp else "A TLS terminator (stunnel, a cloud proxy, PostgreSQL 17 sslnegotiation=direct) listens here; ")
            + "A STARTTLS client waits here for a greeting that never comes, or prints 'wrong version number' / 'received invalid response to SSL negotiation'.",
            "error", 0.95, suggested_scheme=imp)
        return out
    if r.answered == SPOKE and t.implicit:
        add("negotiate.plaintext_port", f"{t.scheme}:// expects implicit TLS, but this port speaks {title} in plaintext" + (f": {r.identity}" if r.identity else ""),
            f"The server sent {title} before any TLS: this is its plain or STARTTLS port. Use {other}://{t.hostport}"
            + (" (STARTTLS)" if proto in ("smtp", "imap", "pop3", "ftp", "ldap") else "") + f", or the port where the server listens with implicit TLS. "
            "A TLS client here prints 'wrong version number' (OpenSSL) or 'packet length too long'.",
            "error", 0.95, suggested_scheme=other)
        return out
    if r.answered == CLOSED:
        add("negotiate.closed", f"The server closed the connection at the {title} opening without a word",
            f"TCP works, but the peer hung up on {title}'s first message: a TLS-only port meeting plaintext, a server that refuses this client's address, or another protocol.",
            "error", 0.7)
        return out
    if r.answered == SILENT:
        add("negotiate.silent", f"The port accepted TCP but sent nothing to the {title} opening",
            "No greeting and no answer within the deadline: a service that waits for another protocol, a TLS port that waits for a ClientHello "
            "(that was tried too), a firewall that accepts and drops, or an overloaded server.", "error", 0.7)
        return out
    if r.answered != SPOKE and r.answered != TLS:
        return out
    # the port speaks the protocol (or implicit TLS was asked for and is there)
    mode = t.intent.mode
    if t.implicit:
        add("negotiate.tls_upgraded", f"{title} over implicit TLS on {t.hostport}" + (f": {r.identity}" if r.identity else ""),
            "The port speaks TLS at once, as the scheme asks; the TLS checks follow.", "ok", 0.9)
        return out
    if r.tls_offered is False or (r.tls_offered is None and r.tls_accepted is None and r.answered == SPOKE):
        how = r.refusal or ("the port speaks plaintext; " + title + " has no in-protocol TLS upgrade: TLS is a separate port "
                            + f"({IMPLICIT_SCHEME.get(proto, '')}://)" if proto in ("redis", "mqtt") else "the server does not offer TLS")
        if t.intent.wants_tls:
            add("negotiate.tls_not_offered", f"The {title} server does not offer TLS, and the client requires it ({t.intent.said})",
                f"{how[0].upper() + how[1:]}. {CLIENT_SAYS.get(proto, '')} Turn TLS on in the server, or (only on a trusted network) let the client speak plaintext.",
                "error", 0.95)
        elif mode == "prefer":
            add("negotiate.plaintext_fallback", f"The {title} server offers no TLS, so this client ({t.intent.said}) silently talks plaintext",
                f"{how}. Nothing fails, but passwords and data cross the network in clear; a client that requires TLS fails here. Turn TLS on in the server, "
                "then make the client require it.", "warning", 0.9)
        else:
            add("negotiate.plaintext_ok", f"{title} answers in plaintext, as the URL asks ({t.intent.said})"
                + ("" if proto in ("redis", "mqtt") else "; the server offers no TLS"), how[0].upper() + how[1:] + ".", "ok", 0.8)
        return out
    if r.tls_accepted is False:
        add("negotiate.tls_refused", f"The {title} server refused to start TLS" + (f": {r.refusal}" if r.refusal else ""),
            "The server advertises or knows the upgrade, but answered the request with an error: its TLS is misconfigured "
            "(no certificate or key loaded, a wrong path, a permission problem on the key). Its log says which.",
            "error" if t.intent.wants_tls else "warning", 0.9)
        return out
    if mode == "disable":
        if r.tls_required:
            add("negotiate.tls_required", f"The {title} server requires TLS, and the URL speaks plaintext ({t.intent.said})",
                ((r.required_how + ". ") if r.required_how else "") + "The server refuses (or will refuse at login) a connection without TLS. Let the client use TLS.",
                "error", 0.95, required_how=r.required_how)
        elif r.tls_required is None and proto == "mysql":
            add("negotiate.tls_requirement_hidden", f"The {title} server offers TLS and the URL speaks plaintext ({t.intent.said}); whether it requires TLS shows only at login",
                "MariaDB and MySQL check require_secure_transport (and per-user REQUIRE SSL) after the password: a correct password over plaintext is then answered "
                "'ERROR 1045 Access denied' (MariaDB) or 3159 'Connections using insecure transport are prohibited' (MySQL). The probe sends no password, "
                "so it cannot see it; if your login is denied with the right password, connect with TLS (ssl-mode=REQUIRED) first.",
                "warning", 0.6)
        elif r.tls_required is None and r.required_how:
            add("negotiate.tls_required", f"The {title} server refuses the login without TLS, and the URL speaks plaintext ({t.intent.said})",
                r.required_how, "error", 0.85, required_how=r.required_how)
        else:
            add("negotiate.plaintext_ok", f"{title} accepts plaintext here, as the URL asks ({t.intent.said}); the server also offers TLS",
                "The connection works without TLS; consider requiring TLS.", "ok", 0.8)
        return out
    if r.plaintext_only:
        add("negotiate.plaintext_only", f"TLS works, but the {title} server admits this connection only without TLS: {r.plaintext_only}",
            "Access rules name non-TLS connections only (pg_hba.conf hostnossl): a TLS client is refused, a plaintext one is let in.",
            "error" if t.intent.wants_tls else "warning", 0.9)
    add("negotiate.tls_upgraded", f"{title} negotiated TLS on {t.hostport}" + (f" ({r.identity})" if r.identity else ""),
        "The server agreed to start TLS as the URL asks" + (f"; without TLS it refuses the login ({r.required_how})" if r.tls_required and r.required_how else "")
        + ("; the server also admits plaintext connections" if r.tls_required is False else "") + ". The TLS checks follow.",
        "ok", 0.9, tls_required=r.tls_required)
    return out


def adjust_for_intent(t: NegTarget, findings: list[Finding]) -> list[Finding]:
    """A client mode that does not verify (sslmode=require, ssl-mode=REQUIRED) connects despite a
    certificate problem: the problem is then a warning for this client, and the mismatch is named."""
    if t.intent.verifies or not t.intent.wants_tls and t.intent.mode != "prefer":
        return findings
    cert = [f for f in findings if f.code in CERT_CODES]
    if not cert:
        return findings
    out: list[Finding] = []
    for f in findings:
        if f.code in CERT_CODES:
            f.severity = "warning"
            f.detail = (f.detail + " " if f.detail else "") + f"This client ({t.intent.said}) does not check the certificate, so it connects anyway; a verifying client fails."
        out.append(f)
    proto = t.protocol
    strict = {"postgres": "sslmode=verify-full", "mysql": "ssl-mode=VERIFY_IDENTITY"}.get(proto, "a verifying TLS mode")
    out.insert(0, Finding(code="negotiate.unverified_tls", domain="negotiate",
                          summary=f"The client's TLS mode ({t.intent.said}) does not verify the certificate, and the certificate has a problem ({', '.join(f.code for f in cert)})",
                          detail=f"The connection is encrypted but not authenticated: anyone in the path can impersonate the server. With {strict} the client would refuse it. "
                          "Fix the certificate, then verify it.", severity="warning", confidence=0.9,
                          evidence=[Evidence("message", f.summary, "certificate chain") for f in cert],
                          fixes=fixes_for("negotiate.unverified_tls", proto, host=t.host, port=str(t.port), url=t.url), sources=[SOURCES.get(proto, "")],
                          data={"protocol": proto, "client_tls": t.intent.said, "certificate_problems": [f.code for f in cert]}))
    return out
