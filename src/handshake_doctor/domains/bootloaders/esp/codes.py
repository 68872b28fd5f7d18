"""Finding codes of the `bootloader.esp` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.esp.found", "An Espressif ROM loader answers SYNC", "explain,probe"),
    CodeDef("bootloader.esp.boot_log", "The ESP chip is printing its boot log: not in download mode", "explain,probe"),
    CodeDef("bootloader.esp.not_in_download_mode", "The ESP chip booted from flash (its strapping pins said so), not into download mode", "explain,probe"),
    CodeDef("bootloader.esp.no_reply", "The ESP ROM loader does not answer SYNC: not in download mode, wiring or the wrong port", "explain,probe"),
    CodeDef("bootloader.esp.tx_path_down", "The ESP is in download mode but receives nothing: the host-to-chip line is down", "explain,probe"),
    CodeDef("bootloader.esp.transfer_stopped", "The ESP data stream broke off mid-packet: baud rate too high, cable or power", "explain"),
    CodeDef("bootloader.esp.md5_mismatch", "The flash content read back differs from what was written", "explain"),
    CodeDef("bootloader.esp.stub_refused", "The ESP ROM refused to load the stub flasher into RAM (Secure Download Mode or a read-only loader)", "explain,probe"),
    CodeDef("bootloader.esp.rom_error", "The ESP ROM loader or stub answered a command with an error status", "explain,probe"),
    # from the esptool inventory (messages_esptool.py)
    CodeDef("bootloader.esp.wrong_chip", "The chip is another ESP family than the one named with --chip", "explain"),
    CodeDef("bootloader.esp.unknown_chip", "esptool does not know the chip's magic value or chip ID: a chip newer than this esptool, or the wrong --chip", "explain"),
    CodeDef("bootloader.esp.security_locked", "Secure Download Mode or Release-mode flash encryption forbids the command esptool sent", "explain"),
    CodeDef("bootloader.esp.stub_not_started", "The stub flasher was uploaded to RAM but did not start (no or a wrong greeting)", "explain"),
    CodeDef("bootloader.esp.baud_rejected", "The serial driver (or the ROM) refused the baud rate esptool asked for", "explain"),
    CodeDef("bootloader.esp.serial_exception", "pySerial failed under esptool: the USB-serial link or its driver dropped", "explain"),
    CodeDef("bootloader.esp.app_panic", "esptool read an application panic (Guru Meditation) instead of a loader answer: the app runs and crashes", "explain"),
    CodeDef("bootloader.esp.flash_chip_unreachable", "The SPI flash chip does not answer the stub (not powered, not connected, or its pins are loaded)", "explain"),
    CodeDef("bootloader.esp.image_too_large", "The image does not fit in the flash size esptool uses at that offset", "explain"),
    CodeDef("bootloader.esp.deprecated_name", "esptool v5 renamed the command or option (dashed names); the old name still runs", "explain"),
)
