"""The UART line, bit by bit: what a receiver reads when the transmitter uses other settings.

Pure: bytes and settings in, received frames out. It is the engine behind the simulators' line
physics (a client at the wrong baud rate reads the garbage real hardware gives it) and behind
the serial probe's baud inference (forward simulation of candidate rates).

The line idles high; a frame is a start bit (low), 5-8 data bits LSB first, an optional parity
bit (N none, E even, O odd, M mark = 1, S space = 0) and 1, 1.5 or 2 stop bits (high). The
transmitter may run with a relative clock error and idle gaps between bytes.

Two documented receivers (facts/serial.md §2.1):
- ``"16x"`` (default): a sample clock at 16x the receiver's baud with a chosen phase. The start
  is the first low tick after a high one; the start bit is confirmed, and each bit read, by the
  majority of its ticks 7, 8 and 9. This is the classic 16550-style oversampling receiver.
- ``"edge"``: exact falling-edge detection, each bit sampled at its centre (sigrok's UART
  decoder behaves like this; it is the oracle in tests/serial_line).
A low stop bit is a framing error; a frame whose every sampled bit (stop included) is low is a
BREAK, delivered to applications as 00. After an error the receiver either waits for the line to
go high and hunts a new falling edge (``after_error="idle"``, sigrok) or takes the low stop cell
as the next start bit (``"resync"``, the 16550 datasheet's assumption). After a good frame it
hunts the next falling edge from the middle of the stop bit.
"""

from __future__ import annotations

from bisect import bisect_right

from ...record import record

_PARITIES = "NEOMS"
_STOPS = (1.0, 1.5, 2.0)
#: Values a much faster receiver reads from runs of ones and zeros (facts/serial.md §2.3).
LOW_ENTROPY = frozenset({0x00, 0x80, 0xC0, 0xE0, 0xF0, 0xF8, 0xFC, 0xFE, 0xFF, 0x78, 0x3C, 0x1E, 0x98, 0x60, 0x86, 0x06, 0x18, 0x66, 0x7E, 0xE6, 0x9E})


@record(frozen=True)
class Framing:
    data_bits: int = 8
    parity: str = "N"
    stop_bits: float = 1.0

    def __post_init__(self) -> None:
        if self.data_bits not in (5, 6, 7, 8):
            raise ValueError(f"data bits must be 5-8, not {self.data_bits}")
        if self.parity not in tuple(_PARITIES):
            raise ValueError(f"parity must be one of N E O M S, not {self.parity!r}")
        if self.stop_bits not in _STOPS:
            raise ValueError(f"stop bits must be 1, 1.5 or 2, not {self.stop_bits}")

    @classmethod
    def parse(cls, text: str) -> "Framing":
        """'8N1', '8E1', '7E1', '8N2', '5N1', '8O1', '8M1', '8S1', '8N1.5' (case-insensitive)."""
        t = str(text).strip().upper()
        if len(t) < 3 or not t[0].isdigit() or t[1] not in _PARITIES:
            raise ValueError(f"framing {text!r} is not like 8N1 (data bits 5-8, parity N/E/O/M/S, stop 1/1.5/2)")
        try:
            stop = float(t[2:])
        except ValueError:
            raise ValueError(f"framing {text!r} has no valid stop bits (1, 1.5 or 2)") from None
        return cls(int(t[0]), t[1], stop)

    @property
    def parity_bits(self) -> int:
        return 0 if self.parity == "N" else 1

    @property
    def bits_per_frame(self) -> float:
        return 1 + self.data_bits + self.parity_bits + self.stop_bits

    def __str__(self) -> str:
        stop = int(self.stop_bits) if self.stop_bits != 1.5 else 1.5
        return f"{self.data_bits}{self.parity}{stop}"


@record(frozen=True)
class LineSettings:
    baud: float
    framing: Framing = Framing()

    def __post_init__(self) -> None:
        if not (self.baud > 0):
            raise ValueError(f"baud must be positive, not {self.baud}")


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
    return {"E": ones & 1, "O": 1 - (ones & 1), "M": 1, "S": 0}[parity]


class _Wave:
    """The transmitted signal as level changes: times[i] is when the line takes levels[i]."""

    def __init__(self, data: bytes, tx: LineSettings, clock_error: float, gap_bits: float) -> None:
        fr = tx.framing
        bit = 1.0 / (tx.baud * (1.0 + clock_error))
        times: list[float] = [0.0]
        levels: list[int] = [1]
        t = 0.0

        def level(v: int, duration_bits: float) -> None:
            nonlocal t
            if levels[-1] != v:
                if times[-1] == t:
                    levels[-1] = v
                    if len(levels) > 1 and levels[-2] == v:
                        times.pop()
                        levels.pop()
                else:
                    times.append(t)
                    levels.append(v)
            t += duration_bits * bit

        first = True
        for byte in data:
            if not first and gap_bits > 0:
                level(1, gap_bits)
            first = False
            level(0, 1)
            for i in range(fr.data_bits):
                level((byte >> i) & 1, 1)
            if fr.parity != "N":
                level(_parity_bit(byte, fr.parity, fr.data_bits), 1)
            level(1, fr.stop_bits)
        self.times = times
        self.levels = levels
        self.end = t  # the line stays high from here on

    def at(self, t: float) -> int:
        i = bisect_right(self.times, t) - 1
        return self.levels[i] if i >= 0 else 1

    def next_fall(self, t: float) -> float | None:
        """First time >= t at which the line goes from high to low."""
        i = bisect_right(self.times, t)
        if i > 0 and self.times[i - 1] == t and self.levels[i - 1] == 0 and (i < 2 or self.levels[i - 2] == 1):
            return t
        while i < len(self.times):
            if self.levels[i] == 0 and (i == 0 or self.levels[i - 1] == 1):
                return self.times[i]
            i += 1
        return None

    def next_high(self, t: float) -> float:
        """First time >= t at which the line is high."""
        if self.at(t) == 1:
            return t
        i = bisect_right(self.times, t)
        while i < len(self.times):
            if self.levels[i] == 1:
                return self.times[i]
            i += 1
        return max(t, self.end)


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

    ``sample_grid=(samplerate, lead_seconds)`` makes the ``"edge"`` receiver work on a sampled
    signal the way a logic-analyser decoder does (sigrok: the start is the first low sample, bit
    k is read at sample ``start + (width - 1) / 2 + k * width``); used to compare with sigrok.
    """
    if receiver not in ("16x", "edge"):
        raise ValueError(f"receiver must be '16x' or 'edge', not {receiver!r}")
    if after_error not in ("idle", "resync"):
        raise ValueError(f"after_error must be 'idle' or 'resync', not {after_error!r}")
    if not -0.5 < clock_error < 0.5:
        raise ValueError("clock_error must be a small relative error, e.g. 0.004")
    if gap_bits < 0:
        raise ValueError("gap_bits must be >= 0")
    wave = _Wave(bytes(data), tx, clock_error, gap_bits)
    if receiver == "edge":
        if sample_grid is not None:
            return _receive_sampled(wave, rx, after_error, max_frames, *sample_grid)
        return _receive_edge(wave, rx, after_error, max_frames)
    return _receive_16x(wave, rx, after_error, phase % 1.0, max_frames)


def _decode(bits: list[int], fr: Framing, t0: float) -> Frame:
    """bits = [start, d0..dn-1, (parity), stop] as sampled."""
    n = fr.data_bits
    value = sum(b << i for i, b in enumerate(bits[1 : 1 + n]))
    stop = bits[-1]
    pe = False
    if fr.parity != "N":
        pe = bits[1 + n] != _parity_bit(value, fr.parity, n)
    if stop == 0:
        if not any(bits):
            return Frame(0, True, False, True, t0)
        return Frame(value, True, pe, False, t0)
    return Frame(value, False, pe, False, t0)


def _receive_edge(wave: _Wave, rx: LineSettings, after_error: str, max_frames: int) -> list[Frame]:
    fr = rx.framing
    bit = 1.0 / rx.baud
    n_bits = 1 + fr.data_bits + fr.parity_bits  # start + data + parity; the stop is sampled after
    frames: list[Frame] = []
    t: float | None = wave.next_fall(0.0)
    while t is not None and len(frames) < max_frames:
        if wave.at(t + 0.5 * bit) == 1:  # false start: a glitch shorter than half a bit
            t = wave.next_fall(t + 0.5 * bit)
            continue
        bits = [wave.at(t + (0.5 + k) * bit) for k in range(n_bits + 1)]
        f = _decode(bits, fr, t)
        frames.append(f)
        stop_t = t + (0.5 + n_bits) * bit
        if not f.framing_error:
            t = wave.next_fall(stop_t)
        elif after_error == "resync" and not f.brk:
            t = stop_t - 0.5 * bit  # the low stop cell is taken as the next start bit
        else:
            t = wave.next_fall(wave.next_high(stop_t))
    return frames


def _receive_sampled(wave: _Wave, rx: LineSettings, after_error: str, max_frames: int, rate: float, lead: float) -> list[Frame]:
    """The edge receiver on a sample grid: sample i is the level at time i / rate - lead."""
    import math

    fr = rx.framing
    width = rate / rx.baud
    n_bits = 1 + fr.data_bits + fr.parity_bits

    def level(i: float) -> int:
        return wave.at(math.ceil(i) / rate - lead)

    def first_low_after(t: float) -> int | None:
        t_fall = wave.next_fall(t)
        if t_fall is None:
            return None
        return math.ceil((t_fall + lead) * rate - 1e-9)

    frames: list[Frame] = []
    s0 = first_low_after(0.0)
    while s0 is not None and len(frames) < max_frames:
        points = [s0 + (width - 1) / 2 + k * width for k in range(n_bits + 1)]
        if level(points[0]) == 1:
            s0 = first_low_after(math.ceil(points[0]) / rate - lead)
            continue
        bits = [level(p) for p in points]
        f = _decode(bits, fr, s0 / rate - lead)
        frames.append(f)
        t_stop = math.ceil(points[-1]) / rate - lead
        if f.framing_error and after_error == "resync" and not f.brk:
            s0 = math.ceil(points[-1] - (width - 1) / 2)
        else:
            s0 = first_low_after(t_stop)
    return frames


def _receive_16x(wave: _Wave, rx: LineSettings, after_error: str, phase: float, max_frames: int) -> list[Frame]:
    fr = rx.framing
    tick = 1.0 / (16.0 * rx.baud)
    n_bits = 1 + fr.data_bits + fr.parity_bits
    frames: list[Frame] = []
    k = 0  # tick index; tick k is at (k + phase) * tick

    def at(i: int) -> int:
        return wave.at((i + phase) * tick)

    def vote(s: int) -> int:
        return 1 if at(s + 7) + at(s + 8) + at(s + 9) >= 2 else 0

    def hunt(from_tick: int) -> int | None:
        """First tick >= from_tick that is low after a high tick."""
        t_fall = wave.next_fall(max(0.0, (from_tick - 1 + phase) * tick))
        while t_fall is not None:
            j = max(from_tick, int((t_fall / tick) - phase))
            while (j + phase) * tick < t_fall:
                j += 1
            # the first tick at/after the fall that samples low, preceded by a high sample
            if at(j) == 0 and at(j - 1) == 1:
                return j
            t_fall = wave.next_fall((j + phase) * tick)
        return None

    start = hunt(0)
    while start is not None and len(frames) < max_frames:
        if vote(start) == 1:  # false start
            start = hunt(start + 8)
            continue
        bits = [vote(start + 16 * b) for b in range(n_bits + 1)]
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
    a BREAK arrives as 00, bytes with framing or parity errors arrive as their value."""
    return bytes(0 if f.brk else f.value & 0xFF for f in frames)


def waveform(data: bytes, tx: LineSettings, samplerate: float, *, idle_bits_before: float = 2.0, idle_bits_after: float = 14.0, clock_error: float = 0.0) -> bytes:
    """0/1 per sample (idle high): the input sigrok-cli's binary format expects (one byte a sample)."""
    wave = _Wave(bytes(data), tx, clock_error, 0.0)
    bit = 1.0 / tx.baud
    lead = idle_bits_before * bit
    total = lead + wave.end + idle_bits_after * bit
    n = int(total * samplerate)
    out = bytearray(n)
    for i in range(n):
        out[i] = wave.at(i / samplerate - lead) if i / samplerate >= lead else 1
    return bytes(out)


@record(frozen=True)
class LineSignature:
    """A summary of received frames that separates the mismatch cases (facts/serial.md §2.3)."""

    frames: int
    sent: int  # bytes sent, when known (0 otherwise)
    fe_share: float
    pe_share: float
    brk_share: float
    low_entropy_share: float  # share of values a much faster receiver produces (80, E0, F8...)
    distinct: int

    @property
    def ratio(self) -> float:
        """Frames per byte sent: ~r when the receiver is slower, 2-3 when it is much faster."""
        return self.frames / self.sent if self.sent else 0.0


def signature(frames: list[Frame], sent: int = 0) -> LineSignature:
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
    expected: bytes,
    rates: list[int],
    framings: list[Framing],
    *,
    rx: LineSettings | None = None,
    receiver: str = "16x",
) -> list[Candidate]:
    """Which device settings would make a host at ``rx`` read ``observed`` when the device sends
    ``expected``? Forward-simulates every (rate, framing) and ranks by similarity, best first.

    Without ``rx`` the host is assumed at 115200 8N1. Similarity: longest common prefix and the
    share of equal bytes, position by position (cheap and good enough to rank; the probe combines
    it with other evidence).
    """
    host = rx or LineSettings(115200, Framing())
    out: list[Candidate] = []
    for rate in rates:
        for fr in framings:
            pred = delivered(transmit(expected, LineSettings(rate, fr), host, receiver=receiver, clock_error=0.003))
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
