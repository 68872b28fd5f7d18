"""``hsdsim://`` through pyserial's own ``serial_for_url``: same codecs, every setting seen,
records readable in-process; each simulator refuses and records its forbidden commands."""

from __future__ import annotations

import pytest
import serial

from handshake_doctor.domains.bootloaders.avr import protocol as avr
from handshake_doctor.domains.bootloaders.esp import protocol as esp
from handshake_doctor.domains.bootloaders.mtk import protocol as mtk
from handshake_doctor.domains.bootloaders.stm32 import protocol as stm32
from handshake_doctor.domains.meter import dlt645, mbus
from handshake_doctor.domains.serial import sim_gps, sim_modem
from handshake_doctor.simulate.physics import MODELLED
from handshake_doctor.simulate.url import register

register()
needs_model = pytest.mark.skipif(not MODELLED, reason="line model (domains/serial/line.py) not in the tree yet")


def _open(url: str, **kw: object) -> serial.SerialBase:
    kw.setdefault("timeout", 0.3)
    return serial.serial_for_url(url, **kw)


def test_stm32_over_url_sees_parity_and_answers() -> None:
    with _open("hsdsim://stm32?pid=0x0413", baudrate=57600, parity="E") as port:
        assert port.client is not None and port.client.framing == "8E1"  # type: ignore[attr-defined]
        port.write(stm32.sync())
        assert port.read(1) == b"\x79"
        port.write(stm32.request(stm32.GET_ID))
        assert stm32.parse_get_id(port.read(5)) == 0x0413
        port.bytesize, port.parity = 7, "O"
        assert port.client.framing == "7O1"  # type: ignore[attr-defined]


def test_unknown_device_and_option_are_serial_exceptions() -> None:
    with pytest.raises(serial.SerialException, match="unknown simulated device"):
        _open("hsdsim://toaster")
    with pytest.raises(serial.SerialException, match="unknown option"):
        _open("hsdsim://stm32?colour=red")
    with pytest.raises(serial.SerialException, match="pty simulator only"):
        _open("hsdsim://stm32?link=/tmp/x")


def test_app_mode_talks_text() -> None:
    with _open("hsdsim://stm32?mode=app", baudrate=57600, parity="E") as port:
        port.write(stm32.sync())
        got = port.read(30)
    assert got.startswith(b"hello")
    assert b"\x79" not in got


# ---------------------------------------------------------------- safety: refused and recorded
def _refused(port: serial.SerialBase) -> list[str]:
    return [c.name for c in port.record if c.changes_device and c.verdict == "refused"]  # type: ignore[attr-defined]


def _carried_out(port: serial.SerialBase) -> list[str]:
    return [c.name for c in port.record if c.changes_device and c.verdict != "refused"]  # type: ignore[attr-defined]


def test_stm32_refuses_every_changing_command() -> None:
    with _open("hsdsim://stm32", baudrate=57600, parity="E") as port:
        port.write(stm32.sync())
        port.read(1)
        for op in sorted(stm32.CHANGES_DEVICE):
            port.write(bytes([op, op ^ 0xFF]))
            assert port.read(1) == bytes([stm32.NACK]), hex(op)
        assert sorted(_refused(port)) == sorted(stm32.NAMES[o] for o in stm32.CHANGES_DEVICE)
        assert _carried_out(port) == []


def test_avr_refuses_page_write() -> None:
    with _open("hsdsim://avr", baudrate=115200) as port:
        port.write(bytes([avr.PROG_PAGE, 0x00, 0x04, ord("F"), 1, 2, 3, 4, avr.CRC_EOP]))
        assert port.read(2) == bytes([avr.INSYNC, avr.FAILED])
        assert _refused(port) == ["PROG_PAGE"]


def test_esp_refuses_flash_begin() -> None:
    with _open("hsdsim://esp32", baudrate=115200) as port:
        port.write(esp.sync_request())
        port.read(1000)
        import struct

        port.write(esp.slip_encode(struct.pack("<BBHI", 0, 0x02, 16, 0) + bytes(16)))
        packets, _ = esp.SlipDecoder().feed(port.read(100))
        op, _val, data = esp.parse_response(packets[0])  # type: ignore[misc]
        assert op == 0x02 and data[0] == 1  # failure status
        assert _refused(port) == ["FLASH_BEGIN"]


def test_mtk_refuses_send_da() -> None:
    with _open("hsdsim://mtk", baudrate=115200) as port:
        for b in mtk.start_bytes():
            port.write(bytes([b]))
            port.read(1)
        port.write(bytes([mtk.SEND_DA]))
        assert port.read(1) == bytes([mtk.SEND_DA])
        for word in (0x200000, 0x1000, 0x100):
            port.write(word.to_bytes(4, "big"))
            assert port.read(4) == word.to_bytes(4, "big")
        assert int.from_bytes(port.read(2), "big") == mtk.REFUSAL_STATUS
        assert _refused(port) == ["SEND_DA"]


def test_modem_refuses_dialling() -> None:
    with _open("hsdsim://modem?mode=echo-off", baudrate=115200) as port:
        port.write(sim_modem.command("AT"))
        assert sim_modem.parse_result(port.read(6)) == "OK"
        port.write(sim_modem.command("ATD+4912345"))
        assert sim_modem.parse_result(port.read(9)) == "ERROR"
        port.write(sim_modem.command("AT+NOSUCH"))
        assert sim_modem.parse_result(port.read(9)) == "ERROR"
        assert _refused(port) == ["ATD+4912345"]


def test_modem_echo_on_repeats_the_command_first() -> None:
    with _open("hsdsim://modem", baudrate=115200) as port:
        port.write(b"AT\r")
        assert port.read(9) == b"AT\r\r\nOK\r\n"


def test_mbus_refuses_snd_ud_with_silence() -> None:
    with _open("hsdsim://mbus", baudrate=2400, parity="E") as port:
        port.write(mbus.snd_nke(1))
        assert port.read(1) == b"\xe5"
        port.write(mbus.long_frame(0x53, 1, 0x51, b"\x01\x02"))
        assert port.read(1) == b""
        assert _refused(port) == ["SND_UD"]
        port.write(mbus.req_ud2(1))
        frame = mbus.parse(port.read(200))
        assert isinstance(frame, mbus.MBusFrame) and frame.checksum_ok and frame.ci == 0x72


def test_dlt645_reads_and_refuses_writes() -> None:
    with _open("hsdsim://dlt645?address=112233445566", baudrate=2400, parity="E") as port:
        port.write(dlt645.read_address(4))
        f = dlt645.parse(port.read(200))
        assert isinstance(f, dlt645.DLT645Frame) and f.checksum_ok and f.address_text == "112233445566"
        port.write(dlt645.frame(f.address, 0x14, bytes(12), 4))
        err = dlt645.parse(port.read(200))
        assert isinstance(err, dlt645.DLT645Frame) and err.is_error
        assert _refused(port) == ["write data"]


def test_talkers_record_input_and_never_act() -> None:
    for url in ("hsdsim://gps?period=0.05", "hsdsim://chatter?period=0.05", "hsdsim://avr?mode=sketch"):
        with _open(url, baudrate=115200 if "gps" not in url else 4800) as port:
            port.write(b"\x30\x20")
            port.read(10)
            assert [c.verdict for c in port.record] == ["ignored"]  # type: ignore[attr-defined]


def test_gps_at_its_rate_gives_valid_nmea() -> None:
    with _open("hsdsim://gps?period=0.05", baudrate=4800, timeout=0.5) as port:
        data = port.read(400)
    lines = [x for x in data.split(b"\r\n")[1:-1] if x]  # whole sentences only
    assert len(lines) >= 2
    assert all(sim_gps.verify(x) for x in lines)


# ----------------------------------------------------------------------------- line physics
@needs_model
def test_gps_read_at_twice_its_rate_is_garbage() -> None:
    with _open("hsdsim://gps?period=0.05", baudrate=9600, timeout=0.5) as port:
        data = port.read(300)
    assert data and b"$GP" not in data
    assert len(set(data) & {0x60, 0x98, 0x66, 0x7E, 0x06, 0x86, 0x18, 0xE6, 0xE0, 0xF8, 0x00}) >= 4


@needs_model
def test_stm32_8n1_host_gets_ack_then_nothing() -> None:
    """facts/serial.md §3.2: 7F survives 8N1 -> 8E1, 01 FE does not (framing error, dropped)."""
    with _open("hsdsim://stm32?no-autobaud=1", baudrate=57600, parity="N") as port:
        port.write(stm32.sync())
        assert port.read(1) == b"\x79"
        port.write(stm32.request(stm32.GET_VERSION))
        assert port.read(1) != b"\x79"


@needs_model
def test_avr_at_half_rate_is_not_in_sync() -> None:
    with _open("hsdsim://avr", baudrate=57600) as port:
        port.write(avr.request(avr.GET_SYNC))
        got = port.read(2)
    assert got != bytes([avr.INSYNC, avr.OK])


def test_parse_url_any_text_is_a_value_error_or_a_device() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from handshake_doctor.simulate.url import parse_url

    @settings(max_examples=150, deadline=None)
    @given(st.sampled_from(["hsdsim://stm32?", "hsdsim://avr?", "hsdsim://mtk?", "hsdsim://", "hsd://x?", ""]),
           st.text(max_size=60))
    def check(prefix: str, rest: str) -> None:
        try:
            name, args, _module = parse_url(prefix + rest)
        except ValueError:
            return
        assert name in ("stm32", "avr", "mtk") and args.device == name

    check()


def test_mtk_read32_echoes_arguments_then_status_data_status() -> None:
    with _open("hsdsim://mtk", baudrate=115200) as port:
        for b in mtk.start_bytes():
            port.write(bytes([b]))
            port.read(1)
        port.write(bytes([mtk.READ32]))
        assert port.read(1) == bytes([mtk.READ32])
        port.write((0x10206000).to_bytes(4, "big"))
        assert port.read(4) == (0x10206000).to_bytes(4, "big")
        port.write((2).to_bytes(4, "big"))
        assert port.read(4 + 2 + 8 + 2) == (2).to_bytes(4, "big") + b"\x00\x00" + bytes(8) + b"\x00\x00"
        assert [c.name for c in port.record][-1] == "READ32"  # type: ignore[attr-defined]
