"""avrdude's signature line read as evidence: all 00 or all FF is no part's signature (avrdude's
own main.c calls both "invalid device signature"), so the line alone says no chip answered."""

from __future__ import annotations

import pytest

import handshake_doctor as hd


@pytest.mark.parametrize("sig", ["0x000000", "0xffffff", "0x000000 (retrying)"])
def test_an_all_00_or_ff_signature_is_no_chip(sig: str) -> None:
    top = hd.explain(f"avrdude: Device signature = {sig}").findings[0]
    assert top.code == "bootloader.avr.signature_mismatch"
    assert top.data["signature"] in ("000000", "FFFFFF") and top.fixes


def test_a_real_part_s_signature_is_no_failure() -> None:
    assert all(f.code != "bootloader.avr.signature_mismatch" for f in hd.explain("avrdude: Device signature = 0x1e950f (probably m328p)").findings)


def test_with_avrdude_s_own_verdict_there_is_one_finding_of_it() -> None:
    fs = hd.explain("avrdude: Device signature = 0x000000\navrdude: Yikes!  Invalid device signature.").findings
    assert fs[0].code == "bootloader.avr.signature_mismatch"
    assert sum(f.code == "bootloader.avr.signature_mismatch" for f in fs) == 1
