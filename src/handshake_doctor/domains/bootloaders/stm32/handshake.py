"""The STM32 system bootloader's safe handshake (AN3155) and its judge. Pure: no I/O.

Requests: 0x7F (sync; the ROM measures the host's rate from it and answers ACK 79, or NACK 1F
when already synced), then GET_ID 02 FD (read-only). Asked at 8E1, the framing AN3155 uses, at a
few rates (autobaud makes one rate as good as another). The serial search drives the
conversation; :func:`judge` reads what came back, live or from a recorded transcript.
"""

from __future__ import annotations

from ....device import Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, is_text, judge_all
from ....model import Finding, Fix
from . import knowledge as kb
from . import protocol as stm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generator

    from ....transcript import Transcript

SYNC = Request("STM32 sync 0x7F", stm.sync(), 1)
GET_ID = Request("STM32 GET_ID", stm.request(stm.GET_ID), 5)
PLANS = (Plan(("8E1",), frozenset({115200, 57600, 9600}), rank=1),)


def converse() -> Generator[Request, bytes, None]:
    got = yield SYNC
    if got[-1:] in (bytes([stm.ACK]), bytes([stm.NACK])):
        yield GET_ID


def judge_attempt(a: Attempt) -> Finding | Unanswered | None:
    sync = a.last(SYNC.label)
    if sync is None:
        return None
    if sync.got[-1:] not in (bytes([stm.ACK]), bytes([stm.NACK])):
        return Unanswered(sync)
    synced_before = sync.got[-1] == stm.NACK
    get_id = a.last(GET_ID.label)
    pid = stm.parse_get_id(get_id.got) if get_id else None
    ex = [x for x in (sync, get_id) if x is not None]
    if pid is None:
        if synced_before or a.framing != "8N1":
            return None  # a stray 1F/79 from something else; not certain
        return device_finding("bootloader.stm32.parity_mismatch",
                              f"An STM32 bootloader ACKs 0x7F at {a.line} but fails the next command: the host is not in 8E1",
                              ex, a, severity="error", confidence=0.85, device="stm32", mode="bootloader",
                              baud=a.baud, framing=a.framing,
                              detail="AN3155 uses even parity. A single 0x7F survives 8N1 (its parity bit equals a stop bit), "
                                     "a two-byte command does not.",
                              fixes=[Fix("Use 8E1 (stm32flash does by default; do not pass -m 8n1).", "user", "stm32flash -b 57600 PORT")],
                              sources=["ST AN3155 §2 (8E1); facts/serial.md §4.2"])
    row = kb.device(pid)
    name = row.name if row else "a product ID this tool does not know"
    note = " (it was already synced: it NACKed 0x7F)" if synced_before else ""
    pty_note = " The port is a pty, so parity could not be set: on a real UART use 8E1." if a.is_pty else ""
    return device_finding("bootloader.stm32.found",
                          f"STM32 system bootloader at {a.line}: product ID 0x{pid:03X} ({name}){note}",
                          ex, a, device="stm32", mode="bootloader", baud=a.baud, framing=a.framing,
                          pid=pid, chip=row.name if row else "", detail=("The bootloader answered GET_ID." + pty_note).strip(),
                          sources=[row.source] if row else [])


def judge_text(a: Attempt, sample: str) -> Finding | None:
    """--expect stm32 and the device prints text: 0x7F got text (or nothing), not the ACK."""
    sync = a.last(SYNC.label)
    got = sync.got if sync else b""
    if not (is_text(got) or not got):
        return None
    shown = got.decode("latin-1").strip()[:40] or "nothing"
    return device_finding(
        "bootloader.stm32.not_in_bootloader",
        f"An application runs instead of the STM32 bootloader: 0x7F at {a.line} got {shown!r}",
        [sync] if sync else [], a, severity="error", confidence=0.85, device="stm32", mode="app", baud=a.baud, framing=a.framing,
        detail=("The chip booted from flash (BOOT0 low): its program prints text and ignores the bootloader's 0x7F. "
                "stm32flash reports 'Failed to init device'; a tool that reads one byte reports the text's first byte."),
        fixes=[Fix("Hold BOOT0 high (BOOT1 low where present) and reset, then run the flasher.", "device"),
               Fix("Or jump to the bootloader from the application (AN2606 'jump to system memory') if the firmware offers it.", "device")],
        sources=["ST AN2606 (boot modes)", "stm32flash 0.7 against a printing device (facts/serial.md §3.2)"])


def judge_absent(tried: list[Attempt]) -> Finding | None:
    """--expect stm32 and no ACK to 0x7F at any rate tried: the system bootloader is not running."""
    syncs = [(a, s) for a in tried if (s := a.last(SYNC.label)) is not None]
    if not syncs:
        return None
    lines = sorted({s.line for _, s in syncs})
    return device_finding(
        "bootloader.stm32.not_in_bootloader",
        f"No STM32 system bootloader answered 0x7F ({', '.join(lines[:4])}): the chip is not in its bootloader",
        [s for _, s in syncs[-2:]], syncs[-1][0], severity="error", confidence=0.6, device="stm32", mode="not-bootloader",
        detail=("The ROM bootloader answers 0x7F with ACK 0x79 at any rate from 1200 to 115200 (it measures the host's "
                "rate). No answer means it is not running - BOOT0 was low at reset, or the application disabled it - "
                "or the host's TX/RX do not reach USART1/the bootloader's pins."),
        fixes=[Fix("Hold BOOT0 high (BOOT1 low where present) and reset, then connect within a second.", "device"),
               Fix("Check that the adapter is wired to a bootloader USART (AN2606 lists the pins per part).", "user")],
        sources=["ST AN2606 (system memory boot mode; pattern per part)", "ST AN3155 §2 (0x7F -> 0x79 ACK, autobaud)"])


DEVICE = SerialDevice("stm32", "stm32", PLANS, converse, judge_attempt, general=True,
                      judge_text=judge_text, judge_absent=judge_absent)


def judge(transcript: Transcript) -> list[Finding]:
    """Every STM32 verdict the transcript's search attempts support (pure)."""
    return judge_all(transcript, DEVICE)
