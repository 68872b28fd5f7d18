"""Knowledge of the `meter` domain: which frame a start byte opens, the line defaults, and the
messages of meter tools. The frame layouts themselves live in the codecs (mbus.py, dlt645.py,
iec104.py), which cite their standards."""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record
from ...device_knowledge import F_SERIAL, ToolMessage

EN13757 = "EN 13757-2 (M-Bus link layer; FT1.2 of IEC 60870-5-1 §6.2.4.2)"
DLT645 = "DL/T 645-2007 §7 (frame format); KTS-Intek/DLT645 dlt645defines.h (facts)"
IEC104 = "IEC 60870-5-104 §5 (APCI)"


@record(frozen=True)
class FrameStart:
    value: int
    protocol: str
    frame: str
    defaults: str
    next_step: str
    source: str


FRAME_STARTS = Table(
    "meter_frame_starts",
    (
        FrameStart(0x68, "M-Bus / IEC 60870-5-101 (FT1.2 long frame)", "68 L L 68 C A CI data CS 16", "2400 8E1 (M-Bus); 9600 8E1 (IEC 101)", "read the whole frame: the 4th byte is 68 again and L is repeated; CS = sum of C..data mod 256", EN13757 + "; " + F_SERIAL + " §4.7"),
        FrameStart(0x68, "DL/T 645", "(FE FE FE FE) 68 A0..A5 68 C L data CS 16", "2400 8E1", "read the whole frame: the 8th byte is 68 again after the 6-byte BCD address", DLT645 + "; " + F_SERIAL + " §4.7"),
        FrameStart(0x68, "IEC 60870-5-104 APDU", "68 L + 4 control octets (+ ASDU)", "TCP port 2404", "read L+2 bytes; the first control octet tells I/S/U format", IEC104 + "; " + F_SERIAL + " §4.7"),
        FrameStart(0x10, "M-Bus short frame", "10 C A CS 16", "2400 8E1", "5 bytes; CS = C + A mod 256", EN13757),
        FrameStart(0xE5, "M-Bus single character", "E5", "2400 8E1", "the acknowledge to SND_NKE / SND_UD: the meter is there", EN13757),
        FrameStart(0xFE, "DL/T 645 wake-up", "FE FE FE FE before 68", "2400 8E1", "skip the FE bytes; the frame starts at the next 68", DLT645),
    ),
    "Bytes that open a meter / telecontrol frame",
)

_LIBMBUS = "rscada/libmbus bin/mbus-serial-*.c (message text)"
MESSAGES = Table(
    "meter_messages",
    (
        ToolMessage(r"failed to receive m-?bus response frame", "libmbus", "no valid M-Bus answer arrived: wrong primary address, wrong baud/parity (M-Bus is usually 2400 8E1), or no level converter", "meter.no_reply", 0.7, _LIBMBUS, ("mbus_8e1", "mbus_scan")),
        ToolMessage(r"no m-?bus response frame received|m-?bus tcp transport layer response timeout|mbus_serial_recv_frame: timeout", "libmbus", "the request went out and nothing (or nothing complete) came back before the timeout: wrong primary address, wrong baud/parity, no level converter, or a slow gateway", "meter.no_reply", 0.75, "rscada/libmbus mbus/mbus-protocol-aux.c, mbus-serial.c, mbus-tcp.c (message text); rscada/libmbus issues #135, #207", ("mbus_8e1", "mbus_scan")),
        ToolMessage(r"MBusFrameDecodeError: \('empty frame'", "pyMeterBus", "recv_frame returned no bytes at all: the meter did not answer in the read timeout (wrong address, e.g. 254 is only for SND_NKE, baud/parity, or too short a timeout)", "meter.no_reply", 0.75, "ganehag/pyMeterBus meterbus/__init__.py load() (raises 'empty frame' on no data); ganehag/pyMeterBus issues #16, #31", ("mbus_8e1", "mbus_scan")),
        ToolMessage(r"failed to send m-?bus request frame|failed to setup connection to m-?bus", "libmbus", "the request could not be sent: the port or the gateway could not be opened", "meter.no_reply", 0.5, _LIBMBUS, ("mbus_8e1",)),
        ToolMessage(r"No or too long answer from Serial Device", "smartmeter-obis (ioBroker.smartmeter, node-red-contrib-smartmeter)", "no complete telegram arrived from the meter's optical/serial interface in the read time: the read head is off the meter's IR window or misaligned, the line settings (baud, 7E1/8N1, SML vs D0) are wrong, or another program reads the port", "meter.no_reply", 0.75, "Apollon77/smartmeter-obis (message text); observed: https://github.com/Apollon77/ioBroker.smartmeter/issues/210"),
        ToolMessage(r"timeout for testfr con|testfr con(?:firmation)? (?:timeout|not received)|startdt con(?:firmation)? (?:timeout|not received)", "lib60870 / IEC 104 stacks", "the IEC 104 peer did not confirm a U-frame (TESTFR or STARTDT act) within t1 (15 s by default), so the connection is closed: the station is gone, a firewall drops the idle link, or the peer's stack stalled", "meter.no_reply", 0.75, IEC104 + " (t1, U-format TESTFR/STARTDT); mz-automation/lib60870 cs104_slave.c ('Timeout for TESTFR CON message'), issue #115", ("iec104_startdt",)),
        ToolMessage(r"Collision at address \d+", "libmbus", "after SND_NKE to one primary address the answer was not a single clean ACK (E5): two or more meters share that address, or, when it happens at many addresses, the line garbles answers (a level converter that echoes, noise, wrong baud/parity)", "meter.collision", 0.85, "rscada/libmbus bin/mbus-serial-scan.c ('Collision at address'; MBUS_RECV_RESULT_INVALID); observed: https://github.com/rscada/libmbus/issues/199 (meters sharing a primary address), https://github.com/rscada/libmbus/issues/138 (every address: a line problem)", ("mbus_collision", "mbus_8e1")),
        ToolMessage(r"failed decryption\. Wrong key\?|decrypted content failed check, did you use the correct decryption key|decrypt check bytes \(ERROR should be 2f2f\)", "wmbusmeters", "the telegram was decrypted with the configured AES key and the result failed its check (no 2F2F at the start): the key is not this meter's (a few meters that do not put 2F2F there trigger it too)", "meter.decryption_failed", 0.9, "wmbusmeters src/wmbus.cc potentiallyDecrypt() (message text); OMS Specification Vol. 2 §9 (2F2F decryption verification); observed: https://github.com/wmbusmeters/wmbusmeters/issues/1242, https://github.com/wmbusmeters/wmbusmeters/issues/656, https://github.com/wmbusmeters/wmbusmeters/issues/2062", ("wmbus_key",)),
        ToolMessage(r"decrypted payload crc failed check, did you use the correct decryption key", "wmbusmeters", "an ELL (AES-CTR) telegram decrypted to a payload whose CRC is wrong: a wrong AES key for this meter, or bytes that are not the meter's at the end of the frame (the receiver's RSSI/LQI suffix) taken into the decryption and the CRC", "meter.decryption_failed", 0.75, "wmbusmeters src/wmbus.cc parseELL (payload crc over every byte to the frame's end), src/wmbus_utils.cc decrypt_ELL_AES_CTR@3.0.0-33-g4dedd717", ("wmbus_key",)),
        ToolMessage(r"mbus-serial-scan\b[^\n]{0,120}?\b(?:did not|didn't|does not|doesn't|could not|couldn't|cannot|can't) (?:find|see|detect)\b|mbus-serial-scan\b[^\n]{0,120}?\b(?:no|none of the|not a single) (?:slaves?|devices?|meters?)\b|mbus-serial-scan\b[^\n]{0,120}?\b(?:finds|found|shows?) (?:nothing|no\b)", "libmbus mbus-serial-scan", "the scan got no answer at any primary address: it pings each address once (no retry unless -r) and gives it three reads of VTIME (0.2 s at 9600, 0.3 s at 2400, 1.3 s at 300 baud) before moving on, so a meter, master or level converter that answers later than that is never seen (a tool with a longer answer window finds it)", "meter.reply_timeout_too_short", 0.6, "rscada/libmbus bin/mbus-serial-scan.c main()/ping_address() (silent on MBUS_RECV_RESULT_TIMEOUT, 'Found a M-Bus device at address %d' only on an ACK; retries default 0), mbus/mbus-serial.c mbus_serial_set_baudrate() VTIME per rate and mbus_serial_recv_frame() (3 empty reads)@0.10.0; EN 13757-2 / EN 60870-5-1 answer time 11 bit times to 330 bit times + 50 ms", ("mbus_scan_window", "reply_timeout", "mbus_8e1")),
        ToolMessage(r"mbus-serial-scan\b(?![^\n]{0,80}?-b ?\d)[^\n]{0,120}?\b(?:did not|didn't|does not|doesn't|could not|couldn't|cannot|can't) (?:find|see|detect)\b|mbus-serial-scan\b(?![^\n]{0,80}?-b ?\d)[^\n]{0,120}?\b(?:no|none of the|not a single) (?:slaves?|devices?|meters?)\b", "libmbus mbus-serial-scan", "without -b the scan runs at 9600 baud; most M-Bus meters answer at 2400 (some at 300) only", "meter.no_reply", 0.55, "rscada/libmbus bin/mbus-serial-scan.c main() (long baudrate = 9600; usage '[-d] [-b BAUDRATE] [-r RETRIES] device')@0.10.0", ("mbus_8e1", "mbus_scan")),
        ToolMessage(r"\bmbus-serial-\w+|\blibmbus\b|\bpymbus\b|\bpymeterbus\b|\bmeterbus\b", "libmbus / pyMeterBus", "an M-Bus tool", "", 0.0, "program names"),
    ),
    "Messages of meter tools",
)

_IEC21 = "IEC 62056-21:2002 §6.3.3 (acknowledgement/option select message ACK V Z Y CR LF), §6.4.5.3 (mode C: after it both sides change to the rate of Z; the data message follows at that rate)"
_PWITAB = "pwitab/iec62056-21 iec62056_21/messages.py AckOptionSelectMessage.__repr__, client.py ack_with_option_select()/standard_readout(), transports.py read() (STX..ETX; 'Read in ... timed out')@v0.0.2"


@record(frozen=True)
class AckForm:
    """How a log shows the IEC 62056-21 acknowledgement/option select the host sent (``z``: the
    baud rate character, ``y``: the mode, 0 readout / 1 programming)."""

    pattern: str
    tool: str
    source: str


ACK_FORMS = Table(
    "iec62056_ack_forms",
    (
        AckForm(r"AckOptionSelectMessage\(baud_char='(?P<z>[0-9A-Za-z])', mode_char='(?P<y>[0-9])'\)", "pwitab/iec62056-21", _PWITAB),
        AckForm(r"\\x06(?P<v>[0-9])(?P<z>[0-9A-Z])(?P<y>[0-9])\\r\\n", "a Python bytes log of the ACK sent", _IEC21 + " (the bytes 06 V Z Y 0D 0A, as Python's repr writes them)"),
    ),
    "How a log shows the IEC 62056-21 acknowledgement the host sent",
)

#: After the acknowledgement: text that shows the data message did arrive (STX ... ETX BCC, a data
#: set such as 1.8.0(...)), and text that shows the read gave up.
IEC21_READOUT_SEEN = r"\\x02|\x02|Received response|\b\d{1,3}\.\d{1,3}\.\d{1,3}(?:\*\d{1,3})?\([^)\n]{0,40}\)"
IEC21_READ_FAILED = r"timed out|TimeoutError|\btimeout\b|no (?:data|answer|response|readout)|Received b''"

TABLES = (FRAME_STARTS, MESSAGES, ACK_FORMS)


def starts(value: int) -> list[FrameStart]:
    return [r for r in FRAME_STARTS if r.value == value]
