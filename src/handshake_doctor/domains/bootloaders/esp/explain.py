"""How the `bootloader.esp` domain reads an input: esptool lines and ROM-loader values.

The ROM loader answers only in SLIP packets, so every good answer starts with C0. esptool names
the first byte when it is not C0 ("Invalid head of packet (0x68)"); a printable byte there is
text from the chip: its boot log or the running application, i.e. not in download mode. A
boot-mode value ("Wrong boot mode detected (0x13)") is the strapping the chip latched at reset.
"""

from __future__ import annotations

from ....context import Cue, apply_cues
from ....model import Assessment, Evidence, Finding, Question
from ....textparse import CODE32, ParsedInput
from ....device_knowledge import bytes_in_scope, tool_findings
from ....ascii import reading
from .fixes import FIXES
from .knowledge import ESPTOOL, F_SERIAL, MESSAGES, PROTO, boot_mode, chip_for_magic, error, esp32_straps

DOMAIN = "bootloader.esp"

CUES = (
    Cue(r"\b(esptool(\.py)?|esp32(-?[a-z]\d)?|esp8266|esp-?idf|nodemcu|wemos|espressif|idf\.py|platformio.{0,20}esp|download mode|io0)\b", 0.4, "Espressif words"),
    Cue(r"\b(bootloader|boot ?log|flash(ing)?)\b", 0.05, "flashing words"),
    Cue(r"\b(avrdude|arduino uno|stm32|mtk|mediatek|apdu|m-?bus)\b", -0.25, "words of another device family"),
)

QUESTIONS = (
    Question("Was IO0/BOOT held low while EN/RESET was released, and what does the chip print at reset (115200; ESP8266 at 74880)?", ("bootloader.esp",), "boot log vs download mode"),
)


def _head_finding(value: int, scale: float) -> Finding:
    if 0x20 <= value <= 0x7E or value in (0x0A, 0x0D):
        return Finding(
            "bootloader.esp.boot_log",
            DOMAIN,
            f"Invalid head 0x{value:02X} = {reading(value)}: the chip is printing text (its boot log or the running app), it is not in download mode",
            "The ROM loader answers only in SLIP packets starting with C0. A printable first byte is text: the ROM boot log "
            "('ets Jun  8 2016', 'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)') or the application's own output. "
            "No common baud or framing mismatch turns a reply into a lone 0x68, and ESP replies and boot logs never become 0x68 "
            "after one (forward model). Put the chip in download mode: IO0 low during reset.",
            "error",
            0.8 * scale,
            [Evidence("bytes", f"{value:02X}", "input", f"first byte, {reading(value)}")],
            [FIXES["hold_boot"], FIXES["before_reset"], FIXES["read_log"]],
            [ESPTOOL, F_SERIAL + " §3.2 (a device printing text gives 'Invalid head of packet (0x68)') and §2.5"],
            {"head": value},
        )
    return Finding(
        "serial.baud_mismatch",
        "serial",
        f"Invalid head 0x{value:02X}: not SLIP and not text, most likely garbled bytes (the boot log read at the wrong rate, or noise)",
        "Non-printable first bytes are usually the ESP8266 boot log (74880 baud) read at 115200, or noise on a long cable. "
        "The ROM autobauds on SYNC, so once the chip is in download mode the host's rate is followed.",
        "error",
        0.45 * scale,
        [Evidence("bytes", f"{value:02X}", "input", "first byte")],
        [FIXES["hold_boot"], FIXES["baud_boot_log"], FIXES["cable"]],
        [ESPTOOL, F_SERIAL + " §2.2 (ESP8266 boot log 74880 read at 115200)"],
        {"head": value},
    )


def assess(parsed: ParsedInput) -> Assessment | None:
    cue_score, reasons = apply_cues(parsed, CUES)
    findings, tool_reasons, hits = tool_findings(parsed, MESSAGES, FIXES)
    reasons = tool_reasons + reasons
    meaning = ""
    for row, m in hits:
        g = m.groupdict()  # type: ignore[attr-defined]
        if g.get("head") or g.get("ch"):
            value = int(g["head"], 16) if g.get("head") else ord(g["ch"]) & 0xFF
            f = _head_finding(value, 1.0)
            findings.insert(0, f)
            meaning = f.summary
        if g.get("mode"):
            mode = int(g["mode"], 16)
            bm = boot_mode(mode)
            detail = f"Boot mode 0x{mode:02X}" + (f" = {bm.name}" if bm else "") + f". Read as ESP32 strapping pins: {esp32_straps(mode)}. Download mode needs GPIO0 low at reset (other chips use other pins: ESP32-C3 GPIO9, ESP32-S2/S3 GPIO0)."
            for f in findings:
                if f.code == "bootloader.esp.not_in_download_mode":
                    f.detail = detail
                    f.data["boot_mode"] = mode
            meaning = meaning or f"the chip booted in mode 0x{mode:02X}" + (f" ({bm.name})" if bm else "") + ", not download mode"
        if g.get("err"):
            err = int(g["err"], 16)
            e = error(err)
            text = f"status {g['st']} error 0x{err:02X}: " + (e.meaning if e else "not in the error table")
            for f in findings:
                if f.code in ("bootloader.esp.stub_refused", "bootloader.esp.rom_error"):
                    f.detail = text + "."
            meaning = meaning or text
    codes = {f.code for f in findings}
    if "bootloader.esp.stub_refused" in codes:
        findings = [f for f in findings if f.code != "bootloader.esp.rom_error"]
    if codes & {"bootloader.esp.boot_log", "bootloader.esp.not_in_download_mode", "bootloader.esp.tx_path_down", "serial.baud_mismatch"}:
        for f in findings:
            if f.code == "bootloader.esp.no_reply" and f.confidence <= 0.5:
                f.confidence = 0.3  # the generic "failed to connect": the specific line says why
    score = 0.0
    if hits:
        score = 0.95 if findings else 0.6
        meaning = meaning or (findings[0].summary if findings else "esptool is the tool")
    else:
        for t in parsed.of_kind(CODE32):
            chip = chip_for_magic(t.values[0])
            if chip:
                meaning = f"chip-detect magic 0x{t.values[0]:08X} = {chip.chip}"
                score = 0.5 + cue_score
                findings.append(Finding("bootloader.esp.found", DOMAIN, f"0x{t.values[0]:08X} is the chip-detect value of an {chip.chip}", "", "ok", 0.6, [Evidence("value", f"0x{t.values[0]:08X}", "input", chip.chip)], [], [chip.source]))
        first = parsed.first_byte
        if not findings and first is not None and bytes_in_scope(parsed, cue_score):
            if first == 0xC0:
                meaning = "0xC0 is the SLIP delimiter: the start of a ROM-loader packet"
                score = 0.2 + cue_score
            else:
                f = _head_finding(first, 0.5)
                findings.append(f)
                meaning = f"not the SLIP delimiter C0: esptool would print 'Invalid head of packet (0x{first:02X})'" + (" - text from the chip" if f.code.endswith("boot_log") else "")
                score = 0.1 + cue_score
        elif not findings and cue_score > 0:
            meaning = "Espressif words without a recognised error"
            score = cue_score * 0.6
    if score <= 0 and not findings:
        return None
    return Assessment(DOMAIN, min(score, 0.97), meaning, reasons, findings, list(QUESTIONS))
