"""Finding codes of the `bootloader.stm32` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.stm32.found", "An STM32 system bootloader answers (AN3155)", "explain,probe"),
    CodeDef("bootloader.stm32.not_in_bootloader", "The STM32 is not in its system bootloader (running its application)", "explain,probe"),
    CodeDef("bootloader.stm32.parity_mismatch", "The STM32 bootloader ACKs 0x7F then fails: the host is not in 8E1", "explain,probe"),
    CodeDef("bootloader.stm32.no_reply", "Nothing answers the 0x7F sync: not in the system bootloader, wiring, or the wrong port", "explain,probe"),
    CodeDef("bootloader.stm32.already_synced", "The STM32 bootloader NACKs 0x7F: it is still synced from an earlier session", "explain,probe"),
    CodeDef("bootloader.stm32.unknown_device", "The bootloader reports a product ID the tool does not know", "explain,probe"),
    CodeDef("bootloader.stm32.nack", "The STM32 bootloader refused a command (protection, or a command this bootloader version lacks)", "explain,probe"),
    # from the stm32flash / openocd / st-flash / dfu-util inventory (messages_probes.py)
    CodeDef("bootloader.stm32.read_protected", "Flash read-out protection (RDP) is on: reads, writes or erases are refused", "explain"),
    CodeDef("bootloader.stm32.write_failed", "Writing the STM32 flash failed (write protection, not erased, a programming error, or a low supply)", "explain"),
    CodeDef("bootloader.stm32.erase_failed", "Erasing the STM32 flash failed or was refused", "explain"),
    CodeDef("bootloader.stm32.verify_failed", "The STM32 flash read back differs from the file", "explain"),
    CodeDef("bootloader.stm32.probe_not_found", "The debug probe (ST-LINK, CMSIS-DAP, J-Link, FTDI) is not found or cannot be opened", "explain"),
    CodeDef("bootloader.stm32.probe_busy", "Another program holds the debug probe, the DFU interface or the debug server's port", "explain"),
    CodeDef("bootloader.stm32.usb_access_denied", "The probe or DFU device is there but this user may not open it (udev rule or Windows driver)", "explain"),
    CodeDef("bootloader.stm32.swd_no_target", "The debug probe works but the target does not answer on SWD/JTAG (wiring, power, firmware that disabled SWD)", "explain"),
    CodeDef("bootloader.stm32.dfu_not_found", "No USB device in DFU mode is visible (BOOT0, driver or permissions)", "explain"),
    CodeDef("bootloader.stm32.dfu_error", "The DFU session failed after the device was found (status or transfer error)", "explain"),
    CodeDef("bootloader.stm32.dfu_leave_status_benign", "dfu-util reports an error after the download completed, on the ':leave' request: the device has already left DFU for its application (harmless)", "explain", "0.2.0"),
)
