"""How the `bootloader.avr` domain reads an input: avrdude's lines and STK500 bytes.

The key fact: avrdude sends GET_SYNC (30 20) and prints the first byte it got instead of
STK_INSYNC (14). That byte's *class* tells the cause: 00 = nothing (no reset, no bootloader,
wrong port), printable = a running sketch printing text (0x68 = 'h'; no baud mismatch produces
it), bit 7 set or a stray control value = the bootloader at another baud rate, 30 = avrdude's
own byte echoed (facts/serial.md §2.4, §3.2).
"""

from __future__ import annotations

from ....context import Cue, apply_cues
from ....model import Assessment, Evidence, Finding, Question
from ....textparse import ParsedInput
from ....device_knowledge import bytes_in_scope, tool_findings
from ....device_knowledge import KNOWN_PRODUCTS
from ....ascii import reading
from .fixes import FIXES
from .knowledge import MESSAGES, RespClass, protocol_byte, resp_class, signature
import os as _os

from ....knowledge.tool_templates import Inventory, rows_for
from ....knowledge.table import rx


DOMAIN = "bootloader.avr"
AVRDUDE_LINES = Inventory(__package__ + ".messages_avrdude", "AVRDUDE_LINES", _os.path.join(_os.path.dirname(__file__), "messages_avrdude.py"))  # imported when its words are in the text

CUES = (
    Cue(r"\b(avrdude|arduino|optiboot|sketch|uno|nano|mega ?2560|pro ?mini|atmega\w*|attiny\w*|avr|stk500|leonardo|caterina)\b", 0.35, "Arduino / AVR words"),
    Cue(r"\b(upload(ing)?|bootloader)\b", 0.1, "upload / bootloader words"),
    Cue(r"\b(esptool|esp32|esp8266|stm32|mtk|mediatek|apdu|smart ?card|m-?bus|tls|ssl)\b", -0.25, "words of another device family"),
)

QUESTIONS = (
    Question("Which board and bootloader is it (Uno/Optiboot at 115200, old Nano at 57600, Mega 2560 with -c wiring, Leonardo with -c avr109)?", ("bootloader.avr",), "each needs its own avrdude -c and -b"),
    Question("Does the board's LED blink (reset) when the upload starts, and is the serial monitor closed?", ("bootloader.avr",), "no reset = the sketch answers"),
)


def _resp_finding(value: int, cls: RespClass, confidence_scale: float, evidence_text: str) -> Finding:
    products = [p for p in KNOWN_PRODUCTS if p.got == value and p.kind == "baud"]
    detail = f"avrdude sent GET_SYNC (30 20) and expected STK_INSYNC (14). It got 0x{value:02X} = {reading(value)}: {cls.meaning}."
    if products:
        detail += " Measured: " + "; ".join(f"{p.sent} sent at {p.tx} is read as 0x{p.got:02X} at {p.rx}" for p in products) + "."
    if cls.code == "bootloader.avr.sketch_running":
        detail += " No common baud or framing mismatch turns a reply into a lone printable byte like 0x68, so the byte is real text."
    domain = cls.code.rsplit(".", 1)[0] if cls.code.startswith("bootloader.") else cls.code.split(".")[0]
    summary = {
        "bootloader.avr.sketch_running": f"resp=0x{value:02X} is {reading(value)}: a running sketch is printing text, the bootloader is not answering",
        "bootloader.avr.no_reply": "resp=0x00: nothing came back from the bootloader",
        "serial.baud_mismatch": f"resp=0x{value:02X}: the bootloader most likely answers at another baud rate",
        "serial.echo": f"resp=0x{value:02X}: avrdude's own bytes come back (an echo)",
        "bootloader.avr.nosync": "resp=0x15 (STK_NOSYNC): the bootloader answered but lost sync",
    }.get(cls.code, cls.meaning)
    return Finding(
        cls.code,
        domain,
        summary,
        detail,
        "error",
        cls.confidence * confidence_scale,
        [Evidence("bytes", f"{value:02X}", "input", evidence_text)],
        [FIXES[k] for k in cls.fixes if k in FIXES],
        [cls.source],
        {"resp": value},
    )


#: a signature of all 00 or all FF bytes is no part's: avrdude's main.c treats both as "invalid
#: device signature" (the programmer read an idle MISO: held low, or floating high)
NO_CHIP_SIGNATURES = (0x000000, 0xFFFFFF)
NO_CHIP_SOURCE = "avrdudes/avrdude main.c@v6.4, src/main.c@v7.3/v8.1 (a signature of all 0x00 or all 0xFF bytes is reported as 'invalid device signature')"


def _no_chip_finding(sig: int, line: str) -> Finding:
    """The signature line alone (avrdude -v stops before, or the user pasted only it) already says
    the programmer read nothing from the chip."""
    return Finding(
        "bootloader.avr.signature_mismatch", DOMAIN,
        f"Device signature {sig:06X}: no chip answered (all {'00' if sig == 0 else 'FF'} is no part's signature)",
        "A signature of all 00 or all FF means the programmer read an idle line from the chip: ISP wiring (MISO/SCK/RESET), "
        "no target power, or an ISP clock too fast for the chip's clock (-B).",
        "error", 0.7, [Evidence("message", line[:200], "input", "avrdude's signature line")],
        [FIXES[k] for k in ("isp_wiring", "target_power", "slow_sck") if k in FIXES], [NO_CHIP_SOURCE], {"signature": f"{sig:06X}"},
    )


#: avrdude's ISP bit-clock option (-B 32, -B 125kHz); case matters: -b is the baud rate
BITCLOCK_OPTION = r"(?:^|\s)-B[ =]{0,2}\d"
BITCLOCK_SOURCE = "avrdudes/avrdude src/main.c@v7.3, v8.1 (-B bitclock option; -b is the baud rate)"


def _bitclock_given(parsed: ParsedInput, findings: list[Finding], fixes: dict) -> None:  # type: ignore[type-arg]
    """A USBasp that does not answer reads as an ISP clock too fast because avrdude without -B
    leaves the USBasp at its default SCK (messages_avrdude.USBASP_FIRMWARE). When the command
    shows a -B, the clock was already chosen: wiring and target power come first."""
    if not rx(BITCLOCK_OPTION, 0).search(parsed.text):
        return
    for f in list(findings):
        if f.code != "bootloader.avr.isp_clock_too_fast" or not any("USBasp firmware" in s for s in f.sources):
            continue
        f.confidence = min(f.confidence, 0.5)
        f.detail = (f.detail + " " if f.detail else "") + "The command already sets the ISP clock with -B, so the default SCK is not the cause; if the value is still fast for the chip's clock try a larger -B."
        if not any(g.code == "bootloader.avr.target_unreachable" for g in findings):
            findings.append(Finding(
                "bootloader.avr.target_unreachable", DOMAIN, "The programmer answers but the AVR does not enter programming mode (ISP wiring, target power)",
                "With the ISP clock set by -B, a target that never echoes the program-enable is most often the ISP cable, the target's supply, or RESET held/disabled.",
                "error", 0.75, list(f.evidence), [fixes[k] for k in ("target_power", "isp_wiring") if k in fixes], list(f.sources) + [BITCLOCK_SOURCE],
            ))


#: a Windows host in the text: avrdude's Windows binary, a drive path, a COM port, the word
WINDOWS_HOST = r"avrdude\.exe|(?:^|[\s'\"])[a-z]:\\|\bcom\d{1,3}\b|\bwindows\b|\bwin(?:10|11|7)\b"
WINDOWS_USB_SOURCE = (
    "libusb wiki 'Windows' (github.com/libusb/libusb/wiki/Windows: generic USB access only through the WinUSB, HID, "
    "libusb-win32 (libusb0.sys) or libusbK drivers); avrdudes/avrdude usbasp.c@v6.4 and src/usbasp.c@v7.3/v8.1, "
    "usbtiny.c (the device is looked up by VID/PID through libusb's own device list, so a device bound to another driver "
    "is not in it: 'could not find USB device')"
)


def _windows_driver(parsed: ParsedInput, findings: list[Finding], fixes: dict) -> None:  # type: ignore[type-arg]
    """On Windows, libusb lists a USB programmer only when a libusb-capable driver is bound to it:
    "not found" there is most often the driver (Zadig), not a missing device."""
    if not rx(WINDOWS_HOST).search(parsed.text):
        return
    for f in list(findings):
        if f.code != "bootloader.avr.programmer_not_found" or any(g.code == "bootloader.avr.usb_permission" for g in findings):
            continue
        f.confidence = min(f.confidence, 0.6)
        findings.insert(0, Finding(
            "bootloader.avr.usb_permission", DOMAIN,
            "On Windows avrdude finds the USB programmer only with a libusb driver bound to it (WinUSB, libusb-win32, libusbK)",
            "avrdude looks the programmer up by VID:PID in libusb's device list; on Windows a device that Windows bound to "
            "no driver or to another one is not in that list, so a plugged-in USBasp/USBtiny reads as not found. Bind a "
            "libusb driver with Zadig (libusb-win32 or libusbK for USBasp), re-plug, run again.",
            "error", 0.8, list(f.evidence), [fixes[k] for k in ("usb_rule", "plug_programmer") if k in fixes],
            [WINDOWS_USB_SOURCE] + list(f.sources),
        ))


def assess(parsed: ParsedInput) -> Assessment | None:
    cue_score, reasons = apply_cues(parsed, CUES)
    lines = rows_for(AVRDUDE_LINES, parsed.text)  # the inventory's rows come after the hand-written ones
    fixes = {**AVRDUDE_LINES.fixes, **FIXES} if lines else FIXES
    findings, tool_reasons, hits = tool_findings(parsed, MESSAGES.rows + lines, fixes)
    reasons = tool_reasons + reasons
    if lines:
        _bitclock_given(parsed, findings, fixes)
        _windows_driver(parsed, findings, fixes)
    named = bool(hits)
    meaning = ""
    score = 0.0
    # avrdude 6.x stk500_getsync() ignores stk500_recv()'s result: after "programmer is not
    # responding" (a receive timeout) the printed resp= is whatever the buffer held before, so the
    # byte says nothing and the timeout is the fact. avrdude 7 zeroes the buffer first (resp=0x00).
    # (of the inventory's no_reply lines only the receive timeouts count: a resp= line or "unable to open" is none;
    # an inventory row, knowledge.inventory.InventoryRow, is told by its vocabulary without importing it at start)
    timed_out = any(row.code == "bootloader.avr.no_reply" and (not hasattr(row, "vocabulary") or "respond" in row.template or "timeout" in row.template) for row, _ in hits)
    for row, m in hits:
        groups = m.groupdict()  # type: ignore[attr-defined]
        if groups.get("resp"):
            value = int(groups["resp"], 16)
            cls = resp_class(value)
            if cls is not None:
                stale = timed_out and value != 0
                findings.insert(0, _resp_finding(value, cls, 0.4 if stale else 1.0, "avrdude's resp= byte" + (" (printed after a receive timeout: avrdude 6.x leaves a stale value here)" if stale else "")))
                meaning = f"avrdude got 0x{value:02X} ({reading(value)}) instead of STK_INSYNC 0x14: {cls.meaning}"
        if groups.get("sig"):
            sig = int(groups["sig"], 16)
            row_sig = signature(sig)
            meaning = meaning or f"device signature {sig:06X}" + (f" = {row_sig.part} (-p {row_sig.avrdude_id})" if row_sig else " (not in the table: unknown part or a bad read)")
            for f in findings:
                if f.code == "bootloader.avr.signature_mismatch":
                    f.detail = (f.detail + " " if f.detail else "") + f"The chip answered {sig:06X}" + (f", which is {row_sig.part}: use -p {row_sig.avrdude_id}." if row_sig else ".")
            if sig in NO_CHIP_SIGNATURES and not any(f.code == "bootloader.avr.signature_mismatch" for f in findings):
                findings.insert(0, _no_chip_finding(sig, m.group(0)))
    if named:
        real = [f for f in findings]
        score = 0.95 if real else 0.6
        if not meaning:
            meaning = real[0].summary if real else "avrdude is the tool"
    else:
        values = parsed.byte_values
        first = parsed.first_byte
        if first is not None and values and bytes_in_scope(parsed, cue_score):
            pb = protocol_byte(first)
            if pb is not None and pb.role == "reply":
                meaning = f"STK500 {pb.name}: {pb.meaning}"
                score = 0.2 + cue_score
                if first == 0x14:
                    findings.append(Finding("bootloader.avr.found", DOMAIN, "0x14 is STK_INSYNC: an STK500 bootloader answered in sync", "", "ok", 0.4, [Evidence("bytes", "14", "input", "STK_INSYNC")], [], [pb.source]))
                elif first == 0x15:
                    cls = resp_class(0x15)
                    if cls:
                        findings.append(_resp_finding(0x15, cls, 0.8, "STK_NOSYNC"))
            else:
                cls = resp_class(first)
                if cls is not None:
                    meaning = f"not STK_INSYNC (0x14); as an answer to avrdude's GET_SYNC: {cls.meaning}"
                    score = (0.1 if parsed.is_bare_value else 0.12) + cue_score
                    findings.append(_resp_finding(first, cls, 0.45, "the byte the host read"))
        elif cue_score > 0:
            meaning = "Arduino / AVR words without a recognised error"
            score = cue_score * 0.6
    if score <= 0 and not findings:
        return None
    return Assessment(DOMAIN, min(score, 0.97), meaning, reasons, findings, list(QUESTIONS))
