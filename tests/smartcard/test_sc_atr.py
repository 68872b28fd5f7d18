"""The pure ATR parser: never raises, finds what is wrong, and agrees with pcsc-tools' ATR_analysis."""

from __future__ import annotations

import os
import random
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hsd_testing import require_peer  # tests/conftest.py (rootdir conftest)
from handshake_doctor.domains.smartcard import atr as A
from handshake_doctor.domains.smartcard import atr_names as N

LIST = "/usr/share/pcsc/smartcard_list.txt"
VSMARTCARD = bytes.fromhex("3B95138101807" "3FF01000B")
T0_ONLY = bytes.fromhex("3B021450")
PCSC_CL = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
JCOP = bytes.fromhex("3BDC18FF8191FE1FC38073C821136605036351000250")
GOOD = (VSMARTCARD, T0_ONLY, PCSC_CL, JCOP)


@given(st.binary(max_size=64))
@settings(max_examples=500, deadline=None)
def test_any_bytes_parse_without_raising(data: bytes) -> None:
    a = A.parse(data)
    assert a.raw == data
    assert isinstance(a.problems, list) and a.summary()
    if data and data[0] not in (0x3B, 0x3F):
        assert a.problems, "a bad TS must be reported"
    if len(data) > A.MAX_ATR:
        assert any("at most" in p for p in a.problems)


@given(st.lists(st.integers(-5, 300), max_size=40))
def test_int_lists_are_masked_not_fatal(values: list[int]) -> None:
    A.parse(values)  # never raises


@pytest.mark.parametrize("atr", GOOD, ids=lambda b: b.hex())
def test_good_atrs_have_no_problem(atr: bytes) -> None:
    a = A.parse(atr)
    assert a.ok, a.problems
    assert a.convention == "direct"


@pytest.mark.parametrize("atr", GOOD, ids=lambda b: b.hex())
def test_every_strict_prefix_is_truncated_and_extra_bytes_are_reported(atr: bytes) -> None:
    for n in range(1, len(atr)):
        a = A.parse(atr[:n])
        assert a.problems, f"prefix of {n} bytes accepted"
        assert any("truncated" in p or "TCK" in p for p in a.problems), (n, a.problems)
    a = A.parse(atr + b"\x00\x42")
    assert any("after the end" in p for p in a.problems), a.problems


@pytest.mark.parametrize("atr", (VSMARTCARD, PCSC_CL, JCOP), ids=lambda b: b.hex())
def test_a_wrong_tck_is_found_and_the_right_one_given(atr: bytes) -> None:
    for delta in (1, 0x80, 0xFF):
        bad = atr[:-1] + bytes([atr[-1] ^ delta])
        a = A.parse(bad)
        assert a.tck_ok is False
        assert any(f"right TCK is {atr[-1]:02X}" in p for p in a.problems), a.problems


def test_tck_presence_rule() -> None:
    # T=0 only: no TCK expected; T=1 offered: TCK required.
    assert A.parse(T0_ONLY).tck is None and A.parse(T0_ONLY).tck_ok is None
    assert A.parse(VSMARTCARD).tck_ok is True


@given(st.integers(0, 255))
def test_inverse_convention_decoding_is_an_involution(b: int) -> None:
    assert A.inverse_to_direct(A.inverse_to_direct(b)) == b


def test_ts_03_is_recognised_as_inverse_read_as_direct() -> None:
    assert A.inverse_to_direct(0x03) == 0x3F
    a = A.parse(bytes([0x03]) + bytes(A.inverse_to_direct(b) for b in T0_ONLY[1:]))
    assert a.convention == "inverse" and any("inverse" in p for p in a.problems)
    assert a.historical == T0_ONLY[2:], "after undoing the convention, the body must decode"


def test_decoded_fields() -> None:
    a = A.parse(VSMARTCARD)
    assert (a.clock_rate_factor, a.baud_rate_factor, a.protocols, a.etu_clocks) == (372, 4, [1], 93.0)
    assert a.category == 0x80 and [t.tag for t in a.tlv] == [7]
    j = A.parse(JCOP)
    assert j.guard_time_n == 0xFF and j.ifsc == 0xFE and j.classes.startswith("A (5 V), B (3 V)")
    assert j.logical_channels == 4
    c = A.parse(PCSC_CL)
    assert c.pcsc_contactless and c.protocols == [0, 1]


# --- cross-check with the real pcsc-tools ----------------------------------------------------------
def _atr_analysis(atr: bytes) -> str:
    require_peer("ATR_analysis")
    with tempfile.TemporaryDirectory() as home:  # facts/smartcard.md gotcha 10: no ~/.cache writes
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home)
        r = subprocess.run(["ATR_analysis", " ".join(f"{b:02X}" for b in atr)], capture_output=True, text=True, timeout=30, env=env)
    return re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)


def _random_list_atrs(n: int) -> list[bytes]:
    lines = Path(LIST).read_text(errors="replace").splitlines()
    literal = [ln for ln in lines if ln and not ln.startswith(("#", "\t")) and re.fullmatch(r"[0-9A-F]{2}( [0-9A-F]{2})*", ln.strip())]
    rng = random.Random(7816)
    picked = [bytes.fromhex(x.replace(" ", "")) for x in rng.sample(literal, 40)]
    return [p for p in picked if A.parse(p).ok][:n]


def _compare(atr: bytes) -> None:
    out = _atr_analysis(atr)
    a = A.parse(atr)
    assert ("Direct Convention" in out) == (a.convention == "direct")
    m = re.search(r"K: (\d+) \(historical bytes\)", out)
    assert m and int(m.group(1)) == len(a.historical)
    m = re.search(r"Fi=(\d+), Di=(\d+)", out)
    if m:
        assert (int(m.group(1)), int(m.group(2))) == (a.clock_rate_factor, a.baud_rate_factor)
    theirs = [int(x) for x in re.findall(r"Protocol T = (\d+)", out) if int(x) != 15]
    assert sorted(set(theirs or [0])) == sorted(a.protocols), (theirs, a.protocols)
    if "correct checksum" in out:
        assert a.tck_ok is True
    m = re.search(r"Historical bytes: ([0-9A-F ]+)", out)
    if m:
        assert bytes.fromhex(m.group(1).replace(" ", "")) == a.historical
    m = re.search(r"IFSC: (\d+)", out)
    if m:
        assert a.ifsc == int(m.group(1))
    if "Possibly identified card" in out:
        names = A.lookup_card_name(atr)
        described = {ln.strip() for ln in out.split("Possibly identified card", 1)[1].splitlines() if ln.startswith("\t")}
        assert names and set(names) <= described, (names, described)


@pytest.mark.parametrize("atr", GOOD, ids=lambda b: b.hex())
def test_agrees_with_atr_analysis(atr: bytes) -> None:
    _compare(atr)


def test_agrees_with_atr_analysis_on_atrs_from_the_installed_list() -> None:
    require_peer("ATR_analysis", LIST)
    atrs = _random_list_atrs(4)
    assert len(atrs) >= 3
    for atr in atrs:
        _compare(atr)


# --- card names read at run time ------------------------------------------------------------------
def test_lookup_reads_the_format_with_wildcards(tmp_path: Path) -> None:
    # Synthetic entries written for this test (the real list is GPL and never copied here).
    lst = tmp_path / "list.txt"
    lst.write_text(
        "# comment\n"
        "3B 02 14 50\n\tTest card one\n\thttps://example.invalid/one\n\n"
        "3B 8F 80 01 80 4F 0C A0 00 00 03 06 .. 00 01 00 00 00 00 ..\n\tTest contactless\n\n"
        "3B 9[4-6] 13 81 01 80 73 FF 01 00 0.\n\tTest class pattern\n"
    )
    assert N.lookup(T0_ONLY, str(lst)) == ["Test card one", "https://example.invalid/one"]
    assert N.lookup(PCSC_CL, str(lst)) == ["Test contactless"]
    assert N.lookup("3b:95:13:81:01:80:73:ff:01:00:0b", str(lst)) == ["Test class pattern"]
    assert N.lookup(JCOP, str(lst)) == []
    assert N.lookup(b"", str(lst)) == []
    assert N.lookup(T0_ONLY, str(tmp_path / "missing.txt")) == []


def test_lookup_against_the_installed_list() -> None:
    require_peer(LIST)
    names = A.lookup_card_name(VSMARTCARD)
    assert any("vsmartcard" in n.lower() for n in names), names
