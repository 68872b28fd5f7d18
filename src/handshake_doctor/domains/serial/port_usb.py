"""USB identities of serial devices, and the tty a USB device gave (sysfs).

Why a table: ``usb://0e8d:0003`` and ``usb://0e8d:2000`` are the same phone in two different
states (boot ROM vs preloader), and telling the user which one is plugged in is half of a
MediaTek diagnosis. The phone ids are the MediaTek domain's facts (bootloaders/mtk/knowledge.py,
``USB``); this module keeps the UART bridges and merges both. Lookups never guess beyond them.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass

from ...knowledge.table import Table

MTKCLIENT_IDS = "bkerler/mtkclient mtkclient/config/usb_ids.py (read at a6a7147; facts/serial.md §4.1)"


@dataclass(frozen=True)
class UsbIdRow:
    vid: int
    pid: int
    name: str
    role: str  # "bootrom", "preloader", "uart_bridge"
    note: str
    source: str


USB_IDS = Table(
    "usb_serial_ids",
    (
        UsbIdRow(0x0403, 0x6001, "FTDI FT232R USB-UART bridge", "uart_bridge", "the device behind it sets the rate", MTKCLIENT_IDS),
        UsbIdRow(0x1A86, 0x7523, "WCH CH340 USB-UART bridge", "uart_bridge", "the device behind it sets the rate", MTKCLIENT_IDS),
        UsbIdRow(0x1A86, 0x5523, "WCH CH341 USB-UART bridge", "uart_bridge", "the device behind it sets the rate", MTKCLIENT_IDS),
        UsbIdRow(0x1A86, 0x5512, "WCH CH341 USB bridge", "uart_bridge", "", MTKCLIENT_IDS),
        UsbIdRow(0x1A86, 0x55D3, "WCH CH343 USB-UART bridge", "uart_bridge", "the device behind it sets the rate", MTKCLIENT_IDS),
        UsbIdRow(0x4348, 0x5523, "WCH CH341 USB-UART bridge (older VID)", "uart_bridge", "", MTKCLIENT_IDS),
        UsbIdRow(0x10C4, 0xEA60, "Silicon Labs CP210x USB-UART bridge", "uart_bridge", "the device behind it sets the rate", MTKCLIENT_IDS),
    ),
    "USB vendor:product ids of serial-capable devices the probe can name",
)

_ROLE = {"brom": "bootrom", "preloader": "preloader", "uart-bridge": "uart_bridge"}


def _device_rows() -> list[UsbIdRow]:
    """The USB ids the devices of the registry's device table enumerate with (a boot ROM's port)."""
    from ...registry import serial_devices

    return [UsbIdRow(r.vid, r.pid, r.note, _ROLE.get(r.mode, r.mode), "", r.source)  # type: ignore[attr-defined]
            for d in serial_devices() for r in d.usb_ids]  # type: ignore[attr-defined]


_BY_ID: dict[tuple[int, int], UsbIdRow] = {}


def _index() -> dict[tuple[int, int], UsbIdRow]:
    if not _BY_ID:
        _BY_ID.update({(r.vid, r.pid): r for r in _device_rows()})
        _BY_ID.update({(r.vid, r.pid): r for r in USB_IDS})
    return _BY_ID


def usb_name(vid: int | None, pid: int | None) -> UsbIdRow | None:
    if vid is None or pid is None:
        return None
    return _index().get((vid, pid))


@dataclass(frozen=True)
class UsbTty:
    device: str  # /dev/ttyACM0
    vid: int
    pid: int
    usb_path: str  # sysfs name of the USB device, e.g. 1-1.2
    product: str = ""
    manufacturer: str = ""


def _read_hex(path: str) -> int | None:
    try:
        with open(path) as f:
            return int(f.read(16).strip(), 16)
    except (OSError, ValueError):
        return None


def _read_text(path: str) -> str:
    try:
        with open(path, errors="replace") as f:
            return f.read(256).strip()
    except OSError:
        return ""


def usb_ttys(sysfs: str = "/sys", dev: str = "/dev", limit: int = 512) -> list[UsbTty]:
    """Every tty that belongs to a USB device: /sys/class/tty/X/device, walked up to the USB
    device directory (the one with idVendor). Covers cdc_acm (ttyACM*) and usb-serial (ttyUSB*)."""
    out: list[UsbTty] = []
    for entry in sorted(glob.glob(os.path.join(sysfs, "class", "tty", "*")))[:limit]:
        link = os.path.join(entry, "device")
        if not os.path.exists(link):
            continue
        d = os.path.realpath(link)
        for _ in range(6):  # interface -> device, plus usb-serial's extra ttyUSBn level
            vid = _read_hex(os.path.join(d, "idVendor"))
            if vid is not None:
                pid = _read_hex(os.path.join(d, "idProduct"))
                if pid is not None:
                    out.append(
                        UsbTty(
                            os.path.join(dev, os.path.basename(entry)),
                            vid,
                            pid,
                            os.path.basename(d),
                            _read_text(os.path.join(d, "product")),
                            _read_text(os.path.join(d, "manufacturer")),
                        )
                    )
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return out


def usb_devices(sysfs: str = "/sys", limit: int = 512) -> list[tuple[int, int, str]]:
    """(vid, pid, sysfs name) of every USB device, with or without a tty (a BROM that has not
    enumerated as CDC ACM still shows here)."""
    out: list[tuple[int, int, str]] = []
    for d in sorted(glob.glob(os.path.join(sysfs, "bus", "usb", "devices", "*")))[:limit]:
        vid = _read_hex(os.path.join(d, "idVendor"))
        pid = _read_hex(os.path.join(d, "idProduct"))
        if vid is not None and pid is not None:
            out.append((vid, pid, os.path.basename(d)))
    return out
