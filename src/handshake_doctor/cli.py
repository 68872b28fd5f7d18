"""``hsdoctor``: the verbs of the VERBS table (explain | probe | simulate | codes ...).

Why two-phase parsing for probe/simulate: each domain owns its options (``--sni`` belongs to TLS,
``--apdu`` to smart cards), so the CLI reads the target or device name first, then asks that
domain's module to add its arguments. The CLI never learns a domain's options or names.

Exit codes (docs/JSON.md): 0 nothing wrong recognised / healthy, 1 a problem diagnosed,
2 usage or input error, 3 the probe itself could not run, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from functools import cache

from .errors import HsdoctorError, UsageError

PROG = "hsdoctor"
#: the flags the explain fast path understands without argparse
_EXPLAIN_FLAGS = {"--json": ("format", "json"), "--no-color": ("no_color", True), "-v": ("verbose", True),
                  "--verbose": ("verbose", True)}


class Verb:
    """One verb of the command line: its help line and its handler (``module:function``, imported
    on use), which takes the arguments after the verb and returns the exit code. (A plain class:
    a record's generated ``__init__`` would cost start-up time on every ``explain``.)"""

    __slots__ = ("name", "help", "handler")

    def __init__(self, name: str, help: str, handler: str) -> None:
        self.name, self.help, self.handler = name, help, handler


#: Every verb, one entry each: a new verb is one line here and a handler in its own module.
VERBS: tuple[Verb, ...] = (
    Verb("explain", "decode an error line, a log, hex bytes or a status word (offline)", "handshake_doctor.cli:explain_verb"),
    Verb("probe", "actively and safely probe a target", "handshake_doctor.cli:probe_verb"),
    Verb("simulate", "run a device simulator on a pseudo-terminal", "handshake_doctor.cli:simulate_verb"),
    Verb("analyze", "explain the failed handshakes in captures and logs (pcap, pcapng, APDU logs, serial traces)", "handshake_doctor.analyze.cli:analyze_verb"),
    Verb("scan", "diagnose every endpoint of a list: streamed, resumable, local or on Dask", "handshake_doctor.scan.cli:run_cli"),
    Verb("run", "run your command (run -- CMD ARGS...), show its output live, then explain what it printed", "handshake_doctor.run_command:main"),
    Verb("codes", "list every finding code (the public contract)", "handshake_doctor.cli:codes_verb"),
)


@cache
def _parser_class():  # type: ignore[no-untyped-def]
    """argparse, imported on use, reporting errors as one line and exit 2 (sslyze's exit 0)."""
    import argparse

    class OneLineErrorParser(argparse.ArgumentParser):
        def error(self, message: str):  # type: ignore[no-untyped-def]  # NoReturn
            raise UsageError(f"{message} (see '{self.prog} --help')")

    return OneLineErrorParser


def _Parser(**kw):  # type: ignore[no-untyped-def]
    return _parser_class()(**kw)


def _base_parser():  # type: ignore[no-untyped-def]
    p = _Parser(
        prog=PROG,
        description="Find out why a handshake failed: what you are talking to, the cause, and the fix.",
    )
    p.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    sub = p.add_subparsers(dest="verb", metavar="VERB", parser_class=_parser_class())
    for verb in VERBS:
        sub.add_parser(verb.name, help=verb.help, add_help=False)
    return p


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: "list[str] | None" = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except HsdoctorError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for users; HSDOCTOR_DEBUG=1 shows it
        if os.environ.get("HSDOCTOR_DEBUG"):
            raise
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc} (HSDOCTOR_DEBUG=1 for details)", file=sys.stderr)
        return 4


def run() -> None:
    """Console entry point. For ``explain`` (pure: no threads, files or devices to clean up) it
    skips the interpreter's teardown of every loaded table (~4 ms of a ~50 ms run) by flushing
    and calling ``os._exit``; other verbs exit normally so their cleanup runs."""
    argv = sys.argv[1:]
    code = main(argv)
    if argv[:1] == ["explain"]:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, OSError):
            pass
        os._exit(code)
    sys.exit(code)


def _explain_fast(argv: list[str]) -> int | None:
    """``explain TEXT... [--json] [--no-color] [-v]`` without argparse (it costs ~4 ms of the
    benchmarked start-up); anything else, help included, goes through argparse."""
    rest = argv[1:]
    if not rest or any(a.startswith("-") and a not in _EXPLAIN_FLAGS for a in rest):
        return None
    settings = dict(_EXPLAIN_FLAGS[a] for a in rest if a in _EXPLAIN_FLAGS)
    text = " ".join(a for a in rest if a not in _EXPLAIN_FLAGS)
    if not text.strip():
        raise UsageError("nothing to explain: give an error line, hex bytes or a status word")
    from .engine import explain
    from .report.emit import OutputOptions, emit

    diag = explain(text)
    emit(diag, OutputOptions(**settings))
    return diag.exit_code


def _main(argv: list[str]) -> int:
    if argv and argv[0] == "explain":
        fast = _explain_fast(argv)
        if fast is not None:
            return fast
    if not argv or argv[0] in ("-h", "--help", "--version"):
        base = _base_parser()
        if not argv:
            base.print_help()
            return 2
        base.parse_args(argv)  # prints help or the version and exits
        return 0
    verb = next((v for v in VERBS if v.name == argv[0]), None)
    if verb is None:
        names = ", ".join(v.name for v in VERBS)
        raise UsageError(f"unknown verb {argv[0]!r}: use one of {names} (see '{PROG} --help')")
    import importlib

    module_name, func = verb.handler.split(":")
    return int(getattr(importlib.import_module(module_name), func)(argv[1:]))


def _output(ns):  # type: ignore[no-untyped-def]
    from .report.emit import OutputOptions

    return OutputOptions.from_namespace(ns)


def explain_verb(rest: list[str]) -> int:
    from .report.emit import add_output_arguments, emit

    from . import explain_input  # explain-input (issue 12): "-" (stdin) and --file LOG

    if explain_input.wants_log(rest):
        return explain_input.main(rest)
    p = _Parser(prog=f"{PROG} explain", description="Explain an error line, hex bytes or a status word (offline).")
    p.add_argument("text", nargs="+", help='e.g. "unexpected response 0x68", 6881, 0A00042E, "resp=0x68"; "-" reads a log from stdin')
    p.add_argument("--file", metavar="LOG", help="explain a log file (any length, read in bounded memory)")
    add_output_arguments(p)
    args = p.parse_args(rest)
    text = " ".join(args.text)
    if not text.strip():
        raise UsageError("nothing to explain: give an error line, hex bytes or a status word")
    from .engine import explain

    diag = explain(text)
    emit(diag, _output(args))
    return diag.exit_code


def codes_verb(rest: list[str]) -> int:
    p = _Parser(prog=f"{PROG} codes", description="List every finding code (the public contract, docs/CODES.md).")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(rest)
    from .codes import all_codes

    rows = all_codes()
    if args.json:
        import json

        print(json.dumps([r.as_dict() for r in rows], indent=2))
    else:
        for r in rows:
            print(f"{r.code:45} {r.title}")
    return 0


def _schemes() -> str:
    """The probe schemes the registered domains offer (the CLI names none itself)."""
    from .registry import DOMAINS

    return ", ".join(f"{s}://" for spec in DOMAINS for s in spec.probes if s) + ", host:port"


def _scheme_of(target: str) -> str:
    if "://" not in target and _bare_host_port(target):
        return ""  # a bare host:port: the probe registered for "" finds out what answers
    if "://" not in target:
        raise UsageError(f"target {target!r} has no scheme: use one of {_schemes()}")
    return target.split("://", 1)[0].lower()


def _bare_host_port(target: str) -> bool:
    import re

    return re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}", target) is not None


def probe_verb(rest: list[str]) -> int:
    from .registry import probe_for_scheme
    from .report.emit import add_output_arguments, emit

    pre = _Parser(prog=f"{PROG} probe", add_help=False)
    pre.add_argument("target", nargs="?")
    known, _ = pre.parse_known_args(rest)
    # options may come before the target ("probe --baud 9600 serial://..."): before the domain's
    # options are known, "9600" looks positional, so a word with a scheme wins
    with_scheme = [a for a in rest if "://" in a and not a.startswith("-")]
    if with_scheme:
        known.target = with_scheme[0]
    if known.target is None or known.target.startswith("-"):
        if any(a in ("-h", "--help") for a in rest):
            print(f"usage: {PROG} probe TARGET [options]   (TARGET: {_schemes()})")
            return 0
        raise UsageError("probe needs a target, e.g. https://example.test or serial:///dev/ttyUSB0")
    scheme = _scheme_of(known.target)
    found = probe_for_scheme(scheme)
    if found is None:
        raise UsageError(f"unknown scheme {scheme!r}: use one of {_schemes()}")
    spec, module_name = found
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        from .errors import ProbeUnavailable

        raise ProbeUnavailable(f"the {spec.name} probe is not available here: {exc}") from None
    p = _Parser(prog=f"{PROG} probe", description=f"Probe a {spec.title} target.")
    p.add_argument("target")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds for the whole probe (default 5)")
    p.add_argument("--record", default=None, metavar="FILE", help="also write what was exchanged as a transcript (JSON)")
    add_output_arguments(p)
    if hasattr(module, "add_arguments"):
        module.add_arguments(p)
    args = p.parse_args(rest)
    if not (0 < args.timeout <= 3600):
        raise UsageError("--timeout must be between 0 and 3600 seconds")
    out = _output(args)
    args.json = out.machine  # the probes' progress lines stay off for machine-readable output
    diag = module.probe(args.target, args)
    if args.record:
        _write_transcript(diag, args.record)
    emit(diag, out)
    return diag.exit_code


def _write_transcript(diag, path: str) -> None:  # type: ignore[no-untyped-def]
    import json

    if diag.transcript is None:
        raise UsageError("this probe records no transcript yet (--record)")
    try:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(diag.transcript.to_dict(), fh, indent=1)
            fh.write("\n")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def simulate_verb(rest: list[str]) -> int:
    from .registry import simulators

    sims = simulators()
    if not rest or rest[0] in ("-h", "--help"):
        names = ", ".join(sorted(sims)) or "(none yet)"
        print(f"usage: {PROG} simulate DEVICE [options]\ndevices: {names}")
        return 0 if rest else 2
    name = rest[0]
    if name not in sims:
        raise UsageError(f"unknown device {name!r}; devices: {', '.join(sorted(sims)) or '(none yet)'}")
    spec, module_name = sims[name]
    import importlib

    module = importlib.import_module(module_name)
    p = _Parser(prog=f"{PROG} simulate {name}", description=getattr(module, "DESCRIPTION", None))
    module.add_arguments(p)
    args = p.parse_args(rest[1:])
    args.device = name
    return int(module.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
