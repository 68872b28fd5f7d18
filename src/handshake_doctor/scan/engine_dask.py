"""``--engine dask``: the same per-target work on a Dask distributed cluster.

Each task is a batch of targets (``--batch``, default 16): one task costs the scheduler a few
milliseconds, so one per endpoint would be overhead, and a batch runs its targets side by side
on the worker (work.diagnose_batch) as the local engine does. At most ``concurrency // batch``
(at least 2 per worker thread) batches are in flight; results come back with ``as_completed`` as
each batch finishes and go into the same store, progress and reports as the local engine's.

When a worker dies, the scheduler runs its batches again elsewhere; the scan writes a target
only once (cli.py keeps the set written), so a rerun batch cannot report a target twice. A batch
that fails for good is reported on stderr and its targets are left for the next run (resume).

Every worker needs handshake-doctor of the same version installed (the task is called by its
module path, handshake_doctor.scan.work.diagnose_batch) and the files named by --ca-file /
--client-cert at the same path. See docs/SCAN.md.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Iterator

from ..errors import ProbeUnavailable
from .work import WorkOptions, diagnose_batch

CONNECT_TIMEOUT_S = 5


def _batches(targets: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(targets), size):
        yield targets[i:i + size]


def run_dask(targets: list[str], opts: WorkOptions, scheduler: str, batch: int, concurrency: int,
             on_result: Callable[[dict[str, Any]], None]) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ProbeUnavailable("--engine dask needs Dask: pip install 'handshake-doctor[cluster]'") from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ProbeUnavailable(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        in_flight = max(2 * threads, concurrency // max(1, batch), 2)
        todo = _batches(targets, batch)
        o = opts.as_dict()

        def submit(b: list[str]) -> Any:
            return client.submit(diagnose_batch, b, o, batch, pure=False, retries=2)

        first = []
        for b in todo:
            first.append(submit(b))
            if len(first) >= in_flight:
                break
        ac = as_completed(first, loop=client.loop)
        for future in ac:
            try:
                records = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost batch is left for the next run
                print(f"hsdoctor scan: a Dask batch failed ({type(exc).__name__}: {exc}); "
                      "its targets are left for the next run", file=sys.stderr)
                records = []
            future.release()
            for rec in records:
                rec["scan"]["engine"] = "dask"
                on_result(rec)
            nxt = next(todo, None)
            if nxt is not None:
                ac.add(submit(nxt))
    finally:
        client.close()
