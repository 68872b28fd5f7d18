"""``hsdoctor simulate DEVICE --transcript FILE``: the simulator's side of every exchange, as a
transcript; checked against the probe's own ``--record`` of the same conversation (two
independent recorders, one on each end of a real pty)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handshake_doctor.transcript import RX, TX, Transcript
from hsd_testing import ROOT

from .conftest import start_sim


def test_both_ends_record_the_same_conversation(tmp_path: Path) -> None:
    sim_file = tmp_path / "sim.json"
    probe_file = tmp_path / "probe.json"
    with start_sim("stm32", "--transcript", str(sim_file), tmp=tmp_path) as sim:
        r = subprocess.run([sys.executable, "-m", "handshake_doctor", "probe", f"serial://{sim.path}", "--json", "--listen", "0.3",
                            "--timeout", "6", "--record", str(probe_file)], capture_output=True, text=True, timeout=60,
                           cwd=str(ROOT))
        assert r.returncode in (0, 1), r.stderr
    probe_doc = json.loads(r.stdout)
    assert probe_doc["findings"][0]["code"] == "bootloader.stm32.found", probe_doc["findings"]
    dev = Transcript.from_dict(json.loads(sim_file.read_text()))
    host = Transcript.from_dict(json.loads(probe_file.read_text()))
    assert dev.source == "simulate" and dev.meta["side"] == "device" and host.source == "probe"
    # what the host wrote is what reached the device, byte for byte (a pty carries bytes unchanged)
    wrote = b"".join(e.data for e in host.sent())
    heard = b"".join(e.data for e in dev.received())
    assert wrote and heard == wrote
    # the device's side names the commands it decoded, and its replies are what the host read
    labels = [e.label for e in dev.received()]
    assert any("GET_ID" in x for x in labels), labels
    replies = b"".join(e.data for e in dev.exchanges if e.direction == TX)
    assert b"\x79" in replies
    assert all(e.settings.get("baud") and e.settings.get("framing") for e in dev.exchanges)
    assert all(e.direction in (RX, TX) for e in dev.exchanges)


def test_an_unwritable_transcript_is_a_usage_error(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "handshake_doctor", "simulate", "gps", "--transcript", "/nonexistent-dir/t.json"],
                       capture_output=True, text=True, timeout=30, cwd=str(ROOT))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "cannot open" in r.stderr
