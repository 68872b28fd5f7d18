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
from .model import Assessment, Diagnosis, DomainScore, Evidence, Finding, Fix, Question
from .registry import DOMAINS
from .textparse import ParsedInput, parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .knowledge.spotting_types import Spotting

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



#: An input longer than this (characters or lines) is read as a log: decisive lines kept, the
#: rest skipped and said so (evidence_text.py). Shorter inputs are parsed whole.
LOG_CHARS = 60_000
LOG_LINES = 400
#: The score a domain keeps when the gate takes its rules away (it stays listed, last).
GATED_SCORE = 0.1
#: With no domain's context in the input, a rule this confident (a tool's specific wording) fires alone.
CONFIDENT_RULE = 0.6
#: A reading of 3+ bytes at least this confident frames them (a protocol's frame, or its checked
#: prefix); it outranks a lone-value reading of its first byte that is not more confident.
FRAME_CONFIDENCE = 0.3
#: What a tool's line that no row knows is worth: the top finding when nothing else explains
#: the input, below the domain's own findings when they explain other lines.
UNKNOWN_ALONE, UNKNOWN_BESIDE = 0.6, 0.3


def explain(text: str) -> Diagnosis:
    """Explain an error line, hex bytes, a status word or a whole log. Pure: no I/O."""
    if not isinstance(text, str):
        text = str(text)
    if len(text) > LOG_CHARS or "\x1b" in text or "\r" in text or text.count("\n") > LOG_LINES:
        from .evidence_text import read_text

        return explain_evidence(read_text(text))
    return _explain(text, [])


def explain_evidence(evidence) -> Diagnosis:  # type: ignore[no-untyped-def]
    """Explain what evidence_text kept of a log (stdin, a file, a command's output)."""
    return _explain(evidence.text, list(evidence.notes))


def _explain(text: str, notes: list[str]) -> Diagnosis:
    t0 = time.perf_counter()
    parsed = parse(text)
    assessments = assess_all(parsed)
    diag = Diagnosis(verb="explain", input=parsed.text)
    diag.notes.extend(notes)
    if parsed.truncated:
        diag.notes.append("Only the first 64 KiB of the input were read.")
    assessments = _concepts_and_gate(parsed, assessments, diag)
    diag.domains = [DomainScore(a.domain, a.score, a.meaning, a.reasons) for a in assessments]
    weights = {id(f): a.score * f.confidence for a in assessments for f in a.findings}
    _value_below_frame(assessments, weights, diag)  # a lone value never outranks a frame of the same bytes
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


# ---------------------------------------------------------------------------------------------
# Context gating, the concept layer and unknown tool lines: one rule for every domain, driven by
# the data each domain declares (knowledge/spotting_types.py: Spotting). No domain is named here.


def _is_rule(f: Finding) -> bool:
    """A finding backed by words it matched (a message row), not by values it decoded."""
    return any(e.kind == "message" for e in f.evidence)


def _specific(f: Finding) -> bool:
    """A line from a tool's inventory (its own sentence, read from its source at a version,
    ``data["tool_line"]``) is not a generic phrase: where no other field's context is in the
    input, it carries its domain's context itself (another field's context still drops it)."""
    return bool(f.data.get("tool_line"))


def _foreign_outside_own_lines(name: str, a: Assessment, declared: list, text: str, carried: dict) -> bool:  # type: ignore[type-arg]
    """Is another field's strong context in the input outside the lines this domain's own tool
    lines sit on? A word inside an inventoried line ("socket" in openocd's "couldn't bind ... to
    socket", "serial" in OpenSSL's "issuer serial number mismatch", curl's "Failed to connect to"
    as st-flash's whole line) is part of that tool's sentence, not a sign the input is about the
    other field: the line's own finding wins. Context elsewhere in the input still drops it."""
    from . import spotting

    own = [e.value.lower() for f in a.findings if _specific(f) for e in f.evidence if e.value]
    rest = "\n".join(ln for ln in text.splitlines() if not any(v[:200] in ln.lower() or ln.lower().strip() in v for v in own if ln.strip()))
    if not rest.strip():
        return False
    low = rest.lower()
    objects: set[str] = set()
    if spotting.may_name_concept_or_object(low):
        from . import concepts

        objects = concepts.object_kinds(rest)
    for other, sp in declared:
        if other == name or name in carried.get(other, ()) or other in carried.get(name, ()):
            continue
        _, is_strong = spotting.has_context(sp, rest, low, objects, other, hints=False)
        if is_strong:
            return True
    return False


#: Part of the gate pre-check's start-up cache key: raise it when _gate_may_matter's rules change.
GATE_PRECHECK_RULES = 1


def _code_key(code):  # type: ignore[no-untyped-def]
    """A code object's constants, nested code included: the data a declaration function holds."""
    kind = type(_code_key.__code__)
    return tuple(_code_key(c) if type(c) is kind else c for c in code.co_consts)


def _gate_may_matter(parsed: ParsedInput, assessments: list[Assessment]) -> bool:
    """Could the gate, the concept layer or the unknown-line rule change anything for this input?

    Exactly: each of them needs a strong context (a tool mark, a context word, a token kind, an
    object) or an errno concept somewhere in the text, or a weak rule to gate. Their literal
    needles are derived once from the domains' declarations and kept in the start-up cache,
    keyed by the declarations' own constants, so a one-line input that carries none of them
    builds no declaration at all (bench/cold_start.py)."""
    if any(_is_rule(f) and f.confidence < CONFIDENT_RULE for a in assessments for f in a.findings):
        return True
    import sys

    from .registry import DOMAINS

    funcs = [getattr(sys.modules.get(spec.package), "spotting", None) for spec in DOMAINS]
    if not all(callable(f) for f in funcs):
        return True
    key = ("gate-needles", GATE_PRECHECK_RULES, tuple(_code_key(f.__code__) for f in funcs))
    needles = startcache.get(key)
    if needles is None:
        from . import spotting

        needles = spotting.gate_needles()
        startcache.put(key, needles)
    words, kinds = needles
    if not words:  # a context pattern without a literal needle: no pre-check possible
        return True
    lower = parsed.lower
    if any(t.kind in kinds for t in parsed.tokens) or any(w in lower for w in words):
        return True
    from .spotting import may_name_concept_or_object  # (only reached when the text has words)

    return may_name_concept_or_object(lower)


def _concepts_and_gate(parsed: ParsedInput, assessments: list[Assessment], diag: Diagnosis) -> list[Assessment]:
    if parsed.is_bare_value:
        return assessments  # values alone carry no context: every domain may read them
    if not _gate_may_matter(parsed, assessments):
        return assessments
    from . import spotting

    declared = spotting.declared()
    text, lower = parsed.text, parsed.lower
    by_domain = {a.domain: a for a in assessments}
    kinds_present = {t.kind for t in parsed.tokens}
    mentions: list = []  # type: ignore[type-arg]
    objects: set[str] = set()
    if spotting.may_name_concept_or_object(lower):  # a literal pre-check: most one-liners skip concepts.py
        from . import concepts

        mentions = concepts.mentions(text)
        objects = {m.object_kind for m in mentions if m.object_kind} | concepts.object_kinds(text)
    context: dict[str, str] = {}
    strong: set[str] = set()
    for name, sp in declared:
        # hints are read only where they can matter (below): compiling every domain's cue words
        # for every input would cost start-up time
        why, is_strong = spotting.has_context(sp, text, lower, objects, name, hints=False)
        if kinds_present & set(sp.token_kinds) and not is_strong:
            why, is_strong = "a " + ", ".join(sorted(kinds_present & set(sp.token_kinds))) + " code", True
        if why:
            context[name] = why
            if is_strong:
                strong.add(name)
    for name, sp in declared:  # a domain's context is the context of the layers it runs on
        if name in context:
            for below in sp.carries:
                context.setdefault(below, f"{name}'s context ({context[name]})")
                if name in strong:
                    strong.add(below)
    carried = {name: set(sp.carries) for name, sp in declared}

    def unrelated_context(name: str) -> bool:
        """Is the input about a domain that neither runs on this one nor carries it? (TLS words
        do not gate a database rule: databases negotiate TLS; they do gate a serial-port rule.)"""
        return any(other != name and name not in carried.get(other, ()) and other not in carried.get(name, ()) for other in strong)
    # 1. the gate: a domain's rules fire only with its context
    drop: set[str] = set()
    for name, sp in declared:
        a = by_domain.get(name)
        if a is None or name in context:
            continue
        if any(_is_rule(f) for f in a.findings):
            hint = spotting.hinted(sp, text, name)
            if hint:
                context[name] = hint
                continue
        foreign = unrelated_context(name)
        if foreign and any(_specific(f) for f in a.findings):
            foreign = _foreign_outside_own_lines(name, a, declared, text, carried)
        if foreign:
            drop.add(name)  # the input is about another field: this domain's readings are noise here
            continue
        if any(_specific(f) for f in a.findings):
            context[name] = "its tool's own wording"  # a long verbatim sentence of its tool, alone in the input
            continue
        gated = [f for f in a.findings if _is_rule(f) and not strong and f.confidence < CONFIDENT_RULE]
        if gated:
            a.findings = [f for f in a.findings if f not in gated]
            if not a.findings:
                drop.add(name)
            a.reasons.append(f"its rule(s) {', '.join(sorted({f.code for f in gated}))} need the domain's context (its tools, words or objects), which the input does not carry")
            a.score = min(a.score, GATED_SCORE)
    assessments = [a for a in assessments if a.domain not in drop]
    by_domain = {a.domain: a for a in assessments}
    # 2. errno-like concepts bound to their object: the object decides the domain
    explained = [e.value.lower() for a in assessments for f in a.findings for e in f.evidence if e.kind == "message"]
    for m in mentions:
        if not m.object_kind:
            continue
        line = m.line.lower()
        plain = concepts.refined(m.object_kind)  # e.g. tls_endpoint refines host_port and url
        read = any(v and (v[:60] in line or line in v) for v in explained)
        if read and not plain:
            continue  # a row already read this line (a refined object still reads it: it says more than the row)
        top = max((b.confidence for _, osp in declared if m.object_kind in osp.objects for b in osp.errno if b.concept == m.concept), default=0.0)
        for name, sp in declared:
            own = m.object_kind in sp.objects
            if not own and not (set(plain) & set(sp.objects)):
                continue
            if not own and read:
                continue  # the plain reading of a line a row already read
            binding = next((b for b in sp.errno if b.concept == m.concept), None)
            if binding is None:
                continue
            conf = binding.confidence
            if not own and top:  # a plain reading beside the refined one ranks below it
                conf = min(conf, round(top - 0.15, 3))
            a = by_domain.get(name)
            if a is None:
                a = by_domain[name] = Assessment(name, 0.0)
                assessments.append(a)
            if any(f.code == binding.code for f in a.findings):
                continue
            if not a.findings:
                a.meaning = f"{m.concept.replace('_', ' ')} on {m.object}: {binding.meaning}"
            a.findings.append(Finding(
                binding.code, name,
                f"{m.concept_text} on {m.object}: {binding.meaning}",
                f"The line names an errno-like condition ({m.concept.replace('_', ' ')}) and the object it is about "
                f"({m.object_kind.replace('_', ' ')} {m.object}); the object says which part of the stack it concerns, the condition says the cause.",
                "error", conf,
                [Evidence("message", m.line[:200], "input", m.concept), Evidence("object", m.object, "input", m.object_kind)],
                [Fix(binding.fix, "user", binding.command)],
                [binding.source, "handshake_doctor/concepts.py: " + m.concept],
                {"concept": m.concept, "object": m.object, "object_kind": m.object_kind},
            ))
            a.score = max(a.score, 0.85)
            a.reasons.insert(0, f"{m.concept.replace('_', ' ')} on {m.object} ({m.object_kind.replace('_', ' ')})")
            explained.append(line)
            if plain and own:  # a row's plain reading of the same concept (net.tcp_reset) ranks below the refined one
                generic = {b.code for _, osp in declared if set(plain) & set(osp.objects) for b in osp.errno if b.concept == m.concept}
                for other in assessments:
                    for f in other.findings:
                        if f.code in generic and f.confidence > conf - 0.15:
                            f.confidence = round(conf - 0.15, 3)
    # 3. a known tool's failure line is never "nothing recognised"
    for name, sp in declared:
        if name not in context:
            continue
        lines = spotting.tool_failure_lines(sp, text, lower)
        unexplained = [(tool, ln) for tool, ln in lines if not any(v and (v[:60] in ln.lower() or ln.lower()[:200] in v) for v in explained)]
        if not unexplained:
            continue
        a = by_domain.get(name)
        if a is not None and any(f.confidence >= 0.5 and f.code not in _value_codes() for f in a.findings):
            continue  # the domain read its tool's line (a byte, a code in it): not unknown
        if a is None:
            a = by_domain[name] = Assessment(name, 0.0)
            assessments.append(a)
        others_explain = any(_is_rule(f) for x in assessments for f in x.findings)
        tool, line = unexplained[-1]
        conf = UNKNOWN_BESIDE if others_explain else UNKNOWN_ALONE
        a.findings.append(_unknown_line(name, sp, tool, line, unexplained, conf))
        if not others_explain:
            a.score = max(a.score, 0.8)
            a.meaning = a.meaning or f"a {tool} failure line in wording this version does not know"
        a.reasons.insert(0, f"{tool} printed a failure line ('{line[:70]}')")
    for a in assessments:
        a.score = max(0.0, min(1.0, a.score))
    assessments = [a for a in assessments if a.score > 0 or a.findings]
    assessments.sort(key=lambda a: -a.score)
    return assessments


def _value_codes() -> set[str]:
    from . import spotting

    return {c for _, sp in spotting.declared() for c in sp.value_readings}


def _unknown_line(name: str, sp: "Spotting", tool: str, line: str, lines: list[tuple[str, str]], conf: float) -> Finding:
    shown = line if len(line) <= 200 else line[:197] + "..."
    return Finding(
        f"{name}.unrecognised_message", name,
        f"{tool} failed: \u201c{shown}\u201d (this wording is not in the knowledge tables)",
        f"The input carries {tool}'s own failure line, but no row of this version's tables knows its wording "
        f"(a newer or older {tool} version, or a message not inventoried yet). The line itself usually states the "
        "cause; the checklist below covers this field's common causes.",
        "error", conf,
        [Evidence("message", ln[:300], "input", f"printed by {t}") for t, ln in lines[-3:]],
        [Fix(step, "user") for step in sp.checklist],
        [t.source for t in sp.tools if t.tool == tool][:1] or [sp.source],
        {"tool": tool, "line": line[:300]},
    )


def _value_below_frame(assessments: list[Assessment], ranks: dict[int, float], diag: Diagnosis) -> None:
    """A bare value reading (a byte read as ASCII, a lone byte as SW1) never outranks a reading of
    another domain that frames the same bytes (starts with that byte, is at least as confident):
    its rank and its domain's score go just below. ("hello" spelled in hex stays text: that
    reading of every byte is more confident than a frame prefix.)"""
    def byte_runs(f: Finding) -> list[str]:
        return [e.value.upper() for e in f.evidence if e.kind == "bytes" and e.value]

    if not any(len(v.split()) >= 3 for a in assessments for f in a.findings for v in byte_runs(f)):
        return  # no reading frames 3+ bytes: nothing to order (and no declarations to read)
    from . import spotting

    value_codes = {c for _, sp in spotting.declared() for c in sp.value_readings}

    frames = [(a, f) for a in assessments for f in a.findings
              if f.code not in value_codes and not _is_rule(f) and f.confidence >= FRAME_CONFIDENCE
              and any(len(v.split()) >= 3 for v in byte_runs(f))]
    if not frames:
        return
    scores = {d.name: d for d in diag.domains}
    for a in assessments:
        for f in a.findings:
            is_value = f.code in value_codes or (not _is_rule(f) and all(len(v.split()) == 1 for v in byte_runs(f)) and byte_runs(f))
            if not is_value or _is_rule(f):
                continue
            first = next((v.split()[0] for v in byte_runs(f)), "")
            over = [(b, g) for b, g in frames if b.domain != a.domain and first and g.confidence >= f.confidence
                    and any(v.split()[0] == first for v in byte_runs(g))]
            if not over:
                continue
            top = max(over, key=lambda bg: ranks[id(bg[1])])
            ranks[id(f)] = min(ranks[id(f)], ranks[id(top[1])] - 0.001)
            if all(g is f or ranks[id(g)] < ranks[id(top[1])] for g in a.findings):
                d = scores.get(a.domain)
                if d is not None and d.score >= top[0].score:
                    d.score = max(0.0, top[0].score - 0.01)
                    d.reasons.append(f"a lone-value reading; {top[0].domain} frames the same bytes")
    diag.domains.sort(key=lambda d: -d.score)
