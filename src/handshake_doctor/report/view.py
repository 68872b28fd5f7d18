"""The view model of a Diagnosis: what a person needs first, chosen once for every renderer.

Why a view between the Diagnosis and the renderers: the text, HTML (and any later) renderer must
agree on what "the answer" is, which evidence decides it, which fix is the user's, and whether
the answer is uncertain (then the questions that settle it come first). Choosing that in each
renderer is how the old report came to print the headline three times and six stacks' snippets.
"""

from __future__ import annotations

from ..model import Diagnosis, DomainScore, Finding, Fix, Question, Snippet, Step
from ..record import field, record
from . import stacks

#: explain's answer is uncertain below this top score, or with a runner-up this close (engine.py)
CLEAR_WIN = 0.75
CLOSE_RUNNER_UP = 0.2
MAX_QUESTIONS = 3
MAX_OTHERS = 3
MAX_EVIDENCE = 2


@record(frozen=True)
class FixView:
    fix: Fix
    snippet: Snippet | None  # the user's stack's snippet, when the fix has one
    other_stacks: tuple[str, ...] = ()  # the stacks -v or --stack would show


@record
class View:
    diag: Diagnosis
    subject: str  # the target, or the input
    headline: str
    severity: str  # the top finding's, or "info"
    uncertain: bool
    stack: str | None
    top: Finding | None = None
    fixes: list[FixView] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    talking_to: list[DomainScore] = field(default_factory=list)
    others: list[Finding] = field(default_factory=list)
    hidden: dict[str, int] = field(default_factory=dict)  # what -v adds, counted

    @property
    def findings(self) -> list[Finding]:
        return self.diag.findings

    @property
    def steps(self) -> list[Step]:
        return self.diag.steps


def is_uncertain(diag: Diagnosis) -> bool:
    """Observed findings (probes) are certain; explain's hypotheses are when one domain clearly wins."""
    if diag.verb != "explain":
        return False
    if not diag.domains:
        return bool(diag.questions)
    top = diag.domains[0].score
    runner = diag.domains[1].score if len(diag.domains) > 1 else 0.0
    return top < CLEAR_WIN or runner >= top - CLOSE_RUNNER_UP


def evidence_line(f: Finding, i: int) -> str:
    e = f.evidence[i]
    note = f" - {e.note}" if e.note else ""
    return f"{e.kind} {e.value} ({e.where}){note}"


def _serves(x: Fix, stack: str) -> bool:
    """A fix serves a stack with a snippet for it, or with a command run by that tool (curl)."""
    return any(sn.stack == stack for sn in x.snippets) or x.command.split()[:1] == [stack]


def _fix_view(x: Fix, stack: str | None) -> FixView:
    mine = next((sn for sn in x.snippets if sn.stack == stack), None)
    if mine is None and len(x.snippets) == 1:
        mine = x.snippets[0]
    return FixView(x, mine, tuple(s.stack for s in x.snippets if s is not mine))


def choose_fixes(f: Finding, stack: str | None) -> list[FixView]:
    """The domain's first fix, and, when the user's stack is known and the first fix has no
    snippet for it, the first later fix that has one: the step to take, then the change to make."""
    if not f.fixes:
        return []
    out = [_fix_view(f.fixes[0], stack)]
    if stack and not _serves(f.fixes[0], stack):
        later = next((x for x in f.fixes[1:] if _serves(x, stack)), None)
        if later is not None:
            out.append(_fix_view(later, stack))
    return out


def build(diag: Diagnosis, stack: str | None = None) -> View:
    """The view of ``diag``; ``stack`` is the user's ``--stack`` (else detected from the input)."""
    chosen = stacks.stack_name(stack) or stacks.detect(diag.input)
    top = diag.findings[0] if diag.findings else None
    if top is not None:
        headline, severity = top.summary, top.severity
    elif diag.domains:
        headline, severity = diag.domains[0].meaning or diag.domains[0].name, "info"
    else:
        headline, severity = "Nothing recognised.", "info"
    uncertain = is_uncertain(diag)
    view = View(diag=diag, subject=diag.target or diag.input, headline=headline, severity=severity,
                uncertain=uncertain, stack=chosen, top=top)
    if top is not None:
        view.evidence = [evidence_line(top, i) for i in range(min(MAX_EVIDENCE, len(top.evidence)))]
        view.fixes = choose_fixes(top, chosen)
    view.questions = list(diag.questions[:MAX_QUESTIONS]) if (uncertain or top is None) else []
    view.talking_to = list(diag.domains[:6])
    rest = [f for f in diag.findings[1:] if f.severity in ("error", "warning")] or diag.findings[1:]
    view.others = rest[:MAX_OTHERS]
    view.hidden = {
        "findings": len(diag.findings),
        "domains": len(diag.domains),
        "questions": max(0, len(diag.questions) - len(view.questions)),
        "notes": len(diag.notes),
        "checks": len(diag.steps),
    }
    return view
