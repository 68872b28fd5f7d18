"""DL/T 645-2007 safe handshake (read communication address, C=13, to the wildcard AA..AA) and
its judge. Pure: no I/O. Asked at 8E1 at 2400 and 9600; 1200 only late.
"""

from __future__ import annotations

from ...device import Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, judge_all
from ...model import Finding
from . import dlt645

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ...transcript import Transcript

READ_ADDRESS = Request("DL/T 645 read address", dlt645.read_address(preamble=4), 24)
PLANS = (Plan(("8E1",), frozenset({2400, 9600}), rank=6), Plan(("8E1",), frozenset({1200}), rank=13, late=True))


def converse() -> Generator[Request, bytes, None]:
    yield READ_ADDRESS


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    ex = a.last(READ_ADDRESS.label)
    if ex is None:
        return None
    got = ex.got
    start = got.find(bytes([dlt645.START]))
    frame = dlt645.parse(got[start:]) if start >= 0 else None
    if frame is None or not isinstance(frame, dlt645.DLT645Frame) or not frame.is_reply or got == ex.sent:
        return Unanswered(ex)
    return device_finding("meter.dlt645", f"A DL/T 645 meter answers at {a.line}: address {frame.address_text}",
                          [ex], a, device="dlt645", mode="meter", baud=a.baud, framing=a.framing,
                          address=frame.address_text, checksum_ok=frame.checksum_ok,
                          sources=["DL/T 645-2007 §7 (read communication address, C=13)"])


DEVICE = SerialDevice("dlt645", "dlt645", PLANS, converse, judge_attempt)


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
