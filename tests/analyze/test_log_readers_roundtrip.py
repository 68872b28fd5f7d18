"""Hypothesis: every text reader gives back exactly the bytes a log in its format holds.

Each strategy writes random APDU exchanges or serial chunks in a tool's own layout (pcscd
debuglog lines with and without colour, OpenSC's hex dump, scriptor's > / <, plain hex; socat
-x -v blocks, spy:// hexdump lines, avrdude's bracketed bytes, esptool's trace with inline and
continued hex), and the reader must return the same commands and responses / the same bytes
per direction, in order."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.analyze import read_apdu, read_serial
from handshake_doctor.analyze.items import AnalyzeOptions, FileReport
from handshake_doctor.domains.smartcard.session import pairs

APDU = st.binary(min_size=4, max_size=40)
RESP = st.binary(min_size=0, max_size=30).map(lambda d: d + b"\x90\x00")
EXCHANGES = st.lists(st.tuples(APDU, RESP), min_size=1, max_size=8)


def sp(b: bytes) -> str:
    return " ".join(f"{x:02X}" for x in b)


def read_pairs(reader, text: str) -> list[tuple[bytes, bytes]]:  # type: ignore[no-untyped-def]
    rep = FileReport("t")
    captured: list = []
    orig = read_apdu._Sessions.flush

    def flush(self):  # type: ignore[no-untyped-def]
        if self.tr is not None:
            captured.append(self.tr)
        return orig(self)

    read_apdu._Sessions.flush = flush  # type: ignore[method-assign]
    try:
        list(reader(io.BytesIO(text.encode()), "t", AnalyzeOptions(), rep))
    finally:
        read_apdu._Sessions.flush = orig  # type: ignore[method-assign]
    return [(c, r) for tr in captured for c, r, _p, _t in pairs(tr)]


@settings(max_examples=40, deadline=None)
@given(EXCHANGES, st.booleans())
def test_pcscd(ex: list[tuple[bytes, bytes]], color: bool) -> None:
    c0, c1 = ("\x1b[36m", "\x1b[0m") if color else ("", "")
    tid = "[140678702016192] " if color else ""
    lines = ["00000002 winscard.c:1596:SCardTransmit() Send Protocol: T=1"]
    for cmd, resp in ex:
        lines += [f"{c0}00000002{c1} {tid}{c0}APDU: {sp(cmd)} {c1}", f"{c0}00000069{c1} {tid}{c0}SW: {sp(resp)} {c1}"]
    assert read_pairs(read_apdu.read_pcscd, "\n".join(lines) + "\n") == ex


@settings(max_examples=40, deadline=None)
@given(EXCHANGES)
def test_opensc(ex: list[tuple[bytes, bytes]]) -> None:
    out = []
    for cmd, resp in ex:
        for what, data in (("Outgoing", cmd), ("Incoming", resp)):
            out.append(f"P:1; T:0x7f; 2026-12-03 12:00:00.000 [tool] apdu.c:378:sc_single_transmit: \n{what} APDU ({len(data)} bytes):")
            for i in range(0, len(data), 16):
                chunk = data[i:i + 16]
                out.append(sp(chunk) + " " + "".join(chr(b) if 32 <= b < 127 else "." for b in chunk))
    assert read_pairs(read_apdu.read_opensc, "\n".join(out) + "\n") == ex


@settings(max_examples=40, deadline=None)
@given(EXCHANGES)
def test_scriptor_and_hex(ex: list[tuple[bytes, bytes]]) -> None:
    text = "Using T=0 protocol\n" + "".join(f"> {sp(c)}\n< {sp(r)} : Normal processing.\n" for c, r in ex)
    assert read_pairs(read_apdu.read_scriptor, text) == ex
    text = "".join(f"{sp(c)}\n{sp(r)}\n" for c, r in ex)
    assert read_pairs(read_apdu.read_hex, text) == ex


CHUNKS = st.lists(st.tuples(st.booleans(), st.binary(min_size=1, max_size=40)), min_size=1, max_size=10)


def streams(reader, text: str) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    got: list = []
    orig = read_serial._Trace.item

    def item(self, channel):  # type: ignore[no-untyped-def]
        got.append(self.tr)
        return iter(())

    read_serial._Trace.item = item  # type: ignore[method-assign]
    try:
        list(reader(io.BytesIO(text.encode()), "t", AnalyzeOptions(), FileReport("t")))
    finally:
        read_serial._Trace.item = orig  # type: ignore[method-assign]
    (tr,) = got
    return tr.stream("tx"), tr.stream("rx")


def expected(chunks: list[tuple[bool, bytes]]) -> tuple[bytes, bytes]:
    return b"".join(d for tx, d in chunks if tx), b"".join(d for tx, d in chunks if not tx)


@settings(max_examples=40, deadline=None)
@given(CHUNKS)
def test_socat_spy_avrdude_esptool(chunks: list[tuple[bool, bytes]]) -> None:
    out = []
    for i, (tx, d) in enumerate(chunks):
        out.append(f"{'>' if tx else '<'} 2026/12/03 13:26:{40 + i:02d}.000718985  length={len(d)} from=0 to={len(d) - 1}")
        for j in range(0, len(d), 16):
            part = d[j:j + 16]
            out.append(" " + " ".join(f"{b:02x}" for b in part).ljust(48) + " " + "".join(chr(b) if 32 <= b < 127 else "." for b in part))
        out.append("--")
    assert streams(read_serial.read_socat, "\n".join(out) + "\n") == expected(chunks)
    spy = []
    for i, (tx, d) in enumerate(chunks):
        for j in range(0, len(d), 16):
            part = d[j:j + 16]
            spy.append(f"{i * 0.1:010.3f} {'TX' if tx else 'RX':4} {j:04X}  " + "".join(f"{b:02X} " for b in part).ljust(48) + " ascii")
    assert streams(read_serial.read_spy, "\n".join(spy) + "\n") == expected(chunks)
    avr = [f"avrdude: {'send' if tx else 'recv'}: " + "".join(f". [{b:02x}] " for b in d) for tx, d in chunks]
    assert streams(read_serial.read_avrdude, "\n".join(avr) + "\n") == expected(chunks)
    esp = []
    for tx, d in chunks:
        head = f"  TRACE +0.010   {'Write' if tx else 'Read'} {len(d)} bytes:"
        if len(d) <= 8:
            esp.append(f"{head}       {d.hex()}")
        else:
            esp.append(head)
            for j in range(0, len(d), 16):
                part = d[j:j + 16].hex()
                esp.append(f"    {part[:16]} {part[16:]}".ljust(40) + " | ascii")
    assert streams(read_serial.read_esptool, "\n".join(esp) + "\n") == expected(chunks)


@settings(max_examples=40, deadline=None)
@given(CHUNKS)
def test_jpnevulator(chunks: list[tuple[bool, bytes]]) -> None:
    """Two --tty: the header names the tty (the first named is the host's); the layout is the one
    jpnevulator 2.3.6 --timing-print --ascii wrote here (a timestamp line ending in ':')."""
    out = []
    for i, (tx, d) in enumerate(chunks):
        out.append(f"2026-12-03 13:54:{10 + i:02d}.897119: {'/dev/pts/3' if tx else '/dev/ttyUSB0'}")
        for j in range(0, len(d), 16):
            part = d[j:j + 16]
            out.append(" ".join(f"{b:02X}" for b in part).ljust(48) + " " + "".join(chr(b) if 32 <= b < 127 else "." for b in part))
    first_tx = next(i for i, (tx, _d) in enumerate(chunks) if tx) if any(tx for tx, _d in chunks) else None
    if first_tx != 0:  # the first header names the host's side; make it so
        chunks = [(True, b"\x00")] + chunks
        out.insert(0, "2026-12-03 13:54:09.000000: /dev/pts/3\n00")
    assert streams(read_serial.read_jpnevulator, "\n".join(out) + "\n") == expected(chunks)
    one = "2026-12-03 13:54:22.897119:\n79\n"  # one --tty: read from the device
    assert streams(read_serial.read_jpnevulator, one) == (b"", b"\x79")
