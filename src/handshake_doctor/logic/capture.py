"""One form for every logic-analyser recording: per channel, the level at the start and the
sample indices where it toggles.

Why edges and not samples: a 288 M-sample capture of a UART line holds a few hundred thousand
transitions; keeping the transitions (int64, numpy) instead of the samples keeps memory flat in
the capture's length, and every measurement the UART judge needs (run lengths, levels at given
instants) is a search over them. Readers stream the file in bounded blocks into this form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import UsageError

MAX_EDGES = 50_000_000  # per channel: beyond this a recording is noise, not a serial line


@dataclass(frozen=True)
class Channel:
    name: str
    initial: int  # the level at sample 0
    edges: np.ndarray  # int64, strictly increasing sample indices at which the level toggles
    analog: bool = False  # thresholded from an analog channel

    def level_at(self, samples: np.ndarray) -> np.ndarray:
        """The level at each (fractional) sample index."""
        flips = np.searchsorted(self.edges, samples, side="right")
        return (self.initial ^ (flips & 1)).astype(np.int8)


@dataclass(frozen=True)
class LogicCapture:
    source: str  # the file, and its format
    samplerate: float  # samples per second (for edge lists from timestamps: 1 / time resolution)
    n_samples: int
    channels: list[Channel]
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.n_samples / self.samplerate if self.samplerate else 0.0


class EdgeBuilder:
    """Turns blocks of 0/1 samples of one channel into an edge list, block by block."""

    def __init__(self, name: str, analog: bool = False) -> None:
        self.name = name
        self.analog = analog
        self.initial: int | None = None
        self.last = 0
        self.offset = 0
        self.parts: list[np.ndarray] = []
        self.count = 0

    def feed(self, levels: np.ndarray) -> None:
        if levels.size == 0:
            return
        levels = levels.astype(np.int8, copy=False)
        if self.initial is None:
            self.initial = int(levels[0])
            self.last = self.initial
        if int(levels[0]) != self.last:
            self.parts.append(np.array([self.offset], dtype=np.int64))
            self.count += 1
        idx = np.flatnonzero(levels[1:] != levels[:-1]).astype(np.int64) + (self.offset + 1)
        if idx.size:
            self.parts.append(idx)
            self.count += int(idx.size)
            if self.count > MAX_EDGES:
                raise UsageError(f"channel {self.name}: more than {MAX_EDGES} transitions; not a serial line (or sampled far too fast)")
        self.last = int(levels[-1])
        self.offset += int(levels.size)

    def channel(self) -> Channel:
        edges = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int64)
        return Channel(self.name, 1 if self.initial is None else self.initial, edges, self.analog)


def from_timestamps(name: str, initial: int, times_s: list[float] | np.ndarray, resolution_s: float) -> Channel:
    """A channel from transition times (VCD, Saleae exports), on a grid of ``resolution_s``."""
    t = np.asarray(times_s, dtype=np.float64)
    edges = np.rint(t / resolution_s).astype(np.int64)
    if edges.size > 1 and np.any(np.diff(edges) <= 0):
        # transitions closer than the resolution fall on one grid point: an even number of them
        # is no change at all, an odd number one toggle
        values, counts = np.unique(edges, return_counts=True)
        edges = values[counts % 2 == 1]
    return Channel(name, int(initial) & 1, edges)


class WordEdges:
    """Edge lists of several channels packed as bits of one sample word (sigrok's logic chunks):
    one comparison of consecutive words finds the samples where anything changes, and only those
    are split per channel, so a 16-channel capture costs one pass, not sixteen."""

    DTYPES = {1: "<u1", 2: "<u2", 4: "<u4", 8: "<u8"}

    def __init__(self, unit: int, bits: dict[int, str]) -> None:
        self.unit = unit
        self.width = next(w for w in (1, 2, 4, 8) if w >= unit)
        self.bits = bits  # bit number -> channel name
        self.parts: dict[int, list[np.ndarray]] = {b: [] for b in bits}
        self.first: int | None = None
        self.last: int | None = None
        self.offset = 0

    def feed(self, block: bytes) -> None:
        raw = np.frombuffer(block, dtype=np.uint8)
        if self.width != self.unit:  # pad odd unit sizes (3, 5..7 bytes) to a whole integer
            raw = np.pad(raw.reshape(-1, self.unit), ((0, 0), (0, self.width - self.unit))).reshape(-1)
        w = raw.view(self.DTYPES[self.width])
        if w.size == 0:
            return
        if self.first is None:
            self.first = int(w[0])
            prev = w[:1]
        else:
            prev = np.array([self.last], dtype=w.dtype)
        joined = np.concatenate([prev, w])
        idx = np.flatnonzero(joined[1:] != joined[:-1])
        if idx.size:
            flips = joined[idx + 1] ^ joined[idx]
            at = idx.astype(np.int64) + self.offset
            for b in self.bits:
                sel = at[((flips >> b) & 1).astype(bool)]
                if sel.size:
                    self.parts[b].append(sel)
            if sum(p.size for parts in self.parts.values() for p in parts[-1:]) > MAX_EDGES:
                raise UsageError(f"more than {MAX_EDGES} transitions in a block: not serial lines")
        self.last = int(w[-1])
        self.offset += int(w.size)

    def channels(self) -> list[Channel]:
        out = []
        for b, name in self.bits.items():
            edges = np.concatenate(self.parts[b]) if self.parts[b] else np.zeros(0, dtype=np.int64)
            out.append(Channel(name, 1 if self.first is None else (self.first >> b) & 1, edges))
        return out
