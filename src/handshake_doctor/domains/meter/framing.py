"""What the meter codecs share: the problem record, the checksum, and a streaming decoder.

Why a ``Problem`` value instead of exceptions: the codecs are fed whatever a user pasted or a
line delivered (half frames, noise, a frame of another protocol). A probe, a simulator and
``explain`` all want to know *why* bytes are not a frame and whether more bytes could make one,
never a traceback. ``need > 0`` means "a prefix of a valid frame: read more".
"""

from __future__ import annotations

from ...record import record

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time
    from typing import Any, Callable

INCOMPLETE = "incomplete"  # a valid prefix: more bytes are needed
EMPTY = "empty"


@record(frozen=True)
class Problem:
    """Why the bytes are not (yet) a frame. ``need`` > 0 only for a valid prefix."""

    reason: str  # "incomplete", "empty", "bad_start", "bad_length", "bad_stop", ...
    detail: str = ""
    offset: int = 0  # where the trouble is, in the input
    need: int = 0  # at least this many more bytes could complete the frame

    @property
    def incomplete(self) -> bool:
        return self.reason == INCOMPLETE


def sum8(data: bytes | bytearray) -> int:
    """Arithmetic sum modulo 256: the checksum of FT1.2 (M-Bus, IEC 60870-5-101) and DL/T 645."""
    return sum(data) & 0xFF


def hexs(data: bytes | bytearray) -> str:
    return " ".join(f"{b:02X}" for b in data)


def as_bytes(data: Any) -> bytes:
    """Accept bytes, bytearray, memoryview or an iterable of ints 0..255; anything else gives b""."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    try:
        return bytes(int(v) & 0xFF for v in data)
    except (TypeError, ValueError):
        return b""


class Decoder:
    """Feed bytes as they arrive; get frames and the problems that made it skip bytes.

    Why: a serial line delivers frames in pieces and with noise before them (a wake-up preamble,
    echo, a garbled byte). On a problem that is not "incomplete" the decoder drops one byte and
    tries again, so one bad byte never blocks the frames after it. The buffer is bounded.
    """

    MAX_BUFFER = 4096

    def __init__(self, parse: Callable[[bytes], Any], starts: bytes) -> None:
        self._parse = parse
        self._starts = starts  # bytes that can begin a frame: resynchronise on them
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        self._buf += as_bytes(data)
        if len(self._buf) > self.MAX_BUFFER:
            del self._buf[: len(self._buf) - self.MAX_BUFFER]
        out: list[Any] = []
        while self._buf:
            res = self._parse(bytes(self._buf))
            if isinstance(res, Problem):
                if res.incomplete:
                    break
                skip = 1
                while skip < len(self._buf) and self._buf[skip] not in self._starts:
                    skip += 1
                out.append(Problem(res.reason, f"{res.detail}; skipped {hexs(self._buf[:skip][:16])}", 0, 0))
                del self._buf[:skip]
                continue
            out.append(res)
            del self._buf[: max(1, res.length)]
        return out

    @property
    def pending(self) -> bytes:
        return bytes(self._buf)
