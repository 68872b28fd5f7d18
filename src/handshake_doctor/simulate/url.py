"""``hsdsim://DEVICE?option=value&...``: any simulator, in-process, behind pyserial's API.

Why in-process as well as on a pty: a pty hides the client's parity and data bits (the kernel
forces CS8, no parity), while a pyserial URL handler sees every setting, so framing mismatches
can be simulated exactly, and tests can read the device's command record directly
(``port.record``) without files. Same codecs, same ``Session`` (autobaud, physics, record).

Query options are the device's ``hsdoctor simulate DEVICE`` options without the dashes
(``hsdsim://stm32?baud=57600&framing=8E1&mode=app``, flags as ``no-autobaud=1``).
"""

from __future__ import annotations

import argparse
import importlib
from urllib.parse import parse_qsl, urlsplit

PACKAGE = "handshake_doctor.simulate"
#: options that make sense only for a pty process; refused in a URL
_PTY_ONLY = {"link", "log", "record", "quiet", "max-seconds", "client-framing"}


def register() -> None:
    """Let ``serial.serial_for_url("hsdsim://...")`` find this package's handler."""
    import serial

    if PACKAGE not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append(PACKAGE)


class _RaisingParser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[no-untyped-def,override]
        raise ValueError(message)

    def exit(self, status: int = 0, message: str | None = None):  # type: ignore[no-untyped-def,override]
        raise ValueError(message or "invalid options")


def parse_url(url: str) -> tuple[str, argparse.Namespace, object]:
    """(device name, its parsed options, its simulator module). ValueError on anything wrong."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "hsdsim":
        raise ValueError(f"expected a URL starting with hsdsim://, got {url!r}")
    name = (parts.netloc or parts.path.strip("/")).lower()
    from ..registry import simulators

    sims = simulators()
    if name not in sims:
        raise ValueError(f"unknown simulated device {name!r}; devices: {', '.join(sorted(sims))}")
    module = importlib.import_module(sims[name][1])
    parser = _RaisingParser(prog=f"hsdsim://{name}", add_help=False)
    module.add_arguments(parser)  # type: ignore[attr-defined]
    argv: list[str] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        key = key.strip().lower().replace("_", "-")
        if key in _PTY_ONLY:
            raise ValueError(f"option {key!r} is for the pty simulator only")
        opt = f"--{key}"
        action = parser._option_string_actions.get(opt)  # noqa: SLF001 - argparse has no public lookup
        if action is None:
            raise ValueError(f"unknown option {key!r} for {name}")
        if action.nargs == 0:
            if value.lower() in ("", "1", "true", "yes", "on"):
                argv.append(opt)
        else:
            argv += [opt, value]
    args = parser.parse_args(argv)
    args.device = name
    return name, args, module
