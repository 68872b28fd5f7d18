"""What every reader yields: one judged exchange, and the per-file report readers fill in.

Why one item type: the output (text, json, jsonl, html) never learns which reader produced an
exchange; ``exchange`` says who talked to whom (``client``/``server`` as ``ip:port`` or
``[v6]:port`` for packets, ``reader`` for APDU logs, ``channel`` for a serial trace) and
``diag`` is a Diagnosis of the shared model, judged by the domains' pure judges.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..model import Diagnosis


@dataclass(frozen=True)
class AnalyzeOptions:
    keylog: str | None = None  # SSLKEYLOGFILE path (not used yet: see docs/JSON.md)
    problems_only: bool = False
    progress: bool = False
    pictures: bool = False  # the ladders: only the html page draws them
    jobs: int = 1  # worker processes for packet captures (parallel.py); 0: chosen per file by its size
    jsonl: bool = False  # the output is jsonl: a worker may hand back each exchange as its line


@dataclass
class Item:
    """``diag`` is None only for an item already written as its jsonl ``line`` (by a worker)."""

    exchange: dict[str, Any]
    diag: Diagnosis | None
    line: str | None = None
    problem: bool = False

    @property
    def problem_found(self) -> bool:
        return self.diag.problem_found if self.diag is not None else self.problem

    def to_dict(self) -> dict[str, Any]:
        if self.diag is None:
            return json.loads(self.line or "{}")  # type: ignore[no-any-return]
        d = self.diag.to_dict()
        d["exchange"] = dict(self.exchange)
        return d

    def json_line(self) -> str:
        """The exchange as one line of ``--format jsonl`` (docs/JSON.md)."""
        return self.line if self.line is not None else json.dumps(self.to_dict(), separators=(",", ":"))

    def as_line(self) -> "Item":
        return Item(self.exchange, None, self.json_line(), self.problem_found)


@dataclass
class FileReport:
    """What one file gave: its reader, what was skipped and why (one line each), counters."""

    name: str
    reader: str = ""
    notes: list[str] = field(default_factory=list)
    exchanges: int = 0
    problems: int = 0
    counters: dict[str, int] = field(default_factory=dict)
