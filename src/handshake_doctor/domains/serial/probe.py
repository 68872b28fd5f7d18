"""``hsdoctor probe serial://...`` and ``usb://VID:PID``: what is on this port, and why does
the handshake fail?

Targets (full rule in :mod:`.probe_target`): ``serial:///dev/ttyUSB0?baud=115200&framing=8N1``,
``serial://ttyACM0`` (= /dev/ttyACM0), ``serial://`` (search the ports pyserial lists),
``serial://loop://`` or ``serial://hsdsim://stm32?...`` (a pyserial URL, passed unchanged),
``usb://0e8d:0003`` (the tty of that USB device, from sysfs).

Checklist, cheapest and most certain first; each step is recorded with its time:

1. resolve the target to a port (sysfs for usb://, pyserial's list for a search);
2. port checks: it exists (else: the ports that do exist), we may open it (else: its group and
   the usermod fix), nobody else holds it (flock, then a /proc scan that names the holder; the
   pty's own master side is the peer, not a rival), it can carry the framing (a pty cannot carry
   parity);
3. passive listening: open at a candidate rate and only read, for ``--listen`` seconds; judge
   the bytes (:mod:`.probe_passive`). When they look like another rate, listen at the rates the
   evidence points to, within ``--timeout``;
4. active phase (:mod:`.probe_active`, unless --no-active): sends only handshake and read-only
   bytes (AT, STM32 0x7F/GET_ID, STK500 GET_SYNC, esptool SYNC, MTK A0, M-Bus SND_NKE, DL/T 645
   read-address). Nothing writes, erases, unlocks or flashes.

Safety of the passive layer: it never writes a byte. Opening a port asserts DTR/RTS as every
terminal program does (pyserial's default); on Arduino-style boards that resets the board, which
also shows its boot banner.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

from ...errors import UsageError
from ...model import Diagnosis, DomainScore, Evidence, Finding, Step
from ...transports.deadline import Deadline
from . import port_checks, port_usb
from . import probe_findings as pf
from .parmrk import parity_from_errors, unmark
from .probe_passive import STANDARD_RATES, PassiveVerdict, classify, search_order, settles
from .probe_target import Framing, SerialTarget, parse_baud, parse_listen, parse_target

DOMAIN = "serial"
#: Longer than the period of the commonest periodic talkers (1 Hz NMEA, a 1 s "hello"), so one
#: window at the right rate always holds a whole sentence; a clean line ends it early.
DEFAULT_LISTEN_S = 1.2
DEFAULT_RATE = 115200
#: Time kept back from --timeout for closing the port and building the report.
RESERVE_S = 0.1
MAX_CAPTURE = 64 * 1024
#: The early stop looks at most this many times per window, and only at the first bytes.
SETTLE_CHECKS = 64
SETTLE_MAX_BYTES = 4096


def add_arguments(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("--baud", type=str, default=None, help="host rate to listen at first (default: the target's ?baud=, else 115200)")
    parser.add_argument("--framing", type=str, default=None, help="host framing, e.g. 8N1 (default), 8E1, 7E1")
    parser.add_argument("--listen", type=str, default=None, help=f"seconds to listen per rate (default {DEFAULT_LISTEN_S})")
    parser.add_argument("--no-search", action="store_true", help="listen at one rate only; do not try others when the bytes look like another rate")
    parser.add_argument("--no-active", action="store_true", help="passive only: never send anything (skip the active handshake probes)")
    parser.add_argument("--expect", choices=("stm32", "avr", "esp", "mtk", "modem", "mbus", "dlt645", "iec62056"), default=None,
                        help="what your tool talks to: its handshake goes first, and a failure is told in its terms")


@dataclass
class _Run:
    """State of one probe: the report being built and the clock."""

    diag: Diagnosis
    deadline: Deadline
    progress: _Progress
    port_findings: list[Finding] = field(default_factory=list)
    passive: list[Finding] = field(default_factory=list)
    active: list[Finding] = field(default_factory=list)
    lead: str = ""
    active_leads: bool = False

    def step(self, name: str, t0: float, status: str = "ran", detail: str = "") -> None:
        self.diag.steps.append(Step(name, status, detail, (time.monotonic() - t0) * 1000.0))


class _Progress:
    """One updating stderr line while the probe searches, only on a terminal and never with --json."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._shown = False

    def show(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K" + text[:100])
            sys.stderr.flush()
            self._shown = True

    def clear(self) -> None:
        if self.enabled and self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _options(t: SerialTarget, args) -> tuple[int | None, Framing, float]:  # type: ignore[no-untyped-def]
    baud = parse_baud(args.baud) if getattr(args, "baud", None) else t.baud
    framing = Framing.parse(args.framing) if getattr(args, "framing", None) else (t.framing or Framing())
    listen = parse_listen(args.listen) if getattr(args, "listen", None) else (t.listen or DEFAULT_LISTEN_S)
    return baud, framing, listen


def probe(target: str, args) -> Diagnosis:  # type: ignore[no-untyped-def]
    t = parse_target(target)
    baud, framing, listen = _options(t, args)
    timeout = float(getattr(args, "timeout", 5.0) or 5.0)
    diag = Diagnosis(verb="probe", input=target, target=target)
    want_progress = sys.stderr.isatty() and not getattr(args, "json", False)
    run = _Run(diag, Deadline(timeout), _Progress(want_progress))
    try:
        _probe(run, t, baud, framing, listen, search=not getattr(args, "no_search", False),
               active=not getattr(args, "no_active", False),
               framing_named=bool(getattr(args, "framing", None) or t.framing), expect=getattr(args, "expect", None))
    finally:
        run.progress.clear()
    # a device the active phase identified is the answer: it goes first, the rest follows by severity
    if run.active_leads:
        run.passive = [_quiet_is_normal(f) if f.code == "serial.silent" else f for f in run.passive]
    found = run.port_findings + run.passive + run.active
    lead = run.active[:1] if run.active_leads else [f for f in run.passive if f.code == run.lead][:1]
    diag.findings = lead + _ordered([f for f in found if not any(f is x for x in lead)])
    diag.elapsed_ms = run.deadline.elapsed_ms()
    _rank_domain(diag)
    from .waveform_picture import pictures_for

    diag.pictures.extend(pictures_for(diag.findings))
    return diag


def _quiet_is_normal(f: Finding) -> Finding:
    """Silence before a device answered its handshake is what bootloaders and meters do, not a
    wiring fault: keep the observation, drop the alarm and the wiring fixes."""
    from ...record import replace

    return replace(f, severity="info", confidence=0.5, fixes=[],
                   summary=f.summary + " (normal: it answered when asked)",
                   detail="The device prints nothing on its own and answers only requests, as boot loaders and meters do.")


_SEV_ORDER = {"error": 0, "warning": 1, "info": 2, "ok": 3}


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Root cause first: errors before warnings before what was merely observed (stable)."""
    return sorted(findings, key=lambda f: (_SEV_ORDER.get(f.severity, 9), -f.confidence))


def _rank_domain(diag: Diagnosis) -> None:
    if not diag.findings:
        return
    top = diag.findings[0]
    seen = next((f for f in diag.findings if f.code in ("serial.gps_nmea", "serial.text_device")), None)
    meaning = seen.summary if seen else top.summary
    why = [f"observed on the port: {f.code}" for f in diag.findings[:3]]
    # what answered names the domain (a meter, a boot loader); the serial line is how we got there
    parts = top.code.split(".")
    owner = ".".join(parts[:2]) if parts[0] == "bootloader" and len(parts) > 2 else parts[0]
    diag.domains = [DomainScore(owner, 1.0, meaning, why)]
    if owner != DOMAIN:
        diag.domains.append(DomainScore(DOMAIN, 0.9, f"the serial line at the settings that worked ({top.data.get('baud', '?')} {top.data.get('framing', '')})".rstrip(), why[:1]))


def _resolve(run: _Run, t: SerialTarget) -> tuple[str, bool] | None:
    """The device path or URL to open, or None when a finding already says why there is none."""
    t0 = time.monotonic()
    if t.kind == "url":
        run.step("resolve target", t0, detail=f"pyserial URL {t.path}")
        return t.path, True
    if t.kind == "path":
        run.step("resolve target", t0, detail=t.path)
        return t.path, False
    ports = port_checks.existing_ports()
    if t.kind == "search":
        if not ports:
            run.port_findings.append(pf.port_missing("(any serial port)", ports, "system"))
            run.step("resolve target", t0, "failed", "no serial port found")
            return None
        usb_first = sorted(ports, key=lambda p: (p.vid is None, p.device))
        chosen = usb_first[0].device
        if len(ports) > 1:
            run.diag.notes.append(f"Several ports exist ({', '.join(p.device for p in ports[:8])}); probed {chosen}. Name one: serial:///dev/...")
        run.step("resolve target", t0, detail=f"searched: {chosen}")
        return chosen, False
    assert t.vid is not None and t.pid is not None
    ident = pf.usb_identity(t.vid, t.pid)
    ttys = [u for u in port_usb.usb_ttys() if (u.vid, u.pid) == (t.vid, t.pid)]
    if ttys:
        chosen = ttys[0].device
        run.step("resolve target", t0, detail=f"USB {ident} -> {chosen}")
        row = port_usb.usb_name(t.vid, t.pid)
        if row is not None and row.note:
            run.diag.notes.append(f"USB {ident}: {row.note} (source: {row.source})")
        return chosen, False
    present = [d for d in port_usb.usb_devices() if (d[0], d[1]) == (t.vid, t.pid)]
    extra = ""
    if present:
        extra = f"The USB device {ident} is connected ({present[0][2]}) but has no tty: no serial driver bound it, or a program claimed it."
        rivals = [h for h in _running(("brltty", "ModemManager"))]
        if rivals:
            extra += f" Running now: {', '.join(rivals)}."
    else:
        extra = f"No USB device {ident} is connected."
        row = port_usb.usb_name(t.vid, t.pid)
        if row is not None and row.role == "bootrom":
            extra += " A boot-ROM port exists only briefly, while the powered-off device is being plugged in in download mode."
    run.port_findings.append(pf.port_missing(f"usb://{t.vid:04x}:{t.pid:04x}", ports, "sysfs", extra,
                                             summary=f"No serial port for USB device {ident}" + (": it is connected but has no tty" if present else ": it is not connected")))
    run.step("resolve target", t0, "failed", f"no tty for USB {ident}")
    return None


def _running(names: tuple[str, ...]) -> list[str]:
    """Which of these programs run now (by /proc/PID/comm), bounded."""
    want = {n.lower() for n in names}
    found: list[str] = []
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()][: port_checks.MAX_PIDS]
    except OSError:
        return found
    for p in pids:
        try:
            with open(f"/proc/{p}/comm") as f:
                name = f.read(64).strip()
        except OSError:
            continue
        if name.lower() in want:
            found.append(f"{name} (pid {p})")
    return found


def _probe(run: _Run, t: SerialTarget, baud: int | None, framing: Framing, listen: float, search: bool, active: bool = True,
           framing_named: bool = False, expect: str | None = None) -> None:
    resolved = _resolve(run, t)
    if resolved is None:
        return
    where, is_url = resolved
    from ...transports.serial_port import LineRequest, PortOpenError, open_port

    is_pty = False
    if not is_url:
        t0 = time.monotonic()
        if not (os.path.exists(where) or os.path.islink(where)):
            run.port_findings.append(pf.port_missing(where, port_checks.existing_ports(), where))
            run.step("port exists", t0, "failed", "no such device")
            return
        is_pty = port_checks.is_pty(where)
        run.step("port exists", t0, detail="pseudo-terminal" if is_pty else "device")

    rate = baud or DEFAULT_RATE
    req = LineRequest(rate, framing.data_bits, framing.parity, framing.stop_bits)
    t0 = time.monotonic()
    try:
        port = open_port(where, LineRequest(rate), is_url=is_url, exclusive=not is_url)
    except PortOpenError as exc:
        run.step("open port", t0, "failed", f"{exc.kind}: {exc}")
        _open_failed(run, where, exc)
        return
    run.step("open port", t0, detail=f"{where} at {rate}, exclusive lock taken" if not is_url else f"{where} at {rate}")
    try:
        if not is_url:
            t0 = time.monotonic()
            rivals = [h for h in port_checks.holders(where) if not h.other_end]
            if rivals:
                run.port_findings.append(pf.port_busy(where, rivals, "", "/proc", locked=False))
            run.step("other holders", t0, detail=", ".join(f"{h.name}({h.pid})" for h in rivals) or "none")
        line_label = f"{rate} 8N1"
        if framing != Framing():
            t0 = time.monotonic()
            try:
                port.apply_framing(req)
                if is_pty and (framing.parity != "N" or framing.data_bits != 8):
                    run.port_findings.append(pf.pty_no_parity(where, str(framing), "accepted but silently dropped by the pty", where, True))
                    run.step("set framing", t0, "failed", f"{framing}: a pty drops it")
                else:
                    line_label = f"{rate} {framing}"
                    run.step("set framing", t0, detail=str(framing))
            except PortOpenError as exc:
                if exc.kind == "parity" or is_pty:
                    run.port_findings.append(pf.pty_no_parity(where, str(framing), str(exc), where, is_pty))
                    run.step("set framing", t0, "failed", f"{framing} refused: {exc}")
                else:
                    raise
        marked = port.mark_errors(True)
        named = baud is not None or framing_named
        talking = _listen(run, port, where, rate, line_label, listen, baud, search, is_pty=is_pty, marked=marked, named=named)
        if marked:
            port.mark_errors(False)  # replies to handshakes are read unmarked (an FF would come doubled)
        if not active:
            run.diag.steps.append(Step("active handshake probes", "skipped", "--no-active: nothing was sent"))
        else:
            _active(run, port, where, is_url, is_pty, baud or rate, talking, search, asked=baud, expect=expect)
    finally:
        port.close()


def _open_failed(run: _Run, where: str, exc) -> None:  # type: ignore[no-untyped-def]
    if exc.kind == "missing":
        run.port_findings.append(pf.port_missing(where, port_checks.existing_ports(), where))
    elif exc.kind == "permission":
        run.port_findings.append(pf.permission_denied(where, port_checks.access_of(where), str(exc), where))
    elif exc.kind == "busy":
        rivals = [h for h in port_checks.holders(where) if not h.other_end]
        lockers = [h for h in rivals if h.locks] or rivals
        run.port_findings.append(pf.port_busy(where, lockers, str(exc), where, locked=True))
    elif exc.kind == "not_tty":
        raise UsageError(f"{where} is not a serial port (it is no terminal device)")
    else:
        from ...errors import ProbeUnavailable

        raise ProbeUnavailable(f"could not open {where}: {exc}")


def _active(run: _Run, port, where: str, is_url: bool, is_pty: bool, first: int, talking: int | None, search: bool = True,  # type: ignore[no-untyped-def]
            asked: int | None = None, expect: str | None = None) -> None:
    """Send handshake/read-only bytes only (:mod:`.probe_active`)."""
    from . import probe_active

    run.progress.show(f"hsdoctor: asking {where} who it is ...")
    t0 = time.monotonic()
    res = probe_active.run_active(port, where, is_pty, run.deadline, run.passive, talking or first, search, asked, expect)
    run.step("active handshake probes", t0, detail=f"{len(res.exchanges)} exchanges; " + (f"answered at {res.settings}" if res.identified else "no handshake answered"))
    run.diag.notes += res.notes
    run.active += res.findings
    run.lead = res.lead
    run.active_leads = res.identified and bool(res.findings)


def _values(raw: bytes, marked: bool) -> tuple[bytes, frozenset[int] | None]:
    if not marked:
        return raw, None
    u = unmark(raw)
    return u.values, u.errors


def _settled(marked: bool):  # type: ignore[no-untyped-def]
    """The early stop for one listening window: a clean line, and - when errors are marked -
    errors that already name the framing (else keep listening for more characters)."""
    budget = [SETTLE_CHECKS]  # bounded work against a peer that floods line ends in tiny chunks

    def enough(raw: bytes) -> bool:
        if len(raw) > SETTLE_MAX_BYTES or budget[0] <= 0 or not (b"\n" in raw[-64:] or b"\r" in raw[-64:]):
            return False
        budget[0] -= 1
        if not marked:
            return settles(raw)
        u = unmark(raw)
        return settles(u.values) and (not u.errors or bool(parity_from_errors(u.values, u.errors)))

    return enough


def _confirm_parity(run: _Run, port, where: str, rate: int, v: PassiveVerdict, listen: float, is_pty: bool, marked: bool) -> str:  # type: ignore[no-untyped-def]
    """Re-listen at the framing the errors point to; the line label to report."""
    w = _relisten(run, port, where, rate, 8, v.device_parity, listen, is_pty, marked)
    if w is not None and w.readable and w.errors == 0:
        v.parity_confirmed = True
        return f"{rate} 8{v.device_parity}1"
    return f"{rate} 8N1"


def _confirm_seven_bit(run: _Run, port, where: str, rate: int, v: PassiveVerdict, listen: float, is_pty: bool, marked: bool) -> PassiveVerdict | None:  # type: ignore[no-untyped-def]
    """Re-listen at 7 data bits with the parity bit 7 showed; the clean verdict there, if any.

    Why a second listen: bit 7 equal to the parity of the low 7 bits is strong evidence, but
    reading at the device's framing and getting the same text without errors is proof, and it
    leaves the port at the framing the active phase should ask at."""
    w = _relisten(run, port, where, rate, 7, v.seven_bit_parity, listen, is_pty, marked)
    return w if w is not None and w.readable and w.errors <= 0 else None


def _relisten(run: _Run, port, where: str, rate: int, data_bits: int, parity: str, listen: float, is_pty: bool,  # type: ignore[no-untyped-def]
              marked: bool) -> PassiveVerdict | None:
    """Listen again at another framing; the verdict, or None when the port cannot take it (the
    port is then back at 8N1)."""
    from ...transports.serial_port import LineRequest, PortOpenError

    framing = f"{data_bits}{parity}1"
    t0 = time.monotonic()
    if is_pty:
        run.step(f"confirm at {rate} {framing}", t0, "skipped", "a pty cannot carry parity or 7 data bits")
        return None
    try:
        port.apply_framing(LineRequest(rate, data_bits, parity, 1))
    except PortOpenError as exc:
        run.step(f"confirm at {rate} {framing}", t0, "failed", f"the port refused {framing}: {exc}")
        return None
    left = run.deadline.remaining() - RESERVE_S
    port.discard_input()
    raw = port.read_for(t0 + max(0.0, min(listen, left)), MAX_CAPTURE, enough=_settled(marked))
    data, errs = _values(raw, marked)
    w = classify(data, errs)
    ok = w.readable and w.errors <= 0
    run.step(f"confirm at {rate} {framing}", t0, "ran" if ok else "failed", f"{len(data)} bytes: {w.kind}, {max(w.errors, 0)} frame errors")
    if not ok:
        try:
            port.apply_framing(LineRequest(rate))
        except PortOpenError:
            pass
    return w


def _listen(run: _Run, port, where: str, rate: int, line_label: str, listen: float, asked: int | None, search: bool,  # type: ignore[no-untyped-def]
            *, is_pty: bool = False, marked: bool = False, named: bool = False) -> int | None:
    """Listen; the rate at which clean text or NMEA arrived, if any. ``marked``: the port marks
    line errors (PARMRK), so framing errors are evidence too."""
    tried: set[int] = set()
    first: tuple[PassiveVerdict, str, float] | None = None
    current, label = rate, line_label
    order: list[int] = []
    while True:
        left = run.deadline.remaining() - RESERVE_S
        if left <= 0.02:
            run.diag.notes.append("The probe stopped at --timeout; raise it to try more rates.")
            break
        secs = min(listen, left)
        tried.add(current)
        run.progress.show(f"hsdoctor: listening on {where} at {label} ({len(tried)}/{len(STANDARD_RATES)}) ...")
        t0 = time.monotonic()
        if len(tried) > 1:
            try:
                port.set_baud(current)
            except Exception as exc:  # a driver refusing a rate is a result, not a crash
                run.step(f"listen at {label}", t0, "failed", f"rate refused: {exc}")
                order = [r for r in order if r != current]
                if not order:
                    break
                current = order.pop(0)
                label = f"{current} {label.split()[-1]}"
                continue
        port.discard_input()
        raw = port.read_for(t0 + secs, MAX_CAPTURE, enough=_settled(marked))
        heard = time.monotonic() - t0
        data, errs = _values(raw, marked)
        v = classify(data, errs)
        run.step(f"listen at {label}", t0, detail=f"{len(data)} bytes: {v.kind}" + (f" ({v.signature})" if v.signature else "")
                 + (f", {v.errors} frame errors" if v.errors > 0 else ""))
        if first is None:
            first = (v, label, heard)
        if v.readable or v.kind in ("silent", "seven_bit") or not search:
            clean = v.readable or v.kind == "seven_bit"
            found = current if (current != rate and clean) else None
            if v.device_parity and label.endswith("8N1"):
                label = _confirm_parity(run, port, where, current, v, listen, is_pty, marked)
            if v.kind == "seven_bit" and label.endswith("8N1"):
                w = _confirm_seven_bit(run, port, where, current, v, listen, is_pty, marked)
                if w is not None:
                    v.parity_confirmed, v.text, v.nmea = True, w.text or v.text, w.nmea
            run.passive += pf.passive_finding(v, where, label, heard, asked, found, rate, named=named)
            return current if clean else None
        if not order:
            order = search_order(current, v, tried)
        else:
            order = [r for r in search_order(current, v, tried) if r in order] or order
        order = [r for r in order if r not in tried]
        order = _refine_with_line_model(data, current, order)
        if not order:
            break
        current = order.pop(0)
        label = f"{current} {label.split()[-1]}"
    if first is not None:
        v, lab, heard = first
        run.passive += pf.passive_finding(v, where, lab, heard, asked, None, rate)
        if len(tried) > 1:
            run.diag.notes.append(f"Rates tried without a clean capture: {', '.join(str(r) for r in sorted(tried))}.")
    return None


def _refine_with_line_model(data: bytes, host_rate: int, order: list[int]) -> list[int]:
    """Put first the rates whose forward simulation explains the capture (when line.py exists)."""
    from .probe_linemodel import rank_rates

    ranked = rank_rates(data[:512], host_rate, order)
    if not ranked:
        return order
    good = [r for r, sc in ranked if sc >= 0.3]
    return good + [r for r in order if r not in good]
