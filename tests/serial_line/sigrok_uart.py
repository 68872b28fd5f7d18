"""Run sigrok-cli's UART decoder on waveforms from the line model, several channels per call.

Why batch: a sigrok-cli start costs tens of milliseconds and the oracle tests compare dozens of
cases; one call decodes up to eight channels, each with its own decoder instance (its own rx baud
and framing). Recipe from facts/serial.md §2.6: binary input, one byte per sample (bit c = channel
c), decoders named ``uart-1`` .. ``uart-8`` in the order given.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from handshake_doctor.domains.serial.line import Framing, LineSettings

SIGROK_PARITY = {"N": "none", "E": "even", "O": "odd", "M": "one", "S": "zero"}
_LINE = re.compile(r"^\s*(\d+)-(\d+)\s+uart-(\d+):\s+(.*?)\s*$")


@dataclass
class Decoded:
    """One frame as sigrok annotates it."""

    value: int
    parity_error: bool = False
    framing_error: bool = False
    start_sample: int = 0

    def __str__(self) -> str:
        return f"{self.value:02X}" + ("!FE" if self.framing_error else "") + ("!PE" if self.parity_error else "")


@dataclass
class Channel:
    samples: bytes  # 0/1 per sample, as line.waveform() makes them
    rx: LineSettings


def decode(channels: list[Channel], samplerate: int, timeout: float = 60.0) -> list[list[Decoded]]:
    """Frames sigrok decodes on each channel (at most 8 channels per call)."""
    assert 1 <= len(channels) <= 8
    length = max(len(c.samples) for c in channels)
    packed = 0
    for c, ch in enumerate(channels):
        padded = ch.samples + b"\x01" * (length - len(ch.samples))  # idle high to the end
        packed |= int.from_bytes(padded.translate(bytes([0, 1 << c]) + bytes(254)), "big")
    args = ["sigrok-cli", "-I", f"binary:numchannels={len(channels)}:samplerate={samplerate}"]
    for c, ch in enumerate(channels):
        fr: Framing = ch.rx.framing
        args += ["-P", f"uart:rx={c}:baudrate={ch.rx.baud}:parity={SIGROK_PARITY[fr.parity]}:data_bits={fr.data_bits}:stop_bits={fr.stop_bits:g}"]
    args += ["-A", "uart=rx-data:rx-parity-ok:rx-parity-err:rx-warnings", "--protocol-decoder-samplenum"]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "line.bin"
        path.write_bytes(packed.to_bytes(length, "big"))
        proc = subprocess.run(args + ["-i", str(path)], capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return _parse(proc.stdout, len(channels))


def _parse(text: str, n: int) -> list[list[Decoded]]:
    """Sequential per decoder: a value opens a frame; "Parity error" / "Frame error" mark it;
    "Stop bit" closes it. A "Frame error" with no open frame is a false start (sigrok re-hunts;
    the model skips it silently), so it is not a frame."""
    out: list[list[Decoded]] = [[] for _ in range(n)]
    open_: list[Decoded | None] = [None] * n
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        ss, k, what = int(m.group(1)), int(m.group(3)) - 1, m.group(4)
        cur = open_[k]
        if re.fullmatch(r"[0-9A-F]{2}", what):
            open_[k] = Decoded(int(what, 16), start_sample=ss)
        elif what == "Parity error" and cur is not None:
            cur.parity_error = True
        elif what == "Frame error" and cur is not None:
            cur.framing_error = True
        elif what == "Stop bit" and cur is not None:
            out[k].append(cur)
            open_[k] = None
    return out
