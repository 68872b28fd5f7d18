"""Fuzz targets: every parser that reads bytes or text a user or a peer controls.

Each target takes the fuzzer's bytes and checks the parser's promises, not only "no crash":
spans stay inside the text, byte values stay bytes, a streaming decoder answers the same whatever
the chunking, a simulator never carries out a device-changing command, a target parser fails only
with the one-line UsageError. The same functions replay the seed corpus in pytest
(tests/core/test_fuzz_targets.py), so a crash atheris finds becomes a regression test by saving
the input under fuzz/seeds/<target>/.

Why atheris next to hypothesis: hypothesis explores the shapes we thought of (strategies);
atheris follows coverage into branches nobody wrote a strategy for (a TLS extension length that
points past the record, a PARMRK mark cut at the end of a read).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from handshake_doctor import codes as code_registry
from handshake_doctor.domains.bootloaders.avr.protocol import Optiboot
from handshake_doctor.domains.bootloaders.esp import protocol as esp
from handshake_doctor.domains.bootloaders.mtk.protocol import MtkBoot
from handshake_doctor.domains.bootloaders.stm32.protocol import Stm32Bootloader
from handshake_doctor.domains.meter import dlt645, iec104, iec62056_21, mbus, sml
from handshake_doctor.domains.meter.framing import Problem
from handshake_doctor.domains.negotiate.judge import judge
from handshake_doctor.domains.negotiate.readers import READERS
from handshake_doctor.domains.negotiate.target import parse_target
from handshake_doctor.domains.serial import parmrk, probe_passive
from handshake_doctor.domains.serial import probe_target as serial_target
from handshake_doctor.domains.serial.sim_gps import Gps
from handshake_doctor.domains.serial.sim_modem import Modem
from handshake_doctor.domains.smartcard import atr, ccid
from handshake_doctor.domains.tls import codec
from handshake_doctor.domains.tls import probe_target as tls_target
from handshake_doctor.errors import UsageError
from handshake_doctor.simulate.events import Output
from handshake_doctor.simulate.meters import Dlt645Meter, MBusSlave
from handshake_doctor.textparse import BYTE, BYTES, MAX_TOKENS, parse
from handshake_doctor.transcript import Transcript

_DECLARED = frozenset(c.code for c in code_registry.all_codes())


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def textparse(data: bytes) -> None:
    text = _text(data)
    p = parse(text)
    assert len(p.tokens) <= MAX_TOKENS
    for t in p.tokens:
        assert 0 <= t.start < t.end <= len(p.text), t
        assert p.text[t.start : t.end] == t.text, t
        assert t.values, t
        if t.kind in (BYTE, BYTES):
            assert all(0 <= v <= 0xFF for v in t.values), t
    assert all(0 <= v <= 0xFF for v in p.byte_values)


def explain(data: bytes) -> None:
    import handshake_doctor as hd
    from handshake_doctor.report.json_report import render_json

    d = hd.explain(_text(data))
    for f in d.findings:
        assert f.code in _DECLARED, f.code
        assert 0.0 <= f.confidence <= 1.0, f
    scores = [s.score for s in d.domains]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    json.loads(render_json(d))


def tls_codec(data: bytes) -> None:
    records, rest, err = codec.parse_records(data)
    assert sum(5 + len(r.payload) for r in records) + len(rest) <= len(data)
    assert err is None or isinstance(err, str)
    fb = codec.classify_first_bytes(data)
    assert isinstance(fb.kind, str) and fb.kind
    for info in (codec.server_hello_info(data), codec.client_hello_info(data)):
        assert info is None or isinstance(info, dict)
    for r in records:
        if r.content_type == 21:
            codec.parse_alert(r.payload)


def ccid_frames(data: bytes) -> None:
    """A pcscd debug log's CCID layer: failed answers are bounded and name known message types."""
    text = _text(data)
    for ans in ccid.failed_answers(text, limit=8):
        assert ans.answer.startswith("RDR_to_PC") and 0 <= ans.error <= 0xFF and ans.icc_status in (0, 1, 2, 3), ans
    for f in ccid.judge_log(text):
        assert f.code in _DECLARED and f.domain == "smartcard", f.code


def atr_parse(data: bytes) -> None:
    a = atr.parse(data)
    assert isinstance(a.summary(), str)
    atr.lookup_card_name(data)


def _same_any_chunking(make_decoder: Callable[[], Any], data: bytes) -> None:
    """Frames do not depend on how the line cut the bytes; the problems may group the skipped
    bytes differently (a skip stops at the end of what has arrived), so they are not compared."""
    whole_decoder = make_decoder()
    whole = whole_decoder.feed(data)
    cut = (data[0] % (len(data) + 1)) if data else 0
    d = make_decoder()
    parts = d.feed(data[:cut]) + d.feed(data[cut:])

    def frames(items: list[Any]) -> list[str]:
        return [repr(x) for x in items if not isinstance(x, Problem)]

    assert frames(parts) == frames(whole), (frames(parts), frames(whole))
    assert d.pending == whole_decoder.pending
    assert len(d.pending) <= d.MAX_BUFFER


def meter_frames(data: bytes) -> None:
    for module in (mbus, dlt645, iec104):
        module.parse(data)
        _same_any_chunking(module.decoder, data)
    frame = mbus.parse(data)
    if isinstance(frame, mbus.MBusFrame):
        mbus.decode_rsp_ud(frame)
    for f in sml.files(data):
        assert 0 <= f.offset < len(data) and f.offset + f.length <= len(data), f
        assert not f.complete or data[f.offset + f.length - 8:f.offset + f.length - 3] == sml.END, f
    ident = iec62056_21.parse_identification(data)
    assert ident is None or (len(ident.manufacturer) == 3 and ident.max_baud >= 300), ident
    iec62056_21.acknowledgement(data)


def serial_evidence(data: bytes) -> None:
    """What the serial probe reads from a line: PARMRK marks, then the passive verdict."""
    u = parmrk.unmark(data)
    assert len(u.values) <= len(data)
    assert all(0 <= i < len(u.values) for i in u.errors)
    verdict = probe_passive.classify(u.values, u.errors)
    assert isinstance(verdict.kind, str)
    probe_passive.settles(u.values)
    probe_passive.nmea_sentences(u.values)
    probe_passive.sample_text(u.values)
    probe_passive.match_signature(u.values)


_DEVICES: tuple[Callable[[], object], ...] = (Stm32Bootloader, Optiboot, esp.EspRomLoader, MtkBoot, MBusSlave, Dlt645Meter, Modem, Gps)
_PRIMERS = (b"\x7f", b"", esp.sync_request(), bytes([0xA0, 0x0A, 0x50, 0x05]), b"", b"", b"", b"")


def device_codecs(data: bytes) -> None:
    """A host can send the simulators anything; none may act on a write/erase/jump."""
    if not data:
        return
    pick = data[0] % len(_DEVICES)
    device = _DEVICES[pick]()
    payload = _PRIMERS[pick] + data[1:]
    for chunk in (payload[: len(payload) // 2], payload[len(payload) // 2 :]):
        out = device.receive(chunk)  # type: ignore[attr-defined]
        assert isinstance(out, Output)
        for cmd in out.commands:
            assert not (cmd.changes_device and cmd.verdict != "refused"), cmd


def probe_targets(data: bytes) -> None:
    """Targets come from the command line: bad ones fail with one UsageError line, nothing else."""
    text = _text(data)
    for parse_one in (lambda t: serial_target.parse_target("serial://" + t), serial_target.parse_target,
                      lambda t: tls_target.parse_target("tls://" + t), tls_target.parse_target):
        try:
            parse_one(text)
        except UsageError as exc:
            assert "\n" not in str(exc).strip(), str(exc)


#: inputs that make every domain walk its tables, so every pattern the engine uses is registered with rx()
WARM_INPUTS = ("0x68", "SW=6881", "error:0A00042E", "avrdude: resp=0x68", "Collision at address 4", "CKR_PIN_LOCKED (0xa4)",
               "curl: (92) HTTP/2 stream 1", "postgres sslmode", "esptool Failed to connect", "stm32flash", "mtkclient", "pcscd")


def engine_patterns() -> list[Any]:
    """Every pattern the engine uses (knowledge.table.LazyRegex), as registered while explain
    reads WARM_INPUTS."""
    import handshake_doctor as hd
    from handshake_doctor.knowledge import table

    from handshake_doctor import spotting

    for text in WARM_INPUTS:
        hd.explain(text)
    spotting.register_patterns()  # context words, hints, errno concepts and objects (issue 12)
    return sorted(table.registered(), key=lambda r: (r.pattern, r.flags))


_COMPILED: list[Any] = []


def _all_patterns() -> list[Any]:
    """Compiled without the literal-needle guard: the guard keeps most patterns from ever running
    on a given text, which hides a pattern that backtracks badly on the rare text that carries its
    needle."""
    if not _COMPILED:
        _COMPILED.extend(r.compiled for r in engine_patterns())
    return _COMPILED


def regexes(data: bytes) -> None:
    text = _text(data[:2048])
    for pattern in _all_patterns():
        pattern.search(text)


_NEG_LABELS = ("pg.sslrequest", "pg.startup_plain", "mysql.greeting", "smtp.greeting", "smtp.ehlo", "smtp.starttls", "smtp.plain_greeting",
               "imap.greeting", "imap.capability", "pop3.greeting", "pop3.capa", "ftp.greeting", "ftp.feat", "redis.ping", "mqtt.connect",
               "ldap.starttls")


def negotiate_readers(data: bytes) -> None:
    """The first byte picks a reply label, the rest is the server's reply: every reader and the
    judge must read any bytes without raising (a hostile server chooses them)."""
    if not data:
        return
    tr = Transcript("capture", "fuzz")
    tr.add("rx", data[1:], label=_NEG_LABELS[data[0] % len(_NEG_LABELS)], conn=1, end=("enough", "eof", "timeout", "limit")[data[0] >> 6])
    for scheme in ("postgres", "mysql", "submission", "smtps", "imap", "pop3", "ftp", "ldap", "redis", "mqtt"):
        t = parse_target(f"{scheme}://h:1")
        for f in judge(t, READERS[t.protocol](tr)):
            assert f.code.startswith("negotiate.")


def _analyze(data: bytes) -> list:  # type: ignore[type-arg]
    import io

    from handshake_doctor.analyze.cli import items_of_stream
    from handshake_doctor.analyze.items import AnalyzeOptions, FileReport

    rep = FileReport("fuzz")
    items = list(items_of_stream(io.BytesIO(data), "fuzz", AnalyzeOptions(), rep))
    assert all(isinstance(n, str) and "\n" not in n for n in rep.notes), rep.notes
    for it in items:
        d = it.to_dict()
        json.dumps(d)
        for f in d["findings"]:
            assert f["code"] in _DECLARED, f["code"]
    return items


PCAP_HEAD = bytes.fromhex("d4c3b2a1020004000000000000000000ffff000001000000")  # Ethernet, snaplen 65535
PCAPNG_HEAD = bytes.fromhex("0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000" "01000000140000000100000000000400" "14000000")


def analyze_packets(data: bytes) -> None:
    """Hostile bytes behind a real pcap or pcapng header (and alone): never raises, every
    exchange is a valid document with declared codes, and no connection holds more than its
    caps (flows.STREAM_CAP in order, PENDING_CAP out of order)."""
    import io

    from handshake_doctor.analyze import flows
    from handshake_doctor.analyze.pcapfile import FrameSource

    for head in (PCAP_HEAD, PCAPNG_HEAD):
        _analyze(head + data)
        seen: list[flows.Conn] = []
        tr = flows.Tracker(seen.append)
        tr.feed_frames(FrameSource(io.BytesIO(head + data)))
        for c in tr.open_connections() + seen:
            for side in (c.a, c.b):
                assert len(side.data) <= flows.STREAM_CAP and side.pending_bytes <= flows.PENDING_CAP
    _analyze(data)


def analyze_logs(data: bytes) -> None:
    """Text that may look like an APDU log or a serial trace: every reader survives it. The
    input alone too (""): a seed that is a whole trace (the avrdude -v -v -v -v ones) reaches its
    reader as the tool wrote it."""
    text = data.decode("utf-8", "replace")
    for prefix in ("", "00000002 APDU: ", "Outgoing APDU (5 bytes):\n", "> ", "> 2026/12/03 13:26:40.000718985  length=2 from=0 to=1\n ",
                   "000000.001 TX   0000  ", "  TRACE +0.001   Write 4 bytes:       ", "avrdude: send: ", "< 0x"):
        _analyze((prefix + text).encode("utf-8", "replace"))


def logic_readers(data: bytes) -> None:
    """Logic-analyser files come from users: a reader and the UART measurement either give lines
    or fail with the one-line UsageError; measured rates are positive and framings known."""
    import os
    import tempfile

    from handshake_doctor.domains.serial.uart_measure import FRAMINGS
    from handshake_doctor.logic.analyze_logic import analyze_logic

    fd, path = tempfile.mkstemp(prefix="hsd-fuzz-logic-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            results = analyze_logic(path)
        except UsageError as exc:
            assert "\n" not in str(exc)
            return
        for _exchange, diag in results:
            for f in diag.findings:
                if f.code == "serial.uart_line":
                    assert f.data["baud"] > 0 and f.data["framing"] in FRAMINGS
    finally:
        os.unlink(path)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "analyze_packets": analyze_packets,
    "analyze_logs": analyze_logs,
    "textparse": textparse,
    "explain": explain,
    "tls_codec": tls_codec,
    "atr": atr_parse,
    "ccid_frames": ccid_frames,
    "meter_frames": meter_frames,
    "serial_evidence": serial_evidence,
    "device_codecs": device_codecs,
    "probe_targets": probe_targets,
    "regexes": regexes,
    "negotiate_readers": negotiate_readers,
    "logic_readers": logic_readers,
}
