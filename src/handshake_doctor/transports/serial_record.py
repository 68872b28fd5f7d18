"""A recording wrapper on the serial transport: every write and read goes into a Transcript.

Why a wrapper and not bookkeeping in each probe: the transcript must hold every byte that went
out and came back, with its time, the line settings then in force and the label of the request
(or of the listening window), so that the judges can be replayed from it (``--record``) and the
future ``analyze`` verb can judge the same file. The wrapper is the one place that sees them all.
It imports no serial library: it wraps whatever port object it is given (a pyserial port, a
test's fake).
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from ..transcript import RX, TX, Transcript

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator


class RecordingPort:
    """The port, with every exchange written to ``transcript`` (time from ``t0``, monotonic)."""

    def __init__(self, port: Any, transcript: Transcript, baud: int = 0, framing: str = "8N1", t0: float | None = None) -> None:
        self._port = port
        self.transcript = transcript
        self.baud = baud
        self.framing = framing
        self._t0 = time.monotonic() if t0 is None else t0
        self._label = ""
        self._meta: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:  # mark_errors, close, raw ...: the port's own
        return getattr(self._port, name)

    @property
    def settings(self) -> dict[str, Any]:
        return {"baud": self.baud, "framing": self.framing}

    def assume(self, baud: int, framing: str) -> None:
        """The line is already at these settings (set before the wrapper was told)."""
        self.baud, self.framing = baud, framing

    @contextmanager
    def labelled(self, label: str, **meta: Any) -> Iterator[None]:
        """Exchanges inside carry this label (the request's name) and meta (device, attempt)."""
        saved = self._label, self._meta
        self._label, self._meta = label, meta
        try:
            yield
        finally:
            self._label, self._meta = saved

    def _add(self, direction: str, data: bytes, kind: str = "raw", label: str | None = None) -> None:
        self.transcript.add(direction, data, t=time.monotonic() - self._t0, kind=kind,
                            label=self._label if label is None else label, settings=self.settings, **self._meta)

    def set_baud(self, baud: int) -> None:
        self._port.set_baud(baud)
        self.baud = baud

    def apply_framing(self, req: Any) -> None:
        self._port.apply_framing(req)
        self.baud, self.framing = int(req.baud), str(req.framing)

    def discard_input(self) -> None:
        self._port.discard_input()

    def write(self, data: bytes, deadline: float) -> int:
        n = self._port.write(data, deadline)
        self._add(TX, bytes(data))
        return n

    def read_for(self, deadline: float, max_bytes: int = 65536, quiet_after: float | None = None, enough: Any = None) -> bytes:
        got = self._port.read_for(deadline, max_bytes, quiet_after=quiet_after, enough=enough)
        self._add(RX, bytes(got))
        return got
