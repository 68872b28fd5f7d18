"""The vocabulary every device codec speaks: what came in, what goes out, and what was asked.

Pure (no I/O). Why a shared record of commands: the safety rule "probes never write" is checked
by asserting on these records, so every codec must report every command in the same shape,
including the ones it refused.
"""

from __future__ import annotations

from ..record import field, record

#: verdicts of a recorded command
ANSWERED = "answered"
REFUSED = "refused"
IGNORED = "ignored"


@record(frozen=True)
class Command:
    """One request a device received, named as its protocol names it."""

    name: str
    raw: bytes
    verdict: str = ANSWERED  # answered | refused | ignored
    changes_device: bool = False  # a write/erase/go/jump/unlock request (always refused)
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "raw": self.raw.hex(" "),
            "verdict": self.verdict,
            "changes_device": self.changes_device,
            "note": self.note,
        }


@record(frozen=True)
class Output:
    """What a codec answers to one chunk of input: bytes for the host, commands for the record."""

    reply: bytes = b""
    commands: tuple[Command, ...] = field(default_factory=tuple)
    #: a new line rate the device adopts *after* this reply (autobaud, CHANGE_BAUDRATE); 0 = keep
    new_baud: int = 0


NOTHING = Output()


def merge(outputs: "list[Output]") -> Output:
    """Join the outputs of several small steps into one (replies in order)."""
    if not outputs:
        return NOTHING
    baud = 0
    for o in outputs:
        if o.new_baud:
            baud = o.new_baud
    return Output(
        b"".join(o.reply for o in outputs),
        tuple(c for o in outputs for c in o.commands),
        baud,
    )


class Codec:
    """The shape of a device codec (sans-I/O): feed bytes, get an ``Output``; ``tick`` for talkers.

    Why the line attributes live here: they are facts about the device (its rate, framing, and
    whether it measures the host's rate), which the transport needs to apply line physics.
    """

    name: str = "device"
    default_baud: int = 115200
    framing: str = "8N1"
    #: (lowest, highest) rate the device can lock to by measuring the host, or None (fixed rate)
    autobaud: "tuple[int, int] | None" = None
    #: a real UART receiver that discards frames with framing/parity errors (STM32 USART)
    drop_errors: bool = False
    #: the rate the device currently runs at, kept up to date by the transport (a ROM can report it)
    line_baud: int = 0

    def locking(self) -> bool:
        """True while the next byte would be measured to set the rate (autobaud)."""
        return False

    def receive(self, data: bytes) -> Output:
        raise NotImplementedError

    def tick(self, now: float) -> Output:
        """Spontaneous output at time ``now`` (seconds, any monotonic origin)."""
        return NOTHING
