"""The scan's typed options: what ``hsdoctor scan``'s command line means, as data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..options import MAX_TIMEOUT_S

FORMATS = ("text", "jsonl", "prometheus", "html")
ENGINES = ("local", "dask")
PROGRESS = ("auto", "rich", "plain", "none")
#: measured on the 2-core machine (docs/SCAN.md), 1 000-endpoint fleet: 32 threads in one process
#: 67 endpoints/s; 2 processes x 16 threads 70/s for twice the memory; 16 vs 64 threads: the same
DEFAULT_CONCURRENCY = 32


def default_processes() -> int:
    """One: with the trust store loaded once per process, one process's threads keep up (measured)."""
    return 1


@dataclass(frozen=True)
class ScanOptions:
    file: str
    jsonl: str | None = None
    format: str = "text"
    output: str | None = None
    html: str | None = None
    timeout: float = 5.0
    concurrency: int = DEFAULT_CONCURRENCY
    processes: int = 0  # 0: default_processes()
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    engine: str = "local"
    scheduler: str | None = None
    batch: int = 16
    fsync: str = "batch"
    progress: str = "auto"

    def __post_init__(self) -> None:
        if not 0 < float(self.timeout) <= MAX_TIMEOUT_S:
            raise UsageError(f"--timeout must be between 0 and {MAX_TIMEOUT_S:.0f} seconds")
        if not 1 <= self.concurrency <= 4096:
            raise UsageError("--concurrency must be between 1 and 4096")
        if not 0 <= self.processes <= 64:
            raise UsageError("--processes must be between 1 and 64")
        if not 1 <= self.batch <= 10000:
            raise UsageError("--batch must be between 1 and 10000")
        if self.format not in FORMATS:
            raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
        if self.engine not in ENGINES:
            raise UsageError(f"--engine must be one of {', '.join(ENGINES)}")
        if self.engine == "dask" and not self.scheduler:
            raise UsageError("--engine dask needs --scheduler tcp://HOST:8786")
        if self.scheduler and self.engine != "dask":
            raise UsageError("--scheduler is for --engine dask")
        if self.output and self.format not in ("prometheus", "html"):
            raise UsageError("--output is for --format prometheus or html (use --jsonl OUT for JSON lines)")

    @classmethod
    def from_namespace(cls, ns: Any) -> ScanOptions:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in vars(ns).items() if k in names and v is not None})

    @property
    def worker_processes(self) -> int:
        return min(self.processes or default_processes(), self.concurrency)
