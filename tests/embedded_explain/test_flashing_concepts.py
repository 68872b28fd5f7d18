"""Flashing-tool causes read as concepts, not as one sentence each (issue 12).

The wordings below are built from the tools' sources at the versions named in the rows
(dfu-util 0.9-0.11 dfuse.c / dfu_load.c, stlink 1.3.1-1.8 common.c, pyOCD 0.25-0.45, avrdude
7.3/8.1 main.c / stk500v2.c / usbasp.c), with other values and surrounding lines than any corpus
row, and each concept is checked against its near misses: the same error without the line that
changes its reading, or with the option that rules the cause out.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd


def top(text: str) -> tuple[str | None, list[str]]:
    d = hd.explain(text)
    codes = [f.code for f in d.findings]
    return (codes[0] if codes else None), codes


# --- dfu-util: an error on the ':leave' request after the download completed -------------------

DFU11_DONE = (
    "dfu-util 0.11\n\nOpening DFU capable USB device...\nDevice ID 0483:df11\nDownloading element to address = 0x08000000, size = 20480\n"
    "Erase   \t[=========================] 100%        20480 bytes\nErase    done.\n"
    "Download\t[=========================] 100%        20480 bytes\nDownload done.\nFile downloaded successfully\n"
)


@pytest.mark.parametrize("after", [
    "Submitting leave request...\ndfu-util: Error during download get_status\n",
    "Submitting leave request...\ndfu-util: dfuse_download: libusb_control_transfer returned -9 (LIBUSB_ERROR_PIPE)\ndfu-util: Error during download\n",
    "dfu-util: Error during download get_status\n",  # 0.9/0.10: no 'Submitting leave request...' line
])
def test_dfu_error_after_the_download_completed_is_the_leave_request(after: str) -> None:
    d = hd.explain(DFU11_DONE + after)
    first = d.findings[0]
    assert first.code == "bootloader.stm32.dfu_leave_status_benign", [f.code for f in d.findings]
    assert first.severity == "warning"
    dfu_error = [f for f in d.findings if f.code == "bootloader.stm32.dfu_error"]
    assert dfu_error and dfu_error[0].confidence < first.confidence  # the failure reading stays, below


def test_dfu_get_status_error_during_the_download_is_a_dfu_error() -> None:
    text = ("Downloading element to address = 0x08000000, size = 20480\n"
            "Download\t[=======                  ]  28%         5760 bytes\ndfu-util: Error during download get_status\n")
    first, codes = top(text)
    assert first == "bootloader.stm32.dfu_error", codes
    assert "bootloader.stm32.dfu_leave_status_benign" not in codes


def test_dfu_error_printed_before_the_success_line_is_not_the_leave_request() -> None:
    # order matters: the error line must come after the tool's 'done' line
    text = "dfu-util: Error during download get_status\nretrying...\nFile downloaded successfully\n"
    assert "bootloader.stm32.dfu_leave_status_benign" not in top(text)[1]


def test_plain_dfu_block_status_error_with_libusb_name_is_a_dfu_error() -> None:
    # dfu_load.c (0.10+) adds the libusb error name: a block's status failed, not the leave request
    text = DFU11_DONE + "dfu-util: Error during download get_status (LIBUSB_ERROR_IO)\n"
    assert "bootloader.stm32.dfu_leave_status_benign" not in top(text)[1]


# --- SWD: the probe works, the target does not answer --------------------------------------------

@pytest.mark.parametrize("text", [
    "st-flash 1.5.1\n2020-02-02T10:00:00 INFO common.c: Loading device parameters....\n2020-02-02T10:00:00 WARN common.c: unknown chip id! 0xe0042000",
    "st-flash 1.6.0\nWARN src/common.c: unknown chip id! 0x00000000",
    "st-flash 1.3.1\nWARN src/common.c: unknown chip id! 0",  # %#x prints a zero without 0x
    "pyocd.probe.stlink.STLinkException: STLink error (9): Get IDCODE error",
    "0001234:ERROR:session:Error during board init: STLink error (11): Debug power error",
    "STLink error (5): No device connected",
    "pyocd.core.exceptions.TransferError: SWD/JTAG communication failure (No ACK); check USB cable, reduce debugger clock",
])
def test_target_not_answering_over_swd(text: str) -> None:
    d = hd.explain(text)
    assert d.domains[0].name == "bootloader.stm32"
    assert d.findings[0].code == "bootloader.stm32.swd_no_target", [f.code for f in d.findings]


def test_a_real_but_unknown_chip_id_stays_unknown_device() -> None:
    # DEV_ID 0x499 is no failed read: a part newer than the tool
    first, codes = top("st-flash 1.6.0\nWARN common.c: unknown chip id! 0x10006499")
    assert first == "bootloader.stm32.unknown_device", codes
    assert "bootloader.stm32.swd_no_target" not in codes


def test_pyocd_without_a_probe_is_probe_not_found() -> None:
    assert top("No available debug probes are connected")[0] == "bootloader.stm32.probe_not_found"


# --- a protected STM32 as st-flash sees it ------------------------------------------------------

def test_st_flash_reporting_zero_flash_reads_as_protection() -> None:
    text = ("st-flash 1.4.0\nINFO common.c: Loading device parameters....\nINFO common.c: Device connected is: F1 Medium-density device, id 0x20036410\n"
            "INFO common.c: SRAM size: 0x5000 bytes (20 KiB), Flash: 0 bytes (0 KiB) in pages of 1024 bytes")
    assert top(text)[0] == "bootloader.stm32.read_protected"


def test_st_flash_with_a_real_flash_size_is_no_protection() -> None:
    text = ("st-flash 1.4.0\nINFO common.c: Device connected is: F1 Medium-density device, id 0x20036410\n"
            "INFO common.c: SRAM size: 0x5000 bytes (20 KiB), Flash: 0x10000 bytes (64 KiB) in pages of 1024 bytes")
    assert "bootloader.stm32.read_protected" not in top(text)[1]


# --- AVR ISP: the clock is too fast for the chip ------------------------------------------------

@pytest.mark.parametrize("text", [
    "avrdude error: target clock speed error\navrdude error: initialization failed, rc=-2\n        the programmer ISP clock is too fast for the target",
    "avrdude error: initialization failed  (rc = -2)\n        - the programmer ISP clock is too fast for the target\n        - use -B to set lower the bit clock frequency, e.g. -B 125kHz",
    "$ avrdude -c usbasp -p m328p -U flash:w:blink.hex\navrdude error: program enable: target does not answer (0x01)\navrdude error: initialization failed, rc=-1",
    "$ avrdude -c usbasp -p t85 -b 19200\navrdude error: program enable: target does not answer (0x01)",  # -b is the baud rate, not -B
])
def test_isp_clock_too_fast(text: str) -> None:
    first, codes = top(text)
    assert first == "bootloader.avr.isp_clock_too_fast", codes


def test_usbasp_not_answering_with_a_slow_clock_already_set_is_wiring_or_power() -> None:
    text = "$ avrdude -c usbasp -p m328p -B 32 -U flash:w:blink.hex\navrdude error: program enable: target does not answer (0x01)"
    first, codes = top(text)
    assert first == "bootloader.avr.target_unreachable", codes


def test_initialization_failed_rc_minus_one_is_the_connection() -> None:
    text = "avrdude error: initialization failed, rc=-1\n        - double check the connections and try again"
    first, codes = top(text)
    assert first == "bootloader.avr.target_unreachable", codes
    assert "bootloader.avr.isp_clock_too_fast" not in codes


# --- a USB programmer avrdude cannot find on Windows -------------------------------------------

def test_usb_programmer_not_found_on_windows_is_the_driver() -> None:
    text = "C:\\avr> avrdude -c usbasp -p m8\navrdude.exe error: cannot find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'"
    first, codes = top(text)
    assert first == "bootloader.avr.usb_permission", codes
    assert "bootloader.avr.programmer_not_found" in codes


def test_usb_programmer_not_found_elsewhere_is_not_found() -> None:
    text = "$ avrdude -c usbtiny -p t85\navrdude error: cannot find USBtiny device (0x1781/0xc9f)"
    assert top(text)[0] == "bootloader.avr.programmer_not_found"


# --- read-out / write protection as openocd and stm32flash print it ------------------------------

@pytest.mark.parametrize("text", [
    "Open On-Chip Debugger 0.11.0\nInfo : device id = 0x10016413\nInfo : Device Security Bit Set\nInfo : flash size = 1024 KiB\nError: failed erasing sectors 0 to 5",
    "Open On-Chip Debugger 0.12.0\nInfo : device idcode = 0x10076415 (STM32L47/L48xx - Rev 4 : 0x1007)\nInfo : RDP level 1 (0xBB)\nInfo : flash size = 1024 KiB",
    "Open On-Chip Debugger 0.10.0\nInfo : device id = 0x20036410\nError: stm32x device protected\nError: failed erasing sectors 4 to 7",
    "stm32flash 0.5\nInterface serial_posix: 115200 8E1\nRead-UnProtecting flash\nError: Failed to READOUT UNPROTECT",
])
def test_protected_flash(text: str) -> None:
    first, codes = top(text)
    assert first == "bootloader.stm32.read_protected", codes


def test_rdp_level_zero_is_no_protection() -> None:
    text = "Open On-Chip Debugger 0.12.0\nInfo : RDP level 0 (0xAA)\nInfo : flash size = 1024 KiB"
    assert "bootloader.stm32.read_protected" not in top(text)[1]


@pytest.mark.parametrize("text", [
    "Open On-Chip Debugger 0.11.0\nError: stm32x device programming failed\nError: error writing to flash at address 0x08000000 at offset 0x00000000",
    "Open On-Chip Debugger 0.12.0\nError: access denied / write protected",
])
def test_flash_controller_refusals_are_write_failed(text: str) -> None:
    assert top(text)[0] == "bootloader.stm32.write_failed"
