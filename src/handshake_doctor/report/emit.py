"""Writing a Diagnosis in the format the user asked for: one place for every verb.

Why one place: ``--json`` used to be a boolean read in four places. The output options are read
once from the command line into :class:`OutputOptions` and passed down; renderers are imported
only for the format in use (rich and the HTML renderer cost start-up time).
"""

from __future__ import annotations

import os
import sys

from ..errors import UsageError
from ..record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from ..model import Diagnosis

FORMATS = ("text", "json", "html")


@record(frozen=True)
class OutputOptions:
    format: str = "text"
    verbose: bool = False
    no_color: bool = False
    stack: str | None = None  # the user's stack for the first fix (report/stacks.py)
    output: str | None = None  # a file instead of stdout
    width: int | None = None  # None: the terminal's

    @classmethod
    def from_namespace(cls, ns: Any) -> "OutputOptions":
        fmt = getattr(ns, "format", None) or ("json" if getattr(ns, "json", False) else "text")
        if fmt not in FORMATS:
            raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
        return cls(fmt, bool(getattr(ns, "verbose", False)), bool(getattr(ns, "no_color", False)),
                   getattr(ns, "stack", None), getattr(ns, "output", None))

    @property
    def machine(self) -> bool:
        """Machine-readable output: no progress lines, no colour."""
        return self.format != "text"


def add_output_arguments(p: Any) -> None:
    """The output flags every verb that prints a Diagnosis takes (docs/JSON.md lists them)."""
    from .stacks import CHOICES

    p.add_argument("--format", choices=FORMATS, default=None, help="text (default, concise), json (docs/JSON.md) or html (one self-contained file)")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("-v", "--verbose", action="store_true", help="the full report: every finding, domain, fix and check")
    p.add_argument("--stack", choices=CHOICES, default=None, help="show the fix for this stack first (default: detected from the input)")
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--no-color", action="store_true", help="no colour (NO_COLOR is respected too)")


def want_color(opts: OutputOptions, stream: TextIO) -> bool:
    if opts.no_color or os.environ.get("NO_COLOR") or opts.format != "text":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit(diag: Diagnosis, opts: OutputOptions, stream: TextIO | None = None) -> None:
    if opts.output:
        try:
            with open(opts.output, "w", encoding="utf-8") as fh:
                _write(diag, opts, fh)
        except OSError as exc:
            raise UsageError(f"cannot write {opts.output}: {exc.strerror or exc}") from None
        return
    _write(diag, opts, stream or sys.stdout)


def _write(diag: Diagnosis, opts: OutputOptions, stream: TextIO) -> None:
    if opts.format == "json":
        from .json_report import render_json

        stream.write(render_json(diag) + "\n")
    elif opts.format == "html":
        from .html import render_html

        stream.write(render_html(diag, stack=opts.stack))
    else:
        from .terminal import render

        render(diag, color=want_color(opts, stream), stream=stream, verbose=opts.verbose, stack=opts.stack, width=opts.width)
