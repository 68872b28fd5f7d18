"""Knowledge of the `bootloader.esp` domain: the Espressif ROM loader's SLIP framing, packet
layout, opcodes, status/error codes, chip magic values, boot-mode (strapping) values, and
esptool's messages."""

from __future__ import annotations

from ....knowledge.table import Table
from ....record import record
from ....device_knowledge import F_SERIAL, ToolMessage

PROTO = "Espressif esptool docs, 'Serial Protocol' (docs.espressif.com/projects/esptool/en/latest/advanced-topics/serial-protocol.html)"
ESPTOOL = "esptool 5.6.0 loader.py (message text; measured in facts/serial.md §3)"


@record(frozen=True)
class WireByte:
    value: str  # hex, possibly several bytes
    name: str
    meaning: str
    source: str


SLIP = Table(
    "slip_and_layout",
    (
        WireByte("C0", "SLIP END", "starts and ends every packet; esptool wants it as the first byte ('head')", PROTO + " §Low Level Protocol"),
        WireByte("DB DC", "SLIP escaped C0", "a C0 inside the packet", PROTO + " §Low Level Protocol"),
        WireByte("DB DD", "SLIP escaped DB", "a DB inside the packet", PROTO + " §Low Level Protocol"),
        WireByte("00", "request direction", "byte 0 of a command; then op, u16 LE length, u32 LE checksum, data", PROTO + " §Command Packet"),
        WireByte("01", "response direction", "byte 0 of a response; then op, u16 LE length, u32 LE value, data ending in the status bytes", PROTO + " §Response Packet"),
        WireByte("07 07 12 20 + 32x55", "SYNC payload", "data of op 08; the ROM answers with several SYNC responses (non-zero value from the ROM, 0 from the stub)", PROTO + " §Initial Synchronisation; " + F_SERIAL + " §3.1"),
    ),
    "SLIP bytes and packet layout of the ROM loader",
)


@record(frozen=True)
class Opcode:
    op: int
    name: str
    changes_device: bool  # flash/RAM/register writes and erases: never sent by our probes
    stub_only: bool
    source: str


OPCODES = Table(
    "esp_opcodes",
    (
        Opcode(0x02, "FLASH_BEGIN", True, False, PROTO),
        Opcode(0x03, "FLASH_DATA", True, False, PROTO),
        Opcode(0x04, "FLASH_END", True, False, PROTO),
        Opcode(0x05, "MEM_BEGIN", True, False, PROTO),
        Opcode(0x06, "MEM_END", True, False, PROTO),
        Opcode(0x07, "MEM_DATA", True, False, PROTO),
        Opcode(0x08, "SYNC", False, False, PROTO),
        Opcode(0x09, "WRITE_REG", True, False, PROTO),
        Opcode(0x0A, "READ_REG", False, False, PROTO),
        Opcode(0x0B, "SPI_SET_PARAMS", False, False, PROTO),
        Opcode(0x0D, "SPI_ATTACH", False, False, PROTO),
        Opcode(0x0F, "CHANGE_BAUDRATE", False, False, PROTO),
        Opcode(0x10, "FLASH_DEFL_BEGIN", True, False, PROTO),
        Opcode(0x11, "FLASH_DEFL_DATA", True, False, PROTO),
        Opcode(0x12, "FLASH_DEFL_END", True, False, PROTO),
        Opcode(0x13, "SPI_FLASH_MD5", False, False, PROTO),
        Opcode(0x14, "GET_SECURITY_INFO", False, False, PROTO),
        Opcode(0xD0, "ERASE_FLASH", True, True, PROTO + " §Supported by Stub Loader Only"),
        Opcode(0xD1, "ERASE_REGION", True, True, PROTO + " §Supported by Stub Loader Only"),
        Opcode(0xD2, "READ_FLASH", False, True, PROTO + " §Supported by Stub Loader Only"),
        Opcode(0xD3, "RUN_USER_CODE", True, True, PROTO + " §Supported by Stub Loader Only"),
    ),
    "ROM loader and stub opcodes",
)


@record(frozen=True)
class ErrorCode:
    value: int
    meaning: str
    source: str


ERRORS = Table(
    "esp_error_codes",
    (
        ErrorCode(0x05, "received message is invalid (parameters or length wrong); also what a ROM in Secure Download Mode answers to refused commands", PROTO + " §ROM Loader Errors"),
        ErrorCode(0x06, "failed to act on received message", PROTO + " §ROM Loader Errors"),
        ErrorCode(0x07, "invalid CRC in message", PROTO + " §ROM Loader Errors"),
        ErrorCode(0x08, "flash write error (after writing, a read-back differed)", PROTO + " §ROM Loader Errors"),
        ErrorCode(0x09, "flash read error (SPI read failed)", PROTO + " §ROM Loader Errors"),
        ErrorCode(0x0A, "flash read length error", PROTO + " §ROM Loader Errors"),
        ErrorCode(0x0B, "deflate error (compressed data invalid)", PROTO + " §ROM Loader Errors"),
        ErrorCode(0xC0, "stub: bad data length", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC1, "stub: bad data checksum", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC2, "stub: bad block size", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC3, "stub: invalid command", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC4, "stub: SPI operation failed", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC5, "stub: SPI unlock failed (flash write-protected)", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC6, "stub: not in flash mode", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC7, "stub: inflate error", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC8, "stub: not enough data", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xC9, "stub: too much data", PROTO + " §Stub Loader Status & Error"),
        ErrorCode(0xFF, "stub: command not implemented", PROTO + " §Stub Loader Status & Error"),
    ),
    "ROM loader / stub error codes (second status byte)",
)


@record(frozen=True)
class ChipMagic:
    value: int
    chip: str
    source: str


MAGIC = Table(
    "esp_chip_magic",
    (
        ChipMagic(0x00F01D83, "ESP32", "esptool targets/esp32.py CHIP_DETECT_MAGIC_VALUE; " + F_SERIAL + " §4.3"),
        ChipMagic(0xFFF0C101, "ESP8266", "esptool targets/esp8266.py CHIP_DETECT_MAGIC_VALUE; " + F_SERIAL + " §4.3"),
        ChipMagic(0x000007C6, "ESP32-S2", "esptool targets/esp32s2.py CHIP_DETECT_MAGIC_VALUE"),
        ChipMagic(0x00000009, "ESP32-S3", "esptool targets/esp32s3.py CHIP_DETECT_MAGIC_VALUE"),
        ChipMagic(0x6921506F, "ESP32-C3", "esptool targets/esp32c3.py CHIP_DETECT_MAGIC_VALUE"),
        ChipMagic(0x1B31506F, "ESP32-C3", "esptool targets/esp32c3.py CHIP_DETECT_MAGIC_VALUE"),
        ChipMagic(0x6F51306F, "ESP32-C2", "esptool targets/esp32c2.py CHIP_DETECT_MAGIC_VALUE"),
        ChipMagic(0x7C41A06F, "ESP32-C2", "esptool targets/esp32c2.py CHIP_DETECT_MAGIC_VALUE"),
    ),
    "Value of the chip-detect register (READ_REG 0x40001000) per chip",
)


@record(frozen=True)
class BootMode:
    chip: str
    value: int
    name: str
    download: bool
    source: str


_BOOTLOG = "ESP32 ROM boot log 'rst:..,boot:0xNN (NAME)' as quoted in espressif/esptool issues #741, #774 and others; ESP32 TRM GPIO_STRAP register"
BOOT_MODES = Table(
    "esp32_boot_modes",
    (
        BootMode("ESP32", 0x01, "DOWNLOAD_BOOT(UART0/UART1/SDIO_FEI_REO_V2)", True, _BOOTLOG),
        BootMode("ESP32", 0x03, "DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2)", True, _BOOTLOG),
        BootMode("ESP32", 0x12, "SPI_FAST_FLASH_BOOT", False, _BOOTLOG),
        BootMode("ESP32", 0x13, "SPI_FAST_FLASH_BOOT", False, _BOOTLOG),
        BootMode("ESP32", 0x17, "SPI_FAST_FLASH_BOOT", False, _BOOTLOG),
        BootMode("ESP32", 0x1B, "SPI_FAST_FLASH_BOOT", False, _BOOTLOG),
        BootMode("ESP32", 0x33, "SPI_FAST_FLASH_BOOT", False, _BOOTLOG),
    ),
    "ESP32 boot-mode (strapping) values as the ROM prints them",
)

#: ESP32 GPIO_STRAP bits, bit 5..0 = MTDI(GPIO12), GPIO0, GPIO2, GPIO4, MTDO(GPIO15), GPIO5.
STRAP_BITS_ESP32 = ((5, "GPIO12/MTDI"), (4, "GPIO0"), (3, "GPIO2"), (2, "GPIO4"), (1, "GPIO15/MTDO"), (0, "GPIO5"))

_BOOTLOG_SRC = _BOOTLOG + "; espressif/esp-idf#11758"

MESSAGES = Table(
    "esptool_messages",
    (
        ToolMessage(r"invalid head of packet \((?:0x(?P<head>[0-9a-f]{1,2})|'(?P<ch>.)')\)", "esptool", "the first byte of the answer was not the SLIP delimiter C0", "", 0.0, ESPTOOL + "; espressif/esptool issues #613, #1082, #1123; espressif/arduino-esp32 #485"),
        ToolMessage(r"invalid head of packet(?! \()", "esptool", "the answer did not start with the SLIP delimiter C0: the chip is printing (its ROM boot log or the running application's output), so it is not in the ROM download mode", "bootloader.esp.boot_log", 0.6, ESPTOOL + "; espressif/esptool issues #613, #1123 (the bytes read were the application's or ROM's text)", ("hold_boot", "before_reset")),
        ToolMessage(r"rst:0x[0-9a-f]{1,2} \([a-z0-9_]+\),\s?boot:0x(?P<mode>[0-9a-f]{1,2})", "ESP ROM", "this is the ESP ROM's own boot log: the chip reset and printed its boot mode; a flash-boot mode here means the chip went on to run from flash instead of waiting in download mode", "bootloader.esp.boot_log", 0.8, _BOOTLOG_SRC, ("hold_boot", "before_reset")),
        ToolMessage(r"wrong boot mode detected \(0x(?P<mode>[0-9a-f]{1,2})\)", "esptool", "esptool saw the chip's boot log after reset and it names a boot mode that is not download mode: the chip boots the app from flash (GPIO0/BOOT high at reset)", "bootloader.esp.not_in_download_mode", 0.85, ESPTOOL + "; espressif/esptool issues #741 (0x13), #925 (0x12), #765 (0x1 on C3)", ("hold_boot", "before_reset", "en_cap")),
        ToolMessage(r"download mode successfully detected, but getting no sync reply", "esptool", "the chip is in download mode (its boot log said so) but no SYNC answer arrives: the host-to-chip line (adapter TX -> chip RX) is down", "bootloader.esp.tx_path_down", 0.85, ESPTOOL, ("tx_wiring", "cable")),
        ToolMessage(r"no serial data received", "esptool", "nothing at all came back: the chip is not in download mode, not powered, on another port, or RX/TX are not connected", "bootloader.esp.no_reply", 0.7, ESPTOOL + "; espressif/esptool issue #1082", ("hold_boot", "before_reset", "check_port")),
        ToolMessage(r"timed out waiting for packet (?:header|content)", "esptool", "an answer started but did not complete in time (noise, a too-high baud rate, or the chip reset)", "bootloader.esp.no_reply", 0.6, ESPTOOL, ("slower_baud", "cable")),
        ToolMessage(r"packet content transfer stopped", "esptool", "the data stream broke off mid-packet: the baud rate is too high for the adapter or cable, or the chip browned out", "bootloader.esp.transfer_stopped", 0.7, ESPTOOL, ("slower_baud", "cable", "power")),
        ToolMessage(r"serial data stream stopped", "esptool", "the data stream broke off mid-packet (esptool 4.x wording of 'Packet content transfer stopped'): the baud rate is too high for the adapter or cable, a long or poor USB cable, or the chip browned out", "bootloader.esp.transfer_stopped", 0.7, ESPTOOL + " (esptool 4.x text 'Serial data stream stopped: Possible serial noise or corruption.'); observed in espressif/esp-idf#13362 and T-vK/ESP32-BLE-Keyboard#245", ("slower_baud", "cable", "power")),
        ToolMessage(r"(?:changing baud rate to \d+|stub running\.{0,3})[\s\S]{1,300}?(?:timed out waiting for packet (?:header|content)|no serial data received)", "esptool", "the chip had already answered (the stub runs, or esptool switched to a higher baud rate) and then the answers stopped: the link does not hold the faster rate (adapter, cable, or power), it is not a download-mode problem", "bootloader.esp.transfer_stopped", 0.75, ESPTOOL + " (connect, run stub, then change_baud: later reads happen at the new rate); Espressif esptool troubleshooting docs (lower the baud rate with -b 115200 when writes fail at high rates); espressif/esp-idf#12585 ('Changing baud rate to 460800 ... No serial data received')", ("slower_baud", "cable", "power")),
        ToolMessage(r"md5 of file does not match", "esptool", "the flash content read back differs from what was written: flash power, a damaged flash, or a wrong flash mode", "bootloader.esp.md5_mismatch", 0.7, ESPTOOL, ("power", "flash_mode")),
        ToolMessage(r"failed to enter ram download mode \(result was (?P<st>[0-9a-f]{2})(?P<err>[0-9a-f]{2})", "esptool", "the ROM refused to take the stub loader into RAM (Secure Download Mode, or a read-only loader)", "bootloader.esp.stub_refused", 0.7, ESPTOOL + "; " + F_SERIAL + " §3.1 (result was 0105 from a read-only simulator)", ("no_stub",)),
        ToolMessage(r"result was (?P<st>[0-9a-f]{2})(?P<err>[0-9a-f]{2})\b", "esptool", "the ROM/stub answered a command with an error status", "bootloader.esp.rom_error", 0.55, ESPTOOL + "; " + PROTO + " §ROM Loader Errors", ()),
        ToolMessage(r"failed to connect to (?:esp\w*|espressif device)", "esptool", "esptool could not sync with the ROM loader", "bootloader.esp.no_reply", 0.5, ESPTOOL, ("hold_boot", "before_reset", "check_port")),
        ToolMessage(r"\besptool(?:\.py)?\b|a fatal error occurred|serial port /dev/\S+\s+connecting", "esptool", "esptool is the tool", "", 0.0, "esptool (program name and banner)"),
    ),
    "esptool messages",
)

TABLES = (SLIP, OPCODES, ERRORS, MAGIC, BOOT_MODES, MESSAGES)

_ERR = {r.value: r for r in ERRORS}
_MAGIC = {r.value: r for r in MAGIC}
_MODES = {r.value: r for r in BOOT_MODES}


def error(value: int) -> ErrorCode | None:
    return _ERR.get(value)


def chip_for_magic(value: int) -> ChipMagic | None:
    return _MAGIC.get(value)


def boot_mode(value: int) -> BootMode | None:
    return _MODES.get(value)


def esp32_straps(value: int) -> str:
    """The pin levels an ESP32 latched at reset, read from the boot-mode value."""
    return ", ".join(f"{name} {'high' if value >> bit & 1 else 'low'}" for bit, name in STRAP_BITS_ESP32)
