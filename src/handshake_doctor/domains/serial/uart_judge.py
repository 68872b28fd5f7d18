"""Judge the UART lines measured from a recording (uart_measure.py): pure, segment in, findings out.

Each segment is one exchange of ``analyze``: its measured settings go into the data of a
``serial.uart_line`` finding (the keys docs/JSON.md names: baud, framing, polarity,
clock_error), a framing that another one fits as well is said (never a clean-looking wrong
decode), and the bytes are handed on: text and NMEA are named here, and the text a device
printed goes to the explain engine, whose domains know boot logs, boot loaders and tools.
"""

from __future__ import annotations

from ...model import Evidence, Finding, Fix
from .probe_passive import nmea_sentences, sample_text
from .uart_measure import LineReport, Segment

CLOCK_WARN = 0.02  # 2 %: half of what an 8N1 receiver at the nominal rate tolerates in all
ERROR_WARN = 0.05
SOURCE = "uart_measure: least-squares bit time over the line's runs; mid-bit sampling from each start edge (facts/serial.md §2)"


def _line(seg: Segment, where: str) -> Finding:
    d = seg.settings()
    err = f"{seg.clock_error * 100:+.2f} %" if seg.nominal in _std() else "not a standard rate"
    return Finding("serial.uart_line", "serial",
                   f"{seg.channel}: {seg.nominal} baud {seg.framing}, {seg.polarity} polarity (measured {seg.baud:.0f}, clock {err})",
                   f"{seg.frames} frames from {seg.t0:.4f} s to {seg.t1:.4f} s; {seg.framing_errors} framing and {seg.parity_errors} parity errors"
                   + (f"; {seg.breaks} breaks" if seg.breaks else "") + ".",
                   "info", 0.95, [Evidence("timing", f"{seg.baud:.1f} baud measured", where, "bit time fitted over every run"),
                                  Evidence("bytes", seg.data[:32].hex(" ").upper(), where, f"the first bytes at {seg.framing}")],
                   [Fix(f"Set the host to {seg.nominal} {seg.framing}" + (" and invert the line (an RS-232 level)" if seg.polarity == "inverted" else "") + ".", "host",
                        f"python3 -m serial.tools.miniterm PORT {seg.nominal} --parity {seg.framing[1]}")],
                   [SOURCE], {**d, "frames": seg.frames, "framing_errors": seg.framing_errors, "parity_errors": seg.parity_errors,
                              "channel": seg.channel, "t0": round(seg.t0, 6), "t1": round(seg.t1, 6)})


def _std() -> tuple[int, ...]:
    from .uart_measure import STANDARD_RATES

    return STANDARD_RATES


def judge_segment(seg: Segment, where: str) -> list[Finding]:
    out = [_line(seg, where)]
    if seg.also_fits:
        out.append(Finding("serial.framing_ambiguous", "serial",
                           f"{seg.channel}: {seg.framing} and {', '.join(seg.also_fits)} both decode this line cleanly",
                           f"{seg.why}. A receiver set to the other framing shows no error at all, only other bytes.",
                           "warning", 0.8, [Evidence("bytes", seg.data[:24].hex(" ").upper(), where, f"as {seg.framing}")],
                           [Fix(f"Check the device's documented framing; {seg.framing} is the likelier one here.", "user")],
                           [SOURCE, "facts/serial.md §2.5 (7E1 read as 8N1 has no framing error)"],
                           {"framing": seg.framing, "also_fits": list(seg.also_fits), "baud": seg.nominal}))
    if seg.nominal in _std() and abs(seg.clock_error) > CLOCK_WARN:
        out.append(Finding("serial.clock_error", "serial",
                           f"{seg.channel}: the device's clock is {seg.clock_error * 100:+.1f} % off {seg.nominal} baud",
                           "A UART tolerates about ±2 % between the two ends in all; a device this far off fails with a host whose own "
                           "clock errs the other way (internal RC oscillators, baud divisors that do not divide evenly).",
                           "warning", 0.8, [Evidence("timing", f"{seg.baud:.1f} baud measured, {seg.nominal} nominal", where)],
                           [Fix("Use a crystal or a calibrated clock on the device, or a baud rate its divisor hits exactly.", "device")],
                           [SOURCE], {"baud": seg.nominal, "measured_baud": round(seg.baud, 1), "clock_error": round(seg.clock_error, 5)}))
    errors = seg.framing_errors + seg.parity_errors
    if seg.frames and errors / seg.frames > ERROR_WARN:
        out.append(Finding("serial.line_errors", "serial",
                           f"{seg.channel}: {errors} of {seg.frames} frames have framing or parity errors at the line's own rate",
                           "The rate and framing fit the rest of the line, so these frames were damaged: noise, a slow edge, a line "
                           "driven by two sides, or the device stopping mid-frame.", "warning", 0.6,
                           [Evidence("count", f"{seg.framing_errors} framing, {seg.parity_errors} parity errors", where)],
                           [Fix("Check the ground, the cable length and the logic levels; capture the line with an analog channel to see the edges.", "user")],
                           [SOURCE], {"framing_errors": seg.framing_errors, "parity_errors": seg.parity_errors, "frames": seg.frames}))
    out.extend(_content(seg, where))
    return out


def _content(seg: Segment, where: str) -> list[Finding]:
    data = seg.data
    nmea = nmea_sentences(data)
    settings = {"baud": seg.nominal, "framing": seg.framing, "polarity": seg.polarity, "clock_error": round(seg.clock_error, 5)}
    if len(nmea) >= 2:
        good = sum(s.checksum_ok for s in nmea)
        return [Finding("serial.gps_nmea", "serial", f"A GPS receiver prints NMEA 0183 at {seg.nominal} {seg.framing} ({good}/{len(nmea)} checksums good)",
                        "", "info", 0.9, [Evidence("message", nmea[0].text[:80], where)], [], ["NMEA 0183 §5"],
                        {**settings, "sentences": len(nmea), "kinds": sorted({s.kind for s in nmea})})]
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in data) / max(1, len(data))
    if len(data) >= 4 and printable > 0.9:
        text = sample_text(data)
        return [Finding("serial.text_device", "serial", f"The device prints text at {seg.nominal} {seg.framing}: {text[:60]!r}", "",
                        "info", 0.9, [Evidence("message", text[:120], where)], [], [SOURCE],
                        {**settings, "text": text[:240], "first_byte": data[0]})]
    return []


def judge_lines(reports: list[LineReport], where: str) -> list[tuple[Segment, list[Finding]]]:
    """Each segment with its findings; and, when two lines run at different rates, the mismatch."""
    out: list[tuple[Segment, list[Finding]]] = []
    for rep in reports:
        for seg in rep.segments:
            out.append((seg, judge_segment(seg, where)))
    busy = [seg for seg, _f in out if seg.frames >= 4]
    rates = {seg.channel: seg.nominal for seg in busy}
    if len(set(rates.values())) > 1 and len(rates) == 2:
        (a, ra), (b, rb) = sorted(rates.items())
        seg, findings = out[0]
        findings.insert(0, Finding("serial.baud_mismatch", "serial", f"The two lines run at different rates: {a} at {ra}, {b} at {rb} baud",
                                   "Each side transmits at its own rate, so each reads the other's bytes as garbage.", "error", 0.85,
                                   [Evidence("timing", f"{a} {ra}, {b} {rb}", where)],
                                   [Fix("Set both ends to the device's rate.", "host")], [SOURCE], {"rate": ra, "asked": rb, "channels": [a, b]}))
    return out
