"""The Hayes AT modem's safe handshake ("AT", nothing else) and its judge. Pure: no I/O.

Asked at 8N1 at every candidate rate first (it is the cheapest request, and modems autobaud on
AT), and at 7E1 late, at the rates 7E1 equipment keeps to: an 8N1 "AT" reaches a 7E1 modem with
parity errors and gets no answer.
"""

from __future__ import annotations

from ...device import Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, judge_all
from ...model import Finding
from . import sim_modem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ...transcript import Transcript

#: a leading CR ends whatever line noise from an earlier rate left in the modem's buffer
AT = Request("AT", b"\r" + sim_modem.command("AT"), 12)
PLANS = (Plan(("8N1",), None, rank=0), Plan(("7E1",), frozenset({9600, 19200, 2400}), rank=10, late=True))
_SEVEN_BIT_AT = ("It answered with 7 data bits, not 8: set the host to 7 data bits with parity. Which parity (even or odd) "
                 "is not proven by this answer: the host's UART strips the parity bit, and many modems take the parity "
                 "from the 'AT' they receive.")


def converse() -> Generator[Request, bytes, None]:
    yield AT


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    ex = a.last(AT.label)
    if ex is None:
        return None
    result = sim_modem.parse_result(ex.got)
    if result not in ("OK", "0"):
        return Unanswered(ex)
    echo = ex.got.startswith(ex.sent)
    return device_finding("serial.modem_at", f"A Hayes AT modem answers at {a.line} ({result}{', command echo on' if echo else ''})",
                          [ex], a, device="modem", mode="echo-on" if echo else "echo-off",
                          baud=a.baud, framing=a.framing, result=result,
                          detail=(("The modem echoes each command before its result (ATE1); a host that expects the "
                                   "result first reads its own command. Send ATE0 to turn echo off. " if echo else "")
                                  + (_SEVEN_BIT_AT if a.framing.startswith("7") else "")).strip())


DEVICE = SerialDevice("at", "modem", PLANS, converse, judge_attempt, general=True)


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
