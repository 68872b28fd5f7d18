"""One simulated device on one line: the codec, both ends' settings, the physics, the record.

Why separate from the transports: the pty runner and the ``hsdsim://`` URL handler must behave
the same (same autobaud rule, same physics, same record), so both drive this object and only
differ in how bytes and settings reach it.
"""

from __future__ import annotations

import json
import time
from typing import Callable, TextIO

from ..transcript import RX, TX, Transcript
from .events import Codec, Command
from .physics import Carried, Setting, carry


#: bound on the exchanges a ``--transcript`` keeps (a long run keeps its first ones)
MAX_EXCHANGES = 100_000


class Session:
    def __init__(
        self,
        codec: Codec,
        *,
        baud: int | None = None,
        framing: str | None = None,
        log: TextIO | None = None,
        record: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        transcript: Transcript | None = None,
    ) -> None:
        self.codec = codec
        if framing:
            codec.framing = framing  # the device's own framing, e.g. an 8N1 STM32 clone
        self.device = Setting(baud or codec.default_baud, codec.framing)
        self.client = self.device  # until the client says otherwise
        codec.line_baud = self.device.baud
        self.commands: list[Command] = []
        #: the client reads with INPCK+PARMRK (errors marked FF 00 x, as n_tty does); the hsdsim
        #: handler sets it. A pty cannot: its line discipline escapes every FF the master writes.
        self.mark_errors = False
        self._log = log
        self._record = record
        self._clock = clock
        self._t0 = clock()
        #: the simulator's side of every exchange (``--transcript``): RX what the host sent (as
        #: the device received it), TX what the device answered, at the device's line settings
        self.transcript = transcript

    def _exchange(self, direction: str, data: bytes, label: str, **meta: object) -> None:
        if self.transcript is not None and data:
            if len(self.transcript.exchanges) >= MAX_EXCHANGES:  # a client that floods cannot grow memory
                self.transcript.meta["truncated"] = True
                return
            self.transcript.add(direction, data, t=self._clock() - self._t0, label=label,
                                settings={"baud": self.device.baud, "framing": self.device.framing},
                                client={"baud": self.client.baud, "framing": self.client.framing}, **meta)

    # ------------------------------------------------------------------ logging and the record
    def note(self, text: str) -> None:
        if self._log is not None:
            try:
                self._log.write(f"{self._clock() - self._t0:10.6f} {text}\n")
                self._log.flush()
            except (OSError, ValueError):
                pass

    def _keep(self, commands: "tuple[Command, ...]") -> None:
        for c in commands:
            self.commands.append(c)
            self.note(f"cmd  {c.name} [{c.verdict}{', CHANGES DEVICE' if c.changes_device else ''}] {c.raw.hex(' ')}"
                      + (f" ({c.note})" if c.note else ""))
            if self._record is not None:
                row = {"t": round(self._clock() - self._t0, 6), "device": self.codec.name, **c.as_dict()}
                try:
                    self._record.write(json.dumps(row) + "\n")
                    self._record.flush()
                except (OSError, ValueError):
                    pass

    # ------------------------------------------------------------------------------ the line
    def set_client(self, baud: int, framing: str) -> None:
        new = Setting(baud, framing)
        if new != self.client:
            self.client = new
            self.note(f"line client {new} / device {self.device}")

    def _set_device_baud(self, baud: int, why: str) -> None:
        if baud and baud != self.device.baud:
            self.device = Setting(baud, self.device.framing)
            self.codec.line_baud = baud
            self.note(f"line device now {self.device} ({why})")

    def from_host(self, data: bytes) -> bytes:
        """Bytes the host wrote; returns the bytes the host will read back (after physics)."""
        if not data:
            return b""
        lock = self.codec.autobaud
        if lock and self.codec.locking() and lock[0] <= self.client.baud <= lock[1]:
            self._set_device_baud(self.client.baud, "autobaud")
        seen = carry(data, self.client, self.device)
        self.note(f"h>d  {data.hex(' ')}" + _physics_note(seen, data))
        got = seen.clean if self.codec.drop_errors else seen.data
        out = self.codec.receive(got)
        self._keep(out.commands)
        self._exchange(RX, data, "; ".join(c.name for c in out.commands) or "input", received=got.hex(" "),
                       commands=[c.as_dict() for c in out.commands])
        reply = self._to_host(out.reply)
        if out.new_baud:
            self._set_device_baud(out.new_baud, "device command")
        return reply

    def tick(self) -> bytes:
        out = self.codec.tick(self._clock())
        self._keep(out.commands)
        return self._to_host(out.reply, "output")

    def _to_host(self, reply: bytes, label: str = "reply") -> bytes:
        if not reply:
            return b""
        self._exchange(TX, reply, label)
        got = carry(reply, self.device, self.client)
        self.note(f"d>h  {reply.hex(' ')}" + _physics_note(got, reply))
        return got.marked if self.mark_errors else got.data


def _physics_note(c: Carried, sent: bytes) -> str:
    from . import physics

    if physics.MODEL_ERROR:
        return f"  (line model failed, ideal line used: {physics.MODEL_ERROR})"
    if c.data == sent and c.intact:
        return ""
    return f"  -> arrives as {c.data.hex(' ') or '(nothing)'} ({c.frames} frames, {c.errors} with errors)"
