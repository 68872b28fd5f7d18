"""7-bit devices (7E1, 7O1: old terminals, industrial meters and modems) from a host that reads 8 bits.

Why: read as 8N1, a 7E1 device's parity bit arrives as bit 7, so its text looks like binary and a
search by "is it text?" passes over the right rate. The probe has to name the rate and the
framing, prove the framing by reading again at it, and blame the framing only when the user named
one (the same rule as for the baud rate)."""

from __future__ import annotations

import json

import pytest

from handshake_doctor.cli import main
from handshake_doctor.domains.serial import line as uart
from handshake_doctor.domains.serial.probe_findings import _as_read_8n1
from handshake_doctor.domains.serial.probe_passive import classify, settles

LOG = "banner=&period=0.3&text=sensor%20ready,%20temp%3D21.5%20C.%5Cr%5Cn"
TEXT = b"sensor ready, temp=21.5 C.\r\n"


def _probe(capsys, url: str, *extra: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    main(["probe", f"serial://hsdsim://{url}", "--json", "--timeout", "5", *extra])
    return json.loads(capsys.readouterr().out)


def _as_8n1(data: bytes, framing: str, rate: int = 9600) -> bytes:
    """What the UART model delivers to an 8N1 reader from a device sending ``framing``."""
    tx = uart.LineSettings(rate, uart.Framing.parse(framing))
    rx = uart.LineSettings(rate, uart.Framing.parse("8N1"))
    return bytes(uart.delivered(uart.transmit(data, tx, rx)))


@pytest.mark.parametrize("framing", ["7E1", "7O1"])
def test_the_line_model_and_the_classifier_agree(framing: str) -> None:
    raw = _as_8n1(TEXT * 3, framing)
    v = classify(raw)
    assert v.kind == "seven_bit" and v.seven_bit_parity == framing[1], v
    assert "sensor ready" in v.text
    assert settles(raw), "a clean 7-bit line should end the listening window early"
    first = raw[0]
    assert f"as 0x{first:02X}." in _as_read_8n1(v.text, framing[1])


def test_settles_is_not_fooled_by_random_high_bytes() -> None:
    assert not settles(bytes(range(0x80, 0x100)) + b"\n")


def test_a_repeated_byte_is_not_a_7bit_device() -> None:
    """Seen probing a 921600 console from 115200: one frame per short line, always C7 ('G' with
    bit 7 set). A constant bit 7 fits a parity by chance; it must not become 'a 7O1 device'."""
    assert classify(b"\xc7" * 6).kind != "seven_bit"
    assert classify(b"\xc7\x47" * 8).kind != "seven_bit"
    assert classify(_as_8n1(b"\r\nOK\r\n", "7E1")).kind == "seven_bit"  # the shortest real answer still is


@pytest.mark.parametrize("framing,rate", [("7E1", 9600), ("7O1", 19200)])
def test_a_7bit_console_is_named_without_being_told(capsys, framing: str, rate: int) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, f"chatter?baud={rate}&framing={framing}&{LOG}")
    top = doc["findings"][0]
    assert top["code"] == "serial.text_device", doc["findings"]
    assert (top["data"]["baud"], top["data"]["framing"], top["data"]["line"]) == (rate, framing, f"{rate} {framing}"), top["data"]
    assert top["data"]["text"].startswith("sensor ready")
    steps = {s["name"]: s for s in doc["steps"]}
    assert steps[f"confirm at {rate} {framing}"]["status"] == "ran", steps
    raw_first = _as_8n1(b"s", framing, rate)[0]
    assert f"reads its first character 's' as 0x{raw_first:02X}" in top["detail"]
    assert "serial.framing_mismatch" not in [f["code"] for f in doc["findings"]]  # nothing was asked


def test_a_host_that_named_its_settings_is_told_the_framing(capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, f"chatter?baud=9600&framing=7E1&{LOG}", "--baud", "9600")
    codes = [f["code"] for f in doc["findings"]]
    assert codes[:2] == ["serial.framing_mismatch", "serial.text_device"], codes
    assert doc["findings"][0]["data"] == {"framing": "7E1", "asked": "8N1"}
    assert "serial.baud_mismatch" not in codes
    assert doc["exit_code"] == 1


def test_a_7bit_gps_is_a_gps(capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, "gps?baud=4800&framing=7O1&period=0.2")
    top = doc["findings"][0]
    assert top["code"] == "serial.gps_nmea" and (top["data"]["baud"], top["data"]["framing"]) == (4800, "7O1"), doc["findings"]
    assert top["data"]["valid"] >= 1
