"""The meter domain's one fixes table: reusable fixes by key, and which keys each finding code
may carry (CODE_FIXES: explain, the tool-message rows and any probe look fixes up here)."""

from __future__ import annotations

from ...model import Fix, Snippet

FIXES: dict[str, Fix] = {
    "mbus_8e1": Fix(
        "Talk to the meter at its line settings: M-Bus and DL/T 645 are usually 2400 baud, 8 data bits, EVEN parity, 1 stop bit.",
        "host",
        "",
        (Snippet("pyserial", "import serial  # M-Bus / DL/T 645 default line\ns = serial.Serial('/dev/ttyUSB0', 2400, bytesize=serial.EIGHTBITS,\n                  parity=serial.PARITY_EVEN, stopbits=serial.STOPBITS_ONE, timeout=1)\ns.write(bytes.fromhex('10 40 FE 3E 16'))  # SND_NKE to address FE -> expect b'\\xe5'\nprint(s.read(1))"),),
    ),
    "iec62056_signon": Fix(
        "An optical (D0) meter port starts at 300 baud, 7 data bits, EVEN parity: open the port so and send the sign-on '/?!' CR LF; the meter answers with its identification, then offers a faster rate.",
        "host",
        "",
        (Snippet("pyserial", "import serial  # IEC 62056-21 mode C start\ns = serial.Serial('/dev/ttyUSB0', 300, bytesize=7, parity='E', stopbits=1, timeout=2)\ns.write(b'/?!\\r\\n')\nprint(s.readline())  # e.g. b'/ISk5MT174-0001\\r\\n'"),),
    ),
    "mbus_scan": Fix("Find the meter's primary address (or use FE for a single meter on the bus).", "host", "mbus-serial-scan -b 2400 /dev/ttyUSB0"),
    "read_frame": Fix("Read the whole frame, not one byte: the bytes after 0x68 tell M-Bus (68 L L 68), DL/T 645 (68 + 6 address bytes + 68) and IEC 104 (68 L + 4 control octets) apart, and the checksum proves it.", "user", "python3 -m serial.tools.miniterm --raw --encoding hexlify /dev/ttyUSB0 2400 --parity E"),
    "checksum": Fix("The checksum is wrong: look for a dropped or changed byte (wrong parity setting, noise, a half-duplex RS-485 echo) and re-read.", "user"),
    "dlt645_read_address": Fix("Ask any DL/T 645-2007 meter for its address (wildcard AA..AA).", "host", "", (Snippet("pyserial", "import serial\ns = serial.Serial('/dev/ttyUSB0', 2400, parity=serial.PARITY_EVEN, timeout=1)\ns.write(bytes.fromhex('FE FE FE FE 68 AA AA AA AA AA AA 68 13 00 DF 16'))\nprint(s.read(64).hex(' '))"),)),
    "mbus_collision": Fix(
        "Collisions at one or two addresses: several meters share that primary address. Find them by secondary address (unique per meter), then give each its own primary address.",
        "host",
        "mbus-serial-scan-secondary -b 2400 /dev/ttyUSB0",
    ),
    "mbus_line": Fix(
        "Collisions at (almost) every address: nothing on the bus answers cleanly. Look at the raw bytes: your own request coming back means an echoing level converter; random bytes mean wrong baud/parity, noise, or a bus supply too weak for the number of meters.",
        "host",
        "mbus-serial-scan -d -b 2400 /dev/ttyUSB0 2>&1 | head -40",
    ),
    "wmbus_key": Fix(
        "Check the AES key: it is per meter (ask the utility or the meter's supplier for this meter's id), 32 hex digits, without spaces; test one telegram with it before configuring it.",
        "user",
        "wmbusmeters --analyze=00112233445566778899AABBCCDDEEFF auto:t1",
    ),
    "wmbus_key_missing": Fix("Configure the meter's AES key (per meter id, 32 hex digits, from the utility or the meter's supplier); without it the telegrams cannot be read.", "user",
                              "wmbusmetersd config: key=00112233445566778899AABBCCDDEEFF   # or on the command line: wmbusmeters auto:t1 NAME DRIVER ID KEY"),
    "wmbus_dongle_suffix": Fix("If the key is confirmed right, make the receiver hand over the telegram alone: dongles append bytes of their own (the RC1180 an RSSI byte when register 5 rssi_mode=1, a CUL stick in X21 mode LQI and RSSI, the Amber and iM871A an RSSI byte when configured); switch that suffix off on the module, or use a reader version whose driver strips it for this dongle.", "host",
                                "wmbusmeters --debug /dev/ttyUSB0:rc1180 2>&1 | grep -m8 -e '(ELL)' -e rssi   # the dongle's config (rssi_mode) and the bytes the ELL decryption covers"),
    "reply_timeout": Fix("Give the meter longer to answer before giving up: M-Bus slaves may answer up to 330 bit times plus 50 ms after the request (EN 13757-2), and gateways and repeaters add their own delay; a scan that skips addresses too quickly misses slow meters.", "host"),
    "mbus_scan_window": Fix("Scan again with retries and the meter's rate, then with a tool whose answer window is longer: mbus-serial-scan pings each address once (no retry unless -r) and waits three reads of 0.2-0.3 s at 2400-9600 baud (1.3 s each at 300) before it moves on, so a meter or an echoing/buffering master slower than that never shows.", "host",
                             "mbus-serial-scan -d -b 2400 -r 3 /dev/ttyUSB0   # -d shows whether bytes come back late; jMBus: --timeout 2000"),
    "iec62056_stay_300": Fix("Stay at the start rate: acknowledge with the baud character 0 (ACK 0 0 0 CR LF = data readout at 300 baud) instead of the rate the meter proposed; then check the optical head and the USB adapter switch rates cleanly (some heads or meters do not follow the proposal) before using the faster rate.", "host", "",
                              (Snippet("pyserial", "import serial, time  # IEC 62056-21 mode C readout without the rate change\ns = serial.Serial('/dev/ttyUSB0', 300, bytesize=7, parity='E', stopbits=1, timeout=5)\ns.write(b'/?!\\r\\n'); print(s.readline())\ntime.sleep(0.3); s.write(b'\\x06000\\r\\n')   # ACK 0 Z=0 (stay at 300) Y=0 (readout)\nprint(s.read_until(b'\\x03') + s.read(1))"),)),
    "sml_port": Fix("Read an SML meter at 9600 baud 8N1 (some at 300 7E1 or 2400): open the port and only listen, the meter pushes a file every second or few; align the IR head on the meter's optical interface (many meters need a PIN to show more than the total reading).", "host",
                     "python3 -c \"import serial; s=serial.Serial('/dev/ttyUSB0', 9600, timeout=3); print(s.read(512).hex(' '))\""),
    "mbus_secondary": Fix("Scan the secondary addresses to see which meters are on the bus, then select with the exact 16-digit address (id, manufacturer, version, medium; F = wildcard).", "host", "mbus-serial-scan-secondary -b 2400 /dev/ttyUSB0"),
    "iec104_sequence": Fix("Restart the connection (STARTDT again) and check both sides use the same k/w parameters; lost frames point to the link (a firewall, NAT timeouts, a congested radio link).", "host"),
    "iec104_tls": Fix("Check the IEC 62351-3 certificates and keys on both sides: the CA each side trusts, the certificates' validity, and the allowed TLS versions.", "host"),
    "dlms_auth": Fix("Use the client address and authentication level the meter expects (public client 0x10 has no authentication; management client 0x01 with LLS password or HLS keys) and the meter's own password or keys.", "user", "python3 main.py -S /dev/ttyUSB0 -c 1 -s 145 -a Low -P PASSWORD   # Gurux.DLMS.Python client example"),
    "dlms_context": Fix("Match the meter's association settings: logical name vs short name referencing, ciphering (security suite, system title, block cipher and authentication keys), and the authentication mechanism.", "user"),
    "dlms_hdlc_addresses": Fix("Set the HDLC addresses as the meter expects: the client address is one byte (0x10 public, 0x01 management...); the server address is the meter's logical (upper) and physical (lower) address in 1, 2 or 4 bytes; do not swap them. In a reply the destination is the client, the source the meter.", "user",
                                "python3 main.py -S /dev/ttyUSB0 -c 16 -s 1   # Gurux.DLMS.Python: -c client address, -s server (logical) address; -l logical, -n physical"),
    "dlms_invocation_counter": Fix("Read the meter's invocation counter for this client (e.g. OBIS 0-0:43.1.x, a Data object) over the public client first, and send with counter + 1; keep it per meter and never reuse a value.", "user",
                                    "python3 main.py -S /dev/ttyUSB0 -c 16 -v 0.0.43.1.1.255   # Gurux.DLMS.Python: read the frame counter"),
    "iec104_startdt": Fix("An IEC 104 station sends nothing until the client sends STARTDT act (68 04 07 00 00 00); expect STARTDT con (68 04 0B 00 00 00).", "host"),
}

#: The fixes each meter finding code may carry (keys of FIXES); the contract test holds every
#: meter finding to it, whoever built the finding.
CODE_FIXES: dict[str, tuple[str, ...]] = {
    "meter.mbus": ("mbus_8e1", "mbus_scan"),
    "meter.dlt645": ("mbus_8e1", "dlt645_read_address"),
    "meter.iec62056_21": ("iec62056_signon",),
    "meter.iec104": ("iec104_startdt",),
    "meter.frame_start": ("read_frame", "mbus_8e1", "iec104_startdt"),
    "meter.bad_checksum": ("checksum", "mbus_8e1"),
    "meter.incomplete_frame": ("read_frame", "mbus_8e1"),
    "meter.dlt645_error": ("dlt645_read_address", "mbus_8e1"),
    "meter.no_reply": ("mbus_8e1", "mbus_scan", "iec104_startdt", "iec62056_signon", "dlt645_read_address", "read_frame", "reply_timeout"),
    "meter.collision": ("mbus_collision", "mbus_line", "mbus_8e1"),
    "meter.decryption_failed": ("wmbus_key", "wmbus_dongle_suffix"),
    "meter.decryption_key_missing": ("wmbus_key_missing",),
    "meter.sml": ("sml_port",),
    "meter.wmbus_dongle_appends_rssi": ("wmbus_dongle_suffix", "wmbus_key"),
    "meter.iec62056_baud_switch_not_followed": ("iec62056_stay_300", "iec62056_signon"),
    "meter.reply_timeout_too_short": ("mbus_scan_window", "reply_timeout", "mbus_8e1"),
    "meter.mbus_secondary_not_found": ("mbus_secondary", "mbus_8e1"),
    "meter.iec104_sequence_error": ("iec104_sequence",),
    "meter.iec104_tls_failed": ("iec104_tls",),
    "meter.dlms_auth_failed": ("dlms_auth",),
    "meter.dlms_rejected": ("dlms_context", "dlms_auth"),
    "meter.dlms_access_denied": ("dlms_auth",),
    "meter.dlms_hdlc_address_mismatch": ("dlms_hdlc_addresses",),
    "meter.dlms_invocation_counter": ("dlms_invocation_counter",),
}


def fixes_for(code: str, keys: tuple[str, ...] = ()) -> list[Fix]:
    """The fixes ``keys`` names (they must be the code's), else all the code may carry, in table order."""
    allowed = CODE_FIXES.get(code, ())
    return [FIXES[k] for k in (keys or allowed) if k in allowed]
