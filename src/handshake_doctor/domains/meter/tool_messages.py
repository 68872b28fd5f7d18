"""Inventory of what meter-reading tools print when a meter session fails, read from their sources
(knowledge.inventory.ToolLine): libmbus' command-line tools and its frame verifier, lib60870's
IEC 60870-5-104/101 link messages (printed with debug output on), and Gurux DLMS's association
and access errors.
"""

from __future__ import annotations

from ...knowledge.inventory import ToolLine as L
from ...knowledge.table import Table

MBUS_BIN = "rscada/libmbus bin/mbus-serial-*.c, bin/mbus-tcp-*.c@0.10.0"
MBUS_PROTO = "rscada/libmbus mbus/mbus-protocol.c mbus_frame_verify() error_str@0.10.0"
LIB60870 = "mz-automation/lib60870 lib60870-C/src (cs104_slave.c, cs104_connection.c, link_layer.c DEBUG_PRINT texts)@v2.4.1"
GURUX = "Gurux/Gurux.DLMS.Python Gurux.DLMS.python/gurux_dlms/GXDLMSException.py getResult/getDiagnostic/getDescription@1.0.197"

_MBUS = (
    L("libmbus", "0.10.0", "Failed to receive M-Bus response frame.", "no valid M-Bus answer: wrong primary address, baud/parity (usually 2400 8E1), or no level converter", "meter.no_reply", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "No reply from device", "the addressed meter did not answer", "meter.no_reply", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "No reply from device with secondary address %s: %s", "no meter answered the selected secondary address", "meter.mbus_secondary_not_found", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Failed to setup connection to M-bus gateway", "the serial port or TCP gateway could not be opened", "meter.no_reply", MBUS_BIN, 0.8, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Scan failed: Could not setup connection to M-bus gateway: %s", "the scan could not open the port or gateway", "meter.no_reply", MBUS_BIN, 0.8, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Scan failed. Could not send ping frame: %s", "the scan could not write to the port", "meter.no_reply", MBUS_BIN, 0.8, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Collision at address %d", "several meters (or a garbling line) answered one primary address", "meter.collision", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "%s: Error: The address mask [%s] matches more than one device.", "the secondary-address mask selects several meters", "meter.collision", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Invalid reply from %s: The address address probably match more than one device: %s", "answers to the secondary address collided: the mask selects several meters", "meter.collision", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "%s: Error: The selected secondary address does not match any device [%s].", "no meter has this secondary address (id, manufacturer, version, medium)", "meter.mbus_secondary_not_found", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Failed to select secondary address [%s].", "the secondary-address selection got no acknowledge", "meter.mbus_secondary_not_found", MBUS_BIN, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Invalid checksum (0x%.2x != 0x%.2x)", "the frame's checksum does not match its bytes (a changed or dropped byte: parity, noise, an echo)", "meter.bad_checksum", MBUS_PROTO, 0.9, "Invalid checksum (0x3c != 0x3d)", fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "No frame stop", "the frame does not end with 16: truncated or misframed", "meter.incomplete_frame", MBUS_PROTO, 0.8, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Frame length 1 != 2", "the two length bytes of a long frame differ: a corrupted frame", "meter.bad_checksum", MBUS_PROTO, 0.8, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
    L("libmbus", "0.10.0", "Frame length 1 != calc length", "the length byte does not match the bytes received: truncated or misframed", "meter.incomplete_frame", MBUS_PROTO, 0.8, fixes=('mbus_8e1', 'mbus_scan', 'mbus_collision', 'mbus_line', 'mbus_secondary', 'checksum', 'read_frame')),
)

_IEC = (
    L("lib60870", "2.4.1", "Timeout for TESTFR CON message", "the IEC 104 peer did not confirm TESTFR act within t1: the link is dead or a firewall drops the idle connection", "meter.no_reply", LIB60870, 0.85, "CS104 SLAVE: Timeout for TESTFR CON message", fixes=('iec104_startdt', 'iec104_sequence', 'iec104_tls', 'read_frame')),
    L("lib60870", "2.4.1", "I message timeout", "an I-frame was not acknowledged within t1: the peer stalled or the link is lost", "meter.no_reply", LIB60870, 0.8, fixes=('iec104_startdt', 'iec104_sequence', 'iec104_tls', 'read_frame')),
    L("lib60870", "2.4.1", "Sequence number check failed - close connection", "the peer's send/receive sequence numbers do not fit: frames were lost or the peer restarted its counters", "meter.iec104_sequence_error", LIB60870, 0.85, "CS104 SLAVE: Sequence number check failed - close connection", fixes=('iec104_startdt', 'iec104_sequence', 'iec104_tls', 'read_frame')),
    L("lib60870", "2.4.1", "Sequence error - close connection", "the peer's sequence numbers do not fit", "meter.iec104_sequence_error", LIB60870, 0.85, "CS104 SLAVE: Sequence error - close connection", fixes=('iec104_startdt', 'iec104_sequence', 'iec104_tls', 'read_frame')),
    L("lib60870", "2.4.1", "Failed to create TLS context. Close connection", "the IEC 62351-3 TLS set-up failed (certificates or keys)", "meter.iec104_tls_failed", LIB60870, 0.85, "CS104 SLAVE: Failed to create TLS context. Close connection", fixes=('iec104_startdt', 'iec104_sequence', 'iec104_tls', 'read_frame')),
    L("lib60870", "2.4.1", "RECV: Timeout reading fixed length frame size = %i (expected = %i)", "an IEC 101 fixed-length frame stopped early: baud/parity or the link address", "meter.incomplete_frame", LIB60870, 0.8, fixes=('iec104_startdt', 'iec104_sequence', 'iec104_tls', 'read_frame')),
    L("lib60870", "2.4.1", "RECV: Timeout reading variable length frame size = %i (expected = %i)", "an IEC 101 variable-length frame stopped early: baud/parity, or the peer was interrupted", "meter.incomplete_frame", LIB60870, 0.8, fixes=('iec104_startdt', 'iec104_sequence', 'iec104_tls', 'read_frame')),
)

_DLMS = (
    L("Gurux DLMS", "1.0.197", "Connection is permanently rejected\r\nAuthentication failure.", "the meter refused the association: wrong password (LLS) or keys (HLS) for this client address", "meter.dlms_auth_failed", GURUX, 0.9, "Exception: Connection is permanently rejected\r\nAuthentication failure."),
    L("Gurux DLMS", "1.0.197", "Connection is permanently rejected\r\nAuthentication is required.", "the meter needs authentication for this client (client address 0x10 is public only)", "meter.dlms_auth_failed", GURUX, 0.9),
    L("Gurux DLMS", "1.0.197", "Connection is permanently rejected\r\nThe application context name is not supported.", "the meter does not accept the application context: logical vs short name referencing, or ciphering on/off", "meter.dlms_rejected", GURUX, 0.9),
    L("Gurux DLMS", "1.0.197", "Connection is permanently rejected\r\nThe authentication mechanism name is not recognized.", "the meter does not support the authentication level asked for", "meter.dlms_rejected", GURUX, 0.9),
    L("Gurux DLMS", "1.0.197", "Connection is permanently rejected\r\nNo reason is given.", "the meter refused the association without a reason (client address, security settings)", "meter.dlms_rejected", GURUX, 0.8),
    L("Gurux DLMS", "1.0.197", "Access Error : Device reports Read-Write denied.", "the association's access rights do not allow this attribute: a higher authentication level is needed", "meter.dlms_access_denied", GURUX, 0.85),
    L("Gurux DLMS", "1.0.197", "Access Error : Device reports a undefined object.", "the meter has no object with this OBIS code", "meter.dlms_access_denied", GURUX, 0.8),
)

GURUX_C = "Gurux/GuruxDLMS.c development/include/errorcodes.h (DLMS_ERROR_CODE names) and development/src/helpers.c err_toString() texts@11a4fef (2026-08-17)"
HDLC_ADDR = "; IEC 62056-46 §6.4.2.2 (HDLC addresses: client 1 byte, server 1, 2 or 4 bytes of upper/lower address; a reply's destination is the client)"
GREEN_BOOK = "; DLMS UA 1000-2 (Green Book) §9.2.7.2.4.2 (the invocation counter must increase with every ciphered APDU)"

#: GuruxDLMS.c errors as programs print them: the enum name (from code and logs) or err_toString()'s text
_GURUX_C: tuple[tuple[str, str, str, str, float], ...] = (
    # enum name (after DLMS_ERROR_CODE_)   err_toString() text                        meaning                                                                                                     code                                confidence
    ("INVALID_CLIENT_ADDRESS", "Client HDLC Address is not set.", "the HDLC client address of the frame does not fit the client's settings: client and server addresses swapped, or the wrong address size", "meter.dlms_hdlc_address_mismatch", 0.8),
    ("INVALID_SERVER_ADDRESS", "Server HDLC Address is not set.", "the HDLC server address does not fit: wrong logical/physical split or address size (1, 2 or 4 bytes), or swapped with the client's", "meter.dlms_hdlc_address_mismatch", 0.8),
    ("CLIENT_ADDRESS_NO_NOT_MATCH", "Client addresses do not match.", "the reply is addressed to another client than ours: the client address, or client and server addresses swapped", "meter.dlms_hdlc_address_mismatch", 0.85),
    ("SERVER_ADDRESS_NO_NOT_MATCH", "Server addresses do not match.", "the reply comes from another server address than the one asked: the meter's logical or physical address is set wrong", "meter.dlms_hdlc_address_mismatch", 0.85),
    ("WRONG_CRC", "CRC do not match.", "the HDLC frame's check sequence does not match its bytes (a changed or dropped byte)", "meter.bad_checksum", 0.8),
    ("AUTHENTICATION_FAILURE", "", "the meter refused the association: wrong password (LLS) or keys (HLS) for this client address", "meter.dlms_auth_failed", 0.9),
    ("AUTHENTICATION_REQUIRED", "", "the meter needs authentication for this client (the public client has none)", "meter.dlms_auth_failed", 0.9),
    ("APPLICATION_CONTEXT_NAME_NOT_SUPPORTED", "Application context name not supported.", "the meter does not accept the application context: logical vs short name referencing, or ciphering on/off", "meter.dlms_rejected", 0.85),
    ("AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED", "Authentication mechanism name not recognised.", "the meter does not support the authentication level asked for", "meter.dlms_rejected", 0.85),
    ("READ_WRITE_DENIED", "", "the association's access rights do not allow this attribute: a higher authentication level is needed", "meter.dlms_access_denied", 0.85),
    ("UNDEFINED_OBJECT", "", "the meter has no object with this OBIS code", "meter.dlms_access_denied", 0.8),
    ("ACCESS_VIOLATED", "Access Error : Device reports scope of access violated.", "the association's scope of access does not cover this object", "meter.dlms_access_denied", 0.85),
    ("UNAVAILABLE_OBJECT", "Access Error : Device reports a unavailable object.", "the object exists but is not available to this association", "meter.dlms_access_denied", 0.8),
    ("INCONSISTENT_CLASS_OR_OBJECT", "Access Error : Device reports a inconsistent Class or Object.", "the class id asked for does not match the object with this OBIS code", "meter.dlms_access_denied", 0.8),
    ("INVOCATION_COUNTER_TOO_SMALL", "", "the ciphered request's invocation (frame) counter is not above the last one the meter saw: it must be read from the meter and incremented", "meter.dlms_invocation_counter", 0.9),
)
_DLMS_C = tuple(
    L("GuruxDLMS.c", "11a4fef", "DLMS_ERROR_CODE_" + name, meaning, code, GURUX_C + (HDLC_ADDR if "address" in code else GREEN_BOOK if "invocation" in code else ""), conf)
    for name, _text, meaning, code, conf in _GURUX_C
) + tuple(
    L("GuruxDLMS.c", "11a4fef", text, meaning, code, GURUX_C + (HDLC_ADDR if "address" in code else ""), conf - 0.05)
    for _name, text, meaning, code, conf in _GURUX_C if text
) + (
    L("GuruxDLMS.c", "11a4fef", "InvocationCounterError", "the meter refused the ciphered request's invocation (frame) counter: read the meter's counter and continue from it", "meter.dlms_invocation_counter", GURUX_C + " (exception service error texts)" + GREEN_BOOK, 0.85),
)

GURUX_HDLC = "Gurux/gurux.dlms.java src/main/java/gurux/dlms/GXDLMS.java (HDLC/wrapper address checks; the same texts in Gurux.DLMS.Net GXDLMS.cs and Gurux.DLMS.Python GXDLMS.py)@4.0"
#: HDLC or wrapper addresses of a reply that are not the ones set: Gurux raises these before any APDU is read
_DLMS_ADDR = (
    L("Gurux DLMS", "4.0", "Destination addresses do not match. It is %d. It should be %d.", "the reply's destination address is not the one this side is set to: the client address (or, on a server, the server address) is wrong, or its size", "meter.dlms_hdlc_address_mismatch", GURUX_HDLC + HDLC_ADDR, 0.85),
    L("Gurux DLMS", "4.0", "Source addresses do not match. It is %d. It should be %d.", "the reply comes from another address than the one asked: the meter's server (logical/physical) address is set wrong, or another device answered", "meter.dlms_hdlc_address_mismatch", GURUX_HDLC + HDLC_ADDR, 0.85),
)

DAR = "u9n/dlms-cosem dlms_cosem/enumerations.py (class DataAccessResult(IntEnum), printed as <DataAccessResult.NAME: n>)@21.3; DLMS UA 1000-2 (Green Book) Data-Access-Result enumeration"
#: Data-Access-Result values that say the association may not reach the object, in the enum form
#: Python libraries print
_DAR = tuple(
    L("dlms-cosem", "21.3", f"DataAccessResult.{name}", meaning, "meter.dlms_access_denied", DAR, conf)
    for name, meaning, conf in (
        ("READ_WRITE_DENIED", "read-write-denied (3): the association's access rights do not allow this attribute: a higher authentication level or another client", 0.85),
        ("OBJECT_UNDEFINED", "object-undefined (4): the meter has no object with this OBIS code and class", 0.8),
        ("OBJECT_CLASS_INCONSISTENT", "object-class-inconsistent (9): the class id asked for is not the class of the object with this OBIS code", 0.8),
        ("OBJECT_UNAVAILABLE", "object-unavailable (11): the object is not available to this association (not in its object list)", 0.8),
        ("SCOPE_OF_ACCESS_VIOLATED", "scope-of-access-violated (13): the association's scope does not cover this object", 0.8),
    )
)

PYMODBUS = "pymodbus-dev/pymodbus pymodbus/transaction.py (ModbusIOException texts: 2.x 'No Response received from the remote unit/Unable to decode response', 3.x '... remote slave/...', 3.x 'No response received, expected at least %d bytes (%d received)')"
MINIMALMODBUS = "pyhys/minimalmodbus minimalmodbus.py Instrument._communicate (raise NoResponseError('No communication with the instrument (no answer)'))@2.1"
_NO_ANSWER = ("the Modbus device sent nothing back: a slave/unit id nobody on the line has (a request to an unknown id gets no reply at all), "
              "a wrong baud rate or parity, A/B swapped or no RS-485 direction control, or an answer later than the timeout")
#: Modbus masters' "no answer" lines: the request went out and no byte came back
_MODBUS = (
    L("pymodbus", "3.x", "No response received, expected at least %d bytes (0 received)", _NO_ANSWER, "meter.no_reply", PYMODBUS, 0.8),
    L("pymodbus", "1.x-2.x", "No Response received from the remote unit", _NO_ANSWER + "; with '/Unable to decode response' the reply may also not have decoded (framer, RTU vs ASCII)", "meter.no_reply", PYMODBUS, 0.7),
    L("pymodbus", "3.x", "No Response received from the remote slave", _NO_ANSWER + "; with '/Unable to decode response' the reply may also not have decoded (framer, RTU vs ASCII)", "meter.no_reply", PYMODBUS, 0.7),
    L("minimalmodbus", "2.1", "No communication with the instrument (no answer)", _NO_ANSWER, "meter.no_reply", MINIMALMODBUS, 0.8),
)

WMBUSMETERS = "wmbusmeters/wmbusmeters src/wmbus.cc, src/meters.cc, src/bus.cc, src/wmbus_cul.cc, src/wmbus_im871a.cc@3.0.0-33-g4dedd717"
RC1180_RSSI = "; wmbusmeters src/wmbus_rc1180.cc@3.0.0-33-g4dedd717 (register 5 rssi_mode=1: the RC1180 appends an RSSI byte to every telegram, which a reader that does not expect it takes as payload)"
_WMB_FIX = ("wmbus_key",)
DONGLE_SUFFIX = "; src/wmbus_cul.cc checkCULFrame (X21 mode: 1 byte LQI and 1 byte RSSI appended), src/wmbus_amb8465.cc (auto_rssi: RSSI byte before the checksum), src/wmbus_im871a.cc (RSSI attachment flag)@3.0.0-33-g4dedd717"
_WMBUS = (
    L("wmbusmeters", "3.0", "(wmbus) WARNING! decrypted payload crc failed check, did you use the correct decryption key?", "an ELL (AES-CTR) telegram's payload CRC covers every byte up to the end of the frame as the receiver handed it over, and CTR decrypts any length: a byte the receiver dongle appends (RSSI, LQI) breaks this CRC with the right key, where a CBC telegram's 2F2F check would still pass; a wrong key for this meter id breaks it too", "meter.wmbus_dongle_appends_rssi", WMBUSMETERS + " (parseELL: crc16_EN13757 over pos+2 to frame.end(); wmbus_utils.cc decrypt_ELL_AES_CTR decrypts to frame.end())" + RC1180_RSSI + DONGLE_SUFFIX, 0.8, fixes=("wmbus_dongle_suffix", "wmbus_key")),
    L("wmbusmeters", "3.0", "(wmbus) WARNING! telegram mac check failed, did you use the correct decryption key?", "the telegram's MAC does not verify with the configured key: the key is wrong for this meter", "meter.decryption_failed", WMBUSMETERS, 0.85, fixes=_WMB_FIX),
    L("wmbusmeters", "3.0", "(wmbus) WARNING!! decrypted content failed check, did you use the correct decryption key?", "the decrypted content does not start with the 2F 2F check bytes: the key is wrong for this meter", "meter.decryption_failed", WMBUSMETERS, 0.85, fixes=_WMB_FIX),
    L("wmbusmeters", "3.0", "(wmbus) WARNING!! DES mode 3 decryption failed, wrong key or date?", "the DES (security mode 3) telegram did not decrypt: a wrong key, or a wrong date in the IV", "meter.decryption_failed", WMBUSMETERS, 0.85, fixes=_WMB_FIX),
    L("wmbusmeters", "3.0", "(wmbus) WARNING! no key to decrypt payload!", "the meter sends encrypted telegrams and no key is configured for it", "meter.decryption_key_missing", WMBUSMETERS, 0.9, fixes=("wmbus_key_missing",)),
    L("wmbusmeters", "3.0", "(mbus) expected checksum 0x%02x but got 0x%02x, clearing buffer.", "a wired M-Bus frame's checksum is wrong (a changed or dropped byte: parity, noise, an echo)", "meter.bad_checksum", WMBUSMETERS, 0.85),
    L("wmbusmeters", "3.0", "(mbus) stop byte (0x%02x) at pos %d is not 0x16, clearing buffer.", "a wired M-Bus frame does not end where its length says: truncated or misframed", "meter.incomplete_frame", WMBUSMETERS, 0.8),
    L("wmbusmeters", "3.0", "(cul) dll T1 (frame a) crcs failed check! Ignoring telegram!", "the CUL stick handed over a T1 telegram whose block CRCs fail: reception errors, or the stick's output format (RSSI/LQI suffix) is not what is parsed", "meter.bad_checksum", WMBUSMETERS, 0.8),
    L("wmbusmeters", "3.0", "(cul) dll C1 (frame b) crcs failed check! Ignoring telegram!", "the CUL stick handed over a C1 telegram whose CRCs fail: reception errors, or the stick's output format", "meter.bad_checksum", WMBUSMETERS, 0.8),
    L("wmbusmeters", "3.0", "(im871a) warning: got wrong crc %04x expected %04x", "the iM871A dongle's frame to the host has a wrong CRC: a serial link problem between dongle and host", "meter.bad_checksum", WMBUSMETERS, 0.75),
    L("wmbusmeters", "3.0", "(meter) %s %s did not send a response!", "the polled (wired M-Bus) meter did not answer: wrong primary or secondary address, line settings, or the meter answers later than the timeout", "meter.no_reply", WMBUSMETERS, 0.85),
    L("wmbusmeters", "3.0", "(main) ignoring %s, it does not respond as any of the supported wmbus devices.", "the serial device is not a wireless M-Bus dongle wmbusmeters knows, or it does not answer at the rate it is probed with", "meter.no_reply", WMBUSMETERS, 0.75),
)

INVENTORY = Table("meter_tool_lines", _MBUS + _IEC + _DLMS + _DLMS_C + _DLMS_ADDR + _DAR + _MODBUS + _WMBUS, "What libmbus, lib60870, Gurux DLMS (Python and C) and wmbusmeters print when a meter session fails")
