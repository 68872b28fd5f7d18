"""How the `bootloader.stm32` domain reads an input: stm32flash / CubeProgrammer lines and
AN3155 bytes.

What separates the causes is *when* the conversation broke: no answer to 0x7F = not in the
bootloader or wiring; another byte than 79/1F = the application is talking; ACK to 0x7F and then
silence = the host is not in 8E1 (the 7F byte survives the wrong parity, the next ones do not;
facts/serial.md §2.2, §3.2).
"""

from __future__ import annotations

from ....context import Cue, apply_cues
from ....model import Assessment, Evidence, Finding, Question
from ....textparse import ParsedInput
from ....device_knowledge import bytes_in_scope, tool_findings
from ....ascii import reading
from .fixes import FIXES
from .knowledge import AFTER_DONE, AN3155, MESSAGES, command, device, failed_chip_id, reply
from ....knowledge.table import rx
import os as _os

from ....knowledge.tool_templates import Inventory, rows_for


DOMAIN = "bootloader.stm32"
PROBE_LINES = Inventory(__package__ + ".messages_probes", "PROBE_LINES", _os.path.join(_os.path.dirname(__file__), "messages_probes.py"))  # imported when its words are in the text
CUBE_LINES = Inventory(__package__ + ".messages_cubeprogrammer", "CUBE_LINES", _os.path.join(_os.path.dirname(__file__), "messages_cubeprogrammer.py"))

CUES = (
    Cue(r"\b(stm32\w*|st-?link|stm32flash|cubeprogrammer|stm32_programmer_cli|boot0|an3155|system bootloader|dfuse)\b", 0.4, "STM32 words"),
    Cue(r"\b(bootloader|8e1|even parity)\b", 0.1, "bootloader / 8E1 words"),
    Cue(r"\b(avrdude|arduino|esptool|esp32|mtk|mediatek|apdu|m-?bus)\b", -0.25, "words of another device family"),
)

QUESTIONS = (
    Question("Was BOOT0 high during reset, and does the host use 8E1 (even parity)?", ("bootloader.stm32",), "the two usual causes"),
)


def _pid_text(pid: int) -> str:
    row = device(pid)
    return f"0x{pid:03X} = {row.name}" if row else f"0x{pid:03X} (not in the product-ID table)"


def _after_done(parsed: ParsedInput, findings: list[Finding], fixes: dict) -> None:  # type: ignore[type-arg]
    """An error printed after the tool's own "done" line, in a step its source runs after the
    work (knowledge.AFTER_DONE): the work stands. The reading of the same line as a failure stays,
    ranked below."""
    for row in AFTER_DONE.rows:
        done = rx(row.done).search(parsed.text)
        if done is None:
            continue
        err = rx(row.error).search(parsed.text, done.end())
        if err is None:
            continue
        line = err.group(0)
        for f in findings:
            if f.severity == "error" and any(line.lower() in e.value.lower() for e in f.evidence):
                f.confidence = min(f.confidence, 0.35)
        findings.insert(0, Finding(
            row.code, DOMAIN, f"{row.tool}: {row.summary}", row.meaning[0].upper() + row.meaning[1:] + ".",
            "warning", row.confidence,
            [Evidence("message", done.group(0)[:120], "input", f"{row.tool}'s line that the work is done"),
             Evidence("message", line[:120], "input", "the error after it")],
            [fixes[k] for k in row.fixes if k in fixes], [row.source], {"tool_line": row.tool},
        ))


def _chip_id_reads(hits: list, findings: list[Finding], fixes: dict) -> None:  # type: ignore[type-arg]
    """A printed chip id whose DEV_ID is no product's (knowledge.CHIP_ID_READS) is a failed read
    over SWD: the target did not answer, the chip is not unsupported."""
    for row, m in hits:
        raw = m.groupdict().get("chipid")  # type: ignore[attr-defined]
        reading = failed_chip_id(int(raw, 16)) if raw else None
        if reading is None:
            continue
        for f in findings:
            if f.code == "bootloader.stm32.unknown_device":
                f.confidence = min(f.confidence, 0.3)
        if not any(f.code == reading.code for f in findings):
            findings.insert(0, Finding(
                reading.code, DOMAIN, f"{row.tool}: chip id 0x{int(raw, 16):x} is a failed read, not a chip",
                reading.meaning[0].upper() + reading.meaning[1:] + ".", "error", 0.8,
                [Evidence("message", m.group(0)[:120], "input", f"printed by {row.tool}")],
                [fixes[k] for k in ("target_voltage", "under_reset", "swd_wiring") if k in fixes],
                [reading.source, row.source], {"tool_line": row.tool},
            ))


def assess(parsed: ParsedInput) -> Assessment | None:
    cue_score, reasons = apply_cues(parsed, CUES)
    lines = rows_for(PROBE_LINES, parsed.text)  # the inventory's rows come after the hand-written ones
    cube = rows_for(CUBE_LINES, parsed.text)  # STM32CubeProgrammer and ST's other closed tools (messages_cubeprogrammer.py)
    fixes = {**(PROBE_LINES.fixes if lines or cube else {}), **(CUBE_LINES.fixes if cube else {}), **FIXES}
    findings, tool_reasons, hits = tool_findings(parsed, MESSAGES.rows + lines + cube, fixes)
    reasons = tool_reasons + reasons
    if lines:
        _chip_id_reads(hits, findings, fixes)
        _after_done(parsed, findings, fixes)
    meaning = ""
    score = 0.0
    for row, m in hits:
        g = m.groupdict()  # type: ignore[attr-defined]
        if g.get("pid") or g.get("found"):
            pid = int(g.get("pid") or g.get("found"), 16)
            meaning = meaning or f"product ID {_pid_text(pid)}"
            if g.get("found") and not findings:
                findings.append(Finding("bootloader.stm32.found", DOMAIN, f"The STM32 bootloader answered GET_ID: {_pid_text(pid)}", "", "ok", 0.8, [Evidence("value", f"0x{pid:03X}", "input", "product ID")], [], [row.source]))
            for f in findings:
                if f.code == "bootloader.stm32.unknown_device":
                    f.detail = f"Product ID {_pid_text(pid)}."
        if g.get("nack") or g.get("cmd"):
            value = int(g.get("nack") or g.get("cmd"), 16)
            c = command(value)
            name = f"0x{value:02X} {c.name}" if c else f"0x{value:02X} (not an AN3155 command)"
            code = "bootloader.stm32.nack" if g.get("nack") else "bootloader.stm32.parity_mismatch"
            for f in findings:
                if f.code == code:
                    f.detail = (f.detail + " " if f.detail else "") + f"Command {name}" + (f": {c.answer}." if c else ".")
                    if code == "bootloader.stm32.parity_mismatch" and value in (0x00, 0x01, 0x02):
                        f.confidence = max(f.confidence, 0.75)
                        f.detail += " It is the first command after the 0x7F sync: the sync was ACKed, so the bootloader runs, and what broke is the framing of the bytes after it (8N1 host vs 8E1 bootloader)."
    framing = next((m.group("framing").upper() for row, m in hits if m.groupdict().get("framing")), "")  # type: ignore[attr-defined]
    for f in findings:
        if f.code != "bootloader.stm32.parity_mismatch" or not framing:
            continue
        if framing == "8E1":
            f.confidence = 0.3
            f.detail += " But stm32flash says it already used 8E1, so parity is not the cause here: suspect the wiring, noise, or another program or a Linux console on the same UART (e.g. /dev/serial0 on a Raspberry Pi)."
        else:
            f.confidence = max(f.confidence, 0.85)
            f.detail += f" stm32flash says it used {framing}: the bootloader needs 8E1."
    if hits:
        score = 0.95 if findings else 0.6
        meaning = meaning or (findings[0].summary if findings else "an STM32 flashing tool")
    else:
        first = parsed.first_byte
        if first is not None and bytes_in_scope(parsed, cue_score):
            r = reply(first)
            if r is not None:
                meaning = f"AN3155 {r.name}: {r.meaning}"
                score = 0.3 + cue_score  # an exact AN3155 reply byte outranks generic readings of the value
                if first == 0x79:
                    findings.append(Finding("bootloader.stm32.found", DOMAIN, "0x79 is the STM32 bootloader's ACK", "", "ok", 0.4, [Evidence("bytes", "79", "input", "ACK")], [], [AN3155]))
            elif first == 0x7F:
                meaning = "0x7F is the host's autobaud byte: reading it back means something echoes"
                score = 0.12 + cue_score
            else:
                meaning = f"neither ACK 0x79 nor NACK 0x1F: 0x{first:02X} ({reading(first)}) is not a known mismatch product of 79/1F, so the chip is not in its bootloader (the application is running, perhaps printing text)"
                score = 0.1 + cue_score
                findings.append(
                    Finding(
                        "bootloader.stm32.not_in_bootloader",
                        DOMAIN,
                        f"0x{first:02X} is no AN3155 answer: the STM32 is not in its system bootloader",
                        "The bootloader answers 0x7F with 79 (ACK) or 1F (NACK) only. An ACK read at a wrong rate becomes FB, 86 FE or FF, not this byte; so the chip runs its application (BOOT0 low at reset) or another device answers.",
                        "error",
                        0.45,
                        [Evidence("bytes", f"{first:02X}", "input", reading(first))],
                        [FIXES["boot0"], FIXES["wiring"]],
                        [AN3155, "facts/serial.md §2.2, §2.5"],
                    )
                )
        elif cue_score > 0:
            meaning = "STM32 words without a recognised error"
            score = cue_score * 0.6
    if score <= 0 and not findings:
        return None
    return Assessment(DOMAIN, min(score, 0.97), meaning, reasons, findings, list(QUESTIONS))
