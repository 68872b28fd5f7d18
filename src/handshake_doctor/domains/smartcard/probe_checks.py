"""The APDU layer of the PC/SC probe: which classes the card accepts, and what its SWs mean.

Why separate from the PC/SC code: the checks only need "send these bytes, get those bytes back",
so they take a ``transmit`` callable. The real probe passes SCardTransmit (with a deadline); the
unit tests pass the scripted card's pure ``answer`` function, so the check logic is tested
without pcscd and then again through the whole stack.

Every command built here is a SELECT (MF or AID, P2=0C: no FCI), GET DATA or GET RESPONSE, and
every command passes :func:`card_apdu.refusal` before it is sent: the probe cannot write.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from ...model import Evidence, Finding, Fix, Step
from . import card_apdu as A
from . import fixes as F
from .knowledge import ISO4 as ISO
from .knowledge import SwMeaning, is_success
from .knowledge import sw_meaning as meaning

DOMAIN = "smartcard"
Transmit = Callable[[bytes], bytes]

MAX_GET_RESPONSE = 16  # a card that keeps answering 61XX cannot keep the probe busy
CPLC_TAG = 0x9F7F  # GlobalPlatform Card Production Life Cycle data: harmless, widely present

CLA_GROUPS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("logical channels", "smartcard.logical_channel_unsupported", (0x01, 0x02, 0x03)),
    ("secure messaging", "smartcard.secure_messaging_unsupported", (0x04, 0x08, 0x0C)),
    ("command chaining", "smartcard.chaining_unsupported", (0x10,)),
)
CLA_SOURCE = "ISO/IEC 7816-4:2020 §5.4.1 (class byte: b1-b2 channel, b3-b4 secure messaging, b5 chaining, b8 proprietary)"


class BudgetExhausted(RuntimeError):
    """The card kept the probe sending (61XX after 61XX...): the checks stop where they are."""


class UnsafeCommand(RuntimeError):
    """Raised before sending a command that :func:`card_apdu.refusal` rejects (a bug guard)."""


@dataclass
class Exchange:
    label: str
    command: bytes
    response: bytes
    elapsed_ms: float

    @property
    def sw(self) -> tuple[int, int]:
        if len(self.response) < 2:
            return (0, 0)
        return self.response[-2], self.response[-1]

    @property
    def sw_hex(self) -> str:
        return f"{self.sw[0]:02X}{self.sw[1]:02X}"

    @property
    def data(self) -> bytes:
        return self.response[:-2]

    def evidence(self, where: str, note: str = "") -> Evidence:
        shown = A.spaced(self.response) if len(self.response) <= 40 else A.spaced(self.response[:38]) + " ..."
        return Evidence("apdu", f"{A.spaced(self.command)} -> {shown}", where, note or self.label)


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    accepted_cla: list[int] = field(default_factory=list)
    rejected_cla: dict[int, str] = field(default_factory=dict)  # CLA -> SW


class Session:
    """Sends commands, records every exchange, and resolves 61XX / 6CXX like a T=0 reader would."""

    def __init__(self, transmit: Transmit, where: str, max_apdus: int = 40) -> None:
        self.transmit = transmit
        self.where = where
        self.exchanges: list[Exchange] = []
        self.max_apdus = max_apdus
        self.procedure_findings: dict[str, Finding] = {}

    def send(self, label: str, command: bytes) -> Exchange:
        reason = A.refusal(A.decode(command))
        if reason is not None:
            raise UnsafeCommand(f"refusing to send {A.spaced(command)}: {reason}")
        if len(self.exchanges) >= self.max_apdus:
            raise BudgetExhausted(f"the budget of {self.max_apdus} APDUs is spent")
        t0 = time.perf_counter()
        resp = self.transmit(command)
        ex = Exchange(label, command, bytes(resp), (time.perf_counter() - t0) * 1000)
        self.exchanges.append(ex)
        return ex

    def send_resolving(self, label: str, command: bytes) -> tuple[Exchange, Exchange]:
        """Send; on 6CXX re-send once with Le=XX; on 61XX fetch with GET RESPONSE (bounded).

        Returns (first exchange, final exchange); the final response carries all data fetched."""
        first = ex = self.send(label, command)
        if ex.sw[0] == 0x6C:
            fixed = A.with_le(command, ex.sw[1])
            again = self.send(f"{label}, re-sent with Le={ex.sw[1]:02X}", fixed)
            self._note_wrong_le(label, ex, again)
            ex = again
        data = ex.data
        rounds = 0
        while ex.sw[0] == 0x61 and rounds < MAX_GET_RESPONSE:
            rounds += 1
            gr = self.send(f"GET RESPONSE after {label}", A.get_response(ex.sw[1]))
            self._note_get_response(label, ex, gr)
            data += gr.data
            ex = gr
        final = Exchange(ex.label, ex.command, data + bytes(ex.sw), ex.elapsed_ms)
        return first, final

    def _note_wrong_le(self, label: str, bad: Exchange, good: Exchange) -> None:
        if "smartcard.wrong_le" in self.procedure_findings:
            self.procedure_findings["smartcard.wrong_le"].evidence.append(bad.evidence(self.where))
            return
        xx = bad.sw[1]
        self.procedure_findings["smartcard.wrong_le"] = Finding(
            code="smartcard.wrong_le",
            domain=DOMAIN,
            severity="warning",
            confidence=0.9,
            summary=f"The card answered 6C{xx:02X} to {label}: wrong Le, the right Le is {xx:02X} ({xx or 256} bytes)",
            detail=(
                "6CXX is a procedure status, not a failure: the card tells the exact length it wants in Le. "
                "The probe re-sent the same command with Le={:02X} and the card answered {} ({}). "
                "pcsc-lite and pyscard hand 6CXX to the application unchanged, so your code must re-send the "
                "command itself.".format(xx, good.sw_hex, meaning(*good.sw).meaning)
            ),
            evidence=[bad.evidence(self.where, "first answer: wrong Le"), good.evidence(self.where, "re-sent with Le=SW2")],
            fixes=F.fixes_for("smartcard.wrong_le", sw2=xx, ne=xx or 256, resend=A.spaced(good.command)),
            sources=[ISO + " (6CXX)", "facts/smartcard.md gotcha 7 (pcsc-lite/pyscard pass 6CXX through)"],
            data={"command": bad.command.hex().upper(), "right_le": xx, "after_resend": good.sw_hex},
        )

    def _note_get_response(self, label: str, pending: Exchange, gr: Exchange) -> None:
        if "smartcard.get_response_needed" in self.procedure_findings:
            self.procedure_findings["smartcard.get_response_needed"].evidence.append(gr.evidence(self.where))
            return
        n = pending.sw[1] or 256
        self.procedure_findings["smartcard.get_response_needed"] = Finding(
            code="smartcard.get_response_needed",
            domain=DOMAIN,
            severity="warning",
            confidence=0.9,
            summary=f"The card answered {pending.sw_hex} to {label}: {n} response bytes wait for GET RESPONSE",
            detail=(
                "61XX is a procedure status: the command worked and XX bytes are ready. The probe sent GET "
                f"RESPONSE (00 C0 00 00 {pending.sw[1]:02X}) and received {len(gr.data)} bytes with {gr.sw_hex}: "
                f"{A.spaced(gr.data[:32]) or '(no data)'}. Neither pcsc-lite nor pyscard fetches them for you."
            ),
            evidence=[pending.evidence(self.where, "data waiting"), gr.evidence(self.where, "GET RESPONSE")],
            fixes=F.fixes_for("smartcard.get_response_needed", sw2=pending.sw[1], gr=A.spaced(gr.command)),
            sources=[ISO + " (61XX)", "ISO/IEC 7816-4:2020 §11.4.3 (GET RESPONSE)",
                     "facts/smartcard.md gotcha 7 (pcsc-lite/pyscard pass 61XX through)"],
            data={"command": pending.command.hex().upper(), "data": gr.data.hex().upper(), "final_sw": gr.sw_hex},
        )


def _sw_finding(code: str, ex: Exchange, where: str, summary: str, detail: str, m: SwMeaning,
                severity: str = "warning", fixes: list[Fix] | None = None, extra: list[Exchange] | None = None) -> Finding:
    if fixes is None:
        fixes = F.fixes_for(code, [ex.sw_hex, ex.sw_hex[:2]])
    evidence = [ex.evidence(where, m.meaning)] + [e.evidence(where, meaning(*e.sw).meaning) for e in (extra or [])]
    return Finding(
        code=code, domain=DOMAIN, severity=severity,  # type: ignore[arg-type]
        confidence=0.9 if m.match == "exact" else 0.7,
        summary=summary, detail=detail, evidence=evidence, fixes=fixes or [],
        sources=[m.source, CLA_SOURCE] if code != "smartcard.file_not_found" else [m.source],
        data={"sw": ex.sw_hex, "command": ex.command.hex().upper(), "match": m.match},
    )


def _cla_rejected(sw: tuple[int, int]) -> bool:
    """SW1=68 or 6E00: the card refused the class byte itself, before looking at the command."""
    return sw[0] == 0x68 or sw == (0x6E, 0x00)


def _base_failure(ex: Exchange, where: str, aid: bytes | None) -> Finding | None:
    m = meaning(*ex.sw)
    what = f"SELECT {'AID ' + A.spaced(aid) if aid else 'MF (3F00)'}"
    if m.code == "smartcard.class_unsupported":
        return _sw_finding(m.code, ex, where, f"The card rejects CLA 00 (6E00) for {what}: it does not speak the interindustry class",
                           "A card that answers 6E00 to CLA 00 expects a proprietary class (often 80 or A0 for SIM-era cards). "
                           "Use the class byte from the card's or applet's specification.", m, "error")
    if m.code == "smartcard.ins_unsupported":
        return _sw_finding(m.code, ex, where, f"The card does not support SELECT (6D00) for {what}",
                           "The instruction is unknown to the card or to the currently selected application.", m, "error")
    if m.code == "smartcard.file_not_found":
        sev = "error" if aid else "info"
        return _sw_finding(m.code, ex, where, f"{what}: not found on this card (6A82)",
                           ("The application with this AID is not installed (or not selectable) on the card: check the AID "
                            "against the applet's documentation.") if aid else
                           "The card has no selectable master file; many applet cards only answer to SELECT by AID (use --aid).",
                           m, sev, F.fixes_for(m.code, [] if aid else ["no_mf"]))
    if m.code in ("smartcard.security_status", "smartcard.conditions_not_satisfied"):
        return _sw_finding(m.code, ex, where, f"{what} answered {ex.sw_hex}: {m.meaning}",
                           "The card refuses the selection in its current security state (PIN or authentication needed, "
                           "or the application is locked).", m, "error")
    if m.code is not None and m.code.startswith("smartcard.") and _cla_rejected(ex.sw):
        return _sw_finding(m.code, ex, where, f"The card rejects CLA 00 for {what} ({ex.sw_hex}: {m.meaning})",
                           "The plain interindustry class is refused; the card needs another class byte.", m, "error")
    if not is_success(*ex.sw):
        return _sw_finding("smartcard.status_word", ex, where, f"{what} answered {ex.sw_hex}: {m.meaning}",
                           "The card refused the harmless base command; the class-byte checks were skipped.", m, "warning")
    return None


def run_checks(transmit: Transmit, where: str, aid: bytes | None = None, user_apdu: bytes | None = None) -> CheckResult:
    """Run the APDU-layer checklist; findings are ordered with the user's own command first."""
    res = CheckResult()
    session = Session(transmit, where)
    errors: list[Finding] = []
    warnings: list[Finding] = []

    def step(name: str, t0: float, detail: str, status: str = "ran") -> None:
        res.steps.append(Step(name, status, detail, round((time.perf_counter() - t0) * 1000, 3)))

    user_finding: Finding | None = None
    try:
        # 1. the base command with the plain class
        t0 = time.perf_counter()
        base_cmd = A.select_aid(aid) if aid else A.select_mf()
        first, base = session.send_resolving("SELECT " + ("AID" if aid else "MF"), base_cmd)
        failure = _base_failure(base, where, aid)
        base_ok = failure is None
        if failure is not None and not aid and base.sw == (0x6A, 0x82):
            # No MF: take GET DATA (CPLC) as the base command when it works, so the class checks can run.
            _, alt = session.send_resolving("GET DATA 9F7F (CPLC)", A.get_data(CPLC_TAG))
            if is_success(*alt.sw) or alt.sw[0] == 0x6A:
                base_cmd, base, base_ok = A.get_data(CPLC_TAG), alt, True
        if failure is not None:
            (errors if failure.severity == "error" else warnings if failure.severity == "warning" else []).append(failure)
        step("base command (CLA 00)", t0, f"{A.spaced(base_cmd)} -> {base.sw_hex} ({meaning(*base.sw).meaning})")

        # 2. a case-2 command: shows whether the card uses T=0 procedure statuses (61XX / 6CXX)
        t0 = time.perf_counter()
        if base_cmd[1] != A.INS_GET_DATA:
            _, gd = session.send_resolving("GET DATA 9F7F (CPLC)", A.get_data(CPLC_TAG))
            step("GET DATA 9F7F (CPLC)", t0, f"-> {gd.sw_hex} ({meaning(*gd.sw).meaning}); {len(gd.data)} data bytes")

        # 3. class-byte matrix on the base command
        if not base_ok:
            res.steps.append(Step("class byte (CLA) checks", "skipped", "the base command failed with CLA 00, so a CLA "
                                  "variant's answer could not be told apart from the base failure"))
        else:
            for group, code, clas in CLA_GROUPS:
                t0 = time.perf_counter()
                rejected: list[Exchange] = []
                for cla in clas:
                    ex = session.send(f"{A.spaced(base_cmd[:2])} with CLA {cla:02X} ({group})", A.with_cla(base_cmd, cla))
                    if _cla_rejected(ex.sw):
                        rejected.append(ex)
                        res.rejected_cla[cla] = ex.sw_hex
                    else:
                        res.accepted_cla.append(cla)
                        if cla == 0x10 and is_success(*ex.sw):
                            # The card now waits for the chain's last command: send it (CLA 00) so the
                            # card is left as it was found.
                            session.send("last command of the chain (CLA 00)", base_cmd)
                step(f"CLA {', '.join(f'{c:02X}' for c in clas)} ({group})", t0,
                     "accepted" if not rejected else "rejected: " + ", ".join(f"{e.command[0]:02X}->{e.sw_hex}" for e in rejected))
                if rejected:
                    warnings.append(_cla_group_finding(group, code, rejected, where))
            # proprietary class: GET DATA with CLA 80 (GlobalPlatform's form of the command)
            t0 = time.perf_counter()
            ex = session.send("GET DATA 9F7F with CLA 80 (proprietary class)", A.get_data(CPLC_TAG, cla=0x80))
            if _cla_rejected(ex.sw):
                res.rejected_cla[0x80] = ex.sw_hex
                m = meaning(*ex.sw)
                warnings.append(_sw_finding(
                    "smartcard.class_unsupported" if ex.sw == (0x6E, 0x00) else "smartcard.cla_unsupported", ex, where,
                    f"The card rejects the proprietary class CLA 80 ({ex.sw_hex}: {m.meaning})",
                    "CLA 80 (bit 8 set) marks proprietary commands, used by GlobalPlatform card management and many "
                    "applets. This card refuses the class before looking at the instruction, so commands written for "
                    "CLA 80 (e.g. GlobalPlatform GET DATA/GET STATUS) will not work with it as it is selected now.",
                    m, "warning"))
            else:
                res.accepted_cla.append(0x80)
            step("CLA 80 (proprietary)", t0, f"-> {ex.sw_hex} ({meaning(*ex.sw).meaning})")

        # 4. the user's own command, explained in context
        if user_apdu is not None:
            t0 = time.perf_counter()
            first, final = session.send_resolving("your APDU", user_apdu)
            user_finding = _user_finding(first, final, where, res, session)
            step("your APDU", t0, f"{A.spaced(user_apdu)} -> {first.sw_hex}"
                 + (f" ... {final.sw_hex} after the probe's handling" if len(session.exchanges) > 1
                    and session.exchanges[-1] is not first else ""))
    except BudgetExhausted as exc:
        # a card that answers every command with another 61XX or 6CXX: what was learnt stands
        res.steps.append(Step("remaining checks", "skipped", f"stopped: {exc} (the card kept asking for more)"))

    procedure = list(session.procedure_findings.values())
    ordered: list[Finding] = ([user_finding] if user_finding else []) + errors + procedure + warnings
    seen: set[str] = set()
    for f in ordered:
        if user_finding is not None and f is not user_finding and f.code == user_finding.code:
            continue  # already told, in the user's context
        if f.code in seen and f.code != "smartcard.status_word":
            continue
        seen.add(f.code)
        res.findings.append(f)
    res.exchanges = session.exchanges
    return res


def _cla_group_finding(group: str, code: str, rejected: list[Exchange], where: str) -> Finding:
    ex = rejected[0]
    m = meaning(*ex.sw)
    clas = ", ".join(f"{e.command[0]:02X}" for e in rejected)
    detail = {
        "logical channels": "CLA values 01-03 address logical channels 1-3. The card refuses them, so only the basic channel "
                            "(CLA 00) works: applications that open a second channel (e.g. to keep two applets selected) fail. "
                            "The probe does not open channels (MANAGE CHANNEL changes card state); a card that supports "
                            "channels but has none open may also answer 6881.",
        "secure messaging": "CLA bits 3-4 (04, 08, 0C) announce secure messaging. The card refuses them, so commands wrapped "
                            "in secure messaging (as a middleware or applet expecting SM would send) fail with this SW.",
        "command chaining": "CLA bit 5 (10) announces command chaining (one long command in several APDUs). The card refuses "
                            "it: send commands that fit in one APDU, or use extended length if the card offers it.",
    }[group]
    return _sw_finding(code if m.code in (code, "smartcard.cla_unsupported", "smartcard.class_unsupported") else "smartcard.cla_unsupported",
                       ex, where, f"The card rejects CLA {clas} ({group}) with {ex.sw_hex}: {m.meaning}",
                       detail, m, "warning", None, rejected[1:])


def _user_finding(first: Exchange, final: Exchange, where: str, res: CheckResult, session: Session) -> Finding:
    cla = first.command[0]
    m = meaning(*first.sw)
    context: list[str] = []
    plain = cla & 0x80 == 0
    if plain and cla & 0x03:
        context.append(f"your CLA {cla:02X} addresses logical channel {cla & 0x03}")
    if plain and cla & 0x0C:
        context.append(f"your CLA {cla:02X} has the secure-messaging bits set ({cla & 0x0C:02X})")
    if plain and cla & 0x10:
        context.append(f"your CLA {cla:02X} has the chaining bit set")
    if not plain:
        context.append(f"your CLA {cla:02X} is proprietary (bit 8 set)")
    if res.accepted_cla or res.rejected_cla:
        acc = ", ".join(f"{c:02X}" for c in sorted(set([0x00] + res.accepted_cla)))
        rej = ", ".join(f"{c:02X}->{sw}" for c, sw in sorted(res.rejected_cla.items()))
        context.append(f"on this card CLA {acc} worked" + (f"; rejected: {rej}" if rej else ""))
    if first.sw[0] in (0x61, 0x6C):
        f = session.procedure_findings[m.code or ""] if m.code in session.procedure_findings else None
        if f is not None:
            f.summary = "Your APDU: " + f.summary
            f.detail += " Final answer after the probe's handling: " + final.sw_hex + "."
            return f
    code = m.code or ("smartcard.ok" if is_success(*first.sw) else "smartcard.status_word")
    severity = "ok" if is_success(*first.sw) else "error"
    summary = (f"Your APDU worked here: {first.sw_hex} ({m.meaning})" if severity == "ok"
               else f"Your APDU got {first.sw_hex}: {m.meaning}")
    detail = "; ".join(context) + "." if context else ""
    if code == "smartcard.secure_messaging_unsupported" and cla & 0x0C:
        detail += " Send it without the secure-messaging bits (CLA 00) or with the card's own SM scheme."
    elif code == "smartcard.logical_channel_unsupported":
        detail += " Use the basic channel (CLA 00)."
    elif code == "smartcard.class_unsupported":
        detail += " The card refuses this class byte outright; use the class of the card's specification."
    elif code == "smartcard.file_not_found":
        detail += " The file or application you selected does not exist on this card (or is not visible from the current DF)."
    return Finding(
        code=code, domain=DOMAIN, severity=severity, confidence=0.95 if m.match == "exact" else 0.75,  # type: ignore[arg-type]
        summary=summary, detail=detail.strip(), fixes=F.fixes_for(code, [first.sw_hex, first.sw_hex[:2]]),
        evidence=[first.evidence(where, m.meaning)] + ([final.evidence(where, "after the probe's 61XX/6CXX handling")]
                                                        if final.command != first.command else []),
        sources=[m.source, CLA_SOURCE],
        data={"sw": first.sw_hex, "command": first.command.hex().upper(), "match": m.match,
              "accepted_cla": [f"{c:02X}" for c in sorted(set([0] + res.accepted_cla))],
              "rejected_cla": {f"{c:02X}": sw for c, sw in res.rejected_cla.items()}},
    )
