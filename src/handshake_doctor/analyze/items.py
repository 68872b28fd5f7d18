"""What every reader yields: one judged exchange, and the per-file report readers fill in.

Why one item type: the output (text, json, jsonl, html) never learns which reader produced an
exchange; ``exchange`` says who talked to whom (``client``/``server`` as ``ip:port`` or
``[v6]:port`` for packets, ``reader`` for APDU logs, ``channel`` for a serial trace) and
``diag`` is a Diagnosis of the shared model, judged by the domains' pure judges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Diagnosis


@dataclass(frozen=True)
class AnalyzeOptions:
    keylog: str | None = None  # SSLKEYLOGFILE path (not used yet: see docs/JSON.md)
    problems_only: bool = False
    progress: bool = False
    pictures: bool = False  # the ladders: only the html page draws them


@dataclass
class Item:
    exchange: dict[str, Any]
    diag: Diagnosis

    def to_dict(self) -> dict[str, Any]:
        d = self.diag.to_dict()
        d["exchange"] = dict(self.exchange)
        return d


@dataclass
class FileReport:
    """What one file gave: its reader, what was skipped and why (one line each), counters."""

    name: str
    reader: str = ""
    notes: list[str] = field(default_factory=list)
    exchanges: int = 0
    problems: int = 0
    counters: dict[str, int] = field(default_factory=dict)
