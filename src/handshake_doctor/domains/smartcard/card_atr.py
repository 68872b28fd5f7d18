"""The ATR problems the probe reports: the domain's ATR parser when present, else a small check.

Why an adapter: the pure ATR parser (atr.py) is written in parallel; the probe needs only "is
this ATR well formed, and if not, why" plus the protocols offered, so it asks atr.py first and
falls back to the structural rules of ISO/IEC 7816-3:2006 §8.2 (TS, T0, TA/TB/TC/TDi chain,
historical bytes, TCK).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCE = "ISO/IEC 7816-3:2006 §8.2 (answer-to-reset structure), §8.2.5 (TCK)"


@dataclass
class AtrCheck:
    atr: bytes
    problems: list[str] = field(default_factory=list)
    protocols: list[int] = field(default_factory=list)
    card_name: str = ""
    source: str = SOURCE
    parser: str = "probe fallback"


def check_fallback(atr: bytes) -> AtrCheck:
    res = AtrCheck(atr)
    if not atr:
        res.problems.append("empty ATR (the card did not answer the reset)")
        return res
    if atr[0] not in (0x3B, 0x3F):
        res.problems.append(f"TS is {atr[0]:02X}: only 3B (direct convention) and 3F (inverse) are valid")
    if len(atr) > 33:
        res.problems.append(f"{len(atr)} bytes: an ATR has at most 33 bytes")
    if len(atr) < 2:
        res.problems.append("truncated: T0 (format byte) missing")
        return res
    t0 = atr[1]
    k = t0 & 0x0F
    y = t0 >> 4
    i = 2
    level = 1
    protocols: list[int] = []
    while True:
        for bit in (0x1, 0x2, 0x4):  # TA, TB, TC
            if y & bit:
                i += 1
        if y & 0x8:  # TD
            if i >= len(atr):
                break
            td = atr[i]
            i += 1
            protocols.append(td & 0x0F)
            y = td >> 4
            level += 1
            if level > 16:
                res.problems.append("interface byte chain does not end")
                break
        else:
            break
    needs_tck = any(p != 0 for p in protocols)
    expected = i + k + (1 if needs_tck else 0)
    if len(atr) < expected:
        res.problems.append(
            f"truncated: T0 and the TD bytes announce {expected} bytes ({k} historical"
            f"{', TCK' if needs_tck else ''}), the ATR has {len(atr)}"
        )
    elif len(atr) > expected:
        res.problems.append(f"{len(atr) - expected} byte(s) after the announced end of the ATR")
    elif needs_tck:
        x = 0
        for b in atr[1:]:
            x ^= b
        if x != 0:
            res.problems.append(f"wrong TCK {atr[-1]:02X}: the XOR of T0..TCK must be 00, it is {x:02X}")
    res.protocols = sorted(set(protocols)) or [0]
    return res


def check(atr: bytes) -> AtrCheck:
    """The domain parser's verdict when atr.py exists and works, else the fallback's."""
    try:
        from . import atr as atr_mod  # written in parallel; optional
    except Exception:  # noqa: BLE001 - absent or half-written: use the fallback
        return check_fallback(atr)
    parse = getattr(atr_mod, "parse", None)
    if parse is None:
        return check_fallback(atr)
    try:
        parsed = parse(atr)
    except Exception:  # noqa: BLE001 - the probe must report, not crash
        return check_fallback(atr)
    problems = getattr(parsed, "problems", None)
    if not isinstance(problems, (list, tuple)):
        return check_fallback(atr)
    res = AtrCheck(atr, [str(getattr(p, "message", p)) for p in problems], parser="atr.py")
    protos = getattr(parsed, "protocols", None)
    res.protocols = [int(p) for p in protos] if isinstance(protos, (list, tuple)) else check_fallback(atr).protocols
    lookup = getattr(atr_mod, "lookup_card_name", None)
    if lookup is not None:
        try:
            name = lookup(atr)
        except Exception:  # noqa: BLE001
            name = None
        if isinstance(name, str):
            res.card_name = name
        elif isinstance(name, (list, tuple)) and name:
            res.card_name = "; ".join(str(n) for n in name[:3])
    return res
