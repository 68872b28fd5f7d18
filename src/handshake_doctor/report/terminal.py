"""Terminal report: the answer first, then evidence and fixes.

Plain text when stdout is not a terminal or NO_COLOR is set (and then rich is not even
imported: it costs ~60 ms of start-up); rich styles on a colour terminal. Both render the same
lines, built once by :func:`lines`.
"""

from __future__ import annotations

import sys
import textwrap

TYPE_CHECKING = False  # typing costs start-up time
if TYPE_CHECKING:
    from typing import TextIO

from ..model import Diagnosis, Finding


_SEV_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan", "ok": "bold green"}
WIDTH = 100


def _wrap(text: str, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(textwrap.wrap(para, WIDTH, initial_indent=pad, subsequent_indent=pad) or [pad])
    return out


def lines(diag: Diagnosis) -> list[tuple[str, str]]:
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
                out.extend(("dim", s) for s in _wrap("why: " + r, 10))
    if diag.findings:
        out.append(("", ""))
        out.append(("bold", "Findings:"))
        for f in diag.findings[:12]:
            out.extend(_finding_lines(f))
    if diag.questions:
        out.append(("", ""))
        out.append(("bold", "Questions that would settle it:"))
        for q in diag.questions:
            out.extend(("yellow", s) for s in _wrap("? " + q.text, 2))
    if diag.notes:
        out.append(("", ""))
        out.append(("bold", "Notes:"))
        for n in diag.notes:
            out.extend(("", s) for s in _wrap("- " + n, 2))
    if diag.steps:
        out.append(("", ""))
        out.append(("bold", "Checks:"))
        for s in diag.steps:
            ms = f" ({s.elapsed_ms:.0f} ms)" if s.elapsed_ms is not None else ""
            out.append(("dim", f"  [{s.status}] {s.name}{ms} {s.detail}".rstrip()))
    return out


def _finding_lines(f: Finding) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = [(_SEV_STYLE[f.severity], f"  [{f.severity}] {f.code}: {f.summary}")]
    if f.detail:
        out.extend(("", s) for s in _wrap(f.detail, 6))
    for e in f.evidence[:6]:
        note = f" - {e.note}" if e.note else ""
        out.extend(("dim", s) for s in _wrap(f"evidence: {e.kind} {e.value} ({e.where}){note}", 6))
    for x in f.fixes[:5]:
        side = f" ({x.side})" if x.side else ""
        out.extend(("green", s) for s in _wrap(f"fix{side}: {x.summary}", 6))
        if x.command:
            out.append(("bold", f"        $ {x.command}"))
        for sn in x.snippets[:8]:
            out.append(("dim", f"        {sn.stack}:"))
            out.extend(("", "          " + ln) for ln in sn.code.splitlines())
    if f.sources:
        out.extend(("dim", s) for s in _wrap("source: " + "; ".join(f.sources[:3]), 6))
    return out


def render(diag: Diagnosis, color: bool = False, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if not color:
        stream.write("\n".join(t for _, t in lines(diag)) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for style, text in lines(diag):
        console.print(Text(text, style=style or ""))
