"""Finding codes of the `meter` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("meter.mbus", "An M-Bus (EN 13757) meter answers", "explain,probe"),
    CodeDef("meter.dlt645", "A DL/T 645 meter answers", "explain,probe"),
    CodeDef("meter.iec62056_21", "An IEC 62056-21 meter (optical D0 port, mode A/B/C) answers the sign-on request", "explain,probe"),
    CodeDef("meter.iec104", "An IEC 60870-5-104 APDU (telecontrol over TCP 2404)", "explain,probe"),
    CodeDef("meter.frame_start", "The byte opens a meter / telecontrol frame (M-Bus, DL/T 645, IEC 104): read the whole frame", "explain"),
    CodeDef("meter.bad_checksum", "A meter frame whose checksum does not match its bytes", "explain,probe"),
    CodeDef("meter.incomplete_frame", "The bytes are the beginning of a meter frame that stops early", "explain,probe"),
    CodeDef("meter.dlt645_error", "A DL/T 645 meter answered with an error reply (control bit 6)", "explain,probe"),
    CodeDef("meter.no_reply", "No valid answer from the meter", "explain,probe"),
    # added after the third real-error sweep
    CodeDef("meter.collision", "The answer to a request for one primary address was not one clean M-Bus ACK: two meters share the address, or the line garbles answers (echo, noise, wrong settings)", "explain"),
    CodeDef("meter.decryption_failed", "An encrypted (wireless) M-Bus telegram did not decrypt to a valid plaintext: the AES key is wrong for this meter", "explain"),
    # added with the tools' inventory (issue 12)
    CodeDef("meter.mbus_secondary_not_found", "No M-Bus meter answered the selected secondary address (id, manufacturer, version, medium)", "explain"),
    CodeDef("meter.iec104_sequence_error", "The IEC 104 peer's send/receive sequence numbers do not fit: frames were lost or a side restarted, so the connection is closed", "explain"),
    CodeDef("meter.iec104_tls_failed", "The IEC 60870-5-104 TLS (IEC 62351-3) set-up failed: certificates or keys", "explain"),
    CodeDef("meter.dlms_auth_failed", "The DLMS/COSEM meter refused the association: wrong password (LLS) or keys (HLS), or authentication needed for this client", "explain"),
    CodeDef("meter.dlms_rejected", "The DLMS/COSEM meter rejected the association request (application context, authentication mechanism, client address)", "explain"),
    CodeDef("meter.dlms_access_denied", "The DLMS/COSEM meter denied access to the object (access rights of the association, or no such object)", "explain"),
    # GuruxDLMS.c's error codes (tool_messages.py)
    CodeDef("meter.dlms_hdlc_address_mismatch", "The HDLC addresses of the DLMS client and the meter do not fit: the reply's addresses are not the ones set (client and server swapped, wrong server address or address size)", "explain", "0.2.0"),
    CodeDef("meter.dlms_invocation_counter", "The meter refused a ciphered DLMS request's invocation (frame) counter: it is not above the last one the meter saw", "explain", "0.2.0"),
    CodeDef("meter.decryption_key_missing", "The meter sends encrypted (wireless) M-Bus telegrams and no key is configured for it", "explain", "0.2.0"),
    CodeDef("meter.sml", "An SML (Smart Message Language) meter speaks: files framed by 1B1B1B1B 01010101 ... 1B1B1B1B 1A, pushed unrequested on the optical port", "explain", "0.2.0"),
    # receivers, rate switches and answer windows (issue 12: wmbusmeters, pwitab/iec62056-21, libmbus sources)
    CodeDef("meter.wmbus_dongle_appends_rssi", "The wireless M-Bus receiver appends bytes of its own (RSSI, LQI, a CRC) to each telegram and the reader takes them as payload: an ELL (AES-CTR) payload CRC fails although the key is right", "explain", "0.2.0"),
    CodeDef("meter.iec62056_baud_switch_not_followed", "IEC 62056-21 mode C: after the acknowledgement ACK 0 Z Y both sides must change to the rate of Z; the readout never came at the new rate (the meter, the optical head or the host did not follow the switch)", "explain", "0.2.0"),
    CodeDef("meter.reply_timeout_too_short", "The meter (or the master / level converter) answers later than the tool waits for an answer: the tool reports no meter though a longer answer window finds it", "explain", "0.2.0"),
)
