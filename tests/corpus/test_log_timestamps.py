"""Log timestamps glued to a hex dump are not bytes (textparse).

Real pastes carry "[2023-04-03 16:54:27Z] RECV (168): 68 BE ..." or "10:23:45 68 04 07 ...": the
date and time of day must not become the first bytes of the frame, or every byte decoder (meter
frames, bootloader replies, TLS records) starts reading at the wrong place.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.textparse import parse

_dump = st.lists(st.integers(0, 255), min_size=3, max_size=24)
_clock = st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
_date = st.tuples(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 28))


def _hex(values: list[int]) -> str:
    return " ".join(f"{v:02X}" for v in values)


@settings(max_examples=200, deadline=None)
@given(_date, _clock, _dump, st.sampled_from(["", "[", "RECV: "]))
def test_date_and_time_before_a_dump_are_not_bytes(date, clock, dump, lead) -> None:  # type: ignore[no-untyped-def]
    y, mo, d = date
    h, mi, s = clock
    text = f"{lead}{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d} {_hex(dump)}"
    assert parse(text).byte_values == dump


@settings(max_examples=200, deadline=None)
@given(_clock, _dump)
def test_time_of_day_before_a_dump_is_not_bytes(clock, dump) -> None:  # type: ignore[no-untyped-def]
    h, mi, s = clock
    assert parse(f"{h:02d}:{mi:02d}:{s:02d} {_hex(dump)}").byte_values == dump


def test_single_separator_runs_stay_bytes() -> None:
    """Colon- and dash-separated dumps (fingerprints, MACs) keep every byte."""
    assert parse("de:ad:be:ef:00:11").byte_values == [0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x11]
    assert parse("AA-BB-CC").byte_values == [0xAA, 0xBB, 0xCC]
    assert parse("12:34:56").byte_values == [0x12, 0x34, 0x56]  # the whole input: the user pasted bytes


def test_a_libmbus_recv_line_decodes_from_the_frame_start() -> None:
    from handshake_doctor import explain

    d = explain("[2023-04-03 16:54:27Z] RECV (009): 68 03 03 68 08 01 72 7B 16")
    assert d.domains[0].name == "meter"
    assert d.findings[0].code == "meter.mbus"
