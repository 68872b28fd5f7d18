"""A device that talks instead of handshaking: a running sketch, a console, a boot log. Sans-I/O.

Why it exists: the commonest "handshake failed" is a bootloader that is not running, and what
the host then reads is the application's text (``hello`` gives avrdude's ``resp=0x68``, facts/
serial.md §3.2). Input is recorded and otherwise ignored, as an application ignores a flasher.
"""

from __future__ import annotations

from ...device import ANSWERED, IGNORED, NOTHING, Codec, Command, Output


class Talker(Codec):
    """Prints ``banner`` once, then ``text`` every ``period`` seconds (period 0: only the banner);
    with ``answer``, each input is answered with that text (a command-line program that says
    "unknown command" to whatever it is sent, and prints nothing on its own)."""

    name = "chatter"

    def __init__(self, text: bytes = b"hello\r\n", *, period: float = 0.5, banner: bytes = b"",
                 baud: int = 115200, framing: str = "8N1", name: str = "chatter", answer: bytes = b"") -> None:
        self.text = text
        self.answer = answer
        self.period = period
        self.banner = banner
        self.default_baud = baud
        self.framing = framing
        self.name = name
        self._next: float | None = None

    def receive(self, data: bytes) -> Output:
        if not data:
            return NOTHING
        if self.answer:
            return Output(self.answer, (Command("input (answered with text)", bytes(data), ANSWERED),))
        return Output(b"", (Command("input (ignored by a running application)", bytes(data), IGNORED),))

    def tick(self, now: float) -> Output:
        if self._next is None:
            self._next = now + self.period
            first = self.banner or (self.text if self.period > 0 else b"")
            return Output(first)
        if self.period > 0 and self.text and now >= self._next:
            self._next = max(self._next + self.period, now)
            return Output(self.text)
        return NOTHING


BOOT_BANNER = (
    b"\r\nU-Boot 2023.01 (simulated)\r\n\r\nDRAM:  512 MiB\r\nHit any key to stop autoboot:  0\r\n"
    b"Starting kernel ...\r\n\r\nsimulated login: "
)


def chatter(*, period: float = 1.0) -> Talker:
    """A console: a boot banner, then ``hello`` lines."""
    return Talker(b"hello\r\n", period=period, banner=BOOT_BANNER, name="chatter")
