"""The Optiboot simulator judged by the real avrdude 7.1 (facts/serial.md §3.1, §3.2)."""

from __future__ import annotations

from hsd_testing import require_peer

from .conftest import run_tool

AVRDUDE = ("avrdude", "-c", "arduino", "-p", "m328p")


def test_avrdude_reads_signature(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("avrdude")
    with sim("avr") as s:
        res = run_tool(*AVRDUDE, "-P", s.path, "-b", "115200", timeout=60)
        names = s.names()
    assert res.returncode == 0, res.stdout
    assert "device signature = 0x1e950f" in res.stdout
    assert "GET_SYNC" in names and "READ_SIGN" in names


def test_avrdude_other_part_signature(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("avrdude")
    with sim("avr", "--part", "m168") as s:
        res = run_tool(*AVRDUDE, "-P", s.path, "-b", "115200", "-F", timeout=60)
    assert "0x1e9406" in res.stdout, res.stdout


def test_sketch_mode_gives_resp_0x68(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("avrdude")
    with sim("avr", "--mode", "sketch") as s:
        res = run_tool(*AVRDUDE, "-P", s.path, "-b", "115200", timeout=90)
        recs = s.records()
    assert res.returncode != 0
    assert "not in sync: resp=0x68" in res.stdout, res.stdout
    assert recs and all(r["verdict"] == "ignored" for r in recs)  # the sketch saw avrdude's bytes


def test_chip_erase_is_refused_and_recorded(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("avrdude")
    with sim("avr") as s:
        res = run_tool(*AVRDUDE, "-P", s.path, "-b", "115200", "-e", timeout=90)
        recs = s.records()
    assert res.returncode != 0 or "error" in res.stdout.lower(), res.stdout
    bad = [r for r in recs if r["changes_device"]]
    assert bad, recs
    assert all(r["verdict"] == "refused" for r in bad)
    assert bad[0]["raw"].startswith("56 ac 80")  # UNIVERSAL chip erase instruction
