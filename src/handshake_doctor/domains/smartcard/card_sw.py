"""What a status word means to the probe: the finding code it maps to and one line of meaning.

Why an adapter: the domain's SW table (knowledge.py, exact -> parametric -> class lookup) is the
authority and is written in parallel; this module asks it first and falls back to the few rows
the probe needs to pick a finding code, so the probe works before and after the table lands.
"""

from __future__ import annotations

from dataclasses import dataclass

ISO = "ISO/IEC 7816-4:2020 §5.6 Table 6"


@dataclass(frozen=True)
class SwMeaning:
    sw: str  # "6881"
    code: str | None  # finding code, None for success or a warning with no dedicated code
    meaning: str
    source: str
    match: str  # "exact", "parametric", "class" or "none"


# pattern, finding code, meaning (our wording), source
_ROWS: tuple[tuple[str, str | None, str], ...] = (
    ("9000", None, "normal processing"),
    ("61XX", "smartcard.get_response_needed", "XX response bytes are waiting: fetch them with GET RESPONSE"),
    ("6CXX", "smartcard.wrong_le", "wrong Le: the exact length is XX, re-send the command with Le=XX"),
    ("6700", None, "wrong length (Lc or Le)"),
    ("6800", "smartcard.cla_unsupported", "functions in CLA not supported"),
    ("6881", "smartcard.logical_channel_unsupported", "logical channel not supported"),
    ("6882", "smartcard.secure_messaging_unsupported", "secure messaging not supported"),
    ("6883", "smartcard.chaining_unsupported", "last command of the chain expected"),
    ("6884", "smartcard.chaining_unsupported", "command chaining not supported"),
    ("68XX", "smartcard.cla_unsupported", "functions in CLA not supported"),
    ("6982", "smartcard.security_status", "security status not satisfied"),
    ("6985", "smartcard.conditions_not_satisfied", "conditions of use not satisfied"),
    ("6988", None, "incorrect secure messaging data objects (the card does secure messaging)"),
    ("69XX", None, "command not allowed"),
    ("6A82", "smartcard.file_not_found", "file or application not found"),
    ("6A86", None, "incorrect parameters P1-P2"),
    ("6A88", None, "referenced data not found"),
    ("6AXX", None, "wrong parameters P1-P2"),
    ("6B00", None, "wrong parameters P1-P2"),
    ("6D00", "smartcard.ins_unsupported", "instruction code not supported or invalid"),
    ("6E00", "smartcard.class_unsupported", "class not supported"),
    ("6F00", None, "no precise diagnosis"),
    ("62XX", None, "warning: state of non-volatile memory unchanged"),
    ("63XX", None, "warning: state of non-volatile memory changed"),
    ("64XX", None, "execution error: state of non-volatile memory unchanged"),
    ("65XX", None, "execution error: state of non-volatile memory changed"),
    ("66XX", None, "security-related issue"),
)


def _local(sw_hex: str) -> SwMeaning:
    best: tuple[str, str | None, str] | None = None
    best_fixed = -1
    for pattern, code, text in _ROWS:
        if all(p == "X" or p == v for p, v in zip(pattern, sw_hex)):
            fixed = sum(1 for p in pattern if p != "X")
            if fixed > best_fixed:
                best, best_fixed = (pattern, code, text), fixed
    if best is None:
        return SwMeaning(sw_hex, None, "status word not in the probe's table", ISO, "none")
    pattern, code, text = best
    if "XX" in pattern and pattern[:2] in ("61", "6C"):
        text = text.replace("XX", f"{int(sw_hex[2:], 16) or 256}")
        match = "parametric"
    else:
        match = "exact" if best_fixed == 4 else "class"
    return SwMeaning(sw_hex, code, text, ISO, match)


def _from_knowledge(sw1: int, sw2: int) -> SwMeaning | None:
    """The domain table's answer, if knowledge.py offers a lookup (it is written in parallel)."""
    try:
        from . import knowledge
    except Exception:  # noqa: BLE001 - a half-written module must not break the probe
        return None
    lookup = getattr(knowledge, "lookup_sw", None)
    if lookup is None:
        return None
    try:
        got = lookup(sw1, sw2)
    except Exception:  # noqa: BLE001
        return None
    if got is None:
        return None
    row, match = got if isinstance(got, tuple) else (got, getattr(got, "match", "exact"))
    text = getattr(row, "meaning", None) or getattr(row, "summary", None) or getattr(row, "text", None)
    if not isinstance(text, str):
        return None
    code = getattr(row, "code", None) or None
    return SwMeaning(f"{sw1:02X}{sw2:02X}", code if isinstance(code, str) else None, text,
                     str(getattr(row, "source", ISO)), str(match))


def meaning(sw1: int, sw2: int) -> SwMeaning:
    sw_hex = f"{sw1 & 0xFF:02X}{sw2 & 0xFF:02X}"
    local = _local(sw_hex)
    table = _from_knowledge(sw1 & 0xFF, sw2 & 0xFF)
    if table is None:
        return local
    # The probe's finding code follows the local mapping when the table has none for this SW.
    return SwMeaning(sw_hex, table.code or local.code, table.meaning, table.source, table.match)


def is_success(sw1: int, sw2: int) -> bool:
    """9000, 61XX (data waiting) and the 62XX/63XX warnings all mean the card executed the command."""
    return (sw1 == 0x90 and sw2 == 0x00) or sw1 in (0x61, 0x62, 0x63)
