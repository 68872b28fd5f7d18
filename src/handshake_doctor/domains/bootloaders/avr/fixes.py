"""Reusable fixes of the `bootloader.avr` domain, by key."""

from __future__ import annotations

from ....model import Fix, Snippet
from ....device_knowledge import SERIAL_FIXES

FIXES: dict[str, Fix] = {
    "baud": Fix(
        "Use the bootloader's baud rate: Uno / Optiboot 115200; older Nano, Duemilanove, Pro Mini 57600 (Arduino IDE: 'ATmega328P (Old Bootloader)').",
        "host",
        "avrdude -c arduino -p m328p -P /dev/ttyUSB0 -b 57600 -n   # then try -b 115200",
    ),
    "press_reset": Fix(
        "Reset the board into its bootloader just as avrdude starts (press RESET when 'Uploading' appears); auto-reset needs DTR and the 100 nF capacitor to RESET, which -c arduino toggles.",
        "device",
        "avrdude -c arduino -p m328p -P /dev/ttyUSB0 -b 115200 -n   # -n: read-only check",
    ),
    "close_monitor": Fix("Close the serial monitor / any program that has the port open and talks to the sketch.", "user", "sudo fuser -v /dev/ttyUSB0"),
    "burn_bootloader": Fix("If the chip has no bootloader (a bare ATmega, or a sketch uploaded with a programmer), burn one with an ISP programmer (Arduino IDE: Tools > Burn Bootloader).", "device"),
    "check_port": SERIAL_FIXES["list_ports"],
    "wiring_mega": Fix("An Arduino Mega 2560 speaks STK500v2: use -c wiring (not -c arduino) at 115200.", "host", "avrdude -c wiring -p m2560 -P /dev/ttyACM0 -b 115200 -D -n"),
    "caterina": Fix(
        "Leonardo / Micro: open the port at 1200 baud and close it to reset into the bootloader, then run avrdude on the port that appears (-c avr109) within 8 s.",
        "host",
        "stty -F /dev/ttyACM0 1200; sleep 2; avrdude -c avr109 -p m32u4 -P /dev/ttyACM0 -n",
        (Snippet("pyserial", "import serial, time\nserial.Serial('/dev/ttyACM0', 1200).close()  # 1200-baud touch resets into the bootloader\ntime.sleep(2)"),),
    ),
    "right_part": Fix("Name the chip that is really on the board with -p (the signature tells which); do not force with -F.", "host", "avrdude -c arduino -P /dev/ttyUSB0 -b 115200 -p m328p -n"),
    "isp_wiring": Fix("Check the ISP connection: MISO/MOSI/SCK/RESET, target power and a running clock (a wrong clock fuse needs a slower -B bit clock).", "user", "avrdude -c usbasp -p m328p -B 32 -n"),
}
