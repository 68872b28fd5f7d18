"""The seed's situation end to end: a host at 115200 logs "Handshaking... error: unexpected
response 0x68", and the byte means something different for each device it might face.

Two devices on real ptys (``hsdoctor simulate`` subprocesses, stopped in a finally): a board whose
program prints ``hello from the board``, and an M-Bus meter behind a 115200 converter. First a
naive host - pyserial at 115200 8N1, standing in for the user's tool - sends its request and reads
0x68 from both. Then ``hsdoctor probe serial://PTY --baud 115200`` must explain each one: text
whose lines start with 'h' versus the start byte of an M-Bus long frame, and blame neither on the
baud rate (no ``serial.baud_mismatch`` anywhere; the settings that worked are 115200). The
simulators' records must show that nothing written by the probe changed the device.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import serial

from handshake_doctor.cli import main
from handshake_doctor.domains.meter import mbus

from test_active_pty import start, stop

SEED = "Handshaking... error: unexpected response 0x68"
HOST_RATE = 115200

# (simulator, its options, what the naive host sends, the code the probe must lead with)
DEVICES = [
    ("chatter", ("--baud", "115200", "--banner", "", "--text", "hello from the board\\r\\n", "--period", "0.3"),
     b"\x7f", "serial.text_device"),  # an STM32-style sync byte: a flasher's "Handshaking..."
    ("mbus", ("--baud", "115200"), mbus.req_ud2(0xFE), "meter.mbus"),  # a reader that expected E5
]


def naive_host_first_byte(path: str, request: bytes) -> bytes:
    """What the user's tool sees: open at 115200 8N1, send its request, read one byte."""
    with serial.Serial(path, HOST_RATE, timeout=2.0) as port:
        port.reset_input_buffer()
        port.write(request)
        return bytes(port.read(1))


@pytest.mark.parametrize(("device", "sim_args", "request_bytes", "code"), DEVICES, ids=[d[0] for d in DEVICES])
def test_seed_0x68_is_explained_not_blamed_on_the_rate(tmp_path: Path, capsys, device, sim_args, request_bytes, code) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "record.jsonl"
    proc, path = start(device, sim_args, record)
    try:
        assert path.startswith("/dev/"), f"simulator printed no pty path: {path!r}"
        first = naive_host_first_byte(path, request_bytes)
        t0 = time.monotonic()
        rc = main(["probe", f"serial://{path}", "--baud", str(HOST_RATE), "--json", "--timeout", "5"])
        took = time.monotonic() - t0
        doc = json.loads(capsys.readouterr().out)
    finally:
        stop(proc)
    print(f"\nSEED {device}: naive host read {first.hex()}; probe {took:.2f} s -> {[f['code'] for f in doc['findings']]}")
    assert first == b"\x68", f"the naive host should read 0x68 from {device}, read {first!r}"

    codes = [f["code"] for f in doc["findings"]]
    assert codes[0] == code, [(f["code"], f["summary"]) for f in doc["findings"]]
    assert "serial.baud_mismatch" not in codes and "serial.framing_mismatch" not in codes, codes
    top = doc["findings"][0]
    assert top["data"]["baud"] == HOST_RATE, top["data"]
    assert doc["exit_code"] == 0 and rc == 0, "an identified device with no fault is not an error"
    if device == "chatter":
        assert "hello from the board" in top["data"]["text"]
        assert top["data"]["first_byte"] == 0x68 and "0x68 ('h')" in top["detail"]
    else:
        assert top["data"]["manufacturer"] == "HSD" and top["data"]["ident"] == "12345678"
        assert top["data"]["checksum_ok"] is True
        got = [e["value"] for e in top["evidence"] if "received" in e["note"]]
        assert any(v.startswith("68 ") for v in got), got  # the long frame the host tripped over
        assert "0x68 is the start byte of every M-Bus long frame" in top["detail"]
    rows = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
    assert rows, "the simulator recorded nothing: the probe never reached it"
    assert not [r for r in rows if r.get("changes_device")], rows


def test_seed_phrase_alone_lists_both_readings(capsys) -> None:  # type: ignore[no-untyped-def]
    """Before any probe, the bare log line keeps both readings open (and asks); the probe above
    is what settles it."""
    main(["explain", "--json", SEED])
    doc = json.loads(capsys.readouterr().out)
    names = {d["name"] for d in doc["domains"]}
    assert {"text", "meter"} <= names, names
    assert not any(d["score"] >= 0.9 for d in doc["domains"]), doc["domains"]
