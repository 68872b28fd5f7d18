"""``serial://`` with no device: the search picks real ports.

Measured before: on a machine with no USB-serial adapter the search probed /dev/ttyS0, a legacy
UART the 8250 driver registers with no hardware behind it (sysfs type 0, PORT_UNKNOWN), and
reported "silent". Such ports are left out; when no USB-serial adapter is plugged in, the probe
says so and lists what it saw.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handshake_doctor.domains.serial import port_checks
from handshake_doctor.domains.serial.port_checks import ExistingPort, choose_search_port


def _sysfs(tmp: Path, types: dict[str, int]) -> str:
    """A sysfs tty directory as the kernel lays it out (one ``type`` file per tty)."""
    for name, t in types.items():
        (tmp / name).mkdir()
        (tmp / name / "type").write_text(f"{t}\n")
    return str(tmp)


def test_a_legacy_uart_with_no_hardware_is_left_out(tmp_path: Path) -> None:
    sysfs = _sysfs(tmp_path, {"ttyS0": 0, "ttyS1": 0, "ttyUSB0": 0})
    ports = [ExistingPort("/dev/ttyS0"), ExistingPort("/dev/ttyS1"), ExistingPort("/dev/ttyUSB0", "CP2102", vid=0x10C4, pid=0xEA60)]
    c = choose_search_port(ports, sysfs)
    assert c.chosen is not None and c.chosen.device == "/dev/ttyUSB0"
    assert [p.device for p in c.skipped] == ["/dev/ttyS0", "/dev/ttyS1"]  # a USB tty is never "no UART behind it"


def test_no_usb_adapter_is_said_and_what_was_seen_listed(tmp_path: Path) -> None:
    sysfs = _sysfs(tmp_path, {"ttyS0": 0, "ttyS4": 4})
    c = choose_search_port([ExistingPort("/dev/ttyS0"), ExistingPort("/dev/ttyS4")], sysfs)
    assert c.chosen is not None and c.chosen.device == "/dev/ttyS4"  # a 16550A that is there
    assert not c.usb
    assert "/dev/ttyS0 (no UART behind it: sysfs type unknown)" in c.seen_text() and "/dev/ttyS4" in c.seen_text()
    none = choose_search_port([ExistingPort("/dev/ttyS0")], sysfs)
    assert none.chosen is None and none.seen_text().startswith("/dev/ttyS0")


def test_the_search_on_this_machine(tmp_path: Path) -> None:
    """The real CLI against this machine's own ports (whatever they are): a phantom ttyS is never
    probed, and with no USB adapter the report says so and lists the ports."""
    r = subprocess.run([sys.executable, "-m", "handshake_doctor", "probe", "serial://", "--json", "--listen", "0.2",
                        "--timeout", "3", "--no-active"], capture_output=True, text=True, timeout=60)
    assert r.returncode in (0, 1, 3), r.stderr
    doc = json.loads(r.stdout)
    ports = port_checks.existing_ports()
    choice = choose_search_port(ports)
    resolve = next(s for s in doc["steps"] if s["name"] == "resolve target")
    if choice.chosen is None:
        assert doc["findings"][0]["code"] == "serial.port_missing"
        if not choice.usb:
            assert "No USB-serial adapter is plugged in" in doc["findings"][0]["detail"]
    else:
        assert resolve["detail"] == f"searched: {choice.chosen.device}"
        assert not port_checks.no_uart_behind(choice.chosen.device)
    if not choice.usb and choice.chosen is not None:
        note = next(n for n in doc["notes"] if n.startswith("No USB-serial adapter is plugged in"))
        for p in ports[:8]:
            assert p.device in note, (p.device, note)
