"""The domain registry: one line per domain naming its package, imported only when used.

Why data and not imports: ``hsdoctor explain`` must start fast (bench/cold_start.py), so no
domain's probe (cryptography, pyserial, pyscard) may be imported by the engine. The engine
iterates this table; it never branches on a domain's name. Adding a domain = adding a package
under ``handshake_doctor.domains`` with the shape described in docs/DOMAINS.md and one line here.
"""

from __future__ import annotations

import importlib
from .record import field, record
from types import ModuleType


@record(frozen=True)
class DomainSpec:
    name: str  # the prefix of every finding code of the domain
    title: str
    package: str  # e.g. "handshake_doctor.domains.tls"; must have .explain and .codes modules
    #: URL scheme -> probe module. The module defines ``probe(target: str, args: Namespace) -> Diagnosis``
    #: and optionally ``add_arguments(parser)`` for its own options (see docs/DOMAINS.md).
    probes: dict[str, str] = field(default_factory=dict)
    #: simulator name -> simulator module, defining ``add_arguments(parser)`` and ``run(args) -> int``.
    simulators: dict[str, str] = field(default_factory=dict)
    #: devices the serial search can ask: ``--expect`` name -> module defining ``DEVICE`` (a
    #: device.SerialDevice: its safe requests with their rates and framings, and its judge)
    devices: dict[str, str] = field(default_factory=dict)

    def module(self, part: str) -> ModuleType:
        return importlib.import_module(f"{self.package}.{part}")


_D = "handshake_doctor.domains."

DOMAINS: tuple[DomainSpec, ...] = (
    DomainSpec("net", "Name resolution and TCP reachability", _D + "net"),
    DomainSpec(
        "tls",
        "TLS / SSL",
        _D + "tls",
        probes={"https": _D + "tls.probe", "tls": _D + "tls.probe", "tcp": _D + "tls.probe"},
    ),
    DomainSpec("http", "HTTP over (or instead of) TLS", _D + "http"),
    DomainSpec(
        "serial",
        "UART / serial line",
        _D + "serial",
        probes={"serial": _D + "serial.probe", "usb": _D + "serial.probe"},
        simulators={
            "modem": "handshake_doctor.simulate.devices.modem",
            "gps": "handshake_doctor.simulate.devices.gps",
            "chatter": "handshake_doctor.simulate.devices.chatter",
        },
        devices={"modem": _D + "serial.modem_handshake"},
    ),
    DomainSpec(
        "bootloader.mtk",
        "MediaTek BROM / preloader",
        _D + "bootloaders.mtk",
        simulators={"mtk": "handshake_doctor.simulate.devices.mtk"},
        devices={"mtk": _D + "bootloaders.mtk.handshake"},
    ),
    DomainSpec(
        "bootloader.stm32",
        "STM32 system bootloader (AN3155)",
        _D + "bootloaders.stm32",
        simulators={"stm32": "handshake_doctor.simulate.devices.stm32"},
        devices={"stm32": _D + "bootloaders.stm32.handshake"},
    ),
    DomainSpec(
        "bootloader.esp",
        "Espressif ROM loader (esptool)",
        _D + "bootloaders.esp",
        simulators={"esp32": "handshake_doctor.simulate.devices.esp32"},
        devices={"esp": _D + "bootloaders.esp.handshake"},
    ),
    DomainSpec(
        "bootloader.avr",
        "AVR STK500v1 / Optiboot (avrdude)",
        _D + "bootloaders.avr",
        simulators={"avr": "handshake_doctor.simulate.devices.avr"},
        devices={"avr": _D + "bootloaders.avr.handshake"},
    ),
    DomainSpec(
        "smartcard",
        "Smart card (ISO 7816, PC/SC)",
        _D + "smartcard",
        probes={"pcsc": _D + "smartcard.probe"},
    ),
    DomainSpec(
        "meter",
        "Meters and telecontrol (M-Bus, DL/T 645, IEC 62056-21, IEC 60870-5-101/104)",
        _D + "meter",
        simulators={
            "mbus": "handshake_doctor.simulate.devices.mbus",
            "dlt645": "handshake_doctor.simulate.devices.dlt645",
            "iec62056": "handshake_doctor.simulate.devices.iec62056",
        },
        devices={"mbus": _D + "meter.mbus_handshake", "dlt645": _D + "meter.dlt645_handshake",
                 "iec62056": _D + "meter.iec62056_21_handshake"},
    ),
    DomainSpec("database", "Database TLS negotiation (PostgreSQL, MySQL)", _D + "database"),
    DomainSpec("text", "A device printing ASCII text", _D + "text"),
)


def by_name(name: str) -> DomainSpec:
    for spec in DOMAINS:
        if spec.name == name:
            return spec
    raise KeyError(name)


def probe_for_scheme(scheme: str) -> tuple[DomainSpec, str] | None:
    """The domain and the probe module for a URL scheme, or None."""
    for spec in DOMAINS:
        if scheme in spec.probes:
            return spec, spec.probes[scheme]
    return None


def device_modules() -> dict[str, str]:
    """Every serial device's ``--expect`` name and module, across domains (nothing imported)."""
    return {name: module for spec in DOMAINS for name, module in spec.devices.items()}


def serial_devices() -> list[object]:
    """The device table: every domain's ``DEVICE`` (device.SerialDevice), imported on use."""
    return [importlib.import_module(module).DEVICE for module in device_modules().values()]


def simulators() -> dict[str, tuple[DomainSpec, str]]:
    """Every simulator name, across domains."""
    out: dict[str, tuple[DomainSpec, str]] = {}
    for spec in DOMAINS:
        for sim, target in spec.simulators.items():
            out[sim] = (spec, target)
    return out
