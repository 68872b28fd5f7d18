"""What a listening host can conclude from the bytes that arrived on their own (pure).

Why pure: the passive phase of the probe, its tests and any later "analyze a capture" verb
judge the same bytes the same way; nothing here touches a port or a clock.

The judgement is by evidence, not by "looks like English" (baudrate.py's rule, facts/serial.md
§2.7, needs vowels and punctuation and resets on any other byte):

* NMEA: a sentence counts only when its XOR checksum is right (NMEA 0183: XOR of the bytes
  between ``$`` and ``*``). A wrong checksum is itself evidence of a damaged line.
* text: mostly printable bytes with line structure, and *not* made only of the low-entropy values
  a too-fast receiver produces (r = 2 doubled bits give ``60 66 7E``..., which are printable).
* 7-bit framing read as 8N1: bit 7 set exactly on the characters whose parity bit would be 1
  (7E1: odd-popcount characters) - a test that random garbage passes with probability 2^-n.
* baud mismatch: the value classes of facts/serial.md §2.3 (runs of ``00``, ``80``, ``E0``,
  ``78/F8/C0``..., doubled bits), scored by coverage; a line-model forward simulation can rank
  candidate rates more finely (:mod:`.probe_linemodel`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...knowledge.table import Table
from .parmrk import parity_from_errors

PARITY_SRC = ("n_tty with INPCK+PARMRK marks framing errors (drivers/tty/n_tty.c); an 8E1 sender read as 8N1 puts its "
              "parity bit in the stop-bit slot, 0 exactly on even-popcount characters (facts/serial.md §2.2)")
NMEA_SRC = "NMEA 0183 (sentence '$' ... '*hh' CR LF, checksum = XOR of the characters between '$' and '*'; facts/serial.md §4.6)"
SIG_SRC = "facts/serial.md §2.3 (measured with a bit-level UART model, 8N1 both sides)"

#: Standard rates a search tries, most common first (74880: ESP8266 ROM; 4800: classic NMEA).
STANDARD_RATES: tuple[int, ...] = (115200, 9600, 57600, 38400, 19200, 4800, 230400, 74880, 460800, 921600, 2400, 1200, 1500000)

_NMEA = re.compile(rb"\$([A-Z]{2})([A-Z]{3}),([\x20-\x29\x2B-\x7E]{0,79})\*([0-9A-Fa-f]{2})")
_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


@dataclass(frozen=True)
class NmeaSentence:
    talker: str  # GP, GN, GL, GA, BD...
    kind: str  # GGA, RMC, GSV...
    text: str
    checksum_ok: bool


def nmea_sentences(data: bytes, limit: int = 200) -> list[NmeaSentence]:
    """Every ``$TTSSS,...*hh`` in the bytes, with its checksum checked."""
    out: list[NmeaSentence] = []
    for m in _NMEA.finditer(data):
        body = data[m.start() + 1 : m.start(4) - 1]
        x = 0
        for b in body:
            x ^= b
        ok = x == int(m.group(4), 16)
        out.append(NmeaSentence(m.group(1).decode(), m.group(2).decode(), m.group(0).decode("ascii", "replace"), ok))
        if len(out) >= limit:
            break
    return out


@dataclass(frozen=True)
class RatioSignature:
    """A receiver ``ratio`` times faster than the sender turns everything into these values."""

    ratio: float  # host rate / device rate
    values: frozenset[int]
    label: str
    source: str


def _doubled(v: int) -> bool:
    """Bits come in pairs, as a receiver twice as fast as the sender reads them (either phase)."""
    bits = [(v >> i) & 1 for i in range(8)]
    phase_a = bits[0] == 0 and bits[1] == bits[2] and bits[3] == bits[4] and bits[5] == bits[6]
    phase_b = bits[0] == bits[1] and bits[2] == bits[3] and bits[4] == bits[5] and bits[6] == bits[7]
    return phase_a or phase_b


SIGNATURES = Table(
    "uart_ratio_signatures",
    (
        RatioSignature(12.0, frozenset({0x00}), "only 00 (every frame a BREAK)", SIG_SRC + ": r>=12 all BRK"),
        RatioSignature(8.0, frozenset({0x00, 0x80}), "only 80 and 00", SIG_SRC + ": r=8 '80 only (plus BRK)'"),
        RatioSignature(6.0, frozenset({0x00, 0xE0}), "only E0 and 00", SIG_SRC + ": r=6 'E0 only (plus BRK)'"),
        RatioSignature(4.0, frozenset({0x00, 0x78, 0x80, 0xF8, 0xC0, 0x3C, 0xFC, 0xFE, 0x1E, 0xE0, 0xF0}), "runs of ones (78 80 F8 C0 3C FC FE 1E)", SIG_SRC + ": r=4"),
        RatioSignature(3.0, frozenset({0x00, 0x1C, 0xE0, 0xFC, 0x80, 0xF8, 0xE3, 0x8E, 0x3F, 0xC7}), "1C E0 FC 00", SIG_SRC + ": r=3 most common values 1C E0 FC 00"),
        RatioSignature(2.0, frozenset({0x00} | {v for v in range(256) if _doubled(v)}), "doubled bits (98 60 E6 86 66 7E 9E 1E 18 06)", SIG_SRC + ": r=2 'doubled bits'; the value set is every byte whose bits pair up"),
    ),
    "Values a faster receiver reads from a slower sender, by rate ratio",
)


@dataclass
class PassiveVerdict:
    """What the capture shows. ``kind``: silent, nmea, text, seven_bit, slow_device, unreadable."""

    kind: str
    nbytes: int
    text: str = ""  # printable sample (text, NMEA, 7-bit decoded)
    nmea: list[NmeaSentence] = field(default_factory=list)
    ratio: float | None = None  # host/device rate, when a signature says so
    signature: str = ""
    coverage: float = 0.0  # share of the bytes the signature explains
    seven_bit_parity: str = ""  # "E" or "O" for seven_bit
    sources: list[str] = field(default_factory=list)
    hex: str = ""  # the first bytes, for evidence
    errors: int = -1  # frames in error (FE/PE/BREAK) when the port marked them (PARMRK); -1: not seen
    device_parity: str = ""  # "E"/"O": the errors fall exactly where a parity bit breaks 8N1
    parity_confirmed: bool = False  # a second listen at that framing had no errors

    @property
    def readable(self) -> bool:
        return self.kind in ("nmea", "text")


def _printable_share(data: bytes) -> float:
    return sum(1 for b in data if b in _PRINTABLE) / len(data) if data else 0.0


def _trim_edges(data: bytes) -> bytes:
    """Drop one non-printable byte at either end: opening or closing mid-frame garbles one byte."""
    if len(data) > 4 and data[0] not in _PRINTABLE:
        data = data[1:]
    if len(data) > 4 and data[-1] not in _PRINTABLE:
        data = data[:-1]
    return data


def sample_text(data: bytes, limit: int = 240) -> str:
    s = data.decode("ascii", "replace").replace("\ufffd", "?")
    s = "".join(c if c.isprintable() or c in "\r\n\t" else "?" for c in s)
    return s[:limit]


def seven_bit_parity(data: bytes) -> str:
    """"E" or "O" when bit 7 is exactly a parity bit over the low 7 bits of (nearly) every byte.

    A 7-bit device read as 8 data bits delivers its parity bit as bit 7 (facts/serial.md §2.2:
    ``OK\\r\\n`` 9600 7E1 read 8N1 = ``CF 4B 8D 0A``). Needs some bytes with bit 7 set, and the low
    7 bits printable."""
    if len(data) < 6 or not any(b & 0x80 for b in data):
        return ""
    low = bytes(b & 0x7F for b in data)
    if _printable_share(low) < 0.95:
        return ""
    # a run of one repeated byte (a much faster sender read slowly gives 'GGGGGG' = C7 C7 ...) has
    # a constant bit 7 that fits some parity by chance: text has several letters and characters
    if len(set(data)) < 4 or re.search(rb"[A-Za-z]{2}", low) is None:
        return ""
    even = sum(1 for b in data if ((bin(b & 0x7F).count("1") & 1) == ((b >> 7) & 1)))
    odd = len(data) - even
    if even / len(data) >= 0.95:
        return "E"
    if odd / len(data) >= 0.95:
        return "O"
    return ""


def match_signature(data: bytes, min_bytes: int = 4) -> tuple[RatioSignature, float] | None:
    """The narrowest ratio signature that explains at least 90 % of the bytes."""
    if len(data) < min_bytes:
        return None
    counts = Counter(data)
    n = len(data)
    for sig in SIGNATURES:  # narrowest first
        covered = sum(c for v, c in counts.items() if v in sig.values) / n
        if covered >= 0.9:
            return sig, covered
    return None


def classify(data: bytes, errors: frozenset[int] | None = None) -> PassiveVerdict:
    """Judge one capture taken at one host rate. ``errors``: indices of frames the port marked as
    in error (None when the port cannot mark them). Never raises, for any input."""
    data = bytes(data)
    v = _classify(data)
    v.hex = " ".join(f"{b:02X}" for b in data[:48])
    if errors is not None:
        v.errors = len(errors)
        if v.kind == "text" and errors:
            v.device_parity = parity_from_errors(data, errors)
            if v.device_parity:
                v.sources.append(PARITY_SRC)
    return v


def _classify(data: bytes) -> PassiveVerdict:
    n = len(data)
    if n == 0:
        return PassiveVerdict("silent", 0)
    sentences = nmea_sentences(data)
    good = [s for s in sentences if s.checksum_ok]
    if good:
        return PassiveVerdict("nmea", n, sample_text(data), sentences, sources=[NMEA_SRC])
    body = _trim_edges(data)
    sig = match_signature(body)
    printable = _printable_share(body)
    has_lines = any(b in (0x0A, 0x0D) for b in body)
    has_word = re.search(rb"[A-Za-z0-9]{2}", body) is not None
    garbage_like = sig is not None and not has_lines
    if printable >= 0.9 and has_word and (has_lines or len(body) >= 12) and not garbage_like:
        return PassiveVerdict("text", n, sample_text(body), sentences)
    parity = seven_bit_parity(data)
    if parity:
        decoded = bytes(b & 0x7F for b in data)
        return PassiveVerdict("seven_bit", n, sample_text(decoded), seven_bit_parity=parity, sources=["facts/serial.md §2.2-2.3 (7E1 read as 8N1 sets bit 7 on odd-popcount characters)"])
    if sig:
        s, cov = sig
        return PassiveVerdict("slow_device", n, ratio=s.ratio, signature=s.label, coverage=cov, sources=[s.source])
    if printable >= 0.9 and has_word:
        return PassiveVerdict("text", n, sample_text(body), sentences)
    tail = _clean_tail(data)
    if tail:
        return PassiveVerdict("text", n, sample_text(tail), sentences)
    return PassiveVerdict("unreadable", n, nmea=sentences)


def _clean_tail(data: bytes) -> bytes:
    """The lines after a garbled start, when they are clean text and most of the capture.

    Bytes already on their way when the host changes rate (a USB adapter's buffer, a line
    half-received) arrive first and garbled; the device's next lines are clean. Judging the whole
    capture would call a text device unreadable because of its first partial line."""
    cut = data.find(b"\n")
    if cut < 0:
        return b""
    tail = data[cut + 1:]
    if len(tail) < 12 or len(tail) * 2 < len(data):
        return b""
    if _printable_share(tail) >= 0.95 and re.search(rb"[A-Za-z0-9]{2}", tail) and any(b in (0x0A, 0x0D) for b in tail):
        return tail
    return b""


def settles(data: bytes) -> bool:
    """True when a capture already answers "what is this?" and listening longer adds nothing:
    an NMEA sentence with a valid checksum, or a complete text line of real words.

    Why: a 1 Hz talker needs a listening window longer than its period, but a device that
    has already printed a clean line need not be heard for the rest of the window. Only
    readable captures stop early; garbage is judged on the whole window, because its
    signature needs enough bytes."""
    if len(data) < 5 or (b"\n" not in data and b"\r" not in data):
        return False
    if any(s.checksum_ok for s in nmea_sentences(data, limit=8)):
        return True
    body = _trim_edges(data)
    if _printable_share(body) < 0.95 or re.search(rb"[A-Za-z]{3}", body) is None:
        low = bytes(b & 0x7F for b in body)  # a 7-bit device read with 8 data bits: bit 7 is its parity
        return re.search(rb"[A-Za-z]{3}", low) is not None and classify(data).kind == "seven_bit"
    return classify(data).kind == "text"


def rates_near(rate: float, rates: tuple[int, ...] = STANDARD_RATES, tolerance: float = 0.25) -> list[int]:
    """Standard rates within ``tolerance`` (relative) of ``rate``, nearest first."""
    near = [r for r in rates if abs(r - rate) / rate <= tolerance]
    return sorted(near, key=lambda r: abs(r - rate))


def search_order(host_rate: int, verdict: PassiveVerdict, tried: set[int], rates: tuple[int, ...] = STANDARD_RATES) -> list[int]:
    """Which rates to listen at next, most likely first.

    A slow-device signature at ratio r points at host/r (for r>=12, at anything that slow); an
    unreadable capture (high entropy, the receiver too slow, facts §2.3 r<1) points at faster
    rates first, then slower ones."""
    left = [r for r in rates if r not in tried]
    if verdict.kind == "slow_device" and verdict.ratio:
        if verdict.ratio >= 12:
            first = [r for r in sorted(left, reverse=True) if r <= host_rate / 10]
        else:
            first = [r for r in rates_near(host_rate / verdict.ratio, tuple(left))]
        return first + [r for r in left if r not in first]
    if verdict.kind == "unreadable":
        faster = sorted((r for r in left if r > host_rate))
        slower = sorted((r for r in left if r < host_rate), reverse=True)
        return faster + slower
    return left
