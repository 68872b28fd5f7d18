"""ISO/IEC 7816-3 answer-to-reset (ATR) parser: bytes in, a decoded :class:`Atr` out. Pure.

Why our own: the probe and ``explain`` both need to say *what is wrong* with an ATR (truncated,
wrong TCK, a TS that betrays the wrong convention), not only decode a good one; pyscard's ATR
class raises on bad input and parseATR is GPL. Grammar: ISO/IEC 7816-3:2006 §8.2-8.3 (facts in
facts/knowledge.md §2.2). Historical bytes: ISO/IEC 7816-4:2005 §8.1.1 (COMPACT-TLV, status
indicator). :func:`parse` never raises, whatever the bytes (tests/smartcard/test_atr.py fuzzes it).

Card names come from pcsc-tools' ``smartcard_list.txt``, read at run time from the system
(:mod:`.atr_names`): the list is GPL and is never shipped with this project.
"""

from __future__ import annotations

from ...record import field, record
from .knowledge import DI_TABLE, FI_TABLE, ISO3, lcs_meaning

MAX_ATR = 33  # TS + at most 32 bytes (ISO/IEC 7816-3 §8.2.1)
ISO4_HIST = "ISO/IEC 7816-4:2005 §8.1.1 (historical bytes, COMPACT-TLV, status indicator)"

#: COMPACT-TLV tags of the historical bytes (ISO/IEC 7816-4:2005 §8.1.1.2).
COMPACT_TAGS: dict[int, str] = {
    0x1: "country code",
    0x2: "issuer identification number",
    0x3: "card service data",
    0x4: "initial access data",
    0x5: "card issuer's data",
    0x6: "pre-issuing data",
    0x7: "card capabilities",
    0x8: "status indicator",
    0xF: "application identifier",
}

PCSC_RID = bytes.fromhex("A000000306")  # PC/SC Workgroup RID in contactless pseudo-ATRs (PC/SC Part 3)


@record
class InterfaceGroup:
    """TAi, TBi, TCi, TDi of one level i (1-based); None when absent."""

    i: int
    ta: int | None = None
    tb: int | None = None
    tc: int | None = None
    td: int | None = None
    protocol: int | None = None  # the T these bytes apply to (for i >= 3: the T of TD(i-1))


@record
class TlvObject:
    tag: int
    name: str
    value: bytes


@record
class Atr:
    """A decoded ATR. ``problems`` lists what is wrong; an empty list means well formed."""

    raw: bytes
    convention: str = "unknown"  # "direct", "inverse", "unknown"
    ts: int | None = None
    t0: int | None = None
    groups: list[InterfaceGroup] = field(default_factory=list)
    protocols: list[int] = field(default_factory=list)
    historical: bytes = b""
    tck: int | None = None
    tck_ok: bool | None = None  # None when no TCK is required
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # decoded interface parameters
    fi: int | None = None
    di: int | None = None
    clock_rate_factor: int | None = None  # Fi
    baud_rate_factor: int | None = None  # Di
    f_max_mhz: float | None = None
    guard_time_n: int | None = None  # TC1
    specific_mode: int | None = None  # TA2 present: the protocol imposed
    specific_can_change: bool | None = None
    specific_implicit: bool | None = None
    waiting_integer: int | None = None  # TC2, T=0
    ifsc: int | None = None  # T=1
    bwi: int | None = None
    cwi: int | None = None
    edc: str = ""  # T=1 "LRC" or "CRC"
    clock_stop: str = ""  # T=15
    classes: str = ""  # T=15: "A (5 V)", "B (3 V)", "C (1.8 V)"
    # historical bytes
    category: int | None = None
    category_meaning: str = ""
    tlv: list[TlvObject] = field(default_factory=list)
    lcs: int | None = None
    status_sw: tuple[int, int] | None = None
    pcsc_contactless: bool = False
    # card capabilities (COMPACT-TLV tag 7, third byte), when present
    chaining: bool | None = None
    extended_length: bool | None = None
    logical_channels: int | None = None  # maximum number of channels; 1 = basic channel only

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def hex(self) -> str:
        return " ".join(f"{b:02X}" for b in self.raw)

    @property
    def etu_clocks(self) -> float | None:
        """Clock cycles per elementary time unit once TA1 applies (Fi/Di); 372 by default."""
        if self.clock_rate_factor and self.baud_rate_factor:
            return self.clock_rate_factor / self.baud_rate_factor
        return None

    def summary(self) -> str:
        parts = [f"{self.convention} convention" if self.convention != "unknown" else "TS not valid"]
        if self.protocols:
            parts.append("T=" + ", T=".join(str(p) for p in self.protocols))
        if self.clock_rate_factor:
            parts.append(f"Fi={self.clock_rate_factor} Di={self.baud_rate_factor} (f max {self.f_max_mhz:g} MHz)" if self.f_max_mhz else f"Fi={self.clock_rate_factor} Di={self.baud_rate_factor}")
        if self.historical:
            parts.append(f"{len(self.historical)} historical bytes")
        if self.pcsc_contactless:
            parts.append("PC/SC contactless pseudo-ATR")
        return "; ".join(parts)


def inverse_to_direct(b: int) -> int:
    """A byte sent in inverse convention but read as direct: undo the bit order and the inversion."""
    v = (~b) & 0xFF
    out = 0
    for _ in range(8):
        out = (out << 1) | (v & 1)
        v >>= 1
    return out


def parse(data: bytes | bytearray | list[int] | tuple[int, ...]) -> Atr:
    """Decode an ATR; never raises. Problems (truncated, bad TS, bad TCK, extra bytes) are listed."""
    try:
        raw = bytes(x & 0xFF for x in data) if not isinstance(data, (bytes, bytearray)) else bytes(data)
    except (TypeError, ValueError):
        return Atr(b"", problems=["not a byte string"])
    atr = Atr(raw)
    try:
        _parse(atr)
    except Exception as exc:  # noqa: BLE001 - a decoder bug must become a problem, not a traceback
        atr.problems.append(f"internal decoding error: {type(exc).__name__}")
    return atr


def _parse(atr: Atr) -> None:
    raw = atr.raw
    if not raw:
        atr.problems.append("empty: the card sent no ATR (no card, no power, or no answer to the reset)")
        return
    data = raw
    ts = raw[0]
    atr.ts = ts
    if ts == 0x3B:
        atr.convention = "direct"
    elif ts == 0x3F:
        atr.convention = "inverse"
    elif ts == 0x03:
        atr.problems.append(
            "TS is 03: a 3F sent in inverse convention was read as direct convention; the reader or UART "
            "must decode inverse convention (bytes below are decoded as inverse)"
        )
        data = bytes(inverse_to_direct(b) for b in raw)
        atr.convention = "inverse"
    else:
        atr.problems.append(f"TS is {ts:02X}: only 3B (direct convention) and 3F (inverse convention) are valid")
    if len(raw) > MAX_ATR:
        atr.problems.append(f"{len(raw)} bytes: an ATR has at most {MAX_ATR} (TS + 32)")
    if len(data) < 2:
        atr.problems.append("truncated: T0 (the format byte) is missing")
        return
    t0 = data[1]
    atr.t0 = t0
    k = t0 & 0x0F
    y = t0 >> 4
    pos = 2
    i = 1
    prev_protocol: int | None = None  # T of TD(i-1)
    offered: list[int] = []
    truncated = False
    while True:
        g = InterfaceGroup(i, protocol=prev_protocol if i >= 3 else None)
        for bit, name in ((0x1, "ta"), (0x2, "tb"), (0x4, "tc"), (0x8, "td")):
            if y & bit:
                if pos >= len(data):
                    truncated = True
                    break
                setattr(g, name, data[pos])
                pos += 1
        atr.groups.append(g)
        if truncated or g.td is None:
            break
        t = g.td & 0x0F
        if i == 1 and t == 15:
            atr.problems.append("TD1 announces T=15: T=15 may not appear in TD1")
        if t not in offered and t != 15:
            offered.append(t)
        prev_protocol = t
        y = g.td >> 4
        i += 1
        if i > 16:
            atr.problems.append("the TD chain does not end (more than 16 levels)")
            truncated = True
            break
    if truncated and not any("does not end" in p for p in atr.problems):
        atr.problems.append(f"truncated: interface bytes announced by T0/TD{max(1, i - 1)} are missing")
    atr.protocols = offered or [0]
    needs_tck = any(t != 0 for t in _all_td_protocols(atr))
    hist_end = pos + k
    if not truncated:
        if hist_end > len(data):
            atr.historical = data[pos:]
            atr.problems.append(f"truncated: T0 announces {k} historical bytes, only {len(data) - pos} follow")
        else:
            atr.historical = data[pos:hist_end]
            if needs_tck:
                if hist_end >= len(data):
                    atr.problems.append("truncated: TCK is missing (it is required because a protocol other than T=0 is offered)")
                else:
                    atr.tck = data[hist_end]
                    x = 0
                    for b in data[1 : hist_end + 1]:
                        x ^= b
                    atr.tck_ok = x == 0
                    if not atr.tck_ok:
                        right = atr.tck ^ x
                        atr.problems.append(f"wrong TCK {atr.tck:02X}: the XOR of T0..TCK must be 00; the right TCK is {right:02X}")
                    extra = len(data) - hist_end - 1
                    if extra > 0:
                        atr.problems.append(f"{extra} byte(s) after the end of the ATR (after TCK)")
            else:
                extra = len(data) - hist_end
                if extra > 0:
                    x = 0
                    for b in data[1 : hist_end + 1]:
                        x ^= b
                    if extra == 1 and x == data[hist_end]:
                        atr.notes.append("a TCK byte is present although only T=0 is offered (tolerated by most readers)")
                        atr.tck = data[hist_end]
                    else:
                        atr.problems.append(f"{extra} byte(s) after the end of the ATR (only T=0 offered: no TCK expected)")
    _interface_meaning(atr)
    _historical_meaning(atr)


def _all_td_protocols(atr: Atr) -> list[int]:
    return [g.td & 0x0F for g in atr.groups if g.td is not None]


def _interface_meaning(atr: Atr) -> None:
    g = {grp.i: grp for grp in atr.groups}
    g1, g2 = g.get(1), g.get(2)
    if g1 is not None and g1.ta is not None:
        atr.fi, atr.di = g1.ta >> 4, g1.ta & 0x0F
        fr = FI_TABLE.rows[atr.fi]
        dr = DI_TABLE.rows[atr.di]
        atr.clock_rate_factor, atr.f_max_mhz, atr.baud_rate_factor = fr.clock_rate_factor, fr.f_max_mhz, dr.baud_rate_factor
        if fr.clock_rate_factor is None or dr.baud_rate_factor is None:
            atr.problems.append(f"TA1 = {g1.ta:02X}: FI={atr.fi} or DI={atr.di} is reserved (RFU)")
    else:
        atr.clock_rate_factor, atr.baud_rate_factor, atr.f_max_mhz = 372, 1, 5.0
        atr.notes.append("no TA1: default Fi=372, Di=1 (9600 bit/s at 3.5712 MHz)")
    if g1 is not None and g1.tc is not None:
        atr.guard_time_n = g1.tc
        if g1.tc == 0xFF:
            atr.notes.append("TC1 = FF: minimum guard time (12 ETU for T=0, 11 ETU for T=1)")
    if g1 is not None and g1.tb is not None and g1.tb != 0:
        atr.notes.append(f"TB1 = {g1.tb:02X}: programming voltage (deprecated since ISO 7816-3:2006)")
    if g2 is not None and g2.ta is not None:
        atr.specific_mode = g2.ta & 0x0F
        atr.specific_can_change = not bool(g2.ta & 0x80)
        atr.specific_implicit = bool(g2.ta & 0x10)
        atr.notes.append(
            f"TA2 present: specific mode T={atr.specific_mode} "
            f"({'cannot' if not atr.specific_can_change else 'can'} change to negotiable mode; "
            f"{'implicit' if atr.specific_implicit else 'TA1'} parameters): no PPS exchange"
        )
    if g2 is not None and g2.tc is not None:
        atr.waiting_integer = g2.tc
        if g2.tc == 0:
            atr.problems.append("TC2 = 00: the T=0 waiting integer WI must not be 0")
    t15_seen = False
    t1_seen = False
    for grp in atr.groups:
        if grp.i < 3 or grp.protocol is None:
            continue
        if grp.protocol == 1 and not t1_seen:
            t1_seen = True
            if grp.ta is not None:
                atr.ifsc = grp.ta
                if grp.ta in (0x00, 0xFF):
                    atr.problems.append(f"IFSC = {grp.ta:02X} is invalid for T=1 (01..FE)")
            if grp.tb is not None:
                atr.bwi, atr.cwi = grp.tb >> 4, grp.tb & 0x0F
                if atr.bwi > 9:
                    atr.problems.append(f"T=1 BWI = {atr.bwi} is reserved (0..9)")
            if grp.tc is not None:
                atr.edc = "CRC" if grp.tc & 0x01 else "LRC"
        elif grp.protocol == 15 and not t15_seen:
            t15_seen = True
            if grp.ta is not None:
                x = grp.ta >> 6
                atr.clock_stop = ("not supported", "state L", "state H", "no preference")[x]
                cls = [name for bit, name in ((0x01, "A (5 V)"), (0x02, "B (3 V)"), (0x04, "C (1.8 V)")) if grp.ta & bit]
                atr.classes = ", ".join(cls)
    if atr.ifsc is None and 1 in atr.protocols:
        atr.ifsc = 32  # default IFSC (ISO/IEC 7816-3 §11.4.2)
    if not atr.edc and 1 in atr.protocols:
        atr.edc = "LRC"


def _historical_meaning(atr: Atr) -> None:
    h = atr.historical
    if not h:
        return
    cat = h[0]
    atr.category = cat
    if cat == 0x00:
        atr.category_meaning = "COMPACT-TLV objects followed by a 3-byte status indicator (LCS, SW1, SW2)"
        if len(h) < 4:
            atr.problems.append("historical bytes: category 00 needs a 3-byte status indicator at the end")
            return
        atr.tlv = _compact_tlv(h[1:-3], atr)
        atr.lcs, atr.status_sw = h[-3], (h[-2], h[-1])
    elif cat == 0x80:
        atr.category_meaning = "COMPACT-TLV objects (status indicator optional, tag 8)"
        atr.tlv = _compact_tlv(h[1:], atr)
        for obj in atr.tlv:
            if obj.tag == 0x8:
                v = obj.value
                if len(v) == 1:
                    atr.lcs = v[0]
                elif len(v) == 2:
                    atr.status_sw = (v[0], v[1])
                elif len(v) == 3:
                    atr.lcs, atr.status_sw = v[0], (v[1], v[2])
    elif cat == 0x10:
        atr.category_meaning = "DIR data reference" + (f" {h[1]:02X}" if len(h) > 1 else "")
    elif 0x81 <= cat <= 0x8F:
        atr.category_meaning = "reserved for future use (RFU)"
    else:
        atr.category_meaning = "proprietary format"
    if atr.lcs is not None:
        atr.notes.append(f"life cycle status {atr.lcs:02X}: {lcs_meaning(atr.lcs)}")
    for obj in atr.tlv:
        if obj.tag == 0x7 and len(obj.value) >= 3:
            _card_capabilities(atr, obj.value[2])


def _card_capabilities(atr: Atr, b: int) -> None:
    """Third software function byte (ISO/IEC 7816-4:2005 §8.1.1.2.7): chaining, extended length, channels."""
    atr.chaining = bool(b & 0x80)
    atr.extended_length = bool(b & 0x40)
    assignment = (b >> 3) & 0x03
    atr.logical_channels = ((b & 0x07) + 1) if assignment else 1
    who = {0: "no logical channels", 1: "channel numbers assigned by the interface device", 2: "channel numbers assigned by the card", 3: "channel numbers assigned by the card or the interface device"}[assignment]
    atr.notes.append(
        f"card capabilities: command chaining {'supported' if atr.chaining else 'not announced'}, "
        f"extended Lc/Le {'supported' if atr.extended_length else 'not announced'}, {who}"
        + (f", up to {atr.logical_channels} channels" if assignment else "")
    )


def _compact_tlv(body: bytes, atr: Atr) -> list[TlvObject]:
    out: list[TlvObject] = []
    pos = 0
    while pos < len(body):
        tag, length = body[pos] >> 4, body[pos] & 0x0F
        # PC/SC Part 3 contactless ATR: "4F len RID..." is a BER-TLV AID inside category 80.
        if body[pos] == 0x4F and pos + 1 < len(body) and pos + 2 + body[pos + 1] <= len(body) and body[pos + 2 : pos + 7] == PCSC_RID:
            n = body[pos + 1]
            out.append(TlvObject(0x4F, "application identifier (PC/SC Part 3: RID A0 00 00 03 06, card standard, card name)", body[pos + 2 : pos + 2 + n]))
            atr.pcsc_contactless = True
            v = body[pos + 2 : pos + 2 + n]
            if len(v) >= 8:
                atr.notes.append(f"PC/SC contactless card: standard byte {v[5]:02X}, card name {v[6]:02X} {v[7]:02X} (PC/SC Part 3)")
            pos += 2 + n
            continue
        if pos + 1 + length > len(body):
            atr.problems.append(f"historical bytes: COMPACT-TLV object {body[pos]:02X} announces {length} bytes, {len(body) - pos - 1} remain")
            out.append(TlvObject(tag, COMPACT_TAGS.get(tag, "RFU tag"), body[pos + 1 :]))
            break
        out.append(TlvObject(tag, COMPACT_TAGS.get(tag, "RFU tag"), body[pos + 1 : pos + 1 + length]))
        pos += 1 + length
    return out


def lookup_card_name(atr: bytes | bytearray | str) -> list[str]:
    """Card names for this ATR from pcsc-tools' smartcard_list.txt, read at run time ([] if absent).

    URL lines of the list are left out: callers (the probe, explain) show names.
    """
    from .atr_names import lookup  # file I/O lives there, not in the pure parser

    return [line for line in lookup(atr) if not line.startswith(("http://", "https://"))]


SOURCE = ISO3 + "; " + ISO4_HIST
