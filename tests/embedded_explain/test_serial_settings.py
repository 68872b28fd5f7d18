"""Serial settings a program or a driver rejects (issue 12): a baud value that is not one
(serial.invalid_baud_value) and a custom rate the driver refuses (serial.baud_unsupported).

The wordings come from the tools themselves: GNU stty and pyserial are run here and what they
print is fed to ``explain``; each reading also has a near-miss input it must not fire on.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

import handshake_doctor as hd


def _codes(text: str) -> list[str]:
    return [f.code for f in hd.explain(text).findings]


def test_stty_refuses_a_rate_it_does_not_list() -> None:
    if shutil.which("stty") is None:
        pytest.skip("stty (coreutils) missing")
    p = subprocess.run(["stty", "-F", "/dev/null", "250001"], capture_output=True, text=True, timeout=10)
    assert p.returncode != 0 and "invalid argument" in p.stderr, p.stderr
    assert _codes(p.stderr)[0] == "serial.invalid_baud_value", p.stderr


def test_stty_invalid_argument_that_is_no_number_is_not_a_baud() -> None:
    assert "serial.invalid_baud_value" not in _codes("stty: invalid argument '-echoo'")


@pytest.mark.parametrize("value", [-5, None])
def test_pyserial_refuses_the_value_itself(value: object) -> None:
    serial = pytest.importorskip("serial")
    with pytest.raises(ValueError) as err:
        serial.Serial(baudrate=value)
    assert _codes(f"ValueError: {err.value}")[0] == "serial.invalid_baud_value", str(err.value)


def test_node_serialport_baudrate_not_a_number() -> None:
    assert _codes('TypeError: "baudRate" must be a number: 115200')[0] == "serial.invalid_baud_value"


def test_a_bare_valueerror_is_not_a_baud_value() -> None:
    assert "serial.invalid_baud_value" not in _codes("ValueError: invalid literal for int() with base 10: 'abc'")


def test_einval_with_a_custom_rate_and_no_framing_is_the_rate() -> None:
    text = "port = serial.Serial('/dev/ttyUSB1', 250000, timeout=1)\ntermios.error: (22, 'Invalid argument')"
    codes = _codes(text)
    assert codes[0] == "serial.baud_unsupported", codes
    assert "serial.pty_no_parity" not in codes


def test_einval_with_parity_named_stays_the_framing() -> None:
    text = "port = serial.Serial('/dev/ttyUSB1', 250000, parity=serial.PARITY_EVEN)\ntermios.error: (22, 'Invalid argument')"
    assert _codes(text)[0] == "serial.pty_no_parity"


def test_einval_with_a_standard_rate_stays_the_framing() -> None:
    text = "port = serial.Serial('/dev/ttyUSB1', 115200)\ntermios.error: (22, 'Invalid argument')"
    assert _codes(text)[0] == "serial.pty_no_parity"


# --- brltty claiming a USB-serial adapter (Linux devio.c's usbfs line) ---

DMESG_BRLTTY = (
    "[   12.400101] usb 1-2: ch341-uart converter now attached to ttyUSB0\n"
    "[   12.931442] usb 1-2: usbfs: interface 0 claimed by ch341 while 'brltty' sets config #1\n"
    "[   12.932010] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0\n"
)


def test_kernel_line_names_brltty_first() -> None:
    d = hd.explain(DMESG_BRLTTY)
    assert d.findings[0].code == "serial.brltty_claims_adapter", [f.code for f in d.findings]
    assert any("brltty" in (fix.summary + fix.command) for fix in d.findings[0].fixes)


def test_usbfs_claim_by_another_program_is_not_brltty() -> None:
    text = "usb 1-2: usbfs: interface 0 claimed by ch341 while 'flashtool' sets config #1"
    assert "serial.brltty_claims_adapter" not in [f.code for f in hd.explain(text).findings]


def test_brltty_named_without_a_claim_does_not_fire() -> None:
    assert "serial.brltty_claims_adapter" not in [f.code for f in hd.explain("I installed brltty 6.5 for my braille display").findings]


def test_pyserial_reconfigure_wording() -> None:
    """serialposix.py _reconfigure_port()'s own check (reached by subclasses that bypass the setter)."""
    assert _codes("ValueError: Invalid baud rate: '115k'")[0] == "serial.invalid_baud_value"
    assert "serial.invalid_baud_value" not in _codes("ValueError: Invalid parity: 'X'")


def test_windows_setcommstate_87_is_the_rate() -> None:
    text = "serial.serialutil.SerialException: Cannot configure port, something went wrong. Original message: OSError(22, 'The parameter is incorrect.', None, 87)"
    assert _codes(text)[0] == "serial.baud_unsupported"


def test_windows_other_setcommstate_failure_stays_driver_error() -> None:
    text = "serial.serialutil.SerialException: Cannot configure port, something went wrong. Original message: OSError(22, 'A device attached to the system is not functioning.', None, 31)"
    assert _codes(text)[0] == "serial.driver_error"


@pytest.mark.parametrize("line", [
    "A fatal error occurred: This chip is ESP32-S3 not ESP32. Wrong --chip argument?",  # v3.3-v4.8
    "A fatal error occurred: This chip is ESP32-S3, not ESP32. Wrong --chip argument?",  # v4.9-v4.11
    "A fatal error occurred: This chip is ESP32-S3, not ESP32. Wrong chip argument?",  # v5
])
def test_esptool_wrong_chip_every_wording(line: str) -> None:
    assert _codes(line)[0] == "bootloader.esp.wrong_chip"
