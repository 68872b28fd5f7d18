"""Mismatch physics as properties (facts/serial.md §2.3): what a faster or slower receiver, or a
wrong framing at the right rate, does to the bytes. These are the cues the serial probe and the
explain engine rely on, so they are tested as rules over many payloads, not single examples."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.serial.line import (
    LOW_ENTROPY, Framing, LineSettings, delivered, mismatch_candidates, signature, transmit,
)

RND = random.Random(11)
PAYLOAD = bytes(RND.randrange(256) for _ in range(300))
TEXT = b"U-Boot 2023.01 (Jan 01 2023)\r\nDRAM:  512 MiB\r\nHit any key to stop autoboot:  3 \r\n" * 2


def ls(baud: int, framing: str = "8N1") -> LineSettings:
    return LineSettings(baud, Framing.parse(framing))


@pytest.mark.parametrize("receiver", ["16x", "edge"])
@pytest.mark.parametrize("policy", ["idle", "resync"])
@pytest.mark.parametrize("tx,rx", [(4800, 38400), (9600, 57600), (9600, 38400), (115200, 921600), (9600, 115200), (4800, 9600)])
def test_faster_receiver_more_frames_low_entropy(receiver: str, policy: str, tx: int, rx: int) -> None:
    for data in (PAYLOAD, TEXT):
        frames = transmit(data, ls(tx), ls(rx), receiver=receiver, after_error=policy, clock_error=0.002)
        sig = signature(frames, len(data))
        # facts §2.3 (resync): 1.9-2.9 frames per byte; waiting for idle after an error loses some
        assert sig.ratio > (1.8 if policy == "resync" else 1.4)
        if rx / tx >= 4:
            assert sig.low_entropy_share > 0.9
            assert sig.verdict in ("receiver-much-faster", "receiver-faster")
        if rx / tx >= 12:
            assert sig.brk_share == 1.0  # only BREAKs: the application reads a run of 00
        values = {f.value for f in frames if not f.brk}
        if rx / tx == 8:
            assert values <= {0x80}
        if rx / tx == 6:
            assert values <= {0xE0}


@pytest.mark.parametrize("receiver", ["16x", "edge"])
@pytest.mark.parametrize("policy", ["idle", "resync"])
@pytest.mark.parametrize("tx,rx", [(115200, 9600), (115200, 38400), (921600, 230400), (57600, 38400), (115200, 57600), (9600, 4800)])
def test_slower_receiver_fewer_frames_many_framing_errors(receiver: str, policy: str, tx: int, rx: int) -> None:
    r = rx / tx
    frames = transmit(PAYLOAD, ls(tx), ls(rx), receiver=receiver, after_error=policy, clock_error=0.004)
    sig = signature(frames, len(PAYLOAD))
    assert sig.ratio < 1.0 and abs(sig.ratio - r) < 0.25 * r + 0.05  # frames per byte ≈ r
    assert sig.fe_share > 0.25  # facts: 42-64 %
    assert sig.verdict == "receiver-slower"


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=32), st.sampled_from([1200, 9600, 57600, 115200]), st.sampled_from(["16x", "edge"]))
def test_7e1_sent_read_as_8n1_sets_bit7_on_odd_popcount(data: bytes, baud: int, receiver: str) -> None:
    """The classic 'high bit set on some letters': the even-parity bit lands in data bit 7."""
    text = bytes(b & 0x7F for b in data)
    frames = transmit(text, ls(baud, "7E1"), ls(baud, "8N1"), receiver=receiver, clock_error=0.003)
    expected = bytes(c | (0x80 if bin(c).count("1") % 2 else 0) for c in text)
    assert delivered(frames) == expected
    assert not any(f.framing_error or f.brk for f in frames)


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=32), st.sampled_from([1200, 9600, 57600, 115200]))
def test_8n1_read_as_7e1_parity_errors_follow_popcount(data: bytes, baud: int) -> None:
    text = bytes(b & 0x7F for b in data)
    frames = transmit(text, ls(baud, "8N1"), ls(baud, "7E1"), receiver="edge")
    assert [f.value for f in frames] == list(text)
    assert [f.parity_error for f in frames] == [bin(c).count("1") % 2 == 1 for c in text]


@pytest.mark.parametrize("baud", [9600, 57600, 115200])
@pytest.mark.parametrize("receiver", ["16x", "edge"])
def test_stm32_autobaud_7f_is_accepted_by_an_8e1_device(baud: int, receiver: str) -> None:
    """An 8N1 host writing 0x7F to an 8E1 device: seven ones make the even-parity bit 1, which is
    the host's stop bit, so the device sees a clean 7F and ACKs (facts §2.2, §3.2)."""
    frames = transmit(b"\x7f", ls(baud, "8N1"), ls(baud, "8E1"), receiver=receiver, clock_error=0.003)
    assert [(f.value, f.framing_error, f.parity_error, f.brk) for f in frames] == [(0x7F, False, False, False)]
    # and the ACK comes back intact through the host's 8N1 receiver
    assert delivered(transmit(b"\x79", ls(baud, "8E1"), ls(baud, "8N1"), receiver=receiver)) == b"\x79"
    # but a command with an even number of ones does not get through cleanly
    bad = transmit(b"\x01\xfe", ls(baud, "8N1"), ls(baud, "8E1"), receiver=receiver)
    assert bad and (bad[0].framing_error or bad[0].parity_error)


def test_same_framing_and_rate_is_clean_signature() -> None:
    frames = transmit(TEXT, ls(115200), ls(115200), clock_error=0.01)
    sig = signature(frames, len(TEXT))
    assert sig.ratio == 1.0 and sig.fe_share == sig.pe_share == sig.brk_share == 0 and sig.verdict == "clean"


def test_low_entropy_values_are_what_fast_receivers_produce() -> None:
    seen = set()
    for tx, rx in [(9600, 38400), (9600, 57600), (4800, 38400), (4800, 9600)]:
        seen |= {0 if f.brk else f.value for f in transmit(PAYLOAD, ls(tx), ls(rx), receiver="edge", clock_error=0.002)}
    share = len(seen & LOW_ENTROPY) / len(seen)
    assert share > 0.3 and {0x80, 0xE0, 0x00} <= seen


@pytest.mark.parametrize("device", [9600, 19200, 38400, 57600, 230400, 460800])
def test_forward_simulation_ranks_the_device_rate_first(device: int) -> None:
    reply = b"\r\nOK\r\nready> build 4.2 (c) example\r\n"
    host = ls(115200)
    observed = delivered(transmit(reply, ls(device), host, clock_error=-0.002, phase=0.6))
    rates = [9600, 19200, 38400, 57600, 115200, 230400, 460800]
    ranked = mismatch_candidates(observed, reply, rates, [Framing.parse("8N1"), Framing.parse("8E1")], rx=host)
    assert ranked[0].baud == device and ranked[0].framing == "8N1", [(c.baud, c.framing, round(c.score, 2)) for c in ranked[:3]]
    assert ranked[0].score > ranked[-1].score


def test_forward_simulation_finds_the_framing_at_the_right_rate() -> None:
    """A 7E1 console read by an 8N1 host: only the 7E1 candidate predicts the high bits."""
    reply = b"login: root\r\nPassword: \r\nWelcome to the shell\r\n"
    host = ls(9600)
    observed = delivered(transmit(reply, ls(9600, "7E1"), host, clock_error=0.001))
    assert observed != reply
    ranked = mismatch_candidates(observed, reply, [4800, 9600, 19200], [Framing.parse(f) for f in ("8N1", "8E1", "8O1", "7E1", "7O1")], rx=host)
    assert (ranked[0].baud, ranked[0].framing, ranked[0].predicted) == (9600, "7E1", observed)
