"""The vocabulary every device codec speaks: what came in, what goes out, and what was asked.

Pure (no I/O). Why a shared record of commands: the safety rule "probes never write" is checked
by asserting on these records, so every codec must report every command in the same shape,
including the ones it refused.
"""

from __future__ import annotations

from .record import field, record

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


# ------------------------------------------------------------------ asking devices on a line
# Why here, in the core: every device package (boot loaders, meters, the AT modem) declares its
# safe requests and judges its own answers with these types, and the serial search drives them
# all through the device table (registry.SERIAL_DEVICES) without importing any of them by name.
# A probe is: transport + requests + recorder -> Transcript -> judges -> findings.

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time
    from typing import Callable, Generator, Iterable

    from .model import Finding, Fix
    from .transcript import Transcript

#: what every device finding from a live or replayed exchange names as its first source
OBSERVED = "observed by this probe (active phase); request bytes from the codec's host-side encoder"
_TEXT_BYTES = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


@record(frozen=True)
class Request:
    """One safe request as data: its label in the transcript, its bytes, and the reply size that
    sizes the read window. Built only by the codecs' host-side encoders (which refuse anything
    that writes, erases, jumps or unlocks)."""

    label: str
    data: bytes
    expect: int = 8


@record(frozen=True)
class Plan:
    """Where a device is asked: framings in the order tried, the rates (None = every candidate
    rate), and the rank among every device's plans (cheapest, commonest first). ``late`` plans
    run only after every early plan at every rate went unanswered."""

    framings: tuple[str, ...]
    rates: frozenset[int] | None
    rank: float
    late: bool = False


@record(frozen=True)
class Asked:
    """One request and what came back, at one line setting (a pair of transcript exchanges)."""

    label: str
    line: str  # "115200 8N1"
    sent: bytes
    got: bytes

    @property
    def probe(self) -> str:  # the name the active phase's exchanges had
        return self.label

    def evidence(self, where: str) -> list[object]:
        from .model import Evidence

        return [Evidence("bytes", self.sent.hex(" ").upper(), where, f"{self.label}: sent at {self.line}"),
                Evidence("bytes", self.got.hex(" ").upper() or "(nothing)", where, f"{self.label}: received at {self.line}")]

    def as_dict(self) -> dict[str, str]:
        return {"probe": self.label, "line": self.line, "sent": self.sent.hex(" "), "got": self.got.hex(" ")}


@record(frozen=True)
class Attempt:
    """One conversation with one device at one line setting, as the judge sees it."""

    device: str
    baud: int
    framing: str
    where: str
    asked: tuple[Asked, ...]
    is_pty: bool = False
    mode: str = ""  # "" (the search) or "text" (asked while the device prints text)
    number: int = 0

    @property
    def line(self) -> str:
        return f"{self.baud} {self.framing}"

    def last(self, label_prefix: str = "") -> Asked | None:
        return next((a for a in reversed(self.asked) if a.label.startswith(label_prefix)), None)


@record(frozen=True)
class Unanswered:
    """The device's handshake got no answer of its protocol; ``reply`` is what came back instead
    (the serial judge reads text and echoes from it)."""

    reply: Asked


@record(frozen=True)
class SerialDevice:
    """A device the serial search can ask: one row of the device table, declared by its package.

    ``converse`` is a pure conversation: a generator that yields Requests and receives each reply
    (it decides the follow-up, e.g. GET_ID after an ACK). ``judge`` reads one Attempt and returns
    a Finding (the device answered), Unanswered (its handshake got no answer of its protocol), or
    None (something answered, but not certainly this device).
    The optional hooks tell the device's story when the device prints text instead:
    ``claims_text`` (this text is mine: an ESP boot log) with ``judge_claimed`` (the verdict
    then), ``judge_text`` (the verdict of its handshake asked of a printing device when --expect
    named it), ``judge_absent`` (--expect named it and no attempt answered). ``text_prober``: asked of a printing device when the user named no device.
    """

    name: str  # the request labels' owner, "stm32"
    expect: str  # the --expect name, "stm32" ("modem" for the AT probe)
    plans: tuple[Plan, ...]
    converse: Callable[[], Generator[Request, bytes, None]]
    judge: Callable[[Attempt], object]
    #: asked at the rate the passive phase suggested even when that is not one of its own rates
    general: bool = False
    claims_text: Callable[[str], bool] | None = None
    judge_claimed: Callable[[Attempt, str], Finding | None] | None = None
    judge_text: Callable[[Attempt, str], Finding | None] | None = None
    judge_absent: Callable[[list[Attempt]], Finding | None] | None = None
    text_prober: bool = False
    #: USB ids the device enumerates with itself (a boot ROM's own port), rows with vid, pid,
    #: note, mode ("brom", "preloader") and source: the port search names them
    usb_ids: tuple[object, ...] = ()


def is_text(data: bytes) -> bool:
    """Readable text, not printable-looking noise from a rate mismatch: a word of 3+ letters too."""
    from .knowledge.table import rx

    if len(data) < 4 or sum(b in _TEXT_BYTES for b in data) < 0.9 * len(data):
        return False
    return rx(r"[A-Za-z]{3}").search(data.decode("latin-1")) is not None


def attempts(transcript: Transcript, device: str | None = None) -> list[Attempt]:
    """The conversations in a transcript (of one device, when named), in order. Each request is
    a TX exchange and its reply the RX exchange after it, with the same label and ``attempt``."""
    out: list[Attempt] = []
    by_number: dict[int, list[Asked]] = {}
    heads: dict[int, tuple[str, int, str, str]] = {}
    pending: dict[int, tuple[str, str, bytes]] = {}
    for e in transcript.exchanges:
        n = e.meta.get("attempt")
        baud, framing = e.settings.get("baud", 0), e.settings.get("framing", "8N1")
        if not isinstance(n, int) or e.kind != "raw" or not isinstance(baud, int) or not isinstance(framing, str):
            continue  # not a request or a reply of a conversation (a listening window, a hand-edited row)
        name = str(e.meta.get("device", ""))
        line = f"{baud} {framing}"
        if n not in heads:
            heads[n] = (name, baud, framing, str(e.meta.get("mode", "")))
            by_number[n] = []
        if e.direction == "tx":
            pending[n] = (e.label, line, e.data)
        elif n in pending:
            label, ln, sent = pending.pop(n)
            by_number[n].append(Asked(label, ln, sent, e.data))
    where = str(transcript.meta.get("where", transcript.local or transcript.origin))
    is_pty = bool(transcript.meta.get("is_pty", False))
    for n in sorted(heads):
        name, baud, framing, mode = heads[n]
        if device is None or name == device:
            out.append(Attempt(name, baud, framing, where, tuple(by_number[n]), is_pty, mode, n))
    return out


def judge_all(transcript: Transcript, device: SerialDevice) -> list[Finding]:
    """A device's findings in a transcript: the verdict of each of its search attempts."""
    found: list[Finding] = []
    for a in attempts(transcript, device.name):
        if a.mode:
            continue
        v = device.judge(a)
        if v is not None and not isinstance(v, Unanswered):
            found.append(v)  # type: ignore[arg-type]
    return found


def device_finding(code: str, summary: str, asked: Iterable[Asked], attempt: Attempt, *, severity: str = "info",
                   confidence: float = 0.95, detail: str = "", fixes: list[Fix] | None = None,
                   sources: list[str] | None = None, role: str = "", **data: object) -> Finding:
    """A finding about what answered (or failed to) on the line, with the bytes as evidence and the
    line settings under the same keys for every device (docs/JSON.md: baud, framing)."""
    from .model import Finding

    ex = list(asked)
    ev: list[object] = []
    for e in ex[-4:]:
        ev += e.evidence(attempt.where)
    line_text = str(data.get("line") or (ex[0].line if ex else attempt.line))
    rate, _, framing = line_text.partition(" ")
    if "baud" not in data and rate.isdigit():
        data["baud"], data["framing"] = int(rate), framing or "8N1"
    return Finding(code=code, domain=code.split(".")[0], summary=summary, detail=detail, severity=severity,  # type: ignore[arg-type]
                   confidence=confidence, evidence=ev, fixes=fixes or [], sources=[OBSERVED, *(sources or [])], role=role,  # type: ignore[arg-type]
                   data={**data, "exchanges": [e.as_dict() for e in ex[-6:]]})
