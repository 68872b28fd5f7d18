"""Coverage of the TLS/HTTP message inventory: every inventoried message yields its own finding.

Each entry of domains/tls/messages_*.py (and the OpenSSL reason and X509 tables read from the
library) is rendered with sample values, alone and inside a few realistic log lines, and run
through ``handshake_doctor.explain``: the entry's code must be findings[0] and the tls or http
domain must rank first (an HTTP-layer message often has the tls domain first: both read it). Counts per stack and version are printed (pytest -s) and the totals are
checked against a floor, so a module dropped from inventory.MODULES is noticed.
"""

from __future__ import annotations

from collections import Counter

import pytest

import handshake_doctor as hd
from handshake_doctor.domains.tls import inventory, messages_openssl
from handshake_doctor.domains.tls.inventory import StackMessage, render

#: log lines a message arrives in; none adds a word that would point elsewhere
WRAPPERS = (
    "{msg}",
    "2026-12-03 12:00:01,532 ERROR [main] request failed: {msg}",
    "level=error ts=2026-12-03T12:00:01Z caller=client.go:88 msg=\"call failed\" err=\"{msg}\"",
    "[Thu Dec 03 12:00:01 2026] [error] [pid 4242] {msg}\n[Thu Dec 03 12:00:02 2026] [info] retrying in 5s",
)


def _openssl_table_entries() -> list[StackMessage]:
    """The reason and X509 rows read from OpenSSL 3.0.19, as the lines OpenSSL prints them in."""
    out = []
    for r in messages_openssl.REASONS:
        out.append(StackMessage("openssl", "3.x reasons", f"error:{(20 << 23) | r.reason:08X}:SSL routines::{r.text}", r.code, r.meaning, r.source))
    for x in messages_openssl.X509:
        out.append(StackMessage("openssl", "3.x x509", f"verify error:num={x.number}:{x.text}", x.code, x.text, x.source))
    return out


def _all() -> list[StackMessage]:
    return list(inventory.entries()) + _openssl_table_entries()


ENTRIES = _all()


def _case_id(e: StackMessage) -> str:
    return f"{e.stack}-{e.message[:50]}"


#: Known misses since the context gate and the inventories met (to fix in the gate, not here).

@pytest.mark.parametrize("entry", ENTRIES, ids=[_case_id(e) for e in ENTRIES])
def test_every_inventoried_message_yields_its_finding(entry: StackMessage) -> None:
    msg = render(entry.message)
    for wrapper in WRAPPERS:
        text = wrapper.format(msg=msg)
        d = hd.explain(text)
        assert d.findings, f"nothing recognised: {text!r}"
        got = d.findings[0].code
        assert got == entry.code, f"{entry.stack} {entry.versions}: {text!r} -> {got} (want {entry.code}); all: {[f.code for f in d.findings]}"
        assert d.domains[0].name in ("tls", "http"), f"{text!r}: {d.domains[0].name} ranks first, not tls/http"


def test_entries_are_well_formed_and_counted() -> None:
    from handshake_doctor.codes import all_codes

    declared = {c.code for c in all_codes()}
    for e in ENTRIES:
        assert e.code in declared, e
        assert e.source and e.meaning and e.stack and e.versions, e
        assert e.code.startswith(("tls.", "http.")), e
    per_stack = Counter(e.stack for e in ENTRIES)
    per_version = Counter((e.stack, e.versions) for e in ENTRIES)
    print(f"\nTLS/HTTP inventory: {len(ENTRIES)} messages, {len(per_stack)} stacks")
    for stack, n in sorted(per_stack.items()):
        print(f"  {stack:14} {n:4}")
        for (s, v), m in sorted(per_version.items()):
            if s == stack:
                print(f"      {v:28} {m:4}")
    assert len(ENTRIES) >= 700 and len(per_stack) >= 20, (len(ENTRIES), per_stack)


def test_patterns_are_bounded() -> None:
    """Derived patterns only use bounded repeats: the regex-bounds scan has nothing to chase."""
    import re

    unbounded = re.compile(r"(?<!\\)[*+]|\{\d+,\}")
    for row in inventory.message_rows("tls.") + inventory.message_rows("http."):
        assert not unbounded.search(row.pattern), row.pattern


def test_every_entry_passes_the_cheap_gate() -> None:
    """inventory.GATE keeps the data unimported for other text; no entry may fall outside it."""
    for e in ENTRIES:
        assert inventory.may_concern(render(e.message).lower()), e.message


def test_own_patterns_have_no_alternation() -> None:
    """needle_of takes an own pattern's longest literal run as required: true only without '|'."""
    for e in inventory.entries():
        if e.regex:
            assert "|" not in e.regex, e.pattern
            assert len(inventory.needle_of(e)) >= 8, e.pattern


def test_the_needle_index_is_current() -> None:
    """inventory_index.py is generated from the data modules; regenerate it after editing them:
    python -m handshake_doctor.domains.tls.inventory > src/handshake_doctor/domains/tls/inventory_index.py"""
    from pathlib import Path

    path = Path(inventory.__file__).with_name("inventory_index.py")
    assert path.read_text() == inventory.index_source()


def test_patterns_stay_linear_on_hostile_text() -> None:
    """Every inventory pattern and every concept alternative, run on its own literal words next to
    20 000 copies of each character a placeholder class could swallow: none may hang (the same
    check as tests/core/test_regex_bounds.py, which only sees patterns explain has already built)."""
    import re
    import signal
    import time

    from handshake_doctor.domains.tls import concepts
    from handshake_doctor.knowledge.table import split_top_level

    pats = [(inventory.needle_of(e), e.pattern or inventory.pattern_of(e.message)) for e in inventory.entries()]
    pats += [("certificate", alt) for c in concepts.CONCEPTS for alt in split_top_level(c.pattern)]

    def _alarm(*_a):  # type: ignore[no-untyped-def]
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for needle, pattern in pats:
            rx = re.compile(pattern, re.IGNORECASE)
            for ch in "a0 _.-/'\":\t,=(":
                text = needle + ch * 20_000 + needle
                signal.setitimer(signal.ITIMER_REAL, 2.0)
                t0 = time.perf_counter()
                try:
                    rx.search(text)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                assert time.perf_counter() - t0 < 1.0, (pattern, repr(ch))
    finally:
        signal.signal(signal.SIGALRM, old)
