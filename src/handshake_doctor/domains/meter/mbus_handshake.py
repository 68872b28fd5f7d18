"""M-Bus (EN 13757-2) safe handshake and its judge. Pure: no I/O.

Requests: SND_NKE to the broadcast-with-reply address FE (answered by the single character E5),
then REQ_UD2 (a read of class 2 user data). Asked at 8E1 at the rates M-Bus uses; 300 baud only
late, after every other probe (each request costs a few hundred milliseconds there).
"""

from __future__ import annotations

from ...device import Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, judge_all
from ...model import Finding
from . import mbus

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ...transcript import Transcript

SND_NKE = Request("M-Bus SND_NKE", mbus.snd_nke(0xFE), 1)
#: REQ_UD2 only reads (class 2 user data); its answer shows the 0x68 a foreign host trips over
REQ_UD2 = Request("M-Bus REQ_UD2 (read)", mbus.req_ud2(0xFE), 64)
PLANS = (Plan(("8E1",), frozenset({2400, 9600}), rank=5), Plan(("8E1",), frozenset({300}), rank=12, late=True))


def _acked(got: bytes) -> bool:
    return got[-1:] == bytes([mbus.ACK]) and not (len(got) > 1 and got == SND_NKE.data)


def converse() -> Generator[Request, bytes, None]:
    got = yield SND_NKE
    if _acked(got):
        yield REQ_UD2


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    nke = a.last(SND_NKE.label)
    if nke is None:
        return None
    if not _acked(nke.got):
        return Unanswered(nke)
    read = a.last(REQ_UD2.label)
    reply = read.got if read else b""
    start = reply.find(bytes([mbus.LONG_START]))
    frame = mbus.parse(reply[start:]) if start >= 0 else None
    header = mbus.decode_rsp_ud(frame) if isinstance(frame, mbus.MBusFrame) else None
    extra: dict[str, object] = {}
    summary = f"An M-Bus meter acknowledges SND_NKE (E5) at {a.line}"
    detail = ("Its data replies are long frames that begin 68 L L 68: a host expecting another protocol "
              "reads 0x68 as an 'unexpected response'.")
    if isinstance(header, mbus.RspUd) and isinstance(frame, mbus.MBusFrame):
        summary = (f"An M-Bus meter answers at {a.line}: {header.medium_name} meter, "
                   f"manufacturer {header.manufacturer}, id {header.ident}")
        detail = (f"SND_NKE got E5, REQ_UD2 got a long frame starting 0x68 (RSP_UD, CI 72, checksum "
                  f"{'ok' if frame.checksum_ok else 'WRONG'}). 0x68 is the start byte of every M-Bus long frame: "
                  "a host expecting another protocol reads it as an 'unexpected response 0x68'.")
        extra = {"ident": header.ident, "manufacturer": header.manufacturer, "medium": header.medium_name,
                 "address": frame.a, "checksum_ok": frame.checksum_ok}
    return device_finding("meter.mbus", summary, [nke, read] if extra and read else [nke], a,
                          device="mbus", mode="slave", baud=a.baud, framing=a.framing,
                          detail=detail, sources=["EN 13757-2 (SND_NKE, single character E5; REQ_UD2 -> RSP_UD long frame 68 L L 68)",
                                                   "EN 13757-3 §6 (CI 72 fixed header)"], **extra)


DEVICE = SerialDevice("mbus", "mbus", PLANS, converse, judge_attempt)


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
