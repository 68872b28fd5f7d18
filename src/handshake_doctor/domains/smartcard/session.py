"""An APDU session (command, response, command, response...) judged in context (pure).

Why context: a status word alone says little; what the command was and what came next says what
went wrong. 63CX after VERIFY is a wrong PIN with X tries left, and a 6982 on the next command
is caused by it; 61XX on T=0 is fine when GET RESPONSE follows and the bug when it does not;
6CXX is fine when the command is re-sent with Le = XX; 68XX names the CLA bits to check; 6A82
while a driver probes for applications (several SELECTs, one of which succeeds) is expected.
Meanings come from the domain's tables (knowledge.py: lookup_sw, ins_row, decode_cla,
CLA_BITS_FOR_SW; ISO/IEC 7816-4 §5.1, §5.6); this module only reads the sequence.

Input: a Transcript whose exchanges alternate TX (command APDU) and RX (response: data + SW1 SW2),
``settings["protocol"]`` = "T=0"/"T=1" where the log says so. Any source can produce it (a
pcscd or OpenSC log read by analyze, the PC/SC probe's own recording).
"""

from __future__ import annotations

from ...model import Evidence, Finding
from ...transcript import RX, TX, Transcript
from . import knowledge as K
from .fixes import fixes_for

ISO = "ISO/IEC 7816-4:2020 §5.1, §5.6"
GET_RESPONSE = 0xC0
SELECT = 0xA4
VERIFY = (0x20, 0x21)


def pairs(tr: Transcript) -> list[tuple[bytes, bytes, str, float]]:
    """(command, response, protocol, time) in order; an unanswered command gets b""."""
    out: list[tuple[bytes, bytes, str, float]] = []
    pending: tuple[bytes, str, float] | None = None
    for e in tr.exchanges:
        if e.kind == "event":
            continue
        if e.direction == TX:
            if pending is not None:
                out.append((pending[0], b"", pending[1], pending[2]))
            pending = (e.data, str(e.settings.get("protocol", "")), e.t)
        elif e.direction == RX and pending is not None:
            out.append((pending[0], e.data, pending[1], pending[2]))
            pending = None
    if pending is not None:
        out.append((pending[0], b"", pending[1], pending[2]))
    return out


def _ins_name(cmd: bytes) -> str:
    if len(cmd) < 2:
        return "?"
    row = K.ins_row(cmd[1])
    return row.name if row else f"INS {cmd[1]:02X}"


def _ev(i: int, cmd: bytes, resp: bytes, note: str) -> list[Evidence]:
    return [Evidence("apdu", cmd.hex(" ").upper(), f"exchange {i + 1}", f"command: {_ins_name(cmd)}"),
            Evidence("status_word", resp[-2:].hex().upper(), f"exchange {i + 1}", note)]


def _meaning(sw1: int, sw2: int) -> tuple[str, str]:
    got = K.lookup_sw(sw1, sw2)
    if got is None:
        return "", "status word not in the tables"
    row, _how = got
    return getattr(row, "code", "") or "", K.sw_text(row, sw1, sw2)


def judge(tr: Transcript) -> list[Finding]:
    ps = pairs(tr)
    out: list[Finding] = []
    wrong_pin_at: int | None = None
    selects = [(i, c, r) for i, (c, r, _p, _t) in enumerate(ps) if len(c) >= 4 and c[1] == SELECT]
    select_ok = any(len(r) >= 2 and r[-2:] == b"\x90\x00" or (len(r) >= 2 and r[-2] == 0x61) for _i, _c, r in selects)
    for i, (cmd, resp, proto, _t) in enumerate(ps):
        if len(cmd) < 4:
            continue
        if len(resp) < 2:
            out.append(Finding("smartcard.transmit_failed", "smartcard", f"The {_ins_name(cmd)} command got no response in the log", "", "warning", 0.5,
                               [Evidence("apdu", cmd.hex(" ").upper(), f"exchange {i + 1}", "no SW logged after it")], sources=[ISO]))
            continue
        sw1, sw2 = resp[-2], resp[-1]
        sw = f"{sw1:02X}{sw2:02X}"
        nxt = ps[i + 1][0] if i + 1 < len(ps) else b""
        name = _ins_name(cmd)
        code, text = _meaning(sw1, sw2)
        if sw1 == 0x90 and sw2 == 0:
            continue
        if sw1 == 0x63 and sw2 & 0xF0 == 0xC0 and cmd[1] in VERIFY:
            left = sw2 & 0x0F
            wrong_pin_at = i
            out.append(Finding("smartcard.pin_tries_left", "smartcard",
                               f"Wrong PIN: VERIFY answered 63C{left:X}, {left} tr{'y' if left == 1 else 'ies'} left",
                               "The card compared the PIN and refused it; each further wrong PIN costs a try, and at 0 the PIN is blocked (6983). "
                               "The commands that need the PIN afterwards fail with 6982 because of this.",
                               "error", 0.95, _ev(i, cmd, resp, f"63C{left:X}: wrong PIN, {left} left"),
                               fixes_for("smartcard.pin_tries_left"), [ISO],
                               {"tries_left": left, "command": name, "exchange": i + 1}))
            continue
        if sw == "6983" and cmd[1] in VERIFY:
            out.append(Finding("smartcard.pin_blocked", "smartcard", "The PIN is blocked (VERIFY answered 6983)", "Unblock it with the PUK / the card's reset procedure.",
                               "error", 0.95, _ev(i, cmd, resp, "authentication method blocked"), fixes_for("smartcard.pin_blocked"), [ISO], {"exchange": i + 1}))
            continue
        if sw == "6982" and wrong_pin_at is not None:
            out.append(Finding("smartcard.security_status", "smartcard", f"{name} answered 6982 (security status not satisfied): the PIN was not verified",
                               f"Caused by the wrong PIN at exchange {wrong_pin_at + 1}.", "warning", 0.9, _ev(i, cmd, resp, "security status not satisfied"),
                               [], [ISO], {"caused_by_exchange": wrong_pin_at + 1}, role="symptom", superseded_by=("smartcard.pin_tries_left",)))
            continue
        if sw1 == 0x61:
            if len(nxt) >= 4 and nxt[1] == GET_RESPONSE:
                continue
            n = sw2 or 256
            out.append(Finding("smartcard.get_response_needed", "smartcard",
                               f"{name} answered 61{sw2:02X} ({n} bytes waiting) and GET RESPONSE was never sent" + (" (T=0)" if proto == "T=0" else ""),
                               "On T=0 a card returns response data only to GET RESPONSE (00 C0 00 00 Le). The application (or a reader driver that "
                               "should do it for it) did not send it, so the data was lost.",
                               "error", 0.9, _ev(i, cmd, resp, f"{n} response bytes waiting"),
                               fixes_for("smartcard.get_response_needed", sw2=sw2, ne=n, gr=f"00 C0 00 00 {sw2:02X}"), [ISO, "ISO/IEC 7816-3 §12.2.2 (T=0 GET RESPONSE)"],
                               {"waiting": n, "protocol": proto, "exchange": i + 1}))
            continue
        if sw1 == 0x6C:
            if len(nxt) >= 5 and nxt[:4] == cmd[:4] and nxt[-1] == sw2:
                continue
            out.append(Finding("smartcard.wrong_le", "smartcard", f"{name} answered 6C{sw2:02X}: re-send it with Le = {sw2:02X}",
                               f"The card has exactly {sw2 or 256} bytes for this command and asks for the same command with that Le; it was not re-sent.",
                               "error", 0.9, _ev(i, cmd, resp, f"wrong Le: use {sw2:02X}"),
                               fixes_for("smartcard.wrong_le", sw2=sw2, resend=(cmd[:-1] if len(cmd) > 4 else cmd).hex(" ").upper() + f" {sw2:02X}"),
                               [ISO], {"le": sw2, "exchange": i + 1}))
            continue
        if sw1 == 0x68:
            bits = K.CLA_BITS_FOR_SW.get(sw2, K.CLA_BITS_FOR_SW[0x00])
            fcode = {0x81: "smartcard.logical_channel_unsupported", 0x82: "smartcard.secure_messaging_unsupported", 0x83: "smartcard.chaining_unsupported",
                     0x84: "smartcard.chaining_unsupported"}.get(sw2, "smartcard.cla_unsupported")
            out.append(Finding(fcode, "smartcard", f"{name} answered {sw} ({text}): check {bits.split(':')[0]}",
                               f"{K.decode_cla(cmd[0]).describe()}. Check {bits}.", "error", 0.9, _ev(i, cmd, resp, text),
                               fixes_for(fcode), [ISO],
                               {"cla": f"{cmd[0]:02X}", "exchange": i + 1}))
            continue
        if sw == "6A82" and cmd[1] == SELECT:
            probing = len(selects) >= 2 and select_ok
            if probing:
                out.append(Finding("smartcard.file_not_found", "smartcard", f"SELECT {cmd[5:5 + cmd[4]].hex().upper() if len(cmd) > 5 else ''} answered 6A82: expected, a driver probing for applications",
                                   "Middleware (OpenSC, a PKCS#11 module, a browser) tries the applications it knows one after another; 'not found' for the ones the card lacks is normal.",
                                   "info", 0.8, _ev(i, cmd, resp, "not found (probing)"), [], [ISO], {"probing": True, "exchange": i + 1}, role="state"))
            else:
                out.append(Finding("smartcard.file_not_found", "smartcard", f"SELECT answered 6A82: the application or file is not on this card",
                                   "The card does not have it: another card type, an applet not installed, or a wrong AID.", "error", 0.8,
                                   _ev(i, cmd, resp, "file or application not found"), fixes_for("smartcard.file_not_found"),
                                   [ISO], {"probing": False, "exchange": i + 1}))
            continue
        if K.is_sw1(sw1) and sw1 in (0x62, 0x63):
            continue  # warnings: the command was executed
        fcode = code if code and code.startswith("smartcard.") else "smartcard.status_word"
        out.append(Finding(fcode, "smartcard", f"{name} answered {sw}: {text}", "", "error", 0.75, _ev(i, cmd, resp, text), [], [ISO], {"sw": sw, "exchange": i + 1}))
    if ps and not any(f.severity in ("error", "warning") for f in out):
        out.append(Finding("smartcard.ok", "smartcard", f"{len(ps)} APDU exchange(s), no failing status word", "", "ok", 0.8, [], [], [ISO]))
    return out
