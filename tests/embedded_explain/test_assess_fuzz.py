"""Every assess() of the embedded domains survives any input, and stays pure and bounded."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.model import Assessment
from handshake_doctor.textparse import parse

MODULES = [
    "handshake_doctor.domains.serial.explain",
    "handshake_doctor.domains.bootloaders.mtk.explain",
    "handshake_doctor.domains.bootloaders.stm32.explain",
    "handshake_doctor.domains.bootloaders.esp.explain",
    "handshake_doctor.domains.bootloaders.avr.explain",
    "handshake_doctor.domains.meter.explain",
]
FRAGMENTS = [
    "avrdude: stk500_recv(): not in sync: resp=0x", "Echo mismatch: got array('B', [", "]), expected ",
    "Invalid head of packet (0x", "Wrong boot mode detected (0x", "result was 01", "Device ID: 0x",
    "Got NACK from device on command 0x", "Unexpected reply from device on command 0x", "HW code: 0x",
    "Target config: 0x", "0e8d:", "68 ", "FE FE ", "E5", "10 5B FE 59 16", "Expected signature for ATmega328P is ",
    "Device signature = 0x", "[Errno 13] Permission denied", "M-Bus", "esp32", "stm32", "phone", "0x7024", "\n",
]
_assessors = [importlib.import_module(m).assess for m in MODULES]


def _check(text: str) -> None:
    p = parse(text)
    for assess in _assessors:
        a = assess(p)
        assert a is None or isinstance(a, Assessment)
        if a is not None:
            assert 0.0 <= a.score <= 1.0
            for f in a.findings:
                assert 0.0 <= f.confidence <= 1.0 and f.code.startswith(f.domain)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12), st.from_regex(r"[0-9a-fA-F]{1,4}", fullmatch=True)), max_size=12))
def test_assess_never_raises_on_mixed_fragments(parts: list[str]) -> None:
    _check("".join(parts))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_assess_never_raises_on_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=80))
def test_assess_never_raises_on_pasted_hex(data: bytes) -> None:
    _check(" ".join(f"{b:02X}" for b in data))
