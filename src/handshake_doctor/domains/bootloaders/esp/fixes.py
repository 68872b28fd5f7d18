"""Reusable fixes of the `bootloader.esp` domain, by key."""

from __future__ import annotations

from ....model import Fix, Snippet
from ....device_knowledge import SERIAL_FIXES

FIXES: dict[str, Fix] = {
    "hold_boot": Fix(
        "Enter download mode by hand: hold BOOT (IO0) low, press and release EN/RESET, release BOOT; then run esptool without resetting.",
        "device",
        "esptool --port /dev/ttyUSB0 --before no-reset chip-id   # esptool < 4.8: --before no_reset",
    ),
    "before_reset": Fix(
        "Let esptool reset the chip into download mode through DTR/RTS (the default; needs an adapter wired to EN and IO0, as on dev boards).",
        "host",
        "esptool --port /dev/ttyUSB0 --before default-reset chip-id   # esptool < 4.8: --before default_reset",
    ),
    "en_cap": Fix("If the auto-reset races (common on some dev boards), put a 1-10 uF capacitor between EN and GND.", "device"),
    "read_log": Fix(
        "Read what the chip prints at reset: the ROM boot log names the boot mode (ESP8266 at 74880 baud, ESP32 at 115200).",
        "user",
        "python3 -m serial.tools.miniterm /dev/ttyUSB0 115200   # ESP8266: 74880",
        (Snippet("pyserial", "import serial\nwith serial.Serial('/dev/ttyUSB0', 115200, timeout=2) as s:\n    print(s.read(512))  # 'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)'"),),
    ),
    "tx_wiring": Fix("Check the host-to-chip direction: adapter TX to the chip's RX (U0RXD), a common ground, 3.3 V levels.", "user"),
    "slower_baud": Fix("Use a lower baud rate for the transfer (115200 instead of 921600/460800).", "host", "esptool --port /dev/ttyUSB0 -b 115200 chip-id"),
    "power": Fix("Power the board from a supply that holds 3.3 V under Wi-Fi/flash load (brown-outs during flashing); avoid long or thin USB cables.", "device"),
    "flash_mode": Fix("Try the safest flash mode and speed (dio / 40m) and verify the image.", "host", "esptool --port /dev/ttyUSB0 write-flash --flash-mode dio --flash-freq 40m --verify 0x10000 app.bin"),
    "no_stub": Fix("Stay in the ROM loader (no stub upload); if the chip is in Secure Download Mode, only ROM commands are allowed.", "host", "esptool --port /dev/ttyUSB0 --no-stub chip-id"),
    "check_port": SERIAL_FIXES["list_ports"],
    "cable": SERIAL_FIXES["cable"],
    "baud_boot_log": Fix("The bytes are garbled text: read them at 74880 (ESP8266 boot log) or 115200 (ESP32) to see the message.", "user", "python3 -m serial.tools.miniterm /dev/ttyUSB0 74880"),
}
