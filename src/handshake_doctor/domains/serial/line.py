"""The UART line, bit by bit: what a receiver reads when the transmitter uses other settings.

Pure: bytes and settings in, received frames out (no I/O, no sleeps, no heavy imports). It is the
engine behind the simulators' line physics (a client at the wrong baud rate reads the garbage real
hardware gives it) and behind the serial probe's baud inference (forward simulation of candidate
rates, :func:`mismatch_candidates`; summaries of a capture, :func:`signature`).

The line idles high; a frame is a start bit (low), 5-8 data bits LSB first, an optional parity
bit (N none, E even, O odd, M mark = 1, S space = 0) and 1, 1.5 or 2 stop bits (high). The
transmitter may run with a relative clock error and idle gaps between bytes; bytes of one write
go back to back.

Why two receivers and two error policies (facts/serial.md §2.1, §2.6): real UARTs differ exactly
where a mismatch makes the result interesting, so the model names its assumptions instead of
hiding one choice.

- ``receiver="16x"`` (default): a sample clock at 16x the receiver's baud with a chosen ``phase``
  (0..1 of a tick). The start is the first low tick after a high one; the start bit is confirmed,
  and each bit read, by the majority of its ticks 7, 8 and 9. This is the 16550-style
  oversampling receiver most USB-serial chips imitate; its phase is why real hardware gives one
  of two or three answers at a knife edge.
- ``receiver="edge"``: exact falling-edge detection, every bit sampled at its exact centre. This
  is the idealised receiver of the facts tables. With ``sample_grid=(samplerate, lead)`` it works
  on the sample grid of a logic analyser the way sigrok's UART decoder does (start = first low
  sample, bit k at sample ``ceil(start + (width - 1) / 2 + k * width)``); sigrok-cli is the
  independent oracle of tests/serial_line, and this mode agrees with it byte for byte.

Only the first stop bit is checked (as on real UARTs). A low stop bit is a framing error (FE); a
frame whose every sampled bit, stop included, is low is a BREAK, which Linux delivers as ``00``.
(sigrok reports the frame as ``00`` with a framing error and signals a separate "break condition"
when the line stays low for a whole frame time; both views are the same event.)

After a good frame the receiver hunts the next falling edge from the middle of the stop bit. After
an FE it follows ``after_error``: ``"idle"`` waits for the line to go high and hunts a new falling
edge (sigrok does this); ``"resync"`` takes the low stop cell as the next start bit (the 16550
datasheet's assumption that the framing error was caused by the next start bit). After a BREAK
both wait for the line to go high. The first frame never depends on the policy.

Speed: the transmitted signal is kept as its level changes (one entry per run of equal bits, not
per sample), and each frame is read by one binary search plus a forward walk over its sample
points, so the cost grows with frames and bit cells, not with ticks or samples. Measured figures
are in bench/line_model.py.
"""

from __future__ import annotations

from bisect import bisect_right
from math import ceil, isfinite

from ...framing import Framing
from ...record import record

__all__ = ["Framing", "LineSettings", "Frame", "transmit", "delivered", "waveform", "signature", "mismatch_candidates"]

RECEIVERS = ("16x", "edge")
POLICIES = ("idle", "resync")
#: Values a much faster receiver reads from runs of ones and zeros (facts/serial.md §2.3).
LOW_ENTROPY = frozenset({0x00, 0x80, 0xC0, 0xE0, 0xF0, 0xF8, 0xFC, 0xFE, 0xFF, 0x78, 0x3C, 0x1E, 0x98, 0x60, 0x86, 0x06, 0x18, 0x66, 0x7E, 0xE6, 0x9E})


@record(frozen=True)
class LineSettings:
    baud: float
    framing: Framing = Framing()

    def __post_init__(self) -> None:
        if isinstance(self.baud, bool) or not isinstance(self.baud, (int, float)) or not (0 < self.baud < 1e9):
            raise ValueError(f"baud must be a positive number below 1e9, not {self.baud!r}")
        if not isinstance(self.framing, Framing):
            raise ValueError(f"framing must be a Framing (Framing.parse('8N1')), not {self.framing!r}")


@record(frozen=True)
class Frame:
    value: int
    framing_error: bool = False
    parity_error: bool = False
    brk: bool = False
    t_start: float = 0.0  # seconds from the first transmitted start bit

    def __str__(self) -> str:
        if self.brk:
            return "BRK"
        return f"{self.value:02X}" + ("!FE" if self.framing_error else "") + ("!PE" if self.parity_error else "")


def _parity_bit(value: int, parity: str, data_bits: int) -> int:
    ones = bin(value & ((1 << data_bits) - 1)).count("1")
    if parity == "E":
        return ones & 1
    if parity == "O":
        return 1 - (ones & 1)
    return 1 if parity == "M" else 0


_CELLS_CACHE: dict[tuple[int, str, float], tuple[tuple[int, float], ...]] = {}


def _cells(fr: Framing) -> tuple[tuple[int, float], ...]:
    """Per byte value, its frame as (level, duration in bits) cells; cached per framing."""
    key = (fr.data_bits, fr.parity, fr.stop_bits)
    table = _CELLS_CACHE.get(key)
    if table is None:
        rows = []
        for byte in range(256):
            cells = [(0, 1.0)] + [((byte >> i) & 1, 1.0) for i in range(fr.data_bits)]
            if fr.parity != "N":
                cells.append((_parity_bit(byte, fr.parity, fr.data_bits), 1.0))
            cells.append((1, fr.stop_bits))
            rows.append(tuple(cells))
        table = _CELLS_CACHE[key] = tuple(rows)  # type: ignore[assignment]
    return table  # type: ignore[return-value]


class _Wave:
    """The transmitted signal as level changes: times[i] is when the line takes levels[i].

    Before times[0] (and for an empty payload) the line is high; after ``end`` it stays high.
    Cell times are accumulated bit by bit, so results at knife edges are reproducible.
    """

    __slots__ = ("times", "levels", "end", "n")

    def __init__(self, data: bytes, tx: LineSettings, clock_error: float, gap_bits: float) -> None:
        bit = 1.0 / (tx.baud * (1.0 + clock_error))
        table = _cells(tx.framing)
        times: list[float] = []
        levels: list[int] = []
        append_t = times.append
        append_l = levels.append
        last = 1
        t = 0.0
        gap = gap_bits * bit
        first = True
        for byte in data:
            if gap > 0 and not first:
                t += gap  # the line is high after a stop bit: no level change
            first = False
            for v, dur in table[byte]:
                if v != last:
                    append_t(t)
                    append_l(v)
                    last = v
                t += dur * bit
        self.times = times
        self.levels = levels
        self.end = t
        self.n = len(times)

    def at(self, t: float) -> int:
        i = bisect_right(self.times, t) - 1
        return self.levels[i] if i >= 0 else 1

    def sample(self, ts: list[float]) -> list[int]:
        """Levels at the non-decreasing times ``ts``: one binary search, then a forward walk."""
        times, levels, n = self.times, self.levels, self.n
        i = bisect_right(times, ts[0]) - 1
        out = []
        for t in ts:
            while i + 1 < n and times[i + 1] <= t:
                i += 1
            out.append(levels[i] if i >= 0 else 1)
        return out

    def votes(self, start: int, firsts: list[int], phase: float, tick: float) -> list[int]:
        """For each bit, the majority of ticks f, f+1, f+2 (f in ``firsts``, relative to tick
        ``start``; tick j is at ``(j + phase) * tick``). A bit with no level change between its
        first and last voting tick (the usual case) costs one comparison."""
        times, levels, n = self.times, self.levels, self.n
        i = bisect_right(times, (start + firsts[0] + phase) * tick) - 1
        out = []
        for f in firsts:
            j = start + f
            t = (j + phase) * tick
            while i + 1 < n and times[i + 1] <= t:
                i += 1
            if i + 1 >= n or times[i + 1] > (j + 2 + phase) * tick:
                out.append(levels[i] if i >= 0 else 1)
                continue
            votes = levels[i] if i >= 0 else 1
            k = i
            for d in (1, 2):
                t = (j + d + phase) * tick
                while k + 1 < n and times[k + 1] <= t:
                    k += 1
                votes += levels[k] if k >= 0 else 1
            out.append(1 if votes >= 2 else 0)
        return out

    def next_fall(self, t: float) -> float | None:
        """First time >= t at which the line goes from high to low."""
        times, levels = self.times, self.levels
        i = bisect_right(times, t)
        if i > 0 and times[i - 1] == t and levels[i - 1] == 0 and (i < 2 or levels[i - 2] == 1):
            return t
        while i < self.n:
            if levels[i] == 0 and (i == 0 or levels[i - 1] == 1):
                return times[i]
            i += 1
        return None

    def next_high(self, t: float) -> float:
        """First time >= t at which the line is high."""
        if self.at(t) == 1:
            return t
        times, levels = self.times, self.levels
        i = bisect_right(times, t)
        while i < self.n:
            if levels[i] == 1:
                return times[i]
            i += 1
        return max(t, self.end)


def _check(receiver: str, after_error: str, clock_error: float, phase: float, gap_bits: float) -> None:
    """One-line ValueErrors for settings the model cannot mean anything with."""
    if receiver not in RECEIVERS:
        raise ValueError(f"receiver must be '16x' or 'edge', not {receiver!r}")
    if after_error not in POLICIES:
        raise ValueError(f"after_error must be 'idle' or 'resync', not {after_error!r}")
    if not isinstance(clock_error, (int, float)) or not -0.5 < clock_error < 0.5:
        raise ValueError(f"clock_error must be a small relative error such as 0.004, not {clock_error!r}")
    if not isinstance(phase, (int, float)) or not isfinite(phase):
        raise ValueError(f"phase must be a finite fraction of a 16x tick (0..1), not {phase!r}")
    if not isinstance(gap_bits, (int, float)) or not 0 <= gap_bits < 1e6:
        raise ValueError(f"gap_bits must be >= 0 (idle bit times between bytes), not {gap_bits!r}")


def transmit(
    data: bytes,
    tx: LineSettings,
    rx: LineSettings,
    *,
    receiver: str = "16x",
    after_error: str = "idle",
    clock_error: float = 0.0,
    phase: float = 0.0,
    gap_bits: float = 0.0,
    max_frames: int = 1_000_000,
    sample_grid: tuple[float, float] | None = None,
) -> list[Frame]:
    """The frames a receiver with settings ``rx`` reads from ``data`` sent with settings ``tx``.

    ``clock_error`` is the transmitter's relative clock error (+0.004 = 0.4 % fast); ``phase``
    places the 16x sampler within a tick; ``gap_bits`` is idle time between bytes in tx bits.
    ``sample_grid=(samplerate, lead_seconds)`` makes the ``"edge"`` receiver work on the samples
    :func:`waveform` produces (``lead`` = its idle time before the first start bit), the way
    sigrok's UART decoder does. ``max_frames`` bounds the work for absurd rate ratios.
    """
    _check(receiver, after_error, clock_error, phase, gap_bits)
    if not isinstance(tx, LineSettings) or not isinstance(rx, LineSettings):
        raise ValueError("tx and rx must be LineSettings(baud, Framing)")
    wave = _Wave(bytes(data), tx, clock_error, gap_bits)
    if receiver == "edge":
        if sample_grid is not None:
            rate, lead = sample_grid
            if not (isfinite(rate) and rate >= 2 * rx.baud and isfinite(lead) and lead >= 0):
                raise ValueError("sample_grid must be (samplerate >= 2 x rx baud, lead >= 0 seconds)")
            return _receive_sampled(wave, rx, after_error, max_frames, rate, lead)
        return _receive_edge(wave, rx, after_error, max_frames)
    return _receive_16x(wave, rx, after_error, phase % 1.0, max_frames)


def _decode(bits: list[int], fr: Framing, t0: float) -> Frame:
    """bits = [start, d0..dn-1, (parity), stop] as sampled."""
    n = fr.data_bits
    value = 0
    for i in range(n):
        if bits[1 + i]:
            value |= 1 << i
    pe = fr.parity != "N" and bits[1 + n] != _parity_bit(value, fr.parity, n)
    if bits[-1] == 0:
        if not any(bits):
            return Frame(0, True, False, True, t0)
        return Frame(value, True, pe, False, t0)
    return Frame(value, False, pe, False, t0)


def _receive_edge(wave: _Wave, rx: LineSettings, after_error: str, max_frames: int) -> list[Frame]:
    fr = rx.framing
    bit = 1.0 / rx.baud
    n_bits = 1 + fr.data_bits + fr.parity_bits  # start + data + parity; the stop is sampled after
    offsets = [(0.5 + k) * bit for k in range(n_bits + 1)]
    frames: list[Frame] = []
    t: float | None = wave.next_fall(0.0)
    while t is not None and len(frames) < max_frames:
        if wave.at(t + 0.5 * bit) == 1:  # false start: a glitch shorter than half a bit
            t = wave.next_fall(t + 0.5 * bit)
            continue
        f = _decode(wave.sample([t + o for o in offsets]), fr, t)
        frames.append(f)
        stop_t = t + (0.5 + n_bits) * bit
        if not f.framing_error:
            t = wave.next_fall(stop_t)
        elif after_error == "resync" and not f.brk:
            t = stop_t - 0.5 * bit  # the low stop cell is taken as the next start bit
        else:
            t = wave.next_fall(wave.next_high(stop_t))
    return frames


def _first_sample_from(t: float, rate: float, lead: float) -> int:
    """The first sample i with ``i / rate - lead >= t``: the same predicate :func:`waveform`
    uses, so the modelled decoder and the generated file agree to the sample."""
    i = max(0, ceil((t + lead) * rate))
    while i > 0 and (i - 1) / rate - lead >= t:
        i -= 1
    while i / rate - lead < t:
        i += 1
    return i


def _receive_sampled(wave: _Wave, rx: LineSettings, after_error: str, max_frames: int, rate: float, lead: float) -> list[Frame]:
    """The edge receiver on a sample grid: sample i is the level at time i / rate - lead."""
    fr = rx.framing
    width = rate / rx.baud
    n_bits = 1 + fr.data_bits + fr.parity_bits
    half = (width - 1) / 2  # sigrok: point = (start + half) + k * width, rounded up

    def first_low_after(t: float) -> int | None:
        t_fall = wave.next_fall(t)
        return None if t_fall is None else _first_sample_from(t_fall, rate, lead)

    frames: list[Frame] = []
    s0 = first_low_after(0.0)
    while s0 is not None and len(frames) < max_frames:
        points = [ceil(s0 + half + k * width) for k in range(n_bits + 1)]
        if wave.at(points[0] / rate - lead) == 1:
            s0 = first_low_after(points[0] / rate - lead)
            continue
        f = _decode(wave.sample([p / rate - lead for p in points]), fr, s0 / rate - lead)
        frames.append(f)
        t_stop = points[-1] / rate - lead
        if f.framing_error and after_error == "resync" and not f.brk:
            s0 = ceil(s0 + half + n_bits * width - half)
        else:
            s0 = first_low_after(t_stop)
    return frames


def _receive_16x(wave: _Wave, rx: LineSettings, after_error: str, phase: float, max_frames: int) -> list[Frame]:
    fr = rx.framing
    tick = 1.0 / (16.0 * rx.baud)
    n_bits = 1 + fr.data_bits + fr.parity_bits
    firsts = [16 * b + 7 for b in range(n_bits + 1)]  # each bit votes with its ticks 7, 8, 9
    at = wave.at
    frames: list[Frame] = []

    def hunt(from_tick: int) -> int | None:
        """First tick >= from_tick that samples low after a tick that sampled high."""
        t_fall = wave.next_fall(max(0.0, (from_tick - 1 + phase) * tick))
        while t_fall is not None:
            j = max(from_tick, int((t_fall / tick) - phase))
            while (j + phase) * tick < t_fall:
                j += 1
            if at((j + phase) * tick) == 0 and at((j - 1 + phase) * tick) == 1:
                return j
            t_fall = wave.next_fall((j + phase) * tick)
        return None

    start = hunt(0)
    while start is not None and len(frames) < max_frames:
        bits = wave.votes(start, firsts, phase, tick)
        if bits[0] == 1:  # false start
            start = hunt(start + 8)
            continue
        f = _decode(bits, fr, (start + phase) * tick)
        frames.append(f)
        stop_mid = start + 16 * n_bits + 8
        if not f.framing_error:
            start = hunt(stop_mid)
        elif after_error == "resync" and not f.brk:
            start = start + 16 * n_bits  # the low stop cell is the next start bit
        else:
            t_high = wave.next_high((stop_mid + phase) * tick)
            start = hunt(int(t_high / tick - phase) + 1)
    return frames


def delivered(frames: list[Frame]) -> bytes:
    """What a Linux application reads with pyserial's default termios (INPCK, IGNBRK, PARMRK off):
    a BREAK arrives as 00, bytes with framing or parity errors arrive as their value; with fewer
    than 8 data bits the value as received (the upper bits are 0)."""
    return bytes(0 if f.brk else f.value & 0xFF for f in frames)


def waveform(
    data: bytes,
    tx: LineSettings,
    samplerate: float,
    *,
    idle_bits_after: float = 14.0,
    idle_bits_before: float = 2.0,
    clock_error: float = 0.0,
    gap_bits: float = 0.0,
) -> bytes:
    """0/1 per sample, idle high: the input sigrok-cli's ``binary`` format reads (one byte a sample).

    Idle times are in tx bit times; a decoder needs about one of *its* frames of idle at the end
    or it drops the last frame (facts/serial.md §2.6), so a caller with a slower receiver scales
    ``idle_bits_after``. Sample i is the level at ``i / samplerate - lead`` with
    ``lead = idle_bits_before / tx.baud``: pass ``(samplerate, lead)`` as ``sample_grid`` to
    :func:`transmit` to model a decoder reading these samples.
    """
    _check("edge", "idle", clock_error, 0.0, gap_bits)
    if not (isfinite(samplerate) and 0 < samplerate <= 1e10):
        raise ValueError(f"samplerate must be a positive number of samples per second, not {samplerate!r}")
    if not (0 <= idle_bits_before < 1e6 and 0 <= idle_bits_after < 1e6):
        raise ValueError("idle_bits_before/after must be >= 0 bit times")
    wave = _Wave(bytes(data), tx, clock_error, gap_bits)
    bit = 1.0 / tx.baud
    lead = idle_bits_before * bit
    n = int((lead + wave.end + idle_bits_after * bit) * samplerate)
    out = bytearray(b"\x01") * n
    # level k holds from the first sample i with i / samplerate - lead >= times[k]
    bounds = []
    for t in wave.times:
        bounds.append(min(_first_sample_from(t, samplerate, lead), n))
    bounds.append(n)
    for k, level in enumerate(wave.levels):
        if level == 0 and bounds[k + 1] > bounds[k]:
            out[bounds[k] : bounds[k + 1]] = bytes(bounds[k + 1] - bounds[k])
    return bytes(out)


@record(frozen=True)
class LineSignature:
    """A summary of received frames that separates the mismatch cases (facts/serial.md §2.3)."""

    frames: int
    sent: int  # bytes sent, when known (0 otherwise)
    fe_share: float  # framing errors that are not breaks
    pe_share: float
    brk_share: float
    low_entropy_share: float  # share of values a much faster receiver produces (80, E0, F8...)
    distinct: int

    @property
    def ratio(self) -> float:
        """Frames per byte sent: ~r when the receiver is slower, 2-3 when it is much faster."""
        return self.frames / self.sent if self.sent else 0.0

    @property
    def verdict(self) -> str:
        """A first reading of the rate relation (facts/serial.md §2.3 rules); the probe weighs it
        with other evidence. One of: clean, receiver-faster, receiver-much-faster,
        receiver-slower, framing, unknown."""
        if not self.frames:
            return "unknown"
        bad = self.fe_share + self.pe_share + self.brk_share
        if self.brk_share > 0.9 or (self.low_entropy_share > 0.9 and self.brk_share > 0.2):
            return "receiver-much-faster"
        if self.sent and self.ratio > 1.3 and self.low_entropy_share > 0.6:
            return "receiver-faster"
        if self.sent and self.ratio < 0.8 and bad > 0.25:
            return "receiver-slower"
        if bad == 0:
            return "clean"
        if self.sent and 0.9 <= self.ratio <= 1.1:
            return "framing"
        return "unknown"


def signature(frames: list[Frame], sent: int = 0) -> LineSignature:
    """Summarise frames (from :func:`transmit`, or decoded by a probe) for rate inference."""
    n = len(frames) or 1
    return LineSignature(
        len(frames),
        sent,
        sum(f.framing_error and not f.brk for f in frames) / n,
        sum(f.parity_error for f in frames) / n,
        sum(f.brk for f in frames) / n,
        sum((0 if f.brk else f.value) in LOW_ENTROPY for f in frames) / n,
        len({(0 if f.brk else f.value) for f in frames}),
    )


@record(frozen=True)
class Candidate:
    baud: float
    framing: str
    predicted: bytes
    score: float  # 0..1, similarity of the prediction to what was observed


def mismatch_candidates(
    observed: bytes,
    sent_or_expected: bytes,
    rates: list[int],
    framings: list[Framing],
    *,
    rx: LineSettings | None = None,
    receiver: str = "16x",
    clock_error: float = 0.003,
) -> list[Candidate]:
    """Which device settings would make a host at ``rx`` read ``observed`` when the device sends
    ``sent_or_expected``? Forward-simulates every (rate, framing) and ranks by similarity, best
    first (ties: the order given).

    Without ``rx`` the host is assumed at 115200 8N1. The small default clock error keeps the
    prediction off the knife edges of exact integer ratios (facts/serial.md §2.6). Similarity:
    longest common prefix and the share of equal bytes position by position (cheap and good
    enough to rank; the probe combines it with other evidence).
    """
    host = rx or LineSettings(115200, Framing())
    out: list[Candidate] = []
    for rate in rates:
        for fr in framings:
            pred = delivered(transmit(sent_or_expected, LineSettings(rate, fr), host, receiver=receiver, clock_error=clock_error))
            out.append(Candidate(rate, str(fr), pred, _similarity(observed, pred)))
    out.sort(key=lambda c: -c.score)
    return out


def _similarity(a: bytes, b: bytes) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    same = sum(x == y for x, y in zip(a, b))
    length = max(len(a), len(b))
    return 0.5 * prefix / length + 0.5 * same / length
