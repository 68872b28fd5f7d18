"""IEC 62056-21 (optical D0 meter port) safe handshake and its judge. Pure: no I/O.

The sign-on request '/?!' CR LF only, at 300 baud 7E1 (where every optical port starts), late:
the acknowledgement that would follow changes the rate and can enter programming mode, so it is
never sent.
"""

from __future__ import annotations

from ...device import Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, judge_all
from ...model import Finding, Fix, Snippet
from . import iec62056_21

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ...transcript import Transcript

SIGN_ON = Request("IEC 62056-21 sign-on", iec62056_21.request(), 24)
PLANS = (Plan(("7E1",), frozenset({300}), rank=11, late=True),)


def converse() -> Generator[Request, bytes, None]:
    yield SIGN_ON


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    ex = a.last(SIGN_ON.label)
    if ex is None:
        return None
    ident = iec62056_21.parse_identification(ex.got)
    if ident is None:
        return Unanswered(ex)
    return device_finding(
        "meter.iec62056_21", f"An IEC 62056-21 meter (optical D0 port) answers the sign-on at {a.line}: {ident.summary}",
        [ex], a, device="iec62056", mode=f"mode {ident.mode}", baud=a.baud, framing=a.framing,
        manufacturer=ident.manufacturer, identification=ident.ident, baud_char=ident.baud_char,
        protocol_mode=ident.mode, max_baud=ident.max_baud,
        detail=("The meter stays silent until it gets '/?!' CR LF at 300 baud, 7 data bits, even parity: a host at "
                "another rate or at 8N1 gets nothing, or its text with bit 7 set on half the characters. "
                + (f"After the sign-on it offers {ident.max_baud} baud: acknowledge with ACK 0 {ident.baud_char} 0 CR LF "
                   "(data readout) and switch the host to that rate." if ident.mode != "A" else "It offers no rate change (mode A).")),
        fixes=[Fix("Open the port at 300 baud 7E1 and send the sign-on before anything else.", "user",
                   snippets=(Snippet("pyserial", "s = serial.Serial(PORT, 300, bytesize=7, parity='E', stopbits=1, timeout=2)\n"
                                                  "s.write(b'/?!\\r\\n'); print(s.readline())"),))],
        sources=[iec62056_21.SOURCE])


DEVICE = SerialDevice("iec62056", "iec62056", PLANS, converse, judge_attempt)


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
