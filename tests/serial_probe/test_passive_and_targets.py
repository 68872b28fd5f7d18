"""Pure parts: targets, the passive judge, the USB lookup; plus the rate search against a pty
peer that garbles like a slower device would (values from facts/serial.md §2.2-2.3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import termios
import threading
import tty
from functools import reduce
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.cli import main
from handshake_doctor.domains.serial import port_usb
from handshake_doctor.domains.serial.probe_passive import (
    STANDARD_RATES,
    classify,
    match_signature,
    nmea_sentences,
    search_order,
    seven_bit_parity,
    settles,
)
from handshake_doctor.domains.serial.probe_target import Framing, parse_target
from handshake_doctor.errors import UsageError

# ---------------------------------------------------------------- targets


@pytest.mark.parametrize(
    "text, kind, path",
    [
        ("serial:///dev/ttyUSB0", "path", "/dev/ttyUSB0"),
        ("serial://ttyACM1", "path", "/dev/ttyACM1"),
        ("serial://", "search", ""),
        ("serial://auto?baud=9600", "search", ""),
        ("serial://loop://", "url", "loop://"),
        ("serial://hsdsim://stm32?baud=57600&framing=8E1", "url", "hsdsim://stm32?baud=57600&framing=8E1"),
    ],
)
def test_target_kinds(text: str, kind: str, path: str) -> None:
    t = parse_target(text)
    assert (t.kind, t.path) == (kind, path)


def test_target_query_settings() -> None:
    t = parse_target("serial:///dev/ttyS1?baud=57600&framing=7e1&listen=0.3")
    assert (t.baud, str(t.framing), t.listen) == (57600, "7E1", 0.3)
    u = parse_target("usb://0E8D:2000?baud=115200")
    assert (u.vid, u.pid, u.baud) == (0x0E8D, 0x2000, 115200)


@pytest.mark.parametrize(
    "bad",
    ["serial:///dev/x?baud=abc", "serial:///dev/x?baud=0", "serial:///dev/x?framing=9Z9", "serial:///dev/x?colour=red",
     "usb://0e8d", "usb://zzzz:0003", "usb://0e8d:0003:1", "tcp://x", "serial://../etc/passwd", "serial:///dev/../x"],
)
def test_bad_targets_raise_usage_error(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_target(bad)


@pytest.mark.parametrize("bad", ["serial:///dev/x?baud=fast", "usb://0e8d", "serial:///dev/x?framing=8X1", "serial:///dev/ttyS0 --framing 9N1"])
def test_bad_targets_exit_2_with_one_line(bad: str) -> None:
    argv = ["probe", *bad.split()]
    r = subprocess.run([sys.executable, "-m", "handshake_doctor", *argv], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hsdoctor: error:"), r.stderr
    assert r.stdout == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_target_text_parses_or_is_a_usage_error(text: str) -> None:
    for candidate in (text, "serial://" + text, "usb://" + text):
        try:
            t = parse_target(candidate)
        except UsageError:
            continue
        assert t.kind in ("path", "url", "usb", "search")


def test_framing_round_trip() -> None:
    for f in ("8N1", "8E1", "7E1", "8O2", "5N1.5"):
        assert str(Framing.parse(f)) == f


# ---------------------------------------------------------------- passive judge


def nmea(body: str) -> bytes:
    return f"${body}*{reduce(lambda a, c: a ^ ord(c), body, 0):02X}\r\n".encode()


def test_nmea_checksums_are_checked() -> None:
    good = nmea("GNGGA,1,2,3")
    bad = good.replace(b"GNGGA,1", b"GNGGA,7")  # same checksum, different body
    found = nmea_sentences(good + bad)
    assert [s.checksum_ok for s in found] == [True, False]
    assert classify(bad).kind != "nmea"  # a damaged sentence alone is not a GPS verdict


def test_text_is_judged_by_evidence_not_vocabulary() -> None:
    # no vowel, no punctuation: baudrate.py would never accept this; it is still text with lines
    assert classify(b"XYZ 123\r\nXYZ 124\r\n").kind == "text"
    # printable but made only of the values a 2x-faster receiver produces, without lines
    doubled = bytes([0x60, 0x66, 0x7E, 0x60, 0x66, 0x7E, 0x66, 0x60] * 3)
    assert classify(doubled).kind == "slow_device"


@pytest.mark.parametrize(
    "data, ratio",
    [
        (b"\x00" * 30, 12.0),
        (bytes([0x00, 0x80, 0x80, 0x00, 0x80, 0x80, 0x80, 0x00] * 3), 8.0),
        (bytes([0xE0, 0x00, 0xE0, 0xE0, 0x00, 0xE0] * 3), 6.0),
        # facts/serial.md §2.2: $GPGGA... sent 4800, read 9600 (the first 20 values, "idle" policy)
        (bytes.fromhex("60 98 60 00 66 60 7E 66 06 86 06 18 78 1E 98 E6 98 E0 98 F8".replace(" ", "")), 2.0),
    ],
)
def test_ratio_signatures(data: bytes, ratio: float) -> None:
    v = classify(data)
    assert v.kind == "slow_device" and v.ratio == ratio


def test_seven_bit_framing_read_as_8n1() -> None:
    # facts/serial.md §2.2: "OK\r\n" 9600 7E1 read as 8N1 = CF 4B 8D 0A
    data = bytes.fromhex("CF4B8D0A") * 4
    assert seven_bit_parity(data) == "E"
    v = classify(data)
    assert v.kind == "seven_bit" and "OK" in v.text
    # flipping bit 7 of one byte in six breaks the parity pattern
    broken = bytes(b ^ 0x80 if i % 6 == 0 else b for i, b in enumerate(data))
    assert seven_bit_parity(broken) == ""


def test_search_order_follows_the_signature() -> None:
    v = classify(b"\x00" * 40)
    order = search_order(115200, v, {115200})
    assert order[0] == 9600 and all(r <= 11520 for r in order[:4])
    v2 = classify(bytes([0xE0, 0x00] * 12))
    assert search_order(57600, v2, {57600})[0] == 9600
    v3 = classify(bytes(range(1, 255, 7)))
    o3 = search_order(9600, v3, {9600})
    assert o3[0] > 9600 and sorted(o3) == sorted(r for r in STANDARD_RATES if r != 9600)


def test_text_after_a_garbled_start_is_text() -> None:
    """Seen in CI: bytes sent at the old rate reached the host after its switch to 9600, so the
    clean lines that followed were judged unreadable and the search went on past the right rate."""
    line = b"boot ok, console at 9600\r\n"
    for junk in (b"\x00" * 52, bytes(range(0x81, 0x81 + 26)), b"\xff\xfe" * 30):
        v = classify(junk + line * 7)
        assert v.kind == "text" and v.text.startswith("boot ok"), (junk[:4], v)
    # a garbled capture with one clean line at the end is still not text: the tail must be most of it
    assert classify(b"\x00" * 80 + b"\n" + line).kind != "text"
    assert classify(bytes(range(0x80, 0xFF)) + b"\nab").kind == "unreadable"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=600))
def test_classify_never_crashes(data: bytes) -> None:
    v = classify(data)
    assert v.kind in ("silent", "nmea", "text", "seven_bit", "slow_device", "unreadable")
    assert v.nbytes == len(data)
    search_order(115200, v, {115200})
    match_signature(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([b"$GPGGA,", b"*", b"4A", b"\r\n", b"$", b"GPRMC", b",", b"\x00", b"\xff"]), max_size=40))
def test_nmea_parser_on_fragments(parts: list[bytes]) -> None:
    for s in nmea_sentences(b"".join(parts)):
        assert s.text.startswith("$") and len(s.talker) == 2


# ---------------------------------------------------------------- USB lookup on a fake sysfs


def _fake_usb(root: Path, usb: str, vid: str, pid: str, tty_name: str, usb_serial: bool) -> None:
    dev = root / "devices" / "pci0" / "usb1" / usb
    iface = dev / f"{usb}:1.0"
    iface.mkdir(parents=True)
    (dev / "idVendor").write_text(vid + "\n")
    (dev / "idProduct").write_text(pid + "\n")
    (dev / "product").write_text("Test gadget\n")
    target = iface / tty_name if usb_serial else iface  # usb-serial adds a ttyUSBn level
    target.mkdir(exist_ok=True)
    cls = root / "class" / "tty" / tty_name
    cls.mkdir(parents=True)
    (cls / "device").symlink_to(target)
    bus = root / "bus" / "usb" / "devices"
    bus.mkdir(parents=True, exist_ok=True)
    (bus / usb).symlink_to(dev)


def test_usb_tty_lookup_in_sysfs(tmp_path: Path) -> None:
    _fake_usb(tmp_path, "1-1", "0e8d", "0003", "ttyACM0", usb_serial=False)
    _fake_usb(tmp_path, "1-2", "1a86", "7523", "ttyUSB0", usb_serial=True)
    (tmp_path / "class" / "tty" / "ttyS0").mkdir(parents=True)  # no device link: not USB
    found = {(u.vid, u.pid): u for u in port_usb.usb_ttys(str(tmp_path), "/dev")}
    assert found[(0x0E8D, 0x0003)].device == "/dev/ttyACM0"
    assert found[(0x1A86, 0x7523)].device == "/dev/ttyUSB0"
    assert found[(0x0E8D, 0x0003)].product == "Test gadget"
    assert len(found) == 2
    assert sorted(port_usb.usb_devices(str(tmp_path))) == [(0x0E8D, 0x0003, "1-1"), (0x1A86, 0x7523, "1-2")]


def test_usb_names_tell_brom_from_preloader() -> None:
    brom, pre = port_usb.usb_name(0x0E8D, 0x0003), port_usb.usb_name(0x0E8D, 0x2000)
    assert brom is not None and pre is not None
    assert (brom.role, pre.role) == ("bootrom", "preloader")
    assert port_usb.usb_name(0x1234, 0x5678) is None
    assert all(r.source for r in port_usb.USB_IDS)


def test_usb_target_not_connected(capsys) -> None:  # type: ignore[no-untyped-def]
    rc = main(["probe", "usb://0e8d:2000", "--json"])
    doc = json.loads(capsys.readouterr().out)
    f = doc["findings"][0]
    assert rc == 1 and f["code"] == "serial.port_missing"
    assert "preloader" in f["summary"]


# ---------------------------------------------------------------- rate search against a pty peer


class SlowDevicePeer:
    """A device printing text at 9600 on a pty. The pty carries no physics, so the peer reads the
    client's rate from the shared termios and sends what facts/serial.md §2.3 measured a reader
    at that rate gets: clean text at 9600, only 00 (BREAKs) at r >= 12."""

    TEXT = b"boot ok, console at 9600\r\n"

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        for _ in range(300):
            if self.stop.wait(0.04):
                return
            speed = termios.tcgetattr(self.master)[5]
            if speed == termios.B9600:
                out = self.TEXT
            elif speed >= termios.B115200:  # r >= 12: every frame a BREAK
                out = b"\x00" * (len(self.TEXT) * 2)
            else:
                out = bytes(range(0x81, 0x81 + len(self.TEXT)))  # unreadable
            try:
                os.write(self.master, out)
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        os.close(self.master)
        os.close(self.slave)


def test_search_finds_the_slower_rate(capsys) -> None:  # type: ignore[no-untyped-def]
    peer = SlowDevicePeer()
    try:
        rc = main(["probe", f"serial://{peer.path}", "--baud", "115200", "--listen", "0.3", "--timeout", "4", "--no-active", "--json"])
    finally:
        peer.close()
    doc = json.loads(capsys.readouterr().out)
    got = [f["code"] for f in doc["findings"]]
    assert got[0] == "serial.baud_mismatch", doc["findings"]
    assert doc["findings"][0]["data"] == {"rate": 9600, "asked": 115200}
    assert "serial.text_device" in got
    listened = [s["name"] for s in doc["steps"] if s["name"].startswith("listen at")]
    assert listened == ["listen at 115200 8N1", "listen at 9600 8N1"]  # the evidence pointed straight at 9600
    assert rc == 1


def test_search_without_an_asked_rate_reports_the_settings(capsys) -> None:  # type: ignore[no-untyped-def]
    peer = SlowDevicePeer()
    try:
        main(["probe", f"serial://{peer.path}", "--listen", "0.3", "--timeout", "4", "--no-active", "--json"])
    finally:
        peer.close()
    doc = json.loads(capsys.readouterr().out)
    got = [f["code"] for f in doc["findings"]]
    assert got[0] == "serial.text_device" and "serial.baud_mismatch" not in got, doc["findings"]
    assert doc["findings"][0]["data"]["baud"] == 9600 and doc["findings"][0]["data"]["framing"] == "8N1"


def test_a_clean_line_ends_the_window_early() -> None:
    """settles(): a checksum-valid NMEA sentence or a whole line of words stops listening; the
    doubled-bit and BREAK garbage of a wrong rate never does."""
    assert settles(b"hello from the board\r\n")
    assert settles(b"xx$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n")
    assert not settles(b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48\r\n"[:40])
    assert not settles(b"hello from the bo")  # no line end yet
    assert not settles(bytes.fromhex("98 60 E6 86 66 7E 9E 1E 18 06 0A") * 3)
    assert not settles(b"\x00" * 64 + b"\n")


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_settles_never_raises(data: bytes) -> None:
    assert settles(data) in (True, False)


def test_no_search_reports_the_signature_only(capsys) -> None:  # type: ignore[no-untyped-def]
    peer = SlowDevicePeer()
    try:
        main(["probe", f"serial://{peer.path}", "--listen", "0.3", "--no-search", "--no-active", "--json"])
    finally:
        peer.close()
    doc = json.loads(capsys.readouterr().out)
    f = doc["findings"][0]
    assert f["code"] == "serial.baud_mismatch" and f["data"]["ratio"] == 12.0
    assert len([s for s in doc["steps"] if s["name"].startswith("listen at")]) == 1


# ---------------------------------------------------------------- line model adapter and tables


def test_line_model_score_is_an_overlap() -> None:
    from handshake_doctor.domains.serial.rate_rank import score

    assert score(b"\x00\x80\x80", b"\x80\x00") == 1.0
    assert score(b"\x01\x02", b"\x80\x00") == 0.0
    assert 0 < score(b"\x00\x01", b"\x00\x02") < 1


def test_line_model_ranks_the_true_rate_first() -> None:
    from handshake_doctor.domains.serial import rate_rank as lm

    seen = lm.predicted(9600, 57600)
    assert seen
    ranked = lm.rank_rates(seen, 57600, [r for r in STANDARD_RATES if r != 57600])
    assert ranked and ranked[0][0] == 9600, ranked[:4]


def test_probe_tables_have_sources() -> None:
    from handshake_doctor.domains.serial.probe_findings import GRABBERS
    from handshake_doctor.domains.serial.probe_passive import SIGNATURES

    for table in (port_usb.USB_IDS, SIGNATURES, GRABBERS):
        assert len(table) > 0
        for row in table:
            assert row.source.strip(), (table.name, row)


def test_a_file_that_is_not_a_tty_is_a_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "plain"
    f.write_bytes(b"")
    for path in ("/dev/null", str(f)):
        r = subprocess.run([sys.executable, "-m", "handshake_doctor", "probe", f"serial://{path}", "--listen", "0.1"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, (path, r.returncode, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "not a serial port" in r.stderr


def test_open_errors_are_sorted_by_cause() -> None:
    import errno

    import serial

    from handshake_doctor.transports.serial_port import classify_open_error

    cases = {
        "missing": serial.SerialException(errno.ENOENT, "could not open port /dev/x: [Errno 2] No such file or directory: '/dev/x'"),
        "permission": serial.SerialException(errno.EACCES, "could not open port /dev/x: [Errno 13] Permission denied: '/dev/x'"),
        "busy": serial.SerialException(11, "Could not exclusively lock port /dev/pts/3: [Errno 11] Resource temporarily unavailable"),
        "not_tty": serial.SerialException(errno.ENOTTY, "Could not configure port: (25, 'Inappropriate ioctl for device')"),
    }
    for kind, exc in cases.items():
        assert classify_open_error(exc, "/dev/x", False).kind == kind
    import termios

    assert classify_open_error(termios.error(22, "Invalid argument"), "/dev/x", True).kind == "parity"
    assert classify_open_error(termios.error(22, "Invalid argument"), "/dev/x", False).kind == "other"
