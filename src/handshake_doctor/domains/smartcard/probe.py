"""``hsdoctor probe pcsc://[READER-NAME-OR-INDEX]``: why does the card not answer my application?

The checklist runs from the service down to the card's class byte, stopping when the cause is
certain: pcscd running -> a reader -> a card -> the card free (exclusive holder: immediate
SCARD_E_SHARING_VIOLATION; transaction holder: calls block, so every call has a deadline) ->
the ATR well formed -> inside our own transaction (so no other application's APDUs interleave)
the APDU layer (probe_checks.py): SELECT / GET DATA / GET RESPONSE only, never a write.

With ``--apdu HEX`` the user's own (read-only) command is replayed and its status word is
explained in the context of what the card accepted; unsafe commands are refused before any
PC/SC call.
"""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import unquote

from ...errors import ProbeUnavailable, UsageError
from ...model import Diagnosis, DomainScore, Evidence, Finding, Fix, Step
from . import card_apdu as A
from . import fixes as F
from .probe_checks import CheckResult, UnsafeCommand, run_checks
from .probe_holders import pcsc_clients
from .probe_pcsc import (
    E_NO_SERVICE, E_NO_SMARTCARD, E_SERVICE_STOPPED, E_SHARING_VIOLATION, W_REMOVED_CARD, W_UNPOWERED_CARD,
    NAMES, W_UNRESPONSIVE_CARD, Blocked, Pcsc, PcscError, ReaderState, load_scard, rc_name, state_names,
)


def parse_atr(atr: bytes):  # type: ignore[no-untyped-def]
    """The domain's ATR parser (imported when a card answered: explain's cold start stays light)."""
    from .atr import parse

    return parse(atr)


def atr_source() -> str:
    from .atr import SOURCE

    return SOURCE


def atr_card_names(atr: bytes) -> list[str]:
    """pcsc-tools' names for the ATR; [] when its list is not installed."""
    from .atr_names import lookup

    try:
        return lookup(atr)
    except OSError:  # an unreadable local list is no reason to stop the probe
        return []

DOMAIN = "smartcard"
PCSC_SRC = "PC/SC Workgroup spec part 5 / pcsc-lite 1.9.9 winscard API (return codes, SCARD_STATE_*)"
CONTENTION_SRC = "observed with pcsc-lite 1.9.9 (facts/smartcard.md, contention table)"
MAX_CONTENTION_WAIT = 1.0  # seconds a connect/transaction may take before we call it blocked


def add_arguments(parser: Any) -> None:
    parser.add_argument("--apdu", metavar="HEX", help="replay your failing command (read-only commands only: "
                        "SELECT, GET DATA, GET RESPONSE, READ BINARY/RECORD) and explain its status word")
    parser.add_argument("--aid", metavar="HEX", help="application to SELECT as the base command (default: the MF, 3F00)")


def parse_target(target: str) -> str | int | None:
    """``pcsc://`` -> None (first reader with a card); ``pcsc://2`` -> index 2; else a reader name."""
    scheme, sep, rest = target.partition("://")
    if not sep or scheme.lower() != "pcsc":
        raise UsageError(f"not a pcsc:// target: {target!r}")
    if any(c in rest for c in "?#") or any(ord(c) < 0x20 for c in rest):
        raise UsageError(f"bad pcsc target {target!r}: use pcsc:// , pcsc://INDEX or pcsc://READER%20NAME")
    name = unquote(rest).strip().rstrip("/") if rest else ""
    if not name:
        return None
    if name.isdigit():
        return int(name)
    if len(name) > 200:
        raise UsageError("reader name too long (max 200 characters)")
    return name


def parse_options(args: Any) -> tuple[bytes | None, bytes | None]:
    aid = user = None
    aid_text = getattr(args, "aid", None)
    if aid_text is not None:
        try:
            aid = A.parse_hex(aid_text)
            A.select_aid(aid)
        except A.ApduError as exc:
            raise UsageError(f"--aid: {exc}") from None
    apdu_text = getattr(args, "apdu", None)
    if apdu_text is not None:
        try:
            user = A.parse_hex(apdu_text)
            decoded = A.decode(user)
        except A.ApduError as exc:
            raise UsageError(f"--apdu: {exc}") from None
        reason = A.refusal(decoded)
        if reason is not None:
            raise UsageError(f"--apdu refused, the probe sends read-only commands only: {reason}")
    return aid, user


def _f(code: str, summary: str, detail: str = "", severity: str = "error", evidence: list[Evidence] | None = None,
       fixes: list[Fix] | None = None, sources: list[str] | None = None, confidence: float = 0.9,
       data: dict[str, Any] | None = None) -> Finding:
    return Finding(code=code, domain=DOMAIN, summary=summary, detail=detail, severity=severity,  # type: ignore[arg-type]
                   confidence=confidence, evidence=evidence or [], fixes=fixes or [], sources=sources or [PCSC_SRC],
                   data=data or {})


class _Run:
    """One probe run: the deadline, the steps and the findings collected so far."""

    def __init__(self, target: str, timeout: float) -> None:
        self.start = time.monotonic()
        self.deadline = self.start + timeout
        self.diag = Diagnosis(verb="probe", input=target, target=target,
                              domains=[DomainScore(DOMAIN, 1.0, "PC/SC smart card", ["the target is pcsc://"])])

    def remaining(self) -> float:
        return max(0.05, self.deadline - time.monotonic())

    def call_timeout(self) -> float:
        return min(3.0, self.remaining())

    def contention_wait(self) -> float:
        return min(MAX_CONTENTION_WAIT, self.remaining() / 2)

    def step(self, name: str, t0: float, detail: str = "", status: str = "ran") -> None:
        self.diag.steps.append(Step(name, status, detail, round((time.monotonic() - t0) * 1000, 3)))

    def skip(self, names: list[str], why: str) -> None:
        for n in names:
            self.diag.steps.append(Step(n, "skipped", why))

    def add(self, finding: Finding) -> None:
        self.diag.findings.append(finding)

    def finish(self) -> Diagnosis:
        self.diag.elapsed_ms = (time.monotonic() - self.start) * 1000
        return self.diag


LATER = ["readers", "card presence", "connect", "ATR", "transaction", "APDU checks"]


def probe(target: str, args: Any) -> Diagnosis:
    selector = parse_target(target)
    aid, user_apdu = parse_options(args)
    try:
        scard = load_scard()
    except ImportError as exc:
        raise ProbeUnavailable(f"the pcsc probe needs pyscard (pip install pyscard): {exc}") from None
    run = _Run(target, float(getattr(args, "timeout", 5.0) or 5.0))
    pcsc = Pcsc(scard, run.call_timeout())
    try:
        _probe(run, pcsc, selector, aid, user_apdu)
    finally:
        t0 = time.monotonic()
        pcsc.close()
        run.step("release (end transaction, disconnect LEAVE_CARD, release context)", t0)
    if not any(f.severity in ("error", "warning") for f in run.diag.findings):
        run.diag.findings.insert(0, _healthy(run))
    return run.finish()


def _service_fixes() -> list[Fix]:
    return F.fixes_for("smartcard.no_service")


def _probe(run: _Run, pcsc: Pcsc, selector: str | int | None, aid: bytes | None, user_apdu: bytes | None) -> None:
    sock = os.environ.get("PCSCLITE_CSOCK_NAME", "/run/pcscd/pcscd.comm")
    # 1. service
    t0 = time.monotonic()
    try:
        pcsc.call_timeout = run.call_timeout()
        pcsc.establish()
    except (PcscError, Blocked) as exc:
        rc = getattr(exc, "rc", None)
        run.step("PC/SC service", t0, str(exc), "failed")
        if isinstance(exc, Blocked) or rc in (E_NO_SERVICE, E_SERVICE_STOPPED):
            run.add(_f("smartcard.no_service", "The PC/SC service (pcscd) is not running or not answering",
                       f"{exc}. Every PC/SC application (pyscard, OpenSC, GnuPG's scdaemon "
                       f"with pcsc-lite, browsers) needs pcscd; its socket here is {sock}.",
                       evidence=[Evidence("pcsc_error", rc_name(rc) if rc is not None else str(exc), "SCardEstablishContext",
                                          "no service" if rc is not None else "no answer")],
                       fixes=_service_fixes(), data={"socket": sock, "socket_exists": os.path.exists(sock)}))
        else:
            run.add(_f("smartcard.no_service", f"SCardEstablishContext failed: {rc_name(rc or 0)}",
                       "The PC/SC service could not be reached.", fixes=_service_fixes(), confidence=0.6))
        run.skip(LATER, "no PC/SC service")
        return
    run.step("PC/SC service", t0, f"context established via {sock}")

    # 2. readers
    t0 = time.monotonic()
    readers = pcsc.readers()
    run.step("readers", t0, f"{len(readers)}: " + "; ".join(readers))
    if not readers:
        run.add(_f("smartcard.no_reader", "pcscd runs but sees no smart-card reader",
                   "SCardListReaders returned SCARD_E_NO_READERS_AVAILABLE: no reader is plugged in, or its driver "
                   "(libccid for USB CCID readers) is missing or does not support it.",
                   evidence=[Evidence("pcsc_error", "SCARD_E_NO_READERS_AVAILABLE (0x8010002E)", "SCardListReaders")],
                   fixes=F.fixes_for("smartcard.no_reader")))
        run.skip(LATER[1:], "no reader")
        return

    # 3. which reader, and is a card in it
    t0 = time.monotonic()
    states = pcsc.states(readers)
    shown = "; ".join(f"{s.name}: {state_names(s.state)}" for s in states)
    chosen = _choose(run, states, selector)
    run.step("card presence", t0, shown)
    if chosen is None:
        run.skip(LATER[2:], "no card")
        return
    where = f"pcsc://{chosen.name}"
    if chosen.mute:
        run.add(_f("smartcard.atr_invalid", f"The card in {chosen.name!r} is mute: it gave no valid answer to reset",
                   "pcscd powered the card but got no ATR (SCARD_STATE_MUTE). The card is inserted the wrong way, dirty, "
                   "broken, or needs a voltage/protocol the reader does not offer.",
                   evidence=[Evidence("reader_state", state_names(chosen.state), where)],
                   fixes=F.fixes_for("smartcard.atr_invalid", ["mute"])))
        run.skip(LATER[2:], "card mute")
        return

    # 4. connect: exclusive holder (immediate error) or transaction holder (call blocks)
    t0 = time.monotonic()
    if not _contended_call(run, "connect", lambda: pcsc.connect(chosen.name, run.contention_wait()), chosen, where, 4, "connect failed"):
        return
    proto = {1: "T=0", 2: "T=1"}.get(pcsc.protocol, f"protocol {pcsc.protocol}")
    run.step("connect", t0, f"SCARD_SHARE_SHARED, {proto}")

    # 5. ATR
    t0 = time.monotonic()
    atr = chosen.atr
    checked = parse_atr(atr)
    card_name = "; ".join(n for n in atr_card_names(atr)[:3] if not n.startswith("http"))
    run.step("ATR", t0, f"{A.spaced(atr)}" + (f" ({card_name})" if card_name else "")
             + (f": {len(checked.problems)} problem(s)" if checked.problems else ": well formed") + " [atr.py]")
    if checked.problems:
        run.add(_f("smartcard.atr_invalid", f"The ATR is malformed: {checked.problems[0]}",
                   "The answer to reset breaks ISO/IEC 7816-3 rules: " + "; ".join(checked.problems) + ". Strict "
                   "readers and middleware (OpenSC, some CCID firmwares) refuse such a card or pick wrong "
                   "protocol parameters; pcscd accepted it here.",
                   evidence=[Evidence("atr", A.spaced(atr), where, "; ".join(checked.problems))],
                   fixes=F.fixes_for("smartcard.atr_invalid", ["malformed"], atr=A.spaced(atr)),
                   sources=[atr_source()], data={"atr": atr.hex().upper(), "problems": list(checked.problems)}))

    # 6. our own transaction, so nobody's APDUs interleave with ours
    t0 = time.monotonic()
    if not _contended_call(run, "transaction", lambda: pcsc.begin_transaction(run.contention_wait()), chosen, where, 5, "transaction failed"):
        return
    run.step("transaction", t0, "SCardBeginTransaction")

    # 7. APDU layer
    t0 = time.monotonic()
    pcsc.call_timeout = run.call_timeout()
    try:
        result = run_checks(pcsc.transmit, where, aid=aid, user_apdu=user_apdu)
    except Blocked as exc:
        run.step("APDU checks", t0, str(exc), "failed")
        _transaction_held(run, exc, chosen.name, where)
        return
    except PcscError as exc:
        run.step("APDU checks", t0, str(exc), "failed")
        _connect_failed(run, exc, chosen, where)
        return
    except UnsafeCommand as exc:  # a bug guard: never expected
        run.step("APDU checks", t0, str(exc), "failed")
        return
    _merge(run, result, t0, pcsc.protocol)


def _merge(run: _Run, result: CheckResult, t0: float, protocol: int) -> None:
    run.diag.steps.extend(result.steps)
    run.step("APDU checks", t0, f"{len(result.exchanges)} APDUs")
    # root cause first: the user's own command, then errors (ATR), then the APDU layer's order
    user_first = [f for f in result.findings if f.summary.startswith("Your APDU")]
    rest = [f for f in result.findings if f not in user_first]
    run.diag.findings[:0] = user_first
    run.diag.findings.extend(rest)
    run.diag.notes.append("APDUs sent: " + str(len(result.exchanges)) + " (" + ", ".join(
        f"{e.command[:4].hex().upper()}->{e.sw_hex}" for e in result.exchanges) + ")")
    if protocol == 1:
        run.diag.notes.append("The card runs T=0: status words 61XX and 6CXX reach your application unchanged.")


def _choose(run: _Run, states: list[ReaderState], selector: str | int | None) -> ReaderState | None:
    names = [s.name for s in states]
    if isinstance(selector, int):
        if selector >= len(states):
            run.add(_f("smartcard.no_reader", f"There is no reader number {selector}; readers: {len(states)}",
                       "Readers are numbered from 0 in the order pcscd lists them: " + "; ".join(
                           f"{i}: {n}" for i, n in enumerate(names)),
                       evidence=[Evidence("readers", "; ".join(names), "SCardListReaders")],
                       fixes=F.fixes_for("smartcard.no_reader", ["not_listed"])))
            return None
        chosen = states[selector]
    elif isinstance(selector, str):
        exact = [s for s in states if s.name == selector]
        loose = [s for s in states if s.name.lower().startswith(selector.lower())]
        if not exact and not loose:
            run.add(_f("smartcard.no_reader", f"No reader named {selector!r}",
                       "Readers seen by pcscd: " + "; ".join(names),
                       evidence=[Evidence("readers", "; ".join(names), "SCardListReaders")],
                       fixes=F.fixes_for("smartcard.no_reader", ["not_listed"])))
            return None
        chosen = (exact or loose)[0]
    else:
        present = [s for s in states if s.present]
        chosen = present[0] if present else states[0]
    if not chosen.present:
        run.add(_f("smartcard.no_card", f"No card in {chosen.name!r}",
                   "The reader is there but reports no card (SCARD_STATE_EMPTY). States: "
                   + "; ".join(f"{s.name}: {state_names(s.state)}" for s in states),
                   evidence=[Evidence("reader_state", state_names(chosen.state), f"pcsc://{chosen.name}")],
                   fixes=F.fixes_for("smartcard.no_card")))
        return None
    return chosen


def _holders_text() -> tuple[str, list[str]]:
    cands, unreadable = pcsc_clients()
    names = [str(c) for c in cands]
    text = ("PC/SC client processes on this machine (one of them holds the card; pcsc-lite does not say which): "
            + ("; ".join(names) if names else "none visible"))
    if unreadable:
        text += f" ({unreadable} processes could not be inspected without more privileges)"
    return text + ".", names


def _connect_failed(run: _Run, exc: PcscError, chosen: ReaderState, where: str) -> None:
    if exc.rc == E_SHARING_VIOLATION:
        text, names = _holders_text()
        run.add(_f("smartcard.sharing_violation", f"Another application holds the card in {chosen.name!r} exclusively",
                   f"{exc.call} failed at once with SCARD_E_SHARING_VIOLATION: some process connected with "
                   f"SCARD_SHARE_EXCLUSIVE (reader state {state_names(chosen.state)}). {text}",
                   evidence=[Evidence("pcsc_error", rc_name(exc.rc), where, exc.call),
                             Evidence("reader_state", state_names(chosen.state), where)],
                   fixes=F.fixes_for("smartcard.sharing_violation"),
                   sources=[PCSC_SRC, CONTENTION_SRC], data={"candidates": names}))
    elif exc.rc in (E_NO_SMARTCARD, W_REMOVED_CARD):
        run.add(_f("smartcard.no_card", f"The card in {chosen.name!r} was removed or is not there ({rc_name(exc.rc)})",
                   f"{exc.call} reported no card.", evidence=[Evidence("pcsc_error", rc_name(exc.rc), where, exc.call)],
                   fixes=F.fixes_for("smartcard.no_card")))
    elif exc.rc in (W_UNRESPONSIVE_CARD, W_UNPOWERED_CARD):
        run.add(_f("smartcard.atr_invalid", f"The card in {chosen.name!r} does not respond to reset ({rc_name(exc.rc)})",
                   "pcscd could not power the card or got no usable ATR.",
                   evidence=[Evidence("pcsc_error", rc_name(exc.rc), where, exc.call)],
                   fixes=F.fixes_for("smartcard.atr_invalid", ["mute"])))
    else:
        run.add(_f("smartcard.pcsc_error", f"{exc.call} failed: {rc_name(exc.rc)}",
                   "The PC/SC layer refused the operation.", evidence=[Evidence("pcsc_error", rc_name(exc.rc), where, exc.call)],
                   fixes=F.for_pcsc("smartcard.pcsc_error", NAMES.get(exc.rc, "")),
                   confidence=0.5))


def _contended_call(run, step: str, call, chosen, where: str, later_from: int, failed: str) -> bool:  # type: ignore[no-untyped-def]
    """Run a PC/SC call another application can block (connect, begin transaction): a call that
    blocks past the deadline is a held transaction, any other PC/SC error a failed connect. On
    failure, record the step and the finding, skip the later steps and return False."""
    t0 = time.monotonic()
    try:
        call()
    except Blocked as exc:
        run.step(step, t0, str(exc), "failed")
        _transaction_held(run, exc, chosen.name, where)
        run.skip(LATER[later_from:], "another application holds a transaction")
        return False
    except PcscError as exc:
        run.step(step, t0, str(exc), "failed")
        _connect_failed(run, exc, chosen, where)
        run.skip(LATER[later_from:], failed)
        return False
    return True


def _transaction_held(run: _Run, exc: Blocked, reader: str, where: str) -> None:
    state = ""
    try:  # a fresh context: the blocked call still owns the old one
        fresh = Pcsc(load_scard(), min(1.0, run.remaining()))
        fresh.establish()
        try:
            st = fresh.states([reader])
            state = state_names(st[0].state) if st else ""
        finally:
            fresh.close()
    except Exception:  # noqa: BLE001 - the state is extra evidence only
        state = ""
    text, names = _holders_text()
    evidence = [Evidence("timing", f"{exc.call} blocked > {exc.waited_ms:.0f} ms", where,
                         "pcsc-lite retries every 100 ms while another client's transaction lasts")]
    if state:
        evidence.append(Evidence("reader_state", state, where))
    run.add(_f("smartcard.transaction_held", f"Another application holds a PC/SC transaction on {reader!r}: calls block",
               f"{exc.call} did not return within {exc.waited_ms:.0f} ms. pcsc-lite gives no error in this case: the call "
               "waits (retrying every 100 ms, with no limit) until the other client calls SCardEndTransaction, so "
               f"applications look hung. {text}",
               evidence=evidence,
               fixes=F.fixes_for("smartcard.transaction_held"),
               sources=[PCSC_SRC, CONTENTION_SRC], confidence=0.8,
               data={"blocked_call": exc.call, "waited_ms": round(exc.waited_ms), "candidates": names}))


def _healthy(run: _Run) -> Finding:
    steps = {s.name: s.detail for s in run.diag.steps}
    return _f("smartcard.ok", "The card answers: no problem found at the PC/SC or APDU level",
              "; ".join(f"{k}: {v}" for k, v in steps.items() if k in ("connect", "ATR", "base command (CLA 00)")),
              severity="ok", sources=[PCSC_SRC])
