"""Judging one capture in several processes, each reading the whole file and judging its share.

Why this shape: on a handshake-heavy capture most of the time goes to judging each finished
connection and writing its document (bench/ANALYZE_PCAP.md), and that work is independent per
connection. Handing connections from one reader to workers costs about as much as judging them
(pickling every connection's state, measured), so instead every process reads the file and
tracks TCP itself, which is deterministic: all of them see the same connections finish in the
same order and number them alike. The judged connections are cut into blocks of ``BLOCK``;
block b belongs to process b mod n. The reader's own process (share 0) judges its blocks and
takes the others' from their pipes, block by block, in order, so the output is the same, byte
for byte, as with one process (tests/analyze/test_parallel.py). A pipe holds little, so a worker
that runs ahead waits: memory stays flat.

Only where ``fork`` exists (Linux), and only for a regular file a worker can open again.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable

#: a file under this size is judged in one process: starting workers costs more
PARALLEL_MIN = 8 << 20
MAX_PROCESSES = 8
#: judged connections per block: large enough that a pipe message carries real work
BLOCK = 256


def auto_jobs(size: int | None) -> int:
    """The processes to use for a file of ``size`` bytes (None: a pipe, size unknown)."""
    if size is None or size < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    # the CPUs other jobs leave free (as make -l does): each process reads the whole file,
    # so a process on a CPU that is not free only adds that reading
    try:
        free = cpus - os.getloadavg()[0]
    except OSError:
        free = float(cpus)
    return max(1, min(int(free + 0.5), cpus, MAX_PROCESSES))


def owner(ordinal: int, n: int) -> int:
    """The share (process) that judges the judged connection number ``ordinal``."""
    return (ordinal // BLOCK) % n


class WorkerFailed(RuntimeError):
    pass


class Shares:
    """The n - 1 worker processes of one file; share 0 is the caller's own."""

    def __init__(self, n: int, work: Callable[[int, Any], None]) -> None:
        """``work(share, send)`` runs in each worker: it judges the blocks of ``share`` and
        calls ``send(items)`` once per block, in order."""
        ctx = multiprocessing.get_context("fork")
        self.pipes: dict[int, Any] = {}
        self.procs: list[Any] = []
        for share in range(1, n):
            rx, tx = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_worker, args=(work, share, tx), daemon=True)
            p.start()
            tx.close()
            self.pipes[share] = rx
            self.procs.append(p)

    def block(self, share: int) -> list[Any]:
        """The next block of ``share``'s items (blocks until the worker has judged it)."""
        try:
            kind, value = self.pipes[share].recv()
        except EOFError:
            raise WorkerFailed(f"judging process {share} ended before its share was done") from None
        if kind == "error":
            raise WorkerFailed(f"judging process {share} failed: {value}")
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        for rx in self.pipes.values():
            rx.close()
        for p in self.procs:
            p.join(timeout=2)
            if p.is_alive():
                p.kill()
                p.join(timeout=2)


def _worker(work: Callable[[int, Any], None], share: int, tx: Any) -> None:
    try:
        work(share, lambda items: tx.send(("items", items)))
    except BrokenPipeError:  # the reader stopped (an error, or its consumer quit): nothing to say
        pass
    except BaseException as exc:  # noqa: BLE001 - reported to the reader, which raises it
        try:
            tx.send(("error", f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass
    finally:
        tx.close()
        os._exit(0)  # a forked child: no atexit handlers, no flushing of the parent's buffers
