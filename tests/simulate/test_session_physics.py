"""The session's physics plumbing (autobaud, error dropping, both directions), checked against
a stand-in line model with the announced ``domains/serial/line.py`` API, so the wiring is
tested even before the real model lands. The stand-in's rule is deliberately crude: equal
settings pass bytes intact; a different rate turns every byte into a BREAK; same rate with a
different parity flags a parity error."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from handshake_doctor.domains.bootloaders.stm32.protocol import Stm32Bootloader
from handshake_doctor.domains.serial.sim_chatter import Talker
from handshake_doctor.simulate import physics
from handshake_doctor.simulate.physics import Setting
from handshake_doctor.simulate.session import Session


class _Framing(str):
    @classmethod
    def parse(cls, text: str) -> "_Framing":
        return cls(text)


def _transmit(data, tx, rx, *, receiver="16x", after_error="idle", clock_error=0.0):  # type: ignore[no-untyped-def]
    if tx.baud != rx.baud:
        return [SimpleNamespace(value=0, framing_error=True, parity_error=False, brk=True) for _ in data]
    pe = tx.framing[1] != rx.framing[1]
    return [SimpleNamespace(value=b, framing_error=False, parity_error=pe, brk=False) for b in data]


STAND_IN = SimpleNamespace(
    Framing=_Framing,
    LineSettings=lambda baud, framing: SimpleNamespace(baud=baud, framing=framing),
    transmit=_transmit,
    delivered=lambda frames: bytes(f.value for f in frames),
)


@pytest.fixture
def model(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(physics, "_line", STAND_IN)
    monkeypatch.setattr(physics, "MODELLED", True)


def test_carry_counts_errors_and_keeps_clean_bytes(model) -> None:  # type: ignore[no-untyped-def]
    c = physics.carry(b"\x7f\x01", Setting(57600, "8N1"), Setting(57600, "8E1"))
    assert c.data == b"\x7f\x01" and c.clean == b"" and c.errors == 2
    c = physics.carry(b"OK", Setting(9600), Setting(115200))
    assert c.data == b"\x00\x00" and c.frames == 2


def test_autobaud_adopts_the_hosts_rate_at_sync(model) -> None:  # type: ignore[no-untyped-def]
    s = Session(Stm32Bootloader())
    s.set_client(115200, "8E1")
    assert s.from_host(b"\x7f") == b"\x79"
    assert s.device == Setting(115200, "8E1")
    s.set_client(9600, "8E1")  # synced: the device no longer follows
    assert s.from_host(b"\x02\xfd") == b""
    assert s.device.baud == 115200


def test_rate_outside_the_lock_range_gets_nothing(model) -> None:  # type: ignore[no-untyped-def]
    s = Session(Stm32Bootloader())
    s.set_client(230400, "8E1")
    assert s.from_host(b"\x7f") == b""
    assert s.device.baud == 57600 and s.commands == []  # the BREAK was dropped by the USART


def test_parity_mismatch_is_dropped_by_stm32(model) -> None:  # type: ignore[no-untyped-def]
    s = Session(Stm32Bootloader())
    s.set_client(57600, "8N1")
    assert s.from_host(b"\x7f") == b""


def test_talker_output_garbled_towards_a_host_at_another_rate(model) -> None:  # type: ignore[no-untyped-def]
    s = Session(Talker(b"hello\r\n", period=1.0, baud=4800), clock=lambda: 0.0)
    s.set_client(9600, "8N1")
    assert s.tick() == b"\x00" * 7


def test_ideal_line_without_a_model(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(physics, "MODELLED", False)
    c = physics.carry(b"abc", Setting(9600), Setting(115200))
    assert c.data == b"abc" and c.intact


@pytest.mark.parametrize("text,norm", [("8e1", "8E1"), ("7O2", "7O2"), ("8N1.5", "8N1.5")])
def test_framing_normalised(text: str, norm: str) -> None:
    assert physics.check_framing(text) == norm


@pytest.mark.parametrize("bad", ["", "9N1", "8X1", "8N3", "8N", "banana"])
def test_framing_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        physics.check_framing(bad)


@pytest.mark.skipif(not physics.MODELLED, reason="line model (domains/serial/line.py) not in the tree yet")
def test_real_model_any_bytes_any_settings() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    rates = st.sampled_from([1200, 2400, 4800, 9600, 57600, 74880, 115200, 921600])
    framings = st.sampled_from(["8N1", "8E1", "7E1", "8O1", "8N2"])

    @settings(max_examples=80, deadline=None)
    @given(st.binary(max_size=40), rates, framings, rates, framings)
    def check(data: bytes, tb: int, tf: str, rb: int, rf: str) -> None:
        c = physics.carry(data, Setting(tb, tf), Setting(rb, rf))
        assert len(c.clean) <= len(c.data) and c.errors <= c.frames
        if (tb, tf) == (rb, rf):
            assert c.data == data

    check()


def test_a_model_with_another_api_degrades_to_ideal_and_says_so(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def wrong(data, tx, rx):  # type: ignore[no-untyped-def]  # no keyword arguments
        return []

    monkeypatch.setattr(physics, "_line", SimpleNamespace(**{**vars(STAND_IN), "transmit": wrong}))
    monkeypatch.setattr(physics, "MODELLED", True)
    monkeypatch.setattr(physics, "MODEL_ERROR", "")
    c = physics.carry(b"OK", Setting(9600), Setting(115200))
    assert c.data == b"OK"
    assert physics.MODEL_ERROR.startswith("TypeError")
