"""``hsdoctor probe pcsc://`` against a real pcscd + vpcd + scripted cards (tests/smartcard_probe/lab.py).

Each scripted card has one problem; that problem must be the top finding. Several cards go
through the real command line (``--json``, the subprocess inherits PCSCLITE_CSOCK_NAME), the
others through the Python API. The cards' logs are the judges of what the probe sent.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import pytest

from hsd_testing import hsdoctor  # tests/conftest.py

from handshake_doctor.domains.smartcard import card_apdu as A
from handshake_doctor.domains.smartcard.probe import probe

from . import lab as L
from .conftest import SLOT0, SLOT1, holding

pytestmark = pytest.mark.peer

MAX_APDUS = 16  # the whole card probe stays under this many APDUs (11-13 measured)
MAX_PROBE_MS = 1000.0


def api(target: str = "pcsc://", **kw: object):  # type: ignore[no-untyped-def]
    ns = argparse.Namespace(timeout=5.0, apdu=None, aid=None, json=True, no_color=True)
    for k, v in kw.items():
        setattr(ns, k, v)
    return probe(target, ns)


def cli_json(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, dict]:
    r = hsdoctor("probe", *args, "--json", env=env, timeout=timeout)
    assert r.stdout, f"no JSON output; rc={r.returncode} stderr={r.stderr!r}"
    assert "Traceback" not in r.stderr
    return r.returncode, json.loads(r.stdout)


def codes(d: dict) -> list[str]:
    return [f["code"] for f in d["findings"]]


# ---- the scripted cards: each card's problem is findings[0] --------------------------------

@pytest.mark.parametrize(
    ("card", "top", "also"),
    [
        ("t0", "smartcard.wrong_le", "smartcard.get_response_needed"),
        ("cla_restricted", "smartcard.logical_channel_unsupported", "smartcard.secure_messaging_unsupported"),
        ("no_cla_80", "smartcard.class_unsupported", None),
        ("bad_atr", "smartcard.atr_invalid", None),
    ],
)
def test_cli_top_finding_is_the_cards_problem(lab, card: str, top: str, also: str | None) -> None:
    c = lab.insert(card)
    before = len(c.apdus())
    rc, d = cli_json("pcsc://")
    assert rc == 1, d
    assert codes(d)[0] == top, codes(d)
    if also:
        assert also in codes(d)
    sent = c.apdus()[before:]
    assert 0 < len(sent) <= MAX_APDUS, sent
    assert d["elapsed_ms"] <= MAX_PROBE_MS


def test_plain_card_is_healthy_fast_and_bounded(lab) -> None:
    c = lab.insert("plain")
    before = len(c.apdus())
    t0 = time.perf_counter()
    diag = api("pcsc://")
    wall_ms = (time.perf_counter() - t0) * 1000
    assert [f.code for f in diag.findings] == ["smartcard.ok"], [(f.code, f.summary) for f in diag.findings]
    assert diag.exit_code == 0
    assert wall_ms <= MAX_PROBE_MS, wall_ms
    sent = c.apdus()[before:]
    assert 0 < len(sent) <= MAX_APDUS
    # every step that ran says how long it took; the chaining check left no chain open
    assert all(s.elapsed_ms is not None for s in diag.steps if s.status == "ran")
    assert sent[sent.index("10A4000C023F00") + 1] == "00A4000C023F00"


def test_t0_card_get_response_data_and_resent_le_are_shown(lab) -> None:
    c = lab.insert("t0")
    diag = api("pcsc://")
    by = {f.code: f for f in diag.findings}
    gr = by["smartcard.get_response_needed"]
    assert gr.data["data"] == "0102030405060708" and gr.data["final_sw"] == "9000"
    assert by["smartcard.wrong_le"].data["right_le"] == 0x0A
    log = c.apdus()
    assert "00CA9F7F0A" in log and "00C0000008" in log  # the probe did the re-send and the GET RESPONSE


def test_user_apdu_is_explained_in_context(lab) -> None:
    lab.insert("cla_restricted")
    diag = api("pcsc://", apdu="0C A4 00 0C 02 3F 00")
    top = diag.findings[0]
    assert top.code == "smartcard.secure_messaging_unsupported"
    assert top.summary.startswith("Your APDU got 6882")
    assert "secure-messaging bits" in top.detail and top.data["rejected_cla"]["0C"] == "6882"
    assert "00" in top.data["accepted_cla"]


def test_user_apdu_61xx_is_followed_by_get_response(lab) -> None:
    lab.insert("t0")
    diag = api("pcsc://", apdu="00CA9F7F0A")
    assert diag.findings[0].code == "smartcard.get_response_needed"
    assert diag.findings[0].summary.startswith("Your APDU")


def test_aid_not_on_card_is_file_not_found(lab) -> None:
    lab.insert("plain")
    rc, d = cli_json("pcsc://", "--aid", "A0 00 00 00 01 02 03")
    assert rc == 1 and codes(d)[0] == "smartcard.file_not_found"
    d_ok = api("pcsc://", aid="A0000000041010")
    assert d_ok.findings[0].code == "smartcard.ok"


# ---- readers, cards and services that are not there -----------------------------------------

def test_empty_slot_is_no_card(lab) -> None:
    lab.insert("plain")
    for target in (f"pcsc://{SLOT1.replace(' ', '%20')}", "pcsc://1"):
        diag = api(target)
        assert diag.findings[0].code == "smartcard.no_card", target
        assert diag.exit_code == 1


def test_unknown_reader_is_no_reader(lab) -> None:
    lab.insert("plain")
    rc, d = cli_json("pcsc://No Such Reader")
    assert rc == 1 and codes(d)[0] == "smartcard.no_reader"
    assert SLOT0 in d["findings"][0]["detail"]


def test_no_pcscd_is_no_service(lab, tmp_path: Path) -> None:
    nobody = tmp_path / "nobody.comm"  # nobody listens here
    t0 = time.perf_counter()
    rc, d = cli_json("pcsc://", env={"PCSCLITE_CSOCK_NAME": str(nobody)})
    assert rc == 1 and codes(d) == ["smartcard.no_service"]
    fix_cmds = " ".join(f["command"] for f in d["findings"][0]["fixes"])
    assert "systemctl start pcscd" in fix_cmds and "pcscd -f" in fix_cmds
    assert time.perf_counter() - t0 < 10


def test_pcscd_without_readers_is_no_reader(lab, tmp_path: Path) -> None:
    empty = L.Pcscd(tmp_path, readers=0)
    try:
        empty.start()
        rc, d = cli_json("pcsc://", env={"PCSCLITE_CSOCK_NAME": empty.socket_path})
    finally:
        empty.stop()
    assert rc == 1 and codes(d)[0] == "smartcard.no_reader", d


# ---- contention ----------------------------------------------------------------------------

def test_exclusive_holder_is_sharing_violation(lab) -> None:
    lab.insert("plain")
    with holding("exclusive", SLOT0) as holder:
        t0 = time.perf_counter()
        rc, d = cli_json("pcsc://")
        took = time.perf_counter() - t0
    top = d["findings"][0]
    assert rc == 1 and top["code"] == "smartcard.sharing_violation"
    assert "0x8010000B" in top["evidence"][0]["value"]
    assert any(c.startswith(f"PID {holder.pid} ") for c in top["data"]["candidates"]), top["data"]
    assert took < 5  # immediate error, not a wait


def test_transaction_holder_is_transaction_held_and_the_cli_exits(lab) -> None:
    lab.insert("plain")
    with holding("transaction", SLOT0) as holder:
        t0 = time.perf_counter()
        rc, d = cli_json("pcsc://", "--timeout", "3", timeout=20)
        took = time.perf_counter() - t0
        assert holder.poll() is None  # still holding: the probe did not break it
    top = d["findings"][0]
    assert rc == 1 and top["code"] == "smartcard.transaction_held", codes(d)
    assert top["data"]["blocked_call"] == "SCardConnect" and top["data"]["waited_ms"] >= 900
    assert took < 10, took
    # after the holder let go, the card works again
    assert api("pcsc://").findings[0].code == "smartcard.ok"


def test_transaction_holder_through_the_api_leaves_no_handle(lab) -> None:
    lab.insert("plain")
    with holding("transaction", SLOT0):
        diag = api("pcsc://", timeout=2.0)
    assert diag.findings[0].code == "smartcard.transaction_held"
    # the abandoned SCardConnect returns once the holder lets go and cleans up after itself
    deadline = time.monotonic() + 5
    ok = None
    while time.monotonic() < deadline:
        ok = api("pcsc://")
        if ok.findings[0].code == "smartcard.ok":
            break
        time.sleep(0.05)
    assert ok is not None and ok.findings[0].code == "smartcard.ok"


# ---- safety ---------------------------------------------------------------------------------

@pytest.mark.parametrize("apdu", ["00 20 00 80 08 31 32 33 34 FF FF FF FF", "00D6000002AABB", "80E60C0000",
                                  "00E40000023F00", "FFCA000000", "00DA0101021234", "8050000008AABBCCDDEEFF0011"])
def test_forbidden_user_apdu_is_refused_before_any_pcsc_call(lab, apdu: str) -> None:
    c = lab.insert("plain")
    before = len(c.apdus())
    r = hsdoctor("probe", "pcsc://", "--apdu", apdu)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "refused" in r.stderr
    assert len(c.apdus()) == before


def test_bad_targets_and_options_are_usage_errors(lab) -> None:
    for args in (["pcsc://x?y"], ["pcsc://", "--apdu", "00A4"], ["pcsc://", "--apdu", "zz"], ["pcsc://", "--aid", ""],
                 ["pcsc://", "--aid", "00" * 17]):
        r = hsdoctor("probe", *args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr


def test_zz_no_forbidden_instruction_ever_reached_a_card(lab) -> None:
    """Runs last in this module: every APDU every scripted card received is a read-only command."""
    logs = sorted(Path(lab.root).glob("card-*.log"))
    assert logs
    total = 0
    for log in logs:
        for line in log.read_text().splitlines():
            if not line.startswith("APDU "):
                continue
            raw = bytes.fromhex(line[5:])
            total += 1
            assert raw[1] not in A.FORBIDDEN_INS, line
            assert raw[1] in A.PROBE_INS or raw[1] in A.READ_ONLY_INS, line
            assert raw[0] != 0xFF, line
    assert total > 20
