"""Serial probe targets: which port, and what the user asked of the line (pure).

The rule, one scheme per question ("which port?"), the CLI routes ``serial://`` and ``usb://``:

* ``serial:///dev/ttyUSB0`` - a device path (three slashes: the path is absolute).
  ``serial://ttyUSB0`` is short for ``/dev/ttyUSB0``; ``serial://`` or ``serial://auto`` searches
  the ports pyserial lists.
* ``serial://loop://``, ``serial://hsdsim://stm32?baud=57600`` - when what follows ``serial://``
  is itself a URL (it contains ``://``), it is a pyserial URL and is handed to
  ``serial.serial_for_url`` unchanged, query included (it belongs to the handler, e.g. the
  simulated device's own rate). The host side is then set with ``--baud``/``--framing``.
* ``usb://0e8d:0003`` - a USB device by vendor and product id (hex); its tty is found in sysfs.

For paths and ``usb://``, a query may carry the host settings: ``?baud=115200&framing=8E1``
(``listen=SECONDS`` too). Command-line options win over the query. Anything else is a usage error
(exit 2), never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from ...errors import UsageError
from ...framing import Framing

__all__ = ["Framing", "SerialTarget", "parse_target", "parse_baud", "parse_listen"]

#: Rates pyserial accepts on Linux for standard devices, plus the odd ones devices really use
#: (74880: ESP8266 ROM boot log; 31250: MIDI; 250000: 3D printers). Upper bound: 4 Mbd.
MAX_BAUD = 4_000_000
MIN_BAUD = 50

_USB = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")
_QUERY_KEYS = ("baud", "framing", "listen")


@dataclass(frozen=True)
class SerialTarget:
    """Where to probe. ``kind``: "path", "url", "usb" or "search"."""

    kind: str
    text: str  # as the user wrote it
    path: str = ""  # device path ("path"), or the pyserial URL ("url")
    vid: int | None = None
    pid: int | None = None
    baud: int | None = None  # from the query, if any
    framing: Framing | None = None
    listen: float | None = None


def parse_baud(text: str) -> int:
    t = text.strip().lower().removesuffix("bd").removesuffix("baud").strip()
    if t.endswith("k") and t[:-1].replace(".", "", 1).isdigit():
        value = int(float(t[:-1]) * 1000)
    elif t.isdigit():
        value = int(t)
    else:
        raise UsageError(f"bad baud rate {text!r}: give a number such as 9600 or 115200")
    if not (MIN_BAUD <= value <= MAX_BAUD):
        raise UsageError(f"baud rate {value} is out of range ({MIN_BAUD}..{MAX_BAUD})")
    return value


def parse_listen(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"bad listen time {text!r}: give seconds, e.g. 0.8") from None
    if not (0 < value <= 600):
        raise UsageError("listen time must be between 0 and 600 seconds")
    return value


def _split_query(rest: str) -> tuple[str, dict[str, str]]:
    if "?" not in rest:
        return rest, {}
    base, query = rest.split("?", 1)
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query), max_num_fields=8)
    except ValueError:
        raise UsageError(f"bad query {query!r}: use ?baud=115200&framing=8N1") from None
    out: dict[str, str] = {}
    for k, v in pairs:
        k = k.lower()
        if k not in _QUERY_KEYS:
            raise UsageError(f"unknown target option {k!r}: known are {', '.join(_QUERY_KEYS)}")
        out[k] = v
    return base, out


def _settings(q: dict[str, str]) -> dict[str, object]:
    return {
        "baud": parse_baud(q["baud"]) if "baud" in q else None,
        "framing": Framing.parse(q["framing"]) if "framing" in q else None,
        "listen": parse_listen(q["listen"]) if "listen" in q else None,
    }


def parse_target(text: str) -> SerialTarget:
    """Parse a ``serial://`` or ``usb://`` target; raise UsageError with one clear line otherwise."""
    if not isinstance(text, str) or "\x00" in text or len(text) > 4096:
        raise UsageError("bad serial target")
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in ("serial", "usb"):
        raise UsageError(f"not a serial target: {text!r} (use serial:///dev/ttyUSB0, serial://loop:// or usb://VID:PID)")
    if scheme == "usb":
        base, q = _split_query(rest)
        m = _USB.match(base.strip())
        if not m:
            raise UsageError(f"bad USB target {text!r}: use usb://VID:PID in hex, e.g. usb://0e8d:0003")
        return SerialTarget("usb", text, vid=int(m.group(1), 16), pid=int(m.group(2), 16), **_settings(q))  # type: ignore[arg-type]
    if "://" in rest:
        inner_scheme = rest.split("://", 1)[0]
        if not re.fullmatch(r"[a-z][a-z0-9+.-]{0,31}", inner_scheme):
            raise UsageError(f"bad pyserial URL in {text!r}")
        return SerialTarget("url", text, path=rest)
    base, q = _split_query(rest)
    settings = _settings(q)
    if base in ("", "auto"):
        return SerialTarget("search", text, **settings)  # type: ignore[arg-type]
    if any(c in base for c in "\r\n\t") or base.endswith("/"):
        raise UsageError(f"bad serial port {base!r}")
    path = base if base.startswith("/") else "/dev/" + base
    if ".." in path.split("/"):
        raise UsageError(f"bad serial port {base!r}: give the device path, e.g. /dev/ttyUSB0")
    return SerialTarget("path", text, path=path, **settings)  # type: ignore[arg-type]
