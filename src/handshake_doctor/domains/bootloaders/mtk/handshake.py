"""The MediaTek BootROM / preloader safe handshake and its judge. Pure: no I/O.

Requests: the start sequence A0 0A 50 05 one byte at a time (each answered by its complement),
then the read-only GET_BL_VER, GET_HW_CODE and GET_TARGET_CONFIG. A0 answered with A0 is either
an MTK left in its command phase or anything that echoes: GET_VERSION (FF) tells them apart.
"""

from __future__ import annotations

from ....device import Asked, Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, judge_all
from ....model import Finding, Fix
from . import knowledge as kb
from . import protocol as mtk

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ....transcript import Transcript

START = tuple(Request(f"MTK start byte {i + 1}/4", bytes([b]), 1) for i, b in enumerate(mtk.start_bytes()))
START_LABEL = "MTK start A0 0A 50 05"
ECHO_CHECK = Request("MTK GET_VERSION (echo check)", mtk.request(mtk.GET_VERSION), 1)
GET_BL_VER = Request("MTK GET_BL_VER", mtk.request(mtk.GET_BL_VER), 1)
GET_HW_CODE = Request("MTK GET_HW_CODE", mtk.request(mtk.GET_HW_CODE), 5)
GET_TARGET_CONFIG = Request("MTK GET_TARGET_CONFIG", mtk.request(mtk.GET_TARGET_CONFIG), 7)
PLANS = (Plan(("8N1",), frozenset({115200, 921600}), rank=4),)


def converse() -> Generator[Request, bytes, None]:
    for i, req in enumerate(START):
        got = yield req
        if got[-1:] == bytes([mtk.expected_reply(i)]):
            continue
        if got == req.data:
            yield ECHO_CHECK
        return
    yield GET_BL_VER
    yield GET_HW_CODE
    yield GET_TARGET_CONFIG


def _start(a: Attempt) -> tuple[list[Asked], bool]:
    """The start bytes asked, and whether all four got their complement."""
    starts = [x for x in a.asked if x.label.startswith("MTK start byte")]
    ok = len(starts) == len(START) and all(s.got[-1:] == bytes([mtk.expected_reply(i)]) for i, s in enumerate(starts))
    return starts, ok


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    starts, ok = _start(a)
    if not starts:
        return None
    sent = b"".join(s.sent for s in starts)
    got_all = b"".join(s.got for s in starts)
    if not ok:
        echo = a.last(ECHO_CHECK.label)
        if echo is None:
            return Unanswered(starts[-1])
        first = Asked("MTK start byte 1/4", a.line, sent, got_all)
        ver = echo.got
        if len(ver) == 1 and ver != bytes([mtk.GET_VERSION]):
            return device_finding("bootloader.mtk.echo_not_complement",
                                  f"A MediaTek device at {a.line} echoes A0 instead of answering 5F: it is still in a command session",
                                  [first, echo], a, severity="error", confidence=0.85, device="mtk", mode="echo",
                                  baud=a.baud, framing=a.framing, version=ver[0],
                                  detail=f"GET_VERSION got 0x{ver[0]:02X}, not an echo: the BROM/preloader is past its start "
                                         "sequence (an earlier tool left it there).",
                                  fixes=[Fix("Power-cycle or re-plug the device in download mode, then connect once.", "device")],
                                  sources=["mtkclient: 'Echo mismatch' when the start byte comes back unchanged (facts/serial.md §4.1)"])
        return Unanswered(first)
    start = Asked(START_LABEL, a.line, sent, got_all)
    bl_x, hw_x, cfg_x = a.last(GET_BL_VER.label), a.last(GET_HW_CODE.label), a.last(GET_TARGET_CONFIG.label)
    bl = bl_x.got if bl_x else b""
    hw = hw_x.got if hw_x else b""
    cfg = cfg_x.got if cfg_x else b""
    preloader = bool(bl) and bl[-1] != mtk.GET_BL_VER
    hw_code = int.from_bytes(hw[1:3], "big") if len(hw) >= 5 and hw[0] == mtk.GET_HW_CODE else None
    flags = mtk.parse_target_config(cfg[1:]) if cfg[:1] == bytes([mtk.GET_TARGET_CONFIG]) else None
    row = kb.chip(hw_code) if hw_code is not None else None
    mode = "preloader" if preloader else "brom"
    chip = row.chip if row else (f"hw code 0x{hw_code:04X}" if hw_code is not None else "")
    on = [k.upper() for k, v in (flags or {}).items() if v]
    auth = ("SBC/SLA/DAA off: any download agent for this chip will do, no auth file." if flags is not None and not on else
            f"{'/'.join(on)} on: " + " ".join(filter(None, (
                "SBC: images must be signed." if "SBC" in on else "",
                "SLA: the tool needs this device's auth file (or an exploit) before anything else." if "SLA" in on else "",
                "DAA: only a download agent signed for this device is accepted." if "DAA" in on else "")))
            if flags is not None else "target config not read")
    code = "bootloader.mtk.preloader" if preloader else "bootloader.mtk.brom"
    what = "preloader" if preloader else "BootROM (BROM)"
    return device_finding(code, f"A MediaTek {what} answers at {a.line}" + (f": {chip}" if chip else "") + f"; {auth}",
                          [start, *(x for x in (bl_x, hw_x, cfg_x) if x is not None)], a, device="mtk", mode=mode, baud=a.baud,
                          framing=a.framing, hw_code=hw_code, chip=chip, target_config=flags or {},
                          bl_version=bl[-1] if bl else None, sources=[row.source] if row else [])


DEVICE = SerialDevice("mtk", "mtk", PLANS, converse, judge_attempt,
                      usb_ids=tuple(r for r in kb.USB if r.mode in ("brom", "preloader")))


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
