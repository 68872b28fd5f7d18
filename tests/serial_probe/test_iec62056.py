"""IEC 62056-21: an electricity meter's optical D0 port, silent until '/?!' at 300 baud 7E1.

Why here: it is the serial case where a default host (9600 8N1) meets total silence, and the
answer only comes at a rate and framing no other probe uses. The probe must find it, name the
maker and the rate it offers, and never send the acknowledgement that would switch the rate
or enter programming mode."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.cli import main
from handshake_doctor.domains.meter import iec62056_21 as iec
from handshake_doctor.domains.serial import line as uart
from handshake_doctor.simulate.meters import Iec62056Meter


def test_request_bytes() -> None:
    assert iec.request() == b"/?!\r\n"
    assert iec.request("12345678") == b"/?12345678!\r\n"
    with pytest.raises(ValueError):
        iec.request("a/b")


@pytest.mark.parametrize("line,maker,mode,baud,ident,fast", [
    # identification lines of meters as published in public readout logs (observed)
    (b"/ISk5MT174-0001\r\n", "ISK", "C", 9600, "MT174-0001", True),
    (b"/ESY5Q3DA1024 V3.04\r\n", "ESY", "C", 9600, "Q3DA1024 V3.04", False),
    (b"/LGZ4ZMD3104100.B23\r\n", "LGZ", "C", 4800, "ZMD3104100.B23", False),
    (b"/ABCEmeter\r\n", "ABC", "B", 9600, "meter", False),
    (b"/XYZ*ident\r\n", "XYZ", "A", 300, "ident", False),
])
def test_identification_lines(line: bytes, maker: str, mode: str, baud: int, ident: str, fast: bool) -> None:
    got = iec.parse_identification(b"\x00junk/?!\r\n" + line)  # an echoed request and noise before it
    assert got is not None
    assert (got.manufacturer, got.mode, got.max_baud, got.ident, got.fast_reaction) == (maker, mode, baud, ident, fast)


def test_enhanced_identification_for_mode_e() -> None:
    got = iec.parse_identification(b"/LGZ5\\2ZMD3104100.B23\r\n")
    assert got is not None and got.enhanced == "\\2" and got.ident == "ZMD3104100.B23"


@pytest.mark.parametrize("junk", [b"/?!\r\n", b"/12\r\n", b"/ABC5\r\n", b"/AB!5x\r\n", b"/ABC5" + b"x" * 17 + b"\r\n", b"/ABC5ident", b"\xaf\xc8\xd3\r\n"])
def test_not_an_identification(junk: bytes) -> None:
    assert iec.parse_identification(junk) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_parser_never_raises(data: bytes) -> None:
    got = iec.parse_identification(data)
    assert got is None or len(got.manufacturer) == 3


def test_the_meter_read_at_8n1_is_what_a_default_host_sees() -> None:
    """Read at 300 8N1, the identification arrives with the parity bit as bit 7: not parseable,
    and not text - the bytes a user would paste."""
    reply = Iec62056Meter().receive(iec.request()).reply
    tx = uart.LineSettings(300, uart.Framing.parse("7E1"))
    rx = uart.LineSettings(300, uart.Framing.parse("8N1"))
    seen = bytes(uart.delivered(uart.transmit(reply, tx, rx)))
    assert iec.parse_identification(reply) is not None
    assert iec.parse_identification(seen) is None and any(b & 0x80 for b in seen)


def test_simulator_refuses_programming_mode_and_reads_out() -> None:
    m = Iec62056Meter()
    assert m.receive(b"\x06051\r\n").commands[0].verdict == "ignored"  # no sign-on yet
    assert m.receive(iec.request()).reply.startswith(b"/HSD5")
    out = m.receive(b"\x06051\r\n")
    assert out.commands[0].changes_device and out.commands[0].verdict == "refused" and out.reply == b""
    m.receive(iec.request())
    out = m.receive(b"\x06050\r\n")
    assert out.new_baud == 9600 and out.commands[0].verdict == "answered"
    assert m.tick(10.0).reply == b""  # the reaction time runs first: the host is still re-opening its port
    assert m.tick(10.5).reply == b""
    block = m.tick(11.0).reply
    assert block.startswith(b"\x02") and b"1.8.0(001234.56*kWh)" in block
    bcc = 0
    for b in block[1:-1]:
        bcc ^= b
    assert bcc == block[-1]


def _probe(capsys, url: str, *extra: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    main(["probe", f"serial://hsdsim://{url}", "--json", "--timeout", "6", *extra])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("url,mode,offer", [("iec62056", "C", 9600), ("iec62056?offer=E", "B", 9600), ("iec62056?offer=3&manufacturer=ABC", "C", 2400)])
def test_probe_finds_the_optical_meter(capsys, monkeypatch, url: str, mode: str, offer: int) -> None:  # type: ignore[no-untyped-def]
    import serial

    opened: list[object] = []
    real = serial.serial_for_url
    monkeypatch.setattr(serial, "serial_for_url", lambda *a, **k: opened.append(real(*a, **k)) or opened[-1])
    doc = _probe(capsys, url)
    top = doc["findings"][0]
    assert top["code"] == "meter.iec62056_21", [(f["code"], f["summary"]) for f in doc["findings"]]
    d = top["data"]
    assert (d["baud"], d["framing"], d["protocol_mode"], d["max_baud"]) == (300, "7E1", mode, offer), d
    assert d["manufacturer"] == ("ABC" if "ABC" in url else "HSD")
    assert doc["domains"][0]["name"] == "meter"
    names = [c.name for p in opened for c in p.record]  # type: ignore[attr-defined]
    assert "SIGN_ON" in names and not any(n.startswith("ACK") for n in names), names
    assert not [c for p in opened for c in p.record if c.changes_device]  # type: ignore[attr-defined]


def test_expect_iec62056_asks_it_first(capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, "iec62056", "--expect", "iec62056")
    top = doc["findings"][0]
    assert top["code"] == "meter.iec62056_21"
    active = next(s for s in doc["steps"] if s["name"] == "active handshake probes")
    assert active["detail"].startswith("1 exchanges"), active
