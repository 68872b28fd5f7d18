"""Run a few blocking I/O calls side by side: the part of ThreadPoolExecutor the probes use.

Why not concurrent.futures: importing it pulls in logging and costs about 10 ms of a probe's
~180 ms cold start (measured with -X importtime), and the probes need only "start these calls,
then wait for each result". Every call the probes hand over has its own deadline, so ``result``
never waits longer than the call itself.
"""

from __future__ import annotations

import threading
from typing import Any, Callable


class Job:
    """One call on its own daemon thread; ``result()`` returns its value or re-raises its error."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], name: str) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), name=name, daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


class Pool:
    """``with Pool("name") as pool: job = pool.submit(fn, *args)``; leaving the block waits for all."""

    def __init__(self, name: str = "hsdoctor") -> None:
        self._name = name
        self._jobs: list[Job] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> Job:
        job = Job(fn, args, f"{self._name}-{len(self._jobs)}")
        self._jobs.append(job)
        return job

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        for job in self._jobs:
            job._thread.join()
