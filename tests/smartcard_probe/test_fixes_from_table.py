"""The PC/SC probe's findings take their fixes from the smartcard domain's one table (issue 13):
the APDU-layer checklist runs on every scripted card (no pcscd needed) and every fix it gives is a
rendered row of its finding's code."""

from __future__ import annotations

import pytest

from handshake_doctor.domains.smartcard import fixes as F
from handshake_doctor.domains.smartcard.probe_checks import run_checks

from .cards import CARDS
from .test_card_units import scripted


@pytest.mark.parametrize("name", sorted(CARDS))
@pytest.mark.parametrize("user_apdu", [None, bytes.fromhex("00CA9F7F00"), bytes.fromhex("03A4000C023F00")])
def test_probe_fixes_come_from_the_table(name: str, user_apdu: bytes | None) -> None:
    transmit, _ = scripted(name)
    res = run_checks(transmit, "pcsc://test", user_apdu=user_apdu)
    for f in res.findings:
        for fix in f.fixes:
            assert F.from_table(f.code, fix), (name, f.code, fix.summary)


def test_a_probe_and_explain_give_the_same_advice_for_a_code() -> None:
    import handshake_doctor as hd

    transmit, _ = scripted("cla_restricted")
    probe = {f.code: f.fixes for f in run_checks(transmit, "pcsc://test").findings}
    explained = {f.code: f.fixes for f in hd.explain("SW=6881").findings}
    for code in set(probe) & set(explained):
        assert [x.summary for x in probe[code]] == [x.summary for x in explained[code]], code
