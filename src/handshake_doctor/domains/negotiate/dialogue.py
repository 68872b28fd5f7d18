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
from . import postgres
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


def tls_try(dialer: Dialer, deadline: Deadline, purpose: str, sni: str | None) -> bool:
    """One TLS handshake on a fresh connection, recorded as a 'tls_handshake' event."""
    link, why = dialer.open(deadline, purpose)
    if link is None:
        return False
    sock = link.detach()
    h = handshake_over(sock, ClientOptions(sni=sni, use_default_trust=False), deadline)  # type: ignore[arg-type]
    dialer.transcript.add("rx", b"", kind="event", label="tls_handshake", conn=link.conn, purpose=purpose, ok=h.ok,
                          version=h.version, error=h.error[:200], alerts=list(h.alerts_received), chain=len(h.chain_der))
    return h.ok or bool(h.chain_der)


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
        tls_try(dialer, _budget(deadline, 0.4), "identify", t.sni)
        return Plan()
    if data[:1] not in (b"S", b"N") or len(data) != 1:
        if data[:1] in (b"\x15", b"\x16"):
            tls_try(dialer, _budget(deadline, 0.4), "identify", t.sni)
        return Plan()
    # what the server says to a plaintext StartupMessage: admitted (an auth request) or refused by pg_hba (hostssl)
    plain, _ = dialer.open(deadline, "StartupMessage without TLS")
    if plain is not None:
        plain.send(postgres.startup_message(user, t.database), "pg.startup_plain", deadline)
        plain.recv("pg.startup_plain", _budget(deadline, 0.3), postgres.message_complete, max_bytes=postgres.MAX_MESSAGE)
        plain.close()  # before any password: the probe never authenticates
    if data != b"S":
        return Plan()
    return Plan(_plain_opener(dialer, _pg_ssl), postgres.startup_message(user, t.database), "pg.startup_tls", postgres.message_complete, 1.0)


DIALOGUES: dict[str, Callable[[Dialer, NegTarget, Deadline], Plan]] = {
    "postgres": talk_postgres,
}
