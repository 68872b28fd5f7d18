"""pyserial URL handler for ``hsdsim://`` (found through ``serial.protocol_handler_packages``;
call ``handshake_doctor.simulate.url.register()`` first).

Why no thread: the device runs inside ``write`` (its answer is computed at once and queued) and
inside ``read`` (a talking device's periodic output is produced as time passes), so the handler
is deterministic and leaves nothing running after ``close``. A ``timeout=None`` read waits at
most ``MAX_BLOCK`` seconds: a silent simulated device must not hang a test.
"""

from __future__ import annotations

import time

import serial
from serial.serialutil import PortNotOpenError, SerialBase, SerialException

from .events import Command
from .physics import Setting
from .session import Session

MAX_BLOCK = 10.0
_STOP = {serial.STOPBITS_ONE: "1", serial.STOPBITS_ONE_POINT_FIVE: "1.5", serial.STOPBITS_TWO: "2"}


class Serial(SerialBase):
    """A simulated device on the other end of an in-process line."""

    session: Session | None = None

    def open(self) -> None:
        if self._port is None:
            raise SerialException("Port must be configured before it can be used.")
        if self.is_open:
            raise SerialException("Port is already open.")
        from .url import parse_url

        try:
            _name, args, module = parse_url(self.portstr)
        except ValueError as exc:
            raise SerialException(f"hsdsim: {exc}") from None
        try:
            codec = module.build(args)  # type: ignore[attr-defined]
        except ValueError as exc:
            raise SerialException(f"hsdsim: {exc}") from None
        self.session = Session(codec, baud=args.baud, framing=args.framing)
        self._rx = bytearray()
        self.is_open = True
        self._reconfigure_port()
        self.reset_input_buffer()

    def close(self) -> None:
        self.is_open = False

    def from_url(self, url: str) -> str:
        return url

    def _reconfigure_port(self) -> None:
        if self.session is None or not self.is_open:
            return
        parity = str(self._parity)[:1] or "N"
        framing = f"{self._bytesize}{parity}{_STOP.get(self._stopbits, '1')}"
        self.session.set_client(int(self._baudrate), framing)

    # --------------------------------------------------------------------------- what tests read
    @property
    def record(self) -> list[Command]:
        """Every command the simulated device received, in order."""
        return list(self.session.commands) if self.session else []

    @property
    def client(self) -> Setting | None:
        return self.session.client if self.session else None

    @property
    def device(self) -> Setting | None:
        return self.session.device if self.session else None

    # ------------------------------------------------------------------------------- data path
    @property
    def mark_errors(self) -> bool:
        """Deliver line errors as a Linux reader with INPCK+PARMRK gets them (``FF 00 x``)."""
        return bool(self.session and self.session.mark_errors)

    @mark_errors.setter
    def mark_errors(self, on: bool) -> None:
        if self.session is not None:
            self.session.mark_errors = bool(on)

    def _pump(self) -> None:
        assert self.session is not None
        self._rx += self.session.tick()

    @property
    def in_waiting(self) -> int:
        if not self.is_open:
            raise PortNotOpenError()
        self._pump()
        return len(self._rx)

    def read(self, size: int = 1) -> bytes:
        if not self.is_open:
            raise PortNotOpenError()
        wait = MAX_BLOCK if self._timeout is None else max(0.0, float(self._timeout))
        deadline = time.monotonic() + wait
        while True:
            self._pump()
            if len(self._rx) >= size or time.monotonic() >= deadline:
                break
            time.sleep(min(0.002, max(0.0, deadline - time.monotonic())))
        out = bytes(self._rx[:size])
        del self._rx[:size]
        return out

    def write(self, data: bytes) -> int:
        if not self.is_open:
            raise PortNotOpenError()
        assert self.session is not None
        data = bytes(data)
        self._rx += self.session.from_host(data)
        return len(data)

    def reset_input_buffer(self) -> None:
        if not self.is_open:
            raise PortNotOpenError()
        self._pump()
        self._rx.clear()

    def reset_output_buffer(self) -> None:
        if not self.is_open:
            raise PortNotOpenError()

    @property
    def out_waiting(self) -> int:
        return 0

    def _update_break_state(self) -> None:
        if self.is_open and self._break_state and self.session is not None:
            self.session.note("h>d  BREAK")

    def _update_rts_state(self) -> None:
        pass

    def _update_dtr_state(self) -> None:
        pass

    @property
    def cts(self) -> bool:
        return True

    @property
    def dsr(self) -> bool:
        return True

    @property
    def ri(self) -> bool:
        return False

    @property
    def cd(self) -> bool:
        return True
