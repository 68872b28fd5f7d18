"""``hsdoctor run -- CMD ARGS...``: run the user's failing command, then explain what it printed.

Why: the evidence is what the tool printed, and the easiest way to get all of it (both streams,
in order, without the user's copy-and-paste cutting the decisive line) is to run the tool.

What it guarantees (README, docs/JSON.md):

* The command runs as given: no shell, its own arguments, its stdin passed through (inherited),
  its environment unchanged. Its stdout and stderr are shown live, as it prints them (with
  ``--json`` both go to stderr so stdout carries only the JSON document).
  Each of its streams is what it would have been without hsdoctor: a terminal (a pseudo-terminal
  of the same size, which hsdoctor reads and passes on) where hsdoctor's own stream is one, a
  pipe otherwise, so a tool that colours, draws progress or buffers differently on a terminal
  behaves as it does when run directly (the colours are removed from what is explained).
* hsdoctor exits with the command's own exit status (a signal N gives 128 + N, as a shell
  reports it), whatever was diagnosed, so ``hsdoctor run -- make flash`` can stand in for the
  command in a script. The diagnosis' own verdict (0 nothing wrong recognised, 1 a problem
  diagnosed) is the JSON key ``diagnosis_exit_code``. A command that cannot be found is one
  line on stderr and exit 127 (126 when it is found but cannot be executed), as in a shell;
  a bad ``run`` command line is exit 2.
* The capture is bounded (evidence_text.LogReader: head, tail and decisive lines), so a command
  that prints for hours does not grow hsdoctor's memory.
* When the command names a target ``probe`` takes (a URL of a probe scheme, host:port, a serial
  port, a PC/SC tool), the exact ``hsdoctor probe ...`` command is printed; ``--probe`` runs it
  after the command has finished (never before, never at the same time as the command on the
  same device).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading

from .errors import HsdoctorError, UsageError

_PARTIAL_MAX = 16 * 1024  # bytes of one unfinished line kept before it is fed as a cut line
_CHUNK = 4096


class CommandNotFound(HsdoctorError):
    exit_code = 127


class CommandNotExecutable(HsdoctorError):
    exit_code = 126


class RunOptions:
    def __init__(self, argv: list[str], json: bool, no_color: bool, probe: bool, timeout: float) -> None:
        self.argv = argv
        self.json = json
        self.no_color = no_color
        self.probe = probe
        self.timeout = timeout  # for --probe: seconds for each probe


USAGE = "usage: hsdoctor run [--json] [--no-color] [--probe] [--timeout S] -- CMD [ARGS...]"


def parse_options(rest: list[str]) -> RunOptions:
    json = no_color = probe = False
    timeout = 5.0
    i = 0
    while i < len(rest):
        a = rest[i]
        if a == "--":
            i += 1
            break
        if a in ("-h", "--help"):
            raise _Help()
        if a == "--json":
            json = True
        elif a == "--no-color":
            no_color = True
        elif a == "--probe":
            probe = True
        elif a == "--timeout" or a.startswith("--timeout="):
            value = a.split("=", 1)[1] if "=" in a else (rest[i + 1] if i + 1 < len(rest) else "")
            if "=" not in a:
                i += 1
            try:
                timeout = float(value)
            except ValueError:
                raise UsageError(f"--timeout needs seconds, not {value!r}") from None
            if not 0 < timeout <= 3600:
                raise UsageError("--timeout must be between 0 and 3600 seconds")
        elif a.startswith("-"):
            raise UsageError(f"unknown run option {a!r}; put the command after '--' ({USAGE})")
        else:
            break  # the command starts here ("hsdoctor run curl ..." without "--")
        i += 1
    argv = rest[i:]
    if not argv:
        raise UsageError(f"run needs a command: {USAGE}")
    return RunOptions(argv, json, no_color, probe, timeout)


class _Help(Exception):
    pass


class _Capture:
    """Both streams of the command into one bounded LogReader, in the order lines arrive."""

    def __init__(self) -> None:
        from .evidence_text import LogReader

        self.reader = LogReader()
        self.lock = threading.Lock()

    def pump(self, pipe, out) -> None:  # type: ignore[no-untyped-def]
        fd = pipe.fileno()
        partial = b""
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except OSError:
                break
            if not chunk:
                break
            try:
                out.write(chunk)
                out.flush()
            except (OSError, ValueError):
                pass  # our own stdout closed (| head): keep capturing, the command is not ours to stop
            partial += chunk
            if b"\n" in partial:
                *done, partial = partial.split(b"\n")
                with self.lock:
                    for line in done:
                        self.reader.feed(line.decode("utf-8", errors="replace"))
            if len(partial) > _PARTIAL_MAX and b"\r" in partial:
                partial = partial.rsplit(b"\r", 1)[1]  # a progress line: only its last overwrite shows
            if len(partial) > _PARTIAL_MAX:
                with self.lock:
                    self.reader.feed(partial.decode("utf-8", errors="replace"), cut=True)
                partial = b""
        if partial:
            with self.lock:
                self.reader.feed(partial.decode("utf-8", errors="replace"))
        pipe.close()


def run_and_capture(argv: list[str], to_stderr: bool):  # type: ignore[no-untyped-def]
    """Run ``argv`` (no shell), echo its streams live, return (exit status, evidence)."""
    exe = shutil.which(argv[0]) if os.sep not in argv[0] else argv[0]
    if exe is None or not os.path.exists(exe):
        raise CommandNotFound(f"run: command not found: {argv[0]}")
    if os.path.isdir(exe) or not os.access(exe, os.X_OK):
        raise CommandNotExecutable(f"run: cannot execute {argv[0]}: permission denied or not a program")
    cap = _Capture()
    out_stream = sys.stderr.buffer if to_stderr else sys.stdout.buffer
    sys.stdout.flush()
    sys.stderr.flush()
    # the child's stdout/stderr: a pty where the stream it would have written to is a terminal
    out_pty = _pty_like(out_stream)
    err_pty = _pty_like(sys.stderr.buffer)
    try:
        proc = subprocess.Popen(
            [exe, *argv[1:]], stdin=None, bufsize=0,
            stdout=out_pty[1] if out_pty else subprocess.PIPE,
            stderr=err_pty[1] if err_pty else subprocess.PIPE,
        )
    except PermissionError:
        raise CommandNotExecutable(f"run: cannot execute {argv[0]}: permission denied") from None
    except OSError as exc:
        raise CommandNotExecutable(f"run: cannot execute {argv[0]}: {exc.strerror or exc}") from None
    except BaseException:
        for pair in (out_pty, err_pty):
            if pair:
                os.close(pair[0])
                os.close(pair[1])
        raise
    sources = [
        os.fdopen(out_pty[0], "rb", buffering=0) if out_pty else proc.stdout,
        os.fdopen(err_pty[0], "rb", buffering=0) if err_pty else proc.stderr,
    ]
    threads = [
        threading.Thread(target=cap.pump, args=(sources[0], out_stream), daemon=True),
        threading.Thread(target=cap.pump, args=(sources[1], sys.stderr.buffer), daemon=True),
    ]
    for t in threads:
        t.start()
    interrupted = False
    while True:
        try:
            status = proc.wait()
            break
        except KeyboardInterrupt:
            interrupted = True  # the command got the same SIGINT (same process group): let it end
    # a pty's slave stays open here until the child has ended and its output is read: Linux may
    # drop what is still buffered when the last slave closes before the master reads it
    for pair in (out_pty, err_pty):
        if pair:
            _drain(pair[0])
            os.close(pair[1])
    for t in threads:
        t.join(timeout=5)  # a grandchild may keep a pipe open: do not wait for it forever
    code = status if status >= 0 else 128 - status
    return code, cap.reader.result(), interrupted


def _drain(master: int, limit_s: float = 2.0) -> None:
    """Wait (bounded) until the pump thread has read everything buffered on a pty master."""
    import select
    import time

    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        try:
            ready, _, _ = select.select([master], [], [], 0.05)
        except (OSError, ValueError):
            return
        if not ready:
            return
        time.sleep(0.01)  # the pump is reading it


def _pty_like(stream) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """(master, slave) of a new pseudo-terminal of the same size as ``stream``'s terminal, or
    None when ``stream`` is not a terminal (the child then gets a pipe, as it would have)."""
    try:
        fd = stream.fileno()
        if not os.isatty(fd):
            return None
        import fcntl
        import pty
        import termios

        master, slave = pty.openpty()
        try:
            size = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
            fcntl.ioctl(slave, termios.TIOCSWINSZ, size)
        except OSError:
            pass
        return master, slave
    except (OSError, ValueError, AttributeError, ImportError):
        return None


def probe_offers(argv: list[str]) -> list[str]:
    """The ``probe`` targets the command's arguments name, from the domains' declarations."""
    from . import concepts, spotting
    from .registry import DOMAINS

    schemes = {s for spec in DOMAINS for s in spec.probes}
    prog = os.path.basename(argv[0]).lower()
    offers: list[str] = []
    for arg in argv[1:]:
        for piece in _pieces(arg):
            if "://" in piece:
                scheme = piece.split("://", 1)[0].lower()
                if scheme in schemes:
                    offers.append(piece)
                    continue
            found = concepts.object_in(piece)
            if found is None:
                continue
            kind, value = found
            for _, sp in spotting.declared():
                for obj_kind, template in sp.probe_targets:
                    if obj_kind == kind:
                        offers.append(template.format(object=value))
    for _, sp in spotting.declared():
        for obj_kind, template in sp.probe_targets:
            if obj_kind == "program:" + prog:
                offers.append(template.format(object=""))
    return list(dict.fromkeys(offers))


def _pieces(arg: str) -> list[str]:
    """``--port=/dev/ttyUSB0`` names the port too; so does ``-connect host:443`` (separate arg)."""
    if arg.startswith("-") and "=" in arg:
        return [arg.split("=", 1)[1]]
    return [arg]


def main(rest: list[str], emit=None) -> int:  # type: ignore[no-untyped-def]
    try:
        opts = parse_options(rest)
    except _Help:
        print(USAGE)
        print("Runs CMD (no shell), shows its output live, exits with its exit status, then explains what it printed.")
        print("--probe also runs the probe of the target the command names (printed as 'hsdoctor probe ...').")
        return 0
    code, evidence, interrupted = run_and_capture(opts.argv, to_stderr=opts.json)
    from .model import Diagnosis

    if evidence.text.strip():
        from .engine import explain_evidence

        diag = explain_evidence(evidence)
    else:
        diag = Diagnosis(verb="run", input="")
        diag.notes.append("The command printed nothing: there is no output to explain.")
    diag.verb = "run"
    diag.target = " ".join(_quote(a) for a in opts.argv)[:300]  # the report's header names the command
    status_note = f"{os.path.basename(opts.argv[0])} exited with status {code}" + (" after an interrupt" if interrupted else "") + "."
    diag.notes.insert(0, status_note)
    offers = probe_offers(opts.argv)
    for target in offers:
        diag.notes.append(f"The command names a target the probe can check: hsdoctor probe {_quote(target)}" + ("" if opts.probe else "   (or: hsdoctor run --probe -- ...)"))
    probes = []
    if opts.probe:
        from .api import probe as run_probe

        for target in offers[:3]:
            try:
                probes.append(run_probe(target, timeout=opts.timeout))
            except HsdoctorError as exc:
                diag.notes.append(f"probe {target}: could not run: {exc}")
    _report(diag, probes, code, opts)
    return code


def _quote(s: str) -> str:
    import shlex

    return shlex.quote(s)


def _report(diag, probes, code: int, opts: RunOptions) -> None:  # type: ignore[no-untyped-def]
    if opts.json:
        import json

        doc = diag.to_dict()
        doc["diagnosis_exit_code"] = doc["exit_code"]
        doc["exit_code"] = code
        doc["command"] = {"argv": list(opts.argv), "exit_status": code}
        doc["probe_offers"] = [f"hsdoctor probe {_quote(t)}" for t in probe_offers(opts.argv)]
        doc["probes"] = [p.to_dict() for p in probes]
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return
    from .report.terminal import render

    color = not opts.no_color and not os.environ.get("NO_COLOR") and sys.stderr.isatty()
    sys.stderr.write("\n")
    render(diag, color=color, stream=sys.stderr)
    for p in probes:
        sys.stderr.write("\n")
        render(p, color=color, stream=sys.stderr)
    # the command's status and the probes it names always show (the concise view keeps notes for -v)
    sys.stderr.write(f"hsdoctor run: {os.path.basename(opts.argv[0])} exited with status {code}\n")
    for target in probe_offers(opts.argv):
        sys.stderr.write(f"hsdoctor run: the command names a target the probe can check: hsdoctor probe {_quote(target)}\n")
    sys.stderr.flush()
