"""The engine: identify (rank domains) → gather findings → order them. No domain names here.

Every registered domain scores the parsed input (``domains/<d>/explain.py: assess``). The engine
ranks the assessments, orders findings by domain score × finding confidence, and, when no domain
clearly wins, asks the questions the domains offered to separate them. It never claims certainty
a domain did not claim.
"""

from __future__ import annotations

import time

from . import startcache
from .assemble import assemble
from .knowledge.table import rx
from .knowledge.wording import UNATTRIBUTED
from .model import Assessment, Diagnosis, DomainScore, Question
from .registry import DOMAINS
from .textparse import ParsedInput, parse

#: Below this top score, or with a runner-up this close, the answer is ambiguous: ask questions.
CLEAR_WIN = 0.75
CLOSE_RUNNER_UP = 0.2
MAX_QUESTIONS = 6


def assess_all(parsed: ParsedInput) -> list[Assessment]:
    out: list[Assessment] = []
    for spec in DOMAINS:
        a = spec.module("explain").assess(parsed)
        if a is not None and (a.score > 0 or a.findings):
            a.score = max(0.0, min(1.0, a.score))
            out.append(a)
    out.sort(key=lambda a: -a.score)
    return out



def explain(text: str) -> Diagnosis:
    """Explain an error line, hex bytes or a status word. Pure: no I/O, no device needed."""
    t0 = time.perf_counter()
    parsed = parse(text)
    assessments = assess_all(parsed)
    diag = Diagnosis(verb="explain", input=parsed.text)
    if parsed.truncated:
        diag.notes.append("Only the first 64 KiB of the input were read.")
    diag.domains = [DomainScore(a.domain, a.score, a.meaning, a.reasons) for a in assessments]
    weights = {id(f): a.score * f.confidence for a in assessments for f in a.findings}
    diag.findings = assemble([f for a in assessments for f in a.findings], weight=lambda f: weights[id(f)])

    for row in UNATTRIBUTED:
        if rx(row.pattern).search(parsed.text):
            diag.notes.append(row.note)
            diag.questions.append(Question(row.ask, (), "the wording is not a known tool's"))

    scored = [a for a in assessments if a.score > 0]
    ambiguous = len(scored) > 1 and (
        scored[0].score < CLEAR_WIN or scored[1].score >= scored[0].score - CLOSE_RUNNER_UP
    )
    if ambiguous or not scored:
        seen = {q.text for q in diag.questions}
        for a in scored[:5]:
            for q in a.questions:
                if q.text not in seen and len(diag.questions) < MAX_QUESTIONS:
                    diag.questions.append(q)
                    seen.add(q.text)
    if not assessments:
        diag.notes.append("Nothing recognised: no value, code or known error message was found in the input.")
    startcache.save()
    diag.elapsed_ms = (time.perf_counter() - t0) * 1000
    return diag
