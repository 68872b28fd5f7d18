"""Reusable fixes of the `serial` domain, by key (knowledge rows name them)."""

from __future__ import annotations

from ...model import Fix, Snippet

MM_RULE = (
    "# /etc/udev/rules.d/99-hsdoctor-no-modemmanager.rules  (put your adapter's VID:PID)\n"
    'ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523", ENV{ID_MM_DEVICE_IGNORE}="1"\n'
    "# then: sudo udevadm control --reload && sudo udevadm trigger"
)

FIXES: dict[str, Fix] = {
    "list_ports": Fix("List the ports that exist now and pick the one that appears when the device is plugged in.", "user", "python3 -m serial.tools.list_ports -v"),
    "by_id": Fix("Use the stable name under /dev/serial/by-id/ instead of ttyUSB0/ttyACM0, which change with plug order.", "user", "ls -l /dev/serial/by-id/"),
    "dialout": Fix("Add yourself to the group that owns the port (dialout on Debian/Ubuntu, uucp on Arch), then log out and in.", "user", "sudo usermod -aG dialout $USER"),
    "who_holds": Fix("Find and close the program that holds the port (serial monitor, second flasher, ModemManager).", "user", "sudo fuser -v /dev/ttyUSB0; sudo lsof /dev/ttyUSB0"),
    "modemmanager": Fix(
        "Stop ModemManager from probing the port: a udev rule with ID_MM_DEVICE_IGNORE for the adapter (or stop the service while flashing).",
        "host",
        "sudo systemctl stop ModemManager",
        (Snippet("shell", MM_RULE),),
    ),
    "real_port": Fix("Use a real serial port or a driver that supports parity; a pty (socat, a simulator) cannot carry parity, 7 data bits or modem lines.", "host"),
    "stm32_8n1_pty": Fix("Against a pty simulator only: tell stm32flash to use 8N1, which a pty accepts.", "host", "stm32flash -m 8n1 /dev/pts/N"),
    "match_baud": Fix(
        "Set the host to the device's baud rate (see the rate this byte points at), or let an autobauding bootloader follow the host.",
        "host",
        "",
        (Snippet("pyserial", "import serial\ns = serial.Serial('/dev/ttyUSB0', 115200, timeout=1)  # the DEVICE's rate"),),
    ),
    "match_framing": Fix(
        "Use the device's framing (data bits, parity, stop bits) on the host.",
        "host",
        "",
        (Snippet("pyserial", "import serial\ns = serial.Serial('/dev/ttyUSB0', 9600, bytesize=serial.SEVENBITS,\n                  parity=serial.PARITY_EVEN, stopbits=serial.STOPBITS_ONE, timeout=1)"),),
    ),
    "check_wiring": Fix("Check the wiring: TX to RX, RX to TX, a common ground, the same logic level (3.3 V vs 5 V); a line held low reads as BREAK/00.", "user"),
    "read_more": Fix("Capture more than one byte (and several times): a real 0x68 repeats and is followed by a frame or text; a mismatch product changes with the rate.", "user", "python3 -m serial.tools.miniterm --raw /dev/ttyUSB0 115200"),
    "driver": Fix("Install (or reinstall) the USB-serial driver for the adapter (CH340/CH341, CP210x, FTDI, PL2303), re-plug it and check that the COM port appears without a warning sign in Device Manager.", "host"),
    "brltty": Fix("Remove brltty if no braille display is used, or mask its udev rules, then re-plug the adapter.", "host", "sudo apt remove brltty  # or: sudo systemctl mask brltty-udev.service brltty.path"),
    "cable": Fix("Use a short USB cable with data lines, plug directly into the computer (no hub), and re-plug the device.", "user"),
}
