"""What one negotiation showed, protocol-neutral: the result of a protocol's pure reader over a
transcript, and the input of the one judge (judge.py).

Why a neutral middle: the layered checklist (does the port speak the protocol, is TLS offered,
accepted, required; what answered instead) is the same for nine protocols; only how each
protocol says it differs. Readers turn bytes into these answers; the judge turns answers and
the user's URL into findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Evidence
from ...transcript import Transcript

#: answered: what spoke on the port
SPOKE = "spoke"  # the expected protocol
TLS = "tls"  # a TLS record at once (implicit TLS)
SILENT = "silent"
CLOSED = "closed"
OTHER = "other"  # another protocol: see ``other``


@dataclass
class Reading:
    protocol: str
    answered: str = ""  # SPOKE, TLS, SILENT, CLOSED, OTHER
    other: str = ""  # what answered instead (ssh, http, smtp, mysql, ...) when OTHER
    identity: str = ""  # e.g. "MariaDB 10.11.19", "ESMTP aiosmtpd 1.4.3"
    tls_offered: bool | None = None  # the server says it can do TLS
    tls_accepted: bool | None = None  # the server agreed to start TLS (None: not asked)
    refusal: str = ""  # the server's words when it refused TLS
    tls_required: bool | None = None  # True: seen required; False: plaintext accepted; None: unknown
    required_how: str = ""  # how the requirement showed
    plaintext_only: str = ""  # the server's words when a TLS connection is refused by access rules
    problems: list[tuple[str, str]] = field(default_factory=list)  # (oversized|malformed|stalled|closed|silent, text)
    evidence: list[Evidence] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    def problem(self, kind: str, text: str) -> None:
        if (kind, text) not in self.problems:
            self.problems.append((kind, text))


def replies(tr: "Transcript") -> dict[str, tuple[bytes, str]]:
    """The reply to each request label, from the first connection that used it: (bytes, how the
    read ended). Later connections (the TLS checklist's re-negotiations) repeat labels."""
    out: dict[str, tuple[bytes, str]] = {}
    conn_of: dict[str, object] = {}
    for e in tr.exchanges:
        if e.direction == "rx" and e.kind == "raw" and e.label:
            c = e.meta.get("conn")
            if e.label in conn_of and conn_of[e.label] != c:
                continue
            conn_of[e.label] = c
            prev = out.get(e.label, (b"", ""))
            out[e.label] = (prev[0] + e.data, str(e.meta.get("end", "")))
    return out
