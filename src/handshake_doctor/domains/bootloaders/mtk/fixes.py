"""Reusable fixes of the `bootloader.mtk` domain, by key."""

from __future__ import annotations

from ....model import Fix, Snippet

UDEV = (
    "# /etc/udev/rules.d/50-mtk.rules: user access to MediaTek download ports, and keep ModemManager away\n"
    'SUBSYSTEM=="usb", ATTR{idVendor}=="0e8d", MODE="0666", ENV{ID_MM_DEVICE_IGNORE}="1"\n'
    'SUBSYSTEM=="tty", ATTRS{idVendor}=="0e8d", ENV{ID_MM_DEVICE_IGNORE}="1"\n'
    "# then: sudo udevadm control --reload && sudo udevadm trigger"
)

FIXES: dict[str, Fix] = {
    "power_cycle": Fix(
        "Get the device out of the half-finished session: unplug, hold POWER about 10 s (or pull the battery), then connect again with the phone off.",
        "device",
    ),
    "close_others": Fix("Close every other flasher (SP Flash Tool, a second mtkclient, vendor tools) and anything else that opens the port.", "user", "sudo fuser -v /dev/ttyACM0"),
    "brom_buttons": Fix(
        "Enter BROM: with the phone powered off, hold VOL UP, VOL DOWN or both (model-dependent) and plug the USB cable in; for preloader mode plug in without buttons.",
        "device",
        "python3 mtk.py printgpt   # waits for the port, then handshakes",
    ),
    "udev": Fix(
        "On Linux give your user the MediaTek USB ports and stop ModemManager from probing them.",
        "host",
        "sudo usermod -aG plugdev,dialout $USER",
        (Snippet("shell", UDEV),),
    ),
    "driver": Fix("On Windows install the MediaTek VCOM / preloader driver (or UsbDk for mtkclient) and use a USB 2.0 port.", "host"),
    "signed_da": Fix("Use the download agent (and auth file, if SLA is on) signed for this exact device/vendor; a generic DA is refused when DAA/SLA are set.", "user"),
    "right_firmware": Fix("Flash the firmware (scatter + preloader) made for this exact model and board revision; never flash a foreign preloader.", "user"),
}
