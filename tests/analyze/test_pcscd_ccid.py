"""analyze on the reader layer of a pcscd debug log: the CCID driver's frames and lines.

No USB CCID reader can run here (vpcd, the lab's virtual reader, has its own driver and prints no
CCID frames), so the logs are written in the format pcsc-lite's debuglog.c and the CCID driver's
DEBUG_* macros print (timestamp, optional [thread], file:line:function(), text), with frames laid
out as USB CCID Rev 1.1 §6 defines them. The lab's real pcscd log (test_logs.py) is the negative:
it yields its APDU session only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hsd_testing import hsdoctor

HEAD = "00000000 [140608650942208] pcscdaemon.c:383:main() pcsc-lite 2.0.0 daemon ready.\n"
POWER_ON = "00000011 [140608650942208] -> 000000 62 00 00 00 00 00 4E 00 00 00 \n"


def _exchanges(path: Path) -> list[dict]:  # type: ignore[type-arg]
    r = hsdoctor("analyze", str(path), "--format", "jsonl", timeout=60)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    return [json.loads(x) for x in r.stdout.splitlines() if '"exchange"' in x]


@pytest.mark.parametrize(("tail", "code"), [
    ("00021137 [140608650942208] <- 000000 80 00 00 00 00 00 4E 41 FE 00 \n"
     "00000012 [140608650942208] ifdhandler.c:1386:IFDHPowerICC() PowerUp failed\n", "smartcard.card_unresponsive"),
    ("00021137 [140608650942208] <- 000000 80 00 00 00 00 00 4E 41 F7 00 \n", "smartcard.atr_invalid"),
    ("00000012 [140608650942208] ccid_usb.c:1075:ReadUSB() read failed (1/3): LIBUSB_ERROR_TIMEOUT\n", "smartcard.reader_unresponsive"),
])
@pytest.mark.parametrize("color", [False, True])
def test_the_reader_layer_of_a_pcscd_log_is_judged(tmp_path: Path, tail: str, code: str, color: bool) -> None:
    text = HEAD + POWER_ON + tail
    if color:
        text = text.replace("ifdhandler.c", "\x1b[34mifdhandler.c\x1b[0m").replace("<- ", "\x1b[32m<- \x1b[0m")
    log = tmp_path / "pcscd.log"
    log.write_text(text)
    (doc,) = _exchanges(log)
    assert doc["exchange"]["protocol"] == "CCID"
    assert doc["findings"][0]["code"] == code


def test_a_reader_layer_without_failure_adds_no_exchange(tmp_path: Path) -> None:
    log = tmp_path / "pcscd.log"
    log.write_text(HEAD + POWER_ON + "00021137 [140608650942208] <- 000000 80 0A 00 00 00 00 4E 00 00 00 3B 88 80 01 00 00 00 00 77 81 81 00\n")
    r = hsdoctor("analyze", str(log), "--format", "jsonl", timeout=60)
    assert "Traceback" not in r.stderr
    assert not [x for x in r.stdout.splitlines() if '"protocol":"CCID"' in x.replace(" ", "")]
