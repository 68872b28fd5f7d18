"""``hsdoctor explain -`` and ``hsdoctor explain --file LOG``: a whole log as the evidence.

Why its own module: ``explain TEXT`` keeps its fast path in cli.py (no argparse, no reader);
only the log forms come here, and they read through evidence_text.py in bounded memory. The
pipe form is what users type: ``avrdude ... 2>&1 | hsdoctor explain -``.
"""

from __future__ import annotations

import sys

from .errors import UsageError

_FLAGS = {"--json", "--no-color"}


def wants_log(argv: list[str]) -> bool:
    """Is this ``explain`` call one of the log forms (``-`` or ``--file``)?"""
    rest = argv[1:]
    return "-" in rest or "--file" in rest or any(a.startswith("--file=") for a in rest)


class ExplainLogOptions:
    def __init__(self, path: str, json: bool, no_color: bool) -> None:
        self.path = path  # "-" for stdin
        self.json = json
        self.no_color = no_color


def parse_options(rest: list[str]) -> ExplainLogOptions:
    path = ""
    flags: set[str] = set()
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in _FLAGS:
            flags.add(a)
        elif a == "-":
            path = _one(path, "-")
        elif a == "--file":
            if i + 1 >= len(rest):
                raise UsageError("--file needs a path: hsdoctor explain --file LOG")
            i += 1
            path = _one(path, rest[i])
        elif a.startswith("--file="):
            path = _one(path, a.split("=", 1)[1])
        else:
            raise UsageError(f"explain reads either '-' (stdin), --file LOG or TEXT, not {a!r} as well")
        i += 1
    if not path:
        raise UsageError("--file needs a path: hsdoctor explain --file LOG")
    return ExplainLogOptions(path, "--json" in flags, "--no-color" in flags)


def _one(have: str, new: str) -> str:
    if have:
        raise UsageError("explain reads one log: give '-' or one --file, not both")
    return new


def read(opts: ExplainLogOptions):  # type: ignore[no-untyped-def]
    """The evidence of stdin or the file; a missing or unreadable file is a usage error."""
    from .evidence_text import read_file, read_stream

    if opts.path == "-":
        if sys.stdin is None:
            raise UsageError("explain -: there is no standard input")
        if sys.stdin.isatty():
            print("hsdoctor: reading the log from standard input; end it with Ctrl-D", file=sys.stderr)
        return read_stream(getattr(sys.stdin, "buffer", sys.stdin))
    try:
        return read_file(opts.path)
    except IsADirectoryError:
        raise UsageError(f"--file {opts.path}: is a directory") from None
    except FileNotFoundError:
        raise UsageError(f"--file {opts.path}: no such file") from None
    except PermissionError:
        raise UsageError(f"--file {opts.path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"--file {opts.path}: {exc.strerror or exc}") from None


def main(rest: list[str], emit) -> int:  # type: ignore[no-untyped-def]
    """Run ``explain`` on a log; ``emit(diag, opts)`` renders it as cli.py does for TEXT."""
    opts = parse_options(rest)
    evidence = read(opts)
    if not evidence.text.strip():
        raise UsageError("nothing to explain: the log is empty")
    from .engine import explain_evidence

    diag = explain_evidence(evidence)
    emit(diag, opts)
    return diag.exit_code
