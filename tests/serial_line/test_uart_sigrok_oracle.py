"""The line model against an independent decoder: sigrok-cli's UART decoder reads the model's own
waveform, and the model's sample-grid receiver must read exactly the same frames, flags included.

Why sigrok: it is a widely used, independently written UART decoder whose receiver behaviour is
documented in facts/serial.md §2.6 (exact edge on the sample grid, re-hunt an edge after a framing
error = our ``"idle"`` policy). Slower receivers get a ±0.4 % clock offset (real crystals differ;
exact integer ratios are knife edges where both answers are right). Each sigrok-cli call decodes
eight channels, so the whole file costs a handful of calls.
"""

from __future__ import annotations

import random

import pytest

from handshake_doctor.domains.serial.line import Frame, Framing, LineSettings, transmit, waveform
from hsd_testing import require_peer

from .sigrok_uart import Channel, decode

LEAD_BITS = 2.0


def _case_list() -> list[tuple[int, str, int, str, float, bytes]]:
    rnd = random.Random(2024)

    def payload() -> bytes:
        return bytes(rnd.randrange(256) for _ in range(14))

    cases: list[tuple[int, str, int, str, float, bytes]] = []
    faster = [(4800, 9600), (9600, 38400), (115200, 230400), (57600, 115200), (9600, 115200), (38400, 115200),
              (57600, 74880), (19200, 57600), (2400, 9600), (74880, 115200), (115200, 460800), (115200, 921600)]
    for tx, rx in faster:
        cases.append((tx, "8N1", rx, "8N1", 0.0, payload()))
    slower = [(9600, 4800), (115200, 57600), (115200, 74880), (230400, 115200), (57600, 19200), (115200, 9600),
              (921600, 115200), (38400, 9600), (74880, 57600), (115200, 38400)]
    for tx, rx in slower:
        for err in (0.004, -0.004):
            cases.append((tx, "8N1", rx, "8N1", err, payload()))
    framed = [  # parity and framing: equal rates with a wrong framing, and mismatched rates with parity
        (115200, "8E1", 115200, "8N1"), (115200, "8N1", 115200, "8E1"), (9600, "7E1", 9600, "8N1"),
        (9600, "8N1", 9600, "7E1"), (57600, "8O1", 57600, "8E1"), (57600, "8E1", 115200, "8E1"),
        (115200, "8E1", 57600, "8E1"), (9600, "8M1", 9600, "8S1"), (9600, "8N2", 9600, "8N1"),
        (2400, "8E1", 9600, "8N1"), (19200, "5N1", 19200, "5N1"), (38400, "8N1", 19200, "7O1"),
        (4800, "7O1", 9600, "8O1"), (115200, "8N1.5", 115200, "8E1"), (57600, "8E1", 57600, "8N1"),
        (115200, "8S1", 230400, "8M1"),
    ]
    for tx, txf, rx, rxf in framed:
        err = 0.004 if rx <= tx else 0.0
        cases.append((tx, txf, rx, rxf, err, payload()))
    cases.append((57600, "8E1", 57600, "8N1", 0.0, bytes.fromhex("790B3100010211213143637382927 9".replace(" ", ""))))
    cases.append((4800, "8N1", 9600, "8N1", 0.0, b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"))
    return cases


CASES = _case_list()


def comparable(frames: list[Frame]) -> list[tuple[int, bool, bool | None]]:
    """(value, framing error, parity error); a BREAK is sigrok's 00 with a framing error, and its
    parity is not compared (Linux reports a break, not a parity error)."""
    return [(0, True, None) if f.brk else (f.value, f.framing_error, f.parity_error) for f in frames]


def _run_batch(batch: list[tuple[int, str, int, str, float, bytes]], samplerate: int) -> list[str]:
    channels, ours = [], []
    for tx, txf, rx, rxf, err, data in batch:
        t_ls, r_ls = LineSettings(tx, Framing.parse(txf)), LineSettings(rx, Framing.parse(rxf))
        pad = 20 * max(1.0, tx / rx)  # sigrok drops the last frame without a receiver frame of idle
        channels.append(Channel(waveform(data, t_ls, samplerate, idle_bits_before=LEAD_BITS, idle_bits_after=pad, clock_error=err), r_ls))
        ours.append(transmit(data, t_ls, r_ls, receiver="edge", after_error="idle", clock_error=err,
                             sample_grid=(samplerate, LEAD_BITS / tx)))
    theirs = decode(channels, samplerate)
    problems = []
    for case, mine, sig in zip(batch, ours, theirs):
        sig_cmp = [(d.value, d.framing_error, d.parity_error) for d in sig]
        mine_cmp = comparable(mine)
        same = len(sig_cmp) == len(mine_cmp) and all(
            a[0] == b[0] and a[1] == b[1] and (a[2] is None or a[2] == b[2]) for a, b in zip(mine_cmp, sig_cmp)
        )
        if not same:
            tx, txf, rx, rxf, err, data = case
            problems.append(f"{tx} {txf} -> {rx} {rxf} err={err} data={data.hex()}\n  model : {' '.join(map(str, mine))}\n  sigrok: {' '.join(map(str, sig))}")
    return problems


def _batches() -> list[tuple[int, list[tuple[int, str, int, str, float, bytes]]]]:
    by_rate: dict[int, list[tuple[int, str, int, str, float, bytes]]] = {}
    for case in CASES:
        rate = 16_000_000 if max(case[0], case[2]) > 250_000 else 4_000_000
        by_rate.setdefault(rate, []).append(case)
    return [(rate, cases[i : i + 8]) for rate, cases in sorted(by_rate.items()) for i in range(0, len(cases), 8)]


def test_sigrok_reads_what_the_sampled_model_reads() -> None:
    require_peer("sigrok-cli")
    problems: list[str] = []
    compared = 0
    for rate, batch in _batches():
        problems += _run_batch(batch, rate)
        compared += len(batch)
    assert compared == len(CASES) >= 50
    assert not problems, f"{len(problems)} of {compared} cases differ:\n" + "\n".join(problems)


def test_the_comparison_can_fail() -> None:
    """A decoder set to the wrong rate must not 'agree': guards against a parser that reads nothing."""
    require_peer("sigrok-cli")
    data = b"hello, sigrok\r\n"
    t_ls = LineSettings(115200)
    wave = waveform(data, t_ls, 4_000_000)
    good, wrong = decode([Channel(wave, t_ls), Channel(wave, LineSettings(57600))], 4_000_000)
    assert bytes(d.value for d in good) == data and not any(d.framing_error for d in good)
    assert bytes(d.value for d in wrong) != data


@pytest.mark.parametrize("tx,rx", [(115200, 230400), (4800, 9600), (9600, 38400), (115200, 921600)])
def test_continuous_edge_model_agrees_when_the_receiver_is_faster(tx: int, rx: int) -> None:
    """Away from knife edges the idealised (continuous-time) edge receiver is the same as sigrok's
    sampled one, frame for frame (facts/serial.md §2.6: 24 of 24)."""
    require_peer("sigrok-cli")
    rate = 16_000_000 if rx > 250_000 else 4_000_000
    data = bytes(random.Random(tx + rx).randrange(256) for _ in range(20))
    t_ls, r_ls = LineSettings(tx), LineSettings(rx)
    (sig,) = decode([Channel(waveform(data, t_ls, rate, idle_bits_after=20), r_ls)], rate)
    ours = comparable(transmit(data, t_ls, r_ls, receiver="edge"))
    assert [(d.value, d.framing_error) for d in sig] == [(v, fe) for v, fe, _ in ours]


# The sigrok column of facts/serial.md §2.2 (recipe of §2.6: 8 MHz, model waveform with 2 idle
# bits before). Knife edges: these values depend on the sample grid, which is why they are pinned.
SIGROK_FACTS = [
    (b"OK\r\n", 115200, "8N1", 9600, "8N1", "FE"),
    (b"OK\r\n", 115200, "8N1", 74880, "8N1", "63 39 E1"),
    (b"$GPGGA", 9600, "8N1", 4800, "8N1", "BD BE 99"),
    (bytes.fromhex("5ff5affa"), 921600, "8N1", 115200, "8N1", "FF"),
    (b"\x79", 115200, "8E1", 57600, "8E1", "FE"),
    (b"OK\r\n", 115200, "8N1", 230400, "8N1", "FE 98 9E 98 E6 80 98 80"),
]


def test_sigrok_column_of_the_facts_table() -> None:
    require_peer("sigrok-cli")
    rate = 8_000_000
    channels, models = [], []
    for data, tx, txf, rx, rxf, _ in SIGROK_FACTS:
        t_ls, r_ls = LineSettings(tx, Framing.parse(txf)), LineSettings(rx, Framing.parse(rxf))
        channels.append(Channel(waveform(data, t_ls, rate, idle_bits_after=20 * max(1.0, tx / rx)), r_ls))
        models.append(transmit(data, t_ls, r_ls, receiver="edge", sample_grid=(rate, 2.0 / tx)))
    for row, sig, model in zip(SIGROK_FACTS, decode(channels, rate), models):
        fact = row[-1]
        assert " ".join(f"{d.value:02X}" for d in sig) == fact, row
        assert " ".join(f"{f.value:02X}" for f in model) == fact, row
