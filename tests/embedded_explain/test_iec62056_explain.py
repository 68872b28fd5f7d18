"""explain: an IEC 62056-21 identification pasted as text, as bytes, or as bytes of a 7-bit line
that an 8N1 host read (the parity bit arrives as bit 7), names the meter, its maker and the
rate it offers; paths and URLs that merely start with '/' do not."""

from __future__ import annotations

import json

import pytest

import handshake_doctor as hd
from handshake_doctor.cli import main
from handshake_doctor.domains.serial import line as uart


def _as_8n1(data: bytes, framing: str) -> str:
    tx = uart.LineSettings(300, uart.Framing.parse(framing))
    rx = uart.LineSettings(300, uart.Framing.parse("8N1"))
    return " ".join(f"{b:02X}" for b in uart.delivered(uart.transmit(data, tx, rx)))


@pytest.mark.parametrize("text,maker,baud", [
    ("/ISk5MT174-0001", "ISK", 9600),
    ("meter replies /LGZ4ZMD3104100.B23 then nothing", "LGZ", 4800),
    ("optical head: /ESY5Q3DA1024 V3.04", "ESY", 9600),
    ("2F 49 53 6B 35 4D 54 31 37 34 0D 0A", "ISK", 9600),
])
def test_identification_names_the_meter(text: str, maker: str, baud: int) -> None:
    top = hd.explain(text).findings[0]
    assert top.code == "meter.iec62056_21", (top.code, top.summary)
    assert (top.data["manufacturer"], top.data["max_baud"]) == (maker, baud)


@pytest.mark.parametrize("framing", ["7E1", "7O1"])
def test_a_7bit_identification_read_as_8n1(framing: str) -> None:
    diag = hd.explain(_as_8n1(b"/ISk5MT174-0001\r\n", framing))
    top = diag.findings[0]
    assert top.code == "meter.iec62056_21" and top.data["identification"] == "MT174-0001", top.summary
    assert f"{framing} line read as 8N1" in top.summary
    assert diag.domains[0].name == "meter"


@pytest.mark.parametrize("text", ["/usrbin", "/abcdefg", "meter says /abcdefg", "cd /home2 failed", "GET /api1x HTTP/1.1", "ls /dev/ttyUSB0", "/usr/lib64/libc.so", "2F 00 FF 13 0D 0A"])
def test_paths_urls_and_noise_are_not_meters(text: str) -> None:
    codes = [f.code for f in hd.explain(text).findings]
    assert "meter.iec62056_21" not in codes, codes


def test_json_carries_the_documented_keys(capsys) -> None:  # type: ignore[no-untyped-def]
    main(["explain", "--json", "/ISk5MT174-0001"])
    f = json.loads(capsys.readouterr().out)["findings"][0]
    assert set(f["data"]) >= {"manufacturer", "identification", "baud_char", "protocol_mode", "max_baud"}
    assert f["data"]["protocol_mode"] == "C" and f["data"]["baud_char"] == "5"


@pytest.mark.parametrize("framing", ["7E1", "7O1"])
def test_7bit_text_read_as_8n1_names_its_parity(framing: str) -> None:
    """Bytes made by the UART model (not typed by hand): a 7-bit modem's answer read at 8N1."""
    top = hd.explain(_as_8n1(b"\r\nOK\r\n", framing)).findings[0]
    assert top.code == "serial.framing_mismatch", (top.code, top.summary)
    word = "even" if framing == "7E1" else "odd"
    assert f"7-bit text with {word} parity" in top.summary and framing in top.detail
