"""Finding codes of the `bootloader.avr` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.avr.found", "An STK500v1 bootloader (Optiboot) answers", "explain,probe"),
    CodeDef("bootloader.avr.sketch_running", "A running sketch answers with its own text instead of the bootloader", "explain,probe"),
    CodeDef("bootloader.avr.no_reply", "Nothing usable comes back from the AVR bootloader: no reset into it, no bootloader, wrong port or a broken RX/TX path", "explain,probe"),
    CodeDef("bootloader.avr.nosync", "An STK500 answered STK_NOSYNC: it received bytes it did not expect", "explain,probe"),
    CodeDef("bootloader.avr.signature_mismatch", "The AVR's device signature is not the one of the part named with -p, or could not be read", "explain"),
    # from the avrdude inventory (messages_avrdude.py)
    CodeDef("bootloader.avr.target_unreachable", "The programmer answers but the AVR chip does not enter programming mode (ISP wiring, target power, clock)", "explain"),
    CodeDef("bootloader.avr.programmer_not_found", "The USB programmer (USBasp, USBtiny) is not on the USB bus", "explain"),
    CodeDef("bootloader.avr.usb_permission", "The USB programmer is there but this user may not open it (udev rule or Windows driver)", "explain"),
    CodeDef("bootloader.avr.old_firmware", "The programmer's firmware is too old for what avrdude asks (USBasp SCK setting, old VID/PID)", "explain"),
    CodeDef("bootloader.avr.verify_failed", "The memory read back after writing differs from the file", "explain"),
    CodeDef("bootloader.avr.updi_link_failed", "The UPDI link to the chip did not come up (SerialUPDI/jtag2updi wiring, resistor, power or baud)", "explain"),
    CodeDef("bootloader.avr.locked", "The AVR is locked: programming needs a chip erase first", "explain"),
    CodeDef("bootloader.avr.wrong_interface", "The programmer does not speak the part's programming interface (ISP vs UPDI/PDI/TPI)", "explain"),
    CodeDef("bootloader.avr.isp_clock_too_fast", "The ISP clock (SCK) is too fast for the AVR's own clock (a chip at its factory 1 MHz or a slow-clock fuse): slow it with -B", "explain", "0.2.0"),
)
