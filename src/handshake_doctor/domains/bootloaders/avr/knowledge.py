"""Knowledge of the `bootloader.avr` domain: STK500v1 bytes (Optiboot / Arduino), AVR device
signatures, what avrdude's ``resp=0x..`` value means by class, and avrdude's messages."""

from __future__ import annotations

from ....knowledge.table import Table
from ....record import record
from ....device_knowledge import F_SERIAL, ToolMessage

AVR061 = "Atmel AVR061 'STK500 Communication Protocol' (command.h constants)"
AVRDUDE = "avrdude stk500.c (message text; avrdude 7.1 measured in facts/serial.md §3.2)"


@record(frozen=True)
class ProtocolByte:
    value: int
    name: str
    meaning: str
    role: str  # "reply", "command", "eop"
    writes: bool  # a command that changes the device: our probes never send it
    source: str


STK500 = Table(
    "stk500v1_bytes",
    (
        ProtocolByte(0x14, "STK_INSYNC", "first byte of every good answer", "reply", False, AVR061),
        ProtocolByte(0x10, "STK_OK", "last byte of a good answer", "reply", False, AVR061),
        ProtocolByte(0x15, "STK_NOSYNC", "the command did not end with CRC_EOP 0x20: out of sync", "reply", False, AVR061),
        ProtocolByte(0x11, "STK_FAILED", "the command failed", "reply", False, AVR061),
        ProtocolByte(0x12, "STK_UNKNOWN", "unknown command", "reply", False, AVR061),
        ProtocolByte(0x13, "STK_NODEVICE", "no target device", "reply", False, AVR061),
        ProtocolByte(0x20, "CRC_EOP", "end of every command", "eop", False, AVR061),
        ProtocolByte(0x30, "GET_SYNC", "30 20 -> 14 10: the handshake", "command", False, AVR061),
        ProtocolByte(0x31, "GET_SIGN_ON", "31 20 -> 14 'AVR STK' 10", "command", False, AVR061),
        ProtocolByte(0x41, "GET_PARAMETER", "41 p 20 -> 14 v 10", "command", False, AVR061),
        ProtocolByte(0x42, "SET_DEVICE", "20 parameter bytes; sets programming parameters, not memory", "command", False, AVR061),
        ProtocolByte(0x45, "SET_DEVICE_EXT", "extended parameters", "command", False, AVR061),
        ProtocolByte(0x50, "ENTER_PROGMODE", "enter programming mode", "command", False, AVR061),
        ProtocolByte(0x51, "LEAVE_PROGMODE", "leave programming mode", "command", False, AVR061),
        ProtocolByte(0x52, "CHIP_ERASE", "erases the chip", "command", True, AVR061),
        ProtocolByte(0x55, "LOAD_ADDRESS", "set the word address", "command", False, AVR061),
        ProtocolByte(0x56, "UNIVERSAL", "raw 4-byte SPI instruction (can write fuses)", "command", True, AVR061),
        ProtocolByte(0x64, "PROG_PAGE", "writes a flash/EEPROM page", "command", True, AVR061),
        ProtocolByte(0x74, "READ_PAGE", "reads a page", "command", False, AVR061),
        ProtocolByte(0x75, "READ_SIGN", "75 20 -> 14 s1 s2 s3 10", "command", False, AVR061),
    ),
    "STK500v1 protocol bytes",
)


@record(frozen=True)
class Signature:
    sig: int  # three bytes, e.g. 0x1E950F
    part: str
    avrdude_id: str
    source: str


_SIG = "avrdude.conf 'signature' lines; Microchip datasheets, 'Signature Bytes'"
SIGNATURES = Table(
    "avr_signatures",
    (
        Signature(0x1E950F, "ATmega328P", "m328p", _SIG),
        Signature(0x1E9514, "ATmega328", "m328", _SIG),
        Signature(0x1E9516, "ATmega328PB", "m328pb", _SIG),
        Signature(0x1E9406, "ATmega168", "m168", _SIG),
        Signature(0x1E940B, "ATmega168P", "m168p", _SIG),
        Signature(0x1E930A, "ATmega88", "m88", _SIG),
        Signature(0x1E9205, "ATmega48", "m48", _SIG),
        Signature(0x1E9307, "ATmega8", "m8", _SIG),
        Signature(0x1E9502, "ATmega32", "m32", _SIG),
        Signature(0x1E9587, "ATmega32U4", "m32u4", _SIG),
        Signature(0x1E9801, "ATmega2560", "m2560", _SIG),
        Signature(0x1E9703, "ATmega1280", "m1280", _SIG),
        Signature(0x1E9705, "ATmega1284P", "m1284p", _SIG),
        Signature(0x1E960A, "ATmega644P", "m644p", _SIG),
        Signature(0x1E930B, "ATtiny85", "t85", _SIG),
        Signature(0x1E9206, "ATtiny45", "t45", _SIG),
        Signature(0x1E9108, "ATtiny25", "t25", _SIG),
        Signature(0x1E9007, "ATtiny13", "t13", _SIG),
        Signature(0x1E910A, "ATtiny2313", "t2313", _SIG),
        Signature(0x1E930C, "ATtiny84", "t84", _SIG),
    ),
    "AVR device signatures (READ_SIGN answer)",
)


@record(frozen=True)
class RespClass:
    """What avrdude's ``not in sync: resp=0xNN`` means for a class of NN (GET_SYNC was sent)."""

    lo: int
    hi: int
    code: str
    confidence: float
    meaning: str
    source: str
    fixes: tuple[str, ...]


RESP_CLASSES = Table(
    "avrdude_resp_classes",
    (
        RespClass(0x00, 0x00, "bootloader.avr.no_reply", 0.75, "nothing usable came back (avrdude shows 0x00 when it read nothing or a BREAK): the board was not reset into its bootloader, the port or board is wrong, the bootloader is missing, or the RX/TX path is broken", AVRDUDE + "; " + F_SERIAL + " §4.4; arduino/Arduino issues (resp=0x00 is the most reported value)", ("press_reset", "check_port", "burn_bootloader")),
        RespClass(0x30, 0x30, "serial.echo", 0.6, "0x30 is avrdude's own GET_SYNC byte coming back: something echoes (a loopback, TX tied to RX, an adapter echo, or a target held in reset while the USB chip loops)", AVR061 + " (GET_SYNC = 0x30)", ("press_reset", "check_port")),
        RespClass(0x20, 0x20, "serial.echo", 0.5, "0x20 is avrdude's own CRC_EOP byte coming back: something echoes what the host sends", AVR061 + " (CRC_EOP = 0x20)", ("check_port",)),
        RespClass(0x15, 0x15, "bootloader.avr.nosync", 0.55, "STK_NOSYNC: an STK500 answered but received bytes it did not expect (host at another baud, or leftovers of an earlier attempt)", AVR061, ("baud", "press_reset")),
        RespClass(0x0A, 0x0A, "bootloader.avr.sketch_running", 0.7, "0x0A is a line feed: a running sketch ends a printed line", "ANSI X3.4 (ASCII); " + F_SERIAL + " §3.2", ("press_reset", "close_monitor", "burn_bootloader")),
        RespClass(0x0D, 0x0D, "bootloader.avr.sketch_running", 0.7, "0x0D is a carriage return: a running sketch ends a printed line", "ANSI X3.4 (ASCII); " + F_SERIAL + " §3.2", ("press_reset", "close_monitor", "burn_bootloader")),
        RespClass(0x21, 0x7E, "bootloader.avr.sketch_running", 0.85, "a printable character: a running sketch (or another program) printing text answered instead of the bootloader", F_SERIAL + " §3.2 (measured: a device printing 'hello from sketch' makes avrdude print resp=0x68) and §2.4-2.5 (no common mismatch yields 0x68)", ("press_reset", "close_monitor", "burn_bootloader")),
        RespClass(0x01, 0x1F, "serial.baud_mismatch", 0.55, "a control value that is not an STK500 reply: most often the bootloader at another baud rate (0x0C = Optiboot's NOSYNC at 115200 read at 57600)", F_SERIAL + " §2.2, §3.2 (avrdude -b 57600 vs a 115200 bootloader: resp=0x0c)", ("baud", "press_reset")),
        RespClass(0x7F, 0xFF, "serial.baud_mismatch", 0.7, "a byte with bit 7 set: the bootloader answered at another baud rate (avrdude -b 19200 vs a 115200 bootloader gave resp=0xef); Uno/Optiboot is 115200, older Nano/Duemilanove 57600", F_SERIAL + " §2.2, §3.2", ("baud", "press_reset")),
    ),
    "avrdude 'not in sync: resp=0xNN' by value class",
)

_ARD = "text as reported in arduino/Arduino and arduino/arduino-pro-ide issues"
MESSAGES = Table(
    "avrdude_messages",
    (
        ToolMessage(r"not in sync: resp=0x(?P<resp>[0-9a-f]{1,2})\b", "avrdude", "STK500 GET_SYNC (30 20) was answered by another byte than 14 (STK_INSYNC)", "", 0.0, AVRDUDE + "; " + _ARD),
        ToolMessage(r"stk500_recv\(\): programmer is not responding", "avrdude", "nothing came back within the timeout", "bootloader.avr.no_reply", 0.6, AVRDUDE + "; " + _ARD, ("press_reset", "check_port", "burn_bootloader")),
        ToolMessage(r"stk500v2_(?:receivemessage\(\): timeout|getsync\(\): timeout communicating with programmer)", "avrdude", "an STK500v2 bootloader (e.g. the Mega 2560's, -c wiring) did not answer", "bootloader.avr.no_reply", 0.65, "avrdude stk500v2.c (message text)", ("wiring_mega", "press_reset", "check_port")),
        ToolMessage(r"sending 3020: receivedata timeout", "stk500 (node)", "the Node.js stk500 uploader sent STK_GET_SYNC (30 20) and nothing answered in time", "bootloader.avr.no_reply", 0.7, "nodebots stk500 lib/sendCommand.js (message text); nodebots/nodebots-interchange#27", ("press_reset", "check_port")),
        ToolMessage(r"butterfly_recv\(\): programmer is not responding", "avrdude", "an AVR109 bootloader (Caterina: Leonardo, Micro, Pro Micro) did not answer: it runs only ~8 s after the 1200-baud reset", "bootloader.avr.no_reply", 0.7, "avrdude butterfly.c (message text)", ("caterina",)),
        ToolMessage(r"jtagmkii_getsync\(\)|jtag3_getsync\(\)|jtagmkii_recv\(\)", "avrdude", "a JTAG ICE / debugger programmer did not answer its sign-on", "bootloader.avr.no_reply", 0.5, "avrdude jtagmkII.c / jtag3.c (message names)", ("check_port",)),
        ToolMessage(r"expected signature for (?P<part>[\w-]+) is (?P<exp>(?:[0-9a-f]{2} ?){3})", "avrdude", "the chip answered with another signature than the part named by -p", "bootloader.avr.signature_mismatch", 0.8, "avrdude main.c / avr.c (message text)", ("right_part",)),
        ToolMessage(r"yikes!\s+invalid device signature", "avrdude", "the signature read back is 00 00 00 or FF FF FF: the programmer cannot talk to the chip (ISP wiring, target power, clock fuses)", "bootloader.avr.signature_mismatch", 0.7, "avrdude main.c (message text)", ("isp_wiring", "right_part")),
        ToolMessage(r"device signature = 0x(?P<sig>[0-9a-f]{6})", "avrdude", "the signature avrdude read from the chip", "", 0.0, "avrdude main.c (message text)"),
        ToolMessage(r"\bavrdude(?:\.exe)?\b", "avrdude", "avrdude is the tool", "", 0.0, "avrdude (program name)"),
    ),
    "avrdude messages",
)

TABLES = (STK500, SIGNATURES, RESP_CLASSES, MESSAGES)

_BY_SIG = {r.sig: r for r in SIGNATURES}
_BY_BYTE = {r.value: r for r in STK500}


def signature(sig: int) -> Signature | None:
    return _BY_SIG.get(sig)


def protocol_byte(value: int) -> ProtocolByte | None:
    return _BY_BYTE.get(value)


def resp_class(value: int) -> RespClass | None:
    for row in RESP_CLASSES:
        if row.lo <= value <= row.hi:
            return row
    return None
