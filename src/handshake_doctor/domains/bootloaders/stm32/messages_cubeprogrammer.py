"""STM32CubeProgrammer's (STM32_Programmer_CLI) failure lines, with the ST-LINK GDB server's
(STM32CubeIDE) and the STM32 ST-LINK Utility's: closed tools, so every row names the public log
it was read from (a GitHub issue or an ST community thread that shows the tool's version).

The error names in ``ST-LINK error (DEV_...)`` are the ST-LINK API's status names that the CLI
quotes; CubeProgrammer prefixes its errors with ``Error: ``. The API's own error enumeration
(CubeProgrammer_API.h ``cubeProgrammerError``: -1 not connected, -2 no device, -3 connection
error, -10 write, -11 erase...) is not printed by the CLI and is not inventoried here.
"""

from __future__ import annotations

from ....knowledge.tool_templates import LazyTable, ToolLine
from ....model import Fix

CUBE = "STM32CubeProgrammer"
GDB = "ST-LINK GDB server (STM32CubeIDE)"
UTIL = "STM32 ST-LINK Utility"
B = "bootloader.stm32."

#: fixes only this inventory needs (the domain's and messages_probes.py's are merged in explain)
FIXES: dict[str, Fix] = {
    "nrst_free": Fix("NRST is held low: nothing on the board may pull or drive NRST (a wrong resistor, a supervisor chip, an unpowered ST-LINK on it); check BOOT0 is low for the application and the target's VDD/VDDA.", "device"),
    "cube_under_reset": Fix("Connect under reset: hold NRST, click Connect (mode=UR), release; firmware that sleeps or re-maps the SWD pins stops a normal connect.", "host", "STM32_Programmer_CLI -c port=SWD mode=UR reset=HWrst"),
    "cube_probe": Fix("Plug the ST-LINK in, install the ST-LINK USB driver (Windows) or the udev rules (Linux), and update its firmware with the ST-LINK upgrade tool.", "host", "STM32_Programmer_CLI -l st-link"),
    "cube_dfu": Fix("Put the chip into its DFU bootloader (BOOT0 high at reset) and wait until 'STM32 BOOTLOADER' enumerates before the programmer connects; on Windows it needs the STM32 DFU driver.", "device", "STM32_Programmer_CLI -l usb"),
    "cube_erase": Fix("Erase before writing (-e all) and check the address and size fit the part's flash; a flash loader for another part or protected sectors also fail here.", "host", "STM32_Programmer_CLI -c port=SWD -e all"),
    "cube_rdp": Fix("Read-out protection is on: set RDP to level 0 (0xAA) in the option bytes; this mass-erases the flash.", "host", "STM32_Programmer_CLI -c port=SWD mode=UR -ob RDP=0xAA"),
}


def _c(versions: str, template: str, meaning: str, code: str, conf: float, source: str, fixes: tuple[str, ...] = (), phase: str = "connect") -> ToolLine:
    return ToolLine(CUBE, versions, template, meaning, code, conf, source, fixes, phase)


def _rows() -> tuple[ToolLine, ...]:
    """The rows, built on first use (knowledge.tool_templates.LazyTable)."""
    return (
        # --- the probe and the target (SWD) ---
        _c("2.x (2.17.0 observed)", "Error: No debug probe detected.", "no ST-LINK is visible to the programmer (unplugged, no driver or udev rule, or held by another program)", B + "probe_not_found", 0.85,
           "observed with STM32CubeProgrammer v2.17.0: stm32duino/Arduino_Core_STM32#2466", ("cube_probe", "probe_busy"), "open"),
        _c("2.x (2.5.0 observed)", "Error: No STM32 target found!", "the ST-LINK works but no STM32 answers on SWD: wiring, target power, NRST, or firmware that disabled SWD or sleeps", B + "swd_no_target", 0.8,
           "observed with STM32CubeProgrammer v2.5.0: ST community thread 'STM32CubeProgrammer gives error: No STM32 target found!' (qa-community.st.com ...-63409); v2.15 with CubeIDE 1.14.1 (community.st.com t5/stm32cubeide-mcus/...-p/643755)", ("swd_wiring", "cube_under_reset", "target_voltage")),
        _c("2.13+ (V2J42S7 probe observed)", "Error: No STM32 target found! If your product embeds Debug Authentication, please perform a discovery using Debug Authentication", "no STM32 answers on SWD (newer CLI wording, which adds the Debug Authentication hint for STM32U5/H5 parts)", B + "swd_no_target", 0.8,
           "observed: osresearch/airbreak#59 (STM32CubeProgrammer with ST-LINK V2J42S7)", ("swd_wiring", "cube_under_reset", "target_voltage")),
        _c("2.x (2.3.0 observed)", "Error: ST-LINK error (DEV_TARGET_HELD_UNDER_RESET)", "the target's NRST is held low: the core cannot be reached", B + "swd_no_target", 0.85,
           "observed with STM32CubeProgrammer API v2.3.0: community.st.com t5/stm32-mcus-products/f746-proto-has-problems-in-reset (m-p/284691)", ("nrst_free", "cube_under_reset")),
        _c("2.x (2.3.0 observed)", "Error: ST-LINK error (DEV_TARGET_NOT_HALTED)", "the probe reached the debug port but could not halt the core: firmware in a low-power mode or with SWD re-mapped, or NRST trouble", B + "swd_no_target", 0.8,
           "observed with STM32CubeProgrammer API v2.3.0: community.st.com f746-proto-has-problems-in-reset (m-p/284691)", ("cube_under_reset", "nrst_free")),
        ToolLine(CUBE, "2.x", "Error: ST-LINK error ({word})", "the ST-LINK reported an error talking to the target (the DEV_ name says which: DEV_TARGET_RESET_ERR reset line, DEV_CONNECT_ERR no target, DEV_USB_COMM_ERR the USB link)", B + "swd_no_target", 0.55,
                 "observed wordings: community.st.com f746-proto-has-problems-in-reset (m-p/284691); community.st.com t5/stm32cubeide-mcus/dev-target-reset-err (td-p/755853)", ("swd_wiring", "cube_under_reset", "nrst_free"), "connect", "error", "", "word=DEV_CONNECT_ERR"),
        _c("2.x (2.8.0 observed)", "Error: Unable to get core ID", "the probe could not read the core's ID over SWD: the connection to the core was lost (often after the ST-LINK itself reset or the target re-mapped SWD)", B + "swd_no_target", 0.75,
           "observed with STM32CubeProgrammer: Seeed-Studio/LoRaWan-E5-Node#4", ("cube_under_reset", "swd_wiring")),
        # --- USART bootloader ---
        _c("2.x", "Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port configuration. Reset your device then try again...", "the USART bootloader did not answer the 0x7F sync: BOOT0 not high at reset, the wrong port, or the serial settings (parity EVEN) are wrong", B + "no_reply", 0.8,
           "observed: community.st.com t5/stm32-mcus-wireless/how-to-i-fix-stm32cubeprogrammer-no-stm32-target-found-after/m-p/257880 (STM32H723 over UART)", ("boot0", "cube_even", "wiring")),
        # --- USB DFU ---
        _c("2.x (2.4.0 observed)", "Error: Target device not found", "no STM32 in DFU mode was found on USB (not in DFU yet, no DFU driver, or it re-enumerated too late)", B + "dfu_not_found", 0.8,
           "observed with STM32CubeProgrammer v2.4.0: stm32duino/Arduino_Core_STM32#710 (DFU upload)", ("cube_dfu", "dfu_driver"), "open"),
        # --- programming ---
        _c("2.x (2.4.0, 2.8.0 observed)", "Error: failed to download Segment[{n}]", "writing a segment of the file failed: protected or not-erased sectors, the wrong address, or the connection dropped", B + "write_failed", 0.75,
           "observed with STM32CubeProgrammer v2.4.0: STMicroelectronics/STM32CubeWB#6; v2.8.0: stm32duino/Arduino_Core_STM32#1633", ("cube_erase", "wrp_clear", "cube_rdp"), "session"),
        _c("2.x (2.4.0, 2.8.0 observed)", "Error: failed to download the File", "the download of the file failed (the segment error above it says where)", B + "write_failed", 0.7,
           "observed with STM32CubeProgrammer v2.4.0: STMicroelectronics/STM32CubeWB#6; v2.8.0: stm32duino/Arduino_Core_STM32#1633", ("cube_erase", "wrp_clear"), "session"),
        _c("2.x (2.4.0 observed)", "Error: Failed to download image!", "the firmware image (an STM32WB wireless stack or FUS image) could not be written", B + "write_failed", 0.7,
           "observed with STM32CubeProgrammer v2.4.0: STMicroelectronics/STM32CubeWB#6", ("cube_erase",), "session"),
        _c("2.x", "Error: failed to erase memory", "erasing the flash failed: write protection, read-out protection or a flash loader for another part", B + "erase_failed", 0.75,
           "observed with the STM32CubeIDE programmer (STM32CubeProgrammer CLI): cryptoadvance/specter-diy#193", ("wrp_clear", "cube_rdp"), "session"),
        _c("2.x", "Error: Data mismatch found at address  0x{hex} (byte = 0x{hex} instead of 0x{hex})", "the flash read back differs from the file: not erased before writing, a clone chip, or a weak supply", B + "verify_failed", 0.8,
           "observed with STM32CubeProgrammer: ArduPilot/ardupilot#26706", ("cube_erase", "target_voltage"), "session"),
        # --- ST-LINK GDB server (STM32CubeIDE) ---
        ToolLine(GDB, "7.x (7.5.0 observed)", "Reason: No device found on target.", "the ST-LINK GDB server found no STM32 on SWD: wiring, power, or firmware that disabled SWD", B + "swd_no_target", 0.8,
                 "observed with ST-LINK GDB server 7.5.0: community.st.com t5/stm32cubeide-mcus/updated-stm32cubeide-can-t-find-device-on-target (td-p/643755)", ("swd_wiring", "cube_under_reset")),
        ToolLine(GDB, "7.x", "Reason: Target held under reset.", "the target's NRST is held low", B + "swd_no_target", 0.85,
                 "observed with the ST-LINK GDB server: ST community thread on a Nucleo STM32F401RE ('Target Held under Reset', 2022-01-13)", ("nrst_free", "cube_under_reset")),
        ToolLine(GDB, "7.x", "Error! Failed to read target status", "the GDB server lost the target after an operation (it reset, or the flash erase failed)", B + "swd_no_target", 0.55,
                 "observed: cryptoadvance/specter-diy#193", ("cube_under_reset",), "session"),
        # --- STM32 ST-LINK Utility (retired, still met) ---
        ToolLine(UTIL, "4.x (4.5 observed)", "Can not read memory! Disable Read Out Protection and retry.", "read-out protection (RDP level 1) is on", B + "read_protected", 0.9,
                 "observed: stlink-org/stlink#649; makerbase-mks/MKS-SERVO42B#17; cryptoadvance/specter-diy#193 (ST-LINK Utility, V2J38M27 probe)", ("cube_rdp", "rdp_regress"), "session"),
        ToolLine(UTIL, "4.x (4.5 observed)", "Could not disable Read Out Protection!", "the RDP regression did not complete (the core is held in reset, or RDP level 2, which is permanent)", B + "read_protected", 0.8,
                 "observed with ST-LINK Utility 4.5: bgkatz/SPIne#2", ("nrst_free", "cube_rdp"), "session"),
        ToolLine(UTIL, "4.x (4.5 observed)", "Error occured during erase operation!", "the erase failed (read-out or write protection, or the core held in reset)", B + "erase_failed", 0.7,
                 "observed with ST-LINK Utility 4.5: bgkatz/SPIne#2", ("cube_rdp", "wrp_clear"), "session"),
    )


CUBE_LINES = LazyTable("stm32_cubeprogrammer_inventory", _rows, "STM32CubeProgrammer / ST-LINK GDB server / ST-LINK Utility failure lines (inventory; observed source per row)", __file__)
