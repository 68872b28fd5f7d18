"""The one result model shared by every verb (explain, probe, simulate logs, later analyze/scan)
and every output format (terminal, JSON).

Records are ``@record`` classes (record.py): the dataclass subset we use, cheaper at start-up.

Why one model: scripts read ``--json`` from every verb with the same code, and a renderer never
needs to know which verb or domain produced a finding. The JSON shape produced by
:meth:`Diagnosis.to_dict` is a public contract (docs/JSON.md); change it only by adding keys.
"""

from __future__ import annotations

from .record import asdict, field, record
TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time

if TYPE_CHECKING:  # typing costs start-up time; annotations are strings at run time
    from typing import Any, Literal

    Severity = Literal["error", "warning", "info", "ok"]
    #: Which side of the conversation a fix changes. "user" = the person's own setup or cabling.
    Side = Literal["client", "server", "device", "host", "user", "card", "network", ""]

SCHEMA = "handshake-doctor/1"
SEVERITIES = ("error", "warning", "info", "ok")


@record(frozen=True)
class Evidence:
    """Something observed exactly: bytes in hex, a status word, an error code, a certificate field."""

    kind: str  # e.g. "bytes", "status_word", "openssl_error", "message", "keyword", "timing"
    value: str  # the observed value as text (hex in upper case for bytes)
    where: str = "input"  # "input" for explain; the target or probe step otherwise
    note: str = ""  # what the value means, in one phrase


@record(frozen=True)
class Snippet:
    """Code or configuration for one named stack (python, nodejs, dotnet, java, go, curl,
    pyserial, pyscard, nginx, apache, haproxy, shell...)."""

    stack: str
    code: str


@record(frozen=True)
class Fix:
    summary: str
    side: Side = ""
    command: str = ""
    snippets: tuple[Snippet, ...] = ()


@record
class Finding:
    """A cause (or a healthy state) with its evidence and its fixes.

    ``code`` is a stable dotted identifier that starts with the domain's name; it is a public
    contract (docs/CODES.md): never renamed, never reused for another meaning.
    """

    code: str
    domain: str
    summary: str
    detail: str = ""
    severity: Severity = "error"
    confidence: float = 0.5  # 0..1: how sure this finding is, given the domain is the right one
    evidence: list[Evidence] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # structured extras (decoded fields)
    #: What the finding is in the story of the failure (docs/RANKING.md): "cause" (a problem that
    #: explains the failure), "symptom" (a problem a cause or a later answer explains, such as
    #: silence before a device answered), "identity" (what answered), "state" (healthy). Empty:
    #: derived from the severity (error/warning = cause, info = identity, ok = state).
    role: str = ""
    #: For a symptom: the codes (or prefixes ending in "*", as "tls.cert_*"; "*" alone: any identity or cause)
    #: whose presence explains it; assemble() then demotes it and says why.
    superseded_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (self.code == self.domain or self.code.startswith(self.domain + ".")):
            raise ValueError(f"finding code {self.code!r} must start with its domain {self.domain!r}")


ROLES = ("cause", "symptom", "identity", "state", "superseded")


def role_of(f: Finding) -> str:
    """The finding's role, explicit or derived from its severity (one rule for every verb)."""
    if f.role:
        return f.role
    return {"error": "cause", "warning": "cause", "info": "identity", "ok": "state"}.get(f.severity, "identity")


@record(frozen=True)
class Question:
    """A question whose answer separates two or more candidate domains or causes."""

    text: str
    separates: tuple[str, ...] = ()  # domain names or finding codes the answer tells apart
    why: str = ""


@record
class DomainScore:
    """How likely it is that the user is talking to this domain, and why."""

    name: str
    score: float  # 0..1; 1 only when a tool's own message names the domain
    meaning: str = ""  # what the input means if this is the domain
    reasons: list[str] = field(default_factory=list)


@record
class Assessment:
    """What one domain makes of an input: its score, the findings it can offer, its questions."""

    domain: str
    score: float
    meaning: str = ""
    reasons: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Cues may push a score below 0 or above 1; a score is a likelihood, so clamp it here,
        # once, instead of in every domain.
        self.score = 0.0 if self.score < 0 else 1.0 if self.score > 1 else self.score


@record
class Step:
    """One checklist step a probe ran or skipped, for the "what was checked" part of a report."""

    name: str
    status: str = "ran"  # "ran", "skipped" or "failed"
    detail: str = ""
    elapsed_ms: float | None = None


@record(frozen=True)
class Picture:
    """Data for a picture that says more than text, drawn by the HTML view (report/html.py).

    ``kind`` picks the drawing, never a domain: ``ladder`` (an exchange between two sides:
    ``data["left"]``, ``data["right"]``, ``data["rows"]`` of ``{"dir": "tx"|"rx"|"note", "label",
    "t", "hex"}``), ``chain`` (``data["sent"]``: certificates leaf first, each ``{"subject",
    "issuer", "not_after", "self_issued", "is_ca", "ca_issuers"}``; ``data["needed"]``: what the
    client needed next, in words), ``waveform`` (``data["signals"]``: ``{"name", "bit_us",
    "levels": "1101..."}`` on one time axis of ``data["span_us"]``, plus ``data["decoded"]``).
    """

    kind: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


@record
class Diagnosis:
    verb: str
    input: str
    domains: list[DomainScore] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    target: str = ""
    elapsed_ms: float | None = None
    pictures: list[Picture] = field(default_factory=list)
    #: what was exchanged (transcript.Transcript) where the verb recorded it; not in the JSON
    #: document (``--record FILE`` writes it on its own)
    transcript: Any = None

    @property
    def problem_found(self) -> bool:
        return any(f.severity in ("error", "warning") for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 nothing wrong recognised, 1 a problem explained (probe verbs add 3 themselves)."""
        return 1 if self.problem_found else 0

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "verb": self.verb,
            "input": self.input,
            "target": self.target,
            "domains": [asdict(s) for s in self.domains],
            "findings": [_finding_dict(f) for f in self.findings],
            "questions": [asdict(q) for q in self.questions],
            "notes": list(self.notes),
            "steps": [asdict(s) for s in self.steps],
            "exit_code": self.exit_code,
            "pictures": [asdict(p) for p in self.pictures],
        }
        if self.elapsed_ms is not None:
            d["elapsed_ms"] = round(self.elapsed_ms, 1)
        for s in d["domains"]:
            s["score"] = round(s["score"], 3)
        return d


def _finding_dict(f: Finding) -> dict[str, Any]:
    """Written out field by field (the order of the record's fields, tests/contract): this runs
    once per finding of every connection analyze judges, and a generic walk costs twice as much."""
    return {
        "code": f.code,
        "domain": f.domain,
        "summary": f.summary,
        "detail": f.detail,
        "severity": f.severity,
        "confidence": round(f.confidence, 3),
        "evidence": [{"kind": e.kind, "value": e.value, "where": e.where, "note": e.note} for e in f.evidence],
        "fixes": [
            {
                "summary": x.summary,
                "side": x.side,
                "command": x.command,
                "snippets": [{"stack": s.stack, "code": s.code} for s in x.snippets],
            }
            for x in f.fixes
        ],
        "sources": list(f.sources),
        "data": asdict(f.data) if f.data else {},
        "role": role_of(f),
        "superseded_by": list(f.superseded_by),
    }
