"""The probe against real ptys: text, NMEA, silence, parity, busy, permission, missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from functools import reduce
from pathlib import Path

import pytest

from handshake_doctor.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_probe(capsys, *argv: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def, type-arg]
    rc = main(["probe", *argv, "--json"])
    out = capsys.readouterr().out
    return rc, json.loads(out)


def codes(doc: dict) -> list[str]:  # type: ignore[type-arg]
    return [f["code"] for f in doc["findings"]]


def nmea(body: str) -> bytes:
    cs = reduce(lambda a, c: a ^ ord(c), body, 0)
    return f"${body}*{cs:02X}\r\n".encode()


def test_text_device_shows_the_text(pty_peer, capsys) -> None:  # type: ignore[no-untyped-def]
    peer = pty_peer(b"hello from the board, build 42\r\n")
    rc, doc = run_probe(capsys, f"serial://{peer.path}?baud=57600", "--listen", "0.4", "--no-active")
    assert codes(doc)[0] == "serial.text_device", doc["findings"]
    f = doc["findings"][0]
    assert "hello from the board" in f["data"]["text"]
    assert f["data"]["line"].startswith("57600 ")
    assert rc == 0  # info only: nothing wrong was found


def test_gps_nmea_with_valid_checksums(pty_peer, capsys) -> None:  # type: ignore[no-untyped-def]
    good = nmea("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,") + nmea("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W")
    bad = b"$GPGSV,1,1,00*00\r\n"  # wrong checksum on purpose (the right one is not 00)
    assert nmea("GPGSV,1,1,00")[-4:-2] != b"00"
    peer = pty_peer(good + bad, period=0.1)
    rc, doc = run_probe(capsys, f"serial://{peer.path}", "--baud", "9600", "--listen", "0.5")
    f = next(f for f in doc["findings"] if f["code"] == "serial.gps_nmea")
    assert f["data"]["valid"] >= 2 and f["data"]["invalid"] >= 1
    assert {"GPGGA", "GPRMC"} <= set(f["data"]["sentences"])
    assert "GPGSV" not in f["data"]["sentences"]


def test_silent_pty_within_the_bound(pty_peer, capsys) -> None:  # type: ignore[no-untyped-def]
    peer = pty_peer(b"")
    t0 = time.monotonic()
    rc, doc = run_probe(capsys, f"serial://{peer.path}", "--listen", "0.5", "--timeout", "3", "--no-active")
    took = time.monotonic() - t0
    assert codes(doc) == ["serial.silent"]
    assert rc == 1
    assert 0.45 <= took < 2.5, took
    listen = [s for s in doc["steps"] if s["name"].startswith("listen at")]
    assert len(listen) == 1 and listen[0]["elapsed_ms"] >= 450


def test_timeout_bounds_a_long_listen(pty_peer, capsys) -> None:  # type: ignore[no-untyped-def]
    peer = pty_peer(b"")
    t0 = time.monotonic()
    run_probe(capsys, f"serial://{peer.path}", "--listen", "30", "--timeout", "1")
    assert time.monotonic() - t0 < 2.0


def test_pty_parity_request_is_a_finding_not_a_traceback(pty_peer, capsys) -> None:  # type: ignore[no-untyped-def]
    peer = pty_peer(b"OK\r\n")
    rc, doc = run_probe(capsys, f"serial://{peer.path}?framing=8E1", "--listen", "0.3")
    assert codes(doc)[0] == "serial.pty_no_parity", doc["findings"]
    assert "8E1" in doc["findings"][0]["summary"]
    assert rc == 1
    # the probe still listened, at 8N1
    assert "serial.text_device" in codes(doc)


def test_port_missing_lists_existing_ports(capsys) -> None:  # type: ignore[no-untyped-def]
    from serial.tools import list_ports

    m, s = os.openpty()
    link = Path("/dev/ttyACM97")
    made = False
    try:
        if os.access("/dev", os.W_OK) and not link.exists():
            link.symlink_to(os.ttyname(s))  # pyserial lists /dev/ttyACM* links (facts/serial.md §1.3 step 6)
            made = True
        expected = sorted(p.device for p in list_ports.comports(include_links=True))
        rc, doc = run_probe(capsys, "serial:///dev/ttyUSB_hsd_does_not_exist")
    finally:
        if made:
            link.unlink()
        os.close(m)
        os.close(s)
    f = doc["findings"][0]
    assert f["code"] == "serial.port_missing"
    assert f["data"]["existing_ports"] == expected
    if made:
        assert "/dev/ttyACM97" in f["data"]["existing_ports"]
        assert "/dev/ttyACM97" in f["detail"]
    assert rc == 1


GRABBER = """
import serial, sys, time
open('/proc/self/comm', 'w').write('hsd-grabber')
s = serial.Serial(sys.argv[1], 9600, exclusive=True)
print('ready', flush=True)
time.sleep(30)
"""


def test_port_busy_names_the_holder(pty_peer, capsys) -> None:  # type: ignore[no-untyped-def]
    peer = pty_peer(b"")
    proc = subprocess.Popen([sys.executable, "-c", GRABBER, peer.path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        rc, doc = run_probe(capsys, f"serial://{peer.path}", "--listen", "0.2")
    finally:
        proc.kill()
        proc.wait(timeout=5)
    f = doc["findings"][0]
    assert f["code"] == "serial.port_busy", doc["findings"]
    assert f["severity"] == "error"
    assert {"pid": proc.pid, "name": "hsd-grabber", "locks": True} in f["data"]["holders"]
    assert str(proc.pid) in f["summary"] and "hsd-grabber" in f["summary"]
    # the test process holds the pty master: it is the peer, never named as a rival
    assert os.getpid() not in [h["pid"] for h in f["data"]["holders"]]


def test_open_without_lock_is_a_shared_port_warning(pty_peer) -> None:  # type: ignore[no-untyped-def]
    """A holder without a lock (ModemManager style) is found by the /proc scan alone."""
    peer = pty_peer(b"")
    code = "import sys,time\nopen('/proc/self/comm','w').write('ModemManager')\nf=open(sys.argv[1],'rb',buffering=0)\nprint('ready',flush=True)\ntime.sleep(30)\n"
    proc = subprocess.Popen([sys.executable, "-c", code, peer.path], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        r = subprocess.run([sys.executable, "-m", "handshake_doctor", "probe", f"serial://{peer.path}", "--listen", "0.2", "--json"],
                           capture_output=True, text=True, timeout=30)
    finally:
        proc.kill()
        proc.wait(timeout=5)
    doc = json.loads(r.stdout)
    busy = next(f for f in doc["findings"] if f["code"] == "serial.port_busy")
    assert busy["severity"] == "warning"
    assert [h["pid"] for h in busy["data"]["holders"]] == [proc.pid]
    assert any("ID_MM_DEVICE_IGNORE" in x["command"] or "ID_MM_DEVICE_IGNORE" in x["summary"] for x in busy["fixes"])


def _nobody_can_run() -> bool:
    return os.geteuid() == 0 and Path("/usr/bin/setpriv").exists()


@pytest.mark.skipif(not _nobody_can_run(), reason="needs root to drop to user nobody with setpriv")
def test_permission_denied_as_unprivileged_user(pty_peer) -> None:  # type: ignore[no-untyped-def]
    import grp

    peer = pty_peer(b"hello\r\n")
    dialout = grp.getgrnam("dialout").gr_gid
    os.chown(peer.path, 0, dialout)
    os.chmod(peer.path, 0o660)
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1"}
    r = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-m", "handshake_doctor",
         "probe", f"serial://{peer.path}", "--listen", "0.2", "--json"],
        capture_output=True, text=True, timeout=60, env=env, cwd="/tmp",
    )
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    f = doc["findings"][0]
    assert f["code"] == "serial.permission_denied", doc["findings"]
    assert f["data"] == {"group": "dialout", "user": "nobody"}
    assert any(x["command"] == "sudo usermod -aG dialout nobody" for x in f["fixes"])
    assert "Traceback" not in r.stderr
