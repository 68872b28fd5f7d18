"""How the `bootloader.mtk` domain reads an input: mtkclient / SP Flash Tool lines and the
bytes of the BROM start sequence.

The start sequence is strict: the host sends A0 0A 50 05 one byte at a time and each must come
back complemented (5F F5 AF FA). An echo of the byte sent (A0 for A0) means the device is not at
the start of a handshake: a previous session left it in the command phase, where bytes are
echoed, or something on the path echoes. FD/FF/80 are what a 921600/115200 mismatch gives;
nothing in the MTK exchange becomes 0x68 (facts/serial.md §2.2, §2.5, §4.1).
"""

from __future__ import annotations

from ....context import Cue, apply_cues
from ....knowledge.table import rx
from ....model import Assessment, Evidence, Finding, Question
from ....textparse import ParsedInput
from ....device_knowledge import bytes_in_scope, tool_findings
from ....ascii import reading
from .fixes import FIXES
import os as _os

from ....knowledge.tool_templates import Inventory, rows_for
from .knowledge import MESSAGES, PORT_PY, chip, config_bits, error, mtk_byte, reply_for, sent_for, usb

DOMAIN = "bootloader.mtk"
MTK_LINES = Inventory(__package__ + ".messages_mtk", "MTK_LINES", _os.path.join(_os.path.dirname(__file__), "messages_mtk.py"))  # imported when its words are in the text
MTKCLIENT_LINES = Inventory(__package__ + ".messages_mtkclient", "MTKCLIENT_LINES", _os.path.join(_os.path.dirname(__file__), "messages_mtkclient.py"))

CUES = (
    Cue(r"\b(mtk(client)?|mediatek|brom|preloader|sp ?flash( ?tool)?|flash_tool|scatter|vcom|helio|dimensity|mt\d{4}\w*)\b", 0.4, "MediaTek words"),
    Cue(r"\b(phone|handset|smartphone|da|download agent|auth file|sla|daa)\b", 0.2, "phone / download-agent words"),
    Cue(r"\b(flash(ing)?|handshake)\b", 0.05, "flashing words"),
    Cue(r"\b(avrdude|arduino|esptool|esp32|stm32|apdu|smart ?card|m-?bus|tls|ssl)\b", -0.25, "words of another device family"),
)

QUESTIONS = (
    Question("Is the phone off and plugged in with the BROM buttons held (or without buttons for preloader), and is no other flasher open?", ("bootloader.mtk",), "a half-finished session echoes instead of complementing"),
)


def _echo_finding(got: int, expected: int | None, scale: float) -> Finding:
    sent = sent_for(expected) if expected is not None else None
    if sent is None and reply_for(got) is not None:
        sent = got
        expected = reply_for(got)
    if sent is not None and got == sent:
        return Finding(
            "bootloader.mtk.echo_not_complement",
            DOMAIN,
            f"The device echoed 0x{got:02X} instead of its complement 0x{expected:02X}: it is mid-session, or something echoes",
            f"The BROM/preloader start sequence answers each byte with its bitwise complement (A0 -> 5F, 0A -> F5, 50 -> AF, 05 -> FA). "
            f"Getting the byte itself back (0x{got:02X} = {got}) means the device is not at the start of a handshake: an earlier session "
            "(a flasher that was interrupted, or another tool still connected) left it in the command phase, where every byte is echoed; "
            "or a loopback/echo on the line. A baud mismatch would give FD/FF/80, not the exact byte sent.",
            "error",
            0.85 * scale,
            [Evidence("bytes", f"{got:02X}", "input", f"got (expected {expected:02X})")],
            [FIXES["power_cycle"], FIXES["close_others"], FIXES["brom_buttons"]],
            [PORT_PY, "mtkclient issues #51, #312, #347 (the same line after an interrupted session)"],
            {"got": got, "expected": expected},
        )
    exp_txt = f"0x{expected:02X}" if expected is not None else "the complement"
    if got in (0xFD, 0xFF, 0x80, 0x00):
        return Finding(
            "serial.baud_mismatch",
            "serial",
            f"Got 0x{got:02X} instead of {exp_txt}: the rates differ (921600 vs 115200 gives FD/FF/80)",
            "Over a real UART the BROM talks 115200 8N1; USB CDC ports take any rate. FD/FF are the complement replies read 8x too slowly, 80/00 read too fast.",
            "error",
            0.5 * scale,
            [Evidence("bytes", f"{got:02X}", "input", "got")],
            [FIXES["power_cycle"]],
            ["facts/serial.md §2.2 (5F F5 AF FA at 921600 read at 115200 = FD)"],
        )
    return Finding(
        "bootloader.mtk.handshake_failed",
        DOMAIN,
        f"Got 0x{got:02X} ({reading(got)}) instead of {exp_txt}: not the MediaTek handshake",
        "The answer is neither the complement, nor an echo, nor a known mismatch product (no MTK reply turns into 0x68 after a baud or framing mismatch): another device or program answers on this port, or the device is not in BROM/preloader mode.",
        "error",
        0.5 * scale,
        [Evidence("bytes", f"{got:02X}", "input", "got")],
        [FIXES["brom_buttons"], FIXES["close_others"]],
        [PORT_PY, "facts/serial.md §2.5"],
    )


def assess(parsed: ParsedInput) -> Assessment | None:
    text = parsed.text
    cue_score, reasons = apply_cues(parsed, CUES)
    more = rows_for(MTKCLIENT_LINES, parsed.text)  # mtkclient's status tables (messages_mtkclient.py)
    findings, tool_reasons, hits = tool_findings(parsed, MESSAGES.rows + rows_for(MTK_LINES, parsed.text) + more, {**MTKCLIENT_LINES.fixes, **FIXES} if more else FIXES)
    reasons = tool_reasons + reasons
    meaning = ""
    for row, m in hits:
        g = m.groupdict()  # type: ignore[attr-defined]
        if g.get("got") or g.get("gothex"):
            got = int(g["got"]) & 0xFF if g.get("got") else int(g["gothex"], 16)
            exp = int(g["exp"], 16) if g.get("exp") else None
            f = _echo_finding(got, exp, 1.0)
            findings.insert(0, f)
            meaning = f.summary
    score = 0.95 if findings else (0.6 if hits else 0.0)
    if hits and not meaning:
        meaning = findings[0].summary if findings else "a MediaTek flashing tool"
    # Values that only mean something here: hw_code, USB ID, target config, error codes.
    # "HW code: 0x959" (mtkclient) and "HW = 6260:8000" (hw_code:hw_subcode, mtk_dump) name the chip
    m = rx(r"\bhw ?code:?\s*0x(?P<hw>[0-9a-f]{3,4})\b|\bhw\s?=\s?(?:0x)?(?P<hw2>[0-9a-f]{4}):[0-9a-f]{4}\b").search(text)
    mtk_context = bool(hits or m)
    if m and m.group("hw2"):
        c = chip(int(m.group("hw2"), 16))
        meaning = meaning or f"hw_code 0x{int(m.group('hw2'), 16):04X}" + (f" = {c.chip}" if c else " (not in the table)")
        score = max(score, 0.8)
    elif m:
        c = chip(int(m.group("hw"), 16))
        meaning = meaning or f"hw_code 0x{int(m.group('hw'), 16):04X}" + (f" = {c.chip}" if c else " (not in the table)")
        score = max(score, 0.8)
    m = rx(r"\b0e8d:(?P<pid>[0-9a-f]{4})\b").search(text)
    if m:
        u = usb(0x0E8D, int(m.group("pid"), 16))
        if u:
            code = "bootloader.mtk.brom" if u.mode == "brom" else "bootloader.mtk.preloader"
            findings.append(Finding(code, DOMAIN, f"USB 0E8D:{u.pid:04X} is the {u.note}", "", "info", 0.7, [Evidence("value", f"0E8D:{u.pid:04X}", "input", u.mode)], [], [u.source]))
            meaning = meaning or f"USB 0E8D:{u.pid:04X}: {u.note}"
            score = max(score, 0.85)
    m = rx(r"target config:?\s*0x(?P<cfg>[0-9a-f]{1,8})").search(text)
    if m:
        bits = config_bits(int(m.group("cfg"), 16))
        meaning = meaning or "target config: " + (", ".join(b.name for b in bits) or "no protection bits")
        score = max(score, 0.8)
        if any(b.name in ("SLA", "DAA") for b in bits):
            findings.append(Finding("bootloader.mtk.auth_required", DOMAIN, "Target config has " + " and ".join(b.name for b in bits if b.name in ("SLA", "DAA")) + ": a signed DA / auth file is required", "; ".join(f"{b.name}: {b.meaning}" for b in bits), "warning", 0.6, [Evidence("value", m.group(0), "input", "GET_TARGET_CONFIG")], [FIXES["signed_da"]], [bits[0].source]))
    if hits or cue_score > 0 or mtk_context:
        for t in parsed.tokens:
            if t.kind in ("word16", "code32", "byte") or (t.kind == "status_word"):
                v = int("".join(f"{x:02X}" for x in t.values), 16) if t.kind != "code32" else t.values[0]
                e = error(v)
                if e and not any(f.code == e.code for f in findings):
                    fx = {"bootloader.mtk.auth_required": "signed_da", "bootloader.mtk.dram_fail": "right_firmware"}.get(e.code, "power_cycle")
                    # in a MediaTek context (a tool line or a hw_code) the value is this tool's status, not a card's SW
                    findings.append(Finding(e.code, DOMAIN, f"0x{v:04X} = {e.name}: {e.meaning}", "", "error", 0.85 if mtk_context else 0.7, [Evidence("value", f"0x{v:04X}", "input", e.name)], [FIXES[fx]], [e.source]))
                    meaning = meaning or f"{e.name}: {e.meaning}"
                    score = max(score, 0.6 + cue_score)
    if not hits and not findings:
        first = parsed.first_byte
        if first is not None and bytes_in_scope(parsed, cue_score):
            sent = sent_for(first)
            b = mtk_byte(first)
            if sent is not None:
                meaning = f"0x{first:02X} is the correct answer (complement) to the start byte 0x{sent:02X}"
                score = 0.25 + cue_score
            elif reply_for(first) is not None:
                f = _echo_finding(first, None, 0.6)
                findings.append(f)
                meaning = f"0x{first:02X} is a start byte itself: read back, it is an echo"
                score = 0.2 + cue_score
            elif b is not None:
                meaning = f"MediaTek {b.name}: {b.meaning}"
                score = 0.15 + cue_score
            else:
                f = _echo_finding(first, None, 0.6)
                findings.append(f)
                meaning = f"not a complement of A0/0A/50/05 and not an echo: 0x{first:02X} is no MediaTek handshake answer"
                score = 0.1 + cue_score
        elif cue_score > 0:
            meaning = "MediaTek words without a recognised error"
            score = cue_score * 0.6
    if score <= 0 and not findings:
        return None
    return Assessment(DOMAIN, min(score, 0.97), meaning, reasons, findings, list(QUESTIONS))
