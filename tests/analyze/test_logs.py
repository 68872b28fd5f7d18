"""analyze on logs written by the real tools: a private pcscd --debug --apdu (with and without
--color) driven through pyscard against the smart-card lab's scripted vpcd card; esptool
--trace and avrdude -v -v -v -v against the simulators on ptys; socat -x -v between avrdude and
the AVR simulator; and hand-written OpenSC / scriptor / hex logs for the exact context rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hsd_testing import ROOT, hsdoctor, require_module, require_peer, stop_process

PIN_CARD = {
    "atr": "3B021450",  # T=0
    "rules": [
        ["00A4040C07A0000000041010", "9000"],
        ["00A40400.*", "6A82"],
        ["0020008108.*", "63C2"],
        ["00B0000000", "6982"],
        ["00CA9F7F00", "6C0A"],
        ["00CA9F7F0A", "6108"],
        ["01A4000C023F00", "6881"],
    ],
    "default": "6D00",
}
APDUS = ["00A4040007A0000000030000", "00A4040C07A0000000041010", "00200081083132333435FFFFFF", "00B0000000",
         "00CA9F7F00", "00CA9F7F0A", "01A4000C023F00"]

_DRIVER = r"""
import os, sys
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, os.path.join(sys.argv[1], "tests"))
from pathlib import Path
import json
root = Path(sys.argv[2])
os.environ["PCSCLITE_CSOCK_NAME"] = str(root / "pcscd.comm")
from tests.smartcard_probe import lab as L
extra = tuple(sys.argv[4:])
d = L.Pcscd(root, extra_args=("--apdu",) + extra).start()
card = None
try:
    script = json.loads(sys.argv[3])
    card = L.Card("pin", d.ports[0], script["card"], root).start()
    L.wait_card_atr("HSD Lab 0 00 00", bytes.fromhex(script["card"]["atr"]))
    from smartcard.System import readers
    r = [x for x in readers() if str(x) == "HSD Lab 0 00 00"][0]
    c = r.createConnection(); c.connect()
    for a in script["apdus"]:
        c.transmit(list(bytes.fromhex(a)))
    c.disconnect()
    del c
finally:
    if card: card.stop()
    d.stop()
"""


def pcscd_log(tmp: Path, *extra: str) -> Path:
    require_peer("pcscd", "/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
    require_module("smartcard")
    r = subprocess.run([sys.executable, "-c", _DRIVER, str(ROOT), str(tmp), json.dumps({"card": PIN_CARD, "apdus": APDUS}), *extra],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
    return tmp / "pcscd.log"


def findings(path: Path) -> list[dict[str, Any]]:
    r = hsdoctor("analyze", str(path), "--format", "jsonl", timeout=60)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    (doc,) = [json.loads(x) for x in r.stdout.splitlines() if '"exchange"' in x]
    return doc["findings"]


@pytest.mark.parametrize("color", [False, True])
def test_pcscd_apdu_log_explains_each_status_word_in_context(tmp_path: Path, color: bool) -> None:
    log = pcscd_log(tmp_path, *(["--color"] if color else []))
    text = log.read_text(errors="replace")
    assert "APDU: 00 20 00 81" in text and (("\x1b[" in text) == color)
    fs = findings(log)
    by = {f["code"]: f for f in fs}
    assert fs[0]["code"] == "smartcard.pin_tries_left" and fs[0]["data"]["tries_left"] == 2
    assert by["smartcard.security_status"]["role"] == "superseded"  # the 6982 after the wrong PIN is caused by it
    assert by["smartcard.get_response_needed"]["data"]["protocol"] == "T=0"  # 6108 and no GET RESPONSE
    assert "smartcard.wrong_le" not in by  # 6C0A was followed by the same command with Le=0A
    assert by["smartcard.logical_channel_unsupported"]["data"]["cla"] == "01"
    probing = [f for f in fs if f["code"] == "smartcard.file_not_found"]
    assert probing and probing[0]["data"]["probing"] is True and probing[0]["severity"] == "info"


def test_opensc_scriptor_and_hex_logs(tmp_path: Path) -> None:
    opensc = tmp_path / "opensc.log"
    opensc.write_text(
        "P:1; T:0x7f; 2026-12-03 12:00:00.000 [pkcs15-tool] reader-pcsc.c:316:pcsc_transmit: reader 'HSD Lab 0 00 00'\n"
        "P:1; T:0x7f; 2026-12-03 12:00:00.000 [pkcs15-tool] apdu.c:378:sc_single_transmit: \n"
        "Outgoing APDU (5 bytes):\n00 CA 9F 7F 00 .....\n"
        "P:1; T:0x7f; 2026-12-03 12:00:00.010 [pkcs15-tool] apdu.c:378:sc_single_transmit: \n"
        "Incoming APDU (2 bytes):\n6C 0A ..\n"
        "Outgoing APDU (5 bytes):\n00 B0 00 00 00 .....\nIncoming APDU (2 bytes):\n69 82 ..\n")
    fs = findings(opensc)
    assert fs[0]["code"] == "smartcard.wrong_le" and fs[0]["data"]["le"] == 10
    assert any(f["code"] == "smartcard.security_status" and f["role"] != "superseded" for f in fs)  # no wrong PIN before it
    scriptor = tmp_path / "scriptor.txt"
    scriptor.write_text("Using given card reader: HSD Lab 0 00 00\nUsing T=0 protocol\nReading commands from STDIN\n"
                        "> 00 A4 04 00 07 A0 00 00 00 04 10 10\n< 61 1C : Normal processing, 28 bytes available.\n> 00 B2 01 0C 00\n< 6A 83 : Record not found.\n")
    fs = findings(scriptor)
    assert fs[0]["code"] == "smartcard.get_response_needed" and fs[0]["data"]["waiting"] == 28
    hexlog = tmp_path / "apdus"
    hexlog.write_text("00 20 00 81 08 31 32 33 34 FF FF FF FF\n63 C0\n00 20 00 81 08 31 32 33 34 FF FF FF FF\n69 83\n")
    fs = findings(hexlog)
    assert [f["code"] for f in fs[:2]] == ["smartcard.pin_tries_left", "smartcard.pin_blocked"]


def _sim(device: str, link: Path, *args: str) -> subprocess.Popen[bytes]:
    p = subprocess.Popen([sys.executable, "-m", "handshake_doctor", "simulate", device, "--link", str(link), "--quiet", "--max-seconds", "30", *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 10
    while not link.exists() and time.monotonic() < end:
        time.sleep(0.05)
    return p


_stop = stop_process


def test_esptool_trace_found_and_boot_log(tmp_path: Path) -> None:
    esptool = Path(sys.executable).parent / "esptool"
    require_peer(str(esptool))
    for mode, expect in (("loader", "bootloader.esp.found"), ("boot-log", "bootloader.esp.")):
        link = tmp_path / f"esp-{mode}"
        p = _sim("esp32", link, "--mode", mode)
        try:
            r = subprocess.run([str(esptool), "--port", str(link), "--before", "no-reset", "--after", "no-reset", "--no-stub", "--trace",
                                "--connect-attempts", "1", "chip-id"], capture_output=True, text=True, timeout=60)
        finally:
            _stop(p)
        trace = tmp_path / f"esptool-{mode}.txt"
        trace.write_text(r.stdout + r.stderr)
        fs = findings(trace)
        assert fs and fs[0]["code"].startswith(expect), [(f["code"], f["summary"]) for f in fs]
        if mode == "boot-log":
            assert fs[0]["code"] in ("bootloader.esp.boot_log", "bootloader.esp.not_in_download_mode", "bootloader.esp.no_reply"), fs[0]


def test_avrdude_trace_and_socat_trace(tmp_path: Path) -> None:
    require_peer("avrdude", "socat")
    link = tmp_path / "avr"
    p = _sim("avr", link)
    try:
        r = subprocess.run(["avrdude", "-c", "arduino", "-p", "m328p", "-P", str(link), "-b", "115200", "-v", "-v", "-v", "-v", "-U", "signature:r:-:h"],
                           capture_output=True, text=True, timeout=60)
    finally:
        _stop(p)
    trace = tmp_path / "avrdude.txt"
    trace.write_text(r.stdout + r.stderr)
    fs = findings(trace)
    assert fs[0]["code"] == "bootloader.avr.found"
    # the same upload through socat at the wrong rate: the pty socat creates stays at its default
    # speed while the simulated AVR answers at 115200, so the replies arrive garbled
    link2 = tmp_path / "avr2"
    front = tmp_path / "front"
    p = _sim("avr", link2)
    sx = subprocess.Popen(["socat", "-x", "-v", f"PTY,link={front},raw,echo=0", f"{link2},raw,echo=0"], stderr=open(tmp_path / "socat.txt", "wb"))
    try:
        end = time.monotonic() + 10
        while not front.exists() and time.monotonic() < end:
            time.sleep(0.05)
        subprocess.run(["avrdude", "-c", "arduino", "-p", "m328p", "-P", str(front), "-b", "115200", "-U", "signature:r:-:h"], capture_output=True, timeout=60)
    finally:
        _stop(sx)
        _stop(p)
    text = (tmp_path / "socat.txt").read_text(errors="replace")
    assert re.search(r"^> \d{4}/", text, re.M), text[:500]
    fs = findings(tmp_path / "socat.txt")
    assert fs[0]["code"] == "serial.baud_mismatch", fs[0]


def test_spy_and_interceptty_formats(tmp_path: Path) -> None:
    serial = require_module("serial")
    link = tmp_path / "stm"
    p = _sim("stm32", link)
    spy = tmp_path / "spy.txt"
    try:
        s = serial.serial_for_url(f"spy://{link}?file={spy}", baudrate=57600, parity="E", timeout=1.0)
        s.write(b"\x7f")
        s.read(1)
        s.close()
    finally:
        _stop(p)
    fs = findings(spy)
    assert fs[0]["code"] == "bootloader.stm32.found"
    it = tmp_path / "interceptty.txt"
    it.write_text("< 0x7f\n")
    it.write_text("< 0x7f\n< 0x7f\n")
    fs = findings(it)
    assert fs[0]["code"] == "bootloader.stm32.no_reply" and fs[0]["data"]["writes"] == 1  # two bytes, one write run


def test_device_judges_read_a_complete_conversation(tmp_path: Path) -> None:
    """A spy:// trace of stm32flash's opening (sync, ACK, GET_ID, its answer) goes to main's
    STM32 device judge, which names the chip; the same trace cut after the ACK (the host stopped
    on its own) is not read as a parity problem, it is judged from what it shows."""
    full = tmp_path / "full.txt"
    full.write_text("000000.001 TX   0000  7F                                                 .\n"
                    "000000.002 RX   0000  79                                                 y\n"
                    "000000.003 TX   0000  02 FD                                              ..\n"
                    "000000.004 RX   0000  79 01 04 10 79                                     y...y\n")
    r = hsdoctor("analyze", str(full), "--format", "jsonl")
    (doc,) = [json.loads(x) for x in r.stdout.splitlines() if '"exchange"' in x]
    assert doc["findings"][0]["code"] == "bootloader.stm32.found" and [s["name"] for s in doc["steps"]] == ["device judges"]
    assert "0x410" in json.dumps(doc["findings"][0]).lower() or "410" in doc["findings"][0]["summary"]
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(full.read_text().splitlines()[:2]) + "\n")
    r = hsdoctor("analyze", str(cut), "--format", "jsonl")
    (doc,) = [json.loads(x) for x in r.stdout.splitlines() if '"exchange"' in x]
    assert doc["findings"][0]["code"] == "bootloader.stm32.found"


def test_an_unknown_note_line_does_not_lead_over_the_fatal_line(tmp_path: Path) -> None:
    """esptool v5.6.0 against a chip printing its boot log, as seen in a lab run: a NOTE line with
    the word "Failed" (no VID/PID for a pty) came before the fatal "Invalid head of packet".
    The port path held the word "esptool", so the NOTE read as an esptool line no row knows;
    its "wording not known" finding led. The fatal line's reading must."""
    sync = ("  TRACE +0.000   Write 46 bytes:       \n"
            "    c000082400000000 0007071220555555 | ...$........ UUU\n"
            "    5555555555555555 5555555555555555 | UUUUUUUUUUUUUUUU\n"
            "    5555555555555555 5555555555c0     | UUUUUUUUUUUUU.\n")
    trace = tmp_path / "esptool-v5.txt"
    trace.write_text(
        "esptool v5.6.0\nSerial port /tmp/esptool-lab/esp-boot-log:\n"
        'NOTE: Pre-connection option "no-reset" was selected. Connection may fail if the chip is not in bootloader or flasher stub mode.\n'
        "Connecting...NOTE: Failed to get VID/PID of a device on /tmp/esptool-lab/esp-boot-log: Cannot resolve VID/PID for '/tmp/esptool-lab/esp-boot-log': not listed by pyserial. "
        "The device may be unplugged or hidden from this process. Using standard reset sequence.\n\n"
        + sync + "  TRACE +0.100   No serial data received.\n"
        + (sync + "  TRACE +0.000   Read 1 bytes:         65\n  TRACE +0.000   Read invalid data: 65\n.\n") * 2 + "\n"
        "ERROR: A fatal error occurred: Failed to connect to Espressif device: Invalid head of packet (0x65): Possible serial noise or corruption.\n")
    fs = findings(trace)
    assert fs[0]["code"] == "bootloader.esp.boot_log", [f["code"] for f in fs]
    assert not any(f["code"].endswith(".unrecognised_message") for f in fs)
