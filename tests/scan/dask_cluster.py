"""A real Dask cluster on loopback for the tests and the benchmark: one scheduler and N workers,
each a separate process started with Dask's own command line (``python -m dask scheduler`` /
``python -m dask worker``), exactly as docs/SCAN.md tells a user to."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .fleet import free_port


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def kill_worker(self, i: int) -> None:
        os.killpg(self.workers[i].pid, signal.SIGKILL)
        self.workers[i].wait(10)


def _spawn(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DASK_DISTRIBUTED__ADMIN__TICK__LIMIT="30s")
    return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=open(log, "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115
                            start_new_session=True, env=env, cwd=log.parent)


def _stop(p: subprocess.Popen[bytes]) -> None:
    if p.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)
    if p.stdout:
        p.stdout.close()


def _wait_workers(address: str, n: int, procs: list[subprocess.Popen[bytes]], seconds: float = 60) -> None:
    from distributed import Client

    end = time.monotonic() + seconds
    with Client(address, timeout=seconds, set_as_default=False) as c:
        while time.monotonic() < end:
            if len(c.scheduler_info(n_workers=-1)["workers"]) >= n:
                return
            if any(p.poll() is not None for p in procs):
                raise RuntimeError("a Dask process exited during start-up")
            time.sleep(0.2)
    raise RuntimeError(f"{n} Dask workers did not join within {seconds} s")


@contextlib.contextmanager
def running_cluster(workdir: Path, workers: int = 2, nthreads: int = 2) -> Iterator[Cluster]:
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port("127.0.0.1")
    address = f"tcp://127.0.0.1:{port}"
    sched = _spawn(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], workdir / "scheduler.log")
    cluster = Cluster(address, sched)
    try:
        end = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if sched.poll() is not None or time.monotonic() > end:
                    raise RuntimeError("the Dask scheduler did not start: " + (workdir / "scheduler.log").read_text()[-800:]) from None
                time.sleep(0.1)
        for i in range(workers):
            cluster.workers.append(_spawn(["worker", address, "--host", "127.0.0.1", "--nthreads", str(nthreads), "--no-nanny",
                                           "--no-dashboard", "--name", f"w{i}", "--local-directory", str(workdir / f"w{i}")],
                                          workdir / f"worker{i}.log"))
        _wait_workers(address, workers, [sched, *cluster.workers])
        yield cluster
    finally:
        for p in cluster.workers:
            _stop(p)
        _stop(sched)
