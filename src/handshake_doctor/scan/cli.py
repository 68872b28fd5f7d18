"""``hsdoctor scan FILE``: the full probe for every target of a list, streamed and resumable.

Flow: read the list (targets.py) -> skip what the store already has (jsonl_store.resume) ->
run the engine (local threads/processes or Dask) -> each record is appended to the store, echoed
as a JSON line if asked, and counted by the progress display -> reports (summary table,
Prometheus textfile, HTML) are read back from the store, so a resumed scan reports every target.

Exit codes: 0 every endpoint healthy, 1 a problem diagnosed on some endpoint (or bad lines in
the list), 2 usage error or no target at all, 3 the engine could not run (e.g. no scheduler).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from typing import Any, BinaryIO

from ..errors import ProbeUnavailable, UsageError
from . import jsonl_store
from .options import DEFAULT_CONCURRENCY, ENGINES, FORMATS, PROGRESS, ScanOptions
from .targets import TargetList, read_targets
from .work import WorkOptions

MAX_BAD_SHOWN = 10


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="target list: one target per line (https://, tls://, tcp://... or host:port), "
                   "or CSV with a 'target' column; '-' reads standard input")
    p.add_argument("--jsonl", metavar="OUT", help="append one JSON line per target to OUT; run again to resume")
    p.add_argument("--format", choices=FORMATS, default="text", help="standard output: a summary table (text), "
                   "JSON lines as results arrive (jsonl), a node_exporter textfile (prometheus), or the HTML report (html)")
    p.add_argument("--output", "-o", metavar="FILE", help="with --format prometheus or html: write here, atomically")
    p.add_argument("--html", metavar="OUT", help="write a self-contained HTML report")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds for each target's probe (default 5)")
    p.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY,
                   help=f"targets probed at once (default {DEFAULT_CONCURRENCY})")
    p.add_argument("--processes", type=int, default=0, help="local worker processes, each with concurrency/processes threads (default 1)")
    p.add_argument("--ca-file", metavar="PEM", help="also trust these CA certificates (TLS targets)")
    p.add_argument("--client-cert", metavar="PEM", help="client certificate for TLS targets")
    p.add_argument("--client-key", metavar="PEM", help="client key, if not in --client-cert")
    p.add_argument("--engine", choices=ENGINES, default="local", help="local (default) or dask (pip install 'handshake-doctor[cluster]')")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="the Dask scheduler, for --engine dask")
    p.add_argument("--batch", type=int, default=16, help="targets per Dask task (default 16)")
    p.add_argument("--fsync", choices=("always", "batch", "never"), default="batch",
                   help="when the JSONL store is fsynced: after every line, once a second (default), or never")
    p.add_argument("--progress", choices=PROGRESS, default="auto", help="rich bar on a terminal, plain lines otherwise (auto)")


def _open_input(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        if os.path.isdir(path):
            raise UsageError(f"target list {path!r} is a directory")
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise UsageError(f"target list {path!r} cannot be read: {exc.strerror or exc}") from None


def _report_bad(tl: TargetList, name: str) -> None:
    for b in tl.bad[:MAX_BAD_SHOWN]:
        print(f"hsdoctor scan: {name}:{b.line}: {b.why}" + (f": {b.text}" if b.text else ""), file=sys.stderr)
    if tl.bad_count > MAX_BAD_SHOWN:
        print(f"hsdoctor scan: {name}: {tl.bad_count - MAX_BAD_SHOWN} more bad line(s) not shown", file=sys.stderr)


def _check_files(o: ScanOptions) -> None:
    for path, what in ((o.ca_file, "--ca-file"), (o.client_cert, "--client-cert"), (o.client_key, "--client-key")):
        if path is not None and not os.access(path, os.R_OK):
            raise UsageError(f"{what} {path!r} cannot be read")
    for path, what in ((o.jsonl, "--jsonl"), (o.html, "--html"), (o.output, "--output")):
        if path is not None:
            d = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(d):
                raise UsageError(f"{what} {path!r}: the directory {d!r} does not exist")
            if os.path.isdir(path):
                raise UsageError(f"{what} {path!r} is a directory")


def main(o: ScanOptions) -> int:
    _check_files(o)
    name = "<stdin>" if o.file == "-" else o.file
    stream = _open_input(o.file)
    try:
        tl = read_targets(stream)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    _report_bad(tl, name)
    if not tl.targets:
        raise UsageError(f"no target in {name} ({tl.lines_read} line(s) read, {tl.bad_count} bad)")
    wanted = set(tl.targets)
    tmpdir = None
    store = o.jsonl
    if store is None:
        tmpdir = tempfile.TemporaryDirectory(prefix="hsdoctor-scan-")
        store = os.path.join(tmpdir.name, "scan.jsonl")
    try:
        resumed = jsonl_store.resume(store)
        done_before = resumed.done & wanted
        pending = [t for t in tl.targets if t not in done_before]
        info = sys.stderr
        if done_before or resumed.torn_bytes:
            print(f"hsdoctor scan: resuming {store}: {len(done_before)} target(s) already done, {len(pending)} to go"
                  + (f"; cut a torn last line ({resumed.torn_bytes} bytes), its target is scanned again" if resumed.torn_bytes else ""),
                  file=info)
        _run(o, store, pending, len(tl.targets), len(done_before))
        return _reports(o, store, wanted, tl)
    finally:
        if tmpdir is not None:
            tmpdir.cleanup()


def _run(o: ScanOptions, store: str, pending: list[str], total: int, already: int) -> None:
    from .progress import Progress

    progress = Progress(total, already, "none" if o.progress == "none" else o.progress)
    echo = o.format == "jsonl"
    written: set[str] = set()
    out = sys.stdout

    with jsonl_store.JsonlWriter(store, o.fsync) as writer:
        def on_result(rec: dict[str, Any]) -> None:
            target = rec["scan"]["target"]
            if target in written:  # an engine that ran a task twice (Dask after a worker died)
                return
            written.add(target)
            rec["scan"].setdefault("engine", o.engine)
            writer.write(rec)
            if echo:
                out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
                out.flush()
            progress.update(rec["scan"])

        work = WorkOptions(timeout=o.timeout, ca_file=o.ca_file, client_cert=o.client_cert, client_key=o.client_key)
        try:
            if not pending:
                pass
            elif o.engine == "dask":
                from .engine_dask import run_dask

                run_dask(pending, work, o.scheduler or "", o.batch, o.concurrency, on_result)
            elif o.worker_processes > 1 and len(pending) > o.concurrency:
                from .engine_local import run_processes

                run_processes(pending, work, o.concurrency, o.worker_processes, on_result)
            else:
                from .engine_local import run_threads

                run_threads(pending, work, o.concurrency, on_result)
        finally:
            progress.close()


def _reports(o: ScanOptions, store: str, wanted: set[str], tl: TargetList) -> int:
    from .summary import render_table, summarise

    def records() -> Any:
        return (r for r in jsonl_store.read_records(store) if r["scan"]["target"] in wanted)

    summary = summarise(records())
    table = render_table(summary)
    if tl.bad_count:
        table += f"\n{tl.bad_count} bad line(s) in the target list were skipped"
    if tl.duplicates:
        table += f"\n{tl.duplicates} duplicate target(s) merged"
    print(table, file=sys.stdout if o.format == "text" else sys.stderr)
    if o.format == "prometheus":
        from . import prometheus

        if o.output:
            prometheus.write_atomic(o.output, lambda fh: prometheus.write(fh, records, summary))
        else:
            prometheus.write(sys.stdout, records, summary)
            sys.stdout.flush()
    if o.html or o.format == "html":
        from . import html

        if o.html:
            html.write_report(o.html, records, summary)
        if o.format == "html":
            if o.output:
                html.write_report(o.output, records, summary)
            else:
                html.render(sys.stdout, records, summary)
    missing = len(wanted) - summary.total
    if missing:
        print(f"hsdoctor scan: {missing} target(s) have no result (interrupted?): run again with the same --jsonl to finish",
              file=sys.stderr)
    if summary.total == 0:
        raise ProbeUnavailable("the scan produced no result")
    return 1 if (summary.failures or tl.bad_count or missing) else 0


def run_cli(argv: list[str]) -> int:
    """Entry from hsdoctor's cli.py (the coordinator moves it into the verb table)."""
    from ..cli import _Parser  # one-line errors, exit 2

    p = _Parser(prog="hsdoctor scan", description="Diagnose every endpoint of a list: streamed, bounded, resumable.")
    add_arguments(p)
    return main(ScanOptions.from_namespace(p.parse_args(argv)))
