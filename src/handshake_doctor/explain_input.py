"""``hsdoctor explain -`` and ``hsdoctor explain --file LOG``: a whole log as the evidence.

Why its own module: ``explain TEXT`` keeps its fast path in cli.py (no argparse, no reader);
only the log forms come here, and they read through evidence_text.py in bounded memory. The
pipe form is what users type: ``avrdude ... 2>&1 | hsdoctor explain -``.
"""

from __future__ import annotations

import sys

from .errors import UsageError



def wants_log(rest: list[str]) -> bool:
    """Is this ``explain`` call one of the log forms (``-`` or ``--file``)? (``rest``: the
    arguments after the verb.)"""
    return "-" in rest or "--file" in rest or any(a.startswith("--file=") for a in rest)


def _parser():  # type: ignore[no-untyped-def]
    from .cli import PROG, _Parser
    from .report.emit import add_output_arguments

    p = _Parser(prog=f"{PROG} explain", description="Explain a whole log: '-' reads stdin, --file LOG a file (offline, bounded memory).")
    p.add_argument("source", nargs="?", choices=["-"], help="'-': read the log from standard input")
    p.add_argument("--file", metavar="LOG", help="read the log from this file")
    add_output_arguments(p)
    return p


def read(path: str):  # type: ignore[no-untyped-def]
    """The evidence of stdin ("-") or the file; a missing or unreadable file is a usage error."""
    from .evidence_text import read_file, read_stream

    if path == "-":
        if sys.stdin is None:
            raise UsageError("explain -: there is no standard input")
        if sys.stdin.isatty():
            print("hsdoctor: reading the log from standard input; end it with Ctrl-D", file=sys.stderr)
        return read_stream(getattr(sys.stdin, "buffer", sys.stdin))
    try:
        return read_file(path)
    except IsADirectoryError:
        raise UsageError(f"--file {path}: is a directory") from None
    except FileNotFoundError:
        raise UsageError(f"--file {path}: no such file") from None
    except PermissionError:
        raise UsageError(f"--file {path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"--file {path}: {exc.strerror or exc}") from None


def main(rest: list[str]) -> int:
    """``explain -`` / ``explain --file LOG`` with the output options every verb takes."""
    from .cli import _output
    from .report.emit import emit

    args = _parser().parse_args(rest)
    if args.source and args.file:
        raise UsageError("explain reads one log: give '-' or --file LOG, not both")
    if not args.source and not args.file:
        raise UsageError("--file needs a path: hsdoctor explain --file LOG")
    evidence = read(args.file or "-")
    if not evidence.text.strip():
        raise UsageError("nothing to explain: the log is empty")
    from .engine import explain_evidence

    diag = explain_evidence(evidence)
    emit(diag, _output(args))
    return diag.exit_code
