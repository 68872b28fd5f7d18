"""The Espressif ROM loader's safe handshake (esptool SYNC, READ_REG of the chip magic) and its
judge; also what an ESP's ROM boot log means. Pure: no I/O.
"""

from __future__ import annotations

from ....device import Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, judge_all
from ....model import Finding, Fix
from . import knowledge as kb
from . import protocol as esp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ....transcript import Transcript

CHIP_MAGIC_REG = 0x40001000
SYNC = Request("esptool SYNC", esp.sync_request(), 96)
READ_MAGIC = Request("esptool READ_REG 0x40001000", esp.read_reg_request(CHIP_MAGIC_REG), 16)
PLANS = (Plan(("8N1",), frozenset({115200}), rank=3),)
#: what the ROM prints when it boots from flash (facts/serial.md §3.1)
BOOT_LOG = ("ets ", "rst:0x", "boot:0x", "rst cause:")


def _synced(got: bytes) -> bool:
    packets, _rest = esp.SlipDecoder().feed(got)
    return any((r := esp.parse_response(p)) is not None and r[0] == esp.SYNC for p in packets)


def converse() -> Generator[Request, bytes, None]:
    got = yield SYNC
    if _synced(got):
        yield READ_MAGIC


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    sync = a.last(SYNC.label)
    if sync is None:
        return None
    if not _synced(sync.got):
        return Unanswered(sync)
    chip = ""
    sources: list[str] = ["esptool loader.py sync (facts/serial.md §3.1)"]
    read = a.last(READ_MAGIC.label)
    for p in esp.SlipDecoder().feed(read.got)[0] if read else []:
        r = esp.parse_response(p)
        if r is not None and r[0] == esp.READ_REG:
            row = kb.chip_for_magic(r[1])
            chip = row.chip if row else f"unknown (magic 0x{r[1]:08X})"
            if row:
                sources.append(row.source)
            break
    return device_finding("bootloader.esp.found",
                          f"An Espressif ROM loader answers SYNC at {a.line}" + (f": chip {chip}" if chip else ""),
                          [sync, read] if chip and read else [sync], a, device="esp", mode="download",
                          baud=a.baud, framing=a.framing, chip=chip, sources=sources)


def claims_text(sample: str) -> bool:
    return any(s in sample for s in BOOT_LOG)


def judge_claimed(a: Attempt, sample: str) -> Finding | None:
    """The device prints the ROM's boot log: it booted from flash, not into download mode."""
    return device_finding("bootloader.esp.boot_log",
                          f"An ESP chip prints its ROM boot log at {a.line}: it booted from flash, not into download mode",
                          a.asked[-1:], a, severity="error", confidence=0.9, device="esp", mode="boot-log",
                          baud=a.baud, framing=a.framing, text=sample[:200],
                          fixes=[Fix("Hold BOOT (GPIO0 low) while resetting, or let esptool reset it (--before default-reset).", "device")],
                          sources=["Espressif ROM boot messages (facts/serial.md §3.1)"])


DEVICE = SerialDevice("esp", "esp", PLANS, converse, judge_attempt, general=True, claims_text=claims_text, judge_claimed=judge_claimed)


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
