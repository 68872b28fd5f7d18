"""Measure a UART line from its transitions: rate, data bits, parity, stop bits, polarity, clock
error, and the bytes; split a line that changes rate into segments. Pure (numpy, no I/O).

Why measure and not try the standard rates: a logic analyser sees the bit time itself. The
shortest runs of one level are single bits; a least-squares fit of every run to whole bits gives
the bit time to a fraction of a percent, which names the standard rate and the clock error
(sigrok's UART decoder has no autobaud and decodes 7E1 as 8N1 with no error at all: design.md,
issue 14). Framing is then chosen by decoding with every common framing: the fewest framing and
parity errors wins, and where two framings decode the same line cleanly (7E1 and 8N1: the 8th
data bit is always the parity of the other 7; 8N1 and 8E1/8N2: the bit after the data always
idles) the result says so instead of picking one silently.

Receiver model: mid-bit sampling from the falling edge of each start bit (the edge receiver of
line.py), the frame's next start searched from half a bit before its stop bit ends.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np

from .line import Framing

STANDARD_RATES = (110, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 28800, 31250, 38400, 57600, 74880, 76800,
                  115200, 128000, 153600, 230400, 250000, 256000, 460800, 500000, 576000, 921600, 1000000,
                  1500000, 2000000, 3000000, 4000000)
SNAP = 0.035  # a measured rate within 3.5 % of a standard one is that rate, off by its clock error
FRAMINGS = ("8N1", "7E1", "7O1", "8E1", "8O1", "7N1", "8N2")
PRIOR = {f: i for i, f in enumerate(FRAMINGS)}  # which of equally clean framings is the likelier
GAP_BITS = 30.0  # idle longer than this (in bit times) separates bursts
MIN_RUNS = 12  # runs needed to measure a burst's own rate
MAX_FRAMES = 200_000  # per segment: bounds the decode of an absurd line
BLOCK = 1 << 16  # candidate starts sampled at a time
CHOOSE_FRAMES = 3000  # the framing and polarity are chosen on the first frames of a segment


@dataclass
class Frames:
    """Decoded frames as arrays (a fast line holds hundreds of thousands)."""

    t: np.ndarray  # sample index of each start bit's edge
    value: np.ndarray  # the data bits, LSB first
    framing_error: np.ndarray  # bool
    parity_error: np.ndarray  # bool

    def __len__(self) -> int:
        return int(self.t.size)

    def errors(self) -> tuple[int, int]:
        return int(self.framing_error.sum()), int(self.parity_error.sum())


def _no_frames() -> Frames:
    z = np.zeros(0)
    return Frames(z, z.astype(np.int64), z.astype(bool), z.astype(bool))


@dataclass
class Segment:
    """One stretch of a line at one rate and framing."""

    channel: str
    t0: float  # seconds
    t1: float
    baud: float  # measured
    nominal: int  # the standard rate it is (or the measured one rounded)
    clock_error: float  # measured / nominal - 1
    framing: str
    polarity: str  # "normal" (idle high) or "inverted" (idle low: the RS-232 side)
    data: bytes
    framing_errors: int
    parity_errors: int
    breaks: int = 0
    also_fits: list[str] = field(default_factory=list)  # framings that decode the line just as cleanly
    why: str = ""  # why the framing was chosen over those
    frames: int = 0

    def settings(self) -> dict[str, object]:
        return {"baud": self.nominal, "measured_baud": round(self.baud, 1), "framing": self.framing,
                "polarity": self.polarity, "clock_error": round(self.clock_error, 5), "also_fits": list(self.also_fits)}


@dataclass
class LineReport:
    channel: str
    segments: list[Segment]
    notes: list[str] = field(default_factory=list)
    idle: bool = False  # no transitions worth measuring


def _runs(edges: np.ndarray, initial: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, length and level of each run between two transitions (the first and last runs,
    bounded by the capture's ends, are not included: their lengths are unknown)."""
    starts = edges[:-1]
    lengths = np.diff(edges)
    levels = (initial ^ ((np.arange(1, edges.size) & 1))).astype(np.int8)
    return starts, lengths, levels


def _idle_level(edges: np.ndarray, initial: int, n_samples: int) -> int:
    """The level the line rests at: the level at both ends of the capture when they agree (a
    recording starts and stops on an idle line), else the one it spends most time at, the first
    run excluded (a line held low at power-up would win otherwise)."""
    if edges.size == 0:
        return initial
    last_level = initial ^ (edges.size & 1)
    if initial == last_level:
        return initial
    # the ends disagree (held at one level at power-up, or cut mid-frame): the level of the
    # longest run, the first excluded; gaps between frames are the longest runs of a UART line
    _s, lengths, levels = _runs(edges, initial)
    tail = n_samples - int(edges[-1])
    longest = int(lengths.max()) if lengths.size else 0
    if tail >= longest:
        return last_level
    return int(levels[int(np.argmax(lengths))])


def estimate_bit(lengths: np.ndarray) -> float | None:
    """The bit time (samples) from run lengths: the shortest common run, refined by fitting all
    runs of up to 10 bits to whole numbers of bits."""
    runs = lengths[lengths > 0].astype(np.float64)
    if runs.size < 4:
        return None
    short = np.sort(runs)[: max(3, runs.size // 10)]
    b = float(np.median(short))
    if b <= 0:
        return None
    for _ in range(4):
        k = np.rint(runs / b)
        ok = (k >= 1) & (k <= 10) & (np.abs(runs / b - k) < 0.3)
        if ok.sum() < 3:
            break
        b = float(runs[ok].sum() / k[ok].sum())
    return b


def snap(baud: float) -> tuple[int, float]:
    best = min(STANDARD_RATES, key=lambda r: abs(baud / r - 1))
    if abs(baud / best - 1) <= SNAP:
        return best, baud / best - 1
    return int(round(baud)), 0.0


def decode(edges: np.ndarray, initial: int, idle: int, bit: float, framing: str, start: float, end: float,
           limit: int = MAX_FRAMES) -> tuple[Frames, int]:
    """Frames from ``start`` to ``end`` (samples) with one framing; also the breaks seen.

    Vectorised: every transition into the active level is sampled as if it began a frame (one
    ``searchsorted`` for all of them), then the frames are picked in order, each next start bit
    searched from half a bit before the previous frame's stop bit ends."""
    fr = Framing.parse(framing)
    nbits = fr.data_bits + (1 if fr.parity in ("E", "O", "M", "S") else 0)
    stop = int(round(fr.stop_bits)) or 1
    span = 1 + nbits + stop
    after = initial ^ ((np.arange(edges.size) + 1) & 1)  # the level after each transition
    cand = edges[after != idle]
    cand = cand[(cand >= start) & (cand < end)][: limit * 4]
    if cand.size == 0:
        return _no_frames(), 0
    offsets = (np.arange(span) + 0.5) * bit
    weights = (1 << np.arange(fr.data_bits)).astype(np.int64)
    parts = [_sample_frames(edges, initial, idle, cand[i:i + BLOCK], offsets, fr, nbits, weights) for i in range(0, cand.size, BLOCK)]
    started, values, perr, ferr, is_break = (np.concatenate([p[k] for p in parts]) for k in range(5))
    # pick the frames in order: each next start is the first candidate at or after the previous
    # start + (span - 0.5) bits (bisect jumps over the edges inside a frame)
    gap = (span - 0.5) * bit
    times = cand.astype(np.float64)
    usable = np.flatnonzero(started)
    tl = times[usable].tolist()
    picked: list[int] = []
    j, n = 0, len(tl)
    while j < n and len(picked) < limit:
        picked.append(j)
        j = bisect.bisect_left(tl, tl[j] + gap, j + 1)
    idx = usable[np.asarray(picked, dtype=np.int64)] if picked else np.zeros(0, dtype=np.int64)
    brk = is_break[idx]
    keep = idx[~brk]
    return Frames(times[keep], values[keep], ferr[keep], perr[keep]), int(brk.sum())


def _sample_frames(edges: np.ndarray, initial: int, idle: int, cand: np.ndarray, offsets: np.ndarray, fr: Framing,
                   nbits: int, weights: np.ndarray) -> tuple[np.ndarray, ...]:
    """Every candidate start sampled at mid-bit as one frame: (started, value, parity error,
    framing error, break), for a block of candidates (bounded memory)."""
    lv = (initial ^ (np.searchsorted(edges, cand[:, None] + offsets[None, :], side="right") & 1)).astype(np.int8)
    if idle == 0:
        lv = 1 - lv
    values = lv[:, 1:1 + fr.data_bits].astype(np.int64) @ weights
    if fr.parity in ("E", "O"):
        ones = lv[:, 1:2 + fr.data_bits].sum(axis=1)
        perr = (ones % 2 != 0) if fr.parity == "E" else (ones % 2 != 1)
    else:
        perr = np.zeros(cand.size, dtype=bool)
    ferr = np.any(lv[:, 1 + nbits:] == 0, axis=1)
    return lv[:, 0] == 0, values, perr, ferr, ferr & ~np.any(lv[:, 1:] == 1, axis=1)


def _errors(frames: Frames) -> tuple[int, int]:
    return frames.errors()


def _even(v: int) -> int:
    return bin(v).count("1") & 1


def _choose_framing(edges: np.ndarray, initial: int, idle_guess: int, bit: float, start: float, end: float
                    ) -> tuple[str, int, Frames, int, list[str], str]:
    """The framing and polarity that decode the stretch with the fewest framing and parity errors;
    the others that decode it just as cleanly; and why the one chosen wins."""
    results: dict[tuple[str, int], tuple[Frames, int, int]] = {}
    for idle in (idle_guess, 1 - idle_guess):
        for f in FRAMINGS:
            frames, breaks = decode(edges, initial, idle, bit, f, start, end, limit=CHOOSE_FRAMES)
            fe, pe = _errors(frames)
            # an error share, so a polarity that finds fewer (spurious) frames cannot win by count
            results[(f, idle)] = (frames, breaks, fe + pe)
    def share(key: tuple[str, int]) -> float:
        frames, _b, err = results[key]
        return err / len(frames) if frames else 2.0
    # the other polarity must decode clearly better to overrule the line's resting level: a line
    # with real framing errors decodes almost as badly either way
    guess_best = min((k for k in results if k[1] == idle_guess), key=lambda k: (share(k), PRIOR[k[0]]))
    other_best = min((k for k in results if k[1] != idle_guess), key=lambda k: (share(k), PRIOR[k[0]]))
    g, o = share(guess_best), share(other_best)
    best_key = other_best if (o < g / 2 and g - o >= 0.1) else guess_best
    idle = best_key[1]
    best = share(best_key)
    clean = sorted((f for f in FRAMINGS if len(results[(f, idle)][0]) and share((f, idle)) <= best + 1e-9), key=lambda f: PRIOR[f])
    chosen = clean[0] if clean else best_key[0]
    why = ""
    frames8 = results[("8N1", idle)][0]
    if "8N1" in clean and len(frames8) >= 4:
        top = (frames8.value >> 7).tolist()
        low = (frames8.value & 0x7F).tolist()
        printable = sum(32 <= v < 127 or v in (9, 10, 13) for v in low) / len(low)
        if all(t == _even(v) for t, v in zip(top, low)) and any(top) and printable > 0.9:
            chosen, why = "7E1", "the 8th bit of every byte read as 8N1 is the even parity of the other 7, and those 7 are text"
        elif all(t == 1 - _even(v) for t, v in zip(top, low)) and printable > 0.9 and not all(top):
            chosen, why = "7O1", "the 8th bit of every byte read as 8N1 is the odd parity of the other 7, and those 7 are text"
        elif all(top) and (printable > 0.9 or len(frames8) >= 16):
            chosen, why = "7N1", f"the 8th bit of all {len(frames8)} bytes read as 8N1 is 1: the stop bit of a 7-bit frame"
    if chosen not in clean:
        clean.insert(0, chosen)
    also = [f for f in clean if f != chosen]
    if also and not why:
        why = f"{chosen} and {', '.join(also)} decode the line equally well; {chosen} is the commoner framing"
    frames, breaks = decode(edges, initial, idle, bit, chosen, start, end)
    return chosen, idle, frames, breaks, also, why


def uart_like(lengths: np.ndarray, levels: np.ndarray, idle: int, bit: float) -> bool:
    """A UART line's runs are whole numbers of bits, of more than one length; a clock has one
    run length, and a strobe or an enable line repeats one pulse and one gap (so does a stream of
    one repeated byte, which is then not told apart: the note says so)."""
    ratio = lengths.astype(np.float64) / bit
    k = np.rint(ratio)
    short = ratio <= 10.5  # longer runs are gaps between frames: any length
    inside = short & (np.abs(ratio - k) < 0.3) & (k >= 1)
    if lengths.size < 4:
        return bool(inside.any())
    if inside.sum() < 0.8 * short.sum() or np.unique(k[inside]).size < 2:
        return False
    if lengths.size >= 20:
        active, rest = k[levels != idle], k[(levels == idle) & (k <= 10)]
        if np.unique(active).size == 1 and np.unique(rest).size <= 1:
            return False
        # isolated pulses: nearly every active run is one "bit" followed by a long gap (an
        # enable or interrupt line); a UART frame goes on after its start bit
        act = np.flatnonzero(levels[:-1] != idle)
        if act.size >= 8 and np.mean((k[act] == 1) & (ratio[act + 1] > 10.5)) > 0.9:
            return False
    return True


def _fits(lengths: np.ndarray, bit: float) -> bool:
    """Do a burst's runs (those of up to 10 bits) fall on whole bits of ``bit``?"""
    r = lengths / bit
    short = r[r <= 10.5]
    return short.size > 0 and bool(np.mean(np.abs(short - np.rint(short)) < 0.2) > 0.95)


def _bursts(edges: np.ndarray, gap: float) -> list[tuple[int, int]]:
    """Index ranges of edges separated by idle gaps longer than ``gap`` samples."""
    if edges.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(edges) > gap) + 1
    bounds = [0, *cuts.tolist(), int(edges.size)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i + 1] > bounds[i]]


def measure(name: str, edges: np.ndarray, initial: int, n_samples: int, samplerate: float) -> LineReport:
    """Every segment of one channel, each with its measured settings and its bytes."""
    rep = LineReport(name, [])
    edges = np.asarray(edges, dtype=np.int64)
    if edges.size < 8:
        rep.idle = True
        rep.notes.append(f"{name}: {edges.size} transitions: the line is idle (or not a UART line)")
        return rep
    idle = _idle_level(edges, initial, n_samples)
    _s, lengths, levels = _runs(edges, initial)
    # a line held at the active level for a long time at the start (power-up, reset) is not data
    first_bit = estimate_bit(lengths)
    if first_bit is None:
        rep.idle = True
        return rep
    if initial != idle and edges[0] > 20 * first_bit:
        rep.notes.append(f"{name}: held {'low' if idle else 'high'} for {edges[0] / samplerate * 1000:.1f} ms at the start (power-up or reset), ignored")
    groups: list[tuple[float, float, float]] = []  # (start sample, end sample, bit)
    for a, b in _bursts(edges, GAP_BITS * first_bit):
        if b - a < 2:
            continue
        seg_lengths = np.diff(edges[a:b])
        if groups and _fits(seg_lengths, groups[-1][2]):
            bit = groups[-1][2]  # the same rate as the stretch before: no new estimate needed
        else:
            bit = estimate_bit(seg_lengths) if seg_lengths.size >= MIN_RUNS else None
        start, end = float(edges[a]) - 0.5, float(edges[b - 1]) + 12 * (bit or first_bit)
        if groups and (bit is None or abs(bit / groups[-1][2] - 1) < 0.05):
            g0, _g1, gb = groups[-1]
            groups[-1] = (g0, end, gb)
        else:
            groups.append((start, end, bit or first_bit))
    for start, end, bit in groups:
        inside = (edges >= start) & (edges <= end)
        seg = edges[inside]
        if seg.size >= 2:
            first_level = initial ^ (int(np.argmax(inside)) & 1)  # the level before the segment's first edge
            _st, seg_len, seg_lv = _runs(seg, first_level)
            if not (uart_like(seg_len, seg_lv, idle, bit) or uart_like(seg_len, seg_lv, 1 - idle, bit)):
                rep.notes.append(f"{name}: {seg.size} transitions from {start / samplerate:.4f} s are a clock, strobe or enable "
                                 "line (one pulse and one gap, repeated), not UART data (or one byte repeated)")
                continue
        baud = samplerate / bit
        nominal, err = snap(baud)
        framing, line_idle, frames, breaks, also, why = _choose_framing(edges, initial, idle, bit, start, min(end, float(n_samples) + bit))
        if not len(frames):
            continue
        common = int(np.bincount(frames.value).max())
        if len(frames) >= 12 and common >= 0.95 * len(frames):
            rep.notes.append(f"{name}: {len(frames)} nearly identical frames ({int(frames.value[0]):02X}) from {start / samplerate:.4f} s: a clock, "
                             "strobe or enable line, or one byte repeated; not reported as UART data")
            continue
        fe, pe = _errors(frames)
        data = (frames.value & ((1 << Framing.parse(framing).data_bits) - 1)).astype(np.uint8).tobytes()
        rep.segments.append(Segment(name, start / samplerate, (float(frames.t[-1]) + 11 * bit) / samplerate, baud, nominal, err, framing,
                                    "normal" if line_idle == 1 else "inverted", data, fe, pe, breaks, also, why, len(frames)))
    return rep
