"""``analyze`` for logic-analyser recordings: file → edge lists → measured UART segments → the
serial judges → one Diagnosis per segment (an exchange: the channel and its time span)."""

from __future__ import annotations

import time

from ..assemble import assemble
from ..domains.serial.uart_judge import judge_lines
from ..domains.serial.uart_measure import measure
from ..model import Diagnosis, DomainScore
from .readers import read


def analyze_logic(path: str) -> list[tuple[dict[str, object], Diagnosis]]:
    t0 = time.perf_counter()
    cap = read(path)
    reports = [measure(ch.name, ch.edges, ch.initial, cap.n_samples, cap.samplerate) for ch in cap.channels]
    notes = list(cap.notes) + [n for r in reports for n in r.notes if "0 transitions" not in n]
    out: list[tuple[dict[str, object], Diagnosis]] = []
    for seg, findings in judge_lines(reports, path):
        exchange = {"channel": seg.channel, "t0": round(seg.t0, 6), "t1": round(seg.t1, 6), "source": cap.source}
        top = findings[0] if findings else None
        meaning = top.summary if top else ""
        diag = Diagnosis("analyze", path, [DomainScore("serial", 1.0, meaning, [f"measured on {seg.channel}: {seg.frames} frames"])],
                         assemble(findings), notes=notes, target=f"{path}#{seg.channel}@{seg.t0:.6f}")
        diag.elapsed_ms = (time.perf_counter() - t0) * 1000
        out.append((exchange, diag))
    if not out:
        diag = Diagnosis("analyze", path, notes=notes + ["No UART line was found in the recording."], target=path)
        out.append(({"channel": "", "t0": 0.0, "t1": round(cap.seconds, 6), "source": cap.source}, diag))
    return out
