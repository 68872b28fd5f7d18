"""The lab itself: the private pcscd sees the scripted card, with the ATR the script gives."""

from __future__ import annotations

from . import lab as L
from .cards import ATR_T1
from .conftest import SLOT0, SLOT1


def test_private_pcscd_lists_two_slots_and_the_card_is_present(lab) -> None:
    lab.insert("plain")
    readers = L.list_readers()
    assert readers == [SLOT0, SLOT1]
    L.wait_card_atr(SLOT0, bytes.fromhex(ATR_T1), timeout=2)
