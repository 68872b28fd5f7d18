"""esptool's failure messages, read from its source at v3.3, v4.x and v5.x (every wording kept).

Read at the tags of github.com/espressif/esptool: v3.3 (one file, esptool.py), v4.8.1 and v5.1.0
(esptool/loader.py, cmds.py, __init__.py, reset.py, util.py, cli_util.py); the version ranges
were checked by searching each wording at v3.3, v4.0, v4.3, v4.5-v4.8.1, v5.0.0, v5.1.0, v5.3.1.
Where esptool reworded a message (``Wrong --chip argument?`` -> ``Wrong chip argument?``,
``Failed to start stub`` -> ``Failed to start stub flasher``, ``Verify failed.`` ->
``Verification failed.``, ``--flash_size`` -> ``--flash-size``), both wordings are rows.
esptool prefixes its FatalErrors with ``A fatal error occurred: `` (all versions).
"""

from __future__ import annotations

from ....knowledge.tool_templates import LazyTable, ToolLine
from ....model import Fix

_G = "espressif/esptool "
V33 = _G + "esptool.py@v3.3"
L48, C48, M48, R48, U48 = (_G + f"esptool/{f}@v4.8.1" for f in ("loader.py", "cmds.py", "__init__.py", "reset.py", "util.py"))
L51, C51, M51, R51, U51, CLI51 = (_G + f"esptool/{f}@v5.1.0" for f in ("loader.py", "cmds.py", "__init__.py", "reset.py", "util.py", "cli_util.py"))

#: fixes only the inventory needs (the domain's own are in fixes.py)
FIXES: dict[str, Fix] = {
    "right_chip": Fix("Name the chip that is on the board, or let esptool detect it.", "host", "esptool --chip auto --port /dev/ttyUSB0 chip-id   # esptool < 5: chip_id"),
    "newer_esptool": Fix("Update esptool: a chip newer than this esptool has an unknown magic value / chip ID.", "host", "python3 -m pip install --upgrade esptool"),
    "sdm": Fix(
        "The chip is in Secure Download Mode (or flash encryption in Release mode): only the ROM's plain commands work. "
        "Name the chip, skip the stub, use only write-flash / erase-region / get-security-info, and flash encrypted images.",
        "host",
        "esptool --chip esp32s3 --no-stub --port /dev/ttyUSB0 write-flash 0x10000 app.bin",
    ),
    "flash_wiring": Fix("The SPI flash does not answer: check the flash's power (VDD_SPI), that no board pin is strapped or loaded on the flash's IOs (GPIO6-11 on ESP32), and the flash mode.", "device"),
    "image_fit": Fix("Tell esptool the real flash size or flash at a lower address; check the partition table against the module's flash.", "host", "esptool --port /dev/ttyUSB0 write-flash --flash-size detect 0x10000 app.bin"),
    "app_crash": Fix("The application (not the ROM loader) is running and crashing: put the chip into download mode (IO0/BOOT low at reset) and flash, or read the panic with the serial monitor.", "device"),
    "driver_baud": Fix("The USB-serial driver refuses this rate: pick a standard rate (115200, 460800) or update the adapter's driver (CP210x, CH34x, FTDI).", "host", "esptool --port /dev/ttyUSB0 -b 115200 chip-id"),
    "manual_boot": Fix("The port has no RTS/DTR (a TCP/RFC2217 port or a pty): enter download mode by hand and tell esptool not to reset.", "host", "esptool --before no-reset --after no-reset --port /dev/ttyUSB0 chip-id   # esptool < 5: no_reset"),
    "v5_names": Fix("esptool v5 names commands and choices with dashes (write-flash, read-mac, --before default-reset); the underscore names still work with a warning.", "host", "esptool --port /dev/ttyUSB0 write-flash 0x0 firmware.bin"),
    "timeouts": Fix("Raise the stub/sync timeouts in an esptool.cfg (see the configuration-file docs) and use a shorter cable.", "host"),
}


def _l(versions: str, template: str, meaning: str, code: str, conf: float, source: str, fixes: tuple[str, ...] = (), phase: str = "connect", severity: str = "error") -> ToolLine:
    return ToolLine("esptool", versions, template, meaning, code, conf, source, fixes, phase, severity)


E = "bootloader.esp."

def _rows() -> tuple[ToolLine, ...]:
    """The rows, built on first use (knowledge.tool_templates.LazyTable)."""
    return (
        # --- connect: reset into download mode and SYNC ---
        _l("v3.3-v5.x", "Failed to connect to {chip}: {text}", "esptool gave up syncing with the ROM loader after its attempts; the reason follows the colon", E + "no_reply", 0.55, V33 + "; " + L48 + "; " + L51, ("hold_boot", "before_reset", "check_port")),
        _l("v3.3-v5.x", "Failed to connect to {chip}: No serial data received.", "the chip sent nothing at all during the connect attempts: not in download mode, not powered, the wrong port, or chip TX -> adapter RX is open", E + "no_reply", 0.75, V33 + " slip_reader(); " + L51 + " slip_reader()", ("hold_boot", "before_reset", "check_port")),
        _l("v3.3-v5.x", "Wrong boot mode detected ({text})! The chip needs to be in download mode.", "the chip printed its boot log and it names a flash-boot mode: IO0/BOOT was high at reset, so the application runs", E + "not_in_download_mode", 0.85, V33 + " _connect_attempt(); " + L48 + "; " + L51, ("hold_boot", "before_reset", "en_cap")),
        _l("v3.3-v5.x", "Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down.", "the boot log said download mode, but no SYNC answer came: the host-to-chip line (adapter TX -> chip RX) is down", E + "tx_path_down", 0.85, V33 + " _connect_attempt(); " + L51, ("tx_wiring", "cable")),
        _l("v3.3-v5.x", "Could not connect to an Espressif device on any of the {n} available serial ports.", "esptool tried every serial port (no --port given) and none answered as an ESP ROM loader", E + "no_reply", 0.7, V33 + " main(); " + M48 + "; " + M51, ("check_port", "hold_boot", "before_reset")),
        _l("v4.8-v5.x", "Chip was NOT reset. Setting RTS/DTR lines is not supported for port '{port}'.", "the port has no modem-control lines (a TCP/RFC2217 port or a pty), so esptool cannot reset the chip into download mode", E + "no_reply", 0.6, R48 + " ResetStrategy._setRTS/_setDTR; " + R51, ("manual_boot", "hold_boot"), "connect", "warning"),
        _l("v3.3-v5.x", "Failed to set baud rate {baud}. The driver may not support this rate.", "the operating system's serial driver refused the baud rate", E + "baud_rejected", 0.8, V33 + " _set_port_baudrate(); " + L48 + "; " + L51, ("driver_baud",), "open"),
        _l("v3.3-v5.x", "ROM doesn't support changing baud rate. Keeping initial baud rate {baud}", "the ESP8266 ROM (no stub) cannot change its rate: esptool stays at the initial rate", E + "baud_rejected", 0.35, V33 + " main(); " + M48 + "; " + M51, ("slower_baud",), "connect", "warning"),
        # --- chip identification ---
        _l("v3.3-v4.x", "This chip is {chip} not {chip}. Wrong --chip argument?", "the chip answered as another ESP family than the one named with --chip", E + "wrong_chip", 0.9, V33 + " connect(); " + L48, ("right_chip",)),
        _l("v4.9-v4.11", "This chip is {chip}, not {chip}. Wrong --chip argument?", "the chip answered as another ESP family than the one named with --chip (v4.9-v4.11 wording)", E + "wrong_chip", 0.9, _G + "esptool/loader.py@v4.9.0, @v4.10.0, @v4.11.0 connect()", ("right_chip",)),
        _l("v5.x", "This chip is {chip}, not {chip}. Wrong chip argument?", "the chip answered as another ESP family than the one named with --chip (v5 wording)", E + "wrong_chip", 0.9, L51 + " connect()", ("right_chip",)),
        _l("v3.3", "Unexpected CHIP magic value 0x{hex}. Failed to autodetect chip type.", "the chip-detect register holds a value this esptool does not know: a newer chip than this esptool, or a corrupted read", E + "unknown_chip", 0.8, V33 + " detect_chip()", ("newer_esptool", "right_chip")),
        _l("v4.x-v5.x", "Unexpected chip magic value 0x{hex}. Failed to autodetect chip type.", "the chip-detect register holds a value this esptool does not know: a newer chip than this esptool", E + "unknown_chip", 0.8, C48 + " detect_chip(); " + C51, ("newer_esptool", "right_chip")),
        _l("v4.x-v5.x", "Unexpected chip ID value {n}. Failed to autodetect chip type.", "GET_SECURITY_INFO returned a chip ID this esptool does not know: a newer chip than this esptool", E + "unknown_chip", 0.8, C48 + " detect_chip(); " + C51, ("newer_esptool", "right_chip")),
        _l("v3.3-v4.x", "This chip doesn't appear to be a {chip} (chip magic value 0x{hex}). Probably it is unsupported by this version of esptool.", "the chip does not identify as the named --chip: unsupported by this esptool or the wrong --chip", E + "unknown_chip", 0.6, V33 + " connect(); " + L48, ("newer_esptool", "right_chip"), "connect", "warning"),
        _l("v5.x", "This chip doesn't appear to be an {chip} (read chip ID {n}). Probably it is unsupported by this version of esptool.", "the chip does not identify as the named chip (v5 wording): unsupported by this esptool or the wrong chip argument", E + "unknown_chip", 0.6, L51 + " connect()", ("newer_esptool", "right_chip"), "connect", "warning"),
        # --- Secure Download Mode and flash encryption ---
        _l("v3.3-v4.x", "Unsupported Command Error received. Probably this means Secure Download Mode is enabled, autodetection will not work. Need to manually specify the chip.", "the ROM refused the chip-detect read: Secure Download Mode is on, so the chip must be named", E + "security_locked", 0.85, V33 + " detect_chip(); " + C48, ("sdm",)),
        _l("v3.3-v5.x", "This command (0x{hex}) is not supported in Secure Download Mode", "the ROM is in Secure Download Mode and refuses this command (reads, RAM loads, register access)", E + "security_locked", 0.85, V33 + " UnsupportedCommandError; " + U48 + "; " + U51, ("sdm",)),
        _l("v5.x", "The '{word}' command is not available in Secure Download Mode.", "the chip is in Secure Download Mode: only get-security-info, write-flash and erase-region run", E + "security_locked", 0.85, M51 + " prepare_esp_object()", ("sdm",)),
        _l("v3.3-v4.x", "Stub loader is not supported in Secure Download Mode, setting --no-stub", "the chip is in Secure Download Mode: esptool stays in the ROM loader", E + "security_locked", 0.5, V33 + " main(); " + M48, ("sdm",), "connect", "warning"),
        _l("v5.x", "Stub flasher is not supported in Secure Download Mode, setting --no-stub", "the chip is in Secure Download Mode: esptool stays in the ROM loader (v5 wording)", E + "security_locked", 0.5, M51 + " run_stub()", ("sdm",), "connect", "warning"),
        _l("v3.3-v5.x", "This chip has encrypt functionality in UART download mode disabled. This is the Flash Encryption configuration for Production mode instead of Development mode.", "flash encryption is in Release (production) mode: the UART loader may not encrypt, so encrypted writes are refused", E + "security_locked", 0.85, V33 + " write_flash(); " + C48 + "; " + C51, ("sdm",), "session"),
        _l("v3.3-v5.x", "Invalid (unsupported) command 0x{hex}", "the loader does not know this command (a ROM command the stub or this chip lacks)", E + "rom_error", 0.6, V33 + " UnsupportedCommandError; " + U51, ("no_stub",)),
        # --- stub flasher ---
        _l("v3.3-v4.4", "Failed to start stub. Unexpected response: {text}", "the stub loader was uploaded to RAM but did not greet with OHAI: the upload was corrupted, or the RAM/security settings stop it", E + "stub_not_started", 0.8, V33 + " run_stub()", ("no_stub", "slower_baud")),
        _l("v4.5-v4.x", "Failed to start stub. There was no response.", "the stub loader was uploaded to RAM but never answered", E + "stub_not_started", 0.8, L48 + " run_stub()", ("no_stub", "timeouts", "power")),
        _l("v5.x", "Failed to start stub flasher. There was no response.", "the stub flasher was uploaded to RAM but never answered (v5 wording)", E + "stub_not_started", 0.8, L51 + " run_stub()", ("no_stub", "timeouts", "power")),
        _l("v5.x", "Failed to start stub flasher. Unexpected response: {text}", "the stub flasher was uploaded but did not greet with OHAI (v5 wording)", E + "stub_not_started", 0.8, L51 + " run_stub()", ("no_stub", "slower_baud")),
        _l("v3.3-v5.x", "Failed to enter RAM download mode (result was {hexbytes}", "the ROM refused MEM_BEGIN: it will not take code into RAM (Secure Download Mode or a read-only loader)", E + "stub_refused", 0.7, V33 + " mem_begin() check_command; " + L51, ("no_stub", "sdm")),
        # --- ROM/stub status errors ---
        _l("v3.3-v5.x", "Failed to {op} (result was {hexbytes}: {text})", "the ROM loader or stub answered the command with an error status (the second byte is the reason)", E + "rom_error", 0.6, V33 + " check_command() / FatalError.WithResult; " + U48 + "; " + U51),
        _l("v3.3-v5.x", "Failed to {op}. Only got {n} byte status response.", "the answer to a command was too short to carry a status: the link lost bytes", E + "transfer_stopped", 0.6, V33 + " check_command(); " + L51, ("slower_baud", "cable")),
        _l("v3.3-v4.x", "Response doesn't match request", "the answers no longer belong to the commands sent (lost or stale bytes on the line)", E + "transfer_stopped", 0.6, V33 + " command(); " + L48, ("slower_baud", "cable")),
        _l("v5.x", "Response doesn't match request.", "the answers no longer belong to the commands sent (v5 wording)", E + "transfer_stopped", 0.6, L51 + " command()", ("slower_baud", "cable")),
        # --- the serial stream ---
        _l("v3.3-v5.x", "Serial data stream stopped: Possible serial noise or corruption.", "the chip had answered before, then the data stopped: noise, a too-high baud rate, or the chip reset/browned out", E + "transfer_stopped", 0.7, V33 + " slip_reader(); " + L48 + "; " + L51, ("slower_baud", "cable", "power"), "session"),
        _l("v3.3-v4.x", "Packet content transfer stopped (received {n} bytes)", "a packet broke off in the middle: baud rate too high for the adapter or cable, or a brown-out", E + "transfer_stopped", 0.7, V33 + " slip_reader(); " + L48, ("slower_baud", "cable", "power"), "session"),
        _l("v5.x", "Packet content transfer stopped ", "a packet broke off in the middle (v5.1 prints it without the byte count)", E + "transfer_stopped", 0.7, L51 + " slip_reader()", ("slower_baud", "cable", "power"), "session"),
        _l("v3.3-v5.x", "Invalid head of packet (0x{hex}): Possible serial noise or corruption.", "the answer did not start with the SLIP delimiter C0: printable bytes are the chip's boot log or application text (not download mode), others are noise or a rate mismatch", E + "boot_log", 0.6, V33 + " slip_reader(); " + L51, ("hold_boot", "before_reset")),
        _l("v3.3-v4.x", "Invalid SLIP escape (0xdb, 0x{hex})", "a byte inside a packet was corrupted (DB not followed by DC/DD): noise or a baud rate the link does not hold", E + "transfer_stopped", 0.65, V33 + " slip_reader(); " + L48, ("slower_baud", "cable"), "session"),
        _l("v5.x", "Invalid SLIP escape (0xdb, 0x{hex}).", "a byte inside a packet was corrupted (v5 wording)", E + "transfer_stopped", 0.65, L51 + " slip_reader()", ("slower_baud", "cable"), "session"),
        _l("v4.5-v5.x", "A fatal error occurred: The chip stopped responding.", "the slip reader ran dry in the middle of a session: the chip reset, browned out, or the USB link dropped", E + "transfer_stopped", 0.7, M48 + " _main() StopIteration; " + M51, ("power", "cable", "slower_baud"), "session"),
        _l("v4.5-v5.x", "A serial exception error occurred: {text}", "pySerial failed under esptool: the USB-serial link dropped or the driver failed (esptool's own note: 'likely not a problem with esptool, but with the hardware connection or drivers')", E + "serial_exception", 0.65, M48 + " _main(); " + M51, ("cable", "power", "driver_baud"), "session"),
        _l("v4.5-v5.x", "Guru Meditation Error detected{text}", "esptool read a panic report instead of a loader answer: the application is running and crashing, the chip is not in download mode", E + "app_panic", 0.85, L48 + " detect_panic_handler(); " + L51, ("app_crash", "hold_boot")),
        # --- the SPI flash and verification ---
        _l("v4.x-v5.x", "Unable to verify flash chip connection ({text}).", "the stub could not read the SPI flash's ID: the flash is not powered, not connected, or its pins are loaded by the board", E + "flash_chip_unreachable", 0.85, M48 + " flash_id check; " + M51, ("flash_wiring", "power"), "session"),
        _l("v3.3-v4.x", "WARNING: Failed to communicate with the flash chip, read/write operations will fail.", "the flash ID read back as all 0 or all 1: the SPI flash does not answer", E + "flash_chip_unreachable", 0.8, V33 + " main(); " + M48, ("flash_wiring", "power"), "session", "warning"),
        _l("v5.x", "Failed to communicate with the flash chip, read/write operations will fail.", "the flash ID read back as all 0 or all 1: the SPI flash does not answer (v5 wording, printed as a warning)", E + "flash_chip_unreachable", 0.8, C51 + " flash_id()", ("flash_wiring", "power"), "session", "warning"),
        _l("v3.3-v5.x", "MD5 of file does not match data in flash!", "the flash content read back differs from what was written", E + "md5_mismatch", 0.75, V33 + " write_flash(); " + C48 + "; " + C51, ("power", "flash_mode"), "session"),
        _l("v3.3-v4.x", "Verify failed.", "verify-flash found differences between the file and the flash", E + "md5_mismatch", 0.7, V33 + " verify_flash(); " + C48, ("power", "flash_mode"), "session"),
        _l("v5.x", "Verification failed.", "verify-flash found differences between the file and the flash (v5 wording of 'Verify failed.')", E + "md5_mismatch", 0.7, C51 + " verify_flash()", ("power", "flash_mode"), "session"),
        _l("v5.x", "Verification failed: {n} differences, first at 0x{hex}", "verify-flash found differences between the file and the flash (v5 wording)", E + "md5_mismatch", 0.75, C51 + " verify_flash()", ("power", "flash_mode"), "session"),
        _l("v5.x", "Verification failed (digest mismatch).", "verify-flash found the flash's MD5 differs from the file's (v5 wording)", E + "md5_mismatch", 0.75, C51 + " verify_flash()", ("power", "flash_mode"), "session"),
        _l("v3.3-v5.x", "Digest mismatch: expected {hex}, got {hex}", "the data read from flash over the serial link does not match the stub's MD5: bytes were lost or corrupted on the link", E + "transfer_stopped", 0.7, V33 + " read_flash(); " + L51, ("slower_baud", "cable"), "session"),
        _l("v3.3-v5.x", "Corrupt data, expected 0x{hex} bytes but received 0x{hex} bytes", "a block read from flash arrived short: bytes were lost on the link", E + "transfer_stopped", 0.7, V33 + " read_flash(); " + L51, ("slower_baud", "cable"), "session"),
        _l("v3.3-v5.x", "Expected digest, got: {hexbytes}", "the MD5 frame after a flash read did not arrive intact", E + "transfer_stopped", 0.65, V33 + " read_flash(); " + L51, ("slower_baud", "cable"), "session"),
        _l("v3.3", "File {path} (length {n}) at offset {n} will not fit in {n} bytes of flash. Use --flash_size argument, or change flashing address.", "the image does not fit in the flash size esptool uses (detected or given)", E + "image_too_large", 0.85, V33 + " write_flash()", ("image_fit",), "session"),
        _l("v4.x", "File {path} (length {n}) at offset {n} will not fit in {n} bytes of flash. Change the --flash_size argument, or flashing address.", "the image does not fit in the flash size esptool uses (v4 wording)", E + "image_too_large", 0.85, C48 + " write_flash()", ("image_fit",), "session"),
        _l("v5.x", "(length {n}) at offset {addr} will not fit in {n} bytes of flash. Change the flash_size argument or flashing address.", "the image does not fit in the flash size esptool uses (v5 wording: \"File 'NAME'\" or \"Input image\")", E + "image_too_large", 0.85, C51 + " write_flash()", ("image_fit",), "session"),
        # --- v5 names ---
        _l("v5.x", "Deprecated: Command '{word}' is deprecated. Use '{word}' instead.", "esptool v5 renamed the command to its dashed form; the old name still runs", E + "deprecated_name", 0.3, CLI51 + " Group.get_command()", ("v5_names",), "open", "info"),
        _l("v5.x", "Deprecated: Choice '{word}' for option '--{word}' is deprecated. Use '{word}' instead.", "esptool v5 renamed the option's value to its dashed form (default_reset -> default-reset)", E + "deprecated_name", 0.3, CLI51 + " ChoiceWithDeprecation", ("v5_names",), "open", "info"),
        _l("v5.x", "Deprecated: Option '{word}' is deprecated. Use '{word}' instead.", "esptool v5 renamed the option to its dashed form (--flash_mode -> --flash-mode)", E + "deprecated_name", 0.3, CLI51 + " _replace_deprecated_args()", ("v5_names",), "open", "info"),
        _l("v5.x", "DEPRECATED: 'esptool.py' is deprecated. Please use 'esptool' instead.", "esptool v5 is run as 'esptool' (the .py name is deprecated)", E + "deprecated_name", 0.25, U51 + " check_deprecated_py_suffix()", ("v5_names",), "open", "info"),
    )


ESPTOOL_LINES = LazyTable("esptool_inventory", _rows, "esptool failure messages by version (inventory; source file@tag per row)", __file__)
