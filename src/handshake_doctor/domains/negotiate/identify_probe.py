"""What answers on a port: the banner it sends, else a TLS handshake, else the openings of the
client-first protocols (PostgreSQL SSLRequest, Redis PING, LDAP StartTLS, MQTT CONNECT without
credentials), each on its own connection, each bounded (I/O). Used for ``probe host:port`` and
when a negotiated protocol's port stays silent, so the finding can name what is there instead.
"""

from __future__ import annotations

from ...checklist import Run
from ...model import Diagnosis, DomainScore, Evidence, Finding, Fix
from ...transports.deadline import Deadline
from . import mail, postgres
from . import redis_mqtt_ldap as rml
from .dialogue import tls_try
from .fixes import fixes_for
from .identify import TITLES, describe, identify
from .link import Dialer
from .schemes import IMPLICIT_BY_PORT, PLAIN_SCHEME
from .target import NegTarget

#: client-first openings, tried in this order when a port sends no banner
OPENINGS = (
    ("postgres", postgres.SSL_REQUEST, lambda d: len(d) >= 1, 64),
    ("redis", rml.PING, rml.redis_complete, 512),
    ("ldap", rml.LDAP_STARTTLS, rml.ber_complete, 512),
    ("mqtt", rml.MQTT_CONNECT, rml.mqtt_complete, 64),
)


def _classify_opening(proto: str, d: bytes) -> str:
    if not d:
        return ""
    if proto == "postgres" and d in (b"S", b"N"):
        return "postgres"
    name = identify(d)
    if proto == "ldap" and d[:1] == b"\x30" and rml.ldap_result(d)[0] is not None:
        return "ldap"
    if proto == "mqtt" and d[:2] == b"\x20\x02":
        return "mqtt"
    return name


def who_answers(dialer: Dialer, deadline: Deadline, skip: str = "", sni: str | None = None, banner_wait: float = 0.0,
                tls_tried: bool = False) -> tuple[str, str]:
    """(name, evidence text) of what answers, '' when nothing could be told. Records an
    'identified' event in the transcript."""
    name, said = "", ""
    if banner_wait > 0:
        link, _ = dialer.open(deadline, "banner")
        if link is not None:
            d, _end = link.recv("identify.banner", deadline.child(banner_wait), mail.line_complete, max_bytes=4096)
            link.close()
            if d:
                name, said = identify(d), describe(d)
    if not name and not tls_tried and tls_try(dialer, deadline.child(max(0.2, deadline.remaining() * 0.3)), "identify", sni,
                                               read_after=min(0.8, deadline.remaining() * 0.2)):
        name, said = "tls", "a TLS handshake completed"
        inner = [e for e in dialer.transcript.exchanges if e.label == "identify.tls_banner"]
        if inner and identify(inner[-1].data) in ("smtp", "imap", "pop3", "ftp"):
            said += f", then {describe(inner[-1].data)} inside TLS"
            name = "tls+" + identify(inner[-1].data)
    if not name:
        for proto, opening, done, limit in OPENINGS:
            if proto == skip or deadline.remaining() < 0.1:
                continue
            link, _ = dialer.open(deadline, f"identify {proto}")
            if link is None:
                break
            link.send(opening, f"identify.{proto}", deadline)
            d, _end = link.recv(f"identify.{proto}", deadline.child(max(0.15, deadline.remaining() * 0.25)), done, max_bytes=limit)
            if proto == "mqtt" and d[:2] == b"\x20\x02":
                link.send(rml.MQTT_DISCONNECT, "identify.mqtt.bye", deadline)
            link.close()
            got = _classify_opening(proto, d)
            if got and got not in ("text", "binary"):
                name, said = got, f"{describe(d)} in answer to the {proto} opening"
                break
    dialer.transcript.add("rx", b"", kind="event", label="identified", name=name, said=said)
    return name, said


def identify_port(run: Run, t: NegTarget, where: tuple[int, str], target: str) -> Diagnosis:
    """``probe host:port``: name what answers and the scheme to probe it with next."""
    dialer = Dialer(run.transcript, where[0], where[1], t.port)
    with run.step("what answers") as st:
        name, said = who_answers(dialer, run.deadline, sni=t.sni, banner_wait=min(1.5, run.deadline.remaining() * 0.3))
        st.detail = f"{name or 'nothing recognised'}: {said}"[:300]
    inner = name[4:] if name.startswith("tls+") else ""
    if inner:
        name, scheme = "tls", {"smtp": "smtps", "imap": "imaps", "pop3": "pop3s", "ftp": "ftps"}[inner]
    elif name == "tls":
        scheme = IMPLICIT_BY_PORT.get(t.port, "tls")
        if scheme == "tls" and t.port in (443, 8443):
            scheme = "https"
    elif name in ("ssh", "text", "binary", ""):
        scheme = ""
    elif name == "http":
        scheme = "http"
    else:
        scheme = PLAIN_SCHEME.get(name, name)
    if name == "smtp" and t.port == 25:
        scheme = "smtp"
    what = TITLES.get(name, "something unknown" if name in ("text", "binary") else "nothing recognisable")
    nxt = f"hsdoctor probe {scheme}://{t.hostport}" if scheme and scheme != "http" else ""
    summary = f"{t.hostport} answers as {what}" + (f": probe it next with {scheme}://{t.hostport}" if nxt else "")
    if not name:
        summary = f"{t.hostport} accepts TCP but answers no banner, no TLS and none of the openings tried (PostgreSQL, Redis, LDAP, MQTT)"
    f = Finding("negotiate.identified", "negotiate", summary,
                "Found from the first bytes: a banner when the service talks first, else a TLS handshake, else each client-first protocol's opening on its own connection."
                + (" Implicit-TLS port numbers name the protocol behind the TLS (465 smtps, 993 imaps, 995 pop3s, 636 ldaps, 990 ftps, 8883 mqtts)." if name == "tls" else ""),
                severity="info", confidence=0.9 if name else 0.4, evidence=[Evidence("message", said or "no answer", "what answers")],
                fixes=fixes_for("negotiate.identified", name) + ([Fix(f"Next: {nxt}", "user", nxt)] if nxt else []),
                sources=["negotiate_first_bytes table (identify.py)"], data={"answers": name, "suggested_scheme": scheme}, role="identity")
    run.add(f)
    return run.finish([DomainScore("negotiate", 0.9 if name else 0.3, what)], input=target)
