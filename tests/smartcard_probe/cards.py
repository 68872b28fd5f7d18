"""The scripted cards of the probe tests: one problem each (scripts for scripted_card.py)."""

from __future__ import annotations

ATR_T1 = "3B951381018073FF01000B"  # vsmartcard's iso7816 ATR: T=1, known to smartcard_list.txt
ATR_T0 = "3B021450"  # T=0 only
ATR_BAD_TCK = "3B951381018073FF01000C"  # same ATR with a wrong check byte

SELECT_MF = "A4000C023F00"
ANY_CLA = "(00|01|02|03|04|08|0C|10)"
KNOWN_AID = "A0000000041010"

_COMMON = [
    [f"00A4040C07{KNOWN_AID}", "9000"],
    ["00A4040C.*", "6A82"],
    ["00A40400.*", "6A82"],
]

PLAIN = {"atr": ATR_T1, "rules": [[ANY_CLA + SELECT_MF, "9000"], ["(00|80)CA9F7F00", "6A88"], *_COMMON], "default": "6D00"}

T0 = {
    "atr": ATR_T0,
    "rules": [
        [ANY_CLA + SELECT_MF, "9000"],
        ["00CA9F7F00", "6C0A"],  # wrong Le: wants 10 bytes
        ["00CA9F7F0A", "6108"],  # then: 8 bytes waiting
        ["00C0000008", "0102030405060708" + "9000"],
        ["80CA9F7F00", "6C0A"],
        *_COMMON,
    ],
    "default": "6D00",
}

CLA_RESTRICTED = {
    "atr": ATR_T1,
    "rules": [
        ["00" + SELECT_MF, "9000"],
        ["10" + SELECT_MF, "9000"],
        ["(01|02|03).*", "6881"],
        ["(04|08|0C).*", "6882"],
        ["(00|80)CA9F7F00", "6A88"],
        *_COMMON,
    ],
    "default": "6D00",
}

NO_CLA_80 = {"atr": ATR_T1, "rules": [[ANY_CLA + SELECT_MF, "9000"], ["00CA9F7F00", "6A88"], ["80.*", "6E00"], *_COMMON],
             "default": "6D00"}

BAD_ATR = dict(PLAIN, atr=ATR_BAD_TCK)

CARDS = {"plain": PLAIN, "t0": T0, "cla_restricted": CLA_RESTRICTED, "no_cla_80": NO_CLA_80, "bad_atr": BAD_ATR}
