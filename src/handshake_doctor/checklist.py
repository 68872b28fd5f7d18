"""Run: one checklist for every probe (and for analyze and scan, which replay the same steps).

Why one type: the TLS, serial and smart-card probes each had their own run class, with step
arguments in three orders and their own deadline arithmetic. A run owns the one deadline of the
user's ``--timeout``, the steps (ran, skipped or failed, each with its reason and time), the
findings, the notes and the transcript of what was exchanged; ``finish()`` assembles them by the
one ranking rule (assemble.py) into the Diagnosis of the shared model.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from .assemble import assemble
from .model import Diagnosis, DomainScore, Finding, Step
from .transcript import Transcript
from .transports.deadline import Deadline

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

STEP_DETAIL_MAX = 300


class StepTimer:
    """What the body of ``with run.step(...)`` reports: its detail, or that it failed or skipped."""

    def __init__(self, name: str, deadline: Deadline) -> None:
        self.name = name
        self.deadline = deadline  # this step's share of the run's deadline
        self.status = "ran"
        self.detail = ""

    def fail(self, why: str) -> None:
        self.status, self.detail = "failed", why

    def skip(self, why: str) -> None:
        self.status, self.detail = "skipped", why


class Run:
    """One checklist run: steps with deadlines, findings, notes and the transcript."""

    def __init__(self, target: str, timeout: float, *, verb: str = "probe", source: str = "probe") -> None:
        self.verb = verb
        self.target = target
        self.deadline = Deadline(timeout)
        self.steps: list[Step] = []
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.transcript = Transcript(source, target)

    # ------------------------------------------------------------------ steps
    @contextmanager
    def step(self, name: str, cap: float | None = None) -> Iterator[StepTimer]:
        """Time one step; an exception marks it failed (with the exception's text) and propagates."""
        timer = StepTimer(name, self.deadline.child(cap) if cap is not None else self.deadline)
        t0 = time.monotonic()
        try:
            yield timer
        except BaseException as exc:
            if timer.status == "ran":
                timer.fail(f"{type(exc).__name__}: {exc}")
            raise
        finally:
            self.record_step(name, timer.status, timer.detail, (time.monotonic() - t0) * 1000.0)

    def record_step(self, name: str, status: str, detail: str = "", elapsed_ms: float | None = None) -> Step:
        """A step timed by its caller (threads, or a result that carries its own time)."""
        if status not in ("ran", "skipped", "failed"):
            raise ValueError(f"step status must be ran, skipped or failed, not {status!r}")
        s = Step(name, status, detail[:STEP_DETAIL_MAX], None if elapsed_ms is None else round(elapsed_ms, 1))
        self.steps.append(s)
        return s

    def skip(self, names: str | list[str], why: str) -> None:
        for name in [names] if isinstance(names, str) else names:
            self.record_step(name, "skipped", why)

    # --------------------------------------------------------------- findings
    def add(self, finding: Finding) -> Finding:
        self.findings.append(finding)
        return finding

    def has(self, code_or_prefix: str) -> bool:
        return any(f.code == code_or_prefix or f.code.startswith(code_or_prefix + ".") for f in self.findings)

    def finish(self, domains: list[DomainScore] | None = None, *, input: str | None = None,
               target: str | None = None) -> Diagnosis:
        """The Diagnosis, findings in the order of the one rule (observed findings)."""
        return Diagnosis(verb=self.verb, input=self.target if input is None else input,
                         target=self.target if target is None else target, domains=list(domains or []),
                         findings=assemble(self.findings), notes=list(self.notes), steps=list(self.steps),
                         elapsed_ms=self.deadline.elapsed_ms(), transcript=self.transcript)
