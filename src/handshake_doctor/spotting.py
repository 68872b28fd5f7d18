"""What the domains declare about their context and their tools' lines, gathered for the engine.

Each domain package holds ``def spotting() -> Spotting`` in its ``__init__.py`` (data: tool marks,
context words, a checklist, the object kinds it owns; see knowledge/spotting_types.py: Spotting). Those
packages are imported anyway when the engine asks the domains to assess, so reading their
declarations costs nothing at start-up. This module never names a domain.
"""

from __future__ import annotations

import importlib

from .knowledge.table import rx

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .knowledge.spotting_types import Spotting

#: Words that make a line a *failure* line (a tool's banner "esptool.py v4.7.0" is not one).
FAILURE_WORDS = (
    "error", "fatal", "fail", "denied", "refused", "timed out", "timeout", "cannot", "can't",
    "could not", "couldn't", "unable", "invalid", "unexpected", "not in sync", "not respond",
    "no such", "busy", "abort", "exception", "mismatch", "wrong", "rejected", "giving up",
    "not found", "unsupported", "alert", "no response", "no answer", "not supported", "lost",
)

#: Literal pre-checks for concepts.py (kept here, not there, so a one-line explain imports one
#: module less): every wording of concepts.CONCEPTS contains one of ANY_CONCEPT; every object of
#: concepts.OBJECTS one of OBJECT_MARKS, or a digit right after ':' (host:port) or 'com' (COM3).
ANY_CONCEPT = (
    "denied", "permitted", "eacces", "eperm", "errno", "permissionerror", "busy", "in use",
    "being used", "sharing_violation", "lock", "no such", "enoent", "enodev", "enxio",
    "filenotfound", "cannot find", "file_not_found", "does not exist", "input/output", "eio",
    "i/o error", "timed out", "timeout", "time out", "timedout", "deadline", "refused",
    "not functioning", "gen_failure", "does not recognize the command", "bad_command",
    "operation has been aborted", "properly respond", "semaphore timeout",
    "reset", "forcibly", "winerror", "lost", "closed", "eof", "epipe", "broken pipe", "terminated unexpectedly",
)

OBJECT_MARKS = ("://", "/dev/", "vid", "idvendor", "usb", "id ", "id:", ".pem", ".crt", ".cer", ".der", ".key", ".p12", ".pfx", ".jks")

_CACHE: dict[str, list[tuple[str, Spotting]]] = {}
_CUES: dict[str, tuple[str, ...]] = {}


def declared() -> list[tuple[str, Spotting]]:
    """(domain name, its Spotting) for every registered domain that declares one."""
    got = _CACHE.get("all")
    if got is None:
        from .registry import DOMAINS

        from .knowledge.spotting_types import Spotting

        got = []
        for spec in DOMAINS:
            make = getattr(importlib.import_module(spec.package), "spotting", None)
            sp = make() if callable(make) else None
            if isinstance(sp, Spotting):
                got.append((spec.name, sp))
                # the domain's own positive cues (explain.CUES) are context words too: one list
                cues = getattr(importlib.import_module(spec.package + ".explain"), "CUES", ())
                _CUES[spec.name] = tuple(c.pattern for c in cues if c.weight > 0)
        _CACHE["all"] = got
    return got


def of(domain: str) -> Spotting | None:
    for name, sp in declared():
        if name == domain:
            return sp
    return None


def tool_markers() -> tuple[str, ...]:
    """Every tool mark of every domain, lower case (the log reader's pre-filter uses them)."""
    return tuple(dict.fromkeys(t.mark.lower() for _, sp in declared() for t in sp.tools))


def hinted(sp: Spotting, text: str, domain: str) -> str:
    """A weak context word of the domain (``sp.hints`` or its positive explain.CUES), or ""."""
    for pat in sp.hints + _CUES.get(domain, ()):
        m = rx(pat).search(text)
        if m:
            return f"'{m.group(0).strip()[:40]}'"
    return ""


def has_context(sp: Spotting, text: str, lower: str, object_kinds: set[str], domain: str = "", hints: bool = True) -> tuple[str, bool]:
    """Why the input carries this domain's context ("" when it does not), and whether that context
    is strong (a tool mark, a word of ``sp.context``, an object of a kind it owns) or only a hint
    (``sp.hints`` or the domain's positive explain.CUES)."""
    for t in sp.tools:  # marks are lower case (tests/contract/test_context_gating.py)
        if t.mark in lower:
            return f"{t.tool}'s line", True
    for pat in sp.context:
        m = rx(pat).search(text)
        if m:
            return f"'{m.group(0).strip()[:40]}'", True
    kinds = object_kinds & set(sp.objects)
    if kinds:
        return "an object of kind " + ", ".join(sorted(kinds)), True
    why = hinted(sp, text, domain) if hints else ""
    return why, False


def tool_failure_lines(sp: Spotting, text: str, lower: str, limit: int = 400) -> list[tuple[str, str]]:
    """(tool, line) for every failure line of the domain's tools, in order: a line with a failure
    word that carries a tool's mark, or that follows a line carrying one (stm32flash prints its
    name once, in its banner, and "Failed to init device." later)."""
    marks = [t for t in sp.tools if t.mark.lower() in lower]
    if not marks:
        return []
    out: list[tuple[str, str]] = []
    current = None
    for n, line in enumerate(text.splitlines()):
        if n >= limit:
            break
        low = line.lower()
        here = next((t for t in marks if t.mark.lower() in low), None)
        current = here or current
        if current is not None and any(w in low for w in FAILURE_WORDS):
            out.append((current.tool, line.strip()))
    return out


def register_patterns() -> int:
    """Register every pattern of the declarations and of concepts.py with rx() (without compiling
    them), so the ReDoS scan and the fuzz targets see the ones no warm-up input happens to reach."""
    from . import concepts

    pats = [p for _, sp in declared() for p in sp.context + sp.hints]
    pats += [c.pattern for c in concepts.CONCEPTS] + [o.pattern for o in concepts.OBJECTS]
    for p in pats:
        rx(p)
    return len(pats)


def gate_needles() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(lower-case literals one of which every strong context contains, token kinds that are
    context) over all declarations, for engine._gate_may_matter; ((), ()) when a strong context
    pattern has no literal needle (then there is no pre-check)."""
    words: list[str] = []
    kinds: list[str] = []
    for _, sp in declared():
        words.extend(t.mark for t in sp.tools)
        for pat in sp.context:
            needles = rx(pat).needles
            if not needles:
                return (), ()
            words.extend(n.lower() for n in needles)
        kinds.extend(sp.token_kinds)
    return tuple(dict.fromkeys(words)), tuple(dict.fromkeys(kinds))


def may_name_concept_or_object(lower: str) -> bool:
    """Could the text name an errno-like concept or an object (concepts.py)? A literal check, so
    that most one-line inputs never import concepts.py (start-up time). Conservative: every
    concept wording contains one of concepts._ANY_CONCEPT, every object a mark checked here."""
    if any(w in lower for w in ANY_CONCEPT) or any(k in lower for k in OBJECT_MARKS):
        return True
    for sep in (":", "com"):  # host:port, COM3
        i = lower.find(sep)
        while i >= 0:
            if lower[i + len(sep): i + len(sep) + 1].isdigit():
                return True
            i = lower.find(sep, i + 1)
    return False
