"""Scan progress: a rich bar on a terminal, plain periodic lines otherwise (logs, CI).

Why both: a terminal wants a live bar (done/total, rate, ETA, failures by cause); a log file
wants a line every few seconds, not control codes. rich is imported only for the bar.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Any, TextIO

PLAIN_EVERY_S = 5.0
TOP_CAUSES = 4


class Progress:
    def __init__(self, total: int, already: int = 0, mode: str = "auto", stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = already
        self.started_with = already
        self.failures: Counter[str] = Counter()
        self.t0 = time.monotonic()
        self._last_plain = self.t0
        if mode == "auto":
            mode = "rich" if getattr(self.stream, "isatty", lambda: False)() else "plain"
        self.mode = mode
        self._bar: Any = None
        self._task: Any = None
        if mode == "rich":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

            self._bar = RichProgress(TextColumn("scan"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                                     TimeRemainingColumn(), TextColumn("{task.fields[causes]}"),
                                     console=Console(file=self.stream), transient=False)
            self._task = self._bar.add_task("scan", total=total, completed=already, rate="", causes="")
            self._bar.start()

    def rate(self) -> float:
        dt = time.monotonic() - self.t0
        return (self.done - self.started_with) / dt if dt > 0 else 0.0

    def eta_s(self) -> float | None:
        r = self.rate()
        return (self.total - self.done) / r if r > 0 else None

    def causes_text(self) -> str:
        if not self.failures:
            return "no failures"
        top = self.failures.most_common(TOP_CAUSES)
        rest = sum(self.failures.values()) - sum(n for _c, n in top)
        return ", ".join(f"{c} {n}" for c, n in top) + (f", +{rest} more" if rest else "")

    def update(self, scan: dict[str, Any]) -> None:
        self.done += 1
        if not scan.get("healthy"):
            self.failures[scan.get("cause") or "probe error"] += 1
        if self.mode == "rich":
            self._bar.update(self._task, completed=self.done, rate=f"{self.rate():.1f}/s", causes=self.causes_text())
        elif self.mode == "plain":
            now = time.monotonic()
            if now - self._last_plain >= PLAIN_EVERY_S:
                self._last_plain = now
                self._line()

    def _line(self) -> None:
        eta = self.eta_s()
        self.stream.write(f"hsdoctor scan: {self.done}/{self.total} done, {self.rate():.1f}/s"
                          + (f", ETA {eta:.0f} s" if eta is not None else "") + f"; failures: {self.causes_text()}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.mode == "rich" and self._bar is not None:
            self._bar.stop()
        elif self.mode == "plain" and self.done > self.started_with:
            self._line()
