"""Terminal report: concise by default (the answer, the decisive evidence, the first fix for the
user's stack, one line on what ``-v`` adds); ``-v`` gives the full report.

Plain text when stdout is not a terminal or NO_COLOR is set (and then rich is not even
imported: it costs ~60 ms of start-up); rich styles on a colour terminal. Both render the same
lines, built once by :func:`concise_lines` or :func:`lines` from the view model (view.py). The
width follows the terminal; tests pass it (golden renders at fixed widths).
"""

from __future__ import annotations

import sys
import textwrap

TYPE_CHECKING = False  # typing costs start-up time
if TYPE_CHECKING:
    from typing import TextIO

from ..model import Diagnosis, Finding
from .view import View, build


_SEV_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan", "ok": "bold green"}
WIDTH = 100  # when stdout is not a terminal
MIN_WIDTH, MAX_WIDTH = 40, 160
SNIPPET_LINES = 6


def terminal_width(stream: object = None) -> int:
    """The terminal's width (bounded), or WIDTH when the output is not a terminal."""
    isatty = getattr(stream or sys.stdout, "isatty", None)
    if not (isatty and isatty()):
        return WIDTH
    import shutil  # only for a terminal: it costs ~3 ms of start-up

    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns))


def _wrap(text: str, indent: int, width: int | None = None) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(textwrap.wrap(para, width or WIDTH, initial_indent=pad, subsequent_indent=pad) or [pad])
    return out


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 3)] + "..."


def concise_lines(view: View, width: int = WIDTH) -> list[tuple[str, str]]:
    """The default report: at most about 25 lines, the answer first."""
    diag = view.diag
    out: list[tuple[str, str]] = [("bold", _clip(f"hsdoctor {diag.verb}: {view.subject}", width))]
    style = _SEV_STYLE.get(view.severity, "")
    out.extend((style, s) for s in _wrap("=> " + view.headline, 0, width)[:3])
    if view.questions:
        out.append(("bold", "Not certain yet; these questions settle it:"))
        for q in view.questions:
            out.extend(("yellow", s) for s in _wrap("? " + q.text, 2, width)[:2])
    if view.talking_to and (view.uncertain or diag.verb != "explain"):
        ranked = " | ".join(f"{d.name} {d.score:.2f}" for d in view.talking_to)
        out.append(("", _clip(("Could be: " if view.uncertain else "Talking to: ") + ranked, width)))
    for e in view.evidence:
        out.append(("dim", _clip("Evidence: " + e, width)))
    for i, fv in enumerate(view.fixes):
        fx = fv.fix
        side = f" ({fx.side})" if fx.side else ""
        label = "Fix" if i == 0 else "Then"
        out.extend(("green", s) for s in _wrap(f"{label}{side}: {fx.summary}", 0, width)[:3])
        if fx.command:
            out.append(("bold", _clip(f"  $ {fx.command}", width)))
        if fv.snippet is not None:
            code = fv.snippet.code.splitlines()
            out.append(("dim", f"  {fv.snippet.stack}:"))
            out.extend(("", _clip("    " + ln, width)) for ln in code[:SNIPPET_LINES])
            if len(code) > SNIPPET_LINES:
                out.append(("dim", f"    ... ({len(code) - SNIPPET_LINES} more lines with -v)"))
        if fv.other_stacks and i == len(view.fixes) - 1:
            out.append(("dim", _clip("  also for: " + ", ".join(fv.other_stacks) + " (--stack NAME or -v)", width)))
    if view.others:
        out.append(("bold", "Also:"))
        for f in view.others:
            out.append((_SEV_STYLE.get(f.severity, ""), _clip(f"  [{f.severity}] {f.code}: {f.summary}", width)))
    if diag.steps:
        counts = {k: sum(1 for s in diag.steps if s.status == k) for k in ("ran", "skipped", "failed")}
        ms = f" in {diag.elapsed_ms:.0f} ms" if diag.elapsed_ms is not None else ""
        out.append(("dim", f"Checks: {counts['ran']} ran, {counts['skipped']} skipped, {counts['failed']} failed{ms}"))
    if diag.verb == "explain" and not diag.findings and diag.notes:
        out.extend(("", s) for s in _wrap("Note: " + diag.notes[-1], 0, width)[:2])
    more = _more(view)
    if more:
        out.append(("dim", _clip("-v adds: " + more, width)))
    return out


def _more(view: View) -> str:
    h = view.hidden
    parts = []
    if h["findings"] > 1 or (view.top is not None and (view.top.detail or view.top.sources)):
        parts.append(f"{h['findings']} finding{'s' if h['findings'] != 1 else ''} in full")
    if h["domains"] > 1:
        parts.append(f"{h['domains']} domains")
    if h["questions"]:
        parts.append(f"{h['questions']} more question{'s' if h['questions'] != 1 else ''}")
    if h["notes"]:
        parts.append(f"{h['notes']} note{'s' if h['notes'] != 1 else ''}")
    if h["checks"]:
        parts.append(f"{h['checks']} checks")
    return "; ".join(parts)


def lines(diag: Diagnosis, width: int = WIDTH) -> list[tuple[str, str]]:
    """The full report (``-v``)."""
    out: list[tuple[str, str]] = []
    head = f"hsdoctor {diag.verb}: {diag.target or diag.input}"
    out.append(("bold", head if len(head) <= 200 else head[:197] + "..."))
    if diag.findings:
        top = diag.findings[0]
        out.append((_SEV_STYLE[top.severity], f"=> {top.summary}"))
    elif diag.domains:
        out.append(("bold", f"=> {diag.domains[0].meaning or diag.domains[0].name}"))
    else:
        out.append(("bold", "=> Nothing recognised."))
    if diag.domains:
        out.append(("", ""))
        certain = diag.domains[0].score >= 0.9
        out.append(("bold", "What you are talking to" + ("" if certain else " (ranked; none is certain)") + ":"))
        for i, d in enumerate(diag.domains[:8], 1):
            out.append(("", f"  {i}. {d.name:<17} {d.score:4.2f}  {d.meaning}"))
            for r in d.reasons[:3]:
                out.extend(("dim", s) for s in _wrap("why: " + r, 10, width))
    if diag.findings:
        out.append(("", ""))
        out.append(("bold", "Findings:"))
        for f in diag.findings[:12]:
            out.extend(_finding_lines(f, width))
    if diag.questions:
        out.append(("", ""))
        out.append(("bold", "Questions that would settle it:"))
        for q in diag.questions:
            out.extend(("yellow", s) for s in _wrap("? " + q.text, 2, width))
    if diag.notes:
        out.append(("", ""))
        out.append(("bold", "Notes:"))
        for n in diag.notes:
            out.extend(("", s) for s in _wrap("- " + n, 2, width))
    if diag.steps:
        out.append(("", ""))
        out.append(("bold", "Checks:"))
        for s in diag.steps:
            ms = f" ({s.elapsed_ms:.0f} ms)" if s.elapsed_ms is not None else ""
            out.append(("dim", f"  [{s.status}] {s.name}{ms} {s.detail}".rstrip()))
    return out


def _finding_lines(f: Finding, width: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = [(_SEV_STYLE[f.severity], f"  [{f.severity}] {f.code}: {f.summary}")]
    if f.detail:
        out.extend(("", s) for s in _wrap(f.detail, 6, width))
    for e in f.evidence[:6]:
        note = f" - {e.note}" if e.note else ""
        out.extend(("dim", s) for s in _wrap(f"evidence: {e.kind} {e.value} ({e.where}){note}", 6, width))
    for x in f.fixes[:5]:
        side = f" ({x.side})" if x.side else ""
        out.extend(("green", s) for s in _wrap(f"fix{side}: {x.summary}", 6, width))
        if x.command:
            out.append(("bold", f"        $ {x.command}"))
        for sn in x.snippets[:8]:
            out.append(("dim", f"        {sn.stack}:"))
            out.extend(("", "          " + ln) for ln in sn.code.splitlines())
    if f.sources:
        out.extend(("dim", s) for s in _wrap("source: " + "; ".join(f.sources[:3]), 6, width))
    return out


def render(diag: Diagnosis, color: bool = False, stream: TextIO | None = None, *, verbose: bool = False,
           stack: str | None = None, width: int | None = None) -> None:
    stream = stream or sys.stdout
    w = width or terminal_width(stream)
    rows = lines(diag, w) if verbose else concise_lines(build(diag, stack), w)
    if not color:
        stream.write("\n".join(t for _, t in rows) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for style, text in rows:
        console.print(Text(text, style=style or ""))
