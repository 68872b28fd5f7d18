"""Logic readers (VCD at any timescale, Saleae CSV and binary, sigrok) on lines the UART model
writes, a line that changes rate, artefacts, and bad input: one-line errors, bounded work."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.serial.line import Framing, LineSettings, waveform
from handshake_doctor.domains.serial.uart_measure import measure
from handshake_doctor.errors import UsageError
from handshake_doctor.logic.analyze_logic import analyze_logic
from handshake_doctor.logic.capture import EdgeBuilder
from handshake_doctor.logic.readers import read

TEXT = b"rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"


def _levels(data: bytes, baud: float, framing: str, rate: float, **kw) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.frombuffer(waveform(data, LineSettings(baud, Framing.parse(framing)), rate, **kw), dtype=np.uint8)


def _transitions(levels: np.ndarray) -> tuple[int, np.ndarray]:
    return int(levels[0]), np.flatnonzero(levels[1:] != levels[:-1]) + 1


def _line(results):  # type: ignore[no-untyped-def]
    return [next(f for f in d.findings if f.code == "serial.uart_line").data for _e, d in results
            if any(f.code == "serial.uart_line" for f in d.findings)]


@pytest.mark.parametrize("scale,unit,per_s", [("1ns", "ns", 1e9), ("10ns", "ns", 1e8), ("1us", "us", 1e6)])
def test_vcd_at_any_timescale(tmp_path: Path, scale: str, unit: str, per_s: float) -> None:
    rate = 4e6
    first, edges = _transitions(_levels(TEXT, 115200, "8N1", rate))
    ticks = np.rint(edges / rate * per_s).astype(np.int64)
    body = [f"$timescale {scale} $end", "$scope module top $end", "$var wire 1 ! uart_tx $end", "$upscope $end",
            "$enddefinitions $end", "#0", "$dumpvars", f"{first}!", "$end"]
    level = first
    for t in ticks:
        level ^= 1
        body += [f"#{t}", f"{level}!"]
    path = tmp_path / "line.vcd"
    path.write_text("\n".join(body) + "\n")
    (d,) = _line(analyze_logic(str(path)))
    assert (d["baud"], d["framing"], d["polarity"]) == (115200, "8N1", "normal")


def test_saleae_csv_and_binary_exports(tmp_path: Path) -> None:
    rate = 1e7
    first, edges = _transitions(_levels(TEXT, 57600, "8E1", rate))
    times = edges / rate
    csv_path = tmp_path / "digital.csv"
    rows = ["Time [s],Channel 0", f"0.000000000,{first}"] + [f"{t:.9f},{(first + i + 1) % 2}" for i, t in enumerate(times)]
    csv_path.write_text("\n".join(rows) + "\n")
    (d,) = _line(analyze_logic(str(csv_path)))
    assert (d["baud"], d["framing"]) == (57600, "8E1")
    bin_path = tmp_path / "digital_0.bin"
    bin_path.write_bytes(b"<SALEAE>" + struct.pack("<iiIddq", 0, 0, first, 0.0, float(times[-1]) + 0.001, times.size)
                         + times.astype("<f8").tobytes())
    (d2,) = _line(analyze_logic(str(bin_path)))
    assert (d2["baud"], d2["framing"]) == (57600, "8E1")


def test_sigrok_written_by_us_with_two_lines_at_different_rates(tmp_path: Path) -> None:
    rate = 2e6
    a = _levels(b"AT\r\n" * 10, 115200, "8N1", rate, idle_bits_after=40)
    b = _levels(b"OK\r\n" * 6, 57600, "8N1", rate, idle_bits_after=40)
    n = max(a.size, b.size)
    a = np.concatenate([a, np.ones(n - a.size, np.uint8)])
    b = np.concatenate([b, np.ones(n - b.size, np.uint8)])
    words = (a | (b << 1)).astype(np.uint8)
    path = tmp_path / "pair.sr"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("version", "2")
        zf.writestr("metadata", "[global]\nsigrok version=0.5.2\n\n[device 1]\ncapturefile=logic-1\ntotal probes=2\n"
                                "samplerate=2 MHz\ntotal analog=0\nprobe1=host TX\nprobe2=device TX\nunitsize=1\n")
        zf.writestr("logic-1-1", words.tobytes())
    results = analyze_logic(str(path))
    rates = {e["channel"]: next(f for f in d.findings if f.code == "serial.uart_line").data["baud"] for e, d in results}
    assert rates == {"host TX": 115200, "device TX": 57600}
    top = results[0][1].findings[0]
    assert top.code == "serial.baud_mismatch" and {top.data["rate"], top.data["asked"]} == {115200, 57600}


def test_a_line_that_changes_rate_is_split_into_segments() -> None:
    rate = 2e6
    boot = _levels(b"ets Jun  8 2016 00:22:57\r\n" + TEXT, 74880, "8N1", rate, idle_bits_after=300)
    app = _levels(b"app started at 115200\r\n" * 3, 115200, "8N1", rate, idle_bits_after=30)
    first, edges = _transitions(np.concatenate([np.ones(4000, np.uint8), boot, app]))
    rep = measure("TX", edges, first, 4000 + boot.size + app.size, rate)
    assert [s.nominal for s in rep.segments] == [74880, 115200]
    assert rep.segments[0].data.startswith(b"ets Jun") and rep.segments[1].data.startswith(b"app started")
    assert rep.segments[0].t1 <= rep.segments[1].t0 + 1e-3


def test_artefacts_held_low_at_power_up_and_glitches() -> None:
    rate = 1e6
    line = _levels(b"Hello\r\n" * 8, 9600, "8N1", rate, idle_bits_after=20)
    held = np.concatenate([np.zeros(30000, np.uint8), np.ones(2000, np.uint8), line])
    held[40000] ^= 1  # a one-sample glitch inside a bit
    b = EdgeBuilder("TX")
    b.feed(held)
    ch = b.channel()
    rep = measure("TX", ch.edges, ch.initial, held.size, rate)
    assert rep.segments and rep.segments[0].nominal == 9600 and rep.segments[0].polarity == "normal"
    assert rep.segments[0].data.count(b"Hello") >= 7
    assert any("held low" in n for n in rep.notes)


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"), (b"garbage that is no format", "not a logic-analyser recording"),
    (b"PK\x03\x04broken zip", "not a readable sigrok session"), (b"<SALEAE>\x00", "truncated"),
    (b"<SALEAE>" + struct.pack("<iiIddq", 0, 0, 1, 0.0, 1.0, 1 << 60), "absurd transition count"),
    (b"$timescale 1ns $end\n$var wire 1 ! tx $end\n", "no $enddefinitions"),
    (b"Time [s],Channel 0\n0.0,1\nx,y\n", "line 3"),
])
def test_bad_input_is_one_clear_error(tmp_path: Path, content: bytes, needle: str) -> None:
    p = tmp_path / "bad.bin"
    p.write_bytes(content)
    with pytest.raises(UsageError) as e:
        analyze_logic(str(p))
    assert needle in str(e.value) and "\n" not in str(e.value)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.sampled_from([b"", b"<SALEAE>", b"$timescale 1 ns $end\n$var wire 1 ! a $end\n$enddefinitions $end\n",
                                                 b"Time [s],Channel 0\n"]))
def test_readers_never_crash(tmp_path_factory: pytest.TempPathFactory, tail: bytes, head: bytes) -> None:
    p = tmp_path_factory.mktemp("fuzz") / "in.bin"
    p.write_bytes(head + tail)
    try:
        analyze_logic(str(p))
    except UsageError:
        pass


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=40), st.sampled_from(["8N1", "7E1", "8E1", "8O1", "7O1"]),
       st.sampled_from([1200, 9600, 19200, 57600, 115200]))
def test_measure_recovers_what_the_line_model_sent(data: bytes, framing: str, baud: int) -> None:
    fr = Framing.parse(framing)
    data = bytes(b & ((1 << fr.data_bits) - 1) for b in data)
    # a line whose every run is an even number of bits IS the same waveform at half the rate:
    # no receiver can tell them apart, so such data says nothing about the measurement
    bits = []
    for b in data:
        frame = [0] + [(b >> i) & 1 for i in range(fr.data_bits)]
        if fr.parity in "EO":
            frame.append((sum(frame[1:]) + (fr.parity == "O")) & 1)
        bits += frame + [1]
    runs = [len(r) for r in "".join(map(str, bits)).replace("01", "0 1").replace("10", "1 0").split()]
    assume(math.gcd(*runs) == 1)
    assume(len(set(data)) > 1)  # one byte repeated is reported as a strobe-like line, by design (uart_measure.measure)
    rate = baud * 20.0
    first, edges = _transitions(_levels(data * 8, baud, framing, rate, idle_bits_after=20))
    rep = measure("TX", edges, first, int(edges[-1]) + 400, rate)
    if edges.size < 8:
        return
    for seg in rep.segments:
        if seg.frames >= 8 and seg.nominal == baud and (seg.framing == framing or framing in seg.also_fits):
            # what was sent comes back, under the framing chosen or one named as fitting as well
            return
    raise AssertionError(f"{framing}@{baud} {data!r}: {[(s.nominal, s.framing, s.also_fits, s.data[:12]) for s in rep.segments]}")
