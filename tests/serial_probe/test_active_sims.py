"""Active phase of the serial probe against our simulators, in-process (``hsdsim://``).

Each device runs at a rate the probe is not told; the probe must name device, mode and the
settings that worked as findings[0] within 5 s. Times are printed (run with -s to see them).
Safety: the same probes, driven directly, leave no write/erase/jump command in the record.
"""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.cli import main
from handshake_doctor.domains.serial import probe_active as pa
from handshake_doctor.simulate.url import register
from handshake_doctor.transports.deadline import Deadline
from handshake_doctor.transports.serial_port import LineRequest, open_port

BUDGET_S = 5.0

# (device URL, extra CLI args, expected code, expected data subset)
CASES = [
    ("stm32?baud=38400", (), "bootloader.stm32.found", {"device": "stm32", "mode": "bootloader", "framing": "8E1", "pid": 0x410}),
    ("avr?baud=57600", (), "bootloader.avr.found", {"device": "avr", "mode": "bootloader", "baud": 57600, "part": "ATmega328P"}),
    ("avr?mode=sketch", ("--expect", "avr"), "bootloader.avr.sketch_running", {"device": "avr", "mode": "sketch", "baud": 115200}),
    ("avr?mode=sketch", (), "serial.text_device", {"baud": 115200}),
    ("esp32?baud=57600", (), "bootloader.esp.found", {"device": "esp", "chip": "ESP32"}),
    ("esp32?mode=boot-log", (), "bootloader.esp.boot_log", {"device": "esp", "mode": "boot-log", "baud": 115200}),
    ("mtk", ("--baud", "9600"), "bootloader.mtk.brom", {"device": "mtk", "mode": "brom", "baud": 115200, "hw_code": 0x0766}),
    ("mtk?mode=preloader", ("--baud", "9600"), "bootloader.mtk.preloader", {"mode": "preloader", "baud": 115200}),
    ("mtk?mode=echo", ("--baud", "9600"), "bootloader.mtk.echo_not_complement", {"mode": "echo", "baud": 115200}),
    ("mtk?sla=1&daa=1", (), "bootloader.mtk.brom", {"target_config": {"sbc": False, "sla": True, "daa": True}}),
    ("modem?baud=9600", (), "serial.modem_at", {"device": "modem", "mode": "echo-on", "baud": 9600}),
    ("modem?mode=echo-off&baud=19200", (), "serial.modem_at", {"mode": "echo-off", "baud": 19200}),
    ("gps", (), "serial.gps_nmea", {"baud": 4800, "framing": "8N1"}),
    ("chatter", (), "serial.text_device", {"baud": 115200, "framing": "8N1"}),
    ("chatter?baud=38400&framing=8E1", (), "serial.text_device", {"baud": 38400, "framing": "8E1"}),
    ("mbus", (), "meter.mbus", {"device": "mbus", "baud": 2400, "framing": "8E1"}),
    ("dlt645?baud=9600", (), "meter.dlt645", {"device": "dlt645", "baud": 9600, "framing": "8E1"}),
    # 7-bit devices: the framing is found, not blamed (the user named none)
    ("chatter?baud=9600&framing=7E1&period=0.2", (), "serial.text_device", {"baud": 9600, "framing": "7E1", "line": "9600 7E1", "first_byte": 0x68}),
    ("gps?baud=4800&framing=7O1&period=0.2", (), "serial.gps_nmea", {"baud": 4800, "framing": "7O1"}),
    ("modem?baud=19200&framing=7E1", (), "serial.modem_at", {"device": "modem", "baud": 19200, "framing": "7E1", "result": "OK"}),
    ("modem?baud=2400&framing=7O1&mode=echo-off", (), "serial.modem_at", {"mode": "echo-off", "baud": 2400, "framing": "7E1"}),
    # meters at the slow rates their standards also allow
    ("mbus?baud=300", (), "meter.mbus", {"device": "mbus", "baud": 300, "framing": "8E1", "manufacturer": "HSD"}),
    ("dlt645?baud=1200", (), "meter.dlt645", {"device": "dlt645", "baud": 1200, "framing": "8E1"}),
]


def probe_json(capsys, target: str, *extra: str) -> tuple[dict, float]:  # type: ignore[no-untyped-def,type-arg]
    t0 = time.monotonic()
    main(["probe", target, "--json", "--timeout", str(BUDGET_S), *extra])
    took = time.monotonic() - t0
    return json.loads(capsys.readouterr().out), took


@pytest.mark.parametrize(("url", "extra", "code", "want"), CASES, ids=[c[0] + " ".join(("",) + c[1]) for c in CASES])
def test_names_the_device_at_an_untold_rate(capsys, url, extra, code, want) -> None:  # type: ignore[no-untyped-def]
    doc, took = probe_json(capsys, f"serial://hsdsim://{url}", *extra)
    print(f"\nACTIVE-TIME {url} {' '.join(extra)}: {took:.2f} s -> {doc['findings'][0]['code'] if doc['findings'] else None}")
    top = doc["findings"][0]
    assert top["code"] == code, [(f["code"], f["summary"]) for f in doc["findings"]]
    for k, v in want.items():
        assert top["data"].get(k) == v, (k, top["data"])
    # the settings that worked, under the same keys for every device (docs/JSON.md)
    assert isinstance(top["data"].get("baud"), int) and top["data"].get("framing") in ("8N1", "8E1", "8O1", "7E1", "7O1"), top["data"]
    assert took < BUDGET_S + 0.5


def test_sketch_text_instead_of_stk500(capsys) -> None:  # type: ignore[no-untyped-def]
    """STK500 GET_SYNC answered with text at the rate the passive phase found: both problems are
    reported as causes, the lower layer's first by the one ranking rule (docs/RANKING.md: the
    rate the user named is wrong, then the sketch runs instead of the bootloader); the text device
    (what answered) follows. Changed on purpose with the ranking rule: the sketch used to lead."""
    doc, took = probe_json(capsys, "serial://hsdsim://avr?mode=sketch&baud=57600", "--baud", "115200", "--expect", "avr")
    print(f"\nACTIVE-TIME avr?mode=sketch&baud=57600: {took:.2f} s -> {[f['code'] for f in doc['findings']][:3]}")
    got = [f["code"] for f in doc["findings"]]
    assert got[:2] == ["serial.baud_mismatch", "bootloader.avr.sketch_running"], got
    assert "serial.text_device" in got, got
    mismatch = next(f for f in doc["findings"] if f["code"] == "serial.baud_mismatch")
    assert mismatch["data"] == {"rate": 57600, "asked": 115200}
    sketch = doc["findings"][1]
    assert sketch["role"] == "cause" and sketch["data"]["baud"] == 57600 and sketch["data"]["mode"] == "sketch"
    assert any(e["value"] == "30 20" for e in sketch["evidence"])
    assert took < BUDGET_S + 0.5


def test_a_rate_found_without_one_asked_is_no_mismatch(capsys) -> None:  # type: ignore[no-untyped-def]
    """No --baud, no ?baud=: the rate the search settles on answers "at which rate?"; there is
    nothing it mismatches, so no serial.baud_mismatch - the settings are in the device finding."""
    doc, _ = probe_json(capsys, "serial://hsdsim://avr?mode=sketch&baud=57600", "--expect", "avr")
    got = [f["code"] for f in doc["findings"]]
    assert got[0] == "bootloader.avr.sketch_running", got
    assert "serial.baud_mismatch" not in got, got
    text = next(f for f in doc["findings"] if f["code"] == "serial.text_device")
    assert (text["data"]["baud"], text["data"]["framing"]) == (57600, "8N1")
    assert "found by search; 115200 gave unreadable bytes" in text["summary"]


def test_every_active_finding_carries_the_bytes(capsys) -> None:  # type: ignore[no-untyped-def]
    doc, _ = probe_json(capsys, "serial://hsdsim://avr?baud=57600")
    top = doc["findings"][0]
    sent = [e["value"] for e in top["evidence"] if "sent" in e["note"]]
    got = [e["value"] for e in top["evidence"] if "received" in e["note"]]
    assert "30 20" in sent and "14 10" in got, top["evidence"]


def test_no_active_sends_nothing(capsys) -> None:  # type: ignore[no-untyped-def]
    doc, _ = probe_json(capsys, "serial://hsdsim://stm32", "--no-active", "--listen", "0.2")
    assert all(not f["code"].startswith("bootloader") for f in doc["findings"])
    assert any(s["name"] == "active handshake probes" and s["status"] == "skipped" for s in doc["steps"])


def test_loopback_is_an_echo(capsys) -> None:  # type: ignore[no-untyped-def]
    doc, _ = probe_json(capsys, "serial://loop://", "--listen", "0.2")
    assert doc["findings"][0]["code"] == "serial.echo", doc["findings"]


def _drive(url: str, host: LineRequest = LineRequest(115200), timeout: float = 5.0):  # type: ignore[no-untyped-def]
    register()
    port = open_port(url, host, is_url=True)
    try:
        res = pa.run_active(port, url, False, Deadline(timeout), [], None)
        return res, port.raw.record
    finally:
        port.close()


ALL = ["stm32", "stm32?no-read=1", "avr", "avr?mode=sketch", "esp32", "esp32?mode=boot-log", "mtk", "mtk?mode=preloader",
       "mtk?mode=echo", "modem", "gps", "chatter", "mbus", "dlt645"]


@pytest.mark.parametrize("url", ALL)
def test_probes_never_change_a_device(url: str) -> None:
    res, record = _drive(f"hsdsim://{url}")
    assert res.exchanges, "the active phase sent nothing"
    bad = [(c.name, c.raw.hex(" ")) for c in record if c.changes_device]
    assert not bad, bad


def test_stm32_8n1_host_is_a_parity_mismatch() -> None:
    """A port that cannot carry parity: 0x7F is ACKed, GET_ID 02 FD is not."""

    class NoParity:
        def __init__(self, port):  # type: ignore[no-untyped-def]
            self._p = port

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(self._p, name)

        def apply_framing(self, req: LineRequest) -> None:
            from handshake_doctor.transports.serial_port import PortOpenError

            if req.parity != "N":
                raise PortOpenError("parity", "x", "parity refused")

    register()
    port = open_port("hsdsim://stm32?no-autobaud=1&baud=115200", LineRequest(115200), is_url=True)
    try:
        res = pa.run_active(NoParity(port), "x", False, Deadline(5), [], None)
    finally:
        port.close()
    assert res.findings and res.findings[0].code == "bootloader.stm32.parity_mismatch", res.findings
    assert any("8N1" in n for n in res.notes)


def test_deadline_is_kept() -> None:
    t0 = time.monotonic()
    res, _ = _drive("hsdsim://stm32?mode=silent", timeout=0.3)
    assert time.monotonic() - t0 < 1.1  # unbounded, the probe list takes about 1.5 s here
    assert not res.identified


class FakePort:
    """A peer that answers every write with hostile bytes chosen by hypothesis."""

    def __init__(self, replies: list[bytes]) -> None:
        self.replies = replies
        self.i = 0
        self.pending = b""

    def set_baud(self, baud: int) -> None:
        pass

    def apply_framing(self, req: LineRequest) -> None:
        pass

    def discard_input(self) -> None:
        self.pending = b""

    def write(self, data: bytes, deadline: float) -> int:
        self.pending = self.replies[self.i % len(self.replies)] if self.replies else b""
        self.i += 1
        return len(data)

    def read_for(self, deadline: float, max_bytes: int = 65536, quiet_after: float | None = None, enough=None) -> bytes:  # type: ignore[no-untyped-def]
        out, self.pending = self.pending[:max_bytes], b""
        return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=8), st.sampled_from([None, 9600, 115200]))
def test_hostile_replies_never_crash(replies: list[bytes], suggested: int | None) -> None:
    res = pa.run_active(FakePort(replies), "fake", False, Deadline(2.0), [], suggested)
    for f in res.findings:
        assert f.code.split(".")[0] in ("serial", "bootloader", "meter")
        assert f.evidence


@pytest.mark.parametrize("url", ["mbus", "stm32?baud=9600&no-autobaud=1", "modem?baud=9600"])
def test_seven_bit_at_is_asked_only_when_nothing_answered(url: str) -> None:
    """The late probes (AT at 7E1, meters at 300 and 1200 baud) come after every other probe at
    every rate: a device found before never pays for them."""
    res, _ = _drive(f"hsdsim://{url}")
    assert res.identified, res.notes
    late = [e for e in res.exchanges if e.line.endswith(("7E1", "7O1")) or e.line.split()[0] in ("300", "1200")]
    assert not late, [(e.probe, e.line) for e in res.exchanges]


def test_seven_bit_at_reaches_a_silent_7e1_modem_after_the_rest() -> None:
    res, record = _drive("hsdsim://modem?baud=9600&framing=7E1")
    assert res.identified and res.findings[0].code == "serial.modem_at" and res.settings == "9600 7E1"
    lines = [e.line for e in res.exchanges]
    assert lines[-1] == "9600 7E1" and all(not x.endswith("7E1") for x in lines[:-2]), lines
    assert [c.name for c in record if c.changes_device] == []


@pytest.mark.parametrize("expect,late_kept", [("stm32", set()), ("modem", {"AT"}), ("mbus", {"M-Bus SND_NKE"})])
def test_expect_keeps_only_its_own_late_probes(expect: str, late_kept: set[str]) -> None:
    """--expect narrows the slow search: the late probes of other protocols are not sent."""
    register()
    url = "hsdsim://stm32?mode=silent"
    port = open_port(url, LineRequest(115200), is_url=True)
    try:
        res = pa.run_active(port, url, False, Deadline(8), [], None, expect=expect)
    finally:
        port.close()
    late = {e.probe for e in res.exchanges if e.line.endswith(("7E1", "7O1")) or e.line.split()[0] in ("300", "1200")}
    assert late == late_kept, sorted((e.probe, e.line) for e in res.exchanges)
