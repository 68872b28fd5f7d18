"""Knowledge of the `bootloader.mtk` domain: the MediaTek BROM / preloader handshake and early
commands, target-config bits, error codes, USB IDs, hw_code -> chip, and the messages of
mtkclient and SP Flash Tool. Facts read in bkerler/mtkclient (GPL-3.0: facts only, no code)."""

from __future__ import annotations

from ....knowledge.table import Table
from ....record import record
from ....device_knowledge import F_SERIAL, ToolMessage

PORT_PY = "bkerler/mtkclient mtkclient/Library/Port.py run_handshake (facts); " + F_SERIAL + " §4.1"
PRELOADER_PY = "bkerler/mtkclient mtkclient/Library/mtk_preloader.py Cmd/Rsp (facts); MTK-bypass/bypass_utility src/device.py"
ERROR_PY = "bkerler/mtkclient mtkclient/Library/error.py (facts)"
USB_IDS = "bkerler/mtkclient mtkclient/config/usb_ids.py (facts)"
BROM_CONFIG = "bkerler/mtkclient mtkclient/config/brom_config.py (facts)"


@record(frozen=True)
class StartByte:
    sent: int
    reply: int  # the bitwise complement
    source: str


HANDSHAKE = Table(
    "mtk_start_sequence",
    (
        StartByte(0xA0, 0x5F, PORT_PY),
        StartByte(0x0A, 0xF5, PORT_PY),
        StartByte(0x50, 0xAF, PORT_PY),
        StartByte(0x05, 0xFA, PORT_PY),
    ),
    "Start sequence: the host sends each byte, the device answers its complement",
)


@record(frozen=True)
class MtkByte:
    value: int
    name: str
    meaning: str
    changes_device: bool
    source: str


BYTES = Table(
    "mtk_commands_and_replies",
    (
        MtkByte(0x5A, "ACK", "response constant: accepted", False, PRELOADER_PY),
        MtkByte(0xA5, "NACK", "response constant: refused", False, PRELOADER_PY),
        MtkByte(0x69, "CONF", "response constant: confirm", False, PRELOADER_PY),
        MtkByte(0x96, "STOP", "response constant: stop", False, PRELOADER_PY),
        MtkByte(0xFD, "GET_HW_CODE", "echoed, then u16 hw_code + u16 status", False, PRELOADER_PY),
        MtkByte(0xFC, "GET_HW_SW_VER", "echoed, then hw_subcode, hw_ver, sw_ver, status (u16 each)", False, PRELOADER_PY),
        MtkByte(0xD8, "GET_TARGET_CONFIG", "echoed, then u32 config bits + u16 status", False, PRELOADER_PY),
        MtkByte(0xFE, "GET_BL_VER", "not echoed: BROM answers FE itself, a preloader its BL version (BROM vs preloader test)", False, PRELOADER_PY),
        MtkByte(0xFF, "GET_VERSION", "BROM version byte", False, PRELOADER_PY),
        MtkByte(0xE1, "GET_ME_ID", "device ME ID", False, PRELOADER_PY),
        MtkByte(0xE7, "GET_SOC_ID", "SoC ID", False, PRELOADER_PY),
        MtkByte(0xFB, "GET_PL_CAP", "preloader capabilities", False, PRELOADER_PY),
        MtkByte(0xD1, "READ32", "reads 32-bit words", False, PRELOADER_PY),
        MtkByte(0xD4, "WRITE32", "writes 32-bit words (mtkclient uses it to stop the watchdog)", True, PRELOADER_PY),
        MtkByte(0xD7, "SEND_DA", "uploads a download agent", True, PRELOADER_PY),
        MtkByte(0xD5, "JUMP_DA", "runs the uploaded download agent", True, PRELOADER_PY),
    ),
    "BROM / preloader command bytes and response constants",
)


@record(frozen=True)
class ConfigBit:
    bit: int
    name: str
    meaning: str
    source: str


TARGET_CONFIG = Table(
    "mtk_target_config_bits",
    (
        ConfigBit(0, "SBC", "secure boot: images must be signed", PRELOADER_PY + " get_target_config"),
        ConfigBit(1, "SLA", "serial link authentication: the host must answer a challenge (auth file)", PRELOADER_PY + " get_target_config"),
        ConfigBit(2, "DAA", "download agent authentication: the DA must be signed for this device", PRELOADER_PY + " get_target_config"),
        ConfigBit(3, "EPP_PARAM", "EPP parameter after EMMC_BOOT/SDMMC_BOOT", PRELOADER_PY + " (mtkclient only)"),
        ConfigBit(4, "ROOT_CERT", "root certificate required", PRELOADER_PY + " (mtkclient only)"),
        ConfigBit(5, "MEM_READ_AUTH", "memory read needs authentication", PRELOADER_PY + " (mtkclient only)"),
        ConfigBit(6, "MEM_WRITE_AUTH", "memory write needs authentication", PRELOADER_PY + " (mtkclient only)"),
        ConfigBit(7, "CMD_C8_BLOCKED", "command 0xC8 blocked", PRELOADER_PY + " (mtkclient only)"),
    ),
    "GET_TARGET_CONFIG bits",
)


@record(frozen=True)
class ErrorCode:
    value: int
    name: str
    meaning: str
    code: str  # finding code it leads to
    source: str


ERRORS = Table(
    "mtk_error_codes",
    (
        ErrorCode(0x1770, "CALLBACK_SLA_CHALLENGE_FAIL", "the SLA challenge callback failed", "bootloader.mtk.auth_required", ERROR_PY),
        ErrorCode(0x1771, "SLA_WRONG_AUTH_FILE", "the auth file does not belong to this device", "bootloader.mtk.auth_required", ERROR_PY),
        ErrorCode(0x1772, "SLA_INVALID_AUTH_FILE", "the auth file is invalid", "bootloader.mtk.auth_required", ERROR_PY),
        ErrorCode(0x1773, "SLA_CHALLENGE_FAIL", "the SLA challenge was not answered correctly", "bootloader.mtk.auth_required", ERROR_PY),
        ErrorCode(0x1774, "SLA_FAIL", "serial link authentication failed", "bootloader.mtk.auth_required", ERROR_PY),
        ErrorCode(0x1775, "DAA_FAIL", "download agent authentication failed", "bootloader.mtk.auth_required", ERROR_PY),
        ErrorCode(0x1D0D, "AUTH_REQUIRED", "the BROM answers with an authentication request (SLA: an RSA-signed challenge) instead of accepting the command", "bootloader.mtk.auth_required", "ilyakurdyukov/mediatek_flash#4 (maintainer: 'Status 0x1d0d is an authentication request using an RSA key', citing SakuraEDL MediaTek/Protocol/brom_commands.cs)"),
        ErrorCode(0x7024, "DAA_SIG_VERIFY_FAILED", "the DA is not signed for this device (SBC+DAA on): it needs the vendor-signed DA", "bootloader.mtk.auth_required", "bkerler/mtkclient issues #164, #208, #212, #286 ('DAA_SIG_VERIFY_FAILED (0x7024)'); shomykohai/penumbra #100"),
        ErrorCode(0x07D5, "CMD_STARTCMD_FAIL", "the BROM start command (handshake) failed; SP Flash Tool prints S_BROM_CMD_STARTCMD_FAIL (2005)", "bootloader.mtk.brom_cmd_fail", ERROR_PY),
        ErrorCode(0x07D6, "CMD_STARTCMD_TIMEOUT", "the BROM start command timed out", "bootloader.mtk.brom_cmd_fail", ERROR_PY),
        ErrorCode(0x07E7, "AUTOBAUD_FAIL", "the UART autobaud failed", "bootloader.mtk.handshake_failed", ERROR_PY),
        ErrorCode(0x0FC0, "S_FT_ENABLE_DRAM_FAIL", "SP Flash Tool error 4032: DRAM could not be enabled (preloader/EMI settings do not match the board, or bad DRAM)", "bootloader.mtk.dram_fail", "SP Flash Tool message 'BROM ERROR : S_FT_ENABLE_DRAM_FAIL (4032)' as reported on xiaomi.eu and other forums"),
    ),
    "MediaTek BROM/preloader/DA error codes",
)


@record(frozen=True)
class UsbId:
    vid: int
    pid: int
    mode: str  # "brom", "preloader", "uart-bridge"
    note: str
    source: str


USB = Table(
    "mtk_usb_ids",
    (
        UsbId(0x0E8D, 0x0003, "brom", "MediaTek BootROM download port", USB_IDS),
        UsbId(0x0E8D, 0x2000, "preloader", "MediaTek preloader VCOM", USB_IDS),
        UsbId(0x0E8D, 0x2001, "preloader", "MediaTek preloader / DA VCOM", USB_IDS),
        UsbId(0x0E8D, 0x20FF, "preloader", "MediaTek preloader VCOM", USB_IDS),
        UsbId(0x0E8D, 0x3000, "preloader", "MediaTek preloader VCOM", USB_IDS),
        UsbId(0x0E8D, 0x6000, "preloader", "MediaTek preloader VCOM", USB_IDS),
        UsbId(0x1004, 0x6000, "preloader", "LG preloader", USB_IDS),
        UsbId(0x22D9, 0x0006, "preloader", "OPPO preloader", USB_IDS),
        UsbId(0x0FCE, 0xF200, "brom", "Sony BROM", USB_IDS),
        UsbId(0x0FCE, 0xD1E9, "brom", "Sony BROM", USB_IDS),
        UsbId(0x0FCE, 0xD1E2, "brom", "Sony BROM", USB_IDS),
        UsbId(0x0FCE, 0xD1EC, "brom", "Sony BROM", USB_IDS),
        UsbId(0x0FCE, 0xD1DD, "brom", "Sony BROM", USB_IDS),
    ),
    "USB VID:PID of MediaTek download ports",
)


@record(frozen=True)
class HwCode:
    hw_code: int
    chip: str
    source: str


HW_CODES = Table(
    "mtk_hw_codes",
    (
        HwCode(0x0717, "MT6761 (Helio A22)", BROM_CONFIG + "; " + F_SERIAL + " §4.1"),
        HwCode(0x0766, "MT6765 (Helio P35/G35)", BROM_CONFIG + "; mtkclient issue #313 log"),
        HwCode(0x0699, "MT6739", BROM_CONFIG),
        HwCode(0x0707, "MT6768/MT6769 (Helio P65/G85)", BROM_CONFIG + "; mtkclient issue #192 log"),
        HwCode(0x0989, "MT6833 (Dimensity 700)", BROM_CONFIG + "; mtkclient issue #212 log"),
        HwCode(0x0950, "MT6891/MT6893 (Dimensity 1200)", BROM_CONFIG + "; mtkclient issue #208 log"),
        HwCode(0x1129, "MT6855 (Dimensity 7020/930)", BROM_CONFIG + "; mtkclient issue #164 log"),
        HwCode(0x1209, "MT6835 (Dimensity 6100+)", BROM_CONFIG + "; mtkclient issue #217 log"),
        HwCode(0x6580, "MT6580", BROM_CONFIG),
        HwCode(0x8163, "MT8163", BROM_CONFIG),
        HwCode(0x6261, "MT6261/MT2503 (IoT path)", BROM_CONFIG),
    ),
    "GET_HW_CODE value -> chip",
)

_SPFT = "SP Flash Tool messages as reported on user forums and in mtkclient issues"
MESSAGES = Table(
    "mtk_messages",
    (
        ToolMessage(r"echo mismatch: got (?:array\('b', \[(?P<got>\d{1,3})\]\)|b?'?(?:0x)?(?P<gothex>[0-9a-f]{1,2})'?), expected (?:0x)?(?P<exp>[0-9a-f]{1,2})", "mtkclient", "a start byte was not answered by its complement", "", 0.0, PORT_PY + "; mtkclient issues #51, #312, #347"),
        ToolMessage(r"handshake failed after retries|status: handshake failed, retrying|handshake attempt \d+ failed", "mtkclient", "the start sequence A0 0A 50 05 never got its complements back (an OS error quoted after it, such as a timeout or I/O error, is how the USB/serial read failed, not a network problem)", "bootloader.mtk.handshake_failed", 0.85, PORT_PY + "; bkerler/mtkclient issues #44, #191, #209, #333 ('Handshake attempt N failed: [Errno 10060] Operation timed out')", ("power_cycle", "close_others", "brom_buttons")),
        ToolMessage(r"sync error\. please power off the device and retry", "mtkclient", "the handshake passed but the first command's echo failed: the device is in an odd state (mid-session)", "bootloader.mtk.handshake_failed", 0.65, PRELOADER_PY + " init", ("power_cycle", "close_others")),
        ToolMessage(r"daa_sig_verify_failed|\b0x7024\b|daa signature verification failed", "mtkclient", "the device rejects the DA: DAA is on and the DA is not signed for it", "bootloader.mtk.auth_required", 0.85, "mtkclient issues #164, #208, #212, #286", ("signed_da",)),
        ToolMessage(r"auth file is (?:required|needed)|sla_(?:wrong|invalid)_auth_file|s_security_sla_\w+|status_sec_auth_file_needed|daa_security_error|\(code: 0x7017\)", "mtkclient / penumbra / SP Flash Tool", "the device requires authentication before it takes a DA (SLA/DAA): an auth file or a vendor-signed DA", "bootloader.mtk.auth_required", 0.8, ERROR_PY + "; " + _SPFT + "; penumbra text 'SEC: An auth file is needed to continue (code: 0x7017)' (shomykohai/penumbra#88 title: 'DA1 upload fails with 0x7017'); Dragon863/EchoCLI#22 ('DAA_Security_Error (0x7017)')", ("signed_da",)),
        ToolMessage(r"da sla is enabled, but no signer|no (?:available )?signers? (?:is )?(?:available )?for da sla", "penumbra", "the DA itself runs SLA: it wants the host to sign a challenge and no key for this device is known", "bootloader.mtk.auth_required", 0.8, "penumbra message text, shomykohai/penumbra#97 ('DA SLA is enabled, but no signer is available. Can't continue.')", ("signed_da",)),
        ToolMessage(r"\bdl forbidden\b", "mtkclient (DA)", "the download agent refuses the download: the device is protected (SLA/DAA) and the signature or auth sent was not accepted", "bootloader.mtk.auth_required", 0.75, "mtkclient DAXFlash '[LIB]: Error on sending parameter: DL forbidden (0xc0020004)' as reported for SLA-protected Xiaomi devices (bkerler/mtkclient#219 per public notes)", ("signed_da",)),
        ToolMessage(r"no (?:mtk|mediatek) (?:preloader |brom |usb |vcom )*(?:ports?|devices?) (?:found|detected)|couldn't detect the device\. is it connected", "MediaTek tools", "no MediaTek BROM/preloader port showed up: the phone is not in BROM/preloader mode when the tool looks, or the MediaTek USB VCOM driver is not installed", "bootloader.mtk.not_detected", 0.75, "observed: flip2 autobooter message 'No MTK Preloader ports found!' in https://github.com/neutronscott/flip2/issues/18 (maintainer: happens when the drivers are not installed); mtkclient DeviceClass text 'Couldn't detect the device. Is it connected ?' (bkerler/mtkclient#5)", ("brom_buttons", "driver")),
        ToolMessage(r"libusb is not installed for port", "bypass_utility", "the MediaTek port exists but no libusb-capable driver (UsbDk, or WinUSB/libusbK via Zadig) is bound to it, so the tool cannot talk to the BROM", "bootloader.mtk.not_detected", 0.75, "MTK-bypass/bypass_utility src/exploit.py (RuntimeError text 'libusb is not installed for port {}'); bypass_utility README (install UsbDk on Windows)", ("driver",)),
        ToolMessage(r"waiting for preloader vcom,? please (?:re)?connect mobile", "mtkclient", "mtkclient is waiting for a MediaTek USB port to appear: the phone is not (yet) in BROM/preloader mode, or the driver/udev rule is missing", "bootloader.mtk.not_detected", 0.5, "mtkclient Port.py status text; mtkclient issue #313", ("brom_buttons", "udev"), "warning"),
        ToolMessage(r"brom mode detected", "mtkclient", "the device answered GET_BL_VER with FE: it is in BROM", "bootloader.mtk.brom", 0.8, PRELOADER_PY, (), "ok"),
        ToolMessage(r"preloader - \[lib\]: (?P<lib>[^\n]{0,120})", "mtkclient", "an error reported by the device in preloader mode (fewer commands allowed than in BROM)", "bootloader.mtk.preloader", 0.55, "mtkclient log prefix 'Preloader - [LIB]:' (issues)", ("brom_buttons",), "warning"),
        ToolMessage(r"detected regular mode|preloader mode detected", "mtkclient", "the device answered as a preloader, not BROM", "bootloader.mtk.preloader", 0.5, "mtkclient logs in issues #164, #212 ('Preloader - Detected regular mode !')", ("brom_buttons",), "info"),
        ToolMessage(r"(?:status_brom_cmd_startcmd_fail|s_brom_cmd_startcmd_fail)(?: \((?:0xc0060001|2005)\))?", "SP Flash Tool", "the BROM handshake (start command) failed: wrong driver or port, the device was not in BROM/preloader when the tool connected, or a bad cable", "bootloader.mtk.brom_cmd_fail", 0.75, ERROR_PY + " (0x7D5 = 2005); " + _SPFT, ("power_cycle", "brom_buttons", "driver", "close_others")),
        ToolMessage(r"s_ft_enable_dram_fail|enable dram fail|s_dl_get_dram_setting_fail", "SP Flash Tool", "DRAM could not be initialised: the preloader/scatter does not match this board's memory, or the DRAM is faulty", "bootloader.mtk.dram_fail", 0.75, _SPFT + "; MTK-bypass/bypass_utility#57 (S_DL_GET_DRAM_SETTING_FAIL: maintainer says use this device's preloader and scatter)", ("right_firmware",)),
        ToolMessage(r"\bmtkclient\b|\bmtk\.py\b|sp ?flash ?tool|flash_tool|\bbrom error\b|\bbypass_utility\b|\bpenumbra\b|\bantumbra\b|\bdaxflash\b|\bdaxml\b", "mtkclient / SP Flash Tool", "a MediaTek flashing tool", "", 0.0, "program names"),
    ),
    "mtkclient and SP Flash Tool messages",
)

_OWN_TABLES = (HANDSHAKE, BYTES, TARGET_CONFIG, ERRORS, USB, HW_CODES, MESSAGES)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """PEP 562: TABLES adds the inventory read from the tools' sources (messages_mtk.py), imported
    only when TABLES is asked for (the tests), not on explain's path (bench/cold_start.py)."""
    if name == "TABLES":
        from .messages_mtk import MTK_LINES
        from .messages_mtkclient import MTKCLIENT_LINES

        return _OWN_TABLES + (MTK_LINES, MTKCLIENT_LINES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_REPLY_OF = {r.sent: r.reply for r in HANDSHAKE}
_SENT_OF = {r.reply: r.sent for r in HANDSHAKE}
_BYTES = {r.value: r for r in BYTES}
_ERRORS = {r.value: r for r in ERRORS}
_HW = {r.hw_code: r for r in HW_CODES}


def reply_for(sent: int) -> int | None:
    return _REPLY_OF.get(sent)


def sent_for(reply: int) -> int | None:
    return _SENT_OF.get(reply)


def mtk_byte(value: int) -> MtkByte | None:
    return _BYTES.get(value)


def error(value: int) -> ErrorCode | None:
    return _ERRORS.get(value)


def chip(hw_code: int) -> HwCode | None:
    return _HW.get(hw_code)


def usb(vid: int, pid: int) -> UsbId | None:
    for r in USB:
        if r.vid == vid and r.pid == pid:
            return r
    return None


def config_bits(value: int) -> list[ConfigBit]:
    return [r for r in TARGET_CONFIG if value >> r.bit & 1]
