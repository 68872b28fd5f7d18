"""The picture of a rate or framing mismatch: the bits the device sent and where the host sampled.

Why a picture: "baud mismatch" is abstract; the line drawn at the device's rate with the host's
sampling instants on it shows at once why the host reads other bytes. Pure: the levels come
from the UART line model (line.py), the bytes the host reads from the same model's receiver.
"""

from __future__ import annotations

from ...model import Finding, Picture
from .line import Framing, LineSettings, transmit

MAX_BYTES = 2


def _levels(data: bytes, fr: Framing) -> str:
    """One character per device bit: idle, then start, data (LSB first), parity, stop, per byte."""
    out = ["1", "1"]
    for b in data:
        bits = [(b >> i) & 1 for i in range(fr.data_bits)]
        out.append("0")
        out.extend(str(x) for x in bits)
        if fr.parity in ("E", "O"):
            ones = sum(bits)
            out.append(str((ones % 2) if fr.parity == "E" else (1 - ones % 2)))
        elif fr.parity in ("M", "S"):
            out.append("1" if fr.parity == "M" else "0")
        out.extend("1" * max(1, round(fr.stop_bits)))
    out.extend("11")
    return "".join(out)


def mismatch_picture(data: bytes, device: LineSettings, host: LineSettings) -> Picture:
    """The device's bits at its rate, the host's mid-bit sampling instants, and what each reads."""
    data = bytes(data[:MAX_BYTES]) or b"U"
    levels = _levels(data, device.framing)
    dev_bit = 1e6 / device.baud
    host_bit = 1e6 / host.baud
    span = len(levels) * dev_bit
    start = 2 * dev_bit  # the first start bit's falling edge
    host_bits = 1 + host.framing.data_bits + host.framing.parity_bits + 1
    samples = [start + (k + 0.5) * host_bit for k in range(host_bits) if start + (k + 0.5) * host_bit < span]
    read = transmit(data, device, host)
    return Picture("waveform", f"The line: device at {device.baud:g} {device.framing}, host sampling at {host.baud:g} {host.framing}", {
        "span_us": span,
        "signals": [{"name": f"device TX {device.baud:g}", "bit_us": dev_bit, "levels": levels, "samples_us": samples}],
        "decoded": [f"device sent: {' '.join(f'{b:02X}' for b in data)} ({data.decode('latin-1')!r})",
                    f"host at {host.baud:g} {host.framing} reads: {' '.join(str(f) for f in read) or 'nothing'}"
                    " (red marks: the host's mid-bit samples of the first frame)"],
    })


def pictures_for(findings: list[Finding]) -> list[Picture]:
    """A waveform for a rate mismatch the findings name, drawn with the device's own first byte."""
    mismatch = next((f for f in findings if f.code == "serial.baud_mismatch" and f.data.get("rate") and f.data.get("asked")), None)
    if mismatch is None:
        return []
    seen = next((f for f in findings if "first_byte" in f.data), None)
    first = bytes([int(seen.data["first_byte"]) & 0xFF]) if seen is not None else b"U"
    framing = Framing.parse(str((seen.data if seen is not None else {}).get("framing") or "8N1"))
    return [mismatch_picture(first, LineSettings(float(mismatch.data["rate"]), framing),
                             LineSettings(float(mismatch.data["asked"]), framing))]
