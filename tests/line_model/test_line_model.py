"""The UART line model: self-consistency, the measured facts, and sigrok-cli as an oracle."""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.serial.line import (
    LOW_ENTROPY, Framing, LineSettings, delivered, mismatch_candidates, signature, transmit, waveform,
)
from hsd_testing import require_peer

FRAMINGS = ["8N1", "7E1", "8E1", "8O1", "8N2", "5N1", "7N1", "8M1", "8S1", "8N1.5"]


def run(data: bytes, tx: int, rx: int, txf: str = "8N1", rxf: str = "8N1", **kw) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(f) for f in transmit(data, LineSettings(tx, Framing.parse(txf)), LineSettings(rx, Framing.parse(rxf)), **kw))


@pytest.mark.parametrize("framing", FRAMINGS)
@pytest.mark.parametrize("receiver", ["16x", "edge"])
@pytest.mark.parametrize("err", [-0.02, 0.0, 0.02])
def test_every_byte_round_trips(framing: str, receiver: str, err: float) -> None:
    fr = Framing.parse(framing)
    ls = LineSettings(9600, fr)
    frames = transmit(bytes(range(256)), ls, ls, receiver=receiver, clock_error=err, phase=0.37)
    assert [f.value for f in frames] == [b & ((1 << fr.data_bits) - 1) for b in range(256)]
    assert not any(f.framing_error or f.parity_error or f.brk for f in frames)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=40), st.sampled_from(FRAMINGS), st.floats(-0.02, 0.02), st.floats(0, 0.999), st.floats(0, 3))
def test_round_trip_any_payload(data: bytes, framing: str, err: float, phase: float, gap: float) -> None:
    ls = LineSettings(115200, Framing.parse(framing))
    got = delivered(transmit(data, ls, ls, clock_error=err, phase=phase, gap_bits=gap))
    assert got == bytes(b & ((1 << ls.framing.data_bits) - 1) for b in data)


@settings(max_examples=80, deadline=None)
@given(
    st.binary(max_size=24),
    st.sampled_from([300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 74880, 115200, 230400, 921600]),
    st.sampled_from([300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 74880, 115200, 230400, 921600]),
    st.sampled_from(FRAMINGS),
    st.sampled_from(FRAMINGS),
    st.sampled_from(["16x", "edge"]),
    st.sampled_from(["idle", "resync"]),
)
def test_never_raises(data, tx, rx, txf, rxf, receiver, policy) -> None:  # type: ignore[no-untyped-def]
    frames = transmit(data, LineSettings(tx, Framing.parse(txf)), LineSettings(rx, Framing.parse(rxf)), receiver=receiver, after_error=policy)
    assert len(frames) <= max(1, len(data)) * 16
    assert all(0 <= f.value < 256 for f in frames)


@pytest.mark.parametrize("bad", ["9N1", "8X1", "8N3", "", "N81", "8N"])
def test_bad_framing_is_a_clear_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="framing|bits|parity"):
        Framing.parse(bad)
    with pytest.raises(ValueError):
        LineSettings(0)


# Rows of facts/serial.md §2.2 ("edge" receiver with the "idle" policy unless named).
FACTS = [
    (b"OK\r\n", 115200, 9600, "8N1", "8N1", {}, "FC"),
    (b"OK\r\n", 115200, 230400, "8N1", "8N1", {}, "FE 98 9E 98 E6 80 98 80"),
    (b"OK\r\n", 115200, 115200, "8E1", "8N1", {}, "4F 4B!FE 0D 0A!FE"),
    (b"OK\r\n", 115200, 115200, "8E1", "8N1", {"after_error": "resync"}, "4F 4B!FE 35!FE A6!FE F0"),
    (b"OK\r\n", 9600, 9600, "7E1", "8N1", {}, "CF 4B 8D 0A"),
    (b"OK\r\n", 9600, 9600, "8N1", "7E1", {}, "4F!PE 4B 0D!PE 0A"),
    (b"AT\r", 9600, 115200, "8N1", "8N1", {}, " ".join(["BRK"] * 10)),
    (bytes.fromhex("a00a5005"), 115200, 921600, "8N1", "8N1", {}, "BRK 80 BRK 80 BRK BRK 80 80 80 80 BRK"),
    (b"\x7f", 57600, 57600, "8N1", "8E1", {}, "7F"),
    (b"\x01\xfe", 57600, 57600, "8N1", "8E1", {}, "01!FE"),
]


@pytest.mark.parametrize("data,tx,rx,txf,rxf,kw,expected", FACTS)
def test_facts_table_rows(data, tx, rx, txf, rxf, kw, expected) -> None:  # type: ignore[no-untyped-def]
    assert run(data, tx, rx, txf, rxf, receiver="edge", **kw) == expected


def test_gps_4800_read_at_9600_is_framing_error_rich_garbage() -> None:
    gga = b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"
    frames = transmit(gga, LineSettings(4800), LineSettings(9600), receiver="edge")
    sig = signature(frames, len(gga))
    assert len(frames) == 106  # facts §2.2: 106 frames
    assert sum(f.brk for f in frames) == 6
    assert 0.35 < sig.fe_share < 0.55 and 1.4 < sig.ratio < 1.7
    assert " ".join(str(f) for f in frames[:8]) == "60!FE 98 60!FE BRK 66!FE 60!FE 7E!FE 66!FE"


def test_mismatch_signatures() -> None:
    data = bytes(random.Random(7).randrange(256) for _ in range(300))
    slow = signature(transmit(data, LineSettings(115200), LineSettings(9600)), len(data))
    fast = signature(transmit(data, LineSettings(9600), LineSettings(57600)), len(data))
    assert slow.ratio < 0.2 and slow.fe_share > 0.3  # fewer frames, many framing errors
    assert fast.ratio > 2 and fast.low_entropy_share > 0.9  # more frames, runs-of-ones values
    assert {0xE0} <= {f.value for f in transmit(data, LineSettings(9600), LineSettings(57600)) if not f.brk}
    assert 0x80 in LOW_ENTROPY


def test_forward_simulation_finds_the_device_rate() -> None:
    reply = b"\r\nOK\r\nhello world\r\n"
    host = LineSettings(115200)
    for device in (19200, 38400, 57600, 230400):
        observed = delivered(transmit(reply, LineSettings(device), host, clock_error=0.003))
        ranked = mismatch_candidates(observed, reply, [9600, 19200, 38400, 57600, 115200, 230400], [Framing()], rx=host)
        assert ranked[0].baud == device, (device, ranked[:2])


def _sigrok(data: bytes, tx: int, rx: int, rxf: str, err: float, rate: int) -> list[str]:
    fr = Framing.parse(rxf)
    wave = waveform(data, LineSettings(tx), rate, clock_error=err, idle_bits_after=20 * max(1, tx / rx))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "w.bin"
        path.write_bytes(wave)
        parity = {"N": "none", "E": "even", "O": "odd", "M": "one", "S": "zero"}[fr.parity]
        out = subprocess.run(
            ["sigrok-cli", "-I", f"binary:numchannels=1:samplerate={rate}", "-i", str(path),
             "-P", f"uart:rx=0:baudrate={rx}:parity={parity}:data_bits={fr.data_bits}:stop_bits=1", "-A", "uart=rx-data"],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    return re.findall(r"uart-1: ([0-9A-F]{2})\b", out)


def test_sigrok_oracle_byte_for_byte() -> None:
    """sigrok-cli's UART decoder on the model's own waveform reads the same bytes the model's
    sampled edge receiver reads, for faster and slower receivers, with a 0.4 % clock offset."""
    require_peer("sigrok-cli")
    rnd = random.Random(1)
    pairs = [(4800, 9600), (9600, 38400), (115200, 230400), (57600, 115200), (9600, 115200), (9600, 4800),
             (115200, 57600), (38400, 115200), (115200, 9600), (230400, 115200), (19200, 57600), (57600, 19200)]
    checked = 0
    for tx, rx in pairs:
        data = bytes(rnd.randrange(256) for _ in range(12))
        rate = 16_000_000 if max(tx, rx) > 200_000 else 4_000_000
        theirs = _sigrok(data, tx, rx, "8N1", 0.004, rate)
        ours = delivered(transmit(data, LineSettings(tx), LineSettings(rx), receiver="edge", clock_error=0.004, sample_grid=(rate, 2.0 / tx)))
        assert [int(x, 16) for x in theirs] == list(ours), (tx, rx, data.hex())
        checked += 1
    assert checked == len(pairs)
