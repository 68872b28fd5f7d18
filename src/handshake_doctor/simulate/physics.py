"""The line between host and device: an adapter over the UART model in ``domains/serial/line.py``.

Why an adapter: the simulators only need "these bytes, sent with these settings, arrive as what
at the other end", and the line model may not be importable yet (it is written in parallel) or
may change shape; this is the one place that knows its API. Without it the line is ideal: bytes
arrive unchanged whatever the settings, and ``MODELLED`` says so (tests that need physics skip).

Delivery follows Linux n_tty with pyserial's default termios (INPCK, IGNBRK, BRKINT and PARMRK
off): a BREAK arrives as ``00`` and a frame with a framing or parity error as its value.
"""

from __future__ import annotations

from ..record import record

try:  # the line model is optional until it lands
    from ..domains.serial import line as _line
except ImportError:  # pragma: no cover - depends on the tree
    _line = None

MODELLED: bool = _line is not None and all(
    hasattr(_line, n) for n in ("Framing", "LineSettings", "transmit", "delivered")
)

#: set when the line model failed on a call (its API changed?): the line is then ideal
MODEL_ERROR: str = ""

_FRAMING_CHARS = {"N", "E", "O", "M", "S"}


def check_framing(text: str) -> str:
    """Normalise ``8e1`` / ``8E1`` / ``7O2`` / ``8N1.5``; raise ValueError on anything else."""
    t = text.strip().upper()
    if len(t) < 3 or t[0] not in "5678" or t[1] not in _FRAMING_CHARS or t[2:] not in ("1", "1.5", "2"):
        raise ValueError(f"framing {text!r}: expected data bits 5-8, parity N/E/O/M/S, stop bits 1/1.5/2, e.g. 8E1")
    return t


@record(frozen=True)
class Setting:
    """One end of the line: rate and framing (``8E1``)."""

    baud: int
    framing: str = "8N1"

    def __str__(self) -> str:
        return f"{self.baud} {self.framing}"


@record(frozen=True)
class Carried:
    """What the receiving end gets for one burst."""

    data: bytes  # every frame, as the application reads it (BRK as 00)
    clean: bytes  # only frames without framing/parity error or break
    frames: int
    errors: int  # frames with a framing error, parity error or break
    marked: bytes = b""  # the same frames as a reader with INPCK+PARMRK gets them (see mark())

    @property
    def intact(self) -> bool:
        return self.errors == 0


def mark(values: bytes, bad: list[bool]) -> bytes:
    """Linux n_tty with INPCK and PARMRK set (IGNPAR, ISTRIP, IGNBRK, BRKINT clear): a frame with a
    framing or parity error arrives as ``FF 00 value``, a BREAK as ``FF 00 00``, and a clean
    ``FF`` is doubled (n_tty_receive_parity_error / n_tty_receive_char in drivers/tty/n_tty.c)."""
    out = bytearray()
    for v, b in zip(values, bad):
        if b:
            out += bytes((0xFF, 0x00, v))
        elif v == 0xFF:
            out += b"\xff\xff"
        else:
            out.append(v)
    return bytes(out)


def carry(data: bytes, tx: Setting, rx: Setting, *, receiver: str = "16x", clock_error: float = 0.0) -> Carried:
    """Send ``data`` back to back with ``tx`` settings and receive it with ``rx`` settings."""
    if not data:
        return Carried(b"", b"", 0, 0)
    if (tx.baud == rx.baud and tx.framing == rx.framing) or not MODELLED:
        return Carried(bytes(data), bytes(data), len(data), 0, mark(bytes(data), [False] * len(data)))
    global MODEL_ERROR
    assert _line is not None
    try:
        frames = _line.transmit(
            bytes(data),
            _line.LineSettings(tx.baud, _line.Framing.parse(tx.framing)),
            _line.LineSettings(rx.baud, _line.Framing.parse(rx.framing)),
            receiver=receiver,
            after_error="idle",
            clock_error=clock_error,
        )
        delivered = bytes(_line.delivered(frames))
        bad = [bool(f.framing_error or f.parity_error or f.brk) for f in frames]
    except (TypeError, AttributeError, ValueError) as exc:  # the model's API moved: stay up, say so
        MODEL_ERROR = f"{type(exc).__name__}: {exc}"
        return Carried(bytes(data), bytes(data), len(data), 0, mark(bytes(data), [False] * len(data)))
    clean = bytes(f.value & 0xFF for f, b in zip(frames, bad) if not b)
    marked = mark(delivered, bad) if len(delivered) == len(bad) else delivered
    return Carried(delivered, clean, len(frames), sum(bad), marked)
