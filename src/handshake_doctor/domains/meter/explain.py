"""How the `meter` domain reads an input: pasted frames (decoded and checksummed with the
codecs), a lone frame-start byte, and meter tools' messages.

0x68 opens three frame families (M-Bus/FT1.2 long frame, DL/T 645, IEC 104 APCI), so a bare
0x68 stays a hypothesis ("read the whole frame"); a whole frame with a correct checksum is
close to proof. The codecs decide, not guesses: the bytes after the 68 separate the families.
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...knowledge.table import rx
from ...model import Assessment, Evidence, Finding, Question
from ...textparse import ParsedInput
from ...device_knowledge import exact_seven_bit_parity, tool_findings
from .fixes import FIXES, fixes_for
from .knowledge import ACK_FORMS, DLT645, EN13757, IEC104, IEC21_READ_FAILED, IEC21_READOUT_SEEN, MESSAGES, starts

DOMAIN = "meter"

CUES = (
    Cue(r"\b(meters?|m-?bus|w-?mbus|wmbus|dl/?t ?645|dlt ?645|iec ?(60870-5-)?10[14]|2404|scada|rtu|telecontrol|smart meter|kamstrup|landis|itron|heat meter|water meter|electricity meter|rs-?485)\b", 0.45, "meter / telecontrol words"),
    Cue(r"\b(iec ?62056(-21)?|iec ?61107|d0 (interface|port)|optical (head|probe|port|interface)|ir (head|reader))\b", 0.45, "optical meter port words (IEC 62056-21)"),
    Cue(r"\b(sml|libsml|vzlogger|volkszaehler|smart message language)\b", 0.45, "SML meter words"),
    Cue(r"\b(avrdude|esptool|stm32flash|mtkclient|apdu|smart ?card|https?|tls)\b", -0.3, "words of another stack"),
)

QUESTIONS = (
    Question("Is there a meter or telecontrol device on the line, and what follows the 0x68 (read 20+ bytes at 2400 8E1)?", ("meter", "text"), "a frame has structure and a checksum; text does not"),
)


def hexs(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)


def _frame_finding(kind: str, frame: object, raw: bytes) -> list[Finding]:
    describe = frame.describe()  # type: ignore[attr-defined]
    code = {"mbus": "meter.mbus", "dlt645": "meter.dlt645", "iec104": "meter.iec104"}[kind]
    source = {"mbus": EN13757, "dlt645": DLT645, "iec104": IEC104}[kind]
    ok = getattr(frame, "checksum_ok", True)
    out = [
        Finding(
            code,
            DOMAIN,
            describe,
            f"Decoded from {hexs(raw[: frame.length])}" + (f"; {len(raw) - frame.length} trailing bytes not read" if len(raw) > frame.length else ""),  # type: ignore[attr-defined]
            "info" if ok else "warning",
            0.85 if ok else 0.6,
            [Evidence("bytes", hexs(raw[:64]), "input", describe)],
            [FIXES["mbus_8e1"]] if kind != "iec104" else [FIXES["iec104_startdt"]],
            [source],
            {"frame": describe},
        )
    ]
    if not ok:
        out.append(
            Finding(
                "meter.bad_checksum",
                DOMAIN,
                f"The {kind} frame's checksum is wrong: got {frame.checksum:02X}, the bytes sum to {frame.expected_checksum:02X}",  # type: ignore[attr-defined]
                "A frame with a wrong checksum was changed on the way (a parity/framing error dropped or altered a byte, noise, an RS-485 echo) or was typed wrong.",
                "error",
                0.8,
                [Evidence("bytes", hexs(raw[: frame.length]), "input", "checksum mismatch")],  # type: ignore[attr-defined]
                [FIXES["checksum"], FIXES["mbus_8e1"]],
                [source],
            )
        )
    if kind == "dlt645" and frame.is_reply and frame.is_error:  # type: ignore[attr-defined]
        out.append(Finding("meter.dlt645_error", DOMAIN, "The DL/T 645 meter answered with an error: " + ("; ".join(frame.errors) or "no error word"), "", "error", 0.8, [Evidence("bytes", f"C={frame.control:02X}", "input", "bit 6 = error reply")], [], [DLT645]))  # type: ignore[attr-defined]
    return out


def decode(raw: bytes) -> tuple[str, object] | None:
    """The most plausible reading of ``raw`` as a meter frame, or the best problem.

    The codecs are imported here, on the first input that can be a frame, not at start-up:
    most inputs are one byte or a line of text (bench/cold_start.py)."""
    if len(raw) < 2:
        return None
    from . import dlt645, iec104, mbus
    from .framing import Problem
    d = dlt645.parse(raw)
    m = mbus.parse(raw)
    i = iec104.parse(raw)
    if raw[0] == 0xE5 and len(raw) == 1:
        return ("mbus", m)
    # Several codecs can accept the same bytes (an M-Bus frame whose first data byte is 68 also
    # parses as DL/T 645): rank by what proves a frame, a matching checksum and using exactly the
    # bytes given; the order below breaks ties.
    best: tuple[int, str, object] | None = None
    for kind, res in (("mbus", m), ("dlt645", d), ("iec104", i)):
        if isinstance(res, Problem) or (kind == "mbus" and res.kind == "ack"):
            continue
        rank = 2 * (res.length == len(raw)) + 2 * bool(getattr(res, "checksum_ok", False)) + (kind == "dlt645" and res.preamble > 0)
        if best is None or rank > best[0]:
            best = (rank, kind, res)
    if best is not None:
        return (best[1], best[2])
    for kind, p in (("mbus", m), ("dlt645", d), ("iec104", i)):
        if isinstance(p, Problem) and p.incomplete and (kind != "iec104" or raw[0] == 0x68):
            if kind == "dlt645" and raw[0] != 0xFE and len(raw) >= 8 and raw[7] != 0x68:
                continue
            if kind == "mbus" and len(raw) >= 4 and raw[3] != 0x68 and raw[0] == 0x68:
                continue
            return (kind, p)
    return None


_STARTS = (0x68, 0x10, 0xFE, 0xE5)


def frame_bytes(parsed: ParsedInput) -> bytes:
    """The byte run that holds the frame.

    A pasted log line carries other numbers before the frame (libmbus prints
    "[2023-04-03 16:54:27Z] RECV (168): 68 BE BE 68 ..."), so all bytes of the input joined do not
    start at the frame: take the longest run of bytes that opens with a frame start byte."""
    raw = bytes(parsed.byte_values)
    if raw[:1] and raw[0] in _STARTS:
        return raw
    runs = [bytes(t.values) for t in parsed.tokens if t.kind == "bytes" and len(t.values) >= 2 and t.values[0] in _STARTS]
    return max(runs, key=len) if runs else raw


def _sent_by_master(kind: str, obj: object) -> bool:
    """An M-Bus frame with PRM=1 (C bit 6) is a request from the master: the host's own bytes."""
    return kind == "mbus" and not getattr(obj, "from_slave", True)


def _collision_scope(parsed: ParsedInput, findings: list[Finding]) -> None:
    """A scan that collides at many addresses says more about the line than about the meters:
    three or more meters sharing each of several addresses is far less likely than an echoing
    converter or a wrong line setting, so the finding says which of the two the input shows."""
    found = next((f for f in findings if f.code == "meter.collision"), None)
    if found is None:
        return
    addresses = sorted({int(m.group(1)) for m in rx(r"Collision at address (\d+)").finditer(parsed.text)})
    found.data["addresses"] = addresses
    if len(addresses) >= 3:
        found.summary = (f"libmbus saw a garbled answer at {len(addresses)} addresses ({', '.join(map(str, addresses[:8]))}"
                         f"{'...' if len(addresses) > 8 else ''}): the line garbles answers, it is not meters sharing addresses")
        found.fixes = [FIXES["mbus_line"], FIXES["mbus_8e1"]]
    else:
        found.summary = (f"libmbus got no clean ACK at address {', '.join(map(str, addresses))}: "
                         "most often two or more meters share that primary address")
        found.fixes = [FIXES["mbus_collision"], FIXES["mbus_line"]]


_IDENT_LINE = rx(r"(?:^|\s)(/[A-Za-z]{3}[0-9A-F](?:\\[0-9A-Z])?[\x21-\x2e\x30-\x7e][\x20-\x2e\x30-\x7e]{0,15})(?=\s|$)", 0)  # case matters: Z is 0-9 or A-F


def _iec62056_ident(parsed: ParsedInput, cued: bool) -> tuple[object, str] | None:
    """An IEC 62056-21 identification in the input: pasted as text, as bytes, or as bytes of a
    7-bit line read with 8 data bits (the parity bit as bit 7). (identification, how it was read).

    In text, a word like '/abc1x' is also a path or a URL: it counts when it is the whole input
    or the input speaks of meters (``cued``)."""
    values = list(parsed.byte_values)
    if "/" not in parsed.text and not any(v & 0x7F == 0x2F for v in values):
        return None
    from . import iec62056_21 as iec

    m = _IDENT_LINE.search(parsed.text) if "/" in parsed.text else None
    if m and (cued or m.group(1) == parsed.text.strip()):
        got = iec.parse_identification(m.group(1).encode("ascii", "replace") + iec.CRLF)
        if got is not None:
            return got, "text"
    readings = [(bytes(values), "bytes")]
    parity = exact_seven_bit_parity(values)
    if parity:  # a 7-bit line read with 8 data bits: bit 7 is its parity bit
        readings.append((bytes(v & 0x7F for v in values), f"7{parity}1 line read as 8N1"))
    for raw, how in readings:
        body = raw if iec.CRLF in raw else raw + iec.CRLF
        got = iec.parse_identification(body)
        if got is not None:
            return got, how
    return None


def _iec62056_finding(found: tuple[object, str]) -> Finding:
    from .iec62056_21 import SOURCE

    ident, how = found
    seven = how.startswith("7")
    return Finding(
        "meter.iec62056_21", DOMAIN,
        f"An IEC 62056-21 meter identification (optical D0 port): {ident.summary}" + (f" ({how})" if seven else ""),  # type: ignore[attr-defined]
        ("The meter answered the sign-on request '/?!' with '/XXXZident': XXX is the maker's FLAG ID, Z the rate it offers "
         "after the acknowledgement (0-6: mode C 300-19200; A-F: mode B 600-19200). "
         + ("The bytes carry the parity bit as bit 7: the host read a 7E1/7O1 line with 8 data bits; open it as 7E1. " if seven else "")
         + "A host expecting another protocol on this port reads '/' (0x2F)" + (" as 0xAF" if seven else "") + " as an 'unexpected response'."),
        "info", 0.85,
        [Evidence("bytes" if how != "text" else "message", f"/{ident.manufacturer}{ident.baud_char}{ident.enhanced}{ident.ident}", "input", how)],  # type: ignore[attr-defined]
        [FIXES["iec62056_signon"]],
        [SOURCE],
        {"manufacturer": ident.manufacturer, "identification": ident.ident, "baud_char": ident.baud_char,  # type: ignore[attr-defined]
         "protocol_mode": ident.mode, "max_baud": ident.max_baud},  # type: ignore[attr-defined]
    )


def _baud_switch(parsed: ParsedInput) -> Finding | None:
    """IEC 62056-21 mode C: the host acknowledged with ACK V Z Y and a baud character Z other than
    0, so both sides were to change to Z's rate (§6.4.5.3), and the input shows no data message
    after it. A readout that did come (STX, a data set) means the switch worked: no finding."""
    if "\\x06" not in parsed.text and "AckOptionSelect" not in parsed.text:
        return None
    from .iec62056_21 import BAUD_CHARS

    rates = {c: baud for c, mode, baud, _ in BAUD_CHARS if mode == "C"}
    for form in ACK_FORMS:
        found = list(rx(form.pattern, 0).finditer(parsed.text))
        if not found:
            continue
        m = found[-1]
        z, y = m.group("z"), m.group("y")
        if z == "0" or z not in rates:
            return None  # no rate change asked for (or not a mode C rate): nothing to follow
        after = parsed.text[m.end():]
        if rx(IEC21_READOUT_SEEN, 0).search(after):
            return None
        failed = rx(IEC21_READ_FAILED).search(after)
        mode = {"0": "data readout", "1": "programming mode"}.get(y, f"mode {y}")
        summary = (f"IEC 62056-21: the host acknowledged with ACK 0 {z} {y} ({mode} at {rates[z]} baud) and no data message came at the new rate"
                   + (" (the read timed out)" if failed else ""))
        return Finding(
            "meter.iec62056_baud_switch_not_followed", DOMAIN, summary,
            (f"In mode C the baud character Z of the acknowledgement selects the rate both sides use after it: the host and the meter "
             f"change from 300 to {rates[z]} baud and the meter sends its data message (STX ... ETX BCC) at that rate. Nothing arrived "
             "after the switch: the meter does not follow the rate it proposed, the host changed rate before the ACK was fully sent, "
             "or the optical head / USB adapter does not switch cleanly. Acknowledging with Z = 0 keeps the session at 300 baud."),
            "error", 0.8 if failed else 0.75,
            [Evidence("message", m.group(0)[:200], "input", f"ACK option select with baud character {z!r} ({rates[z]} baud)")],
            fixes_for("meter.iec62056_baud_switch_not_followed"), [form.source],
            {"baud_char": z, "baud": rates[z], "mode_char": y, "tool": form.tool},
        )
    return None


#: Every inventoried message's literal text contains one of these (tests/inventory checks it), so
#: an input without any does not load the inventory (cold start).
INVENTORY_ANCHORS = ("m-bus", "mbus", "frame", "reply", "address", "timeout", "sequence", "tls", "rejected",
                     "access error", "collision", "checksum", "device", "dlms_error_code", "decrypt", "send a response", "crc", "application context",
                     "authentication mechanism", "invocationcounter", "dataaccessresult",
                     "no response received", "no communication with the instrument")


def _inventory(parsed: ParsedInput, have: set[str]) -> list[Finding]:
    """The meter tools' own failure lines, read from their sources (tool_messages.py)."""
    if not any(a in parsed.lower for a in INVENTORY_ANCHORS):
        return []
    from ...knowledge import inventory as INV
    from .tool_messages import INVENTORY

    return INV.findings(parsed.text, INVENTORY, DOMAIN, fixes_for, skip=have)


def _sml(raw: bytes) -> list[Finding]:
    """SML files in the bytes (sml.py): the meter's own framing, with its CRC checked."""
    from . import sml

    found = sml.files(raw, limit=4)
    if not found:
        return []
    first = found[0]
    evidence = [Evidence("bytes", hexs(raw[first.offset:first.offset + (first.length or 64)][:64]), "input", first.describe())]
    out = [Finding("meter.sml", DOMAIN, f"An SML meter: {first.describe()}",
                   "SML (Smart Message Language) is what German electricity meters push on their optical interface, "
                   "unrequested, usually at 9600 baud 8N1: no sign-on request is needed, and an IEC 62056-21 client "
                   "(300 baud 7E1, '/?!') gets nothing sensible from such a meter.",
                   "info", 0.85 if first.crc_ok else 0.6, evidence, fixes_for("meter.sml"), [sml.SML_SPEC],
                   {"files": len(found), "crc_ok": first.crc_ok, "complete": first.complete})]
    bad = next((f for f in found if f.complete and not f.crc_ok), None)
    if bad is not None:
        out.append(Finding("meter.bad_checksum", DOMAIN, f"An SML file's CRC is wrong: sent {bad.crc:04X}, the bytes give {bad.expected_crc:04X}",
                           "A byte of the file was changed or lost on the way: the IR head's alignment or ambient light, a wrong rate or parity, "
                           "or a reader that drops bytes.", "error", 0.8,
                           [Evidence("bytes", hexs(raw[bad.offset:bad.offset + bad.length][-16:]), "input", "end sequence and CRC")],
                           fixes_for("meter.bad_checksum", ("checksum",)), [sml.SML_SPEC]))
    elif not first.complete:
        out.append(Finding("meter.incomplete_frame", DOMAIN, "The SML file stops before its end sequence (1B1B1B1B 1A)",
                           "Read until the end escape: an SML file is a few hundred bytes.", "warning", 0.5, evidence, fixes_for("meter.incomplete_frame", ("read_frame",)), [sml.SML_SPEC]))
    return out


def assess(parsed: ParsedInput) -> Assessment | None:
    cue_score, reasons = apply_cues(parsed, CUES)
    findings, tool_reasons, hits = tool_findings(parsed, MESSAGES, FIXES)
    have = {f.code for f in findings}
    inventoried = _inventory(parsed, have)
    findings += inventoried
    tool_reasons += [f"{f.data['tool']} printed this ('{f.evidence[0].value[:70]}')" for f in inventoried]
    _collision_scope(parsed, findings)
    reasons = tool_reasons + reasons
    meaning = ""
    score = 0.95 if findings else (0.6 if hits else 0.0)
    ident = _iec62056_ident(parsed, cue_score > 0)
    if ident is not None:
        f = _iec62056_finding(ident)
        findings.insert(0, f)
        meaning = f.summary
        score = max(score, 0.8 + cue_score / 2)
        reasons.insert(0, f"an IEC 62056-21 identification message ({ident[1]})")
    switch = _baud_switch(parsed)
    if switch is not None:
        for f in findings:
            if f.code == "meter.iec62056_21":
                f.confidence = min(f.confidence, 0.6)  # the identification is the context; the failed switch is the cause
        findings.insert(0, switch)
        meaning = switch.summary
        score = max(score, 0.9)
        reasons.insert(0, "an IEC 62056-21 rate switch after the acknowledgement, with no readout after it")
    values = parsed.byte_values
    raw = frame_bytes(parsed) if values else b""
    if len(raw) >= 2 and (raw[0] in _STARTS):
        res = decode(raw)
        if res is not None:
            kind, obj = res
            if getattr(obj, "reason", None) == "incomplete":
                meaning = f"a possible {kind} frame, incomplete: {obj.detail}"
                score = max(score, 0.35 + cue_score)
                findings.append(Finding("meter.incomplete_frame", DOMAIN, f"The bytes start like a {kind} frame but stop early ({obj.detail}; {obj.need} more bytes at least)", "", "warning", 0.5, [Evidence("bytes", hexs(raw[:64]), "input", "prefix of a frame")], [FIXES["read_frame"]], [{"mbus": EN13757, "dlt645": DLT645, "iec104": IEC104}[kind]]))
            else:
                fs = _frame_finding(kind, obj, raw)
                if _sent_by_master(kind, obj) and any(f.code == "meter.no_reply" for f in findings):
                    # the pasted frame is the request the tool sent (libmbus "SEND", "Dumping M-Bus
                    # frame"); the tool's own "no response" line is the diagnosis
                    fs[0].confidence = min(fs[0].confidence, 0.4)
                    fs[0].detail += " This is a request from the master (PRM=1): the bytes the host sent, not an answer."
                findings = fs + findings
                meaning = fs[0].summary
                ok = getattr(obj, "checksum_ok", True)
                score = max(score, (0.85 if ok else 0.6) + cue_score / 2)
                reasons.insert(0, f"the bytes decode as a {kind} frame" + (" with a correct checksum" if ok and kind != "iec104" else ""))
    if values and 0x1B in values:
        sml_findings = _sml(bytes(values))
        if sml_findings:
            findings = sml_findings + findings
            meaning = meaning or sml_findings[0].summary
            score = max(score, (0.9 if sml_findings[0].confidence >= 0.85 else 0.6) + cue_score / 2)
            reasons.insert(0, "the bytes hold the SML escape sequence 1B1B1B1B 01010101")
    if not findings and values:
        first = parsed.first_byte if parsed.first_byte is not None else values[0]
        rows = starts(first)
        if rows and (len(values) <= 2 or cue_score > 0):
            names = "; ".join(f"{r.protocol}: {r.frame}" for r in rows)
            meaning = f"0x{first:02X} opens a meter frame - {names}"
            base = {0x68: 0.3, 0xE5: 0.3, 0x10: 0.12, 0xFE: 0.1}.get(first, 0.1)
            score = base + cue_score
            reasons.insert(0, f"0x{first:02X} is a frame start byte ({', '.join(r.protocol for r in rows)})")
            if first == 0xE5:
                findings.append(Finding("meter.mbus", DOMAIN, "0xE5 is the M-Bus acknowledge: a meter answered SND_NKE / SND_UD", "", "info", 0.5, [Evidence("bytes", "E5", "input", "M-Bus single character")], [FIXES["mbus_8e1"]], [rows[0].source]))
            else:
                findings.append(
                    Finding(
                        "meter.frame_start",
                        DOMAIN,
                        f"0x{first:02X} is the start byte of a meter frame ({', '.join(r.protocol for r in rows)}): read the whole frame",
                        " ".join(f"{r.protocol}: {r.frame} ({r.defaults}); {r.next_step}." for r in rows),
                        "info",
                        0.45,
                        [Evidence("bytes", f"{first:02X}", "input", "frame start")],
                        [FIXES["read_frame"], FIXES["mbus_8e1"]],
                        [r.source for r in rows],
                    )
                )
    if not findings and not meaning:
        if cue_score > 0:
            meaning = "meter / telecontrol words without a recognised frame or error"
            score = cue_score * 0.6
        else:
            return None
    return Assessment(DOMAIN, min(score, 0.97), meaning, reasons, findings, list(QUESTIONS))
