"""TLS negotiated inside another protocol: PostgreSQL, MySQL/MariaDB, SMTP/submission, IMAP, POP3,
FTP, LDAP (STARTTLS and their implicit-TLS ports), Redis, MQTT; and ``probe host:port``."""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting
    """No explain reading of its own (pasted negotiation errors are read by database, tls and
    net); what it declares is what `hsdoctor run` offers to probe: a database or mail URL."""
    from ...knowledge.spotting_types import Spotting

    return Spotting(tools=(), context=(), checklist=(), carries=("tls", "net"))
