"""Any input, no crash; bad settings are one-line ValueErrors (house rules: never a traceback)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.serial.line import Framing, LineSettings, delivered, signature, transmit, waveform

FRAMINGS = ["8N1", "7E1", "8E1", "8O1", "8N2", "5N1", "6O2", "7N1", "8M1", "8S1", "8N1.5"]
BAUDS = st.one_of(st.sampled_from([300, 1200, 9600, 74880, 115200, 921600, 3_000_000]), st.floats(50, 4_000_000))


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=24), BAUDS, BAUDS, st.sampled_from(FRAMINGS), st.sampled_from(FRAMINGS),
    st.sampled_from(["16x", "edge"]), st.sampled_from(["idle", "resync"]),
    st.floats(-0.49, 0.49), st.floats(-10, 10), st.floats(0, 20),
)
def test_transmit_never_raises(data, tx, rx, txf, rxf, receiver, policy, err, phase, gap) -> None:  # type: ignore[no-untyped-def]
    frames = transmit(data, LineSettings(tx, Framing.parse(txf)), LineSettings(rx, Framing.parse(rxf)),
                      receiver=receiver, after_error=policy, clock_error=err, phase=phase, gap_bits=gap, max_frames=20_000)
    assert len(frames) <= 20_000
    assert all(0 <= f.value < 1 << Framing.parse(rxf).data_bits for f in frames)
    assert all(a.t_start < b.t_start for a, b in zip(frames, frames[1:]))
    assert len(delivered(frames)) == len(frames)
    sig = signature(frames, len(data))
    assert 0 <= sig.fe_share + sig.brk_share <= 1


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=12), st.sampled_from(FRAMINGS), st.sampled_from([1200, 9600, 115200]), st.integers(2, 40))
def test_waveform_never_raises(data: bytes, framing: str, baud: int, per_bit: int) -> None:
    wave = waveform(data, LineSettings(baud, Framing.parse(framing)), baud * per_bit)
    assert set(wave) <= {0, 1} and (not wave or wave[0] == 1)


@pytest.mark.parametrize("bad", ["9N1", "8X1", "8N3", "", "N81", "8N", "4N1", "8N1.0x", "8N2.5", "8Nnan", "8N01", None, 81])
def test_bad_framing_text_is_a_clear_value_error(bad: object) -> None:
    with pytest.raises(ValueError, match=r"framing .* (is not like 8N1|has no valid stop bits)"):
        Framing.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("kwargs,match", [
    ({"data_bits": 9}, "data bits"), ({"data_bits": 4}, "data bits"), ({"parity": "X"}, "parity"),
    ({"parity": "EN"}, "parity"), ({"stop_bits": 3}, "stop bits"), ({"stop_bits": 0.5}, "stop bits"),
])
def test_bad_framing_fields(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Framing(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("baud", [0, -9600, math.nan, math.inf, "9600", None, True])
def test_bad_baud(baud: object) -> None:
    with pytest.raises(ValueError, match="baud"):
        LineSettings(baud)  # type: ignore[arg-type]


@pytest.mark.parametrize("kwargs,match", [
    ({"receiver": "8x"}, "receiver"), ({"after_error": "ignore"}, "after_error"),
    ({"clock_error": 0.7}, "clock_error"), ({"clock_error": math.nan}, "clock_error"),
    ({"phase": math.inf}, "phase"), ({"gap_bits": -1}, "gap_bits"), ({"gap_bits": math.nan}, "gap_bits"),
    ({"receiver": "edge", "sample_grid": (1000.0, 0.0)}, "sample_grid"),
])
def test_bad_transmit_options(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        transmit(b"OK", LineSettings(9600), LineSettings(9600), **kwargs)  # type: ignore[arg-type]


def test_framing_text_round_trips() -> None:
    for text in FRAMINGS:
        assert str(Framing.parse(text)) == text
        assert Framing.parse(text.lower()) == Framing.parse(text)
    assert Framing() == Framing.parse("8N1")
