"""assemble(): the one ranking rule of every verb (docs/RANKING.md). Pure.

Why one function: three probes used to sort severities three ways, and the root cause was not
always first (a device that answered with text was reported as "silent" first; a port another
process held was headlined by the modem's identity). The rule, in order:

1. **Supersession.** A symptom (``role="symptom"``) that later evidence explains is demoted to
   ``info`` with the reason: silence before a device answered its handshake is normal.
2. **Observed findings** (probes, analyze, scan: every finding was seen): causes first, errors
   before warnings; then symptoms; then the healthy state; then what answered (identity); then
   the superseded. Within a class the checklist's order stands (stable sort), and checklists run
   from the lower layer up, so the lower layer's failure, which explains the upper ones, leads.
3. **Hypotheses** (explain: each finding is a candidate given its domain): the weight, domain
   score × confidence, decides; severity breaks near-ties (+0.02 error, +0.01 warning).

Severity means one thing everywhere: ``error`` the handshake cannot succeed because of this;
``warning`` a problem that can make it fail or soon will; ``info`` an observation or an
identity; ``ok`` healthy.
"""

from __future__ import annotations

from .model import Finding, role_of
from .record import replace

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time
    from typing import Callable, Iterable

#: observed findings: the class order of rule 2
CLASS_RANK = {("cause", "error"): 0, ("cause", "warning"): 1, "symptom": 2, "state": 3, "identity": 4, "superseded": 5}
SEVERITY_BONUS = {"error": 0.02, "warning": 0.01, "info": 0.0, "ok": 0.0}


def class_rank(f: Finding) -> int:
    role = role_of(f)
    if role == "cause":
        return CLASS_RANK.get((role, f.severity), 1 if f.severity not in ("error",) else 0)
    return CLASS_RANK.get(role, 4)


def _explains(other: Finding, pattern: str) -> bool:
    if pattern == "*":
        return role_of(other) in ("identity", "cause")
    if pattern.endswith("*"):
        return other.code.startswith(pattern[:-1])
    return other.code == pattern


def supersede(findings: Iterable[Finding]) -> list[Finding]:
    """Rule 1: demote each symptom that another finding present explains, saying which."""
    found = list(findings)
    out: list[Finding] = []
    for f in found:
        if role_of(f) == "symptom" and f.superseded_by:
            by = next((o for o in found if o is not f and role_of(o) != "symptom"
                       and any(_explains(o, p) for p in f.superseded_by)), None)
            if by is not None:
                why = f"Superseded: {by.code} explains it ({by.summary})."
                f = replace(f, role="superseded", severity="info", fixes=[],
                            detail=(f.detail + " " if f.detail else "") + why,
                            data={**f.data, "superseded_by": by.code})
        out.append(f)
    return out


def assemble(findings: Iterable[Finding], weight: Callable[[Finding], float] | None = None) -> list[Finding]:
    """The findings in the order of the one rule: observed (``weight`` None) or hypotheses."""
    given = list(findings)
    found = supersede(given)  # aligned with ``given``: a weight belongs to the finding as given
    if weight is None:
        return sorted(found, key=class_rank)  # stable: the checklist's order within a class
    ranks = [-(weight(g) + SEVERITY_BONUS.get(f.severity, 0.0)) for g, f in zip(given, found)]
    return [found[i] for i in sorted(range(len(found)), key=ranks.__getitem__)]
