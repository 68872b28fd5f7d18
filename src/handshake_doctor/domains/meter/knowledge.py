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
        ToolMessage(r"failed decryption\. Wrong key\?|decrypted (?:content|payload crc) failed check, did you use the correct decryption key|decrypt check bytes \(ERROR should be 2f2f\)", "wmbusmeters", "the telegram was decrypted with the configured AES key and the result failed its check (no 2F2F at the start, or a wrong payload CRC): the key is not this meter's (a few meters that do not put 2F2F there trigger it too)", "meter.decryption_failed", 0.9, "wmbusmeters src/wmbus.cc potentiallyDecrypt() (message text); OMS Specification Vol. 2 §9 (2F2F decryption verification); observed: https://github.com/wmbusmeters/wmbusmeters/issues/1242, https://github.com/wmbusmeters/wmbusmeters/issues/656, https://github.com/wmbusmeters/wmbusmeters/issues/2062", ("wmbus_key",)),
        ToolMessage(r"\bmbus-serial-\w+|\blibmbus\b|\bpymbus\b|\bpymeterbus\b|\bmeterbus\b", "libmbus / pyMeterBus", "an M-Bus tool", "", 0.0, "program names"),
    ),
    "Messages of meter tools",
)

TABLES = (FRAME_STARTS, MESSAGES)


def starts(value: int) -> list[FrameStart]:
    return [r for r in FRAME_STARTS if r.value == value]
