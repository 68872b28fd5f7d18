"""What a scan found, by root cause: counted from the store, printed as one table.

Why from the store and not from memory: a resumed scan reports every target of the list,
including those finished by earlier runs, and memory stays flat in the number of targets (one
counter per cause, not one record per endpoint).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

HEALTHY = "healthy"


@dataclass
class Summary:
    total: int = 0
    healthy: int = 0
    errors: int = 0  # the probe could not run (scan.error)
    by_cause: Counter[str] = field(default_factory=Counter)
    severity: dict[str, str] = field(default_factory=dict)
    expiring: int = 0  # certificates with fewer than EXPIRY_WARN_DAYS left (and not yet expired)

    def add(self, scan: dict[str, Any]) -> None:
        self.total += 1
        cause = scan.get("cause") or ("probe error" if scan.get("error") else "unknown")
        self.by_cause[cause] += 1
        self.severity.setdefault(cause, scan.get("severity") or "error")
        if scan.get("healthy"):
            self.healthy += 1
        if scan.get("error"):
            self.errors += 1
        days = scan.get("cert_days_left")
        if isinstance(days, (int, float)) and 0 <= days < EXPIRY_WARN_DAYS:
            self.expiring += 1

    @property
    def failures(self) -> int:
        return self.total - self.healthy


EXPIRY_WARN_DAYS = 14


def summarise(records: Iterable[dict[str, Any]], wanted: set[str] | None = None) -> Summary:
    s = Summary()
    for rec in records:
        scan = rec.get("scan") or {}
        if wanted is not None and scan.get("target") not in wanted:
            continue
        s.add(scan)
    return s


def render_table(s: Summary) -> str:
    """A plain table (no colour, no rich): it is also the tail of a log file."""
    rows = sorted(s.by_cause.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max([len("root cause")] + [len(c) for c, _n in rows])
    lines = [f"{'root cause':<{width}}  {'severity':<8}  {'endpoints':>9}  {'share':>6}", "-" * (width + 31)]
    for cause, n in rows:
        share = 100.0 * n / s.total if s.total else 0.0
        lines.append(f"{cause:<{width}}  {s.severity.get(cause, ''):<8}  {n:>9}  {share:>5.1f}%")
    lines.append("-" * (width + 31))
    lines.append(f"{s.total} endpoint(s): {s.healthy} healthy, {s.failures} with a problem"
                 + (f", {s.errors} could not be probed" if s.errors else "")
                 + (f"; {s.expiring} certificate(s) expire within {EXPIRY_WARN_DAYS} days" if s.expiring else ""))
    return "\n".join(lines)
