"""Reusable fixes of the `bootloader.stm32` domain, by key."""

from __future__ import annotations

from ....model import Fix, Snippet
from ....device_knowledge import SERIAL_FIXES

PARITY_SNIPPET = Snippet(
    "pyserial",
    "import serial  # the STM32 USART bootloader needs 8E1\n"
    "s = serial.Serial('/dev/ttyUSB0', 115200, bytesize=serial.EIGHTBITS,\n"
    "                  parity=serial.PARITY_EVEN, stopbits=serial.STOPBITS_ONE, timeout=1)\n"
    "s.write(b'\\x7f'); print(s.read(1))  # b'y' (0x79 ACK) when the bootloader runs",
)

FIXES: dict[str, Fix] = {
    "boot0": Fix(
        "Start the system bootloader: BOOT0 high (BOOT1 low on F1), then reset (NRST) with BOOT0 held; release BOOT0 after flashing.",
        "device",
    ),
    "wiring": Fix("Cross the lines on the bootloader's USART (usually USART1: PA9 = TX, PA10 = RX): adapter TX to PA10, RX to PA9, common ground, 3.3 V levels.", "user"),
    "baud": Fix("Try a slower, standard rate (the bootloader autobauds from 1200 to 115200 on the first 0x7F).", "host", "stm32flash -b 57600 /dev/ttyUSB0"),
    "parity": Fix(
        "Use 8E1 (even parity): stm32flash's default (-m 8e1) on a real port; in your own code set parity even.",
        "host",
        "stm32flash -b 115200 -m 8e1 /dev/ttyUSB0",
        (PARITY_SNIPPET,),
    ),
    "real_8e1": SERIAL_FIXES["real_port"],
    "reset_chip": Fix("Reset the chip (NRST) with BOOT0 high before each session, so the first 0x7F meets a fresh bootloader.", "device"),
    "newer_tool": Fix("Use a newer stm32flash or STM32CubeProgrammer that knows this product ID, and check the part is a genuine STM32.", "host", "stm32flash -v; STM32_Programmer_CLI --version"),
    "unprotect_note": Fix(
        "A NACK on WRITE (31) / ERASE (43) / READ (11) usually means read-out or write protection, or a bootloader that wants EXTENDED ERASE (44) instead of 43. Removing read-out protection mass-erases the flash: decide deliberately; this tool never does it.",
        "user",
    ),
    "cube_even": Fix("In STM32CubeProgrammer select parity EVEN (the default) and a standard baud rate.", "host", "STM32_Programmer_CLI -c port=/dev/ttyUSB0 br=115200 P=EVEN"),
}
