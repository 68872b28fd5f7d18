"""The STK500v1 (Optiboot, avrdude -c arduino) safe handshake and its judge. Pure: no I/O.

Requests: GET_SYNC 30 20 (up to three times, as avrdude does; a CRC_EOP 20 between tries puts an
out-of-step loader back on a command boundary), then READ_SIGN 75 20 (read-only). Asked at 8N1
at Optiboot's and the older boards' rates.
"""

from __future__ import annotations

from ....device import Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, is_text, judge_all
from ....model import Finding, Fix
from . import knowledge as kb
from . import protocol as stk

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ....transcript import Transcript

GET_SYNC = Request("STK500 GET_SYNC", stk.request(stk.GET_SYNC), 2)
RESYNC = Request("STK500 CRC_EOP (resync)", bytes([stk.CRC_EOP]), 2)
READ_SIGN = Request("STK500 READ_SIGN", stk.request(stk.READ_SIGN), 5)
#: Optiboot, old ATmega168/Nano, Duemilanove
PLANS = (Plan(("8N1",), frozenset({115200, 57600, 19200}), rank=2),)
_IN_SYNC = bytes([stk.INSYNC, stk.OK])


def converse() -> Generator[Request, bytes, None]:
    got = b""
    for attempt in range(3):  # avrdude also repeats GET_SYNC: the first may meet a half-read command
        got = yield GET_SYNC
        if stk.NOSYNC not in got:  # only an out-of-step answer is worth a repeat
            break
        if attempt < 2:
            # out of step: an earlier probe byte was taken as a command that still waits for its
            # CRC_EOP; give it one so the next GET_SYNC starts on a command boundary
            yield RESYNC
    if got.endswith(_IN_SYNC):
        yield READ_SIGN


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    sync = a.last(GET_SYNC.label)
    if sync is None:
        return None
    if not sync.got.endswith(_IN_SYNC):
        return Unanswered(sync)
    read = a.last(READ_SIGN.label)
    sig = stk.parse_signature(read.got) if read else None
    part = ""
    sources: list[str] = []
    if sig is not None:
        row = kb.signature(int.from_bytes(sig, "big"))
        part = row.part if row else ""
        sources = [row.source] if row else []
    what = f"signature {sig.hex(' ').upper()}" + (f" = {part}" if part else "") if sig else "signature not read"
    return device_finding("bootloader.avr.found", f"An STK500v1 bootloader (Optiboot) answers at {a.line}: {what}",
                          [x for x in (sync, read) if x is not None], a, device="avr", mode="bootloader", baud=a.baud,
                          framing=a.framing, signature=sig.hex() if sig else "", part=part,
                          fixes=[Fix(f"avrdude -c arduino -b {a.baud} -P PORT -p {part or 'PART'}", "user")],
                          sources=["Atmel AVR061 (STK500 protocol)", *sources])


def judge_text(a: Attempt, sample: str) -> Finding | None:
    """--expect avr and the device prints text: GET_SYNC got the sketch's text back."""
    sync = a.last(GET_SYNC.label)
    if sync is None or not is_text(sync.got):
        return None
    return device_finding("bootloader.avr.sketch_running",
                          f"An application answers STK500 GET_SYNC with its own text at {a.line}: a running sketch, not the bootloader",
                          [sync], a, confidence=0.6, role="cause", device="avr", mode="sketch", baud=a.baud, framing=a.framing,
                          detail="avrdude would print 'not in sync: resp=0x..' with the first text byte.",
                          fixes=[Fix("Reset the board right before uploading (DTR/auto-reset, or press reset), or burn a bootloader.", "device")],
                          sources=["avrdude 7.1 stk500_getsync (facts/serial.md §3.1, §4.4)"])


#: asked of a printing device when the user named none: Arduino-style boards print from their sketch
DEVICE = SerialDevice("avr", "avr", PLANS, converse, judge_attempt, general=True, judge_text=judge_text, text_prober=True)


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
