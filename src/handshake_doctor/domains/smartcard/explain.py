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
from ...model import Assessment, Evidence, Finding, Fix, Question, Snippet
from ...record import field, record
from ...textparse import BYTE, BYTES, CODE32, PCSC_ERROR, STATUS_WORD, ParsedInput, is_pcsc_code
from . import knowledge as K
from . import pkcs11 as P11

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
class Command:
    """A decoded command APDU (ISO/IEC 7816-4 §5.1 cases 1-4, short and extended)."""

    raw: tuple[int, ...]
    cla: int
    ins: int
    p1: int
    p2: int
    case: str  # "1", "2", "3", "4", with "E" for extended length
    lc: int = 0
    data: tuple[int, ...] = ()
    le: int | None = None  # None: no Le field; 0 in a short Le means 256
    le_len: int = 0  # bytes of the Le field at the end

    def hex(self, values: tuple[int, ...] | None = None) -> str:
        return " ".join(f"{v:02X}" for v in (self.raw if values is None else values))

    def with_le(self, le: int) -> str:
        """The same command with its Le set to ``le`` (short form)."""
        if self.case.endswith("E"):
            return self.hex(self.raw)  # extended: leave it to the user, shown as is
        if self.le_len:
            body = self.raw[: len(self.raw) - self.le_len]
        else:
            body = self.raw
        return self.hex(tuple(body) + (le & 0xFF,))


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
def parse_command(values: tuple[int, ...] | list[int] | bytes) -> Command | None:
    """A command APDU if the length fields are consistent, else None (pure, never raises)."""
    b = tuple(int(v) & 0xFF for v in values)
    n = len(b)
    if n < 4 or n > 65544:
        return None
    cla, ins, p1, p2 = b[:4]
    if n == 4:
        return Command(b, cla, ins, p1, p2, "1")
    if n == 5:
        return Command(b, cla, ins, p1, p2, "2", le=b[4], le_len=1)
    if b[4] != 0:
        lc = b[4]
        if n == 5 + lc:
            return Command(b, cla, ins, p1, p2, "3", lc, b[5 : 5 + lc])
        if n == 6 + lc:
            return Command(b, cla, ins, p1, p2, "4", lc, b[5 : 5 + lc], b[-1], 1)
        return None
    if n == 7:
        return Command(b, cla, ins, p1, p2, "2E", le=b[5] << 8 | b[6], le_len=3)
    if n >= 8:
        lc = b[5] << 8 | b[6]
        if lc and n == 7 + lc:
            return Command(b, cla, ins, p1, p2, "3E", lc, b[7 : 7 + lc])
        if lc and n == 9 + lc:
            return Command(b, cla, ins, p1, p2, "4E", lc, b[7 : 7 + lc], b[-2] << 8 | b[-1], 2)
    return None


def _plausible_command(cmd: Command) -> bool:
    kind = K.decode_cla(cmd.cla).kind
    if kind == "rfu":
        return False
    if (cmd.ins & 0xF0) in (0x60, 0x90):
        return False  # INS 6X and 9X are invalid (ISO/IEC 7816-4 §5.1.2)
    return K.ins_row(cmd.ins) is not None


# --- status words -------------------------------------------------------------------------------
def _sw_fixes(sw1: int, sw2: int, code: str, cmd: Command | None) -> tuple[list[Fix], str]:
    """Concrete next steps for a status word; returns (fixes, extra detail)."""
    fixes: list[Fix] = []
    detail = ""
    cla_txt = ""
    if cmd is not None:
        cla_txt = K.decode_cla(cmd.cla).describe()
    if code == "smartcard.get_response_needed":
        chan = (cmd.cla & 0x03) if cmd is not None and K.decode_cla(cmd.cla).kind == "interindustry-4" else 0
        gr = f"{chan:02X} C0 00 00 {sw2:02X}"
        detail = (
            f"61{sw2:02X} is not an error: the command worked and {sw2 or 256} bytes wait in the card. In T=0 the "
            "reader cannot return them with the status, so the application must fetch them with GET RESPONSE "
            "(INS C0) and Le = SW2, and repeat while the card keeps answering 61XX. pcsc-lite and pyscard pass "
            "61XX through unchanged (facts/smartcard.md gotcha 7)."
        )
        fixes.append(Fix(
            f"Send GET RESPONSE next: {gr} (Le = SW2 = {sw2:02X}); repeat while SW1 is 61.", "client", "",
            (
                Snippet("pyscard", "data, sw1, sw2 = conn.transmit(apdu)\nwhile sw1 == 0x61:  # bytes are waiting in the card\n"
                        "    more, sw1, sw2 = conn.transmit([0x00, 0xC0, 0x00, 0x00, sw2])\n    data += more"),
                Snippet("java", "// javax.smartcardio (SunPCSC) fetches 61XX itself in T=0 unless\n// -Dsun.security.smartcardio.t0GetResponse=false; with a raw PC/SC binding loop on GET RESPONSE:\n"
                        f"ResponseAPDU r = ch.transmit(new CommandAPDU(0x00, 0xC0, 0x00, 0x00, 0x{sw2:02X}));"),
                Snippet("dotnet", "// PCSC.Iso7816.IsoReader issues GET RESPONSE for you; with SCardReader.Transmit send\n"
                        f"// {{ 0x00, 0xC0, 0x00, 0x00, 0x{sw2:02X} }} yourself while SW1 == 0x61"),
            ),
        ))
    elif code == "smartcard.wrong_le":
        resend = cmd.with_le(sw2) if cmd is not None else f"<CLA INS P1 P2 [Lc data]> {sw2:02X}"
        detail = (
            f"6C{sw2:02X}: the Le of the command did not match what the card has; it has exactly {sw2 or 256} bytes "
            f"(0x{sw2:02X}). Send the very same command again with Le = {sw2:02X}. It is a T=0 transport signal, "
            "not a failure of the command."
        )
        fixes.append(Fix(
            f"Re-send the same command with Le = {sw2:02X}: {resend}", "client", "",
            (
                Snippet("pyscard", "data, sw1, sw2 = conn.transmit(apdu)\nif sw1 == 0x6C:  # wrong Le: SW2 is the length the card has\n"
                        "    data, sw1, sw2 = conn.transmit(apdu[:-1] + [sw2])  # case 2/4: replace the Le byte"),
                Snippet("java", f"// javax.smartcardio: new CommandAPDU(cla, ins, p1, p2, data, 0x{sw2:02X}) (Ne = {sw2 or 256})"),
            ),
        ))
    elif code in ("smartcard.logical_channel_unsupported", "smartcard.secure_messaging_unsupported",
                  "smartcard.chaining_unsupported", "smartcard.cla_unsupported"):
        bits = K.CLA_BITS_FOR_SW.get(sw2, K.CLA_BITS_FOR_SW[0x00])
        detail = f"SW1 68 = functions in CLA not supported. Check the CLA byte: {bits}."
        if cla_txt:
            detail += f" The command's {cla_txt}."
        if sw2 == 0x81:
            fixes.append(Fix("Send the command on the basic channel: clear CLA bits b2-b1 (CLA 00, or 80 for a proprietary command) and do not use a type-16 CLA (40-7F).", "client", "",
                             (Snippet("pyscard", "apdu[0] &= 0xFC  # type-4 CLA: logical channel 0 (basic channel)"),
                              Snippet("java", "CardChannel ch = card.getBasicChannel();  // not card.openLogicalChannel()"))))
            fixes.append(Fix("If the application needs a second channel, open it first with MANAGE CHANNEL (00 70 00 00 01) and check the card announces logical channels (ATR card capabilities).", "client"))
        elif sw2 == 0x82:
            fixes.append(Fix("Send the command without secure messaging: clear CLA bits b4-b3 (CLA 0C/08/04 -> 00; GlobalPlatform 84 -> 80), or open the secure channel the card expects first.", "client", "",
                             (Snippet("pyscard", "apdu[0] &= 0xF3  # type-4 CLA: no secure messaging"),)))
        elif sw2 in (0x83, 0x84):
            fixes.append(Fix("Send the data in one command: clear the chaining bit b5 (CLA 10 -> 00); if it is too long for a short APDU use an extended-length APDU when the ATR announces it, or split it at the application level (e.g. several UPDATE BINARY with offsets).", "client", "",
                             (Snippet("pyscard", "apdu[0] &= 0xEF  # clear the command-chaining bit b5"),)))
            if sw2 == 0x83:
                fixes.append(Fix("Finish the chain you started: the next command must be its last part (same INS, chaining bit clear), with no other command in between.", "client"))
        else:
            fixes.append(Fix("Retry with a plain interindustry CLA 00 (no channel, no secure messaging, no chaining) or the proprietary 80 the application documents.", "client"))
    elif code == "smartcard.class_unsupported":
        detail = "6E00: the card (or the selected application) does not accept this CLA."
        if cla_txt:
            detail += f" The command's {cla_txt}."
        fixes.append(Fix("Use the CLA the application specifies: 00 for ISO commands, 80 (84 with secure messaging) for GlobalPlatform/EMV proprietary commands, A0 for GSM SIM (3GPP TS 51.011) cards.", "client"))
        fixes.append(Fix("Make sure the intended application is selected first (SELECT by AID: 00 A4 04 00 Lc AID 00): another applet may own the card.", "client"))
    elif code == "smartcard.ins_unsupported":
        ins = K.ins_row(cmd.ins) if cmd is not None else None
        detail = "The selected application does not implement this INS" + (f" ({cmd.ins:02X} = {ins.name})" if cmd is not None and ins else "") + "."
        fixes.append(Fix("SELECT the application that implements the command first (00 A4 04 00 Lc AID 00); the card's default application may be another one.", "client"))
        fixes.append(Fix("Check CLA: many proprietary INS codes need CLA 80, and some cards answer 6D00 for an ISO INS under a proprietary CLA.", "client"))
    elif code == "smartcard.file_not_found":
        detail = "The AID or file identifier is not on the card (or not in the current DF)."
        fixes.append(Fix("Check the AID bytes and Lc of the SELECT (00 A4 04 00 Lc AID 00); for a file, its FID and the current DF (select MF 3F00 first).", "client"))
        fixes.append(Fix("List what the card holds: GlobalPlatformPro's 'gp --list' (needs the card's keys), or 'opensc-tool --list-files' for file-system cards.", "user", "gp --list"))
    elif code == "smartcard.security_status":
        detail = "The command needs an authentication state the session does not have."
        fixes.append(Fix("Authenticate first: VERIFY the PIN, open the secure channel (GlobalPlatform INITIALIZE UPDATE + EXTERNAL AUTHENTICATE) or EXTERNAL AUTHENTICATE, as the application requires, in this same session (a reset clears it).", "client"))
    elif code == "smartcard.conditions_not_satisfied":
        detail = "The card refuses the command in its current state or after the previous command."
        fixes.append(Fix("Check the command order the application requires (e.g. SELECT before the command, GET CHALLENGE before EXTERNAL AUTHENTICATE, EMV: GET PROCESSING OPTIONS before GENERATE AC) and the card or applet life-cycle state.", "client"))
    elif code == "smartcard.pin_tries_left":
        n = sw2 & 0x0F
        detail = f"63C{n:X}: {n} tries left." + (" The next wrong PIN blocks it." if n == 1 else "") + (" No tries left: the PIN is blocked." if n == 0 else "")
        fixes.append(Fix("Stop retrying automatically: each wrong VERIFY uses up a try. Get the right PIN (and its encoding: ASCII vs BCD, padding FF) before the next attempt.", "user"))
    elif code == "smartcard.pin_blocked":
        fixes.append(Fix("The PIN is blocked: only the card's unblock procedure (RESET RETRY COUNTER with the PUK/admin key, INS 2C) restores it; hsdoctor never sends it.", "user"))
    elif code == "smartcard.wrong_length":
        detail = "Lc must equal the number of data bytes; Le must fit what the command returns."
        if cmd is not None:
            detail += f" The command is case {cmd.case} (Lc={cmd.lc}, Le={'none' if cmd.le is None else f'{cmd.le:02X}'})."
        fixes.append(Fix("Recompute Lc = len(data); send Le 00 ('up to 256') when you do not know the answer's length; do not send Le for a case-3 command.", "client"))
    elif code == "smartcard.wrong_p1p2":
        fixes.append(Fix("Check P1-P2 against the command's definition (SELECT: P1 04 = by AID, P2 00 = first or only occurrence, 0C = no FCI; READ BINARY: P1-P2 = offset within the file).", "client"))
    elif code == "smartcard.applet_error":
        if sw1 == 0x6F:
            detail = "6F00 from a Java Card applet usually means an exception escaped process() (NullPointerException, ArrayIndexOutOfBoundsException...)."
            fixes.append(Fix("Catch exceptions in the applet's process() and throw ISOException with a meaningful SW; debug in a simulator (jCardSim) with the same APDU.", "card"))
        else:
            fixes.append(Fix("The applet's select() returned false or threw: check it is installed and selectable (gp --list) and its install parameters.", "card", "gp --list"))
    elif code == "smartcard.ok":
        detail = "9000: the card accepted the command. If the application still fails, look at the response data, not the status."
    return fixes, detail


def _next_apdu(sw1: int, sw2: int, code: str, cmd: Command | None) -> str:
    """The exact command to send next, when the status word determines it (for --json consumers)."""
    if code == "smartcard.get_response_needed":
        chan = (cmd.cla & 0x03) if cmd is not None and K.decode_cla(cmd.cla).kind == "interindustry-4" else 0
        return f"{chan:02X} C0 00 00 {sw2:02X}"
    if code == "smartcard.wrong_le" and cmd is not None:
        return cmd.with_le(sw2)
    return ""


def _sw_hit(sw1: int, sw2: int, base: float, ev_text: str, where: str, cmd: Command | None) -> _Hit | None:
    got = K.lookup_sw(sw1, sw2)
    if got is None:
        return None
    row, match = got
    meaning = K.sw_text(row, sw1, sw2)
    sw = f"{sw1:02X}{sw2:02X}"
    score = base if match in ("exact", "parametric", "range") else base - 0.15
    code = row.code
    severity = row.severity
    fixes, detail = _sw_fixes(sw1, sw2, code, cmd)
    others = K.other_meanings(sw1, sw2)
    if others:
        detail += " Other contexts: " + "; ".join(f"{r.where}: {r.meaning}" for r in others) + "."
    where_txt = getattr(row, "where", "ISO")
    summary = f"SW {sw}: {meaning}"
    if code.endswith(("_unsupported",)) and sw1 == 0x68:
        summary += f" (check CLA {'b2-b1 channel bits' if sw2 == 0x81 else 'b4-b3 SM bits' if sw2 == 0x82 else 'b5 chaining bit' if sw2 in (0x83, 0x84) else 'bits'})"
    f = Finding(
        code=code,
        domain=DOMAIN,
        summary=summary,
        detail=detail.strip(),
        severity=severity,
        confidence=0.9 if match in ("exact", "parametric", "range") else 0.6,
        evidence=[Evidence("status_word", ev_text, where, f"{match} match ({where_txt}): {meaning}")],
        fixes=fixes,
        sources=[row.source] + [r.source for r in others],
        data={"sw": sw, "sw1": sw1, "sw2": sw2, "match": match, "where": where_txt},
    )
    if cmd is not None:
        f.data["command"] = cmd.hex()
    nxt = _next_apdu(sw1, sw2, code, cmd)
    if nxt:
        f.data["next_apdu"] = nxt
    article = "an" if match[0] in "ae" else "a"
    return _Hit(score, f"ISO 7816 status word {sw}: {meaning}", f, f"{sw} is {article} {match} match in the status-word table ({where_txt})", [QUESTION_SW])


def _status_words(parsed: ParsedInput, cmd: Command | None, hits: list[_Hit]) -> None:
    seen: set[tuple[int, int]] = set()
    for t in parsed.tokens:
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
        hit = _sw_hit(pair[0], pair[1], base, t.text.strip(), "input", cmd)
        if hit is not None:
            hits.append(hit)
    if cmd is not None and not seen:
        # "00 B0 00 00 00 -> 6C08": after a command, a 4-digit answer is its status word even
        # when the parser read a digits-only word as decimal.
        for m in rx(r"(?:->|=>|<-|<<|>>|:|\bgot|\breturned|\banswer(?:ed)?)\s*([0-9A-Fa-f]{2})\s?([0-9A-Fa-f]{2})\b", 0).finditer(parsed.text):
            sw1, sw2 = int(m.group(1), 16), int(m.group(2), 16)
            if K.is_sw1(sw1) and (sw1, sw2) not in seen:
                seen.add((sw1, sw2))
                hit = _sw_hit(sw1, sw2, 0.7, m.group(1) + m.group(2), "input", cmd)
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
    fixes = [Fix("Find the second status byte in the log (the byte after this one) and run hsdoctor explain on both, e.g. 'hsdoctor explain 68 81'.", "user")]
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
def _cause_fixes(code: str) -> list[Fix]:
    """The fixes for a cause, whoever named it (a PC/SC code, a library message, a PKCS#11
    verdict); [] when the cause has none of its own."""
    if code == "smartcard.no_service":
        return [
            Fix("Start the PC/SC service: Linux 'sudo systemctl enable --now pcscd.socket' (or run 'sudo pcscd --foreground --debug' to watch it); Windows: start the 'Smart Card' service (SCardSvr).", "host",
                "sudo systemctl enable --now pcscd.socket && systemctl status pcscd",),
            Fix("Install it if missing: 'sudo apt install pcscd libccid' (Debian/Ubuntu). In a container or Flatpak/snap, mount the host socket /run/pcscd/pcscd.comm.", "host", "sudo apt install pcscd libccid"),
            Fix("Check that the client reaches it: 'pcsc_scan -r' lists the readers, or prints 'SCardEstablishContext: Service not available.' when pcscd is down.", "user", "pcsc_scan -r"),
        ]
    if code == "smartcard.no_reader":
        return [
            Fix("Plug the reader in and check it is seen: 'lsusb', then 'pcsc_scan -r' (or 'opensc-tool -l').", "user", "pcsc_scan -r"),
            Fix("Install the CCID driver (Debian: 'sudo apt install libccid') or the vendor's driver, then restart pcscd.", "host", "sudo apt install libccid && sudo systemctl restart pcscd"),
        ]
    if code == "smartcard.no_card":
        return [
            Fix("Insert the card (contactless: keep it on the reader) and watch the reader's state with pcsc_scan; wait for the card instead of connecting at once.", "user", "pcsc_scan",
                (Snippet("pyscard", "from smartcard.CardRequest import CardRequest\nservice = CardRequest(timeout=10).waitforcard()  # raises CardRequestTimeoutException\nservice.connection.connect()"),)),
        ]
    if code == "smartcard.sharing_violation":
        return [
            Fix("Find who holds the card: list pcscd's clients and stop the one that connected in exclusive mode (often gpg-agent's scdaemon, a browser's PKCS#11 module, or another instance of your tool).", "host",
                "sudo fuser -v /run/pcscd/pcscd.comm; sudo lsof /run/pcscd/pcscd.comm"),
            Fix("If it is GnuPG: 'gpgconf --kill scdaemon', or add 'pcsc-shared' to ~/.gnupg/scdaemon.conf so scdaemon does not take the card exclusively.", "host", "gpgconf --kill scdaemon"),
            Fix("Connect in shared mode yourself, and release the card (disconnect) when done.", "client", "",
                (Snippet("pyscard", "from smartcard.scard import SCARD_SHARE_SHARED\nconn.connect(mode=SCARD_SHARE_SHARED)  # never SCARD_SHARE_EXCLUSIVE for a long time"),
                 Snippet("java", "Card card = terminal.connect(\"*\");  // shared; avoid card.beginExclusive() for long periods"))),
        ]
    if code == "smartcard.transaction_held":
        return [Fix("Another application holds an SCardBeginTransaction; its end (SCardEndTransaction) releases the card. Find it with 'sudo fuser -v /run/pcscd/pcscd.comm'.", "host", "sudo fuser -v /run/pcscd/pcscd.comm")]
    if code == "smartcard.card_removed":
        return [
            Fix("The connection is dead: connect again (and SELECT the application again). For contactless cards keep the card still in the field.", "client", "",
                (Snippet("pyscard", "conn.disconnect()\nconn.connect()  # then re-SELECT the applet"),)),
            Fix("If nobody removed it: check the contacts, the reader cable and USB power management (autosuspend can drop the reader).", "user"),
        ]
    if code == "smartcard.card_reset":
        return [Fix("Another application (or a reconnect with SCARD_RESET_CARD) reset the card: reconnect with SCardReconnect(..., SCARD_LEAVE_CARD) and redo SELECT and authentication.", "client", "",
                    (Snippet("pyscard", "from smartcard.scard import SCardReconnect, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_LEAVE_CARD\n"
                             "hresult, proto = SCardReconnect(hcard, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, SCARD_LEAVE_CARD)"),))]
    if code == "smartcard.card_unresponsive":
        return [
            Fix("Take the card out and put it back; clean the contacts; try another reader. Check the ATR with 'pcsc_scan' or 'opensc-tool -a'.", "user", "opensc-tool -a"),
            Fix("Check the reader supplies the card's voltage class (A 5 V, B 3 V, C 1.8 V: see the ATR) and update the reader driver (libccid).", "host"),
        ]
    if code == "smartcard.transmit_failed":
        return [
            Fix("Look at the exchange in pcscd's log: stop the service and run it in the foreground with APDU logging, then repeat the command.", "host",
                "sudo systemctl stop pcscd.socket pcscd; sudo LIBCCID_ifdLogLevel=0x000F pcscd --foreground --debug --apdu"),
            Fix("Common causes: the card left the field or lost contact; an extended-length APDU sent through a reader that only does short APDUs; an outdated reader driver.", "user"),
        ]
    if code == "smartcard.protocol_mismatch":
        return [Fix("Let PC/SC choose: connect with T=0 | T=1 and transmit with the protocol the connection reports; check the ATR for the protocols the card offers.", "client", "",
                    (Snippet("pyscard", "from smartcard.CardConnection import CardConnection\nconn.connect(CardConnection.T0_protocol | CardConnection.T1_protocol)\nconn.transmit(apdu)  # uses the negotiated protocol"),
                     Snippet("java", "Card card = terminal.connect(\"*\");  // any protocol")))]
    if code == "smartcard.pin_blocked":
        return [Fix("The PIN is blocked; only the issuer's unblock procedure (PUK) restores it.", "user")]
    if code == "smartcard.reader_claimed":
        return [
            Fix("See which kernel driver is bound to the reader: for NFC readers (ACR122U, SCL3711, PN533-based) it is usually pn533_usb, which takes the USB interface before pcscd or libnfc can.", "host",
                "lsmod | grep -E 'pn533|nfc'; sudo dmesg | grep -iE 'pn533|usbfs'"),
            Fix("Unload it and keep it from loading again, then restart pcscd.", "host",
                "echo 'blacklist pn533_usb' | sudo tee /etc/modprobe.d/blacklist-pn533.conf && sudo modprobe -r pn533_usb pn533 nfc; sudo systemctl restart pcscd"),
            Fix("If no kernel driver holds it, another program does (libnfc/nfcpy tools, GnuPG's scdaemon with its own CCID driver, a second pcscd): find it and stop it, or let everything go through pcscd.", "host",
                "sudo lsof /dev/bus/usb/*/* 2>/dev/null | grep -v pcscd"),
        ]
    if code == "smartcard.scdaemon_conflict":
        return [
            Fix("Let scdaemon use pcscd instead of its own CCID driver, and share the card with other PC/SC programs; then restart scdaemon.", "host",
                "printf 'disable-ccid\\npcsc-shared\\n' >> ~/.gnupg/scdaemon.conf && gpgconf --kill scdaemon && gpg --card-status"),
            Fix("Check that PC/SC itself sees the card first; if pcsc_scan does not, fix that (pcscd, driver) before GnuPG.", "user", "pcsc_scan"),
        ]
    if code == "smartcard.token_unrecognized":
        return [
            Fix("Look up the card's ATR to learn what it is and which middleware supports it (OpenSC, the vendor's PKCS#11 module).", "user", "opensc-tool -a   # then search the ATR at https://smartcard-atr.apdu.fr/"),
            Fix("Check which card driver OpenSC picks, with debug output; a blank card needs initialising (pkcs15-init) before a PKCS#11 module can use it.", "host", "opensc-tool -n -v; OPENSC_DEBUG=3 pkcs11-tool -L"),
        ]
    return []


def _pcsc_fixes(code: str, row: K.PcscRow | None) -> list[Fix]:
    """A PC/SC return code's fixes: the cause's own, else the code's, else watch pcscd's log."""
    own = _cause_fixes(code)
    if own:
        return own
    if row is not None and row.name == "SCARD_E_INSUFFICIENT_BUFFER":
        return [Fix("Give the receive buffer room for the whole answer: 256 data bytes + SW1 SW2 = 258 for short APDUs, 65538 for extended ones.", "client")]
    if row is not None and row.name == "SCARD_E_TIMEOUT":
        return [Fix("The wait you asked for ended with no event: expected when polling with SCardGetStatusChange; raise the timeout or loop.", "client")]
    if row is not None and row.name == "SCARD_E_INVALID_HANDLE":
        return [Fix("Do not reuse a context or card handle after SCardReleaseContext/SCardDisconnect, across fork(), or from another process; establish a new one.", "client")]
    return [Fix("Run the PC/SC call again with pcscd in the foreground ('sudo pcscd --foreground --debug') to see what the service reports.", "host", "sudo pcscd --foreground --debug")]


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
    for m in rx(r"\bCKR_[A-Z_]+\b", 0).finditer(parsed.text):
        row = P11.by_name(m.group(0))
        if row is None or row.name in seen:
            continue
        seen.add(row.name)
        if row.code in have and row.code != "smartcard.pkcs11_error":
            continue  # a library message or PC/SC code already named this cause
        have.add(row.code)
        fixes = [Fix(row.fix, "user" if row.code != "smartcard.pkcs11_error" else "client")] + _cause_fixes(row.code)
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


def _messages(parsed: ParsedInput, hits: list[_Hit], have: set[str], pcsc_found: bool, cmd: Command | None) -> None:
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
            fixes=_cause_fixes(row.code),
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
                        [ev], [Fix("Check the reader's framing and the card's answer: TS, the T0 length nibble, the TD chain and TCK (XOR of T0..TCK = 00).", "card", "ATR_analysis '" + a.hex + "'")],
                        [ATR_SOURCE], data)
            score = 0.8 if says_atr else 0.45
        else:
            f = Finding("smartcard.atr_decoded", DOMAIN, "ATR: " + a.summary() + (f" ({names[0]})" if names else ""), "\n".join(lines), "info", 0.8,
                        [ev], [Fix("Cross-check with pcsc-tools.", "user", "ATR_analysis '" + a.hex + "'")],
                        [ATR_SOURCE] + (["pcsc-tools smartcard_list.txt (read at run time)"] if names else []), data)
            score = 0.85 if says_atr else 0.45
        hits.append(_Hit(score, "ATR " + a.summary(), f, "the bytes parse as an ISO 7816-3 ATR" + (" and the text says ATR" if says_atr else "")))
    return found


def _command_from(parsed: ParsedInput, exclude_atr: bool) -> Command | None:
    for t in parsed.tokens:
        if t.kind != BYTES or len(t.values) < 4:
            continue
        if exclude_atr and t.values[0] in (0x3B, 0x3F):
            continue
        cmd = parse_command(t.values)
        if cmd is not None and _plausible_command(cmd):
            return cmd
    return None


def _apdu_hit(cmd: Command, says_apdu: bool) -> _Hit:
    ins = K.ins_row(cmd.ins)
    cla = K.decode_cla(cmd.cla)
    name = ins.name if ins else f"INS {cmd.ins:02X}"
    unsafe = ins is not None and ins.kind in K.UNSAFE_KINDS
    parts = [f"CLA {cmd.cla:02X}", f"INS {cmd.ins:02X} ({name})", f"P1-P2 {cmd.p1:02X} {cmd.p2:02X}", f"case {cmd.case}"]
    if cmd.lc:
        parts.append(f"Lc {cmd.lc} data {_hx(cmd.data[:32])}{' ...' if len(cmd.data) > 32 else ''}")
    if cmd.le is not None:
        parts.append(f"Le {cmd.le:02X}" + (" (256)" if cmd.le == 0 and cmd.le_len == 1 else ""))
    detail = "; ".join(parts) + ". " + cla.describe() + "."
    if cmd.ins == 0xA4 and cmd.p1 == 0x04 and cmd.data:
        detail += f" SELECT by name: AID {_hx(cmd.data)}."
    if unsafe:
        detail += f" {name} is a {ins.kind} command: it changes the card or uses up PIN tries; hsdoctor's probe never sends it."
    if cmd.cla == 0xFF:
        detail += " CLA FF: a PC/SC pseudo-APDU answered by the reader, not by the card."
    f = Finding("smartcard.apdu_command", DOMAIN, f"Command APDU: {name} (CLA {cmd.cla:02X}, case {cmd.case})", detail, "info", 0.7,
                [Evidence("bytes", cmd.hex(), "input", name)], [], [ins.source if ins else K.ISO4_INS, cla.source],
                {"cla": cmd.cla, "ins": cmd.ins, "p1": cmd.p1, "p2": cmd.p2, "case": cmd.case, "lc": cmd.lc, "le": cmd.le, "unsafe": unsafe})
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
