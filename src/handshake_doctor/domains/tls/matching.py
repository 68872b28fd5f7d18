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


def _split_top_level(pattern: str) -> list[str]:
    """The alternatives of a pattern at nesting depth 0 (``a|b(c|d)`` → ``a``, ``b(c|d)``)."""
    parts: list[str] = []
    depth, start, i, n = 0, 0, 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


_ESC = re.compile(r"\\.")
_CLASS = re.compile(r"\[[^\]]*\]")
_GROUP = re.compile(r"\([^()]*\)")
_OPTIONAL = re.compile(r".(?:[?*]|\{0)|\{[^}]*\}")
_RUN = re.compile(r"[A-Za-z0-9 _,;'\"=<>!@%&/#~`:-]{4,}")


def fast_needle(alternative: str) -> str:
    """The longest literal run (>= 4 chars, lower case) every match of ``alternative`` contains, or "".

    Conservative like ``knowledge.table.needle_of`` (escapes, classes, groups, optional and
    repeated characters all end a run) but done with C-speed substitutions: the pure-Python
    scanner cost ~5 ms per cold ``explain`` for this project's ~100 message patterns.
    """
    p = _ESC.sub("\x00", alternative)
    p = _CLASS.sub("\x00", p)
    prev = None
    while prev != p:
        prev, p = p, _GROUP.sub("\x00", p)
    p = _OPTIONAL.sub("\x00", p)
    runs = _RUN.findall(p.replace("+", "\x00").replace(".", "\x00").replace("^", "\x00").replace("$", "\x00"))
    best = max(runs, key=len, default="")
    return best.lower() if len(best) >= 4 else ""


_GUARDS: dict[str, tuple[str, ...] | None] = {}


def _may_match(pattern: str, lower: str) -> bool:
    """Cheap pre-check before ``rx`` builds and compiles a row's regex: each top-level
    alternative's literal needle is looked up in the lower-cased text first.

    Why: ``rx`` cannot guard alternations, and building its own needle is slow; with ~100 rows,
    compiling and scanning them all cost ~15 ms per cold ``explain``.
    """
    guard = _GUARDS.get(pattern, ())
    if guard == ():
        needles = tuple(fast_needle(alt) for alt in _split_top_level(pattern))
        guard = _GUARDS[pattern] = needles if all(needles) else None
    return guard is None or any(n in lower for n in guard)


def match_rows(parsed: ParsedInput, rows: tuple[MessageRow, ...] | list[MessageRow]) -> list[Hit]:
    hits: list[Hit] = []
    lower = parsed.lower
    for row in rows:
        if not _may_match(row.pattern, lower):
            continue
        m = rx(row.pattern).search(parsed.text)
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
