"""Issue 14 must-show: on the shared real UART recordings (sigrok-dumps, ground truth in
../shared/captures/serial/SOURCES.tsv) the rate, framing and polarity are right on every file,
and sigrok-cli decoding at the settings found gives the same bytes (an independent oracle)."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from hsd_testing import ROOT, require_peer
from handshake_doctor.logic.analyze_logic import analyze_logic
from handshake_doctor.logic.readers import read

CAPTURES = ROOT.parent / "shared" / "captures" / "serial"


def _rows() -> list[dict[str, str]]:
    path = CAPTURES / "SOURCES.tsv"
    if not path.exists():
        return []
    with path.open() as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _truth_channels(row: dict[str, str]) -> dict[str, bool]:
    """Channel name -> inverted, from the sigrok options that decode the file cleanly."""
    opts = row["confirm_sigrok_P"]
    inverted_rx = "invert_rx=yes" in opts
    out = {}
    for side, name in re.findall(r":(rx|tx)=([^:]+)", opts):
        out[name] = inverted_rx and side == "rx"
    return out


ROWS = _rows()


def test_the_shared_captures_are_there() -> None:
    assert len(ROWS) == 10, f"expected the 10 UART recordings in {CAPTURES}"


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_rate_framing_and_polarity_match_the_ground_truth(row: dict[str, str]) -> None:
    results = analyze_logic(str(CAPTURES / row["file"]))
    by_channel = {}
    for exchange, diag in results:
        line = next((f for f in diag.findings if f.code == "serial.uart_line"), None)
        if line is not None:
            by_channel.setdefault(exchange["channel"], line.data)
    idle = {ch.name for ch in read(str(CAPTURES / row["file"])).channels if ch.edges.size == 0}
    for name, inverted in _truth_channels(row).items():
        d = by_channel.get(name)
        if name in idle:  # the truth names it, the recording shows it never moved (e.g. an idle RX)
            assert d is None
            continue
        assert d is not None, f"{name} not measured; got {sorted(by_channel)}"
        assert d["baud"] == int(row["baud"]), (name, d)
        assert d["framing"] == row["framing"], (name, d)
        assert d["polarity"] == ("inverted" if inverted else "normal"), (name, d)
        assert abs(d["clock_error"]) < 0.035


def test_seven_e_one_is_never_a_silent_eight_n_one() -> None:
    row = next(r for r in ROWS if r["framing"] == "7E1")
    (_, diag), = [x for x in analyze_logic(str(CAPTURES / row["file"])) if x[0]["channel"] == "TX"]
    codes = [f.code for f in diag.findings]
    assert "serial.framing_ambiguous" in codes
    amb = next(f for f in diag.findings if f.code == "serial.framing_ambiguous")
    assert amb.data["framing"] == "7E1" and "8N1" in amb.data["also_fits"]


def _sigrok_bytes(path: Path, channel: str, baud: int, framing: str, inverted: bool) -> list[int]:
    parity = {"N": "none", "E": "even", "O": "odd"}[framing[1]]
    opts = f"uart:baudrate={baud}:data_bits={framing[0]}:parity={parity}:stop_bits={framing[2]}:rx={channel}"
    if inverted:
        opts += ":invert_rx=yes"
    r = subprocess.run(["sigrok-cli", "-i", str(path), "-P", opts, "-A", "uart=rx-data"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return [int(m, 16) for m in re.findall(r"^uart-1: ([0-9A-Fa-f]{2})$", r.stdout, re.M)]


@pytest.mark.peer
@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_sigrok_at_the_settings_found_decodes_the_same_bytes(row: dict[str, str]) -> None:
    require_peer("sigrok-cli")
    path = CAPTURES / row["file"]
    for exchange, diag in analyze_logic(str(path)):
        line = next((f for f in diag.findings if f.code == "serial.uart_line"), None)
        if line is None or exchange["channel"] not in _truth_channels(row):
            continue
        d = line.data
        ours = bytes.fromhex(line.evidence[1].value)
        theirs = _sigrok_bytes(path, str(exchange["channel"]), int(d["baud"]), str(d["framing"]), d["polarity"] == "inverted")
        assert theirs[: len(ours)] == list(ours), (exchange["channel"], ours.hex(" "), bytes(theirs[:32]).hex(" "))
