"""How the `smartcard` domain reads a pasted status word, PC/SC code, library message, ATR or APDU.

Why one reader for five kinds of input: users paste whatever their stack printed: ``6881``,
``SW=6A82``, ``0x8010000B``, pyscard's ``Sharing violation.``, an ATR from pcsc_scan or an APDU
from a log. Each is looked up in the sourced tables (knowledge.py); the result says how sure the
reading is (a lone byte that merely *could* be an SW1 stays low) and what to send or run next.
Pure: no I/O except reading pcsc-tools' card list when an ATR was found (atr_names.py).
"""

from __future__ import annotations

from ...context import Cue, apply_cues
from ...knowledge.table import rx
from ...model import Assessment, Evidence, Finding, Fix, Question
from ...record import field, record
from ...textparse import BYTE, BYTES, CODE32, PCSC_ERROR, STATUS_WORD, ParsedInput, is_pcsc_code
from . import fixes as F
from . import knowledge as K
from . import pkcs11 as P11

TYPE_CHECKING = False
if TYPE_CHECKING:  # the APDU decoder and the command table load only when the input has them
    from .card_apdu import Apdu
    from .command_sw import CommandSwRow

DOMAIN = "smartcard"

CUES = (
    Cue(r"\bsmart[ -]?cards?\b|\bchip ?card|\bsim ?card|\bjava ?card|\bjavacard|\bapplet\b", 0.25, "the text names a smart card or applet"),
    Cue(r"\bapdus?\b|\bc-apdu|\br-apdu", 0.25, "the text mentions an APDU"),
    Cue(r"\bpc/?sc\b|\bpcscd\b|\bpcsc-lite|\bwinscard|\bscard\w*|\bpyscard\b|\bsmartcardio\b|\bopensc\b|\bccid\b", 0.3, "the text names the PC/SC stack"),
    Cue(r"\b(?:card )?readers?\b", 0.1, "a reader is mentioned"),
    Cue(r"\bsw1?\b|\bsw2\b|\bstatus ?word\b|\biso ?7816\b|\bATR\b", 0.25, "status-word or ISO 7816 words"),
    Cue(r"\b(?:select|get response|get data|read binary|verify)\b", 0.15, "an ISO 7816 command is named"),
    Cue(r"\bemv\b|\bglobal ?platform\b|\bgppro\b|\bgp\.jar\b|\byubikey\b|\bpiv\b|\bopenpgp card\b|\bdesfire\b|\bnfc\b|\bcontactless\b", 0.2, "a card application or card family is named"),
    Cue(r"\bcard\b", 0.1, "the word 'card'"),
    Cue(r"\b(?:tls|ssl|https?|certificate)\b", -0.15, "TLS/HTTP words point away from a card"),
    Cue(r"\b(?:m-?bus|meter|dl/?t ?645|iec ?60870|iec ?104)\b", -0.25, "meter words point away from a card"),
    Cue(r"\b(?:avrdude|stk500|esptool|stm32|bootloader|flash(?:ing)?|brom|preloader|baud|uart)\b", -0.2, "bootloader/UART words point away from a card"),
)

QUESTION_SW = Question(
    "Is this a status word a card returned (SW1 SW2, the last two bytes of the card's answer), e.g. from pyscard's transmit() or an APDU log?",
    ("smartcard",),
    "a status word only means something if a card sent it",
)
QUESTION_SW1 = Question(
    "Is the byte the first of a two-byte status word from a card (SW1 SW2)? What is the second byte?",
    ("smartcard",),
    "0x68 as SW1 needs SW2 to say which CLA function is unsupported (81 channel, 82 SM, 83/84 chaining)",
)


@record
class _Hit:
    score: float
    meaning: str
    finding: Finding | None = None
    reason: str = ""
    questions: list[Question] = field(default_factory=list)


def _hx(values: tuple[int, ...] | list[int] | bytes) -> str:
    return " ".join(f"{v:02X}" for v in values)


# --- command APDUs ----------------------------------------------------------------------------
def _plausible_command(cmd: Apdu) -> bool:
    kind = K.decode_cla(cmd.cla).kind
    if kind == "rfu":
        return False
    if (cmd.ins & 0xF0) in (0x60, 0x90):
        return False  # INS 6X and 9X are invalid (ISO/IEC 7816-4 §5.1.2)
    return K.ins_row(cmd.ins) is not None


# --- status words -------------------------------------------------------------------------------
def _sw_fixes(sw1: int, sw2: int, code: str, cmd: Apdu | None) -> tuple[list[Fix], str]:
    """Concrete next steps for a status word (from the domain's fixes table) and the detail that
    puts the status word in the command's terms; returns (fixes, extra detail)."""
    detail = ""
    cla_txt = K.decode_cla(cmd.cla).describe() if cmd is not None else ""
    sw = f"{sw1:02X}{sw2:02X}"
    values: dict[str, object] = {"sw2": sw2, "ne": sw2 or 256}
    when = [sw, f"{sw1:02X}"]
    if code == "smartcard.get_response_needed":
        values["gr"] = _next_apdu(sw1, sw2, code, cmd)
        detail = (
            f"61{sw2:02X} is not an error: the command worked and {sw2 or 256} bytes wait in the card. In T=0 the "
            "reader cannot return them with the status, so the application must fetch them with GET RESPONSE "
            "(INS C0) and Le = SW2, and repeat while the card keeps answering 61XX. pcsc-lite and pyscard pass "
            "61XX through unchanged (facts/smartcard.md gotcha 7)."
        )
    elif code == "smartcard.wrong_le":
        values["resend"] = cmd.with_le_hex(sw2) if cmd is not None else f"<CLA INS P1 P2 [Lc data]> {sw2:02X}"
        detail = (
            f"6C{sw2:02X}: the Le of the command did not match what the card has; it has exactly {sw2 or 256} bytes "
            f"(0x{sw2:02X}). Send the very same command again with Le = {sw2:02X}. It is a T=0 transport signal, "
            "not a failure of the command."
        )
    elif code in ("smartcard.logical_channel_unsupported", "smartcard.secure_messaging_unsupported",
                  "smartcard.chaining_unsupported", "smartcard.cla_unsupported"):
        bits = K.CLA_BITS_FOR_SW.get(sw2, K.CLA_BITS_FOR_SW[0x00])
        detail = f"SW1 68 = functions in CLA not supported. Check the CLA byte: {bits}."
        if cla_txt:
            detail += f" The command's {cla_txt}."
    elif code == "smartcard.class_unsupported":
        detail = "6E00: the card (or the selected application) does not accept this CLA."
        if cla_txt:
            detail += f" The command's {cla_txt}."
    elif code == "smartcard.ins_unsupported":
        ins = K.ins_row(cmd.ins) if cmd is not None else None
        detail = "The selected application does not implement this INS" + (f" ({cmd.ins:02X} = {ins.name})" if cmd is not None and ins else "") + "."
    elif code == "smartcard.file_not_found":
        detail = "The AID or file identifier is not on the card (or not in the current DF)."
    elif code == "smartcard.security_status":
        detail = "The command needs an authentication state the session does not have."
    elif code == "smartcard.conditions_not_satisfied":
        detail = "The card refuses the command in its current state or after the previous command."
    elif code == "smartcard.pin_tries_left":
        n = sw2 & 0x0F
        detail = f"63C{n:X}: {n} tries left." + (" The next wrong PIN blocks it." if n == 1 else "") + (" No tries left: the PIN is blocked." if n == 0 else "")
    elif code == "smartcard.wrong_length":
        detail = "Lc must equal the number of data bytes; Le must fit what the command returns."
        if cmd is not None:
            le = cmd.le_field
            detail += f" The command is case {cmd.case_name} (Lc={cmd.lc}, Le={'none' if le is None else f'{le:02X}'})."
    elif code == "smartcard.applet_error":
        if sw1 == 0x6F:
            detail = "6F00 from a Java Card applet usually means an exception escaped process() (NullPointerException, ArrayIndexOutOfBoundsException...)."
        else:
            when.append("select")
    elif code == "smartcard.ok":
        detail = "9000: the card accepted the command. If the application still fails, look at the response data, not the status."
    return F.fixes_for(code, when, **values), detail


def _next_apdu(sw1: int, sw2: int, code: str, cmd: Apdu | None) -> str:
    """The exact command to send next, when the status word determines it (for --json consumers)."""
    if code == "smartcard.get_response_needed":
        chan = (cmd.cla & 0x03) if cmd is not None and K.decode_cla(cmd.cla).kind == "interindustry-4" else 0
        return f"{chan:02X} C0 00 00 {sw2:02X}"
    if code == "smartcard.wrong_le" and cmd is not None:
        return cmd.with_le_hex(sw2)
    return ""


def _sw_hit(sw1: int, sw2: int, base: float, ev_text: str, where: str, cmd: Apdu | None,
            context: tuple[CommandSwRow, str] | None = None) -> _Hit | None:
    got = K.lookup_sw(sw1, sw2)
    if got is None:
        return None
    row, match = got
    meaning = K.sw_text(row, sw1, sw2)
    sw = f"{sw1:02X}{sw2:02X}"
    score = base if match in ("exact", "parametric", "range") else base - 0.15
    code = row.code
    if context is not None:  # the command it answers gives the status word its own meaning
        crow, meaning = context
        code, match, score = crow.code, "command", max(score, 0.75) + 0.07
    severity = row.severity
    fixes, detail = _sw_fixes(sw1, sw2, code, cmd)
    others = K.other_meanings(sw1, sw2)
    if others:
        detail += " Other contexts: " + "; ".join(f"{r.where}: {r.meaning}" for r in others) + "."
    where_txt = getattr(row, "where", "ISO")
    summary = f"SW {sw}: {meaning}"
    if context is not None:
        summary = f"SW {sw} {'after a failed' if context[0].after else 'to'} {context[0].command}: {meaning}"
    if code.endswith(("_unsupported",)) and sw1 == 0x68:
        summary += f" (check CLA {'b2-b1 channel bits' if sw2 == 0x81 else 'b4-b3 SM bits' if sw2 == 0x82 else 'b5 chaining bit' if sw2 in (0x83, 0x84) else 'bits'})"
    f = Finding(
        code=code,
        domain=DOMAIN,
        summary=summary,
        detail=detail.strip(),
        severity=severity,
        confidence=0.95 if match == "command" else 0.9 if match in ("exact", "parametric", "range") else 0.6,
        evidence=[Evidence("status_word", ev_text, where, f"{match} match ({where_txt}): {meaning}")],
        fixes=fixes,
        sources=([context[0].source] if context is not None else []) + [row.source] + [r.source for r in others],
        data={"sw": sw, "sw1": sw1, "sw2": sw2, "match": match, "where": where_txt},
    )
    if cmd is not None:
        f.data["command"] = cmd.hex
    if context is not None:
        f.data["command_name"] = context[0].command
    nxt = _next_apdu(sw1, sw2, code, cmd)
    if nxt:
        f.data["next_apdu"] = nxt
    article = "an" if match[0] in "ae" else "a"
    if context is not None:
        return _Hit(score, f"status word {sw} to {context[0].command}: {meaning}", f, f"{sw} read as the answer to {context[0].command} ({context[0].source.split(' (')[0]})")
    return _Hit(score, f"ISO 7816 status word {sw}: {meaning}", f, f"{sw} is {article} {match} match in the status-word table ({where_txt})", [QUESTION_SW])


def _named_command(text: str, start: int) -> tuple[int, int | None] | None:
    """(INS, P1) of the last command named on the line before ``start``, if any."""
    from . import command_sw as CSW

    line_start = text.rfind("\n", 0, start) + 1
    last = None
    for m in rx(CSW.NAMED).finditer(text[max(line_start, start - 120):start]):
        last = m
    if last is None:
        return None
    return CSW.COMMANDS[last.group(1).upper()]


def _commands_before(parsed: ParsedInput) -> list[tuple[int, Apdu]]:
    """Every command APDU in the input with where it starts (an APDU log alternates them with SWs)."""
    from . import card_apdu as A

    out = []
    for t in parsed.tokens:
        if t.kind == BYTES and len(t.values) >= 4:
            c = A.parse(t.values)
            if c is not None and _plausible_command(c):
                out.append((t.start, c))
    return out


def _context(parsed: ParsedInput, cmd: Apdu | None, start: int, sw1: int, sw2: int,
             failed_verify: list[int], commands: list[tuple[int, Apdu]]) -> tuple[CommandSwRow, str] | None:
    """The command this status word answers: the one named before it on its line, else the last
    command APDU before it (else the input's command); 6982 after a VERIFY that failed (63CX) is
    read as caused by it."""
    from . import command_sw as CSW

    named = _named_command(parsed.text, start)
    before = [c for pos, c in commands if pos < start]
    cmd = before[-1] if before else cmd
    ins, p1 = named if named is not None else (cmd.ins, cmd.p1) if cmd is not None else (None, None)
    got = CSW.lookup(ins, sw1, sw2, p1=p1) if ins is not None else None
    if got is not None:
        if got[0].ins == 0x20 and sw1 == 0x63:
            failed_verify.append(start)
        return got
    if failed_verify and any(p < start for p in failed_verify):
        return CSW.lookup(0x20, sw1, sw2, after=True)
    return None


def _status_words(parsed: ParsedInput, cmd: Apdu | None, hits: list[_Hit]) -> None:
    seen: set[tuple[int, int]] = set()
    failed_verify: list[int] = []
    commands = _commands_before(parsed) if cmd is not None else []
    for t in sorted(parsed.tokens, key=lambda t: t.start):
        pair: tuple[int, int] | None = None
        base = 0.0
        if t.kind == STATUS_WORD and len(t.values) == 2:
            pair = (t.values[0], t.values[1])
            if t.notation == "sw":
                base = 0.85
            elif t.label:
                base = 0.7
            else:
                base = 0.65
        elif t.kind == BYTES and len(t.values) == 2 and K.is_sw1(t.values[0]):
            pair = (t.values[0], t.values[1])
            base = 0.5
        if pair is None or pair in seen:
            continue
        seen.add(pair)
        ctx = _context(parsed, cmd, t.start, pair[0], pair[1], failed_verify, commands)
        hit = _sw_hit(pair[0], pair[1], base, t.text.strip(), "input", cmd, ctx)
        if hit is not None:
            hits.append(hit)
    if cmd is not None and not seen:
        # "00 B0 00 00 00 -> 6C08": after a command, a 4-digit answer is its status word even
        # when the parser read a digits-only word as decimal.
        for m in rx(r"(?:->|=>|<-|<<|>>|:|\bgot|\breturned|\banswer(?:ed)?)\s*([0-9A-Fa-f]{2})\s?([0-9A-Fa-f]{2})\b", 0).finditer(parsed.text):
            sw1, sw2 = int(m.group(1), 16), int(m.group(2), 16)
            if K.is_sw1(sw1) and (sw1, sw2) not in seen:
                seen.add((sw1, sw2))
                ctx = _context(parsed, cmd, m.start(1), sw1, sw2, failed_verify, commands)
                hit = _sw_hit(sw1, sw2, 0.7, m.group(1) + m.group(2), "input", cmd, ctx)
                if hit is not None:
                    hits.append(hit)


def _sw1_bytes(parsed: ParsedInput, hits: list[_Hit]) -> None:
    """A lone byte that could be SW1: low score, a class meaning and the question that separates."""
    singles = [t for t in parsed.tokens if t.kind == BYTE]
    if not singles or any(t.kind in (STATUS_WORD, BYTES) for t in parsed.tokens):
        return
    first = parsed.first_byte
    if first is None or not K.is_sw1(first):
        return
    row = next((r for r in K.STATUS_WORDS.rows if r.pattern == f"{first:02X}XX"), None)
    if row is None:
        return
    meaning = f"SW1 0x{first:02X}: {row.meaning}"
    if first == 0x68:
        meaning = "SW1 0x68: functions in CLA not supported (6881 logical channel, 6882 secure messaging, 6883/6884 chaining)"
    elif first == 0x61:
        meaning = "SW1 0x61: response bytes waiting (SW2 = how many): send GET RESPONSE"
    elif first == 0x6C:
        meaning = "SW1 0x6C: wrong Le (SW2 = the right one): re-send with Le = SW2"
    detail = (
        f"A card's answer ends with two status bytes; 0x{first:02X} is a valid first one (SW1). Alone it names only a "
        "class of outcome; the second byte (SW2) says which. Nothing in the input shows a card was involved."
    )
    fixes = F.fixes_for(row.code, ["sw1"])
    if first == 0x68:
        detail += " For SW1 68 look at the CLA byte of the command: " + K.CLA_BITS_FOR_SW[0x00] + "."
    f = Finding(
        code=row.code,
        domain=DOMAIN,
        summary=meaning,
        detail=detail,
        severity="warning",
        confidence=0.45,
        evidence=[Evidence("bytes", f"{first:02X}", "input", "a possible SW1")],
        fixes=fixes,
        sources=[row.source],
        data={"sw1": first, "match": "class"},
    )
    hits.append(_Hit(0.25, meaning, f, f"0x{first:02X} is a valid SW1 (status-word class), but a lone byte is weak evidence", [QUESTION_SW1]))


# --- PC/SC codes, names and library messages ----------------------------------------------------
def _pcsc_fixes(code: str, row: K.PcscRow | None) -> list[Fix]:
    return F.for_pcsc(code, row.name if row is not None else "")


def _pcsc_finding(row: K.PcscRow | None, value: int | None, how: str, ev_text: str, base: float) -> _Hit:
    name = row.name if row else f"0x{value:08X}"
    meaning = row.meaning if row else "a PC/SC return code not in the table"
    code = row.code if row else "smartcard.pcsc_error"
    summary = f"{name}" + (f" (0x{row.value:08X}" + (f", pcsc-lite: '{row.text}'" if row.text else "") + ")" if row else "") + f": {meaning}"
    f = Finding(
        code=code,
        domain=DOMAIN,
        summary=summary,
        detail=("PC/SC return codes live in 0x8010xxxx: SCARD_E_* errors, SCARD_W_* warnings about the card, SCARD_F_* internal failures. "
                + ("pcsc-lite's own text for it is '" + row.text + "'." if row and row.text else "")).strip(),
        severity="error",
        confidence=0.9,
        evidence=[Evidence("pcsc_error", ev_text, "input", how)],
        fixes=_pcsc_fixes(code, row),
        sources=[row.source] if row else [K.PCSCLITE_H],
        data={"pcsc": f"0x{(row.value if row else value or 0):08X}", "name": row.name if row else ""},
    )
    return _Hit(base, f"PC/SC {name}: {meaning}", f, f"{how}: {name}")


def _pcsc(parsed: ParsedInput, hits: list[_Hit]) -> set[str]:
    """Codes (hex tokens, negative decimal HRESULTs) and SCARD_* names; returns the codes found."""
    found: dict[int, tuple[str, str]] = {}
    for t in parsed.tokens:
        if t.kind == PCSC_ERROR:
            found.setdefault(t.values[0], (t.text.strip(), "a PC/SC return code"))
        elif t.kind == CODE32 and is_pcsc_code(t.values[0]):
            found.setdefault(t.values[0], (t.text.strip(), "a PC/SC return code"))
    for m in rx(r"-21464\d{5}\b", 0).finditer(parsed.text):
        v = int(m.group(0)) & 0xFFFFFFFF
        if is_pcsc_code(v):
            found.setdefault(v, (m.group(0), "a PC/SC code printed as a signed decimal HRESULT"))
    for m in rx(r"\bSCARD_[EWFP]_[A-Z_]+\b", 0).finditer(parsed.text):
        row = K.pcsc_by_name(m.group(0))
        if row is not None:
            found.setdefault(row.value, (m.group(0), "a PC/SC error name"))
    # wrapper libraries' CamelCase names: PcscError(NoService), pcsc::Error::RemovedCard,
    # SCardError.SharingViolation, RemovedCardException
    for m in rx(r"\b(?:(?P<wrap>PcscError\(|SCardError[.:]{1,2}|pcsc::Error::)|Error::)(?P<name>[A-Z][A-Za-z]{2,40})\b"
                r"|\b(?P<exc>[A-Z][A-Za-z]{2,40})Exception\b", 0).finditer(parsed.text):
        row = K.pcsc_by_camel(m.group("name") or m.group("exc"), explicit=bool(m.group("wrap")))
        if row is not None:
            found.setdefault(row.value, (m.group(0), "a PC/SC code named by a wrapper library"))
    codes: set[str] = set()
    for value, (ev, how) in found.items():
        row = K.pcsc_row(value)
        hit = _pcsc_finding(row, value, how, ev, 0.95)
        hits.append(hit)
        if hit.finding is not None:
            codes.add(hit.finding.code)
    return codes


def _pkcs11(parsed: ParsedInput, hits: list[_Hit], have: set[str]) -> None:
    """CKR_* names: the PKCS#11 module's verdict, which is the cause when the text has one (the hex
    value printed after the name is the constant's, not a byte from the card)."""
    seen: set[str] = set()
    functions = [(f.start(), f.group(0)) for f in rx(P11.FUNCTION_NAME, 0).finditer(parsed.text)] if "C_" in parsed.text else []
    for m in rx(r"\bCKR_[A-Z_]+\b", 0).finditer(parsed.text):
        row = P11.by_name(m.group(0))
        if row is None or row.name in seen:
            continue
        seen.add(row.name)
        function = _nearest_function(functions, m.start())
        in_fn = P11.in_function(function, row.name) if function else None
        if in_fn is not None and in_fn.code not in have:
            have.add(in_fn.code)
            f = Finding(
                code=in_fn.code, domain=DOMAIN,
                summary=f"{function} returned {row.name}: {in_fn.meaning}",
                detail=f"{row.name} alone means: {row.meaning}. Returned by {function}, it has a meaning of its own.",
                severity="error", confidence=in_fn.confidence,
                evidence=[Evidence("pkcs11_error", f"{function}: {m.group(0)}", "input", in_fn.meaning)],
                fixes=F.fixes_for(in_fn.code), sources=[in_fn.source, row.source],
                data={"ckr": f"0x{row.value:08X}", "name": row.name, "function": function},
            )
            hits.append(_Hit(0.9, f"PKCS#11 {function} -> {row.name}: {in_fn.meaning}", f, f"a PKCS#11 return value from {function}"))
            continue  # the function's reading replaces the value's own (its detail quotes it)
        if row.code in have and row.code != "smartcard.pkcs11_error":
            continue  # a library message or PC/SC code already named this cause
        have.add(row.code)
        fixes = F.fixes_for(row.code, [row.name])
        f = Finding(
            code=row.code,
            domain=DOMAIN,
            summary=f"{row.name} (0x{row.value:08X}): {row.meaning}",
            detail=f"{row.name} is a PKCS#11 return value: the token module's own verdict on the call.",
            severity="error",
            confidence=0.9 if row.code != "smartcard.pkcs11_error" else 0.85,
            evidence=[Evidence("pkcs11_error", m.group(0), "input", row.meaning)],
            fixes=fixes,
            sources=[row.source],
            data={"ckr": f"0x{row.value:08X}", "name": row.name},
        )
        hits.append(_Hit(0.9, f"PKCS#11 {row.name}: {row.meaning}", f, f"a PKCS#11 return value ('{row.name}')"))


def _nearest_function(functions: list[tuple[int, str]], at: int, reach: int = 400) -> str | None:
    """The PKCS#11 function named closest to a return value (same line in pkcs11-tool's "function
    C_Login failed: rv = ...", a stack frame a few lines away in Java's), within ``reach`` characters."""
    best: tuple[int, str] | None = None
    for pos, name in functions:
        d = abs(pos - at)
        if d <= reach and (best is None or d < best[0]):
            best = (d, name)
    return best[1] if best else None


#: Every inventoried message's literal text contains one of these (tests/inventory checks it), so
#: an input without any does not load the inventory (cold start).
INVENTORY_ANCHORS = ("card", "scard", "reader", "pin", "puk", "yubikey", "cryptogram", "failed", "scdaemon", "pcsc",
                     "ccid", "isd aid", "key version", "select", "atr", "not enough data", "pc/sc", "eligiable connections")


def wordy(parsed: ParsedInput) -> bool:
    """Could a tool's inventoried message be in the input? Only if it has one of the anchors."""
    return any(a in parsed.lower for a in INVENTORY_ANCHORS)


def _inventory(parsed: ParsedInput, hits: list[_Hit], have: set[str]) -> None:
    """The tools' own failure messages, read from their sources (tool_messages.py)."""
    if not wordy(parsed):
        return
    from ...knowledge import inventory as INV
    from .tool_messages import INVENTORY

    for f in INV.findings(parsed.text, INVENTORY, DOMAIN, lambda code, when: F.fixes_for(code, when), skip=have):
        have.add(f.code)
        hits.append(_Hit(max(0.6, f.confidence), f.summary.split(": ", 1)[-1], f, f"{f.data['tool']}'s own message ('{f.evidence[0].value[:70]}')"))


def _ccid_frames(parsed: ParsedInput, hits: list[_Hit], have: set[str]) -> None:
    """The reader's own verdict in a pcscd debug log (ccid.py): the CCID layer below the APDUs."""
    if "<- " not in parsed.text:
        return
    from . import ccid as C

    for f in C.frame_findings(parsed.text, skip=have):
        have.add(f.code)
        hits.append(_Hit(0.9, f"CCID {f.data['ccid_command']} failed: {f.data['ccid_error_name']}", f, "the reader's CCID answer in a pcscd debug log"))


def _messages(parsed: ParsedInput, hits: list[_Hit], have: set[str], pcsc_found: bool, cmd: Apdu | None) -> None:
    _ccid_frames(parsed, hits, have)
    _inventory(parsed, hits, have)
    for row in K.MESSAGES.rows:
        if row.code in have:
            continue  # a code or status word already gave this finding
        if pcsc_found and row.code in ("smartcard.pcsc_error", "smartcard.transmit_failed"):
            continue  # the PC/SC code in the same message is the specific cause
        m = rx(row.pattern).search(parsed.text)
        if m is None:
            continue
        have.add(row.code)
        reason = f"{row.stack}'s own message ('{m.group(0)}')"
        if row.sw:
            hit = _sw_hit(int(row.sw[:2], 16), int(row.sw[2:], 16), max(0.6, row.confidence), m.group(0), "input", cmd)
            if hit is not None and hit.finding is not None:
                hit.finding.evidence = [Evidence("message", m.group(0), "input", f"{row.stack} names SW {row.sw} in words")]
                hit.finding.sources.append(row.source)
                hit.finding.confidence = min(hit.finding.confidence, row.confidence + 0.1)
                hit.reason = reason
                hits.append(hit)
                continue
        f = Finding(
            code=row.code,
            domain=DOMAIN,
            summary=f"{row.stack}: {row.meaning}",
            detail=f"'{m.group(0)}' is how {row.stack} reports it.",
            severity="error",
            confidence=row.confidence,
            evidence=[Evidence("message", m.group(0), "input", row.meaning)],
            fixes=F.fixes_for(row.code),
            sources=[row.source],
            data={"stack": row.stack},
        )
        hits.append(_Hit(max(0.6, row.confidence), row.meaning, f, reason))


# --- ATRs ------------------------------------------------------------------------------------------
def _hex_runs(parsed: ParsedInput) -> list[tuple[tuple[int, ...], str]]:
    """Byte runs: BYTES tokens, 8-digit CODE32 tokens, and unspaced hex strings the parser left alone."""
    out: list[tuple[tuple[int, ...], str]] = []
    for t in parsed.tokens:
        if t.kind == BYTES and len(t.values) >= 2:
            out.append((t.values, t.text))
        elif t.kind == CODE32:
            v = t.values[0]
            out.append(((v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF), t.text))
    if not any(len(w) >= 10 for w in parsed.text.split()):
        return out  # no unspaced run of 5+ bytes: skip the regex (cold-start budget)
    for m in rx(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){5,40}(?![0-9A-Fa-f])", 0).finditer(parsed.text):
        s = m.group(0)
        if any(t.start <= m.start() < t.end for t in parsed.tokens):
            continue
        out.append((tuple(int(s[i : i + 2], 16) for i in range(0, len(s), 2)), s))
    return out


def _atr(parsed: ParsedInput, hits: list[_Hit]) -> bool:
    says_atr = rx(r"\bATR\b|answer[ -]to[ -]reset", 0).search(parsed.text) is not None
    found = False
    for values, text in _hex_runs(parsed):
        if not values or values[0] not in (0x3B, 0x3F, 0x03):
            continue
        from .atr import parse as parse_atr  # imported only when bytes look like an ATR

        a = parse_atr(bytes(values))
        if not says_atr and (a.problems or len(values) < 4):
            continue
        found = True
        names: list[str] = []
        try:
            from .atr_names import lookup

            names = lookup(bytes(a.raw))
        except Exception:  # noqa: BLE001 - a broken local list must not break explain
            names = []
        ev = Evidence("atr", a.hex, "input", a.summary())
        data = {
            "atr": a.raw.hex().upper(), "protocols": a.protocols, "convention": a.convention,
            "Fi": a.clock_rate_factor, "Di": a.baud_rate_factor, "historical": a.historical.hex().upper(),
            "tck_ok": a.tck_ok, "problems": list(a.problems), "card_names": names[:8],
        }
        lines = [a.summary()] + a.notes
        if a.ifsc is not None and 1 in a.protocols:
            lines.append(f"T=1: IFSC {a.ifsc}" + (f", BWI {a.bwi}, CWI {a.cwi}" if a.bwi is not None else "") + f", {a.edc}")
        if a.classes:
            lines.append(f"voltage classes {a.classes}; clock stop {a.clock_stop}")
        if names:
            lines.append("card (pcsc-tools smartcard_list.txt): " + "; ".join(n for n in names[:4] if not n.startswith("http")))
        from .atr import SOURCE as ATR_SOURCE

        if a.problems:
            f = Finding("smartcard.atr_invalid", DOMAIN, "ATR is malformed: " + "; ".join(a.problems), "\n".join(lines), "error", 0.85,
                        [ev], F.fixes_for("smartcard.atr_invalid", ["malformed"], atr=a.hex),
                        [ATR_SOURCE], data)
            score = 0.8 if says_atr else 0.45
        else:
            f = Finding("smartcard.atr_decoded", DOMAIN, "ATR: " + a.summary() + (f" ({names[0]})" if names else ""), "\n".join(lines), "info", 0.8,
                        [ev], F.fixes_for("smartcard.atr_decoded", atr=a.hex),
                        [ATR_SOURCE] + (["pcsc-tools smartcard_list.txt (read at run time)"] if names else []), data)
            score = 0.85 if says_atr else 0.45
        hits.append(_Hit(score, "ATR " + a.summary(), f, "the bytes parse as an ISO 7816-3 ATR" + (" and the text says ATR" if says_atr else "")))
    return found


def _command_from(parsed: ParsedInput, exclude_atr: bool) -> Apdu | None:
    if not any(t.kind == BYTES and len(t.values) >= 4 for t in parsed.tokens):
        return None
    from . import card_apdu as A

    for t in parsed.tokens:
        if t.kind != BYTES or len(t.values) < 4:
            continue
        if exclude_atr and t.values[0] in (0x3B, 0x3F):
            continue
        cmd = A.parse(t.values)
        if cmd is not None and _plausible_command(cmd):
            return cmd
    return None


def _apdu_hit(cmd: Apdu, says_apdu: bool) -> _Hit:
    ins = K.ins_row(cmd.ins)
    cla = K.decode_cla(cmd.cla)
    name = ins.name if ins else f"INS {cmd.ins:02X}"
    unsafe = ins is not None and ins.kind in K.UNSAFE_KINDS
    le = cmd.le_field
    parts = [f"CLA {cmd.cla:02X}", f"INS {cmd.ins:02X} ({name})", f"P1-P2 {cmd.p1:02X} {cmd.p2:02X}", f"case {cmd.case_name}"]
    if cmd.lc:
        parts.append(f"Lc {cmd.lc} data {_hx(cmd.data[:32])}{' ...' if len(cmd.data) > 32 else ''}")
    if le is not None:
        parts.append(f"Le {le:02X}" + (" (256)" if le == 0 and cmd.le_len == 1 else ""))
    detail = "; ".join(parts) + ". " + cla.describe() + "."
    if cmd.ins == 0xA4 and cmd.p1 == 0x04 and cmd.data:
        detail += f" SELECT by name: AID {_hx(cmd.data)}."
    if unsafe:
        detail += f" {name} is a {ins.kind} command: it changes the card or uses up PIN tries; hsdoctor's probe never sends it."
    if cmd.cla == 0xFF:
        detail += " CLA FF: a PC/SC pseudo-APDU answered by the reader, not by the card."
    f = Finding("smartcard.apdu_command", DOMAIN, f"Command APDU: {name} (CLA {cmd.cla:02X}, case {cmd.case_name})", detail, "info", 0.7,
                [Evidence("bytes", cmd.hex, "input", name)], [], [ins.source if ins else K.ISO4_INS, cla.source],
                {"cla": cmd.cla, "ins": cmd.ins, "p1": cmd.p1, "p2": cmd.p2, "case": cmd.case_name, "lc": cmd.lc, "le": le, "unsafe": unsafe})
    return _Hit(0.6 if says_apdu else 0.4, f"command APDU {name}", f, "the bytes are a length-consistent command APDU with a known INS")


# --- the domain's answer ------------------------------------------------------------------------
def assess(parsed: ParsedInput) -> Assessment | None:
    hits: list[_Hit] = []
    have = _pcsc(parsed, hits)
    pcsc_found = bool(have)
    atr_found = _atr(parsed, hits)
    cmd = _command_from(parsed, exclude_atr=atr_found)
    _status_words(parsed, cmd, hits)
    have |= {h.finding.code for h in hits if h.finding is not None}
    _messages(parsed, hits, have, pcsc_found, cmd)
    _pkcs11(parsed, hits, have)
    if cmd is not None:
        hits.append(_apdu_hit(cmd, rx(r"\bapdu|\bcommand\b|\bsend|\btransmit", 0).search(parsed.text) is not None))
    if not hits:
        _sw1_bytes(parsed, hits)
    if not hits:
        return None
    cue, cue_reasons = apply_cues(parsed, CUES)
    best = max(hits, key=lambda h: h.score)
    strong = best.score >= 0.9
    # Cues move a reading, they never make it certain: only a tool's own message or code (>= 0.9) may.
    score = best.score if strong else min(0.9, best.score + cue)
    score = max(0.05, min(1.0, score))
    reasons = [best.reason] + [h.reason for h in hits if h is not best and h.reason][:3] + cue_reasons
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for h in sorted(hits, key=lambda h: -h.score):
        if h.finding is None:
            continue
        key = (h.finding.code, h.finding.summary)
        if key in seen:
            continue
        seen.add(key)
        findings.append(h.finding)
    questions: list[Question] = []
    for h in hits:
        for q in h.questions:
            if q not in questions:
                questions.append(q)
    return Assessment(DOMAIN, score, best.meaning, reasons, findings, questions)
