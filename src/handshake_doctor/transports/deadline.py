"""A monotonic deadline shared by the steps of one probe.

Why one object and not per-call timeouts: the user gives one ``--timeout`` for the whole probe;
each step asks how much is left (optionally capped) instead of re-using the full budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Deadline:
    seconds: float
    start: float = field(default_factory=time.monotonic)

    @property
    def at(self) -> float:
        return self.start + self.seconds

    def remaining(self, cap: float | None = None) -> float:
        left = max(0.0, self.at - time.monotonic())
        return left if cap is None else min(left, cap)

    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def child(self, cap: float) -> "Deadline":
        """A shorter deadline for one step that still ends no later than this one."""
        return Deadline(self.remaining(cap))

    def elapsed_ms(self) -> float:
        return (time.monotonic() - self.start) * 1000.0
