"""A serial trace (Transcript) to a Diagnosis: which handshake the host tried, what came back.

First the device judges of main (domains/serial/active_judge.judge_active with the registry's
device table): a sniffed trace has no labels, so :func:`label_attempts` walks each device's
own conversation (``converse()``, fed the replies the trace holds) and marks the TX exchange
that carries its request and the RX after it (``meta`` attempt/device, the request's label),
as the probe's recording port would. When no device judge claims the trace, the older path
below still reads the host's request against each
boot loader's own request bytes (their protocol modules: stm32 sync, esp SLIP SYNC, avr
STK_GET_SYNC, mtk start bytes), states the observed exchange as a finding of that boot loader's
existing codes (found / no_reply / nosync / already synced) and hands anything else (a garbled
reply, a boot log, the tool's own error lines) to ``explain``, the existing domain knowledge,
worded with the tool's name so the right domain reads it. Replace by the judges' ``judge(tr)``
when they are on main.
"""

from __future__ import annotations

from ..checklist import Run
from ..model import Diagnosis, DomainScore, Evidence, Finding
from ..transcript import RX, TX, Transcript

TOOL_WORD = {"bootloader.avr": "avrdude", "bootloader.stm32": "stm32flash", "bootloader.esp": "esptool", "bootloader.mtk": "mtk"}


def host_protocol(tx: bytes) -> str:
    from ..domains.bootloaders.avr import protocol as avr
    from ..domains.bootloaders.esp import protocol as esp
    from ..domains.bootloaders.mtk import protocol as mtk
    from ..domains.bootloaders.stm32 import protocol as stm32

    if tx.startswith(bytes([0x30, avr.CRC_EOP])):  # STK_GET_SYNC, CRC_EOP (AVR061)
        return "bootloader.avr"
    if tx[:1] == stm32.sync():
        return "bootloader.stm32"
    if tx.startswith(esp.sync_request()[:4]):
        return "bootloader.esp"
    if tx.startswith(mtk.start_bytes()[:1]) and tx[:4] == mtk.start_bytes()[:4]:
        return "bootloader.mtk"
    if tx[:2].upper() == b"AT":
        return "serial"
    return ""


def _ev(data: bytes, note: str, where: str) -> Evidence:
    return Evidence("bytes", data[:32].hex(" ").upper(), where, note)


def _observed(proto: str, tx: bytes, rx: bytes, tr: Transcript) -> list[Finding]:
    n_tx = sum(1 for e in tr.exchanges if e.direction == TX)
    ev = [_ev(tx, f"{n_tx} write(s) by the host", "trace")]
    if not rx:
        code = "bootloader.mtk.handshake_failed" if proto == "bootloader.mtk" else f"{proto}.no_reply"
        return [Finding(code, proto, f"The device sent nothing back to {n_tx} handshake write(s) ({TOOL_WORD.get(proto, proto)})",
                        "Not in its boot loader (reset/boot pins), the host's TX/RX lines are swapped or not connected, or the wrong port.",
                        "error", 0.85, ev + [Evidence("count", "0 bytes", "trace", "received from the device")], [], ["the trace"], {"writes": n_tx})]
    ev.append(_ev(rx, "received from the device", "trace"))
    if proto == "bootloader.avr" and b"\x14\x10" in rx:
        return [Finding("bootloader.avr.found", proto, "An STK500v1 boot loader answered the sync (14 10: INSYNC OK)", "", "info", 0.9, ev, role="identity")]
    if proto == "bootloader.stm32" and rx[:1] == b"\x79":
        return [Finding("bootloader.stm32.found", proto, "The STM32 system boot loader ACKed the sync (0x79)", "", "info", 0.9, ev, role="identity")]
    if proto == "bootloader.stm32" and rx[:1] == b"\x1f":
        return [Finding("bootloader.stm32.already_synced", proto, "The STM32 boot loader NACKed the sync (0x1F): it is still synced from an earlier session", "", "error", 0.8, ev)]
    if proto == "bootloader.esp" and b"\xc0\x01\x08" in rx:
        return [Finding("bootloader.esp.found", proto, "The Espressif ROM loader answered SYNC", "", "info", 0.9, ev, role="identity")]
    return []


def _explained(query: str, want: tuple[str, ...], limit: int = 2) -> list[Finding]:
    from ..engine import explain

    d = explain(query)
    scores = {s.name: s.score for s in d.domains}
    out: list[Finding] = []
    for f in d.findings:
        if want and f.domain not in want or any(o.code == f.code for o in out):
            continue
        conf = round(min(1.0, scores.get(f.domain, 0.5) * f.confidence + 0.2), 3)
        out.append(Finding(f.code, f.domain, f.summary, f.detail, f.severity, conf, f.evidence, f.fixes, f.sources, f.data, f.role, f.superseded_by))
        if len(out) >= limit:
            break
    return out


def label_attempts(tr: Transcript) -> Transcript:
    """A copy of ``tr`` whose exchanges carry the attempt labels the device judges read."""
    from .. import registry
    from ..transcript import Exchange

    ex = list(tr.exchanges)
    marks: dict[int, dict[str, object]] = {}
    n = 0
    for dev in registry.serial_devices():
        gen = dev.converse()  # type: ignore[attr-defined]
        try:
            req = next(gen)
        except StopIteration:
            continue
        i = 0
        attempt = None
        mine: list[int] = []
        last_reply = b"x"
        while i < len(ex) and req is not None:
            e = ex[i]
            if e.direction == TX and e.kind == "raw" and i not in marks and e.data.startswith(req.data) and len(e.data) <= len(req.data) + 2:
                if attempt is None:
                    n += 1
                    attempt = n
                marks[i] = {"attempt": attempt, "device": dev.name, "label": req.label}  # type: ignore[attr-defined]
                mine.append(i)
                reply = ex[i + 1].data if i + 1 < len(ex) and ex[i + 1].direction == RX else b""
                last_reply = reply
                if reply:
                    marks[i + 1] = dict(marks[i])
                    mine.append(i + 1)
                try:
                    req = gen.send(reply)
                except StopIteration:
                    req = None
            i += 1
        # The judges read a conversation as the probe holds it: complete, or stopped by silence.
        # A host that stopped early on its own (the trace ends after an answer) is not judged by them.
        if req is not None and last_reply:
            for k in mine:
                marks.pop(k, None)
    out = Transcript(tr.source, tr.origin, tr.local, tr.peer, [], dict(tr.meta))
    for i, e in enumerate(ex):
        m = marks.get(i)
        if m is None:
            out.exchanges.append(e)
        else:
            settings = {"baud": int(e.settings.get("baud", 0) or 0), "framing": str(e.settings.get("framing", "8N1"))}
            out.exchanges.append(Exchange(e.t, e.direction, e.data, "raw", str(m["label"]), settings,
                                          {**e.meta, "attempt": m["attempt"], "device": m["device"]}))
    return out


def _device_judges(tr: Transcript) -> list[Finding]:
    """The findings of main's device judges on the labelled trace, or [] when none applies."""
    try:
        from .. import registry
        from ..domains.serial.active_judge import judge_active
    except ImportError:
        return []
    # a reader that rebuilt the tool's own exchange (avrdude's send/recv calls) labelled it already
    labelled = tr if tr.meta.get("labelled") else label_attempts(tr)
    if not any(e.meta.get("attempt") for e in labelled.exchanges):
        return []
    verdict = judge_active(labelled, registry.serial_devices())  # type: ignore[arg-type]
    out = []
    for f in verdict.findings:
        # a byte trace does not know the line's rate: the judges' "at 0 8N1" says nothing
        if f.data.get("baud") == 0:
            data = {k: v for k, v in f.data.items() if k not in ("baud", "framing")}
            f = Finding(f.code, f.domain, f.summary.replace(" at 0 8N1", ""), f.detail.replace(" at 0 8N1", ""), f.severity, f.confidence,
                        f.evidence, f.fixes, f.sources, data, f.role, f.superseded_by)
        out.append(f)
    return out


def judge(tr: Transcript, reader: str) -> Diagnosis:
    run = Run(tr.origin, 0.0, verb="analyze", source="log")
    run.transcript = tr
    tx, rx = tr.stream(TX), tr.stream(RX)
    found = _device_judges(tr)
    if found and any(f.severity in ("error", "warning") or f.role == "identity" or f.severity == "info" for f in found):
        for f in found:
            run.add(f)
        run.record_step("device judges", "ran", f"{len(found)} finding(s) from the device table's judges")
        for msg in (tr.meta.get("messages") or [])[:5]:
            # the device's own domain reads the tool's lines too (avrdude's "expected signature for
            # ATmega328P"); a line no row knows adds nothing to what the judges found in the bytes
            for f in _explained(msg, (found[0].code.rsplit(".", 1)[0], found[0].domain, "serial"), 1):
                if not f.code.endswith(".unrecognised_message") and not any(g.code == f.code for g in run.findings):
                    run.add(f)
        diag = run.finish([DomainScore(found[0].domain, 0.95, found[0].summary, ["the device judges on the trace"])], input=tr.origin, target=tr.peer)
        diag.elapsed_ms = None
        return diag
    proto = host_protocol(tx)
    domains: list[DomainScore] = []
    if proto:
        domains.append(DomainScore(proto, 0.95, f"the host's first bytes are the {proto} handshake", ["the trace's host bytes"]))
    seen = _observed(proto, tx, rx, tr) if proto.startswith("bootloader.") else []
    for f in seen:
        run.add(f)
    run.record_step("handshake", "ran", f"{proto or 'unknown'}: {len(tx)} bytes sent, {len(rx)} received")
    want = (proto, "serial", "text") if proto else ()
    if rx and not any(f.role == "identity" for f in seen):
        printable = sum(1 for b in rx[:512] if 32 <= b < 127 or b in (9, 10, 13)) >= 0.9 * min(len(rx), 512)
        query = rx[:2000].decode("latin-1") if printable else f"{TOOL_WORD.get(proto, '')} resp=" + " ".join(f"0x{b:02x}" for b in rx[:24])
        for f in _explained(query, want):
            run.add(f)
        run.record_step("reply", "ran", "read by explain: " + query[:80])
    read = [f for msg in (tr.meta.get("messages") or [])[:5] for f in _explained(msg, want, 1)]
    # "wording not known" is the answer only when nothing else is: a line no row knows must not
    # lead over what the bytes or a later line showed (esptool v5's VID/PID NOTE over its fatal
    # "Invalid head of packet (0x65)")
    known = bool(run.findings) or any(not f.code.endswith(".unrecognised_message") for f in read)
    for f in read:
        if known and f.code.endswith(".unrecognised_message"):
            continue
        if not any(g.code == f.code for g in run.findings):
            run.add(f)
    if not run.findings and (tx or rx):
        run.notes.append(f"{len(tx)} bytes sent and {len(rx)} received; no handshake this tool knows was recognised")
    diag = run.finish(domains, input=tr.origin, target=tr.peer)
    diag.elapsed_ms = None
    return diag
