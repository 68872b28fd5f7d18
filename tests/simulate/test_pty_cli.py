"""``hsdoctor simulate`` as a process: the path protocol, the link, signals, the client's line
settings seen through the pty, and the serial/meter simulators read by pyserial."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import serial

from hsd_testing import ROOT, hsdoctor, require_peer
from handshake_doctor.domains.meter import dlt645, mbus
from handshake_doctor.domains.serial import sim_gps
from handshake_doctor.simulate.physics import MODELLED

from .conftest import run_tool, start_sim

needs_model = pytest.mark.skipif(not MODELLED, reason="line model (domains/serial/line.py) not in the tree yet")


def _read_for(port: serial.Serial, seconds: float, limit: int = 4096) -> bytes:
    out = bytearray()
    end = time.monotonic() + seconds
    while time.monotonic() < end and len(out) < limit:
        out += port.read(256)
    return bytes(out)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_first_line_is_the_path_and_signals_exit_0(tmp_path: Path, sig: int) -> None:
    link = tmp_path / "ttyACM-sim"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "handshake_doctor", "simulate", "chatter", "--quiet",
                             "--link", str(link)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().decode()
        assert first.endswith("\n") and first.strip().startswith("/dev/pts/") and " " not in first.strip()
        assert link.is_symlink() and os.readlink(link) == first.strip()
        with serial.Serial(str(link), 115200, timeout=0.5) as port:
            assert b"U-Boot" in _read_for(port, 0.5)
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == 0
        assert not link.exists()  # the link goes with the simulator
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        for f in (proc.stdout, proc.stderr):
            if f is not None:
                f.close()


def test_usage_errors_exit_2() -> None:
    assert hsdoctor("simulate", "toaster").returncode == 2
    res = hsdoctor("simulate", "stm32", "--framing", "9X1")
    assert res.returncode == 2 and "framing" in res.stderr
    res = hsdoctor("simulate", "gps", "--record", "/nonexistent-dir/rec.jsonl")
    assert res.returncode == 2 and "cannot open" in res.stderr and "Traceback" not in res.stderr
    res = hsdoctor("simulate", "gps", "--link", str(ROOT / "pyproject.toml"))
    assert res.returncode == 2 and "not a symlink" in res.stderr  # never replaces a real file
    assert (ROOT / "pyproject.toml").is_file()
    res = hsdoctor("simulate", "stm32", "--help")
    assert res.returncode == 0 and "CS8" in res.stdout and "--client-framing" in res.stdout


def test_pty_sees_the_clients_baud_and_stop_bits(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("modem", "--baud", "9600") as s:
        with serial.Serial(s.path, 9600, timeout=0.5) as port:
            port.write(b"AT\r")
            assert port.read(9) == b"AT\r\r\nOK\r\n"
            port.baudrate = 74880
            port.stopbits = 2
            port.write(b"AT\r")
            port.read(9)  # garbled or not: depends on the line model
        log = s.log()
    assert "tcsetattr client 9600 8N1" in log
    assert "tcsetattr client 74880 8N2" in log  # a non-standard rate, exact (TCGETS2 c_ospeed)


def test_gps_at_4800_gives_valid_nmea(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("gps", "--period", "0.1") as s:
        with serial.Serial(s.path, 4800, timeout=0.3) as port:
            data = _read_for(port, 0.8)
    lines = [x for x in data.split(b"\r\n")[1:-1] if x]
    assert len(lines) >= 4
    assert all(sim_gps.verify(x) for x in lines), lines
    assert {x[:6] for x in lines} == {b"$GPGGA", b"$GPRMC"}


@needs_model
def test_gps_at_4800_read_at_9600_is_framing_garbage(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("gps", "--period", "0.1") as s:
        with serial.Serial(s.path, 9600, timeout=0.3) as port:
            data = _read_for(port, 0.8)
        log = s.log()
    assert data and b"$GP" not in data
    # facts/serial.md §2.2/§2.3: doubled bits, low-entropy values, BREAKs read as 00
    assert len(set(data) & {0x60, 0x98, 0x66, 0x7E, 0x06, 0x86, 0x18, 0xE6, 0xE0, 0xF8, 0x00}) >= 4
    assert "with errors" in log
    per_sentence = len(data) / max(1, log.count("d>h"))
    assert per_sentence > 100  # ~1.6-2 frames per byte of a ~140-byte fix


def test_mbus_and_dlt645_on_a_pty(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("mbus") as s:
        with serial.Serial(s.path, 2400, parity="E", timeout=0.5) as port:
            port.write(mbus.snd_nke(1))
            assert port.read(1) == b"\xe5"
            port.write(mbus.req_ud2(1))
            frame = mbus.parse(port.read(200))
    assert isinstance(frame, mbus.MBusFrame) and frame.checksum_ok and frame.c == 0x08
    with sim("dlt645") as s:
        with serial.Serial(s.path, 2400, parity="E", timeout=0.5) as port:
            port.write(dlt645.read_address(4))
            reply = port.read(200)
    f = dlt645.parse(reply)
    assert reply.startswith(b"\xfe\xfe\xfe\xfe\x68")
    assert isinstance(f, dlt645.DLT645Frame) and f.control == 0x93 and f.address_text == "000012345678"


@needs_model
def test_avrdude_at_57600_against_115200_device_gets_garbage(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("avrdude")
    with sim("avr") as s:
        res = run_tool("avrdude", "-c", "arduino", "-p", "m328p", "-P", s.path, "-b", "57600", timeout=90)
    assert res.returncode != 0
    assert "not in sync: resp=0x" in res.stdout
    assert "resp=0x68" not in res.stdout and "device signature" not in res.stdout


@needs_model
def test_stm32flash_8n1_against_fixed_8e1_device(sim) -> None:  # type: ignore[no-untyped-def]
    """facts/serial.md §3.2: ACK to 0x7F, then 'Failed to read ACK byte'."""
    require_peer("stm32flash")
    with sim("stm32", "--no-autobaud", "--client-framing", "8N1") as s:
        res = run_tool("stm32flash", "-m", "8n1", "-b", "57600", s.path, timeout=30)
    assert res.returncode != 0
    assert "Failed to read ACK byte" in res.stdout, res.stdout


@needs_model
def test_stm32flash_at_a_rate_the_device_cannot_lock_to(sim) -> None:  # type: ignore[no-untyped-def]
    require_peer("stm32flash")
    with sim("stm32") as s:  # autobaud works 1200-115200 only
        res = run_tool("stm32flash", "-m", "8n1", "-b", "230400", s.path, timeout=30)
    assert res.returncode != 0
    assert "Failed to init device" in res.stdout, res.stdout
