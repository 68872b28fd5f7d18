"""Phrases that no known tool prints: the engine says so and asks for the real tool's log.

Why: the seed phrase "Handshaking... error: unexpected response 0x68" circulates on generated
web pages (facts/knowledge.md §4); a user who pastes it needs to hear that the wording is not a
tool's, and which tool output would settle the question.
"""

from __future__ import annotations

from ..record import record

from .table import Table


@record(frozen=True)
class WordingRow:
    pattern: str  # regular expression, case-insensitive
    note: str
    ask: str  # the question to ask the user
    source: str


UNATTRIBUTED = Table(
    "unattributed_wording",
    (
        WordingRow(
            r"handshaking\.{0,3}\s*error:?\s*unexpected\s+response",
            "No known tool prints the wording 'Handshaking... error: unexpected response'. It appears on "
            "generated web pages, not in the source of avrdude, esptool, stm32flash, mtkclient, OpenSSL or "
            "PC/SC stacks; treat it as a paraphrase. The byte is still worth decoding (below).",
            "Which program printed this? Paste its real log (e.g. avrdude -v, esptool, stm32flash, "
            "mtkclient --debugmode, openssl s_client, your card library) and the command you ran.",
            "facts/knowledge.md §4: public code, issue trackers and pages searched; only SEO pages carry it",
        ),
    ),
)

TABLES = (UNATTRIBUTED,)
