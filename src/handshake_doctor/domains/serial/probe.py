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

import json
import os
import sys
import time
from dataclasses import dataclass, field

from ...checklist import Run
from ...errors import UsageError
from ...framing import Framing
from ...model import Diagnosis, DomainScore, Finding
from ...options import ProbeOptions
from . import port_checks, port_usb
from . import probe_findings as pf
from .parmrk import parity_from_errors, unmark
from .passive_judge import apply_parity_confirmation, confirms, judge_passive, values
from .probe_passive import STANDARD_RATES, PassiveVerdict, classify, search_order, settles
from .probe_target import SerialTarget, parse_baud, parse_listen, parse_target

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...transports.serial_record import RecordingPort

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
    parser.add_argument("--expect", choices=tuple(_expectable()), default=None,
                        help="what your tool talks to: its handshake goes first, and a failure is told in its terms")
    parser.add_argument("--replay", default=None, metavar="FILE",
                        help="judge a transcript written by --record again, offline (no port is opened)")


def _expectable() -> dict[str, str]:
    from ...registry import device_modules

    return device_modules()


@dataclass(frozen=True)
class SerialProbeOptions(ProbeOptions):
    """The serial probe's command line, typed (the target's ?baud=&framing=&listen= fill the gaps)."""

    baud: str | None = None
    framing: str | None = None
    listen: str | None = None
    no_search: bool = False
    no_active: bool = False
    expect: str | None = None
    replay: str | None = None  # a transcript written by --record: judge it again, offline
    json: bool = False


@dataclass(frozen=True)
class _Settings:
    """What the probe asks of the line, resolved from the options and the target."""

    baud: int | None  # the rate the user named (None: not named)
    framing: Framing
    listen: float
    search: bool
    active: bool
    framing_named: bool
    expect: str | None


@dataclass
class _Probe:
    """One probe's working state: the checklist run (steps, deadline, findings, notes, transcript),
    what the user asked, and what the passive phase found (the active phase reads it)."""

    run: Run
    settings: _Settings
    progress: _Progress
    passive: list[Finding] = field(default_factory=list)

    @property
    def deadline(self):  # type: ignore[no-untyped-def]
        return self.run.deadline

    def step(self, name: str, t0: float, status: str = "ran", detail: str = "") -> None:
        self.run.record_step(name, status, detail, (time.monotonic() - t0) * 1000.0)

    def add(self, findings: list[Finding]) -> None:
        for f in findings:
            self.run.add(f)


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


def _settings(t: SerialTarget, opts: SerialProbeOptions) -> _Settings:
    return _Settings(
        baud=parse_baud(opts.baud) if opts.baud else t.baud,
        framing=Framing.parse(opts.framing) if opts.framing else (t.framing or Framing()),
        listen=parse_listen(opts.listen) if opts.listen else (t.listen or DEFAULT_LISTEN_S),
        search=not opts.no_search, active=not opts.no_active,
        framing_named=bool(opts.framing or t.framing), expect=opts.expect)


def probe(target: str, args: object) -> Diagnosis:
    """Probe a serial target. ``args``: SerialProbeOptions, or the parsed command line (read once, here)."""
    opts = SerialProbeOptions.from_namespace(args)
    t = parse_target(target)
    if opts.replay:
        return replay(target, opts)
    progress = opts.progress or (not isinstance(args, ProbeOptions) and sys.stderr.isatty() and not opts.json)
    pr = _Probe(Run(target, opts.timeout), _settings(t, opts), _Progress(progress))
    try:
        _probe(pr, t)
    finally:
        pr.progress.clear()
    diag = pr.run.finish()  # the one ranking rule (docs/RANKING.md)
    _rank_domain(diag)
    from .waveform_picture import pictures_for

    diag.pictures.extend(pictures_for(diag.findings))
    return diag  # its transcript (the Run's) is what --record writes


def replay(target: str, opts: SerialProbeOptions) -> Diagnosis:
    """Judge a recorded transcript again, offline: the same judges as the live probe (serial/judge.py)."""
    from ...transcript import Transcript
    from .waveform_picture import pictures_for

    assert opts.replay is not None
    run = Run(target, opts.timeout)
    t0 = time.monotonic()
    try:
        with open(opts.replay, encoding="utf-8") as f:
            tr = Transcript.from_dict(json.load(f))
    except OSError as exc:
        raise UsageError(f"cannot read {opts.replay}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{opts.replay} is not a handshake-doctor transcript: {exc}") from None
    from .judge import judge_unranked

    for f in judge_unranked(tr):
        run.add(f)
    run.transcript = tr
    run.record_step("replay transcript", "ran", f"{len(tr.exchanges)} exchanges from {tr.source} {tr.origin}".strip(),
                    (time.monotonic() - t0) * 1000.0)
    run.notes.append(f"Judged from the transcript {opts.replay} (recorded by {tr.source}); no port was opened.")
    diag = run.finish()
    _rank_domain(diag)
    diag.pictures.extend(pictures_for(diag.findings))
    return diag


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


def _resolve(run: _Probe, t: SerialTarget) -> tuple[str, bool] | None:
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
        choice = port_checks.choose_search_port(ports)
        no_usb = "" if choice.usb else f"No USB-serial adapter is plugged in (seen: {choice.seen_text()})."
        if choice.chosen is None:
            run.run.add(pf.port_missing("(any serial port)", ports, "system", no_usb,
                                        summary="No serial port to probe" + (": no USB-serial adapter is plugged in" if not choice.usb else "")))
            run.step("resolve target", t0, "failed", "no serial port found" if not ports else "no port with a UART behind it")
            return None
        chosen = choice.chosen.device
        if no_usb:
            run.run.notes.append(no_usb + f" Probed {chosen}; plug the adapter in, or name the port: serial:///dev/...")
        elif len(ports) > 1:
            run.run.notes.append(f"Several ports exist ({', '.join(p.device for p in ports[:8])}); probed {chosen}. Name one: serial:///dev/...")
        if choice.skipped:
            run.run.notes.append("Left out of the search (no UART behind them): " + ", ".join(p.device for p in choice.skipped[:8]) + ".")
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
            run.run.notes.append(f"USB {ident}: {row.note} (source: {row.source})")
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
    run.run.add(pf.port_missing(f"usb://{t.vid:04x}:{t.pid:04x}", ports, "sysfs", extra,
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


def _probe(run: _Probe, t: SerialTarget) -> None:
    st = run.settings
    baud, framing, listen = st.baud, st.framing, st.listen
    resolved = _resolve(run, t)
    if resolved is None:
        return
    where, is_url = resolved
    from ...transports.serial_port import LineRequest, PortOpenError, open_port

    is_pty = False
    if not is_url:
        t0 = time.monotonic()
        if not (os.path.exists(where) or os.path.islink(where)):
            run.run.add(pf.port_missing(where, port_checks.existing_ports(), where))
            run.step("port exists", t0, "failed", "no such device")
            return
        is_pty = port_checks.is_pty(where)
        run.step("port exists", t0, detail="pseudo-terminal" if is_pty else "device")

    from ...transports.serial_record import RecordingPort

    rate = baud or DEFAULT_RATE
    req = LineRequest(rate, framing)
    t0 = time.monotonic()
    try:
        port = RecordingPort(open_port(where, LineRequest(rate), is_url=is_url, exclusive=not is_url), run.run.transcript, rate)
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
                run.run.add(pf.port_busy(where, rivals, "", "/proc", locked=False))
            run.step("other holders", t0, detail=", ".join(f"{h.name}({h.pid})" for h in rivals) or "none")
        line_label = f"{rate} 8N1"
        if framing != Framing():
            t0 = time.monotonic()
            try:
                port.apply_framing(req)
                if is_pty and (framing.parity != "N" or framing.data_bits != 8):
                    run.run.add(pf.pty_no_parity(where, str(framing), "accepted but silently dropped by the pty", where, True))
                    run.step("set framing", t0, "failed", f"{framing}: a pty drops it")
                else:
                    line_label = f"{rate} {framing}"
                    run.step("set framing", t0, detail=str(framing))
            except PortOpenError as exc:
                if exc.kind == "parity" or is_pty:
                    run.run.add(pf.pty_no_parity(where, str(framing), str(exc), where, is_pty))
                    run.step("set framing", t0, "failed", f"{framing} refused: {exc}")
                else:
                    raise
        marked = port.mark_errors(True)
        named = baud is not None or st.framing_named
        line = _Listening(port, where, is_pty, marked, named)
        talking = _listen(run, line, rate, line_label)
        if marked:
            port.mark_errors(False)  # replies to handshakes are read unmarked (an FF would come doubled)
        if not st.active:
            run.run.skip("active handshake probes", "--no-active: nothing was sent")
        else:
            _active(run, port, where, is_pty, talking or baud or rate)
    finally:
        port.close()


def _open_failed(run: _Probe, where: str, exc) -> None:  # type: ignore[no-untyped-def]
    if exc.kind == "missing":
        run.run.add(pf.port_missing(where, port_checks.existing_ports(), where))
    elif exc.kind == "permission":
        run.run.add(pf.permission_denied(where, port_checks.access_of(where), str(exc), where))
    elif exc.kind == "busy":
        rivals = [h for h in port_checks.holders(where) if not h.other_end]
        lockers = [h for h in rivals if h.locks] or rivals
        run.run.add(pf.port_busy(where, lockers, str(exc), where, locked=True))
    elif exc.kind == "not_tty":
        raise UsageError(f"{where} is not a serial port (it is no terminal device)")
    else:
        from ...errors import ProbeUnavailable

        raise ProbeUnavailable(f"could not open {where}: {exc}")


def _active(run: _Probe, port: RecordingPort, where: str, is_pty: bool, suggested: int) -> None:
    """Send handshake/read-only bytes only (:mod:`.probe_active`): the devices' own requests,
    recorded in the run's transcript and judged by the devices' own judges."""
    from . import probe_active

    st = run.settings
    run.progress.show(f"hsdoctor: asking {where} who it is ...")
    t0 = time.monotonic()
    res = probe_active.run_active(port, where, is_pty, run.deadline, run.passive, suggested, st.search, st.baud, st.expect)
    run.step("active handshake probes", t0, detail=f"{len(res.exchanges)} exchanges; " + (f"answered at {res.settings}" if res.identified else "no handshake answered"))
    run.run.notes += res.notes
    run.add(res.findings)


@dataclass(frozen=True)
class _Listening:
    """The open port as the passive phase uses it."""

    port: RecordingPort
    where: str
    is_pty: bool
    marked: bool  # the port marks line errors (PARMRK), so framing errors are evidence too
    named: bool  # the user named a rate or a framing


def _passive_meta(line: _Listening, window: int, label: str, heard: float, asked: int | None, found: int | None,
                  rate: int, here: int, named: bool) -> dict[str, object]:
    """What the passive judge needs beside the window's bytes (transcript meta: replayable)."""
    return {"window": window, "label": label, "heard": round(heard, 6), "asked": asked, "found": found, "rate": rate,
            "rate_here": here, "named": named, "marked": line.marked, "where": line.where}


def _judge_passive(run: _Probe, judged: dict[str, object]) -> None:
    run.run.transcript.meta["passive"] = judged
    run.passive = judge_passive(run.run.transcript)
    run.add(run.passive)


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


def _relisten(run: _Probe, line: _Listening, rate: int, framing: Framing) -> tuple[PassiveVerdict | None, int | None]:
    """Listen again at another framing; the verdict and its window in the transcript, or
    (None, None) when the port cannot take it (the port is then back at 8N1)."""
    from ...transports.serial_port import LineRequest, PortOpenError

    t0 = time.monotonic()
    if line.is_pty:
        run.step(f"confirm at {rate} {framing}", t0, "skipped", "a pty cannot carry parity or 7 data bits")
        return None, None
    port = line.port
    try:
        port.apply_framing(LineRequest(rate, framing))
    except PortOpenError as exc:
        run.step(f"confirm at {rate} {framing}", t0, "failed", f"the port refused {framing}: {exc}")
        return None, None
    left = run.deadline.remaining() - RESERVE_S
    port.discard_input()
    with port.labelled(f"confirm at {rate} {framing}", phase="passive"):
        raw = port.read_for(t0 + max(0.0, min(run.settings.listen, left)), MAX_CAPTURE, enough=_settled(line.marked))
    window = len(port.transcript.exchanges) - 1
    data, errs = values(raw, line.marked)
    w = classify(data, errs)
    ok = confirms(w)
    run.step(f"confirm at {rate} {framing}", t0, "ran" if ok else "failed", f"{len(data)} bytes: {w.kind}, {max(w.errors, 0)} frame errors")
    if not ok:
        try:
            port.apply_framing(LineRequest(rate))
        except PortOpenError:
            pass
    return w, window


def _listen(run: _Probe, line: _Listening, rate: int, line_label: str) -> int | None:
    """Listen; the rate at which clean text or NMEA arrived, if any."""
    port, where, st = line.port, line.where, run.settings
    asked, search, listen = st.baud, st.search, st.listen
    tried: set[int] = set()
    first: tuple[PassiveVerdict, str, float, int] | None = None
    current, label = rate, line_label
    order: list[int] = []
    while True:
        left = run.deadline.remaining() - RESERVE_S
        if left <= 0.02:
            run.run.notes.append("The probe stopped at --timeout; raise it to try more rates.")
            break
        secs = min(listen, left)
        tried.add(current)
        run.progress.show(f"hsdoctor: listening on {where} at {label} ({len(tried)}/{len(STANDARD_RATES)}) ...")
        t0 = time.monotonic()
        if len(tried) > 1:
            try:
                port.set_baud(current)
            except Exception as exc:  # noqa: BLE001 - a driver refusing a rate is a result, not a crash
                run.step(f"listen at {label}", t0, "failed", f"rate refused: {exc}")
                order = [r for r in order if r != current]
                if not order:
                    break
                current = order.pop(0)
                label = f"{current} {label.split()[-1]}"
                continue
        port.discard_input()
        with port.labelled(f"listen at {label}", phase="passive"):
            raw = port.read_for(t0 + secs, MAX_CAPTURE, enough=_settled(line.marked))
        heard = time.monotonic() - t0
        window = len(port.transcript.exchanges) - 1
        data, errs = values(raw, line.marked)
        v = classify(data, errs)
        run.step(f"listen at {label}", t0, detail=f"{len(data)} bytes: {v.kind}" + (f" ({v.signature})" if v.signature else "")
                 + (f", {v.errors} frame errors" if v.errors > 0 else ""))
        if first is None:
            first = (v, label, heard, window)
        if v.readable or v.kind in ("silent", "seven_bit") or not search:
            clean = v.readable or v.kind == "seven_bit"
            found = current if (current != rate and clean) else None
            judged = _passive_meta(line, window, label, heard, asked, found, rate, current, line.named)
            confirmations: list[dict[str, object]] = []
            if v.device_parity and label.endswith("8N1"):  # re-listen at the framing the errors point to
                w, at = _relisten(run, line, current, Framing(8, v.device_parity))
                confirmations.append({"kind": "parity", "window": at})
                label = apply_parity_confirmation(v, w, current)
            if v.kind == "seven_bit" and label.endswith("8N1"):
                # bit 7 equal to the parity of the low 7 bits is strong evidence; the same text
                # without errors at 7 data bits is proof, and leaves the port where the active
                # phase should ask
                w, at = _relisten(run, line, current, Framing(7, v.seven_bit_parity))
                confirmations.append({"kind": "seven_bit", "window": at})
            judged["confirmations"] = confirmations
            _judge_passive(run, judged)
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
        _v, lab, heard, window = first
        _judge_passive(run, _passive_meta(line, window, lab, heard, asked, None, rate, rate, False))
        if len(tried) > 1:
            run.run.notes.append(f"Rates tried without a clean capture: {', '.join(str(r) for r in sorted(tried))}.")
    return None


def _refine_with_line_model(data: bytes, host_rate: int, order: list[int]) -> list[int]:
    """Put first the rates whose forward simulation explains the capture (:mod:`.rate_rank`)."""
    from .rate_rank import rank_rates

    ranked = rank_rates(data[:512], host_rate, order)
    if not ranked:
        return order
    good = [r for r, sc in ranked if sc >= 0.3]
    return good + [r for r in order if r not in good]
