"""STM32 flashing tools' failure messages, read from their sources at named versions:
stm32flash (the USART bootloader), openocd (its STM32 flash drivers and the target/adapter
layer), st-flash (stlink-org/stlink) and dfu-util (the USB DFU / DfuSe bootloader).

- stm32flash: github.com/stm32duino/stm32flash at tag v0.5 (stm32.c, main.c). stm32flash prints
  to stderr without a prefix.
- openocd: github.com/openocd-org/openocd at v0.10.0, v0.11.0, v0.12.0 (each wording searched at
  the three tags); LOG_ERROR prints ``Error: `` before the message, LOG_WARNING ``Warn : ``.
- st-flash: github.com/stlink-org/stlink at v1.6.0 .. v1.8.0 (src/stlink-lib/*.c, src/st-flash);
  ELOG prints ``ERROR common.c: ...`` style prefixes (file name varies by version).
- pyOCD: github.com/pyocd/pyOCD at v0.25.0, v0.36.0, v0.45.1 (pyocd/probe/stlink/constants.py
  Status.get_error_message: 'STLink error (%d): %s' with the ST-LINK's status text;
  pyocd/probe/pydapaccess/dap_access_cmsis_dap.py; pyocd/core/helpers.py).
- dfu-util: 0.7 at github.com/Stefan-Schmidt/dfu-util (v0.7), 0.9 as kept in
  github.com/riscv-mcu/gd32-dfu-utils (configure.ac AC_INIT 0.9; src/main.c, dfuse.c, dfu_load.c,
  dfu_util.c, dfu.c); errx/warnx print ``dfu-util: `` before the message.
"""

from __future__ import annotations

from ....knowledge.tool_templates import LazyTable, ToolLine
from ....model import Fix

SF = "stm32duino/stm32flash {}@v0.5"
OO = "openocd-org/openocd {}@v0.10.0, v0.11.0, v0.12.0"
OO2 = "openocd-org/openocd {}@v0.11.0, v0.12.0"
ST = "stlink-org/stlink {}@{}"
DF7 = "Stefan-Schmidt/dfu-util {}@v0.7"
PY = "pyocd/pyOCD {}@{}"
DF9 = "riscv-mcu/gd32-dfu-utils {}@c2c8215 (dfu-util 0.9)"

FIXES: dict[str, Fix] = {
    "swd_wiring": Fix("Check the SWD wiring: SWDIO, SWCLK, GND and the target's VDD (the probe senses it), NRST if 'connect under reset' is used; short wires.", "device"),
    "under_reset": Fix("Connect under reset: the running firmware may disable the SWD pins or sleep. Hold NRST, connect, release (openocd: reset_config srst_only srst_nogate connect_assert_srst; st-flash --connect-under-reset).", "host", "st-flash --connect-under-reset write firmware.bin 0x08000000"),
    "probe_usb": Fix("The debug probe is not found on USB: plug it in, check lsusb (ST-LINK 0483:3748/374b/374f), update its firmware, and name the right interface config.", "user", "lsusb | grep -i 0483"),
    "probe_udev": Fix("Let your user open the probe: install the tool's udev rules (openocd's 60-openocd.rules, stlink's 49-stlinkv*.rules) or run once with sudo to confirm; on Windows install the ST-LINK/WinUSB driver.", "host", "sudo cp /usr/share/openocd/contrib/60-openocd.rules /etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger"),
    "probe_busy": Fix("Another program holds the probe or the port (a second openocd, st-util, STM32CubeIDE/CubeProgrammer): close it.", "user", "pgrep -a 'openocd|st-util|STM32Cube'"),
    "rdp_regress": Fix("Flash read-out protection (RDP level 1) is on: only an RDP regression to level 0 (which mass-erases the flash) allows programming (openocd: stm32f1x unlock 0; CubeProgrammer -ob RDP=0xAA).", "host", "openocd -f interface/stlink.cfg -f target/stm32f1x.cfg -c 'init; reset halt; stm32f1x unlock 0; reset; shutdown'"),
    "wrp_clear": Fix("The flash sectors are write-protected (WRP option bytes): clear the write protection before programming.", "host"),
    "erase_first": Fix("Erase the flash (or the sectors) before writing, and check the address and size fit the part's flash.", "host", "st-flash erase"),
    "target_voltage": Fix("The target's supply is too low or not sensed: power the board (the probe does not power it unless set to) and connect VDD to the probe's VTref.", "device"),
    "right_target": Fix("Use the target config of the chip on the board (target/stm32f1x.cfg, stm32f4x.cfg, stm32l4x.cfg...); a clone (GD32, CKS32) may need -c 'set CPUTAPID 0'.", "host"),
    "dfu_mode": Fix("Put the STM32 into its DFU bootloader: BOOT0 high at reset (or jump from the app), then check dfu-util -l lists the 'Internal Flash' alt setting.", "device", "dfu-util -l"),
    "dfu_driver": Fix("On Windows bind WinUSB to the 'STM32 BOOTLOADER' device (Zadig); on Linux add a udev rule for 0483:df11.", "host", "echo 'SUBSYSTEM==\"usb\", ATTRS{idVendor}==\"0483\", ATTRS{idProduct}==\"df11\", MODE=\"0666\"' | sudo tee /etc/udev/rules.d/50-stm32-dfu.rules"),
    "dfu_reset_ok": Fix("After ':leave' the device leaves DFU and disappears: a 'Lost device after RESET?' or get_status error right after the last block is harmless if the download completed.", "user"),
    "gdb_port": Fix("Another openocd (or a debugger server) already listens on 3333/4444/6666: stop it, or give this one other ports (gdb_port / telnet_port / tcl_port).", "host", "openocd -f board.cfg -c 'gdb_port 3334; telnet_port 4445; tcl_port 6667'"),
}

B = "bootloader.stm32."


def _sf(versions: str, template: str, meaning: str, code: str, conf: float, file: str, fixes: tuple[str, ...] = (), phase: str = "connect") -> ToolLine:
    return ToolLine("stm32flash", versions, template, meaning, code, conf, SF.format(file), fixes, phase)


def _oo(template: str, meaning: str, code: str, conf: float, file: str, fixes: tuple[str, ...] = (), phase: str = "connect", versions: str = "0.10-0.12", src: str = OO) -> ToolLine:
    return ToolLine("openocd", versions, template, meaning, code, conf, src.format(file), fixes, phase)


def _st(versions: str, tags: str, template: str, meaning: str, code: str, conf: float, file: str, fixes: tuple[str, ...] = (), phase: str = "connect") -> ToolLine:
    return ToolLine("st-flash", versions, template, meaning, code, conf, ST.format(file, tags), fixes, phase)


def _py(versions: str, tags: str, template: str, meaning: str, code: str, conf: float, file: str, fixes: tuple[str, ...] = (), phase: str = "connect") -> ToolLine:
    return ToolLine("pyOCD", versions, template, meaning, code, conf, PY.format(file, tags), fixes, phase)


def _df(versions: str, template: str, meaning: str, code: str, conf: float, source: str, fixes: tuple[str, ...] = (), phase: str = "connect") -> ToolLine:
    return ToolLine("dfu-util", versions, template, meaning, code, conf, source, fixes, phase)


def _rows() -> tuple[ToolLine, ...]:
    """The rows, built on first use (knowledge.tool_templates.LazyTable)."""
    return (
        # --- stm32flash 0.5 (USART bootloader) ---
        _sf("0.5", "Failed to init device.", "the 0x7F sync got neither ACK nor NACK: 0.5 prints this both for another byte (the application is running and talking) and for silence after a retry (not in the system bootloader, wiring); 0.6+ adds ', timeout' for silence", B + "not_in_bootloader", 0.6, "stm32.c stm32_send_init_seq()", ("boot0", "wiring")),
        _sf("0.5", "Failed to send init to device", "stm32flash could not even write the 0x7F sync byte to the port", B + "no_reply", 0.6, "stm32.c", ("wiring",)),
        _sf("0.5", "Failed to read ACK byte", "the bootloader ACKed the sync and then stopped answering: the host is not using 8E1, or the line is noisy", B + "parity_mismatch", 0.6, "stm32.c", ("parity", "wiring")),
        _sf("0.5", "Got byte 0x{hex} instead of ACK", "another byte than ACK 0x79 came back after a command", B + "not_in_bootloader", 0.45, "stm32.c", ("boot0", "parity")),
        _sf("0.5", "Got NACK from device on command 0x{hex}", "the bootloader refused a command (read-out protection, or a command this bootloader lacks)", B + "nack", 0.65, "stm32.c", ("unprotect_note",)),
        _sf("0.5", "Unexpected reply from device on command 0x{hex}", "a command after the sync got no valid ACK", B + "parity_mismatch", 0.6, "stm32.c", ("parity",)),
        _sf("0.5", "Unknown/unsupported device (Device ID: 0x{hex})", "the bootloader answered GET_ID with a product ID this stm32flash does not know", B + "unknown_device", 0.8, "stm32.c", ("newer_tool",)),
        _sf("0.5", "Error: bootloader did not returned correct information from GET command", "the GET answer was malformed: corrupted bytes (parity/noise) or not an ST bootloader", B + "parity_mismatch", 0.55, "stm32.c", ("parity", "wiring")),
        _sf("0.5", "Failed to read memory at address 0x{hex}, target write-protected?", "a READ was refused: read-out protection (RDP) is on", B + "read_protected", 0.8, "main.c", ("rdp_regress",), "session"),
        _sf("0.5", "Failed to write memory at address 0x{hex}", "a WRITE was refused or failed: write protection, RDP, or the page was not erased", B + "write_failed", 0.75, "main.c", ("wrp_clear", "erase_first"), "session"),
        _sf("0.5", "Failed to verify at address 0x{hex}, expected 0x{hex} and found 0x{hex}", "the flash read back differs from the file", B + "verify_failed", 0.8, "main.c", ("erase_first",), "session"),
        _sf("0.5", "Mass erase failed. Try specifying the number of pages to be erased.", "the bootloader refused the mass erase (protection or a bootloader without it); a NACK line above names the command", B + "erase_failed", 0.6, "stm32.c", ("rdp_regress", "wrp_clear"), "session"),
        _sf("0.5", "Page-by-page erase failed. Check the maximum pages your device supports.", "the bootloader refused a page erase", B + "erase_failed", 0.6, "stm32.c", ("wrp_clear",), "session"),
        _sf("0.5", "Error: Failed to READOUT UNPROTECT", "the bootloader refused the READOUT UNPROTECT (0x92) stm32flash -k sent: the chip stays read-protected (the command also mass-erases when it works)", B + "read_protected", 0.7, "stm32.c stm32_readprot_memory()", ("rdp_regress",), "session"),
        _sf("0.5", "Error: READOUT UNPROTECT command not implemented in bootloader.", "this bootloader does not list READOUT UNPROTECT (0x92) in its GET answer", B + "nack", 0.6, "stm32.c", ("unprotect_note",), "session"),
        _sf("0.5", "Error: Failed to WRITE UNPROTECT", "the bootloader refused the WRITE UNPROTECT (0x73) stm32flash -u sent: the pages stay write-protected", B + "write_failed", 0.7, "stm32.c stm32_wunprot_memory()", ("wrp_clear",), "session"),
        _sf("0.5", "Failed to erase memory", "the erase did not complete (a NACK line above, when present, says why)", B + "erase_failed", 0.5, "main.c", ("wrp_clear", "rdp_regress"), "session"),
        # --- openocd: adapter ---
        _oo("open failed", "the high-level adapter (ST-LINK via hla) could not be opened: not plugged in, no permission, or held by another program", B + "probe_not_found", 0.7, "src/jtag/drivers/stlink_usb.c, ti_icdi_usb.c", ("probe_usb", "probe_udev", "probe_busy"), "open"),
        _oo("libusb_open() failed with {word}", "libusb could not open the probe: LIBUSB_ERROR_ACCESS = no permission (udev rule), LIBUSB_ERROR_NOT_SUPPORTED = no WinUSB driver, LIBUSB_ERROR_BUSY = in use", B + "probe_not_found", 0.75, "src/jtag/drivers/libusb_helper.c (libusb1_common.c in 0.10)", ("probe_udev", "probe_busy"), "open"),
        _oo("unable to open ftdi device with vid {word}, pid {word}", "no FTDI-based probe with these IDs is on USB, or it may not be opened", B + "probe_not_found", 0.75, "src/jtag/drivers/ftdi.c", ("probe_usb", "probe_udev"), "open"),
        _oo("unable to find a matching CMSIS-DAP device", "no CMSIS-DAP probe (DAPLink, Picoprobe) is on USB, or it may not be opened", B + "probe_not_found", 0.75, "src/jtag/drivers/cmsis_dap.c", ("probe_usb", "probe_udev"), "open", "0.11-0.12", OO2),
        _oo("No J-Link device found", "no SEGGER J-Link is on USB (or its driver is not libusb-accessible)", B + "probe_not_found", 0.75, "src/jtag/drivers/jlink.c", ("probe_usb", "probe_udev"), "open"),
        _oo("Can't find USB JTAG Interface! Please check connection and permissions.", "the USB JTAG probe is not found or may not be opened", B + "probe_not_found", 0.75, "src/jtag/drivers/usbprog.c", ("probe_usb", "probe_udev"), "open"),
        _oo("couldn't bind {word} to socket on port {n}: Address already in use", "another openocd (or a debug server) already listens on this port", B + "probe_busy", 0.8, "src/server/server.c", ("gdb_port", "probe_busy"), "open", "0.11-0.12", OO2),
        # --- openocd: the target ---
        _oo("init mode failed (unable to connect to the target)", "the ST-LINK is there but the target does not answer on SWD/JTAG: wiring, target power, or firmware that disabled the debug pins / sleeps", B + "swd_no_target", 0.85, "src/jtag/drivers/stlink_usb.c", ("swd_wiring", "under_reset", "target_voltage")),
        _oo("Error connecting DP: cannot read IDR", "the debug port did not answer over SWD: wiring, target power, or the firmware disabled SWD", B + "swd_no_target", 0.85, "src/target/adi_v5_swd.c", ("swd_wiring", "under_reset", "target_voltage"), "connect", "0.11-0.12", OO2),
        _oo("Could not find MEM-AP to control the core", "the debug port answered but no access port to the core was found (a locked/protected chip, a clone, or the core powered down)", B + "swd_no_target", 0.7, "src/target/cortex_m.c", ("under_reset", "right_target")),
        _oo("JTAG scan chain interrogation failed: all {word}", "the JTAG chain reads all ones/zeros: no target on TDI/TDO (wiring, power, or SWD-only wiring used as JTAG)", B + "swd_no_target", 0.8, "src/jtag/core.c", ("swd_wiring", "target_voltage")),
        _oo("target voltage may be too low for reliable debugging", "the probe senses a low or missing target supply on VTref", B + "swd_no_target", 0.7, "src/jtag/drivers/stlink_usb.c", ("target_voltage",)),
        _oo("jtag status contains invalid mode value - communication failure", "the ST-LINK/target link failed (wiring, speed too high, the target reset)", B + "swd_no_target", 0.7, "src/target/hla_target.c", ("swd_wiring", "under_reset")),
        _oo("Examination failed, GDB will be halted. Polling again in {n}ms", "openocd could not examine the core (the target stopped answering or is held in reset/sleep)", B + "swd_no_target", 0.65, "src/target/target.c", ("under_reset", "swd_wiring")),
        _oo("Target not examined yet", "a command needs the core, but the target was never reached", B + "swd_no_target", 0.6, "src/target/target.c; src/flash/nor/stm32f1x.c", ("swd_wiring", "under_reset")),
        _oo("UNEXPECTED idcode: 0x{hex}", "the debug port's ID is not the one the target config expects: a clone (GD32, CKS32, APM32) or another STM32 family", B + "unknown_device", 0.75, "src/jtag/hla/hla_interface.c", ("right_target",), "connect"),
        _oo("expected 1 of 1: 0x{hex}", "openocd names the ID the target config expected (after 'UNEXPECTED idcode')", B + "unknown_device", 0.6, "src/jtag/hla/hla_interface.c; src/jtag/core.c", ("right_target",), "connect"),
        _oo("DP initialisation failed", "the debug port could not be powered up / initialised (target in reset, low power, or SWD disabled)", B + "swd_no_target", 0.75, "src/target/cortex_m.c", ("under_reset", "swd_wiring"), "connect"),
        _oo("Previous state query failed, trying to reconnect", "the ST-LINK lost the target (it reset, slept or lost power)", B + "swd_no_target", 0.55, "src/jtag/drivers/stlink_usb.c", ("under_reset", "target_voltage"), "session"),
        _oo("Cannot identify target as a stm32x", "the chip's device ID is not one the stm32f1x driver knows (a clone, or the wrong target config)", B + "unknown_device", 0.75, "src/flash/nor/stm32f1x.c", ("right_target",)),
        # --- openocd: stm32 flash drivers ---
        _oo("stm32x device protected", "the flash controller flagged a write-protection error (WRPRTERR) on a write or erase: read-out protection (RDP level 1 also write-protects the first pages) or write-protected pages", B + "read_protected", 0.85, "src/flash/nor/stm32f1x.c stm32x_wait_status_busy (FLASH_WRPRTERR)", ("rdp_regress", "wrp_clear"), "session"),
        _oo("Device Security Bit Set", "openocd read the option bytes and the RDP byte is not 0xAA (level 0): read-out protection is on, so the debug port may not read, write or erase the flash", B + "read_protected", 0.8, "src/flash/nor/stm32f2x.c (0.10-0.12), stm32f1x.c and stm32l4x.c (0.10) option-byte read: RDP != 0xAA", ("rdp_regress",), "session"),
        _oo("RDP level 1 (0x{hex})", "the STM32L4/G4/L5/U5 option bytes say RDP level 1: read-out protection is on", B + "read_protected", 0.8, "src/flash/nor/stm32l4x.c stm32l4_probe", ("rdp_regress",), "session", "0.12", "openocd-org/openocd {}@v0.12.0"),
        _oo("stm32x device programming failed", "the STM32F1 flash controller flagged a programming error (PGERR): the address was not erased (0.12 adds '/ flash not erased')", B + "write_failed", 0.75, "src/flash/nor/stm32f1x.c stm32x_wait_status_busy (FLASH_PGERR)", ("erase_first",), "session"),
        _oo("access denied / write protected", "the STM32L0/L1 flash refused the write: write protection or read-out protection (the whole wording is openocd's; a bare 'access denied' is not)", B + "write_failed", 0.88, "src/flash/nor/stm32lx.c", ("wrp_clear", "rdp_regress"), "session"),
        _oo("flash memory write protected", "the flash sectors are write-protected (WRP)", B + "write_failed", 0.8, "src/flash/nor/stm32f2x.c, stm32l4x.c, stm32h7x.c", ("wrp_clear",), "session"),
        _oo("timed out waiting for flash", "the flash controller stayed busy: the target reset or is clocked oddly, or the operation hangs", B + "write_failed", 0.65, "src/flash/nor/stm32f1x.c, stm32f2x.c, stm32l4x.c", ("under_reset", "erase_first"), "session"),
        _oo("flash write failed at address 0x{hex}", "the STM32F1 flash refused a write (not erased, protected, or a programming error)", B + "write_failed", 0.75, "src/flash/nor/stm32f1x.c", ("erase_first", "wrp_clear"), "session"),
        _oo("flash write failed = 0x{hex}", "the STM32F2/F4/L4 flash reported a programming error in its status register", B + "write_failed", 0.75, "src/flash/nor/stm32f2x.c, stm32l4x.c", ("erase_first", "wrp_clear"), "session"),
        _oo("timeout waiting for algorithm, a target reset is recommended", "the flash loader running in the target's RAM did not finish", B + "write_failed", 0.65, "src/target/target.c", ("under_reset",), "session"),
        _oo("checksum mismatch - attempting binary compare", "verify: the flash's checksum differs from the file (openocd then compares byte by byte)", B + "verify_failed", 0.7, "src/target/target.c", ("erase_first",), "session"),
        _oo("** Programming Failed **", "the 'program' command failed (see the error above it)", B + "write_failed", 0.6, "src/flash/startup.tcl program procedure", ("erase_first", "under_reset"), "session"),
        _oo("** Verify Failed **", "the 'program ... verify' read-back differs from the file", B + "verify_failed", 0.75, "src/flash/startup.tcl program procedure", ("erase_first",), "session"),
        _oo("** OpenOCD init failed **", "the 'program' command could not even initialise the adapter or target (see the error above it)", B + "swd_no_target", 0.6, "src/flash/startup.tcl program procedure", ("swd_wiring", "probe_usb"), "connect"),
        # --- st-flash (stlink-org/stlink) ---
        _st("1.7-1.8", "v1.7.0 ('Couldn't find %s ST-Link devices', any/matched), v1.8.0; observed with st-flash 1.7.0", "Couldn't find any ST-Link devices", "no ST-LINK is on USB (or none may be opened)", B + "probe_not_found", 0.85, "src/stlink-lib/usb.c (src/usb.c in 1.7)", ("probe_usb", "probe_udev"), "open"),
        _st("1.6.1-1.8", "v1.6.1, v1.7.0, v1.8.0", "Could not open USB device 0x{hex}:0x{hex}, access error.", "the ST-LINK is there but this user may not open it", B + "usb_access_denied", 0.85, "src/stlink-lib/usb.c (src/usb.c before 1.7)", ("probe_udev",), "open"),
        _st("1.6-1.8", "v1.6.0 .. v1.8.0", "Stlink usb device found, but unable to claim (probably already in use?)", "another program holds the ST-LINK (openocd, st-util, CubeIDE)", B + "probe_busy", 0.85, "src/stlink-lib/usb.c", ("probe_busy",), "open"),
        _st("1.6.1-1.8", "v1.6.1, v1.7.0, v1.8.0", "Failed to connect to target", "the ST-LINK does not reach the target over SWD", B + "swd_no_target", 0.8, "src/st-flash/flash.c", ("swd_wiring", "under_reset", "target_voltage")),
        _st("1.7-1.8", "v1.7.0, v1.8.0", "Can not connect to target. Please use 'connect under reset' and try again", "the target does not answer on SWD: the running firmware may have disabled the SWD pins or be asleep", B + "swd_no_target", 0.85, "src/stlink-lib/common.c", ("under_reset", "swd_wiring")),
        _st("1.6-1.8", "v1.6.0 .. v1.8.0", "Failed to enter SWD mode", "the ST-LINK could not switch into SWD mode", B + "swd_no_target", 0.75, "src/stlink-lib/common.c", ("swd_wiring", "probe_usb")),
        ToolLine("st-flash", "1.3-1.8", "unknown chip id! 0x{hex}", "the chip ID read over SWD is not in stlink's table: a clone or a newer part; a DEV_ID of 0x000 (0, or 0xe0042000, the register's own address) is a failed read instead (explain reads the value)", B + "unknown_device", 0.7, ST.format("src/common.c (src/stlink-lib/common.c in 1.8)", "v1.3.1, v1.6.0 .. v1.8.0"), ("swd_wiring", "right_target"), regex=r"unknown chip id! (?:0x)?(?P<chipid>[0-9a-f]{1,8})\b"),
        ToolLine("st-flash", "1.3-1.6", "SRAM size: 0x{hex} bytes ({n} KiB), Flash: 0 bytes (0 KiB) in pages of {n} bytes", "the chip was identified but its flash-size register read as 0 (no STM32 has 0 KiB of flash; st-flash prints the register's value): the debug port may not read that area, which is what read-out protection does, or the read failed", B + "read_protected", 0.6, ST.format("src/common.c stlink_load_device_params()", "v1.3.1, v1.5.1, v1.6.0") + "; stlink-org/stlink#649 (an F103 with read-out protection that st-flash could not identify)", ("rdp_regress", "under_reset"), "connect"),
        ToolLine("st-info", "1.3-1.6", "  flash: 0 (pagesize: {n})", "st-info --probe read the flash-size register as 0: read-out protection or a failed read", B + "read_protected", 0.55, ST.format("src/tools/info.c", "v1.3.1"), ("rdp_regress", "under_reset"), "connect"),
        _st("1.7-1.8", "v1.7.0, v1.8.0", "Could not find chip id!", "no chip ID could be read over SWD", B + "swd_no_target", 0.7, "src/stlink-lib/common.c", ("swd_wiring", "under_reset")),
        _st("1.7-1.8", "v1.7.0, v1.8.0", "NRST is not connected", "connect-under-reset needs NRST wired from the probe to the target", B + "swd_no_target", 0.55, "src/stlink-lib/common.c", ("swd_wiring",)),
        _st("1.6-1.8", "v1.6.0 .. v1.8.0", "Target voltage ({n} mV) too low for flash writes!", "the target's supply as the probe senses it is too low to program flash", B + "write_failed", 0.8, "src/stlink-lib/flash_loader.c", ("target_voltage",), "session"),
        _st("1.7-1.8", "v1.7.0, v1.8.0", "Flash memory is write protected", "the flash is write- or read-protected", B + "write_failed", 0.8, "src/stlink-lib/common_flash.c", ("wrp_clear", "rdp_regress"), "session"),
        _st("1.7-1.8", "v1.7.0, v1.8.0", "Flash programming error: 0x{hex}", "the flash controller reported a programming error (status register value)", B + "write_failed", 0.75, "src/stlink-lib/common_flash.c", ("erase_first", "wrp_clear"), "session"),
        _st("1.7-1.8", "v1.7.0, v1.8.0", "Flash memory contains a non-erased value", "the page was not erased before writing", B + "write_failed", 0.75, "src/stlink-lib/common_flash.c", ("erase_first",), "session"),
        _st("1.7-1.8", "v1.7.0, v1.8.0", "Flash loader run error", "the flash loader in the target's RAM failed", B + "write_failed", 0.7, "src/stlink-lib/flash_loader.c", ("under_reset", "target_voltage"), "session"),
        _st("1.6-1.8", "v1.6.0 .. v1.8.0", "Verification of flash failed at offset: {n}", "the flash read back differs from the file", B + "verify_failed", 0.8, "src/stlink-lib/common_flash.c (common.c before 1.8)", ("erase_first", "target_voltage"), "session"),
        # --- pyOCD ---
        _py("0.25-0.45", "v0.25.0, v0.36.0, v0.45.1", "STLink error ({n}): Get IDCODE error", "the ST-LINK could not read the debug port's IDCODE: the target is unpowered, not wired, held in reset, or asleep / its SWD pins reused by the firmware", B + "swd_no_target", 0.8, "pyocd/probe/stlink/constants.py (status 0x09 JTAG_GET_IDCODE_ERROR)", ("target_voltage", "swd_wiring", "under_reset")),
        _py("0.25-0.45", "v0.25.0, v0.36.0, v0.45.1", "STLink error ({n}): No device connected", "the ST-LINK sees no target on its SWD/JTAG lines (power, wiring)", B + "swd_no_target", 0.8, "pyocd/probe/stlink/constants.py (status 0x05 JTAG_NO_DEVICE_CONNECTED)", ("target_voltage", "swd_wiring")),
        _py("0.25-0.45", "v0.25.0, v0.36.0, v0.45.1", "STLink error ({n}): Debug power error", "the target did not acknowledge the debug power-up request (held in reset, in a low-power mode, or unpowered)", B + "swd_no_target", 0.75, "pyocd/probe/stlink/constants.py (status 0x0b JTAG_DBG_POWER_ERROR)", ("under_reset", "target_voltage")),
        _py("0.25-0.45", "v0.25.0, v0.36.0, v0.45.1", "STLink error ({n}): Unknown JTAG chain", "no JTAG chain answered the ST-LINK (wiring, power, or SWD-only wiring used as JTAG)", B + "swd_no_target", 0.7, "pyocd/probe/stlink/constants.py (status 0x04 JTAG_UNKNOWN_JTAG_CHAIN)", ("swd_wiring", "target_voltage")),
        _py("0.45", "v0.45.1", "SWD/JTAG communication failure (No ACK)", "the CMSIS-DAP probe got no ACK at all on SWD: nothing drives SWDIO (target unpowered, wiring, held in reset, or SWD turned off by the firmware)", B + "swd_no_target", 0.8, "pyocd/probe/pydapaccess/dap_access_cmsis_dap.py (ACK_NO_ACK)", ("target_voltage", "swd_wiring", "under_reset")),
        _py("0.25-0.45", "v0.25.0, v0.36.0, v0.45.1", "No available debug probes are connected", "pyOCD finds no debug probe on USB (unplugged, or not accessible: udev rule / driver)", B + "probe_not_found", 0.8, "pyocd/core/helpers.py", ("probe_usb", "probe_udev"), "open"),
        _py("0.25-0.45", "v0.25.0, v0.36.0, v0.45.1", "No connected debug probes", "pyOCD finds no debug probe on USB (unplugged, or not accessible: udev rule / driver)", B + "probe_not_found", 0.8, "pyocd/core/helpers.py", ("probe_usb", "probe_udev"), "open"),
        # --- dfu-util ---
        _df("0.7", "No DFU capable USB device found", "no USB device in DFU mode is visible (BOOT0 not high, driver, or permissions)", B + "dfu_not_found", 0.85, DF7.format("src/main.c"), ("dfu_mode", "dfu_driver"), "open"),
        _df("0.9-0.11 (0.11 observed)", "No DFU capable USB device available", "no USB device in DFU mode is visible (BOOT0 not high, no WinUSB driver on Windows, or no udev rule)", B + "dfu_not_found", 0.85, DF9.format("src/main.c"), ("dfu_mode", "dfu_driver"), "open"),
        _df("0.9+", "Cannot open DFU device {hex}:{hex}", "the DFU device is there but may not be opened (permissions, or on Windows no WinUSB driver)", B + "usb_access_denied", 0.85, DF9.format("src/dfu_util.c"), ("dfu_driver",), "open"),
        _df("0.7-0.9+", "Cannot claim interface", "the DFU interface is held by another program or a kernel driver", B + "probe_busy", 0.75, DF7.format("src/main.c") + "; " + DF9.format("src/main.c"), ("probe_busy", "dfu_driver"), "open"),
        _df("0.7-0.9+", "Device still in Runtime Mode!", "the device did not switch from its application into DFU mode after the detach request", B + "dfu_not_found", 0.7, DF7.format("src/main.c") + "; " + DF9.format("src/main.c"), ("dfu_mode",), "connect"),
        _df("0.9+", "More than one DFU capable USB device found! Try `--list' and specify the serial number or disconnect all but one device", "several DFU devices are attached: dfu-util needs to be told which one", B + "dfu_error", 0.6, DF9.format("src/main.c"), ("dfu_mode",), "open"),
        _df("0.7-0.9+", "Lost device after RESET?", "the device disappeared after the reset at the end (often harmless after ':leave'), or re-enumerated with another ID", B + "dfu_error", 0.5, DF7.format("src/main.c") + "; " + DF9.format("src/main.c"), ("dfu_reset_ok",), "session"),
        _df("0.9+", "Error during download get_status", "the device stopped answering DFU_GETSTATUS during the download (it reset, or the USB link dropped)", B + "dfu_error", 0.65, DF9.format("src/dfuse.c, src/dfu_load.c"), ("dfu_reset_ok", "dfu_driver"), "session"),
        _df("0.9+", "Error during download", "the download failed (see the DFU state/status line)", B + "dfu_error", 0.6, DF9.format("src/dfuse.c, src/dfu_load.c"), ("dfu_mode",), "session"),
        _df("0.9+", "Page at 0x{hex} can not be erased", "the DfuSe memory layout marks this page as not erasable (wrong address, or an alt setting for another memory)", B + "erase_failed", 0.75, DF9.format("src/dfuse.c"), ("erase_first",), "session"),
        _df("0.9+", "Last page at 0x{hex} is not writeable", "the image extends past the writable flash in the DfuSe layout (too large, or the wrong -s address)", B + "write_failed", 0.75, DF9.format("src/dfuse.c"), ("erase_first",), "session"),
        _df("0.9+", "status(10) = Device's firmware is corrupt. It cannot return to run-time (non-DFU) operations", "the DFU bootloader reports errFIRMWARE: no valid application (often after a failed or partial download)", B + "dfu_error", 0.7, DF9.format("src/dfu.c dfu_status_to_string"), ("dfu_mode",), "session"),
        _df("0.9+", "status(3) = Device is unable to write memory", "the DFU bootloader reports errWRITE: protection or a wrong address", B + "write_failed", 0.75, DF9.format("src/dfu.c dfu_status_to_string"), ("wrp_clear", "rdp_regress"), "session"),
        _df("0.9+", "status(11) = Programmed memory failed verification", "the DFU bootloader reports errVERIFY", B + "verify_failed", 0.8, DF9.format("src/dfu.c dfu_status_to_string"), ("erase_first",), "session"),
        _df("0.9+", "The read unprotect command will erase the flash memoryand can only be used with force", "the chip is read-protected: dfu-util refuses the unprotect (which erases) without --force", B + "read_protected", 0.8, DF9.format("src/dfuse.c"), ("rdp_regress",), "session"),
    )


PROBE_LINES = LazyTable("stm32_tools_inventory", _rows, "stm32flash / openocd / st-flash / pyOCD / dfu-util failure messages (inventory; source file@tag per row)", __file__)
