"""avrdude's failure messages for the stk500/arduino, urclock, usbasp, usbtiny, jtag2updi
(jtagmkII protocol) and serialupdi programmers, read from its source at v6.4, v7.0, v7.3, v8.1.

Read at the tags of github.com/avrdudes/avrdude (files at the top level up to v6.4, under src/
from v7.0). How a line starts changed: up to v7.0 every message carries the function name
(``avrdude: stk500_recv(): programmer is not responding``); from v7.1 ``pmsg_error()`` prints
``avrdude error: programmer is not responding`` (the function only with -v:
``avrdude stk500_recv() error: ...``). Wordings that changed are kept as separate rows
(``can't`` -> ``cannot``, ``rc=%d`` -> ``(rc = %d)``, ``Yikes!  Invalid device signature`` ->
``invalid device signature``, ``verification error, first mismatch`` -> ``verification mismatch``).
"""

from __future__ import annotations

from ....knowledge.tool_templates import LazyTable, ToolLine
from ....model import Fix

_G = "avrdudes/avrdude "


def _s(file: str, *tags: str) -> str:
    return "; ".join(_G + (file if t in ("v6.4",) else "src/" + file) + "@" + t for t in tags)


FIXES: dict[str, Fix] = {
    "target_power": Fix("The programmer answers but the AVR does not: check the target's power (VCC and GND to the programmer), the 6/10-pin ISP cable's orientation, MISO/MOSI/SCK/RESET, and that RESET is not held or disabled by a fuse.", "device"),
    "slow_sck": Fix("Slow the ISP clock for a chip running from a slow clock (factory 1 MHz, or a 128 kHz fuse setting): -B 32 (or -B 125kHz).", "host", "avrdude -c usbasp -p m328p -B 32 -U flash:r:-:h"),
    "usb_rule": Fix("Let your user open the programmer: a udev rule for its VID:PID (USBasp 16c0:05dc, USBtiny 1781:0c9f), or on Windows bind WinUSB/libusbK with Zadig.", "host", "echo 'SUBSYSTEM==\"usb\", ATTRS{idVendor}==\"16c0\", ATTRS{idProduct}==\"05dc\", MODE=\"0666\"' | sudo tee /etc/udev/rules.d/99-usbasp.rules"),
    "plug_programmer": Fix("The USB programmer is not found: plug it in, check lsusb shows it, and name the right -c (usbasp, usbtiny).", "user", "lsusb"),
    "usbasp_fw": Fix("The USBasp's firmware is old (no SCK setting, old VID/PID): update it, or set the slow-clock jumper.", "device"),
    "updi_wiring": Fix("SerialUPDI: a USB-serial adapter with a 4.7 kOhm resistor (or a Schottky diode) from TX to the UPDI pin, RX to UPDI, common GND; target powered; try a lower baud rate (-b 57600).", "device", "avrdude -c serialupdi -p t1614 -P /dev/ttyUSB0 -b 57600"),
    "jtag2updi_fw": Fix("jtag2updi runs on an Arduino: the Arduino must carry the jtag2updi firmware, its auto-reset disabled (10 uF on RESET), and the UPDI wire with 4.7 kOhm to the target.", "device"),
    "unlock_updi": Fix("The UPDI chip is locked: a chip erase unlocks it (this erases flash and EEPROM).", "host", "avrdude -c serialupdi -p t1614 -P /dev/ttyUSB0 -e"),
    "verify_power": Fix("Read-back differs from the file: check the target's supply under programming load, a too-fast ISP clock (-B), and lock bits that protect the bootloader section.", "device"),
    "part_flag": Fix("Name the part on the board with -p (e.g. m328p, m2560, t85); avrdude -p '?' lists them.", "host", "avrdude -p '?'"),
}

A = "bootloader.avr."
USBASP_FIRMWARE = ("USBasp firmware 2011-05-28 (Thomas Fischl, www.fischl.de/usbasp) firmware/isp.c: ispSetSCKOption maps "
                   "USBASP_ISP_SCK_AUTO (what avrdude's usbasp_spi_set_sck_period sends when no -B is given) to 375 kHz, "
                   "ispEnterProgrammingMode returns 1 after 32 tries without the 0x53 echo; its Readme: the slow-SCK jumper "
                   "for targets clocked below 1.5 MHz; ATmega48A-328P datasheet, Serial Downloading: SCK low and high "
                   "periods > 2 CPU clock cycles")
_PORTS = ("check_port", "close_monitor")


def _l(versions: str, template: str, meaning: str, code: str, conf: float, source: str, fixes: tuple[str, ...] = (), phase: str = "connect", severity: str = "error", samples: str = "") -> ToolLine:
    return ToolLine("avrdude", versions, template, meaning, code, conf, source, fixes, phase, severity, "", samples)


def _rows() -> tuple[ToolLine, ...]:
    """The rows, built on first use (knowledge.tool_templates.LazyTable)."""
    return (
        # --- stk500v1 / arduino / urclock: the bootloader handshake ---
        _l("6.x-7.0", "stk500_recv(): programmer is not responding", "the STK500v1 bootloader (Optiboot) sent nothing back within the timeout: no reset into the bootloader, no bootloader, the wrong port, or a broken RX/TX path", A + "no_reply", 0.65, _s("stk500.c", "v6.4", "v7.0"), ("press_reset", "check_port", "baud")),
        _l("7.1-8.x", "avrdude error: programmer is not responding", "the programmer or bootloader sent nothing back within the timeout (7.1+ wording, the function name shows only with -v)", A + "no_reply", 0.6, _s("stk500.c", "v7.3", "v8.1"), ("press_reset", "check_port", "baud")),
        _l("7.1-8.x", "avrdude stk500_recv() error: programmer is not responding", "the STK500v1 bootloader sent nothing back within the timeout (7.1+ wording with -v)", A + "no_reply", 0.65, _s("stk500.c", "v7.3", "v8.1"), ("press_reset", "check_port", "baud")),
        _l("6.x-7.0", "stk500_getsync() attempt {n} of {n}: not in sync: resp=0x{hex}", "GET_SYNC (30 20) was answered by another byte than STK_INSYNC 0x14; the byte says who answered (decoded by the resp= table: 0x00 nothing, printable = a running sketch, bit 7 set = another baud)", A + "no_reply", 0.3, _s("stk500.c", "v6.4", "v7.0"), ("press_reset", "baud", "check_port"), samples="hex=00"),
        _l("7.1-8.x", "attempt {n} of {n}: not in sync: resp=0x{hex}", "GET_SYNC (30 20) was answered by another byte than STK_INSYNC 0x14 (7.1+ warning wording; the byte is decoded by the resp= table)", A + "no_reply", 0.3, _s("stk500.c", "v7.3", "v8.1"), ("press_reset", "baud", "check_port"), "connect", "warning", "hex=00"),
        _l("6.x-7.0", "stk500_getsync(): can't communicate with device: resp=0x{hex}", "after all sync attempts the bootloader still answered with a wrong byte", A + "no_reply", 0.55, _s("stk500.c", "v6.4", "v7.0"), ("press_reset", "baud", "check_port")),
        _l("7.1-8.x", "cannot communicate with device: resp=0x{hex}", "after all sync attempts the bootloader still answered with a wrong byte (7.1+ wording)", A + "no_reply", 0.55, _s("stk500.c", "v7.3", "v8.1"), ("press_reset", "baud", "check_port")),
        _l("6.x-7.0", "stk500_cmd(): programmer is out of sync", "the bootloader answered STK_NOSYNC (0x15): it received bytes it did not expect (a wrong baud rate or a second program writing to the port)", A + "nosync", 0.7, _s("stk500.c", "v6.4", "v7.0") + "; " + _s("arduino.c", "v6.4"), ("baud", "close_monitor")),
        _l("7.1-8.x", "programmer is out of sync", "the bootloader answered STK_NOSYNC (0x15): it received bytes it did not expect (7.1+ wording)", A + "nosync", 0.7, _s("stk500.c", "v7.3", "v8.1") + "; " + _s("arduino.c", "v7.3", "v8.1"), ("baud", "close_monitor")),
        _l("7.1-8.x", "protocol expects sync byte 0x14 but got 0x{hex}", "the first byte of an answer was not STK_INSYNC: another program or a running sketch answers, or the baud rate is wrong", A + "no_reply", 0.6, _s("stk500.c", "v7.3", "v8.1") + "; " + _s("arduino.c", "v7.3", "v8.1") + "; " + _s("urclock.c", "v7.3", "v8.1"), ("press_reset", "baud", "close_monitor")),
        _l("7.1-8.x", "protocol expects OK byte 0x10 but got 0x{hex}", "the bootloader took the command but did not end its answer with STK_OK: it failed the command or the bytes were corrupted", A + "nosync", 0.55, _s("stk500.c", "v7.3", "v8.1") + "; " + _s("arduino.c", "v7.3", "v8.1") + "; " + _s("urclock.c", "v7.3", "v8.1"), ("baud", "close_monitor")),
        ToolLine("avrdude", "7.1-8.x", "attempt {n} of {n}: not in sync", "urclock's sync did not get the urboot/Optiboot answer (no bootloader running, or the wrong baud rate)", A + "no_reply", 0.55, _s("urclock.c", "v7.3", "v8.1"), ("press_reset", "baud", "check_port"), "connect", "warning",
                 regex=r"attempt \d{1,10} of \d{1,10}: not in sync(?!: resp)"),  # urclock's line ends here; stk500's goes on with ': resp=0x..'

        _l("6.x-7.0", "stk500_initialize(): programmer not in sync, resp=0x{hex}", "the bootloader lost sync during initialisation", A + "nosync", 0.55, _s("stk500.c", "v6.4", "v7.0"), ("baud", "press_reset")),
        _l("6.x-7.0", "stk500_program_enable(): can't get into sync", "the bootloader stopped answering when programming mode was requested", A + "no_reply", 0.55, _s("stk500.c", "v6.4", "v7.0"), ("press_reset", "baud")),
        _l("7.1-8.x", "cannot get into sync", "the programmer stopped answering in sync during a command (7.1+ wording)", A + "no_reply", 0.55, _s("stk500.c", "v7.3", "v8.1"), ("press_reset", "baud")),
        _l("6.x-7.0", "stk500_program_enable(): failed to enter programming mode", "the STK500 programmer could not put the target into programming mode", A + "target_unreachable", 0.7, _s("stk500.c", "v6.4", "v7.0"), ("target_power", "slow_sck")),
        _l("7.1-8.x", "unable to enter programming mode", "the programmer could not put the target into programming mode (7.1+ wording)", A + "target_unreachable", 0.7, _s("stk500.c", "v7.3", "v8.1"), ("target_power", "slow_sck")),
        # --- stk500v2 (Mega 2560 bootloader, -c wiring / -c stk500v2) ---
        _l("6.x-7.0", "stk500v2_ReceiveMessage(): timeout", "an STK500v2 bootloader (Mega 2560: -c wiring) or programmer did not answer in time: no reset into the bootloader, wrong -c, or the wrong port", A + "no_reply", 0.65, _s("stk500v2.c", "v6.4", "v7.0"), ("wiring_mega", "press_reset", "check_port")),
        _l("6.x-7.0", "stk500v2_getsync(): timeout communicating with programmer", "the STK500v2 sign-on got no answer", A + "no_reply", 0.7, _s("stk500v2.c", "v6.4", "v7.0"), ("wiring_mega", "press_reset", "check_port")),
        _l("7.1-8.x", "avrdude error: timeout communicating with programmer", "the STK500v2 sign-on got no answer (7.1+ wording, from stk500v2_getsync())", A + "no_reply", 0.7, _s("stk500v2.c", "v7.3", "v8.1"), ("wiring_mega", "press_reset", "check_port")),
        _l("7.1-8.x", "timeout/error communicating with programmer", "an STK500v2/jtagmkII-protocol programmer stopped answering a command", A + "no_reply", 0.6, _s("stk500v2.c", "v7.3", "v8.1"), ("check_port", "press_reset")),
        _l("6.x-7.0", "stk500v2_getsync(): can't communicate with device: resp=0x{hex}", "the STK500v2 sign-on was answered with a wrong byte", A + "no_reply", 0.55, _s("stk500v2.c", "v6.4", "v7.0"), ("wiring_mega", "baud")),
        # --- the chip after the programmer answered ---
        _l("6.x-7.0", "initialization failed, rc=-1", "the programmer answered but the target chip did not enter programming mode (ISP wiring, target power, clock)", A + "target_unreachable", 0.7, _s("main.c", "v6.4", "v7.0") + "; " + _s("avr.c", "v6.4"), ("target_power", "slow_sck")),
        _l("7.1-7.x", "initialization failed, rc={errno}", "the programmer answered but the target chip did not enter programming mode (7.x wording)", A + "target_unreachable", 0.7, _s("main.c", "v7.3"), ("target_power", "slow_sck")),
        _l("8.x", "initialization failed  (rc = {errno})", "the programmer answered but the target chip did not enter programming mode (8.x wording)", A + "target_unreachable", 0.7, _s("main.c", "v8.1"), ("target_power", "slow_sck")),
        _l("7.1-8.x", "the programmer ISP clock is too fast for the target", "avrdude's own reading of rc = -2 from the programmer's initialisation (an STK500v2/AVRISP mkII/STK600 answered STATUS_CLOCK_ERROR): the ISP clock is too fast for the chip's clock", A + "isp_clock_too_fast", 0.9, _s("main.c", "v7.1", "v7.3", "v8.1"), ("slow_sck",)),
        _l("7.1-7.x", "initialization failed, rc=-2", "initialisation returned -2, which avrdude 7.1+ prints as 'the programmer ISP clock is too fast for the target'", A + "isp_clock_too_fast", 0.85, _s("main.c", "v7.1", "v7.3"), ("slow_sck",)),
        _l("8.x", "initialization failed  (rc = -2)", "initialisation returned -2, which avrdude 8 prints as 'the programmer ISP clock is too fast for the target'", A + "isp_clock_too_fast", 0.85, _s("main.c", "v8.1"), ("slow_sck",)),
        _l("7.1-8.x", "target clock speed error", "the STK500v2-protocol programmer (AVRISP mkII, STK600, STK500v2 clones) answered STATUS_CLOCK_ERROR (0xCC): its ISP clock is too fast for the target", A + "isp_clock_too_fast", 0.85, _s("stk500v2.c", "v7.3", "v8.1") + " (stk500v2_command; stk500v2_private.h STATUS_CLOCK_ERROR 0xCC)", ("slow_sck",)),
        _l("6.x-7.0", "Double check connections and try again, or use -F to override", "avrdude's hint after a failed initialisation or an unreadable signature: the programmer-to-target connection", A + "target_unreachable", 0.55, _s("main.c", "v6.4", "v7.0", "v7.3"), ("target_power", "slow_sck")),
        _l("7.1-8.x", "- double check the connections and try again", "avrdude's hint after a failed initialisation (7.1+): the programmer-to-target connection", A + "target_unreachable", 0.55, _s("main.c", "v7.3", "v8.1") + "; observed with avrdude 7.1 (serialupdi on a silent port)", ("target_power", "slow_sck")),
        _l("7.1", "- use -B to set lower ISP clock frequency, e.g. -B 125kHz", "avrdude 7.1's hint after a failed initialisation: the ISP clock may be too fast for the target's clock", A + "target_unreachable", 0.55, _s("main.c", "v7.1") + "; observed with avrdude 7.1", ("slow_sck", "target_power")),
        _l("7.1-7.2", "unable to open programmer {word} on port {port}", "avrdude gave up on the programmer (the line above it says why: a missing port, no answer, no USB device)", A + "no_reply", 0.35, _s("main.c", "v7.1", "v7.2") + "; observed with avrdude 7.1", ("check_port", "press_reset"), "open"),
        _l("7.3-8.x", "unable to open port {port} for programmer {word}", "avrdude gave up on the programmer (7.3+ wording; the line above it says why)", A + "no_reply", 0.35, _s("main.c", "v7.3", "v8.1"), ("check_port", "press_reset"), "open"),
        _l("8.x", "double check connections and try again, or use -F to carry on regardless", "avrdude 8's hint after a failed initialisation: the programmer-to-target connection", A + "target_unreachable", 0.55, _s("main.c", "v8.1"), ("target_power", "slow_sck")),
        _l("6.x-7.0", "Yikes!  Invalid device signature.", "the signature read back is 00 00 00 or FF FF FF: the programmer cannot talk to the chip", A + "signature_mismatch", 0.75, _s("main.c", "v6.4", "v7.0", "v7.3"), ("isp_wiring", "target_power", "slow_sck"), "session"),
        _l("8.x", "avrdude error: invalid device signature", "the signature read back is 00 00 00 or FF FF FF: the programmer cannot talk to the chip (8.x wording)", A + "signature_mismatch", 0.75, _s("main.c", "v8.1"), ("isp_wiring", "target_power", "slow_sck"), "session"),
        _l("6.x-7.x", "Expected signature for {part} is {hex} {hex} {hex}", "the chip answered with another signature than the part named by -p", A + "signature_mismatch", 0.7, _s("main.c", "v6.4", "v7.3"), ("right_part", "part_flag"), "session"),
        _l("8.x", "expected signature for {part} is {hex} {hex} {hex}", "the chip answered with another signature than the part named by -p (8.x prints the bytes with leading blanks)", A + "signature_mismatch", 0.7, _s("main.c", "v8.1"), ("right_part", "part_flag"), "session"),
        _l("6.x-7.0", "error reading signature data, rc={errno}", "the signature could not be read at all", A + "target_unreachable", 0.6, _s("main.c", "v6.4", "v7.0"), ("target_power", "slow_sck"), "session"),
        _l("7.1-7.x", "unable to read signature data, rc={errno}", "the signature could not be read at all (7.x wording)", A + "target_unreachable", 0.6, _s("main.c", "v7.3"), ("target_power", "slow_sck"), "session"),
        _l("8.x", "unable to read signature data (rc = {errno})", "the signature could not be read at all (8.x wording)", A + "target_unreachable", 0.6, _s("main.c", "v8.1"), ("target_power", "slow_sck"), "session"),
        _l("6.x-7.0", "verification error, first mismatch at byte 0x{hex}", "the flash read back differs from the file", A + "verify_failed", 0.8, _s("avr.c", "v6.4", "v7.0"), ("verify_power",), "session"),
        _l("7.1-7.x", "verification mismatch", "the memory read back differs from the file (7.x wording)", A + "verify_failed", 0.75, _s("avr.c", "v7.3"), ("verify_power",), "session"),
        _l("8.x", "{word} verification mismatch", "the memory read back differs from the file (8.x names the memory: flash, eeprom)", A + "verify_failed", 0.75, _s("update.c", "v8.1"), ("verify_power",), "session"),
        _l("7.1-8.x", "device 0x{hex} != input 0x{hex} at addr 0x{hex} (error)", "a byte read back differs from the file at that address", A + "verify_failed", 0.75, _s("avr.c", "v7.3") + "; " + _s("update.c", "v8.1"), ("verify_power",), "session"),
        # --- usbasp ---
        # USBasp: the firmware answers ENABLEPROG with 1 when the target never echoed 0x53 (USBASP_FIRMWARE).
        # Without -B avrdude asks for SCK "auto", which that firmware runs at 375 kHz: above what an AVR
        # at its factory 1 MHz clock takes (serial programming needs SCK high/low > 2 target clocks), so
        # the clock comes first and wiring/power second (explain.py demotes it when -B was given).
        _l("6.x", "error: program enable: target doesn't answer.", "USBasp found the programmer but the target never echoed the ISP program-enable: at the USBasp's default SCK (375 kHz when -B is not given) a chip clocked below 1.5 MHz (the factory 1 MHz, or a slow-clock fuse) cannot answer; otherwise ISP wiring or target power", A + "isp_clock_too_fast", 0.8, _s("usbasp.c", "v6.4") + "; " + USBASP_FIRMWARE, ("slow_sck", "target_power", "usbasp_fw")),
        _l("7.x-8.x", "program enable: target does not answer (0x{hex})", "USBasp found the programmer but the target never echoed the ISP program-enable (7.x/8.x wording): the default SCK (375 kHz without -B) is too fast for a chip below 1.5 MHz; otherwise ISP wiring or target power", A + "isp_clock_too_fast", 0.8, _s("usbasp.c", "v7.3", "v8.1") + "; " + USBASP_FIRMWARE, ("slow_sck", "target_power", "usbasp_fw")),
        _l("7.x-8.x", "program enable, target does not answer", "USBasp (TPI): the target does not answer the program-enable: an ISP clock too fast for the chip, or wiring / target power", A + "isp_clock_too_fast", 0.75, _s("usbasp.c", "v7.3", "v8.1") + "; " + USBASP_FIRMWARE, ("slow_sck", "target_power")),
        _l("6.x", "error: could not find USB device with vid=0x{hex} pid=0x{hex}", "no USBasp is on the USB bus (unplugged, a bad cable, or another VID/PID)", A + "programmer_not_found", 0.85, _s("usbasp.c", "v6.4"), ("plug_programmer",), "open"),
        _l("7.x-8.x", "cannot find USB device with vid=0x{hex} pid=0x{hex}", "no USBasp is on the USB bus (7.x/8.x wording)", A + "programmer_not_found", 0.85, _s("usbasp.c", "v7.3", "v8.1"), ("plug_programmer",), "open"),
        _l("6.x", "Warning: cannot open USB device: {text}", "the USB programmer is there but this user may not open it (udev rule / Windows driver)", A + "usb_permission", 0.8, _s("usbasp.c", "v6.4") + "; " + _s("usbtiny.c", "v6.4"), ("usb_rule",), "open", "warning"),
        _l("7.x-8.x", "warning: cannot open USB device: {text}", "the USB programmer is there but this user may not open it (7.x/8.x wording)", A + "usb_permission", 0.8, _s("usbasp.c", "v7.3", "v8.1") + "; " + _s("usbtiny.c", "v7.3", "v8.1"), ("usb_rule",), "open", "warning"),
        _l("8.x", "check out USB port permissions on your OS and set them correctly", "avrdude 8's hint after a USB programmer could not be opened: permissions", A + "usb_permission", 0.8, _s("main.c", "v8.1"), ("usb_rule",), "open"),
        _l("6.x", "warning: cannot set sck period. please check for usbasp firmware update.", "the USBasp firmware cannot change its SCK clock (old firmware): slow targets fail", A + "old_firmware", 0.7, _s("usbasp.c", "v6.4"), ("usbasp_fw",), "connect", "warning"),
        _l("7.x-8.x", "cannot set sck period; please check for usbasp firmware update", "the USBasp firmware cannot change its SCK clock (old firmware; 7.x/8.x wording)", A + "old_firmware", 0.7, _s("usbasp.c", "v7.3", "v8.1"), ("usbasp_fw",)),
        _l("7.x-8.x", "found USB device USBasp with old VID/PID; please update firmware of USBasp", "an old USBasp (old VID/PID) was found", A + "old_firmware", 0.65, _s("usbasp.c", "v7.3", "v8.1"), ("usbasp_fw",), "open"),
        # --- usbtiny ---
        _l("6.x", "Error: Could not find USBtiny device (0x{hex}/0x{hex})", "no USBtinyISP is on the USB bus", A + "programmer_not_found", 0.85, _s("usbtiny.c", "v6.4"), ("plug_programmer",), "open"),
        _l("7.x-8.x", "cannot find USBtiny device (0x{hex}/0x{hex})", "no USBtinyISP is on the USB bus (7.x/8.x wording)", A + "programmer_not_found", 0.85, _s("usbtiny.c", "v7.3", "v8.1"), ("plug_programmer",), "open"),
        _l("7.x-8.x", "SDO->SDI check failed (got 0x{hex} 0x{hex} 0x{hex} 0x{hex})", "USBtiny's loop test of the target's SPI failed: no target on the ISP lines", A + "target_unreachable", 0.8, _s("usbtiny.c", "v7.3", "v8.1"), ("target_power", "slow_sck")),
        _l("6.x", "error: usbtiny_transmit: {text}", "a USB transfer to the USBtiny failed (cable, hub, power)", A + "programmer_not_found", 0.6, _s("usbtiny.c", "v6.4"), ("plug_programmer",), "session"),
        _l("7.x-8.x", "unable to switch chip into TPI mode", "USBtiny could not put a TPI chip (ATtiny4/5/9/10) into programming mode", A + "target_unreachable", 0.75, _s("usbtiny.c", "v7.3", "v8.1"), ("target_power",)),
        # --- jtag2updi (jtagmkII protocol) ---
        _l("6.x-7.0", "jtagmkII_getsync(): sign-on command: status {errno}", "the JTAG ICE mkII / jtag2updi programmer did not answer its sign-on (no jtag2updi firmware, auto-reset, wrong port or baud)", A + "no_reply", 0.7, _s("jtagmkII.c", "v6.4", "v7.0"), ("jtag2updi_fw", "check_port")),
        _l("7.1-8.x", "attempt {n} of {n}: sign-on command: status {errno}", "the JTAG ICE mkII / jtag2updi programmer did not answer its sign-on (7.1+ wording)", A + "no_reply", 0.7, _s("jtagmkII.c", "v7.3", "v8.1"), ("jtag2updi_fw", "check_port"), "connect", "warning"),
        _l("7.1-8.x", "bad response to sign-on command: {text}", "the jtagmkII-protocol programmer (jtag2updi) answered the sign-on with an error", A + "no_reply", 0.7, _s("jtagmkII.c", "v7.3", "v8.1"), ("jtag2updi_fw", "check_port")),
        _l("7.1-7.x", "timeout/error communicating with programmer (status {errno})", "the jtagmkII-protocol programmer stopped answering", A + "no_reply", 0.65, _s("jtagmkII.c", "v7.3"), ("jtag2updi_fw", "check_port")),
        _l("7.1-8.x", "bad response to enter progmode command: {text}", "jtag2updi answered but the UPDI target did not enter programming mode (UPDI wire, target power, locked chip)", A + "updi_link_failed", 0.75, _s("jtagmkII.c", "v7.3", "v8.1"), ("updi_wiring", "jtag2updi_fw"), "connect", "warning"),
        # --- serialupdi ---
        _l("7.x-8.x", "UPDI link initialization failed", "SerialUPDI: the UPDI pin did not answer the link check (adapter wiring, resistor, target power or baud)", A + "updi_link_failed", 0.85, _s("serialupdi.c", "v7.3", "v8.1"), ("updi_wiring",)),
        _l("7.x-8.x", "UPDI link reinitialization failed", "SerialUPDI: the UPDI link could not be re-established", A + "updi_link_failed", 0.8, _s("serialupdi.c", "v7.3", "v8.1"), ("updi_wiring",)),
        _l("7.x-8.x", "SerialUPDI reset connection failed", "SerialUPDI could not reset the UPDI connection", A + "updi_link_failed", 0.75, _s("serialupdi.c", "v7.3", "v8.1"), ("updi_wiring",)),
        _l("7.x-8.x", "read CS operation during initialization failed", "SerialUPDI: the target's UPDI control/status register could not be read", A + "updi_link_failed", 0.75, _s("serialupdi.c", "v7.3", "v8.1"), ("updi_wiring",)),
        _l("7.x-8.x", "unable to enter NVM programming mode: device is locked", "the UPDI chip is locked (LOCK fuse): only a chip erase unlocks it", A + "locked", 0.85, _s("serialupdi.c", "v7.3", "v8.1"), ("unlock_updi",)),
        _l("7.x-8.x", "timeout waiting for device to enter NVMPROG mode", "SerialUPDI: the chip did not enter NVM programming mode in time", A + "updi_link_failed", 0.7, _s("serialupdi.c", "v7.3", "v8.1"), ("updi_wiring",)),
        _l("7.x-8.x", "key was not accepted", "SerialUPDI: the chip refused the NVM programming key", A + "updi_link_failed", 0.6, _s("serialupdi.c", "v7.3", "v8.1"), ("updi_wiring", "unlock_updi")),
        # --- generic ---
        _l("6.x-7.x", "AVR device not responding", "the bitbang/linuxspi programmer could not get an answer from the AVR", A + "target_unreachable", 0.7, _s("bitbang.c", "v6.4", "v7.3"), ("target_power", "slow_sck")),
        _l("7.x-8.x", "-c {word} cannot program {part} for lack of a common programming mode", "the programmer does not speak the part's programming interface (e.g. an ISP programmer for a UPDI part)", A + "wrong_interface", 0.85, _s("main.c", "v7.3", "v8.1"), ("part_flag",), "open"),
    )


AVRDUDE_LINES = LazyTable("avrdude_inventory", _rows, "avrdude failure messages by version and programmer (inventory; source file@tag per row)", __file__)
