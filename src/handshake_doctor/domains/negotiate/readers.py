"""Each protocol's pure reader, by protocol name (transcript in, Reading out)."""

from __future__ import annotations

from typing import Callable

from ...transcript import Transcript
from . import mail, mysql, postgres
from . import redis_mqtt_ldap as rml
from .reading import CLOSED, OTHER, SILENT, TLS, Reading


def with_tls_identify(read: Callable[[Transcript], Reading]) -> Callable[[Transcript], Reading]:
    """A port that was silent, closed or sent a TLS record at the opening, and completed a TLS
    handshake on a fresh connection, is an implicit-TLS port."""
    def reader(tr: Transcript) -> Reading:
        r = read(tr)
        tried = [e for e in tr.events("tls_handshake") if e.meta.get("purpose") == "identify"]
        if r.answered in (SILENT, CLOSED, TLS, "") and tried and (tried[0].meta.get("ok") or tried[0].meta.get("chain")):
            r.answered = TLS
            from ...model import Evidence

            r.evidence.append(Evidence("message", f"a TLS handshake on a fresh connection completed ({tried[0].meta.get('version') or 'certificate received'})", "TLS handshake"))
        found = tr.events("identified")
        if r.answered in (SILENT, CLOSED) and found and found[0].meta.get("name") not in ("", None, r.protocol, "text", "binary"):
            r.answered, r.other = OTHER, str(found[0].meta["name"])
            from ...model import Evidence

            r.evidence.append(Evidence("message", str(found[0].meta.get("said", "")), "what answers instead"))
        return r
    return reader


READERS: dict[str, Callable[[Transcript], Reading]] = {
    "postgres": with_tls_identify(postgres.read),
    "mysql": with_tls_identify(mysql.read),
    "smtp": with_tls_identify(mail.read_smtp),
    "imap": with_tls_identify(mail.read_imap),
    "pop3": with_tls_identify(mail.read_pop3),
    "ftp": with_tls_identify(mail.read_ftp),
    "redis": with_tls_identify(rml.read_redis),
    "mqtt": with_tls_identify(rml.read_mqtt),
    "ldap": with_tls_identify(rml.read_ldap),
}
