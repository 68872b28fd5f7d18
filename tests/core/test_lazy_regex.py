"""The literal-needle pre-check must never hide a real match (soundness), for every pattern in use."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handshake_doctor.knowledge import table as kt
from handshake_doctor.knowledge.table import needle_of, rx

SAMPLES = [
    "0x68", "Handshaking... error: unexpected response 0x68", "SW=6881", "6C10", "0A00042E",
    "avrdude: stk500_recv(): not in sync: resp=0x68", "Echo mismatch: got array('B', [160]), expected 5f",
    "curl: (35) OpenSSL/3.0.22: error:0A00010B:SSL routines::wrong version number", "0x8010000B",
    "68 03 03 68 08 01 72 7B 16", "A fatal error occurred: Failed to connect to ESP32: Invalid head of packet (0x68)",
]


def _patterns_in_use() -> list[tuple[str, int]]:
    from handshake_doctor.engine import explain

    for s in SAMPLES:
        explain(s)
    return sorted(kt._CACHE)


def test_needles_on_known_shapes() -> None:
    assert needle_of(r"not in sync: resp=0x([0-9a-f]{2})") == "not in sync: resp=0x"
    assert needle_of(r"colou?r name") in ("colo", "r name")
    assert needle_of(r"\b(sketch|console)\b") == ""
    assert needle_of(r"a{2}bcde") == "bcde"
    assert rx(r"wrong version number").search("SSL: WRONG VERSION NUMBER")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_needle_is_in_every_match(data) -> None:  # type: ignore[no-untyped-def]
    patterns = _patterns_in_use()
    assert patterns, "no pattern was used"
    for pattern, flags in patterns:
        needle = needle_of(pattern)
        if not needle:
            continue
        try:
            compiled = re.compile(pattern, flags)
            s = data.draw(st.from_regex(compiled, fullmatch=False), label=pattern)
        except Exception:  # patterns hypothesis cannot generate from (lookbehinds...)
            continue
        hay = s.lower() if flags & re.IGNORECASE else s
        if compiled.search(s):
            assert needle in hay, (pattern, needle, s)
