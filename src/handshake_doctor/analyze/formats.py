"""The reader table: how ``analyze`` recognises a file from its content, never its name.

Why a table: a new format (a vendor's export, a new log) is one more row
here and one module with ``read(stream, name, options) -> Iterator[Item]``; nothing else
changes. Each row's ``detect`` looks at the file's first bytes (at most HEAD bytes) and
returns a score: 1.0 for a magic number, less for a structural guess (log lines); the best
score above zero wins, ties by table order. Rows are tried from the most specific (binary
magic) to the loosest (plain hex lines).
"""

from __future__ import annotations

from ..record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

HEAD = 64 * 1024


@record(frozen=True)
class Reader:
    name: str  # shown in the report and in each exchange's "reader"
    title: str
    detect: str  # "module:function" taking the head bytes, returning a score 0..1
    read: str  # "module:function" (stream, name, options) -> Iterator[Item]
    kind: str = "packets"  # packets | apdu | serial | logic


_A = "handshake_doctor.analyze."
READERS: tuple[Reader, ...] = (
    Reader("pcap", "pcap capture (tcpdump, Wireshark)", _A + "read_packets:detect_pcap", _A + "read_packets:read"),
    Reader("pcapng", "pcapng capture (Wireshark, dumpcap)", _A + "read_packets:detect_pcapng", _A + "read_packets:read"),
    Reader("logic", "logic-analyser recording (sigrok .sr, VCD, Saleae CSV / binary)", _A + "read_logic:detect", _A + "read_logic:read", "logic"),
    Reader("pcscd", "pcscd --foreground --debug --apdu log", _A + "read_apdu:detect_pcscd", _A + "read_apdu:read_pcscd", "apdu"),
    Reader("opensc", "OpenSC debug log (OPENSC_DEBUG / debug = 9)", _A + "read_apdu:detect_opensc", _A + "read_apdu:read_opensc", "apdu"),
    Reader("scriptor", "pcsc-tools scriptor output", _A + "read_apdu:detect_scriptor", _A + "read_apdu:read_scriptor", "apdu"),
    Reader("socat", "socat -x -v byte trace", _A + "read_serial:detect_socat", _A + "read_serial:read_socat", "serial"),
    Reader("jpnevulator", "jpnevulator --ascii --timing-print trace", _A + "read_serial:detect_jpnevulator", _A + "read_serial:read_jpnevulator", "serial"),
    Reader("spy", "pyserial spy:// trace", _A + "read_serial:detect_spy", _A + "read_serial:read_spy", "serial"),
    Reader("interceptty", "interceptty trace", _A + "read_serial:detect_interceptty", _A + "read_serial:read_interceptty", "serial"),
    Reader("esptool", "esptool --trace output", _A + "read_serial:detect_esptool", _A + "read_serial:read_esptool", "serial"),
    Reader("avrdude", "avrdude -v -v -v -v output", _A + "read_serial:detect_avrdude", _A + "read_serial:read_avrdude", "serial"),
    Reader("apdu-hex", "alternating command / response APDU hex lines", _A + "read_apdu:detect_hex", _A + "read_apdu:read_hex", "apdu"),
)


def _call(ref: str) -> Callable:  # type: ignore[type-arg]
    import importlib

    mod, fn = ref.split(":")
    return getattr(importlib.import_module(mod), fn)  # type: ignore[no-any-return]


def detect(head: bytes) -> Reader | None:
    """The reader for a file whose first bytes are ``head``, or None."""
    best: tuple[float, int] | None = None
    for i, r in enumerate(READERS):
        try:
            score = float(_call(r.detect)(head))
        except Exception:  # noqa: BLE001 - a detector must never stop the others
            score = 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, i)
            if score >= 1.0:
                break
    return READERS[best[1]] if best else None


def reader_function(r: Reader) -> Callable:  # type: ignore[type-arg]
    return _call(r.read)
