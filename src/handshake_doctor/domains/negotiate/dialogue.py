"""The I/O half of each negotiation: send the protocol's opening, read bounded answers, stop
before authentication. Everything said goes into the transcript (link.py); the protocol's pure
reader and the judge decide what it means.

Each dialogue returns a Plan: how to open a fresh connection that is ready for the ClientHello
(for the TLS checklist, which needs one connection per handshake), or None when TLS is not
reachable. Safety: only openings, capability questions and the upgrade command are sent; never
a password, a query, a login or a mail.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Callable

from ...transports.deadline import Deadline
from ...transports.tls_client import ClientOptions, handshake_over
from . import mail, mysql, postgres
from . import redis_mqtt_ldap as rml
from .identify import identify
from .link import Dialer, Link
from .target import NegTarget

Opener = Callable[[Deadline], "tuple[socket.socket | None, str]"]
GREETING_WAIT = 0.35  # share of the budget a server-first protocol gets for its greeting
QUICK_GREETING = 0.6  # seconds an implicit-TLS port is watched for an unsolicited plaintext greeting


@dataclass
class Plan:
    opener: Opener | None = None  # a fresh connection ready for the ClientHello
    send_after: bytes = b""  # sent inside TLS after the handshake (the protocol's next step)
    after_label: str = ""  # the transcript label for that exchange
    read_after_until: Callable[[bytes], bool] | None = None
    read_after_s: float = 0.0


def _budget(deadline: Deadline, share: float, floor: float = 0.2) -> Deadline:
    return deadline.child(max(floor, deadline.remaining() * share))


def tls_try(dialer: Dialer, deadline: Deadline, purpose: str, sni: str | None, read_after: float = 0.0) -> bool:
    """One TLS handshake on a fresh connection, recorded as a 'tls_handshake' event (and, with
    ``read_after``, what the server says first inside TLS, as 'identify.tls_banner')."""
    link, why = dialer.open(deadline, purpose)
    if link is None:
        return False
    sock = link.detach()
    opt = ClientOptions(sni=sni, use_default_trust=False, read_after_s=read_after, read_after_until=mail.line_complete if read_after else None)
    h = handshake_over(sock, opt, deadline)  # type: ignore[arg-type]
    dialer.transcript.add("rx", b"", kind="event", label="tls_handshake", conn=link.conn, purpose=purpose, ok=h.ok,
                          version=h.version, error=h.error[:200], alerts=list(h.alerts_received), chain=len(h.chain_der))
    if read_after and h.app_data:
        dialer.transcript.add("rx", h.app_data[:4096], label="identify.tls_banner", conn=link.conn, settings={"tls": True}, end=h.app_end)
    return h.ok or bool(h.chain_der)


def _silent(dialer: Dialer, t: NegTarget, deadline: Deadline) -> bool:
    """The port gave nothing to the opening: is it TLS, or which other protocol? (recorded)"""
    if tls_try(dialer, _budget(deadline, 0.3), "identify", t.sni):
        return True
    from .identify_probe import who_answers

    who_answers(dialer, deadline.child(max(0.2, deadline.remaining() * 0.6)), skip=t.protocol, sni=t.sni, tls_tried=True)
    return False


def _plain_opener(dialer: Dialer, prepare: Callable[[Link, Deadline], bool]) -> Opener:
    def open_upgraded(deadline: Deadline) -> tuple[socket.socket | None, str]:
        link, why = dialer.open(deadline, "tls checklist")
        if link is None:
            return None, why
        if not prepare(link, deadline):
            link.close()
            return None, "the server did not agree to start TLS on a fresh connection"
        return link.detach(), ""
    return open_upgraded


def _direct(link: Link, deadline: Deadline) -> bool:
    return True


# ------------------------------------------------------------------ PostgreSQL


def _pg_ssl(link: Link, deadline: Deadline) -> bool:
    link.send(postgres.SSL_REQUEST, "pg.sslrequest.again", deadline)
    data, _end = link.recv("pg.sslrequest.again", deadline, lambda d: len(d) >= 1, max_bytes=1)
    return data == b"S"


def talk_postgres(dialer: Dialer, t: NegTarget, deadline: Deadline) -> Plan:
    user = t.user or postgres.PROBE_USER
    link, _why = dialer.open(deadline, "SSLRequest")
    if link is None:
        return Plan()
    link.send(postgres.SSL_REQUEST, "pg.sslrequest", deadline)
    # one byte is the whole answer; read a little more so a non-PostgreSQL peer is seen for what it is
    data, end = link.recv("pg.sslrequest", _budget(deadline, 0.4), lambda d: (len(d) == 1 and d in (b"S", b"N")) or len(d) >= 256 or b"\n" in d or postgres.message_complete(d))
    link.close()
    if not data:
        _silent(dialer, t, deadline)
        return Plan()
    if data[:1] not in (b"S", b"N") or len(data) != 1:
        if data[:1] in (b"\x15", b"\x16"):
            tls_try(dialer, _budget(deadline, 0.4), "identify", t.sni)
        return Plan()
    # what the server says to a plaintext StartupMessage: admitted (an auth request) or refused by
    # pg_hba (hostssl). Sent only where this client would speak plaintext (sslmode=disable, or a
    # server without TLS under prefer/allow): a StartupMessage is as far as the probe goes, and
    # under 'trust' authentication it is a login, so it is sent only on the path the client takes.
    plain_path = t.intent.mode == "disable" or (data == b"N" and not t.intent.wants_tls)
    plain, _ = dialer.open(deadline, "StartupMessage without TLS") if plain_path else (None, "")
    if plain is not None:
        plain.send(postgres.startup_message(user, t.database), "pg.startup_plain", deadline)
        plain.recv("pg.startup_plain", _budget(deadline, 0.3), postgres.message_complete, max_bytes=postgres.MAX_MESSAGE)
        plain.close()  # before any password: the probe never authenticates
    if data != b"S":
        return Plan()
    if t.intent.mode == "disable":  # the TLS checks still run (what TLS would show), without a StartupMessage inside
        return Plan(_plain_opener(dialer, _pg_ssl))
    return Plan(_plain_opener(dialer, _pg_ssl), postgres.startup_message(user, t.database), "pg.startup_tls", postgres.message_complete, 1.0)


# ------------------------------------------------------------------ MySQL / MariaDB


def _my_ssl(link: Link, deadline: Deadline) -> bool:
    data, _end = link.recv("mysql.greeting.again", deadline, mysql.packet_complete, max_bytes=mysql.MAX_PACKET + 4)
    g, _why = mysql.parse_greeting(data)
    if not isinstance(g, mysql.Greeting) or not g.ssl:
        return False
    return link.send(mysql.ssl_request(g.capabilities, g.charset), "mysql.sslrequest.again", deadline) == ""


def talk_mysql(dialer: Dialer, t: NegTarget, deadline: Deadline) -> Plan:
    link, _why = dialer.open(deadline, "greeting")
    if link is None:
        return Plan()
    data, end = link.recv("mysql.greeting", _budget(deadline, GREETING_WAIT), mysql.packet_complete, max_bytes=mysql.MAX_PACKET + 4)
    link.close()  # no handshake response: nothing that could count as a login attempt
    if not data:
        _silent(dialer, t, deadline)
        return Plan()
    g, _w = mysql.parse_greeting(data)
    if isinstance(g, mysql.Greeting) and g.ssl:
        return Plan(_plain_opener(dialer, _my_ssl))
    return Plan()


# ------------------------------------------------------------------ SMTP, IMAP, POP3, FTP


@dataclass(frozen=True)
class TextSpec:
    """How a line protocol greets, lists its capabilities and upgrades (bytes from mail.py)."""

    greeting_done: Callable[[bytes], bool]
    greets: Callable[[bytes], bool]  # is this greeting the protocol's own?
    capa: bytes
    capa_done: Callable[[bytes], bool]
    offers: Callable[[bytes], bool]  # does the capability answer offer the upgrade?
    upgrade: bytes
    upgrade_done: Callable[[bytes], bool]
    upgraded: Callable[[bytes], bool]  # did the server agree?
    bye: bytes
    after_tls: bytes = b""  # asked again inside TLS (SMTP: EHLO, to see AUTH appear)


def _has_line(word: bytes) -> Callable[[bytes], bool]:
    return lambda d: any(word in ln.upper() for ln in d.split(b"\n"))


TEXT: dict[str, TextSpec] = {
    "smtp": TextSpec(mail.coded_complete, mail.smtp_ok, mail.EHLO, mail.coded_complete, _has_line(b"STARTTLS"), mail.STARTTLS,
                     mail.coded_complete, lambda d: d.startswith(b"220"), mail.QUIT, mail.EHLO),
    "imap": TextSpec(mail.line_complete, mail.imap_ok, mail.IMAP_CAPA, mail.tagged_complete(b"h1"), _has_line(b"STARTTLS"), mail.IMAP_STARTTLS,
                     mail.tagged_complete(b"h2"), lambda d: any(ln.startswith(b"h2 OK") for ln in d.split(b"\n")), mail.IMAP_LOGOUT),
    "pop3": TextSpec(mail.line_complete, mail.pop3_ok, mail.POP_CAPA, mail.dot_complete, _has_line(b"STLS"), mail.POP_STLS,
                     mail.line_complete, lambda d: d.startswith(b"+OK"), b"QUIT\r\n"),
    "ftp": TextSpec(mail.coded_complete, mail.ftp_ok, mail.FTP_FEAT, mail.coded_complete, lambda d: True, mail.FTP_AUTH_TLS,
                    mail.coded_complete, lambda d: d.startswith(b"234"), b"QUIT\r\n"),
}


def _text_upgrade(proto: str) -> Callable[[Link, Deadline], bool]:
    spec = TEXT[proto]

    def prepare(link: Link, deadline: Deadline) -> bool:
        g, _ = link.recv(f"{proto}.greeting.again", deadline, spec.greeting_done, max_bytes=mail.MAX_REPLY)
        if not spec.greets(g):
            return False
        if proto == "smtp":  # RFC 3207: STARTTLS follows EHLO
            link.send(spec.capa, f"{proto}.capa.again", deadline)
            link.recv(f"{proto}.capa.again", deadline, spec.capa_done, max_bytes=mail.MAX_REPLY)
        link.send(spec.upgrade, f"{proto}.upgrade.again", deadline)
        a, _ = link.recv(f"{proto}.upgrade.again", deadline, spec.upgrade_done, max_bytes=mail.MAX_REPLY)
        return spec.upgraded(a)
    return prepare


LABELS = {"smtp": ("smtp.ehlo", "smtp.starttls"), "imap": ("imap.capability", "imap.starttls"), "pop3": ("pop3.capa", "pop3.stls"),
          "ftp": ("ftp.feat", "ftp.auth_tls")}


def talk_text(dialer: Dialer, t: NegTarget, deadline: Deadline) -> Plan:
    proto, spec = t.protocol, TEXT[t.protocol]
    if t.implicit:
        return _talk_implicit(dialer, t, deadline, spec)
    link, _why = dialer.open(deadline, "greeting")
    if link is None:
        return Plan()
    g, end = link.recv(f"{proto}.greeting", _budget(deadline, GREETING_WAIT), spec.greeting_done, max_bytes=mail.MAX_REPLY)
    if not g or not spec.greets(g) or mail.too_long(g):
        link.close()
        if not g or identify(g) == "tls":
            _silent(dialer, t, deadline)
        return Plan()
    capa_label, up_label = LABELS[proto]
    link.send(spec.capa, capa_label, deadline)
    c, _ = link.recv(capa_label, _budget(deadline, 0.3), spec.capa_done, max_bytes=mail.MAX_REPLY)
    upgrade_ok = False
    if spec.offers(c) and not mail.too_long(c):
        link.send(spec.upgrade, up_label, deadline)
        a, _ = link.recv(up_label, _budget(deadline, 0.3), spec.upgrade_done, max_bytes=mail.MAX_REPLY)
        upgrade_ok = spec.upgraded(a)
    if not upgrade_ok:
        link.send(spec.bye, f"{proto}.bye", deadline)
    link.close()  # after an accepted upgrade, simply close: the TLS checks open their own connections
    if not upgrade_ok:
        return Plan()
    return Plan(_plain_opener(dialer, _text_upgrade(proto)), spec.after_tls, f"{proto}.ehlo_tls" if spec.after_tls else "",
                mail.coded_complete if spec.after_tls else None, 1.0 if spec.after_tls else 0.0)


def _talk_implicit(dialer: Dialer, t: NegTarget, deadline: Deadline, spec: TextSpec) -> Plan:
    proto = t.protocol
    link, _why = dialer.open(deadline, "greeting before TLS")
    if link is None:
        return Plan()
    g, _end = link.recv(f"{proto}.plain_greeting", deadline.child(min(QUICK_GREETING, deadline.remaining() * 0.2)), spec.greeting_done, max_bytes=mail.MAX_REPLY)
    link.close()
    if g:
        return Plan()  # the server spoke first, in plaintext: not an implicit-TLS port
    if not tls_try(dialer, _budget(deadline, 0.4), "implicit", t.sni):
        return Plan()
    return Plan(_plain_opener(dialer, _direct), b"", f"{proto}.tls_greeting", spec.greeting_done, 1.0)


# ------------------------------------------------------------------ Redis, MQTT, LDAP

CLIENT_FIRST = {  # protocol: (opening, label, reply complete, max bytes, bye)
    "redis": (rml.PING, "redis.ping", rml.redis_complete, rml.MAX_REDIS_REPLY, b""),
    "mqtt": (rml.MQTT_CONNECT, "mqtt.connect", rml.mqtt_complete, 64, rml.MQTT_DISCONNECT),
    "ldap": (rml.LDAP_STARTTLS, "ldap.starttls", rml.ber_complete, rml.MAX_LDAP, b""),
}


def _ldap_upgrade(link: Link, deadline: Deadline) -> bool:
    link.send(rml.LDAP_STARTTLS, "ldap.starttls.again", deadline)
    d, _ = link.recv("ldap.starttls.again", deadline, rml.ber_complete, max_bytes=rml.MAX_LDAP)
    return rml.ldap_result(d)[0] == 0


def talk_client_first(dialer: Dialer, t: NegTarget, deadline: Deadline) -> Plan:
    proto = t.protocol
    opening, label, done, limit, bye = CLIENT_FIRST[proto]
    dialer.transcript.meta["implicit"] = t.implicit
    inside = (opening, label + "_tls", done, 1.0) if proto != "ldap" else (b"", "", None, 0.0)
    if t.implicit:
        if tls_try(dialer, _budget(deadline, 0.4), "implicit", t.sni):
            return Plan(_plain_opener(dialer, _direct), *inside)
    link, _why = dialer.open(deadline, "opening")
    if link is None:
        return Plan()
    link.send(opening, label, deadline)
    data, end = link.recv(label, _budget(deadline, 0.4), done, max_bytes=limit)
    if bye and data:
        link.send(bye, f"{proto}.bye", deadline)
    link.close()
    if t.implicit:
        return Plan()
    if proto == "ldap" and rml.ldap_result(data)[0] == 0:
        return Plan(_plain_opener(dialer, _ldap_upgrade))
    if not data or identify(data) == "tls":
        if _silent(dialer, t, deadline) and proto != "ldap":
            return Plan(_plain_opener(dialer, _direct), *inside)
    return Plan()


DIALOGUES: dict[str, Callable[[Dialer, NegTarget, Deadline], Plan]] = {
    "postgres": talk_postgres,
    "mysql": talk_mysql,
    "smtp": talk_text,
    "imap": talk_text,
    "pop3": talk_text,
    "ftp": talk_text,
    "redis": talk_client_first,
    "mqtt": talk_client_first,
    "ldap": talk_client_first,
}
