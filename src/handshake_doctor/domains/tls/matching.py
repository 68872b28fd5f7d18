"""Message rows and hits: the small machinery the tls, http, net and database ``explain`` share.

Why shared: all four domains read the same kind of input (a stack's error line) and answer the
same way (the best-matching rows become findings, one per code). Keeping the mechanism here
leaves each domain's explain.py with only its own decisions. Pure and light.
"""

from __future__ import annotations

import re

from ...knowledge.table import rx
from ...model import Evidence, Finding, Fix
from ...record import field, record
from ...textparse import ParsedInput


@record(frozen=True)
class MessageRow:
    """One error text a real stack prints, and what it means."""

    pattern: str  # regular expression, case-insensitive, searched in the whole input
    stack: str  # "openssl", "python", "curl", "nodejs", "go", "java", "dotnet", "browser", "nginx", "libpq"...
    meaning: str  # our own words: what the text says happened
    code: str  # the finding code it points to
    confidence: float
    source: str


@record
class Hit:
    """One reason to emit a finding code (several hits may back the same code)."""

    code: str
    confidence: float
    meaning: str
    evidence: Evidence
    source: str
    data: dict = field(default_factory=dict)  # type: ignore[type-arg]


def match_rows(parsed: ParsedInput, rows: tuple[MessageRow, ...] | list[MessageRow]) -> list[Hit]:
    hits: list[Hit] = []
    for row in rows:
        m = rx(row.pattern).search(parsed.text)  # rx guards with literal needles before compiling
        if m:
            hits.append(Hit(row.code, row.confidence, row.meaning, Evidence("message", m.group(0).strip()[:200], "input", f"{row.stack}: {row.meaning}"), row.source, {"stack": row.stack}))
    return hits


def best_per_code(hits: list[Hit]) -> list[tuple[str, float, list[Hit]]]:
    """Group hits by code: (code, best confidence, hits best first), strongest code first."""
    groups: dict[str, list[Hit]] = {}
    for h in hits:
        groups.setdefault(h.code, []).append(h)
    out = []
    for code, hs in groups.items():
        hs.sort(key=lambda h: -h.confidence)
        out.append((code, hs[0].confidence, hs))
    out.sort(key=lambda t: -t[1])
    return out


def findings_from_hits(
    domain: str,
    hits: list[Hit],
    titles: dict[str, str],
    fixes: dict[str, list[Fix]],
    severity: dict[str, str] | None = None,
    limit: int = 4,
) -> list[Finding]:
    """One finding per code; summary = the code's title plus the strongest hit's meaning."""
    out: list[Finding] = []
    for code, conf, hs in best_per_code(hits)[:limit]:
        top = hs[0]
        seen: set[str] = set()
        evidence: list[Evidence] = []
        sources: list[str] = []
        for h in hs:
            if h.evidence.value not in seen:
                seen.add(h.evidence.value)
                evidence.append(h.evidence)
            if h.source not in sources:
                sources.append(h.source)
        data: dict = {}  # type: ignore[type-arg]
        for h in reversed(hs):
            data.update(h.data)
        title = titles.get(code, code)
        out.append(
            Finding(
                code=code,
                domain=domain,
                summary=title,
                detail=top.meaning[:1].upper() + top.meaning[1:] + ("." if not top.meaning.endswith(".") else ""),
                severity=(severity or {}).get(code, "error"),  # type: ignore[arg-type]
                confidence=min(1.0, conf),
                evidence=evidence[:6],
                fixes=list(fixes.get(code, [])),
                sources=sources[:6],
                data=data,
            )
        )
    return out


def titles_of(codes: tuple) -> dict[str, str]:  # type: ignore[type-arg]
    return {c.code: c.title for c in codes}
