"""Issue 2's embedded "must show" cases through the engine (every registered domain takes part)."""

from __future__ import annotations

import pytest

import handshake_doctor as hd


def _text(f) -> str:  # type: ignore[no-untyped-def]
    return " ".join([f.summary, f.detail] + [x.summary + " " + x.command + " " + " ".join(s.code for s in x.snippets) for x in f.fixes]).lower()


def _score(d, name: str) -> float:  # type: ignore[no-untyped-def]
    return next((s.score for s in d.domains if s.name == name), 0.0)


@pytest.mark.parametrize(
    "line",
    [
        "avrdude: stk500_recv(): not in sync: resp=0x68",
        "avrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x68",
        "avrdude warning: attempt 3 of 10: not in sync: resp=0x68",
    ],
)
def test_avrdude_printable_resp_is_a_running_sketch(line: str) -> None:
    d = hd.explain(line)
    assert d.domains[0].name == "bootloader.avr" and d.domains[0].score >= 0.9
    f = d.findings[0]
    assert f.code == "bootloader.avr.sketch_running"
    assert "'h'" in _text(f) and "reset" in _text(f)


def test_avrdude_resp_00_is_nothing_or_breaks() -> None:
    d = hd.explain("avrdude: stk500_recv(): programmer is not responding\navrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00")
    f = d.findings[0]
    assert f.code == "bootloader.avr.no_reply"
    assert "nothing" in _text(f) and "break" in _text(f)


def test_avrdude_resp_0c_is_the_bootloader_at_another_baud() -> None:
    d = hd.explain("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x0c")
    assert d.domains[0].name == "bootloader.avr"
    f = d.findings[0]
    assert f.code == "serial.baud_mismatch"
    assert "57600" in _text(f) and "115200" in _text(f) and "-b" in _text(f)


def test_avrdude_resp_30_is_an_echo_of_get_sync() -> None:
    assert hd.explain("avrdude: stk500_getsync(): not in sync: resp=0x30").findings[0].code == "serial.echo"


def test_avrdude_signature_names_the_part() -> None:
    d = hd.explain("avrdude: Expected signature for ATmega328P is 1E 95 0F\navrdude: Device signature = 0x1e9406")
    f = d.findings[0]
    assert f.code == "bootloader.avr.signature_mismatch" and "atmega168" in _text(f)


def test_mtkclient_echo_mismatch_is_echo_not_complement_with_fix() -> None:
    d = hd.explain("Port - Echo mismatch: got array('B', [160]), expected 5f")
    f = d.findings[0]
    assert f.code == "bootloader.mtk.echo_not_complement"
    t = _text(f)
    assert "0xa0" in t and "0x5f" in t and "complement" in t
    assert "10 s" in t and "other flasher" in t


def test_mtk_other_answer_is_not_an_echo() -> None:
    d = hd.explain("Echo mismatch: got array('B', [104]), expected 5f")
    assert d.findings[0].code == "bootloader.mtk.handshake_failed"


def test_esptool_invalid_head_0x68_is_text_not_download_mode() -> None:
    d = hd.explain("A fatal error occurred: Failed to connect to ESP32: Invalid head of packet (0x68): Possible serial noise or corruption.")
    assert d.domains[0].name == "bootloader.esp"
    f = d.findings[0]
    assert f.code == "bootloader.esp.boot_log"
    assert "download mode" in _text(f) and "io0" in _text(f) and "--before" in _text(f)


def test_esptool_wrong_boot_mode_decodes_the_straps() -> None:
    f = hd.explain("Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in download mode.").findings[0]
    assert f.code == "bootloader.esp.not_in_download_mode"
    assert "spi_fast_flash_boot" in _text(f) and "gpio0 high" in _text(f)


def test_stm32flash_ack_then_failure_is_parity() -> None:
    d = hd.explain("stm32flash 0.7\nInterface serial_posix: 57600 8N1\nFailed to read ACK byte\nUnexpected reply from device on command 0x01")
    assert d.domains[0].name == "bootloader.stm32"
    f = d.findings[0]
    assert f.code == "bootloader.stm32.parity_mismatch"
    t = _text(f)
    assert "8e1" in t and "parity_even" in t


def test_stm32flash_timeout_and_unknown_pid() -> None:
    assert hd.explain("Failed to init device, timeout.").findings[0].code == "bootloader.stm32.no_reply"
    f = hd.explain("Unknown/unsupported device (Device ID: 0x0410)").findings[0]
    assert f.code == "bootloader.stm32.unknown_device" and "f10xxx medium-density" in _text(f)


def test_mbus_long_frame_with_correct_checksum_is_decoded() -> None:
    d = hd.explain("68 03 03 68 08 01 72 7B 16")
    assert d.domains[0].name == "meter" and d.domains[0].score >= 0.8
    f = d.findings[0]
    assert f.code == "meter.mbus"
    assert "rsp_ud" in _text(f) and "checksum ok" in _text(f)


def test_mbus_wrong_checksum_is_flagged() -> None:
    d = hd.explain("68 03 03 68 08 01 72 7C 16")
    codes = [f.code for f in d.findings]
    assert codes[0] == "meter.bad_checksum" and "meter.mbus" in codes
    assert "7b" in _text(d.findings[0]) and "7c" in _text(d.findings[0])


def test_dlt645_frame_with_wakeup_is_decoded() -> None:
    d = hd.explain("FE FE FE FE 68 AA AA AA AA AA AA 68 13 00 DF 16")
    f = d.findings[0]
    assert f.code == "meter.dlt645"
    t = _text(f)
    assert "read communication address" in t and "4 fe wake-up" in t


def test_bare_0x68_meter_says_frame_start_and_nobody_is_certain() -> None:
    d = hd.explain("0x68")
    scores = {s.name: s.score for s in d.domains}
    assert max(scores.values()) < 0.5
    assert 0.25 <= scores["meter"] <= 0.4
    assert 0.1 <= scores["serial"] <= 0.3
    for bl in ("bootloader.mtk", "bootloader.stm32", "bootloader.esp", "bootloader.avr"):
        assert 0 < scores[bl] <= 0.2, (bl, scores)
    meanings = {s.name: s.meaning.lower() for s in d.domains}
    assert "frame" in meanings["meter"]
    assert "not the product" in meanings["serial"]
    assert "79" in meanings["bootloader.stm32"] and "1f" in meanings["bootloader.stm32"]
    assert "c0" in meanings["bootloader.esp"]
    assert "complement" in meanings["bootloader.mtk"]
    assert "14" in meanings["bootloader.avr"]


def test_context_words_move_a_bare_byte() -> None:
    assert hd.explain("M-Bus meter answered 0x68").domains[0].name == "meter"
    assert hd.explain("flashing my phone with SP Flash, DA handshake got 0x68").domains[0].name == "bootloader.mtk"
    assert hd.explain("esp32 upload: got 0x68").domains[0].name == "bootloader.esp"


LINE_CODES = [
        ("could not open port /dev/ttyUSB0: [Errno 13] Permission denied: '/dev/ttyUSB0'", "serial.permission_denied"),
        ("could not open port /dev/ttyUSB0: [Errno 2] No such file or directory: '/dev/ttyUSB0'", "serial.port_missing"),
        ("serial.serialutil.SerialException: [Errno 16] could not open port /dev/ttyACM0: [Errno 16] Device or resource busy: '/dev/ttyACM0'", "serial.port_busy"),
        ("SerialException: device reports readiness to read but returned no data (device disconnected or multiple access on port?)", "serial.read_no_data"),
        ("termios.error: (22, 'Invalid argument')", "serial.pty_no_parity"),
        ('avrdude: ser_open(): can\'t open device "/dev/ttyUSB0": Device or resource busy', "serial.port_busy"),
        ("Failed to set terminal flags", "serial.pty_no_parity"),
        ("DAXFlash - DAA_SIG_VERIFY_FAILED (0x7024)", "bootloader.mtk.auth_required"),
        ("BROM ERROR : S_BROM_CMD_STARTCMD_FAIL (2005)", "bootloader.mtk.brom_cmd_fail"),
        ("BROM ERROR : S_FT_ENABLE_DRAM_FAIL (4032)", "bootloader.mtk.dram_fail"),
        ("Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down.", "bootloader.esp.tx_path_down"),
        ("Failed to enter RAM download mode (result was 0105: The format of the received message is invalid)", "bootloader.esp.stub_refused"),
        ("Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port configuration.", "bootloader.stm32.no_reply"),
        ("Warning: the interface was not closed properly.", "bootloader.stm32.already_synced"),
        ("Failed to receive M-Bus response frame.", "meter.no_reply"),
        ("CF 4B 8D 0A", "serial.framing_mismatch"),
        ("00 00 00 00 00 00", "serial.baud_mismatch"),
]
REAL_LINES = [line for line, _ in LINE_CODES] + [
    "avrdude: stk500_recv(): not in sync: resp=0x68",
    "Echo mismatch: got array('B', [160]), expected 5f",
    "A fatal error occurred: Failed to connect to ESP32: Invalid head of packet (0x68)",
    "Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in download mode.",
    "Failed to read ACK byte", "Unexpected reply from device on command 0x01", "Failed to init device, timeout.",
    "No serial data received.", "A fatal error occurred: Packet content transfer stopped (received 8 bytes)",
    "Timed out waiting for packet header", "MD5 of file does not match data in flash!",
    "Got NACK from device on command 0x43", "Unknown/unsupported device (Device ID: 0x0499)",
    "Status: Handshake failed, retrying...", "Sync error. Please power off the device and retry.",
    "Preloader - [LIB]: Error on sending parameter", "Waiting for PreLoader VCOM, please connect mobile",
    "BROM mode detected.", "STATUS_SEC_AUTH_FILE_NEEDED (0xC0030012)", "Could not open /dev/ttyUSB0, the port is busy or doesn't exist.",
    "Yikes!  Invalid device signature.", "avrdude: butterfly_recv(): programmer is not responding",
    "avrdude: stk500v2_ReceiveMessage(): timeout", "Timeout error occured while waiting for acknowledgement.",
]


@pytest.mark.parametrize(("line", "code"), LINE_CODES)
def test_real_tool_lines_lead_to_their_code(line: str, code: str) -> None:
    d = hd.explain(line)
    assert d.findings and d.findings[0].code == code, [(f.code, f.confidence) for f in d.findings][:4]


def test_fixes_carry_commands_and_snippets() -> None:
    texts = {
        "avr": _text(hd.explain("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0xef").findings[0]),
        "stm32": _text(hd.explain("Failed to read ACK byte").findings[0]),
        "meter": _text(hd.explain("M-Bus meter answered 0x68").findings[0]),
        "port": _text(hd.explain("minicom: Device /dev/ttyUSB0 is locked.").findings[0]) + _text(hd.explain("ModemManager grabbed /dev/ttyACM0").findings[0]),
    }
    assert "avrdude -c arduino" in texts["avr"] and "-b 57600" in texts["avr"]
    assert "serial.parity_even" in texts["stm32"]
    assert "2400" in texts["meter"] and "parity_even" in texts["meter"]
    assert 'env{id_mm_device_ignore}="1"' in texts["port"]


def test_stm32flash_that_already_used_8e1_is_not_blamed_on_parity() -> None:
    host_8e1 = hd.explain("Interface serial_posix: 57600 8E1\nGot byte 0x00 instead of ACK\nUnexpected reply from device on command 0x01")
    host_8n1 = hd.explain("Interface serial_posix: 57600 8N1\nFailed to read ACK byte\nUnexpected reply from device on command 0x01")
    conf = lambda d: next(f.confidence for f in d.findings if f.code == "bootloader.stm32.parity_mismatch")  # noqa: E731
    assert conf(host_8n1) >= 0.8 > 0.5 > conf(host_8e1)
    assert host_8n1.findings[0].code == "bootloader.stm32.parity_mismatch"
    assert host_8e1.findings[0].code != "bootloader.stm32.parity_mismatch"


def test_cubeprogrammer_activation_failure_with_parity_none_is_still_boot_mode_first() -> None:
    d = hd.explain(
        "14:39:33 : Port configuration: parity = none, baudrate = 9600, data-bit = 8, stop-bit = 1.0, flow-control = off\n"
        "14:39:35 : Timeout error occured while waiting for acknowledgement.\n"
        "14:39:35 : Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port configuration."
    )
    codes = [f.code for f in d.findings]
    assert codes[0] == "bootloader.stm32.no_reply" and "bootloader.stm32.parity_mismatch" in codes[1:]
