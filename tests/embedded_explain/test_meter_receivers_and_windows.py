"""Meter causes read from the tools' own sources (issue 12): a wireless M-Bus receiver's suffix
inside an ELL telegram (wmbusmeters src/wmbus.cc parseELL, wmbus_utils.cc, wmbus_rc1180.cc,
wmbus_cul.cc@3.0.0-33-g4dedd717), an IEC 62056-21 rate switch the session did not survive
(pwitab/iec62056-21 messages.py, client.py, transports.py@v0.0.2; IEC 62056-21 §6.3.3, §6.4.5.3),
and a libmbus scan whose answer window a slow meter misses (bin/mbus-serial-scan.c,
mbus/mbus-serial.c@0.10.0).
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

RSSI = "meter.wmbus_dongle_appends_rssi"
SWITCH = "meter.iec62056_baud_switch_not_followed"
WINDOW = "meter.reply_timeout_too_short"


def _codes(text: str) -> list[str]:
    return [f.code for f in hd.explain(text).findings]


def test_an_ell_payload_crc_failure_names_the_receivers_suffix_then_the_key() -> None:
    text = ("(wmbus) WARNING! decrypted payload crc failed check, did you use the correct decryption key? 3b7e payload crc "
            "(calculated 91c0) Permanently ignoring telegrams from id: 76348799 mfct: (KAM) Kamstrup Energi (0x2c2d) type: Water meter (0x07) ver: 0x1b")
    d = hd.explain(text)
    codes = [f.code for f in d.findings[:3]]
    assert d.domains[0].name == "meter" and codes[0] == RSSI and "meter.decryption_failed" in codes, codes
    assert any("RC1180" in fx.summary for fx in d.findings[0].fixes)


@pytest.mark.parametrize("text", (
    # a CBC (mode 5) telegram: an appended byte stays outside the blocks, the 2F2F check is the key's
    "(wmbus) WARNING!! decrypted content failed check, did you use the correct decryption key? Permanently ignoring telegrams from id: 12345678",
    "(wmbus) WARNING! telegram mac check failed, did you use the correct decryption key?",
))
def test_other_decryption_checks_stay_the_key(text: str) -> None:
    codes = _codes(text)
    assert codes[0] == "meter.decryption_failed" and RSSI not in codes, codes


PWITAB = ("INFO:iec62056_21.client:Staring init sequence\n"
          "DEBUG:iec62056_21.transports:Received b'/ISk5MT174-0001\\r\\n' over transport: SerialTransport\n"
          "INFO:iec62056_21.client:Received identification message: IdentificationMessage(identification='MT174-0001', manufacturer='ISk', switchover_baudrate_char='5')\n"
          "INFO:iec62056_21.client:Sending AckOptionsSelect message: AckOptionSelectMessage(baud_char='5', mode_char='0')\n"
          "DEBUG:iec62056_21.transports:Sent b'\\x06050\\r\\n' over transport: SerialTransport\n"
          "INFO:iec62056_21.client:Reading standard readout from device.\n")


def test_no_readout_after_the_rate_switch() -> None:
    d = hd.explain(PWITAB + "TimeoutError: Read in SerialTransport timed out")
    top = d.findings[0]
    assert d.domains[0].name == "meter" and top.code == SWITCH, [f.code for f in d.findings[:3]]
    assert top.data["baud"] == 9600 and top.confidence > 0.75
    assert any("ACK 0 0 0" in fx.summary for fx in top.fixes)


def test_bytes_of_the_ack_alone_are_read_too() -> None:
    log = "tx b'/?!\\r\\n'\nrx b'/LGZ4ZMD3104107.B32\\r\\n'\ntx b'\\x06040\\r\\n'\nrx b''"
    assert _codes(log)[0] == SWITCH


@pytest.mark.parametrize("text", (
    PWITAB + "DEBUG:iec62056_21.transports:Received b'\\x02F.F(00)\\r\\n1.8.0(001234.5*kWh)\\r\\n!\\r\\n\\x03\\x12' over transport: SerialTransport",
    PWITAB.replace("baud_char='5'", "baud_char='0'").replace("\\x06050", "\\x06000"),
))
def test_a_readout_that_came_or_no_switch_is_not_the_finding(text: str) -> None:
    assert SWITCH not in _codes(text)


@pytest.mark.parametrize("text", (
    "ran mbus-serial-scan -b 2400 /dev/ttyUSB0 on the bus and it does not find any meter",
    "mbus-serial-scan -b 300 -r 2 /dev/ttyAMA0 finds nothing, although the heat meter answers the handheld reader",
))
def test_a_silent_scan_at_the_right_rate_is_the_answer_window(text: str) -> None:
    d = hd.explain(text)
    assert d.findings[0].code == WINDOW and "meter.no_reply" not in [f.code for f in d.findings], [f.code for f in d.findings[:3]]
    assert any("-r" in (fx.command or "") for fx in d.findings[0].fixes)


def test_a_silent_scan_without_b_also_names_the_default_rate() -> None:
    codes = _codes("mbus-serial-scan /dev/ttyUSB0 did not find a single device")
    assert codes[:2] == [WINDOW, "meter.no_reply"], codes


def test_libmbus_no_response_line_stays_no_reply() -> None:
    assert _codes("mbus_sendrecv_request: No M-Bus response frame received.")[0] == "meter.no_reply"


# --- DLMS: Gurux's HDLC/wrapper address checks and the Data-Access-Result enum names --------------
@pytest.mark.parametrize("text", [
    "gurux.dlms.GXDLMSException: Destination addresses do not match. It is 32. It should be 1.",
    "Exception: Source addresses do not match. It is 17. It should be 145.",
    "System.Exception: Destination addresses do not match. It is 1. It should be 16.",
])
def test_gurux_address_checks_are_an_hdlc_address_mismatch(text: str) -> None:
    d = hd.explain(text)
    assert d.findings[0].code == "meter.dlms_hdlc_address_mismatch" and d.domains[0].name == "meter"


@pytest.mark.parametrize("name", ["READ_WRITE_DENIED", "OBJECT_UNDEFINED", "OBJECT_CLASS_INCONSISTENT",
                                  "OBJECT_UNAVAILABLE", "SCOPE_OF_ACCESS_VIOLATED"])
def test_data_access_result_names_are_access_denied(name: str) -> None:
    text = f"dlms_cosem.client.DataResultError: Could not perform GET request: <DataAccessResult.{name}: 3>"
    assert hd.explain(text).findings[0].code == "meter.dlms_access_denied"


def test_other_data_access_results_are_not_access_denied() -> None:
    # temporary-failure is the meter being busy, not a right the association lacks
    text = "Could not perform GET request: <DataAccessResult.TEMPORARY_FAILURE: 2>"
    assert "meter.dlms_access_denied" not in [f.code for f in hd.explain(text).findings]


# --- Modbus masters that got no answer at all --------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Modbus Error: [Input/Output] Modbus Error: [Invalid Message] No response received, expected at least 8 bytes (0 received)",
    "ERROR Could not read from \"house\", reason: Modbus Error: [Input/Output] Modbus Error: [Invalid Message] No response received, expected at least 2 bytes (0 received)",
    "pymodbus.exceptions.ModbusIOException: Modbus Error: [Input/Output] No Response received from the remote unit/Unable to decode response",
    "Modbus Error: [Input/Output] No Response received from the remote slave/Unable to decode response",
    "minimalmodbus.NoResponseError: No communication with the instrument (no answer)",
])
def test_modbus_no_answer_is_no_reply(text: str) -> None:
    d = hd.explain(text)
    assert d.findings[0].code == "meter.no_reply" and d.domains[0].name == "meter"


def test_a_partial_modbus_reply_is_not_read_as_no_answer() -> None:
    # some bytes came back: the template is for the empty reply only
    text = "Modbus Error: [Invalid Message] No response received, expected at least 8 bytes (5 received)"
    assert "meter.no_reply" not in [f.code for f in hd.explain(text).findings[:1]]
