"""The ASCII reading of every byte, and the control characters that mean something on a wire.

Why in the core: a "stray byte" is often a character (0x68 is 'h' of "hello"/"help"/"http";
0x15 is NAK, which XMODEM and STK500 as STK_NOSYNC both send), and every embedded domain (the
boot loaders, the text domain) names the reading of the byte it explains. The printable range
is derived from chr(); the control names are a table because they are facts with a source.
The text domain lists the table in its ``TABLES``.
"""

from __future__ import annotations

from .knowledge.table import Table
from .record import record

ASCII_SRC = "ANSI X3.4-1986 (US-ASCII) = ISO/IEC 646 IRV; control names per ISO/IEC 6429 / RFC 20"


@record(frozen=True)
class ControlRow:
    value: int
    abbrev: str
    name: str
    wire_meaning: str  # what the byte commonly means on a serial/protocol wire
    source: str


CONTROLS = Table(
    "ascii_controls",
    (
        ControlRow(0x00, "NUL", "null", "a BREAK or an idle low line reads as 00; a much faster host reading a slow device sees runs of 00", ASCII_SRC + "; facts/serial.md §2.2"),
        ControlRow(0x01, "SOH", "start of heading", "XMODEM 128-byte block start", ASCII_SRC + "; XMODEM (Christensen 1977)"),
        ControlRow(0x02, "STX", "start of text", "frame start in many vendor protocols (e.g. 1K XMODEM block, Modbus-ASCII variants)", ASCII_SRC),
        ControlRow(0x03, "ETX", "end of text", "frame end in STX/ETX protocols; Ctrl-C", ASCII_SRC),
        ControlRow(0x04, "EOT", "end of transmission", "XMODEM end of file; Ctrl-D", ASCII_SRC),
        ControlRow(0x05, "ENQ", "enquiry", "poll byte of some meter and PLC protocols", ASCII_SRC),
        ControlRow(0x06, "ACK", "acknowledge", "XMODEM/YMODEM block acknowledged", ASCII_SRC),
        ControlRow(0x07, "BEL", "bell", "terminal bell", ASCII_SRC),
        ControlRow(0x08, "BS", "backspace", "console backspace", ASCII_SRC),
        ControlRow(0x09, "HT", "horizontal tab", "text", ASCII_SRC),
        ControlRow(0x0A, "LF", "line feed", "end of a text line", ASCII_SRC),
        ControlRow(0x0B, "VT", "vertical tab", "rare in text", ASCII_SRC),
        ControlRow(0x0C, "FF", "form feed", "rare in text", ASCII_SRC),
        ControlRow(0x0D, "CR", "carriage return", "end of a text line (AT modems end commands with CR)", ASCII_SRC),
        ControlRow(0x0E, "SO", "shift out", "rare", ASCII_SRC),
        ControlRow(0x0F, "SI", "shift in", "rare", ASCII_SRC),
        ControlRow(0x10, "DLE", "data link escape", "escape byte of DLE-framed protocols", ASCII_SRC),
        ControlRow(0x11, "DC1", "device control 1 (XON)", "software flow control: resume", ASCII_SRC),
        ControlRow(0x12, "DC2", "device control 2", "rare", ASCII_SRC),
        ControlRow(0x13, "DC3", "device control 3 (XOFF)", "software flow control: pause", ASCII_SRC),
        ControlRow(0x14, "DC4", "device control 4", "also STK500 STK_INSYNC (AVR061)", ASCII_SRC + "; Atmel AVR061"),
        ControlRow(0x15, "NAK", "negative acknowledge", "XMODEM 'start checksum mode / resend'; also STK500 STK_NOSYNC", ASCII_SRC + "; Atmel AVR061"),
        ControlRow(0x16, "SYN", "synchronous idle", "also the TLS handshake record type (22)", ASCII_SRC + "; RFC 8446 §5.1"),
        ControlRow(0x17, "ETB", "end of transmission block", "rare", ASCII_SRC),
        ControlRow(0x18, "CAN", "cancel", "XMODEM abort (sent twice)", ASCII_SRC),
        ControlRow(0x19, "EM", "end of medium", "rare", ASCII_SRC),
        ControlRow(0x1A, "SUB", "substitute", "Ctrl-Z, end of file in DOS text", ASCII_SRC),
        ControlRow(0x1B, "ESC", "escape", "start of an ANSI terminal escape sequence (colour, cursor)", ASCII_SRC + "; ECMA-48"),
        ControlRow(0x1C, "FS", "file separator", "rare", ASCII_SRC),
        ControlRow(0x1D, "GS", "group separator", "rare", ASCII_SRC),
        ControlRow(0x1E, "RS", "record separator", "rare", ASCII_SRC),
        ControlRow(0x1F, "US", "unit separator", "also STM32 bootloader NACK", ASCII_SRC + "; ST AN3155"),
        ControlRow(0x7F, "DEL", "delete", "also the STM32 bootloader autobaud byte sent by the host", ASCII_SRC + "; ST AN3155"),
    ),
    "ASCII control characters with their usual meaning on a wire",
)

_BY_VALUE = {r.value: r for r in CONTROLS}


def control(value: int) -> ControlRow | None:
    return _BY_VALUE.get(value)


def reading(value: int) -> str:
    """The ASCII reading of any byte, e.g. "'h'", "NAK (negative acknowledge)", "not ASCII (bit 7 set)"."""
    if 0x20 <= value <= 0x7E:
        return f"'{chr(value)}'" if value != 0x20 else "' ' (space)"
    row = _BY_VALUE.get(value)
    if row:
        return f"{row.abbrev} ({row.name})"
    low = value & 0x7F
    low_txt = f"'{chr(low)}'" if 0x20 <= low <= 0x7E else (_BY_VALUE[low].abbrev if low in _BY_VALUE else "?")
    return f"not ASCII (bit 7 set; {low_txt} with the top bit stripped)"


def is_texty(values: list[int] | tuple[int, ...]) -> bool:
    return bool(values) and all(0x20 <= v <= 0x7E or v in (0x09, 0x0A, 0x0D) for v in values)
