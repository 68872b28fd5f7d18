"""Active phase of ``hsdoctor probe serial://``: the search over rates and framings.

Why this module knows no device: every device package declares its safe requests (with their
rates and framings, as data) and judges its own answers (``DEVICE`` in its handshake module,
listed in the registry's device table). The search only drives them: it sets the line, runs each
device's conversation through the recording port, and stops at the first attempt its device
judges certain. What is found comes from the judges reading the transcript
(:func:`.active_judge.judge_active`), so a recorded transcript replayed gives the same findings.

Order: cheapest first (the plans' ranks: one byte before a frame), at the rate the passive phase
suggested, then the usual rates; a device only at its own rates (meters and MTK frames sent at a
wrong rate arrive as arbitrary bytes: a garbled DL/T 645 frame reached an STK500 loader as a
PROG_PAGE header, which then swallowed everything). Late plans (7-bit AT, meters at their slow
rates, the IEC 62056-21 sign-on) only after every early plan at every rate went unanswered.
Every read has a short window; the whole phase stops at the probe's deadline.
"""

from __future__ import annotations

import time

from ... import registry
from ...device import Asked, Attempt, Plan, SerialDevice, Unanswered
from ...framing import Framing
from ...model import Finding
from ...record import field, record
from ...transcript import Transcript
from ...transports.deadline import Deadline
from ...transports.serial_record import RecordingPort
from .active_judge import judge_active, text_target

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Rates tried after the passive suggestion, in this order (brief of issue 5).
RATES = (115200, 57600, 9600, 19200, 38400, 230400, 921600, 2400)
#: Wait for a reply after the request left: generous for a UART device, short enough for 9 rates.
REPLY_S = 0.035
#: Stop reading once the line has been quiet this long after the first byte.
QUIET_S = 0.02
PARITY_NOTE = "The port cannot carry parity (a pty or a limited driver), so 8E1 probes were sent as 8N1."


@record
class ActiveResult:
    """What the active phase found: ``findings[0]`` names the device when ``identified``."""

    findings: list[Finding] = field(default_factory=list)
    exchanges: list[Asked] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    identified: bool = False
    settings: str = ""
    lead: str = ""  # code of an earlier phase's finding that names the device (goes first)
    transcript: Transcript | None = None


class _Line:
    """The recording port seen as conversations at a chosen rate and framing."""

    def __init__(self, port: RecordingPort, where: str, is_pty: bool, deadline: Deadline) -> None:
        self.port = port
        self.where = where
        self.is_pty = is_pty
        self.deadline = deadline
        self.rate = 0
        self.framing = "8N1"
        self.log: list[Asked] = []
        self.attempts = 0

    @property
    def label(self) -> str:
        return f"{self.rate} {self.framing}"

    def set(self, rate: int, framing: str) -> bool:
        """Switch the host side; False when the port refuses (a pty cannot carry parity)."""
        from ...transports.serial_port import LineRequest, PortOpenError

        if framing != "8N1" and self.is_pty:
            return False
        try:
            if rate != self.rate:
                self.port.set_baud(rate)
            if framing != self.framing:
                self.port.apply_framing(LineRequest(rate, Framing.parse(framing)))
        except (PortOpenError, ValueError, OSError):
            return False
        except Exception:  # noqa: BLE001 - a driver refusing a rate is a result, not a crash
            return False
        self.rate, self.framing = rate, framing
        return True

    def ask(self, data: bytes, expect: int) -> bytes:
        """Send ``data``, read the reply within a short window (scaled for ``expect`` bytes)."""
        if self.deadline.remaining() <= 0.01:
            return b""
        self.port.discard_input()
        char_s = 11.0 / max(self.rate, 1)
        end = time.monotonic() + min(REPLY_S + char_s * (len(data) + expect), self.deadline.remaining())
        self.port.write(data, end)
        return self.port.read_for(end, 4096, quiet_after=QUIET_S + 2 * char_s)

    def converse(self, device: SerialDevice, mode: str = "") -> Attempt:
        """Run one device's conversation (its requests, each decided by the replies so far)."""
        self.attempts += 1
        asked: list[Asked] = []
        conv = device.converse()
        meta: dict[str, Any] = {"device": device.name, "attempt": self.attempts}
        if mode:
            meta["mode"] = mode
        try:
            req = next(conv)
            while True:
                with self.port.labelled(req.label, **meta):
                    got = self.ask(req.data, req.expect)
                asked.append(Asked(req.label, self.label, req.data, got))
                req = conv.send(got)
        except StopIteration:
            pass
        self.log += asked
        return Attempt(device.name, self.rate, self.framing, self.where, tuple(asked), self.is_pty, mode, self.attempts)


def candidate_rates(suggested: int | None) -> list[int]:
    out = [suggested] if suggested else []
    return out + [r for r in RATES if r != suggested]


def expectable() -> dict[str, str]:
    """``--expect`` names (what the user's tool talks to) -> the device's module (registry)."""
    return registry.device_modules()


def _plans(devices: list[SerialDevice], late: bool) -> list[tuple[SerialDevice, Plan]]:
    return sorted(((d, p) for d in devices for p in d.plans if p.late == late), key=lambda dp: dp[1].rank)


def _passes(devices: list[SerialDevice], rates_to_try: list[int], search: bool, suggested: int | None,
            expect: str | None) -> list[tuple[int, SerialDevice, Plan]]:
    """Every (rate, device, plan) of the search, in the order asked."""
    early = _plans(devices, False)
    named = [dp for dp in early if dp[0].expect == expect]
    early = named + [dp for dp in early if dp[0].expect != expect]  # the expected protocol first
    passes = [(rate, d, p) for rate in rates_to_try for d, p in early]
    late: list[tuple[int, SerialDevice, Plan]] = []
    for d, p in _plans(devices, True):
        own = [r for r in rates_to_try if p.rates is None or r in p.rates] + sorted((p.rates or set()) - set(rates_to_try), reverse=True)
        late += [(rate, d, p) for rate in (own if search or not suggested else rates_to_try)]
    # --expect names what the user's tool talks: a protocol only asked late then comes first
    # (--expect iec62056), and the other late probes - slow rates, 7-bit framings, several hundred
    # milliseconds each - are left out (--expect modem keeps its AT at 7E1)
    if expect and not named and any(d.expect == expect for d, _ in _plans(devices, True)):
        return [x for x in late if x[1].expect == expect] + passes
    if expect and named:
        return passes + [x for x in late if x[1].expect == expect]
    return passes + late


def run_active(port: Any, where: str, is_pty: bool, deadline: Deadline, passive: list[Finding], suggested: int | None,
               search: bool = True, asked: int | None = None, expect: str | None = None) -> ActiveResult:
    """Send the safe probes until one answer is certain or the deadline comes. ``search`` False:
    only at ``suggested`` (the user's --no-search).

    ``asked`` is the rate the user named. Every probe is sent at it, meters and MTK included:
    the user's own host already talks at that rate, so the frames arrive as sent (the garbling
    that keeps meter frames away from other rates cannot happen there), and a meter wired to a
    115200 converter is only found there. The exchanges go into the recording port's transcript
    (the Run's); a bare port is wrapped with a new one."""
    rec = port if isinstance(port, RecordingPort) else RecordingPort(port, Transcript("probe", where))
    tr = rec.transcript
    tr.meta.update({"where": where, "is_pty": is_pty, **({"expect": expect} if expect else {})})
    res = ActiveResult(transcript=tr)
    line = _Line(rec, where, is_pty, deadline)
    devices: list[SerialDevice] = registry.serial_devices()  # type: ignore[assignment]
    seen = {f.code: f for f in passive}
    if "serial.gps_nmea" in seen:
        res.notes.append("Active probes not sent: the passive phase already identified a GPS receiver.")
        res.lead, res.identified = "serial.gps_nmea", True
        return res
    text = seen.get("serial.text_device")
    if text is not None:
        _ask_printing_device(line, devices, text, expect)
        return _judged(res, line, devices)
    parity_skipped = False
    rates_to_try = candidate_rates(suggested) if search or not suggested else [suggested]
    for rate, device, plan in _passes(devices, rates_to_try, search, suggested, expect):
        # the suggested rate gets the general probes; the others only go out at their own rates
        if plan.rates is not None and rate not in plan.rates and not (rate == suggested and device.general) and rate != asked:
            continue
        for framing in plan.framings:
            if deadline.remaining() <= 0.02:
                res.notes.append("The active phase stopped at --timeout; raise it to try more rates.")
                return _judged(res, line, devices, parity_skipped)
            if not line.set(rate, framing):
                # 8E1 asked at 8N1 still reaches an STM32 (its NACK says so); 7-bit asked at 8
                # bits is the 8N1 probe again
                if framing == "8N1" or framing[0] == "7" or not line.set(rate, "8N1"):
                    continue
                parity_skipped = True  # the port cannot carry parity: ask at 8N1 and say so
            v = device.judge(line.converse(device))
            if v is not None and not isinstance(v, Unanswered):
                return _judged(res, line, devices, parity_skipped)
    return _judged(res, line, devices, parity_skipped)


def _judged(res: ActiveResult, line: _Line, devices: list[SerialDevice], parity_skipped: bool = False) -> ActiveResult:
    """The findings are the judges' reading of the transcript: the same as a replay's."""
    assert res.transcript is not None
    verdict = judge_active(res.transcript, devices)
    res.findings, res.identified, res.settings = verdict.findings, verdict.identified, verdict.settings
    if parity_skipped:
        res.notes.append(PARITY_NOTE)
    res.notes += verdict.notes
    res.exchanges = line.log
    return res


def _ask_printing_device(line: _Line, devices: list[SerialDevice], text: Finding, expect: str | None) -> None:
    """The device already prints text: ask the one device whose story that text can tell."""
    sample = str(text.data.get("text", ""))
    label = str(text.data.get("line", ""))
    parts = label.split()
    if not parts or not parts[0].isdigit():
        return
    rate, framing = int(parts[0]), parts[-1] if len(parts) > 1 else "8N1"
    assert line.port.transcript is not None
    line.port.transcript.meta.update({"text_sample": sample, "text_line": label})
    line.rate, line.framing = rate, framing  # the port is already there
    line.port.assume(rate, framing)
    why, dev = text_target(devices, sample, expect)
    if dev is not None:
        line.converse(dev, mode="text")
