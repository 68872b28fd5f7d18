"""A serial port behind deadlines: pyserial for paths and URLs, errors sorted by cause.

Why a wrapper: pyserial reports every open failure as ``SerialException`` with the errno
buried in a message, and its reads block for ``timeout`` per call, not for a whole step. The
probe needs (a) to know *why* an open failed (missing, permission, busy, parity refused) to
turn it into a finding, and (b) an absolute deadline for every read, so that a whole probe stays
inside ``--timeout`` whatever the peer does. Nothing here decides what the bytes mean.

Safety: this module only opens, configures, reads and closes. ``write`` exists for the active
phase and is never called by the passive listener.
"""

from __future__ import annotations

import errno as _errno
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..framing import Framing

import serial  # pyserial

#: Longest single blocking read; a deadline is checked between slices.
READ_SLICE_S = 0.05

_PARITY = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD, "M": serial.PARITY_MARK, "S": serial.PARITY_SPACE}
_STOP = {1.0: serial.STOPBITS_ONE, 1.5: serial.STOPBITS_ONE_POINT_FIVE, 2.0: serial.STOPBITS_TWO}


class PortOpenError(Exception):
    """Opening or configuring the port failed; ``kind`` says why, in the probe's words.

    kinds: "missing", "permission", "busy", "parity" (the driver refused parity or a data size),
    "not_tty" (a file that is no terminal, e.g. /dev/null), "other".
    """

    def __init__(self, kind: str, port: str, message: str, err: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.port = port
        self.errno = err


@dataclass(frozen=True)
class LineRequest:
    """What the host asks of the line: the rate and the one Framing type (framing.py)."""

    baud: int = 115200
    framing: Framing = Framing()

    @property
    def data_bits(self) -> int:
        return self.framing.data_bits

    @property
    def parity(self) -> str:
        return self.framing.parity

    @property
    def stop_bits(self) -> float:
        return self.framing.stop_bits

    @property
    def label(self) -> str:
        return f"{self.baud} {self.framing}"

    @property
    def wants_parity_or_small_size(self) -> bool:
        return not self.framing.plain


def _errno_of(exc: BaseException) -> int | None:
    """The errno behind a pyserial/termios/OS error (pyserial puts it first in ``args``)."""
    for cand in (getattr(exc, "errno", None), *(getattr(exc, "args", ()) or ())[:1]):
        if isinstance(cand, int):
            return cand
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc:
        return _errno_of(cause)
    return None


def classify_open_error(exc: BaseException, port: str, wanted_parity: bool) -> PortOpenError:
    """Sort an open/configure failure by cause. Pure: used by the tests on recorded messages."""
    err = _errno_of(exc)
    msg = str(exc)
    low = msg.lower()
    if err in (_errno.ENOENT, _errno.ENODEV, _errno.ENXIO) or "no such file" in low:
        return PortOpenError("missing", port, msg, err)
    if err in (_errno.EACCES, _errno.EPERM) or "permission denied" in low:
        return PortOpenError("permission", port, msg, err)
    if err in (_errno.EBUSY, _errno.EAGAIN) or "exclusively lock" in low or "resource busy" in low:
        return PortOpenError("busy", port, msg, err)
    if err == _errno.ENOTTY or "inappropriate ioctl" in low:
        return PortOpenError("not_tty", port, msg, err)
    if err == _errno.EINVAL and wanted_parity:
        return PortOpenError("parity", port, msg, err)
    return PortOpenError("other", port, msg, err)


class SerialPort:
    """An open port. Every read takes an absolute ``time.monotonic()`` deadline."""

    def __init__(self, ser: serial.SerialBase, name: str) -> None:
        self._ser = ser
        self.name = name
        self._marking = False

    def mark_errors(self, on: bool = True) -> bool:
        """Have line errors marked in the byte stream (INPCK + PARMRK: a frame in error reads as
        ``FF 00 x``, a BREAK as ``FF 00 00``, a data ``FF`` as ``FF FF``; decode with
        ``domains.serial.parmrk.unmark``). Returns whether the stream is now marked.

        Why: pyserial's termios hides framing errors, and they tell a wrong rate or framing
        apart. pyserial clears PARMRK on every reconfigure, so set_baud and apply_framing
        re-apply it. The in-process simulator (hsdsim://) marks the same way; other URL
        handlers cannot, and say so by returning False."""
        self._marking = bool(on)
        return self._apply_marking()

    def _apply_marking(self) -> bool:
        ser = self._ser
        if isinstance(getattr(type(ser), "mark_errors", None), property):  # the hsdsim handler
            ser.mark_errors = self._marking  # type: ignore[attr-defined]
            return self._marking
        fd = getattr(ser, "fd", None)
        if not isinstance(fd, int):
            return False
        import termios

        try:
            attrs = termios.tcgetattr(fd)
            if self._marking:
                attrs[0] |= termios.INPCK | termios.PARMRK
                attrs[0] &= ~(termios.IGNPAR | termios.ISTRIP | termios.IGNBRK | termios.BRKINT)
            else:
                attrs[0] &= ~(termios.INPCK | termios.PARMRK)
            termios.tcsetattr(fd, termios.TCSANOW, attrs)
        except (termios.error, OSError):
            return False
        return self._marking

    @property
    def raw(self) -> serial.SerialBase:
        return self._ser

    def set_baud(self, baud: int) -> None:
        self._ser.baudrate = baud
        if self._marking:
            self._apply_marking()

    def apply_framing(self, req: LineRequest) -> None:
        """Ask for data bits, parity and stop bits *on the open port*.

        Why after open: pyserial silently drops parity on a pty when it is given at open time,
        but a change on an open port goes through tcsetattr's read-back and fails with EINVAL
        (facts/serial.md §1.2). Raises PortOpenError("parity") then.
        """
        ser = self._ser
        saved = (ser.bytesize, ser.parity, ser.stopbits)
        try:
            ser.bytesize = req.data_bits
            ser.parity = _PARITY[req.parity]
            ser.stopbits = _STOP[float(req.stop_bits)]
            if self._marking:
                self._apply_marking()
        except Exception as exc:  # termios.error is not an OSError subclass
            self._restore(saved)
            if isinstance(exc, (serial.SerialException, OSError, ValueError)) or type(exc).__module__ == "termios":
                raise classify_open_error(exc, self.name, req.wants_parity_or_small_size) from None
            raise

    def _restore(self, saved: tuple[int, str, float]) -> None:
        """Put the refused settings back. Why private attributes: pyserial keeps a refused value
        and re-sends it on every later reconfigure (even a timeout change), so each property
        setter would fail again; the three fields are restored together, then applied once."""
        ser = self._ser
        ser._bytesize, ser._parity, ser._stopbits = saved  # type: ignore[attr-defined]
        try:
            if ser.is_open:
                ser._reconfigure_port()  # type: ignore[attr-defined]
        except Exception:
            pass

    def discard_input(self) -> None:
        try:
            self._ser.reset_input_buffer()
        except (serial.SerialException, OSError):
            pass

    def read_for(self, deadline: float, max_bytes: int = 65536, quiet_after: float | None = None,
                 enough: Callable[[bytes], bool] | None = None) -> bytes:
        """Read until ``deadline``, ``max_bytes``, (when given) ``quiet_after`` seconds with no
        new byte once something has arrived, or until ``enough(bytes so far)`` says the capture
        already settles the question. Never blocks past the deadline by more than one slice
        (READ_SLICE_S; the port's timeout is set once at open: changing it re-runs tcsetattr)."""
        buf = bytearray()
        last = time.monotonic()
        while len(buf) < max_bytes:
            now = time.monotonic()
            left = deadline - now
            if left <= 0:
                break
            if quiet_after is not None and buf and now - last >= quiet_after:
                break
            try:
                chunk = self._ser.read(min(4096, max_bytes - len(buf)))
            except (serial.SerialException, OSError):
                break  # the peer went away (EIO on a pty whose master closed): keep what we have
            if chunk:
                buf += chunk
                last = time.monotonic()
                if enough is not None and enough(bytes(buf)):
                    break
        return bytes(buf)

    def write(self, data: bytes, deadline: float) -> int:
        """For the active phase only (handshake and read-only bytes)."""
        self._ser.write_timeout = max(0.001, deadline - time.monotonic())
        try:
            return int(self._ser.write(data) or 0)
        except serial.SerialTimeoutException:
            return 0

    def close(self) -> None:
        try:
            self._ser.close()
        except Exception:  # closing must never turn a diagnosis into a traceback
            pass

    def __enter__(self) -> SerialPort:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _register_url_handlers() -> None:
    """Let pyserial find project URL handlers (``hsdsim://``) when the simulator package exists."""
    try:
        import importlib.util

        if importlib.util.find_spec("handshake_doctor.simulate") is None:
            return
    except (ImportError, ValueError):
        return
    for pkg in ("handshake_doctor.simulate",):
        if pkg not in serial.protocol_handler_packages:
            serial.protocol_handler_packages.append(pkg)


def open_port(where: str, req: LineRequest, *, is_url: bool = False, exclusive: bool = True) -> SerialPort:
    """Open a device path or a pyserial URL at ``req.baud`` 8N1; framing is applied separately
    (:meth:`SerialPort.apply_framing`) so that a refused parity is told apart from a failed open.

    ``exclusive`` takes pyserial's flock: a second exclusive opener (another flasher, a terminal
    with locking) makes this fail as "busy" instead of silently sharing bytes.
    """
    try:
        if is_url:
            _register_url_handlers()
            ser = serial.serial_for_url(where, baudrate=req.baud, timeout=READ_SLICE_S, do_not_open=True)
            ser.open()
        else:
            if not os.path.exists(where) and not os.path.islink(where):
                raise PortOpenError("missing", where, f"{where}: no such file or directory", _errno.ENOENT)
            ser = serial.Serial(None, baudrate=req.baud, timeout=READ_SLICE_S, exclusive=exclusive)
            ser.port = where
            ser.open()
    except PortOpenError:
        raise
    except (serial.SerialException, OSError, ValueError) as exc:
        raise classify_open_error(exc, where, False) from None
    return SerialPort(ser, where)
