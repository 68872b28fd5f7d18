"""The STK500v1 (Optiboot, avrdude -c arduino) safe handshake and its judge. Pure: no I/O.

Requests: GET_SYNC 30 20 (up to three times, as avrdude does; a CRC_EOP 20 between tries puts an
out-of-step loader back on a command boundary), then READ_SIGN 75 20 (read-only). Asked at 8N1
at Optiboot's and the older boards' rates.
"""

from __future__ import annotations

from ....device import Asked, Attempt, Plan, Request, SerialDevice, Unanswered, device_finding, is_text, judge_all
from ....model import Finding, Fix
from . import knowledge as kb
from .fixes import FIXES
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


def judge_absent(tried: list[Attempt]) -> Finding | None:
    """--expect avr (or avrdude's own -v -v -v -v trace) and no GET_SYNC came back in sync: the
    bytes that came back instead name the cause, read with the same resp= classes as avrdude's
    ``not in sync: resp=0xNN`` message (knowledge.RESP_CLASSES).

    Why one byte per try counts: avrdude 7.1's stk500_getsync (src/stk500.c) reads a single byte
    after each GET_SYNC and drains the rest unseen, so its trace holds one byte per try; a sketch's
    "hello" shows as 68, 68, 68... A single printing reply of several bytes goes to judge_text.
    The rate: a probe that tried several rates already asked at the others, so a rate-mismatch
    class is only stated for one line setting (a host tool's trace)."""
    syncs = [(a, s) for a in tried for s in a.asked if s.label == GET_SYNC.label]
    if not syncs:
        return None
    a, last = syncs[-1]
    if is_text(last.got):
        return judge_text(a, last.got.decode("latin-1"))
    votes: dict[str, list[tuple[Asked, kb.RespClass]]] = {}
    for _, s in syncs:
        if s.got.startswith(bytes([stk.INSYNC])):
            continue  # in sync (a later command failed): not this judge's story
        cls = _mismatch_product(s.got[0], s.line) if s.got else None
        cls = cls or kb.resp_class(s.got[0] if s.got else 0)
        if cls is not None:
            votes.setdefault(cls.code, []).append((s, cls))
    if not votes:
        return None
    code, rows = max(votes.items(), key=lambda kv: (len(kv[1]), kv[1][-1][0] is last))
    lines = sorted({s.line for _, s in syncs})
    if code == "serial.baud_mismatch" and len(lines) > 1:
        return None
    cls = rows[-1][1]
    got = [s.got[:1].hex().upper() or "nothing" for s, _ in rows]
    shown = ", ".join(dict.fromkeys(got))
    tries = f"{len(rows)} of {len(syncs)} GET_SYNC tries"
    summary = {
        "bootloader.avr.sketch_running": f"STK500 GET_SYNC got text back at {a.line} ({_readable(rows)}): a running sketch answers, not the bootloader",
        "bootloader.avr.no_reply": f"Nothing came back to {tries} at {a.line}: the bootloader is not answering",
        "bootloader.avr.nosync": f"The STK500 answered NOSYNC (15) to {tries} at {a.line}: it received bytes it did not expect",
        "serial.echo": f"avrdude's own bytes came back ({shown}) to {tries} at {a.line}: something echoes",
        "serial.baud_mismatch": f"GET_SYNC got {shown} back at {a.line} ({tries}): the bootloader answers at another baud rate",
    }.get(code, cls.meaning)
    severity = "error"
    return device_finding(code, summary, [s for s, _ in rows[-2:]], a, severity=severity, confidence=min(0.9, cls.confidence + 0.1),
                          role="cause", device="avr", mode={"bootloader.avr.sketch_running": "sketch"}.get(code, "not-in-sync"),
                          baud=a.baud, framing=a.framing, resp=[int(x, 16) for x in got if x != "nothing"][:10],
                          detail=f"avrdude sent GET_SYNC (30 20) and expects STK_INSYNC (14) first. {cls.meaning[:1].upper() + cls.meaning[1:]}.",
                          fixes=[f for k in cls.fixes if (f := FIXES.get(k)) is not None],
                          sources=[cls.source, "avrdude 7.1 src/stk500.c stk500_getsync (one byte read per try, the rest drained)"])


def _mismatch_product(value: int, line: str) -> kb.RespClass | None:
    """A printable-looking byte that is a measured product of an STK500 reply across a rate
    mismatch (device_knowledge.KNOWN_PRODUCTS), read at that product's host rate, is the rate,
    not a sketch's text."""
    from ....device_knowledge import KNOWN_PRODUCTS

    p = next((p for p in KNOWN_PRODUCTS if p.got == value and p.kind == "baud" and p.sent.startswith("STK500")
              and line.startswith(p.rx.split(" ")[0] + " ")), None)
    if p is None:
        return None
    return kb.RespClass(value, value, "serial.baud_mismatch", 0.7, f"0x{value:02X} is how {p.sent} sent at {p.tx} reads at {p.rx}",
                        p.source, ("baud", "press_reset"))


def _readable(rows: list[tuple[Asked, kb.RespClass]]) -> str:
    seen = dict.fromkeys(s.got[0] for s, _ in rows if s.got)
    return ", ".join(f"{v:02X} = {chr(v)!r}" if 32 <= v < 127 else f"{v:02X}" for v in list(seen)[:6])


#: asked of a printing device when the user named none: Arduino-style boards print from their sketch
DEVICE = SerialDevice("avr", "avr", PLANS, converse, judge_attempt, general=True, judge_text=judge_text, text_prober=True,
                      judge_absent=judge_absent)


def judge(transcript: Transcript) -> list[Finding]:
    return judge_all(transcript, DEVICE)
