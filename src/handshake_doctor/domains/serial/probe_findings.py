"""Findings of the serial probe's first layers, built from observations (port checks and the
passive verdict). Wording lives here so that probe.py reads as a checklist."""

from __future__ import annotations

from dataclasses import dataclass

from ...knowledge.table import Table
from ...model import Evidence, Finding, Fix, Snippet
from .port_checks import Access, ExistingPort, Holder
from .port_usb import usb_name
from .probe_passive import NMEA_SRC, NmeaSentence, PassiveVerdict

DOMAIN = "serial"
PTY_SRC = "facts/serial.md §1.2 (measured: Linux pty_set_termios() forces CS8 and clears PARENB; pyserial gets EINVAL or silently drops parity)"


@dataclass(frozen=True)
class GrabberRow:
    """A program known to open serial ports it does not own."""

    name: str  # /proc/PID/comm
    why: str
    fix: str
    command: str
    source: str


GRABBERS = Table(
    "serial_port_grabbers",
    (
        GrabberRow("ModemManager", "probes every new ttyUSB/ttyACM with AT commands and may hold a bootloader port",
                   "Tell ModemManager to ignore the device with a udev rule (ENV{ID_MM_DEVICE_IGNORE}=\"1\") or stop it while you work.",
                   'echo \'ATTRS{idVendor}=="VVVV", ATTRS{idProduct}=="PPPP", ENV{ID_MM_DEVICE_IGNORE}="1"\' | sudo tee /etc/udev/rules.d/99-mm-ignore.rules && sudo udevadm control --reload-rules',
                   "ModemManager udev tag ID_MM_DEVICE_IGNORE (facts/serial.md §4.5, from memory)"),
        GrabberRow("brltty", "claims generic USB-UART bridges (CP210x, CH340, FT232R) as braille displays; the ttyUSB then disappears",
                   "Remove brltty if no braille display is used, or mask its udev rules.",
                   "sudo apt remove brltty",
                   "arduino/arduino-ide issue #1788 (brltty maintainer's comment); m5stack/Core2-for-AWS-IoT-Kit issue #95 (dmesg: \"interface 0 claimed by cp210x while 'brltty' sets config #1\")"),
        GrabberRow("gpsd", "opens GPS serial ports and keeps them",
                   "Stop gpsd (and its socket) while you probe the port.",
                   "sudo systemctl stop gpsd.socket gpsd",
                   "gpsd(8) manual page (from memory)"),
    ),
    "Programs that open serial ports behind the user's back",
)
_GRABBER = {r.name.lower(): r for r in GRABBERS}


def grabber(name: str) -> GrabberRow | None:
    return _GRABBER.get(name.lower())


def port_missing(path: str, ports: list[ExistingPort], where: str, extra: str = "", summary: str = "") -> Finding:
    listed = [p.line() for p in ports]
    ev = [Evidence("message", f"{path}: no such device", where, "the path does not exist")]
    ev += [Evidence("port", line, "system", "exists") for line in listed[:12]]
    detail = ("Existing serial ports: " + "; ".join(listed[:12]) + ".") if listed else "No serial port was found on this machine."
    if extra:
        detail += " " + extra
    return Finding(
        code="serial.port_missing", domain=DOMAIN, severity="error", confidence=0.95,
        summary=summary or f"The serial port {path} does not exist" + (f" (existing: {', '.join(p.device for p in ports[:5])})" if ports else " (no serial port found at all)"),
        detail=detail,
        evidence=ev,
        fixes=[
            Fix("Pick one of the existing ports, or plug the device in and check `dmesg` for the name it got (ttyUSB*, ttyACM*).", "user", "python3 -m serial.tools.list_ports -v"),
            Fix("Use the stable name under /dev/serial/by-id/ so the port keeps its name across re-plugs.", "user", "ls -l /dev/serial/by-id/"),
        ],
        sources=["pyserial 3.5 serial.tools.list_ports"],
        data={"existing_ports": [p.device for p in ports]},
    )


def permission_denied(path: str, acc: Access | None, message: str, where: str) -> Finding:
    group = acc.group if acc else "dialout"
    user = acc.user if acc else "$USER"
    ev = [Evidence("message", message, where, "open() failed with EACCES")]
    if acc:
        ev.append(Evidence("file", f"{acc.path} owner={acc.owner} group={acc.group} mode={acc.mode}", where,
                           f"user {acc.user} {'is' if acc.in_group_now else 'is not'} in group {acc.group} in this session"))
    fixes = []
    if acc and acc.listed_in_group and not acc.in_group_now:
        detail = (f"{user} is listed in group {group} in /etc/group, but this session does not carry the group yet: "
                  "group membership is read at login.")
        fixes.append(Fix(f"Log out and in again (or start a shell with the group: `newgrp {group}`).", "user", f"newgrp {group}"))
    else:
        detail = (f"The device belongs to group {group} (mode {acc.mode if acc else '?'}); user {user} is not in it, so open() is refused. "
                  "Members of the group may read and write the port.")
        fixes.append(Fix(f"Add yourself to group {group}, then log out and in again (the group is read at login).", "user",
                         f"sudo usermod -aG {group} {user if acc else '$USER'}"))
    fixes.append(Fix("Do not run the tool with sudo to get around this: files it writes become root's.", "user"))
    return Finding(
        code="serial.permission_denied", domain=DOMAIN, severity="error", confidence=0.95,
        summary=f"No permission to open {path}: it needs group {group}",
        detail=detail, evidence=ev, fixes=fixes,
        sources=["open(2) EACCES; Debian/Ubuntu give serial ports group dialout (udev 50-udev-default.rules)"],
        data={"group": group, "user": user},
    )


def port_busy(path: str, rivals: list[Holder], message: str, where: str, locked: bool) -> Finding:
    ev = []
    if message:
        ev.append(Evidence("message", message, where, "the exclusive lock is held" if locked else ""))
    fixes: list[Fix] = []
    names = []
    for h in rivals[:8]:
        names.append(f"{h.name} (pid {h.pid})")
        ev.append(Evidence("process", f"pid {h.pid} {h.name}: {h.cmdline[:160]}", "/proc", "holds an exclusive lock" if h.locks else "has the port open"))
        g = grabber(h.name)
        if g is not None:
            fixes.append(Fix(f"{g.name} {g.why}. {g.fix}", "host", g.command))
    if rivals:
        fixes.append(Fix(f"Close the program that holds the port ({', '.join(names[:3])}), or stop it.", "user", f"kill {rivals[0].pid}   # after checking it is safe to stop"))
    else:
        fixes.append(Fix("Another process holds the port but could not be named (it may belong to another user: run `sudo fuser -v` on the port).", "user", f"sudo fuser -v {path}"))
    who = ", ".join(names[:3]) if names else "another process"
    summary = f"{path} is held by {who}" + ("" if locked else ": bytes will be shared between readers")
    return Finding(
        code="serial.port_busy", domain=DOMAIN, severity="error" if locked else "warning", confidence=0.9 if rivals else 0.7,
        summary=summary,
        detail=("Two programs reading one serial port race for every byte: each sees a random part of the reply, "
                "which looks like a garbled handshake. An exclusive opener (flock) makes the second open fail."),
        evidence=ev, fixes=fixes,
        sources=["facts/serial.md §1.2 (measured: pyserial exclusive=True uses flock; a second open fails with errno 11)"],
        data={"holders": [{"pid": h.pid, "name": h.name, "locks": h.locks} for h in rivals]},
    )


def pty_no_parity(path: str, framing: str, message: str, where: str, is_pty: bool) -> Finding:
    what = "a pseudo-terminal (pty)" if is_pty else "this port's driver"
    return Finding(
        code="serial.pty_no_parity", domain=DOMAIN, severity="warning", confidence=0.95 if is_pty else 0.7,
        summary=f"{path} is {what}: it cannot carry {framing}; the line runs 8N1",
        detail=("Linux forces every pty to 8 data bits without parity; a request for parity fails with EINVAL or is "
                "silently dropped. Against a simulator on a pty, parity has to be agreed out of band; against a real "
                "device, use a real UART or USB bridge."),
        evidence=[Evidence("message", message or "parity request refused", where, "tcsetattr read-back refused the framing")],
        fixes=[Fix("Probe at 8N1 on a pty, or give the simulator the framing it should pretend (e.g. `hsdsim://stm32?framing=8E1`).", "user")],
        sources=[PTY_SRC],
    )


def passive_finding(v: PassiveVerdict, where: str, line: str, listened_s: float, asked_rate: int | None, found_rate: int | None,
                    first_rate: int | None = None, named: bool = False) -> list[Finding]:
    """Findings for what the listener heard at ``line`` (e.g. "9600 8N1").

    ``asked_rate`` is the rate the user named (--baud or ?baud=), None when they named none: a
    rate found by search is then the answer to "at which rate?", not a mismatch with anything,
    so it is reported in the device finding's summary and data, never as ``serial.baud_mismatch``.
    ``first_rate`` is where the search started (for the evidence)."""
    out: list[Finding] = []
    settings = _line_settings(line)
    parity_note = ""
    if v.device_parity:
        device_framing = f"8{v.device_parity}1"
        settings["framing"] = device_framing
        parity_word = "an even" if v.device_parity == "E" else "an odd"
        parity_note = (f" Read at 8N1, the framing errors ({v.errors}) fell exactly on the characters with {parity_word} number of 1 bits: "
                       f"the device sends a parity bit where 8N1 expects the stop bit, so it is {device_framing}"
                       + (f"; at {device_framing} the errors stopped." if v.parity_confirmed else " (not confirmed: the port could not switch framing)."))
        if named:
            out.append(Finding(
                code="serial.framing_mismatch", domain=DOMAIN, severity="error", confidence=0.85 if v.parity_confirmed else 0.7,
                summary=f"Right baud, wrong framing: the device sends {device_framing}, the host reads 8N1",
                detail=("Text still reads (a reader without parity checking keeps each byte), but what the host sends arrives with "
                        "its stop bit in the device's parity slot: about half the bytes are refused." + parity_note),
                evidence=[Evidence("signature", f"{v.errors} framing errors, all on {parity_word[3:]}-popcount characters", where, "PARMRK-marked capture at 8N1")],
                fixes=[Fix(f"Open the port as {device_framing}.", "user", snippets=(Snippet("pyserial", f"serial.Serial(PORT, BAUD, bytesize=8, parity='{v.device_parity}', stopbits=1)"),))],
                sources=v.sources,
                data={"framing": device_framing, "asked": "8N1"},
            ))
    searched = f" (found by search; {first_rate} gave unreadable bytes)" if found_rate is not None and first_rate and first_rate != found_rate else ""
    if found_rate is not None and asked_rate is not None and found_rate != asked_rate:
        out.append(Finding(
            code="serial.baud_mismatch", domain=DOMAIN, severity="error", confidence=0.9,
            summary=f"The device talks at {found_rate} baud, not {asked_rate}",
            detail=(f"At {asked_rate} the bytes were unreadable; at {found_rate} they read cleanly as "
                    f"{'NMEA sentences' if v.kind == 'nmea' else 'text'}."),
            evidence=[Evidence("timing", f"clean at {found_rate}", where, "readable capture")],
            fixes=[Fix(f"Use {found_rate} baud.", "user", f"python3 -m serial.tools.miniterm PORT {found_rate}")],
            sources=["observed: readable only at the found rate (this probe)"],
            data={"rate": found_rate, "asked": asked_rate},
        ))
    if v.kind == "nmea":
        out.append(_nmea_finding(v.nmea, where, line, settings, searched))
    elif v.kind == "text":
        out.append(_text_finding(v, where, line, settings, searched, listened_s, parity_note))
    elif v.kind == "seven_bit":
        framing = f"7{v.seven_bit_parity}1"
        parity_word = "even" if v.seven_bit_parity == "E" else "odd"
        read_as = line.split()[-1]
        seven_note = (f" Read as {read_as}, bit 7 of every byte was exactly the {parity_word} parity of the low 7 bits: the device sends {framing}"
                      + (f"; at {framing} the same text arrived without errors." if v.parity_confirmed else " (not confirmed: the port could not switch framing).")
                      + _as_read_8n1(v.text, v.seven_bit_parity))
        if named:
            out.append(Finding(
                code="serial.framing_mismatch", domain=DOMAIN, severity="error", confidence=0.9 if v.parity_confirmed else 0.85,
                summary=f"Right baud, wrong framing: the device sends {framing}, read here as {read_as}",
                detail=(f"Bit 7 of every byte is exactly the {parity_word} parity of the low 7 bits; "
                        f"without it the bytes read: {v.text.strip()[:60]!r}."),
                evidence=[Evidence("bytes", v.text[:120], where, "low 7 bits"), Evidence("bytes", v.hex, where, f"as read at {read_as}")],
                fixes=[Fix(f"Open the port as {framing}.", "user", snippets=(Snippet("pyserial", f"serial.Serial(PORT, BAUD, bytesize=7, parity='{v.seven_bit_parity}', stopbits=1)"),))],
                sources=v.sources,
                data={"framing": framing, "asked": read_as},
            ))
        settings["framing"] = framing
        at = f"{settings.get('baud', line.split()[0])} {framing}" if v.parity_confirmed else line
        if any(x.checksum_ok for x in v.nmea):  # the re-listen at the device's framing read NMEA
            out.append(_nmea_finding(v.nmea, where, f"{settings.get('baud', line.split()[0])} {framing}", settings, searched, seven_note))
        else:
            out.append(_text_finding(v, where, at, settings, searched, listened_s, seven_note, sources=v.sources))
    elif v.kind == "slow_device" and found_rate is None:
        guess = int(round(int(line.split()[0]) / v.ratio)) if v.ratio else None
        out.append(Finding(
            code="serial.baud_mismatch", domain=DOMAIN, severity="error", confidence=min(0.85, 0.5 + v.coverage * 0.35),
            summary=f"Baud mismatch: the device is about {v.ratio:g}x slower than {line.split()[0]}" + (f" (near {guess} baud)" if guess else ""),
            detail=f"The bytes are {v.signature} ({v.coverage:.0%} of them): what a receiver reads from a much slower sender.",
            evidence=[Evidence("bytes", v.hex, where, f"first of {v.nbytes} bytes"), Evidence("signature", v.signature, where, f"{v.coverage:.0%} of the bytes")],
            fixes=[Fix("Lower the host rate to the device's rate.", "user")],
            sources=v.sources,
            data={"ratio": v.ratio, "guess": guess},
        ))
    elif v.kind == "unreadable":
        out.append(Finding(
            code="serial.baud_mismatch", domain=DOMAIN, severity="warning", confidence=0.4,
            summary=f"Unreadable bytes at {line}: a faster device, or a binary protocol",
            detail=("High-entropy bytes with no text structure: a receiver slower than the sender reads such bytes "
                    "(facts/serial.md §2.3), but so does any binary protocol. No rate tried gave clean text."),
            evidence=[Evidence("bytes", v.hex, where, f"first of {v.nbytes} bytes")],
            sources=["facts/serial.md §2.3 (receiver slower: ~r frames per byte, high entropy)"],
        ))
    elif v.kind == "silent":
        out.append(Finding(
            code="serial.silent", domain=DOMAIN, severity="warning", confidence=0.6,
            # silence before a device answered its handshake is what boot loaders and meters do:
            # any identity (or cause) found later explains it (docs/RANKING.md, supersession)
            role="symptom", superseded_by=("*",),
            summary=f"Nothing arrived in {listened_s:.1f} s at {line}",
            detail=("The device printed nothing on its own. That is normal for a bootloader waiting for its handshake; "
                    "otherwise check power, TX/RX crossing (device TX to adapter RX) and ground."),
            evidence=[Evidence("timing", f"{listened_s:.2f} s", where, "0 bytes")],
            fixes=[Fix("Check the wiring: device TX to adapter RX, RX to TX, common ground.", "user"),
                   Fix("Reset the device while listening: many print a boot banner only at start-up.", "device")],
            sources=["observed by this probe (passive listening)"],
        ))
    return out


def _nmea_finding(nmea: list[NmeaSentence], where: str, line: str, settings: dict[str, object], searched: str, note: str = "") -> Finding:
    good = [x for x in nmea if x.checksum_ok]
    bad = [x for x in nmea if not x.checksum_ok]
    kinds = sorted({x.talker + x.kind for x in good})
    return Finding(
        code="serial.gps_nmea", domain=DOMAIN, severity="info", confidence=0.95,
        summary=f"A GPS receiver prints NMEA 0183 at {line}{searched}: {len(good)} sentence(s) with valid checksums ({', '.join(kinds[:6])})",
        detail=((f"{len(bad)} sentence(s) had a wrong checksum (a damaged line or dropped bytes)." if bad else "") + note).strip(),
        evidence=[Evidence("bytes", x.text[:90], where, "checksum ok" if x.checksum_ok else "checksum WRONG") for x in nmea[:6]],
        sources=[NMEA_SRC],
        data={"valid": len(good), "invalid": len(bad), "sentences": kinds, **settings},
    )


def _text_finding(v: PassiveVerdict, where: str, line: str, settings: dict[str, object], searched: str, listened_s: float,
                  note: str = "", sources: list[str] | None = None) -> Finding:
    """``serial.text_device``: ``line`` is where the port is now (the active phase asks there),
    ``settings`` the device's rate and framing."""
    stripped = v.text.strip()
    first = ord(stripped[0]) if stripped and stripped[0].isprintable() and ord(stripped[0]) < 0x80 else None
    return Finding(
        code="serial.text_device", domain=DOMAIN, severity="info", confidence=0.85,
        summary=f"The device prints text at {settings.get('baud', line)} {settings.get('framing', '')}{searched}: {stripped[:60]!r}",
        detail=("A console, boot log or running program is printing; a bootloader handshake will get this text instead of its reply"
                + (f": its lines start with 0x{first:02X} ('{chr(first)}'), the 'unexpected response' such a handshake reports." if first is not None else ".")
                + note),
        evidence=[Evidence("bytes", v.text[:200].replace("\r", "\\r").replace("\n", "\\n"), where, f"{v.nbytes} bytes in {listened_s:.1f} s")],
        fixes=[Fix("If you expect a bootloader, put the device into it (boot pins/buttons, reset) before the tool connects.", "device")],
        sources=["observed by this probe (passive listening)", *(sources or [])],
        data={"text": v.text, "line": line, **settings, **({"first_byte": first} if first is not None else {})},
    )


def _as_read_8n1(text: str, parity: str) -> str:
    """What an 8-bit host makes of the first character of a 7-bit device: its parity bit comes
    as bit 7, so a 7E1 'h' (0x68) is the byte 0xE8 a handshake reports."""
    stripped = text.strip()
    if not stripped or ord(stripped[0]) >= 0x80:
        return ""
    c = ord(stripped[0])
    odd_ones = bin(c).count("1") & 1
    bit7 = odd_ones if parity == "E" else 1 - odd_ones
    return f" An 8-bit host reads its first character '{stripped[0]}' as 0x{c | (bit7 << 7):02X}."


def _line_settings(line: str) -> dict[str, object]:
    """``"9600 8N1"`` -> ``{"baud": 9600, "framing": "8N1"}``: the same keys the active findings use."""
    rate, _, framing = line.partition(" ")
    return {"baud": int(rate), "framing": framing or "8N1"} if rate.isdigit() else {}


def usb_identity(vid: int, pid: int) -> str:
    row = usb_name(vid, pid)
    return f"{vid:04x}:{pid:04x}" + (f" ({row.name})" if row else "")
