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

INVENTORY = Table("meter_tool_lines", _MBUS + _IEC + _DLMS, "What libmbus, lib60870 and Gurux DLMS print when a meter session fails")
