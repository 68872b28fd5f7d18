"""One test per measured false-positive class of issue 12, each with a positive control that
the same rule still fires in its own context; then unknown tool lines and errno concepts."""

from __future__ import annotations

import pytest

import handshake_doctor as hd


def _codes(text: str) -> list[str]:
    return [f.code for f in hd.explain(text).findings]


def _domains(text: str) -> list[str]:
    return [d.name for d in hd.explain(text).domains]


# 1. a Windows COM-port "access denied" rule firing on a database error
@pytest.mark.parametrize("text", [
    "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)",
    "mysql.connector.errors.ProgrammingError: 1045 (28000): Access denied for user 'app'@'10.0.0.5' (using password: YES)",
    "psql: error: connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  permission denied for database \"app\"",
])
def test_com_port_access_denied_does_not_fire_on_database_errors(text: str) -> None:
    codes = _codes(text)
    assert not [c for c in codes if c.startswith("serial.")], codes
    assert _domains(text)[0] == "database"


def test_com_port_access_denied_still_fires_on_a_com_port() -> None:
    assert _codes("serial.serialutil.SerialException: could not open port 'COM3': PermissionError(13, 'Access is denied.', None, 5)")[0] == "serial.port_busy"


# 2. hex values read as ASCII text ahead of the protocol that frames them
@pytest.mark.parametrize("text", [
    "console output: 68 0B 0B 68 53 FE 51 01 7A 08 00 00 00 82 16",  # M-Bus long-frame header, cut short
    "console: 68 1F 1F 68 08 02 72 78 56 34 12",
])
def test_a_frame_start_byte_is_not_read_as_h_ahead_of_the_frame(text: str) -> None:
    d = hd.explain(text)
    codes = [f.code for f in d.findings]
    assert codes.index("meter.incomplete_frame") < codes.index("text.printable_reply"), codes
    assert d.domains[0].name == "meter"


def test_hex_that_spells_text_stays_text() -> None:
    assert hd.explain("hello 68 65 6C 6C 6F").findings[0].code == "text.printable_reply"


# 3. a bootloader domain in the top three for unrelated inputs (TLS, database lines)
@pytest.mark.parametrize("text", [
    "curl: (35) error:0A00010B:SSL routines::wrong version number",
    "SSL_connect returned=1 errno=0 state=error: certificate verify failed (unable to get local issuer certificate)",
    "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure",
    "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed",
    "psql: error: connection to server at \"db.internal\" (10.1.2.3), port 5432 failed: server closed the connection unexpectedly",
    "MongoServerSelectionError: connection <monitor> to 10.0.0.7:27017 closed",
    "TLS handshake got 0x68 from the server at 127.0.0.1:8443",
    "psql: error: received invalid response to SSL negotiation: h (0x68)",
])
def test_no_bootloader_in_the_top_three_for_tls_and_database_lines(text: str) -> None:
    top3 = _domains(text)[:3]
    assert not [n for n in top3 if n.startswith("bootloader.")], top3


# 4. serial.pty_no_parity firing on any termios or ioctl error
@pytest.mark.parametrize("text", [
    "gpg: signing failed: Inappropriate ioctl for device",
    "stty: 'standard input': Inappropriate ioctl for device",
    "termios.error: (25, 'Inappropriate ioctl for device')",
    "error: git: tcgetattr: Inappropriate ioctl for device",
    "Inappropriate ioctl for device",
])
def test_pty_no_parity_does_not_fire_on_other_ioctl_errors(text: str) -> None:
    assert "serial.pty_no_parity" not in _codes(text)


@pytest.mark.parametrize("text", [
    "avrdude: ser_drain(): ioctl(TIOCMGET) on /dev/pts/3: Inappropriate ioctl for device",
    "serial.serialutil.SerialException: Could not configure port: (22, 'Invalid argument') setting parity on /dev/pts/4",
    "Failed to set terminal flags on /dev/pts/2",
])
def test_pty_no_parity_still_fires_on_a_serial_port(text: str) -> None:
    assert "serial.pty_no_parity" in _codes(text)


# A known tool's failure line is never "Nothing recognised"
@pytest.mark.parametrize("text,code", [
    ("psql: error: connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  the quux refused to frobnicate", "database.unrecognised_message"),
    ("A fatal error occurred: The chip stopped responding while the flasher stub was being frobnicated", "bootloader.esp.unrecognised_message"),
    ("avrdude error: programmer frobnicator refused to quux the target", "bootloader.avr.unrecognised_message"),
    ("stm32flash 0.7\nInterface serial_posix: 57600 8E1\nBootloader version mismatch: wanted 2.2, quux", "bootloader.stm32.unrecognised_message"),
    ("[13:37:00] BROM ERROR : S_BROM_SOMETHING_NEW (9999)", "bootloader.mtk.unrecognised_message"),
    ("libmbus: mbus_frame_wibble failed", "meter.unrecognised_message"),
])
def test_an_unknown_tool_line_gives_the_domains_unrecognised_code(text: str, code: str) -> None:
    d = hd.explain(text)
    assert d.findings, d.notes
    top = d.findings[0]
    assert top.code == code, [f.code for f in d.findings]
    decisive = [ln for ln in text.splitlines() if ln.strip()][-1].strip()
    assert decisive[:60] in top.summary  # the decisive line is quoted
    assert top.fixes and all(x.summary for x in top.fixes)  # with the domain's checklist
    assert not any("Nothing recognised" in n for n in d.notes)


def test_a_known_line_is_not_called_unknown() -> None:
    codes = _codes("avrdude: stk500_recv(): programmer is not responding")
    assert codes[0] == "bootloader.avr.no_reply"
    assert not [c for c in codes if c.endswith(".unrecognised_message")]


def test_in_a_long_log_the_unknown_line_is_found_wherever_it_is() -> None:
    lines = [f"[{i}] building target {i % 13}" for i in range(5000)]
    lines.insert(2500, "esptool.py v5.0.0: A fatal error occurred: Flasher stub refused the wibble")
    d = hd.explain("\n".join(lines))
    assert d.findings[0].code == "bootloader.esp.unrecognised_message"
    assert "wibble" in d.findings[0].summary


# errno-like concepts bound to the object they are about
@pytest.mark.parametrize("text,code", [
    ("cu: /dev/ttyUSB0: Permission denied", "serial.permission_denied"),
    ("opening COM7 failed: EBUSY (Device or resource busy)", "serial.port_busy"),
    ("myflasher: cannot open /dev/ttyACM3: No such file or directory", "serial.port_missing"),
    ("fetch of 127.0.0.1:8081 failed: Connection refused", "net.tcp_refused"),
    ("upload to api.example.test:8080 failed: connection reset by peer", "net.tcp_reset"),
    ("dial 10.1.2.3:5000: i/o timeout while waiting; ETIMEDOUT", "net.tcp_timeout"),
    ("WriteFile failed on COM4: A device attached to the system is not functioning.", "serial.read_no_data"),
    ("ClearCommError on COM5 failed: The semaphore timeout period has expired.", "serial.silent"),
    ("A connection attempt to 10.0.0.9:1883 failed because the connected party did not properly respond after a period of time", "net.tcp_timeout"),
])
def test_the_object_decides_the_domain_and_the_errno_the_cause(text: str, code: str) -> None:
    d = hd.explain(text)
    assert d.findings and d.findings[0].code == code, [f.code for f in d.findings]


def test_the_same_errno_on_two_objects_gives_two_domains() -> None:
    serial = hd.explain("tool: /dev/ttyUSB0: Device or resource busy")
    net = hd.explain("tool: 127.0.0.1:9000: Connection timed out")
    assert serial.findings[0].domain == "serial" and net.findings[0].domain == "net"


def test_the_literal_prechecks_cover_the_concept_and_object_tables() -> None:
    """spotting.may_name_concept_or_object must be true for every wording the tables know, or
    concepts.py would be skipped for it."""
    from handshake_doctor import spotting

    for text in (
        "Permission denied", "EACCES", "[Errno 13]", "Access is denied", "Device or resource busy",
        "No such file or directory", "ENOENT", "Input/output error", "timed out", "ETIMEDOUT",
        "Connection refused", "ECONNREFUSED", "connection reset by peer", "forcibly closed",
        "The semaphore timeout period has expired", "A device attached to the system is not functioning",
        "/dev/ttyUSB0", "COM3", "example.test:443", "10.0.0.1:80", "[::1]:8080", "https://x.test",
        "VID_0403&PID_6001", "ID 0483:df11", "/etc/ssl/ca.pem",
    ):
        assert spotting.may_name_concept_or_object(text.lower()), text


# a flasher's "failed to open port" rule firing on ModemManager's own probe log
def test_stm32flash_open_rule_wants_a_port_name_not_modemmanager_prose() -> None:
    mm = ("ModemManager[1242]: <warn>  [plugin manager] task 93,ttyACM0: error when checking support with "
          "plugin 'Cinterion': '(tty/ttyACM0) failed to open port: Could not open serial device ttyACM0")
    assert _codes(mm)[0] == "serial.port_busy"           # ModemManager probing the port
    assert _codes("Failed to open port: /dev/ttyUSB3")[0] == "serial.port_missing"   # positive control
    assert _codes("Failed to open port: COM7")[0] == "serial.port_missing"


# the generic "resource busy" serial rule firing on a USB bus/device claim
def test_resource_busy_after_a_usb_bus_device_pair_is_not_a_serial_port() -> None:
    assert "serial" not in _domains("Can't claim interface 002/011: Device or resource busy")[:1]
    assert _codes("could not open port /dev/ttyACM0: [Errno 16] Device or resource busy: '/dev/ttyACM0'")[0] == "serial.port_busy"


# a meter tool's "does not respond" outranking the lock that made it so
def test_wmbusmeters_tty_lock_outranks_the_detection_that_followed() -> None:
    text = ("(serialtty) device /dev/ttyUSB0 is already in use and locked.\n"
            "(iu880b) could not open tty /dev/ttyUSB0 for detection\n"
            "(main) ignoring /dev/ttyUSB0, it does not respond as any of the supported wmbus devices.")
    assert _codes(text)[0] == "serial.port_busy"
    assert _codes("Device /dev/ttyAMA0 is already in use and locked.")[0] == "serial.port_busy"


# the kernel's cp210x driver failing its own control requests: a driver/link error, not line noise
@pytest.mark.parametrize("text", [
    "[378573.059456] cp210x ttyUSB0: cp210x_open - Unable to enable UART",
    "kernel: cp210x ttyUSB1: failed set request 0x12 status: -71",
    "cp210x ttyUSB0: failed set request 0x7 status: -110",
])
def test_cp210x_failed_requests_are_a_driver_error(text: str) -> None:
    assert _codes(text)[0] == "serial.driver_error"


def test_cp210x_attach_line_is_not_a_driver_error() -> None:
    assert "serial.driver_error" not in _codes("usb 1-1: cp210x converter now attached to ttyUSB0")
