"""The local engine: bounded concurrency on this machine, results handed over as they arrive.

Why threads (measured, docs/SCAN.md): a probe spends nearly all its time waiting on sockets, and
pyOpenSSL and socket calls release the GIL; with the TLS contexts (trust store) made once per
process, one process of 32 threads did 67 endpoints/s on the 1 000-endpoint fleet and two
processes 70/s for twice the memory. ``processes`` > 1 (``--processes``) remains for machines
where one core is the limit.

Bounds: at most ``concurrency`` probes run at once; finished results wait in a queue of at most
``2 * concurrency`` records, so a slow consumer stops the workers instead of growing memory; each
probe ends by its own deadline (work.diagnose_one waits no longer than deadline + grace).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from typing import Any, Callable, Iterable, Iterator

from .work import WorkOptions, diagnose_one

_DONE = object()


RAMP_S = 0.025  # worker i starts i * RAMP_S after the first (see _thread_pool)


def _thread_pool(targets: Iterator[str], opts: WorkOptions, concurrency: int, out: Any, stop: threading.Event) -> list[threading.Thread]:
    """Why a ramp: 32 probes started at once share two cores, so the first result waited ~2 s
    (measured, bench/scan_fleet.py); started a few milliseconds apart, the first probe runs
    nearly alone and its line comes out in a few hundred milliseconds."""
    lock = threading.Lock()
    exhausted = threading.Event()
    t0 = time.monotonic()

    def worker(i: int) -> None:
        start = t0 + i * RAMP_S
        while not (stop.is_set() or exhausted.is_set()) and time.monotonic() < start:
            time.sleep(0.005)
        while not stop.is_set():
            with lock:
                target = next(targets, None)
            if target is None:
                exhausted.set()
                break
            rec = diagnose_one(target, opts)
            while not stop.is_set():
                try:
                    out.put(rec, timeout=0.2)
                    break
                except queue.Full:
                    continue
        out.put(_DONE)

    threads = [threading.Thread(target=worker, args=(i,), name=f"hsdoctor-scan-{i}", daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    return threads


def run_threads(targets: Iterable[str], opts: WorkOptions, concurrency: int, on_result: Callable[[dict[str, Any]], None],
                stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    out: queue.Queue[Any] = queue.Queue(maxsize=2 * concurrency)
    threads = _thread_pool(iter(targets), opts, concurrency, out, stop)
    finished = 0
    try:
        while finished < len(threads):
            item = out.get()
            if item is _DONE:
                finished += 1
                continue
            on_result(item)
    finally:
        stop.set()


def _process_main(targets: list[str], opts: dict[str, Any], threads: int, conn: Any) -> None:
    """A worker process: its share of the targets on its own threads, records sent back one by one."""
    out: queue.Queue[Any] = queue.Queue(maxsize=2 * threads)
    stop = threading.Event()
    pool = _thread_pool(iter(targets), WorkOptions(**opts), threads, out, stop)
    finished = 0
    while finished < len(pool):
        item = out.get()
        if item is _DONE:
            finished += 1
            continue
        conn.send(item)
    conn.send(None)
    conn.close()


def run_processes(targets: list[str], opts: WorkOptions, concurrency: int, processes: int,
                  on_result: Callable[[dict[str, Any]], None]) -> None:
    """Targets dealt round-robin to ``processes`` workers with ``concurrency // processes`` threads each."""
    ctx = mp.get_context("fork")
    per = max(1, concurrency // processes)
    conns, procs = [], []
    for i in range(processes):
        parent, child = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_process_main, args=(targets[i::processes], opts.as_dict(), per, child), daemon=True)
        p.start()
        child.close()
        conns.append(parent)
        procs.append(p)
    from multiprocessing.connection import wait

    live = list(conns)
    try:
        while live:
            for c in wait(live):
                try:
                    item = c.recv()
                except EOFError:
                    item = None
                if item is None:
                    live.remove(c)
                    continue
                on_result(item)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join(5)
