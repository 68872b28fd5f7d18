"""The judge of the active phase: a transcript of handshakes in, findings out. Pure: no I/O.

Why apart from the search: the same judgement must serve the live probe and a recorded
transcript (``--record``, later ``analyze``). The devices judge their own attempts (each
device package's ``DEVICE.judge``, found through the registry's device table); this module adds
only what belongs to the line: every request came back unchanged (an echo), or text came back
instead of handshakes (a text device), and the story of a device that prints text.

The transcript's ``meta`` carries what the search knew before it asked: ``where``, ``is_pty``,
``expect`` (the user's --expect) and, when the passive phase had already heard text,
``text_sample`` and ``text_line``.
"""

from __future__ import annotations

from ...device import Asked, Attempt, SerialDevice, Unanswered, attempts, device_finding, is_text
from ...model import Finding, Fix
from ...record import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...transcript import Transcript

#: an operating-system console (boot loader, login banner): no handshake probe is sent to it
CONSOLE = ("U-Boot", "login:", "Linux version", "Starting kernel", "BusyBox")


@record
class ActiveVerdict:
    """``findings[0]`` names the device when ``identified``; ``settings`` is where it answered."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    identified: bool = False
    settings: str = ""


def devices_by_name(devices: list[SerialDevice]) -> dict[str, SerialDevice]:
    return {d.name: d for d in devices}


def text_target(devices: list[SerialDevice], sample: str, expect: str | None) -> tuple[str, SerialDevice | None]:
    """Which device to ask when the device already prints text: ("claimed", the device whose own
    text it is), ("console", None), ("expected", the device --expect named, when it can tell its
    story in that case) or ("prober", the device asked of printing devices)."""
    for d in devices:
        if d.claims_text is not None and d.claims_text(sample):
            return "claimed", d
    if any(s in sample for s in CONSOLE):
        return "console", None
    named = next((d for d in devices if d.expect == expect and d.judge_text is not None), None)
    if named is not None:
        return "expected", named
    return "prober", next((d for d in devices if d.text_prober), None)


def judge_active(transcript: Transcript, devices: list[SerialDevice]) -> ActiveVerdict:
    """The findings of the active phase's transcript (the search's or the text path's)."""
    meta = transcript.meta
    if "text_sample" in meta:
        return _judge_text_path(transcript, devices, str(meta["text_sample"]), meta.get("expect"))
    by_name = devices_by_name(devices)
    out = ActiveVerdict()
    echo: list[Asked] = []
    text: list[Asked] = []
    tried = attempts(transcript)
    for a in tried:
        dev = by_name.get(a.device)
        if dev is None:
            continue
        v = dev.judge(a)
        if isinstance(v, Unanswered):
            r = v.reply
            if r.got and r.got == r.sent:
                echo.append(r)
            elif is_text(r.got):
                text.append(r)
        elif v is not None:
            out.findings.append(v)  # type: ignore[arg-type]
            out.identified, out.settings = True, a.line
            return out
    where = str(meta.get("where", transcript.origin))
    if text:
        ex = text[:2]
        sample = ex[0].got.decode("latin-1")
        out.findings.append(device_finding(
            "serial.text_device", f"The device prints text at {ex[0].line} instead of answering handshakes: {sample.strip()[:60]!r}",
            ex, _where(tried, where), confidence=0.8, line=ex[0].line, text=sample[:200],
            detail="A console or running program; a bootloader handshake gets this text instead of its reply.",
            fixes=[Fix("If you expect a bootloader, put the device into it (boot pins/buttons, reset) before the tool connects.", "device")]))
    elif echo:
        ex = echo[:3]
        out.findings.append(device_finding(
            "serial.echo", f"Every request came back unchanged ({len(echo)} echoed): something echoes at {ex[0].line}",
            ex, _where(tried, where), severity="error", confidence=0.8,
            detail="A loopback plug, TX wired to RX, an adapter with local echo, or a device stuck "
                   "in a mode that echoes; no handshake reply came back.",
            fixes=[Fix("Check the wiring (TX to the device's RX) and remove any loopback.", "device")], line=ex[0].line))
        out.identified, out.settings = True, ex[0].line
    expected = next((d for d in devices if d.expect == meta.get("expect")), None)
    if not out.identified and expected is not None and expected.judge_absent is not None:
        absent = expected.judge_absent([a for a in tried if a.device == expected.name])
        if absent is not None:
            out.findings.append(absent)
    return out


def _where(tried: list[Attempt], where: str) -> Attempt:
    """An attempt that carries only the place (for findings about the line, not one attempt)."""
    first = tried[0] if tried else None
    return Attempt("", first.baud if first else 0, first.framing if first else "8N1", where, (), first.is_pty if first else False)


def _judge_text_path(transcript: Transcript, devices: list[SerialDevice], sample: str, expect: object) -> ActiveVerdict:
    """The device already prints text: name what prints, and show that a handshake gets text back.

    Which chip runs the program cannot be told from its text, so without ``--expect`` the text
    device stays the answer and the handshakes only show what each tool would meet; with it, the
    finding is in that tool's terms (a running sketch for avrdude, not-in-bootloader for an STM32)."""
    out = ActiveVerdict()
    label = str(transcript.meta.get("text_line", ""))
    why, dev = text_target(devices, sample, expect if isinstance(expect, str) else None)
    if why == "console":
        out.notes.append("The text is an operating-system console (boot loader / login banner): no handshake probe sent.")
        return out
    tried = [a for a in attempts(transcript) if dev is not None and a.device == dev.name]
    if dev is None or not tried:
        return out
    a = tried[-1]
    if why == "claimed" and dev.judge_claimed is not None:
        found = dev.judge_claimed(a, sample)
    else:
        v = dev.judge(a)
        found = v if v is not None and not isinstance(v, Unanswered) else None  # type: ignore[assignment]
        if found is None and why == "expected" and dev.judge_text is not None:
            found = dev.judge_text(a, sample)
        if found is None and why == "prober":
            got = a.asked[-1].got if a.asked else b""
            if is_text(got):
                first = got.lstrip(b"\r\n")[:1] or got[:1]
                names = "|".join(d.expect for d in devices)
                out.notes.append(
                    f"Handshakes get the program's text back (first byte 0x{first[0]:02X}): avrdude prints 'not in sync: resp=0x{first[0]:02X}', "
                    f"esptool 'Invalid head of packet (0x{first[0]:02X})', stm32flash 'Failed to init device'. To have the finding in your "
                    f"tool's terms, name it: --expect {names}.")
    if found is not None:
        out.findings.append(found)  # type: ignore[arg-type]
        out.identified, out.settings = True, label or a.line
    return out
