"""The declaration types of issue 12: how a domain says what its context and its tools' lines
look like (``Spotting``), in its own package, as data with sources.

Why a module of its own, apart from knowledge/table.py: these types are needed only when an
input has words (a bare value never reads a declaration), so a one-value ``explain`` does not
pay for creating them (bench/cold_start.py).
"""

from __future__ import annotations

from ..record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .table import Table  # noqa: F401


@record(frozen=True)
class ToolMark:
    """How to spot one tool's lines: a literal every such line carries (matched case-insensitively
    as a substring: ``avrdude:``, ``esptool``, ``psql:``, ``ssl routines``)."""

    mark: str
    tool: str
    source: str


@record(frozen=True)
class ErrnoBinding:
    """What an errno-like concept means when it is about an object this domain owns: the code it
    gives and the first thing to do (``permission_denied`` on a serial port -> dialout group)."""

    concept: str  # a concept name of handshake_doctor.concepts (permission_denied, busy, ...)
    code: str
    meaning: str
    fix: str
    command: str
    source: str
    confidence: float = 0.8  # a binding on a refined object (concepts.OBJECTS refines=) may say more than 0.8


@record(frozen=True)
class Spotting:
    """What a domain declares, as data in its package (a function ``spotting()`` in its ``__init__.py`` returns it, built on first use), so
    the engine can spot its tools' lines and gate its rules without naming the domain.

    The rule the engine applies, once for every domain (engine.py, "context gating"):
    a rule of this domain (a finding backed by a message it matched) fires only when the input
    carries this domain's context: one of ``context`` (words, tool names, objects), one of
    ``tools`` (a tool's line), an object of one of ``objects`` kinds, a token of
    ``token_kinds``, or the context of a domain that ``carries`` this one, or a weak ``hints`` word; only strong context (all but hints) gates another domain's rules. When no domain's
    context is in the input at all, a confident rule (a tool's specific wording, confidence
    >= engine.CONFIDENT_RULE) still fires and a weak, generic one does not. Bare values (an input
    that is only numbers) have no context and are read by every domain. A finding whose code is
    in ``value_readings`` (a lone value read on its own: a byte as ASCII, a byte as SW1) never
    outranks a finding of another domain that frames the same bytes.
    """

    tools: tuple[ToolMark, ...]
    context: tuple[str, ...]  # regular expressions, case-insensitive
    checklist: tuple[str, ...]  # what to check when a tool's line is in the input but no row knows it
    objects: tuple[str, ...] = ()  # object kinds (concepts.OBJECTS) whose errno concepts this domain explains
    errno: tuple[ErrnoBinding, ...] = ()
    value_readings: tuple[str, ...] = ()  # finding codes that read a lone value without framing
    token_kinds: tuple[str, ...] = ()  # textparse token kinds that are this domain's context (an OpenSSL code)
    carries: tuple[str, ...] = ()  # domains this one runs on: its context is theirs too (avrdude opens a serial port)
    #: (object kind or "program:NAME", probe target template with {object}): what `hsdoctor run`
    #: offers to probe when a command names such an object ("serial_port" -> "serial://{object}")
    probe_targets: tuple[tuple[str, str], ...] = ()
    hints: tuple[str, ...] = ()  # weak context words (with the domain's positive explain.CUES): they let this domain's rules fire, never gate another's
    source: str = "handshake-doctor ranking rule (issue 12)"
