"""How the `text` domain reads an input: is the unexpected byte a character someone printed?"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...model import Assessment, Evidence, Finding, Fix, Question, Snippet
from ...textparse import ParsedInput
from .knowledge import ASCII_SRC, control, is_texty, reading

DOMAIN = "text"

CUES = (
    Cue(r"\b(sketch|firmware is running|app(lication)? mode|console|shell|prompt|banner|boot ?log|printf|serial monitor|prints?|hello)\b", 0.25, "the text mentions a program that prints"),
    Cue(r"\b(terminal|minicom|picocom|putty|screen|miniterm)\b", 0.1, "a terminal program is involved"),
    Cue(r"\b(apdu|sw1|status word|smart ?card)\b", -0.2, "smart-card words point away from text"),
    Cue(r"\b(tls|ssl|https)\b", -0.1, "TLS words point at a TLS stack"),
)

PEEK = Snippet(
    "pyserial",
    "import serial  # read what the device prints, at its own rate\n"
    "with serial.Serial('/dev/ttyUSB0', 115200, timeout=2) as s:\n"
    "    print(s.read(256))",
)


#: Words a device commonly prints first, by their first letter (what a lone first byte may begin).
_FIRST_WORDS = {
    "h": ("hello", "help", "http"), "H": ("Hello", "HTTP/1.1"), "E": ("Error", "ERROR"), "e": ("error",),
    "O": ("OK",), "R": ("Ready", "RDY"), "B": ("Boot", "BOOT"), "U": ("U-Boot",), "W": ("Welcome", "WARNING"),
    "I": ("Info", "INIT"), "S": ("Starting", "SSH-2.0"), "$": ("$GPGGA (NMEA)",), ">": ("> (a prompt)",),
    "#": ("# (a root prompt)",), "l": ("login:",), "r": ("rst:0x1 (ESP boot log)",),
}


def _examples(value: int) -> str:
    words = _FIRST_WORDS.get(chr(value), ())
    return f"; a first byte of {reading(value)} fits {', '.join(repr(w) for w in words)}" if words else ""


def assess(parsed: ParsedInput) -> Assessment | None:
    values = parsed.byte_values
    if not values:
        return None
    first = parsed.first_byte if parsed.first_byte is not None else values[0]
    cue_score, reasons = apply_cues(parsed, CUES)
    findings: list[Finding] = []
    if is_texty(values) or (0x20 <= first <= 0x7E):
        texty_run = is_texty(values) and len(values) >= 3
        score = (0.35 if texty_run else 0.2) + cue_score
        shown = "".join(chr(v) for v in values) if texty_run else chr(first)
        meaning = f"ASCII {reading(first)}" + (f": the text {shown!r}" if texty_run else "")
        findings.append(
            Finding(
                code="text.printable_reply",
                domain=DOMAIN,
                severity="warning",
                confidence=0.6 if texty_run else 0.4,
                summary=f"0x{first:02X} is ASCII {reading(first)}: the peer may be printing text, not answering the handshake",
                detail=(
                    "A program that prints (a running sketch or application, a shell, a boot log) answers any "
                    f"byte with its own text{_examples(first)}. Common baud-rate or framing mismatches turn a "
                    "short reply into low-entropy bytes (00, 80, E0, F8, FE) or framing errors, not into a lone "
                    "printable letter (facts/serial.md §2.4-2.5), so a repeatable printable byte is most likely "
                    "real text."
                ),
                evidence=[Evidence("bytes", " ".join(f"{v:02X}" for v in values[:32]), "input", meaning)],
                fixes=[
                    Fix("Open the port in a terminal at the device's baud rate and read what it prints.", "user",
                        "python3 -m serial.tools.miniterm /dev/ttyUSB0 115200", (PEEK,)),
                    Fix("If the device should be in a bootloader, put it there (BOOT/reset button, boot pins, DTR/RTS reset) before the tool connects.", "device"),
                ],
                sources=[ASCII_SRC, "facts/serial.md §2.4-2.5 (forward model: mismatches never yield a lone 0x68)"],
            )
        )
        reasons = [f"0x{first:02X} is printable ASCII {reading(first)}"] + reasons
    else:
        row = control(first)
        if row is None:
            return None
        score = 0.12 + cue_score
        meaning = f"ASCII control {row.abbrev}: {row.wire_meaning}"
        findings.append(
            Finding(
                code="text.control_byte",
                domain=DOMAIN,
                severity="info",
                confidence=0.3,
                summary=f"0x{first:02X} is ASCII {row.abbrev} ({row.name}): {row.wire_meaning}",
                evidence=[Evidence("bytes", f"{first:02X}", "input", f"{row.abbrev}")],
                sources=[row.source],
            )
        )
        reasons = [f"0x{first:02X} is the control character {row.abbrev}"] + reasons
    return Assessment(
        DOMAIN,
        score,
        meaning,
        reasons,
        findings,
        [Question("Do more printable characters follow the byte (e.g. 'hello', 'help', 'http')? Read the port in a terminal.", ("text", "serial"))],
    )
