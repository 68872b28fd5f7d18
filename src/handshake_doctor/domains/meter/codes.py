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
)
