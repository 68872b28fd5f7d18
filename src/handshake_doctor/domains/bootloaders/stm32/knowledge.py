"""Knowledge of the `bootloader.stm32` domain: the AN3155 USART bootloader bytes and commands,
product IDs (GET_ID answer), and the messages of stm32flash and STM32CubeProgrammer."""

from __future__ import annotations

from ....knowledge.table import Table
from ....record import record
from ....device_knowledge import F_SERIAL, ToolMessage

AN3155 = "ST AN3155 'USART protocol used in the STM32 bootloader' §2-3"
_PID = "ST AN2606 (device-dependent bootloader parameters, PID per product line); stm32flash dev_table.c (id/name pairs)"
STM32FLASH = "stm32flash 0.7 stm32.c / main.c (message text; measured in facts/serial.md §3)"


@record(frozen=True)
class Command:
    value: int
    name: str
    answer: str
    changes_device: bool  # write/erase/go/protect: never sent by our probes
    source: str


COMMANDS = Table(
    "an3155_commands",
    (
        Command(0x7F, "autobaud / sync", "79 ACK (1F NACK when already synced)", False, AN3155),
        Command(0x00, "GET", "79 N version cmd... 79", False, AN3155),
        Command(0x01, "GET_VERSION (and read protection status)", "79 version opt1 opt2 79", False, AN3155),
        Command(0x02, "GET_ID", "79 01 PID_hi PID_lo 79", False, AN3155),
        Command(0x11, "READ_MEMORY", "79, address, 79, count, 79 + data (NACK under read-out protection)", False, AN3155),
        Command(0x21, "GO", "jumps to user code", True, AN3155),
        Command(0x31, "WRITE_MEMORY", "writes RAM/flash", True, AN3155),
        Command(0x43, "ERASE", "erases pages (bootloader versions < 3.0)", True, AN3155),
        Command(0x44, "EXTENDED_ERASE", "erases pages (bootloader v3.0+; replaces 43)", True, AN3155),
        Command(0x63, "WRITE_PROTECT", "sets write protection, resets", True, AN3155),
        Command(0x73, "WRITE_UNPROTECT", "clears write protection, resets", True, AN3155),
        Command(0x82, "READOUT_PROTECT", "sets read-out protection, resets", True, AN3155),
        Command(0x92, "READOUT_UNPROTECT", "clears read-out protection AND mass-erases flash", True, AN3155),
        Command(0xA1, "GET_CHECKSUM", "CRC of a memory area (bootloader v3.3+)", False, AN3155),
    ),
    "AN3155 commands (each sent as the byte and its complement)",
)


@record(frozen=True)
class ReplyByte:
    value: int
    name: str
    meaning: str
    source: str


REPLIES = Table(
    "an3155_replies",
    (
        ReplyByte(0x79, "ACK", "accepted (the answer to 7F when the bootloader runs and the framing is right)", AN3155),
        ReplyByte(0x1F, "NACK", "refused: a bad command, protection, or 7F sent to an already-synced bootloader", AN3155),
    ),
    "AN3155 reply bytes",
)


@record(frozen=True)
class DeviceId:
    pid: int
    name: str
    source: str


DEVICE_IDS = Table(
    "stm32_product_ids",
    (
        DeviceId(0x410, "STM32F10xxx medium-density", _PID),
        DeviceId(0x411, "STM32F2xxxx", _PID),
        DeviceId(0x412, "STM32F10xxx low-density", _PID),
        DeviceId(0x413, "STM32F40xxx/41xxx", _PID),
        DeviceId(0x414, "STM32F10xxx high-density", _PID),
        DeviceId(0x415, "STM32L47xxx/48xxx", _PID),
        DeviceId(0x416, "STM32L1xxx medium-density", _PID),
        DeviceId(0x417, "STM32L05xxx/06xxx", _PID),
        DeviceId(0x418, "STM32F105xx/107xx (connectivity line)", _PID),
        DeviceId(0x419, "STM32F42xxx/43xxx", _PID),
        DeviceId(0x420, "STM32F10xxx medium-density value line", _PID),
        DeviceId(0x421, "STM32F446xx", _PID),
        DeviceId(0x422, "STM32F302xB(C)/303xB(C)/358xx", _PID),
        DeviceId(0x423, "STM32F401xB(C)", _PID),
        DeviceId(0x425, "STM32L031xx/041xx", _PID),
        DeviceId(0x427, "STM32L1xxx medium-density plus", _PID),
        DeviceId(0x428, "STM32F10xxx high-density value line", _PID),
        DeviceId(0x429, "STM32L1xxx category 2", _PID),
        DeviceId(0x430, "STM32F10xxx XL-density", _PID),
        DeviceId(0x431, "STM32F411xx", _PID),
        DeviceId(0x432, "STM32F37xxx/38xxx", _PID),
        DeviceId(0x433, "STM32F401xD(E)", _PID),
        DeviceId(0x434, "STM32F469xx/479xx", _PID),
        DeviceId(0x435, "STM32L43xxx/44xxx", _PID),
        DeviceId(0x436, "STM32L1xxx high-density", _PID),
        DeviceId(0x437, "STM32L152RE", _PID),
        DeviceId(0x438, "STM32F334xx/303x6(8)/328xx", _PID),
        DeviceId(0x439, "STM32F301xx/302x4(6/8)/318xx", _PID),
        DeviceId(0x440, "STM32F030x8/05xxx", _PID),
        DeviceId(0x441, "STM32F412xx", _PID),
        DeviceId(0x442, "STM32F030xC/09xxx", _PID),
        DeviceId(0x444, "STM32F03xx4/6", _PID),
        DeviceId(0x445, "STM32F04xxx/070x6", _PID),
        DeviceId(0x446, "STM32F302xD(E)/303xD(E)/398xx", _PID),
        DeviceId(0x447, "STM32L07xxx/08xxx", _PID),
        DeviceId(0x448, "STM32F070xB/071xx/072xx", _PID),
        DeviceId(0x449, "STM32F74xxx/75xxx", _PID),
        DeviceId(0x450, "STM32H74xxx/75xxx", _PID),
        DeviceId(0x451, "STM32F76xxx/77xxx", _PID),
        DeviceId(0x452, "STM32F72xxx/73xxx", _PID),
        DeviceId(0x457, "STM32L01xxx/02xxx", _PID),
        DeviceId(0x458, "STM32F410xx", _PID),
        DeviceId(0x460, "STM32G07xxx/08xxx", _PID),
        DeviceId(0x461, "STM32L496xx/4A6xx", _PID),
        DeviceId(0x462, "STM32L45xxx/46xxx", _PID),
        DeviceId(0x463, "STM32F413xx/423xx", _PID),
        DeviceId(0x464, "STM32L41xxx/42xxx", _PID),
        DeviceId(0x466, "STM32G03xxx/04xxx", _PID),
        DeviceId(0x467, "STM32G0B1xx/0C1xx", _PID),
        DeviceId(0x468, "STM32G431xx/441xx", _PID),
        DeviceId(0x469, "STM32G47xxx/48xxx", _PID),
        DeviceId(0x470, "STM32L4Rxx/4Sxx", _PID),
        DeviceId(0x471, "STM32L4P5xx/Q5xx", _PID),
        DeviceId(0x472, "STM32L552xx/562xx", _PID),
        DeviceId(0x479, "STM32G491xx/4A1xx", _PID),
        DeviceId(0x480, "STM32H7A3xx/7B3xx/7B0xx", _PID),
        DeviceId(0x482, "STM32U575xx/585xx", _PID),
        DeviceId(0x483, "STM32H72xxx/73xxx", _PID),
        DeviceId(0x495, "STM32WB55xx/35xx", _PID),
        DeviceId(0x496, "STM32WB10xx/15xx", _PID),
        DeviceId(0x497, "STM32WLE5xx/WL55xx", _PID),
    ),
    "STM32 product IDs returned by GET_ID",
)

_CUBE = "STM32CubeProgrammer CLI (message text, as reported in public issues and ST community threads)"
MESSAGES = Table(
    "stm32_messages",
    (
        ToolMessage(r"failed to init device, timeout", "stm32flash", "nothing answered 0x7F: not in the system bootloader (BOOT0 low), TX/RX swapped or on the wrong USART, or the wrong port", "bootloader.stm32.no_reply", 0.75, STM32FLASH + "; " + F_SERIAL + " §4.2", ("boot0", "wiring", "baud")),
        ToolMessage(r"failed to init device\.?(?![,\w])", "stm32flash", "another byte than ACK/NACK answered 0x7F: the application (not the bootloader) is running and talking, or another device is on the port", "bootloader.stm32.not_in_bootloader", 0.65, STM32FLASH + "; " + F_SERIAL + " §3.2 (a device printing text gives this)", ("boot0", "wiring")),
        ToolMessage(r"failed to read ack byte", "stm32flash", "the bootloader ACKed 0x7F and then stopped answering: the host is not using 8E1 (even parity), so the commands after 7F arrive with framing/parity errors", "bootloader.stm32.parity_mismatch", 0.75, STM32FLASH + "; " + F_SERIAL + " §3.2 (measured: 8N1 host vs 8E1 device)", ("parity", "real_8e1")),
        ToolMessage(r"unexpected reply from device on command 0x(?P<cmd>[0-9a-f]{2})", "stm32flash", "a command after the sync got no valid ACK", "bootloader.stm32.parity_mismatch", 0.6, STM32FLASH + "; " + F_SERIAL + " §3.2", ("parity", "real_8e1")),
        ToolMessage(r"can't init(?: into bootloader)?\. ensure that boot0 is enabled|bootloader activation timeout", "stm32loader", "stm32loader sent 0x7F and got no ACK: the chip is not in its system bootloader (BOOT0 high, then reset), or TX/RX/power is wrong", "bootloader.stm32.not_in_bootloader", 0.75, "florisla/stm32loader bootloader.py (message text); florisla/stm32loader#57; jsnyder/stm32loader#8", ("boot0", "wiring")),
        ToolMessage(r"chip id: 0x(?P<pid>[0-9a-f]{3,4}) \(unknown\)", "stm32loader", "the bootloader answered GET_ID with a product ID stm32loader has no entry for", "bootloader.stm32.unknown_device", 0.7, "florisla/stm32loader main.py (message text); florisla/stm32loader#24", ("newer_tool",)),
        ToolMessage(r"the interface was not closed properly", "stm32flash", "the bootloader answered NACK to 0x7F: it is already synced from an earlier session (harmless; reset the chip for a clean start)", "bootloader.stm32.already_synced", 0.6, STM32FLASH + "; " + F_SERIAL + " §3.1", ("reset_chip",), "warning"),
        ToolMessage(r"unknown/unsupported device \(device id: 0x(?P<pid>[0-9a-f]{3,4})\)", "stm32flash", "the bootloader answered GET_ID with a product ID stm32flash has no entry for (newer part, or a clone)", "bootloader.stm32.unknown_device", 0.7, STM32FLASH, ("newer_tool",)),
        ToolMessage(r"device id\s*:\s*0x(?P<found>[0-9a-f]{3,4})", "stm32flash", "the bootloader answered GET_ID", "", 0.0, STM32FLASH),
        ToolMessage(r"got nack from device on command 0x(?P<nack>[0-9a-f]{2})", "stm32flash", "the bootloader refused a command", "bootloader.stm32.nack", 0.65, STM32FLASH + "; " + AN3155, ("unprotect_note",)),
        ToolMessage(r"\bnack 0x(?P<nack>[0-9a-f]{2})(?: \w+)? failed|something was wrong with reading chip family data", "stm32loader", "the bootloader answered a command (or one of its address/length parts) with NACK", "bootloader.stm32.nack", 0.7, "florisla/stm32loader bootloader.py CommandError text ('NACK 0x11 length failed', as quoted in florisla/stm32loader pull #25); " + AN3155, ("unprotect_note",)),
        ToolMessage(r"\bfirst ack\b.{0,80}\b(?:then|but|after that)\b.{0,80}\b(?:get|next|following|second)\b.{0,20}\bcommand", "STM32 bootloader (described)", "the bootloader ACKed the 0x7F sync and then stopped answering the commands: the link is not 8E1 (a bridge, Bluetooth module or adapter set to no parity); 0x7F passes without parity, the commands do not", "bootloader.stm32.parity_mismatch", 0.6, AN3155 + " (the USART bootloader needs 8E1; 0x7F is accepted even from an 8N1 sender); " + F_SERIAL + " §2.2; HC-05 upload reports where AT+UART=...,0,2 (even parity) fixed it (node-js.developreference.com 'How to upload to Arduino STM32 with HC-05 Serial Bluetooth')", ("parity", "real_8e1")),
        ToolMessage(r"cannot handle device", "stm32flash", "stm32flash could not open or configure the port", "", 0.0, STM32FLASH),
        ToolMessage(r"activating device: ko", "STM32CubeProgrammer", "the bootloader did not answer the sync: boot mode (BOOT0) or serial settings (baud, parity EVEN) are wrong", "bootloader.stm32.no_reply", 0.75, _CUBE, ("boot0", "cube_even", "wiring")),
        ToolMessage(r"timeout error occured while waiting for acknowledgement", "STM32CubeProgrammer", "no ACK came back from the bootloader", "bootloader.stm32.no_reply", 0.6, _CUBE, ("boot0", "cube_even")),
        ToolMessage(r"port configuration: parity = none", "STM32CubeProgrammer", "the port was opened without parity: the USART bootloader needs EVEN parity. The 0x7F sync and its ACK survive that mismatch (both have an odd number of ones), so a failure at activation has another cause too; the commands after it would fail", "bootloader.stm32.parity_mismatch", 0.5, _CUBE + " (log line 'Port configuration: parity = none, baudrate = 9600...' before the timeout, FYSETC/FYSETC-S6 issue #39); facts/serial.md §2.2 (7F sent 8N1 is accepted by an 8E1 receiver)", ("cube_even", "boot0")),
        ToolMessage(r"rdp is set to level 1", "STM32CubeProgrammer", "read-out protection (RDP level 1) is on: reads are refused", "bootloader.stm32.nack", 0.75, _CUBE + " (espressif/esp-usb-bridge issue #15 log)", ("unprotect_note",)),
        ToolMessage(r"(?P<what>\w{1,40}) command not acknowledged", "STM32CubeProgrammer", "the bootloader answered a command with NACK", "bootloader.stm32.nack", 0.6, _CUBE, ("unprotect_note",)),
        ToolMessage(r"got byte 0x(?P<gotb>[0-9a-f]{2}) instead of ack", "stm32flash", "another byte than ACK 0x79 came back after a command", "bootloader.stm32.not_in_bootloader", 0.45, STM32FLASH + " (message text as in kipr/libwallaby issue #172)", ("wiring", "boot0")),
        ToolMessage(r"interface serial_posix: (?P<baud>\d+) (?P<framing>[5-8][neoms][12])", "stm32flash", "the line settings stm32flash used", "", 0.0, STM32FLASH),
        ToolMessage(r"\bstm32flash\b|stm32_programmer_cli|stm32cubeprogrammer", "stm32flash/CubeProgrammer", "an STM32 flashing tool", "", 0.0, "program names"),
    ),
    "stm32flash and STM32CubeProgrammer messages",
)


@record(frozen=True)
class AfterDone:
    """An error a tool prints in a step after its own line that the work is done, where the
    tool's source shows that step comes after the work: the work stands, the error is the later
    step's (``done`` and ``error`` are regular expressions on the lower-cased text)."""

    tool: str
    done: str  # the tool's line that the work completed (or that the later step began)
    error: str  # the error the later step prints
    code: str
    summary: str
    meaning: str
    confidence: float
    source: str
    fixes: tuple[str, ...] = ()


_DFU_LEAVE = (
    "dfu-util src/dfuse.c at v0.9, v0.10, v0.11 (artynet/dfu-util-official tags): the raw-binary download "
    "prints 'File downloaded successfully' once every block was written and acknowledged; with ':leave' "
    "the leave request follows (0.11: dfuse_do_leave prints 'Submitting leave request...'), a zero-length "
    "DFU_DNLOAD (transaction 2) sent through dfuse_dnload_chunk, whose failed DFU_GETSTATUS is errx "
    "'Error during download get_status' (a failed DNLOAD is 'Error during download'); 0.11 quirks.c "
    "QUIRK_DFUSE_LEAVE lets GD32 parts leave without that status"
)

AFTER_DONE = Table(
    "stm32_after_done",
    (
        AfterDone(
            "dfu-util",
            r"file downloaded successfully|submitting leave request",
            r"error during download get_status(?![ \t]{0,4}\()|error during download(?![ \t]{0,4}(?:\(|get_status))|dfuse_download: libusb_control_transfer returned",
            "bootloader.stm32.dfu_leave_status_benign",
            "the download completed; the error after it is the ':leave' request's, harmless",
            "the download completed; the error belongs to the ':leave' request after it: the bootloader jumped "
            "to the application (or reset) before answering DFU_GETSTATUS, so dfu-util lost it. The firmware "
            "is written; check that the application runs",
            0.85,
            _DFU_LEAVE,
            ("dfu_reset_ok",),
        ),
    ),
    "errors printed after a tool's own 'done' line, in a step its source runs after the work",
)

_STLINK_ID = (
    "stlink-org/stlink src/common.c stlink_chip_id()/stlink_load_device_params() at v1.3.1..v1.6.0 (reads "
    "DBGMCU_IDCODE at 0xE0042000, 0x40015800 on Cortex-M0 when that reads 0; keeps the low 12 bits as the "
    "chip id and prints the raw 32-bit value in 'unknown chip id! %#x'); src/common.c@v1.7.0 reports a zero "
    "id as 'Could not find chip id!'; include/stlink/chipid.h (no STM32 DEV_ID is 0x000)"
)


@record(frozen=True)
class ChipIdRead:
    """What a chip id a probe tool printed says when its DEV_ID field (the low 12 bits of
    DBGMCU_IDCODE) is no product's: the read over SWD failed, the chip did not answer."""

    dev_id: int  # the low 12 bits
    meaning: str
    code: str
    source: str


CHIP_ID_READS = Table(
    "stm32_chip_id_reads",
    (
        ChipIdRead(0x000, "DEV_ID 0x000 is no STM32's: the IDCODE read returned zero or the register's own address "
                   "(0xE0042000): the debug port did not deliver the chip's answer (target unpowered, held in reset, "
                   "asleep, or firmware that turned the SWD pins off), not an unsupported chip",
                   "bootloader.stm32.swd_no_target", _STLINK_ID),
    ),
    "chip ids that are failed reads, not chips",
)

_OWN_TABLES = (COMMANDS, REPLIES, DEVICE_IDS, MESSAGES, AFTER_DONE, CHIP_ID_READS)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """PEP 562: TABLES adds the inventory read from the tools' sources (messages_probes.py), imported
    only when TABLES is asked for (the tests), not on explain's path (bench/cold_start.py)."""
    if name == "TABLES":
        from .messages_cubeprogrammer import CUBE_LINES
        from .messages_probes import PROBE_LINES

        return _OWN_TABLES + (PROBE_LINES, CUBE_LINES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_PIDS = {r.pid: r for r in DEVICE_IDS}
_FAILED_IDS = {r.dev_id: r for r in CHIP_ID_READS}
_CMDS = {r.value: r for r in COMMANDS}
_REPLIES = {r.value: r for r in REPLIES}


def device(pid: int) -> DeviceId | None:
    return _PIDS.get(pid)


def command(value: int) -> Command | None:
    return _CMDS.get(value)


def reply(value: int) -> ReplyByte | None:
    return _REPLIES.get(value)


def failed_chip_id(raw: int) -> ChipIdRead | None:
    """The reading of a printed chip id whose DEV_ID (low 12 bits) is a failed read, or None."""
    return _FAILED_IDS.get(raw & 0xFFF)
