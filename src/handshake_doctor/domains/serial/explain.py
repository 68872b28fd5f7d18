"""How the `serial` domain reads an input: a port error, or bytes that a line mismatch made.

Two questions only: could the port be opened (errno-style messages of pyserial, avrdude,
esptool, terminals), and do the bytes carry the fingerprint of a baud or framing mismatch
(facts/serial.md §2: a faster receiver sees runs of 00/80/E0, a slower one a lone FC..FF; 7E1
read as 8N1 sets bit 7 on odd-popcount characters). Equally important is saying when bytes are
*not* a mismatch product: no common mismatch turns a lone reply into 0x68 (§2.4-2.5).
When a bootloader tool's line names the byte, the bootloader domain explains it in its context
(and may emit ``serial.baud_mismatch`` itself); this domain then adds a meaning, not a duplicate.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...knowledge.table import rx
from ...model import Assessment, Evidence, Finding, Question
from ...textparse import ParsedInput
from ...device_knowledge import BOOTLOADER_BYTE_LINES, F_SERIAL, KNOWN_PRODUCTS, bytes_in_scope, exact_seven_bit_parity, message_finding, tool_findings
from .fixes import FIXES
from .knowledge import PORT_MESSAGES, SIGNATURES, matching
import os as _os

from ...knowledge.tool_templates import Inventory, rows_for

__all__ = ["assess", "bytes_in_scope", "exact_seven_bit_parity", "message_finding", "tool_findings", "analyse"]

DOMAIN = "serial"
HOST_LINES = Inventory(__package__ + ".messages_hosts", "HOST_LINES", _os.path.join(_os.path.dirname(__file__), "messages_hosts.py"))  # imported when its words are in the text

CUES = (
    Cue(r"\b(uart|baud(rate)?|tty(usb|acm|s|ama)?\d*|/dev/tty\w*|com\d+|com port|serial( port| line| monitor)?|rs-?232|rs-?485|usb[- ]?(to[- ])?serial|ftdi|ch34[01]|cp210x|pl2303|pyserial|minicom|picocom|miniterm|parity|8n1|8e1|7e1)\b", 0.25, "serial-line words"),
    Cue(r"\b(https?|tls|ssl|apdu|smart ?card|pcsc)\b", -0.2, "words of a non-serial stack"),
)

QUESTIONS = (
    Question("At which baud rate and framing does the device talk (its documented default), and which does the host use?", ("serial",), "a mismatch changes the bytes; the same rate does not"),
    Question("Does the unexpected byte change when you change the host's baud rate? A real byte stays; a mismatch product changes.", ("serial", "text", "meter"), "mismatch products depend on the rate ratio"),
)


def _hex(values: list[int] | tuple[int, ...]) -> str:
    return " ".join(f"{v:02X}" for v in values[:32])


def analyse(values: list[int]) -> tuple[str, str, float, str, str] | None:
    """(meaning, code, confidence, detail, source) for the line fingerprint of ``values``."""
    if not values:
        return None
    parity = exact_seven_bit_parity(values)
    if parity:
        shown = "".join(chr(v & 0x7F) for v in values)
        word = "even" if parity == "E" else "odd"
        return (
            f"7-bit text with {word} parity read as 8N1: {shown!r} with bit 7 set on some characters",
            "serial.framing_mismatch",
            0.8,
            f"Every byte with bit 7 set has {'an odd' if parity == 'E' else 'an even'} number of ones in its low 7 bits: that bit is the "
            f"{word}-parity bit of a 7{parity}1 sender, read as data by an 8N1 receiver. Open the port as 7{parity}1.",
            F_SERIAL + " §2.2 (OK\\r\\n sent 7E1, read 8N1 = CF 4B 8D 0A)",
        )
    n = len(values)
    if n >= 3:
        for sig in SIGNATURES:
            if sig.shape != "run":
                continue
            inside = sum(1 for v in values if v in sig.values)
            if inside / n >= 0.8 and any(v != 0 for v in values) == (sig.values != (0x00,)):
                return (sig.meaning, sig.code, 0.75, f"{inside} of {n} bytes are in the value class {_hex(sig.values)}.", sig.source)
        if all(v == 0 for v in values):
            sig = SIGNATURES.rows[1]
            return (sig.meaning, sig.code, 0.75, f"all {n} bytes are 00.", sig.source)
    if n <= 2:
        products = [p for p in KNOWN_PRODUCTS if p.got == values[0]]
        lone = SIGNATURES.rows[0]
        if values[0] in lone.values:
            extra = "; ".join(f"{p.sent} at {p.tx} read at {p.rx}" for p in products)
            return (lone.meaning, lone.code, 0.6, "Known cases: " + extra if extra else "", lone.source)
        if products and values[0] != 0x00:
            p = products[0]
            kind = "serial.baud_mismatch" if p.kind == "baud" else "serial.framing_mismatch"
            cases = "; ".join(f"{q.sent} sent at {q.tx} and read at {q.rx}" for q in products)
            return (
                f"0x{values[0]:02X} is what a host reads for {p.sent} sent at {p.tx} and read at {p.rx}",
                kind,
                0.45,
                "Forward model, measured: " + cases + ". Other causes are possible; change the host rate and see whether the byte changes.",
                p.source,
            )
        if values[0] == 0x00:
            sig = SIGNATURES.rows[1]
            return ("00 is a BREAK or an idle-low line: " + sig.meaning, sig.code, 0.4, "", sig.source)
    return None


#: Linux termios speeds (asm-generic/termbits.h B50..B4000000): a rate outside it needs BOTHER
#: (termios2), which some drivers and libc versions refuse with EINVAL
TERMIOS_RATES = frozenset((50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000))
_RATE_NAMED = r"(?:serial\([^)\n]{0,80}?,\s*(?:baudrate\s*=\s*)?|baud(?:_?rate)?\s*[=:]?\s*|-b\s*)(\d{3,8})\b"
_LINE_WORDS = r"\b(?:parity|bytesize|databits|data bits|seven ?bits|stopbits|[78][neo][12]|parity_(?:even|odd|mark|space))\b"


def _custom_rate(parsed: ParsedInput) -> int | None:
    """The non-standard rate the input names, when it names one and no parity or data-size
    setting: then EINVAL from the port's configuration is the rate's, not the framing's."""
    if parsed.has(_LINE_WORDS):
        return None
    import re as _re

    for m in _re.finditer(_RATE_NAMED, parsed.lower):
        rate = int(m.group(1))
        if rate not in TERMIOS_RATES:
            return rate
    return None


def _rate_not_framing(findings: list[Finding], parsed: ParsedInput) -> list[Finding]:
    """EINVAL while configuring the port reads as pty_no_parity by default; with a custom rate
    named and no framing setting, the driver refused the rate (serial.baud_unsupported)."""
    if not any(f.code == "serial.pty_no_parity" for f in findings) or any(f.code == "serial.baud_unsupported" for f in findings):
        return findings
    rate = _custom_rate(parsed)
    if rate is None:
        return findings
    out: list[Finding] = []
    for f in findings:
        if f.code != "serial.pty_no_parity":
            out.append(f)
            continue
        out.append(Finding(
            "serial.baud_unsupported", DOMAIN,
            f"The driver refused the custom baud rate {rate}: it is not a termios speed, so it needs BOTHER/termios2, which this driver or C library refuses (EINVAL)",
            f"{rate} is not in the Linux termios speed table; pyserial sets such a rate with BOTHER (TCSETS2) and the port's configuration fails with errno 22. No parity or data-size setting is named, so the rate is the setting refused.",
            "error", 0.8, f.evidence + [Evidence("value", str(rate), "input", "a baud rate outside the termios table")],
            [FIXES["std_baud"]], ["Linux include/uapi/asm-generic/termbits.h (B50..B4000000, BOTHER); pyserial/pyserial serial/serialposix.py@v3.5 _set_special_baudrate()"]))
    return out


def assess(parsed: ParsedInput) -> Assessment | None:
    text = parsed.text
    cue_score, reasons = apply_cues(parsed, CUES)
    findings: list[Finding] = []
    meaning = ""
    score = 0.0
    seen: set[str] = set()
    lines = rows_for(HOST_LINES, text)  # the inventory's rows come after the hand-written port rows (the first row of a code wins)
    port_fixes = {**HOST_LINES.fixes, **FIXES} if lines else FIXES
    for row, m in matching(PORT_MESSAGES.rows + lines, text):
        if row.code in seen:
            continue
        seen.add(row.code)
        findings.append(message_finding(row, m, DOMAIN, port_fixes))
        score = max(score, 0.9 if row.confidence >= 0.6 else 0.5)
        meaning = meaning or row.meaning
        reasons.insert(0, f"{row.tool} prints this line ('{m.group(0)[:60]}')")
    if any(f.confidence >= 0.8 for f in findings):
        # a line that names the errno beats a tool's "busy or missing" guess printed above it
        findings = [f for f in findings if f.confidence >= 0.65]
    findings = _rate_not_framing(findings, parsed)
    values = parsed.byte_values
    first = parsed.first_byte
    if values and not findings:
        in_tool_line = bool(rx(BOOTLOADER_BYTE_LINES).search(text))
        got = [first] if first is not None and (parsed.is_bare_value is False or len(values) == 1) else values
        if len(values) > 2 and parsed.is_bare_value:
            got = values
        res = analyse(got)
        if res is not None:
            meaning_txt, code, conf, detail, source = res
            meaning = meaning_txt
            score = (0.25 if in_tool_line else (0.45 if conf >= 0.7 else 0.3)) + cue_score
            reasons.insert(0, f"{_hex(got)}: {meaning_txt}")
            if not in_tool_line:
                fixes = [FIXES["match_framing" if code == "serial.framing_mismatch" else "match_baud"], FIXES["read_more"]]
                if got and all(v == 0 for v in got):
                    fixes.insert(0, FIXES["check_wiring"])
                findings.append(Finding(code, DOMAIN, meaning_txt, detail, "error", conf, [Evidence("bytes", _hex(got), "input", "bytes the host read")], fixes, [source]))
        elif first == 0x68 or (first is not None and len(got) == 1 and 0x20 <= first <= 0x7E):
            meaning = f"0x{first:02X} is not the product of a common baud or framing mismatch: a repeatable 0x{first:02X} is a real byte"
            score = 0.2 + cue_score
            reasons.insert(0, meaning)
            if first == 0x68:
                findings.append(
                    Finding(
                        "serial.not_a_mismatch",
                        DOMAIN,
                        "0x68 is not what a baud or framing mismatch produces: the device really sent 0x68",
                        "Simulated exhaustively (every byte, 27 rates from 300 to 3 M baud, 5 framings, three receiver models): no common rate pair turns an isolated reply into 0x68, and no known handshake reply (MTK, STM32, ESP, STK500, AT, NMEA, M-Bus, DL/T 645) starts with 0x68 after a mismatch. A 0x68 is ASCII 'h' (text) or the start byte of an M-Bus / DL/T 645 / IEC 104 frame.",
                        "info",
                        0.5,
                        [Evidence("bytes", "68", "input", "not in the mismatch product tables")],
                        [FIXES["read_more"]],
                        [F_SERIAL + " §2.4-2.5 (forward model)"],
                    )
                )
        elif in_tool_line:
            score = 0.15 + cue_score
            meaning = "a byte inside a bootloader tool's message"
    if not findings and not meaning:
        if cue_score > 0 and parsed.has(r"\b(time ?out|timed out|no (response|reply|answer|data)|nothing (comes|came) back)\b"):
            meaning = "the serial peer does not answer"
            score = 0.3 + cue_score
            findings.append(
                Finding(
                    "serial.silent",
                    DOMAIN,
                    "Nothing comes back on the serial line",
                    "Silence has line causes (TX/RX swapped, no ground, wrong port, device held in reset, a baud so far off that nothing frames) and device causes (not in the mode that answers).",
                    "error",
                    0.4,
                    [Evidence("message", parsed.text[:120], "input", "timeout wording")],
                    [FIXES["check_wiring"], FIXES["list_ports"], FIXES["match_baud"]],
                    [F_SERIAL + " §2.3, §3.2"],
                )
            )
        elif cue_score > 0:
            meaning = "serial-line words without a recognised error"
            score = cue_score * 0.6
        else:
            return None
    return Assessment(DOMAIN, min(score, 0.95), meaning, reasons, findings, list(QUESTIONS))
