"""Self-consistency of the line model: matched settings deliver every byte intact (±2 % clock,
both receivers, every framing), and the waveform generator puts every bit where it belongs.

Why: all mismatch results rest on the transmitter and receivers being right when nothing is
mismatched (facts/serial.md §2.1 self-test)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.serial.line import Framing, LineSettings, delivered, transmit, waveform

FRAMINGS = ["8N1", "7E1", "8E1", "8O1", "8N2", "5N1", "7N1", "8M1", "8S1", "8N1.5"]
RATES = [300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 74880, 115200, 230400, 460800, 921600]


def mask(data: bytes, fr: Framing) -> bytes:
    return bytes(b & ((1 << fr.data_bits) - 1) for b in data)


@pytest.mark.parametrize("framing", FRAMINGS)
@pytest.mark.parametrize("receiver", ["16x", "edge"])
@pytest.mark.parametrize("err", [-0.02, 0.0, 0.02])
def test_every_byte_value_round_trips(framing: str, receiver: str, err: float) -> None:
    fr = Framing.parse(framing)
    ls = LineSettings(9600, fr)
    every = bytes(range(256))
    for phase in (0.0, 0.37, 0.93):
        frames = transmit(every, ls, ls, receiver=receiver, clock_error=err, phase=phase)
        assert delivered(frames) == mask(every, fr)
        assert not any(f.framing_error or f.parity_error or f.brk for f in frames)


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=48),
    framing=st.sampled_from(FRAMINGS),
    baud=st.sampled_from(RATES),
    receiver=st.sampled_from(["16x", "edge"]),
    policy=st.sampled_from(["idle", "resync"]),
    err=st.floats(-0.02, 0.02),
    phase=st.floats(0, 0.999),
    gap=st.one_of(st.just(0.0), st.floats(0, 5)),
)
def test_random_payloads_round_trip_with_timing(data: bytes, framing: str, baud: int, receiver: str, policy: str, err: float, phase: float, gap: float) -> None:
    ls = LineSettings(baud, Framing.parse(framing))
    frames = transmit(data, ls, ls, receiver=receiver, after_error=policy, clock_error=err, phase=phase, gap_bits=gap)
    assert delivered(frames) == mask(data, ls.framing)
    # frame k starts k frame times (plus gaps) after the first, within one 16x tick + rounding
    tx_bit = 1.0 / (baud * (1 + err))
    for k, f in enumerate(frames):
        expected = k * (ls.framing.bits_per_frame + gap) * tx_bit
        assert abs(f.t_start - expected) <= 1.0 / (16 * baud) + 1e-9


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=1, max_size=24), framing=st.sampled_from(FRAMINGS), baud=st.sampled_from(RATES), err=st.floats(-0.02, 0.02))
def test_sampled_receiver_round_trips(data: bytes, framing: str, baud: int, err: float) -> None:
    ls = LineSettings(baud, Framing.parse(framing))
    rate = 16 * baud + 7  # an odd grid: sample points never line up with bit edges by design
    assert delivered(transmit(data, ls, ls, receiver="edge", clock_error=err, sample_grid=(rate, 2.0 / baud))) == mask(data, ls.framing)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=16), framing=st.sampled_from(FRAMINGS), per_bit=st.integers(4, 40), err=st.floats(-0.01, 0.01))
def test_waveform_has_every_bit_at_its_centre(data: bytes, framing: str, per_bit: int, err: float) -> None:
    """An independent reading of the waveform: the sample nearest each cell centre is that cell's bit."""
    fr = Framing.parse(framing)
    baud = 9600
    rate = per_bit * baud
    wave = waveform(data, LineSettings(baud, fr), rate, idle_bits_before=2, idle_bits_after=3, clock_error=err)
    assert set(wave) <= {0, 1}
    bit = 1.0 / (baud * (1 + err))
    lead = 2.0 / baud
    expected_len = int((lead + len(data) * fr.bits_per_frame * bit + 3.0 / baud) * rate)
    assert abs(len(wave) - expected_len) <= 1  # the end time is accumulated bit by bit
    assert wave[: int(lead * rate)] == b"\x01" * int(lead * rate)
    for k, byte in enumerate(data):
        cells = [0] + [(byte >> i) & 1 for i in range(fr.data_bits)]
        if fr.parity != "N":
            ones = bin(byte & ((1 << fr.data_bits) - 1)).count("1")
            cells.append({"E": ones & 1, "O": 1 - (ones & 1), "M": 1, "S": 0}[fr.parity])
        cells.append(1)
        for j, level in enumerate(cells):
            centre = lead + (k * fr.bits_per_frame + j + 0.5) * bit
            assert wave[round(centre * rate)] == level, (k, j)
    assert wave[-1] == 1
