"""How the `database` domain reads an input: PostgreSQL SSLRequest answers and MySQL TLS errors (pure).

Why its own domain: PostgreSQL and MySQL negotiate TLS inside their own protocol (SSLRequest,
CLIENT_SSL), so "not TLS" has different causes and fixes (sslmode, ssl=on, require_secure_transport).
The tls domain still reads the TLS reason inside a MySQL "SSL connection error: ..." line.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...knowledge.table import rx
from ...model import Assessment, Evidence, Finding, Fix, Question
from ...textparse import ParsedInput
from ..tls.matching import Hit, findings_from_hits, match_rows, titles_of
from .codes import CODES
from .knowledge import MESSAGES, PG_SSL_ANSWERS

DOMAIN = "database"
TITLES = titles_of(CODES)

CUES = (
    Cue(r"\b(postgres(?:ql)?|psql|libpq|pg_hba|sslmode|mysql|mariadb|5432|3306|jdbc|psycopg2?|asyncpg|database|db)\b", 0.45, "database words in the text"),
    Cue(r"\b(apdu|smart ?card|avrdude|bootloader|baud|m-bus|esptool)\b", -0.3, "words of another field"),
)


def _answer_hits(parsed: ParsedInput) -> tuple[list[Hit], float, str]:
    values = parsed.byte_values
    m = rx(r"SSL negotiation: (.)").search(parsed.text)
    first = ord(m.group(1)) if m else (values[0] if len(values) == 1 else None)
    if first is None:
        if values[:8] == [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]:
            return [], 0.5, "the PostgreSQL SSLRequest (length 8, code 80877103)"
        return [], 0.0, ""
    by = {r.byte: r for r in PG_SSL_ANSWERS}
    row = by.get(first)
    ch = chr(first) if 0x20 <= first <= 0x7E else f"0x{first:02X}"
    if row is None:
        if not m:
            return [], 0.0, ""
        note = "'H' is the first letter of 'HTTP/': an HTTP server" if ch == "H" else "not a PostgreSQL answer"
        return [Hit("database.pg_not_postgres", 0.9, f"the SSLRequest was answered with '{ch}': {note}", Evidence("bytes", f"{first:02X}", "input", note), "PostgreSQL docs (SSLRequest answers are 'S' or 'N')")], 0.0, ""
    conf = 0.35 if not m else 0.9
    return [Hit(row.code, conf, f"'{ch}' after an SSLRequest: {row.meaning}", Evidence("bytes", f"{first:02X}", "input", row.meaning), row.source)], (0.15 if not m else 0.0), f"'{ch}' is PostgreSQL's answer to SSLRequest: {row.meaning}"


#: Every inventoried message's literal text contains one of these (tests/inventory checks it), so
#: an input without any does not load the inventory (cold start).
INVENTORY_ANCHORS = ("server", "connect", "ssl", "tls", "password", "authenticat", "denied", "host", "database",
                     "certificate", "key file", "private key", "sasl", "channel binding", "too many", "noauth",
                     "wrongpass", "redis", "ldap", "mongo", "sql", "plugin", "client", "socket", "slots", "broker",
                     "banned", "protocol", "does not exist", "topology", "replica set", "sspi", "login failed",
                     "max retries", "not_supported_auth")


def __getattr__(name: str) -> object:
    """``FIXES`` lives in fixes.py and loads only when needed (cold start); kept importable here."""
    if name == "FIXES":
        from .fixes import FIXES

        return FIXES
    raise AttributeError(name)


def _inventory(parsed: ParsedInput) -> list[Finding]:
    """The clients' own failure lines, read from their sources (tool_messages.py)."""
    if not any(a in parsed.lower for a in INVENTORY_ANCHORS):
        return []
    from ...knowledge import inventory as INV
    from .tool_messages import INVENTORY

    return INV.findings(parsed.text, INVENTORY, DOMAIN, _fixes_for)


def _fixes_for(code: str, keys: tuple[str, ...] = ()) -> list[Fix]:
    from .fixes import FIXES

    return list(FIXES.get(code, []))


def assess(parsed: ParsedInput) -> Assessment | None:
    hits = match_rows(parsed, MESSAGES.rows)
    answer_hits, byte_score, byte_meaning = _answer_hits(parsed)
    if any(h.code == "database.pg_not_postgres" for h in answer_hits):
        hits = [h for h in hits if h.code != "database.pg_not_postgres"]
    hits += answer_hits
    inventoried = _inventory(parsed)
    if not hits and not inventoried and byte_score <= 0:
        return None
    cue, reasons = apply_cues(parsed, CUES)
    strong = max([h.confidence for h in hits if h not in answer_hits or "SSL negotiation" in parsed.text]
                 + [f.confidence for f in inventoried], default=0.0)
    known = {h.code for h in hits}
    if any(f.confidence >= 0.9 and f.code not in known for f in inventoried):
        score = 0.97  # a client's own failure line, as its source writes it, that no older row reads
    elif strong >= 0.8:
        score = 0.95
    elif strong > 0.5:
        score = 0.75 + max(0.0, cue) / 2
    else:
        score = byte_score + cue
    from .fixes import FIXES  # loaded only when there is something to fix (cold start)

    findings = findings_from_hits(DOMAIN, hits, TITLES, FIXES, severity={"database.pg_ssl_accepted": "info"}, limit=3)
    have = {f.code for f in findings}
    for f in findings:  # a row that reads a client's inventoried line: the line's own finding (engine._specific)
        own = next((i for i in inventoried if i.code == f.code), None)
        if own is not None:
            f.data = {**own.data, **f.data}
    findings = sorted(findings + [f for f in inventoried if f.code not in have], key=lambda f: -f.confidence)[:4]
    meaning = byte_meaning or (findings[0].summary if findings else "")
    return Assessment(
        DOMAIN, min(1.0, score), meaning, (["a database client's or server's own message"] if strong >= 0.5 else ["a byte that PostgreSQL uses to answer SSLRequest"]) + reasons, findings,
        [Question("Is this a PostgreSQL or MySQL connection (port 5432/3306, psql, a JDBC URL)?", ("database", "tls"), "databases negotiate TLS inside their own protocol")],
    )
