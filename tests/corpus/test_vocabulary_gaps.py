"""The codes added for the causes the third sweep found without a name (vocabulary gaps).

Each row is a line from a public thread whose cause the thread settled; the top finding must name
that cause with a fix a user can run. These rows were collected *for* the new codes, so they are
not a measure of generalisation (sweep3/*.tsv is); variants of each message family check that the
rows match the family, not the one pasted line.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

ROWS: list[tuple[str, str, str]] = [
    # smart cards: something between the reader and the application is in the way
    ("journalctl --unit=pcscd\npcscd[4908]: 00000000 ccid_usb.c:765:OpenUSBByName() Can't claim interface 3/8: LIBUSB_ERROR_BUSY",
     "smartcard.reader_claimed", "https://github.com/LudovicRousseau/pcsc-tools/issues/97"),
    ("00000217 ccid_usb.c:614:OpenUSBByName() Can't claim interface 3/5: LIBUSB_ERROR_BUSY\n"
     "00000176 ifdhandler.c:151:CreateChannelByNameOrChannel() failed\n00000004 readerfactory.c:335:RFAddReader() ACS ACR122U init failed.",
     "smartcard.reader_claimed", "https://github.com/LudovicRousseau/pcsc-tools/issues/4"),
    ("error\tlibnfc.driver.acr122_usb\tUnable to claim USB interface (Device or resource busy)\nnfc-list: ERROR: Unable to open NFC device: acr122_usb:003:003",
     "smartcard.reader_claimed", "https://github.com/nfc-tools/libnfc/issues/402"),
    ("[  265.811703] usb 1-6: usbfs: interface 0 claimed by pn533 while 'nfc-list' sets config #1",
     "smartcard.reader_claimed", "https://github.com/nfc-tools/libnfc/issues/405"),
    ("$ gpg --card-status\ngpg: selecting card failed: No such device\ngpg: OpenPGP card not available: No such device",
     "smartcard.scdaemon_conflict", "https://github.com/librekeys/picoforge/issues/47"),
    ("Using slot 0 with a present token (0x0)\nerror: PKCS11 function C_GetTokenInfo failed: rv = CKR_TOKEN_NOT_RECOGNIZED (0xe1)\nAborting.",
     "smartcard.token_unrecognized", "https://github.com/OpenSC/OpenSC/issues/2585"),
    ("ERROR: Expected 0 (CKR_OK) from C_GetTokenInfo, received rv = e1 (CKR_TOKEN_NOT_RECOGNIZED)",
     "smartcard.token_unrecognized", "https://github.com/OpenSC/OpenSC/issues/2018"),
    # meters
    ("4 [2018-01-16 16:05:54] SEND (005): 10 40 04 44 16\n[2018-01-16 16:05:54] RECV (001): FD\nCollision at address 4",
     "meter.collision", "https://github.com/rscada/libmbus/issues/131"),
    ("(wmbus) 017   : a3d2 payload crc (calculated d6b0 ERROR)\n(wmbus) 019 CE: 95B63ECB80DEDAA4718740D5713D0CF7BD failed decryption. Wrong key?\n"
     "(wmbus) telegram from 77605206 ignored by all configured meters!",
     "meter.decryption_failed", "https://github.com/wmbusmeters/wmbusmeters/issues/656"),
    ("023 : 738f decrypt check bytes (ERROR should be 2f2f) 025 CE: F4A3C4E736587462D5CB5A73891956 failed decryption. Wrong key?",
     "meter.decryption_failed", "https://github.com/wmbusmeters/wmbusmeters/issues/1327"),
    # the thread settled on the RC1180's appended RSSI byte (the key was right): the ELL payload CRC
    # covers every byte to the frame's end, so this warning names the receiver's suffix first
    ("(wmbus) WARNING! decrypted payload crc failed check, did you use the correct decryption key?",
     "meter.wmbus_dongle_appends_rssi", "https://github.com/wmbusmeters/wmbusmeters/issues/593"),
    # HTTP/2 resets (gap reported by the TLS/HTTP sweep)
    ("curl: (92) HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)", "http.h2_stream_reset", "https://github.com/curl/curl/issues/12172"),
    ("* http2 error: Invalid HTTP header field was received: frame type: 1, stream: 1, name: [x-akamai-session-info], value: [name=RUA_TAP_C]\n"
     "* HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)\ncurl: (92) HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)",
     "http.h2_stream_reset", "https://github.com/nghttp2/nghttp2/issues/1180"),
    ("curl_cffi.CurlError: Failed to perform, ErrCode: 92, Reason: 'HTTP/2 stream 0 was not closed cleanly: PROTOCOL_ERROR (err 1)'",
     "http.h2_stream_reset", "https://github.com/lexiforest/curl_cffi/issues/19"),
    ("$ curl -vvvS --fail-early -Lo go1.23.0.src.tar.gz --continue-at - https://go.dev/dl/go1.23.0.src.tar.gz\nHTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)",
     "http.h2_stream_reset", "https://github.com/curl/curl/issues/14620"),
    # databases
    ("Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection. Error_code: MY-002061",
     "database.mysql_caching_sha2_insecure", "https://github.com/bitnami/charts/issues/10328"),
    ("hdcu10prdbmv182 PROCESSLIST_NO_IS: DBI connect(';host=hdcu10prdbmv182;mysql_read_default_group=client','clouddba',...) failed: "
     "Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection. at /usr/local/bin/innotop line 7743.",
     "database.mysql_caching_sha2_insecure", "https://github.com/innotop/innotop/issues/201"),
]


@pytest.mark.parametrize("text,code,url", ROWS, ids=[f"{c}-{i}" for i, (_, c, _) in enumerate(ROWS)])
def test_gap_row_is_named_with_a_fix(text: str, code: str, url: str) -> None:
    d = hd.explain(text)
    top = d.findings[0]
    assert top.code == code, (url, [f.code for f in d.findings[:3]])
    assert d.domains[0].name == code.split(".")[0]
    assert top.fixes and all(f.summary for f in top.fixes), "a new code must come with a fix the user can act on"
    assert top.sources, "every finding cites where its knowledge comes from"


@pytest.mark.parametrize("text,code", [
    # the message family, not the pasted line: other readers, other numbers, other wrappers
    ("ccid_usb.c:812:OpenUSBByName() Can't claim interface 1/12: LIBUSB_ERROR_BUSY", "smartcard.reader_claimed"),
    ("error libnfc.driver.pn53x_usb Unable to set USB configuration (Device or resource busy)", "smartcard.reader_claimed"),
    ("gpg: selecting openpgp failed: No such device", "smartcard.scdaemon_conflict"),
    ("pkcs11-tool: C_OpenSession failed: CKR_TOKEN_NOT_RECOGNIZED", "smartcard.token_unrecognized"),
    ("error: PKCS11 function C_Login failed: rv = CKR_TOKEN_NOT_PRESENT (0xe0)", "smartcard.no_card"),
    ("java.sql.SQLNonTransientConnectionException: Public Key Retrieval is not allowed", "database.mysql_caching_sha2_insecure"),
    ("RuntimeError: 'cryptography' package is required for sha256_password or caching_sha2_password auth methods", "database.mysql_caching_sha2_insecure"),
    ("Collision at address 17", "meter.collision"),
    ('Get "https://api.example/v1": stream error: stream ID 7; INTERNAL_ERROR; received from peer', "http.h2_stream_reset"),
    ("okhttp3.internal.http2.StreamResetException: stream was reset: REFUSED_STREAM", "http.h2_stream_reset"),
    ("System.Net.Http.HttpRequestException: The HTTP/2 server reset the stream. HTTP/2 error code 'HTTP_1_1_REQUIRED' (0xd).", "http.h2_http11_required"),
    ("net::ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY", "http.h2_inadequate_security"),
    ("Error [ERR_HTTP2_STREAM_ERROR]: Stream closed with error code NGHTTP2_INADEQUATE_SECURITY", "http.h2_inadequate_security"),
])
def test_gap_families(text: str, code: str) -> None:
    assert hd.explain(text).findings[0].code == code


def test_collisions_everywhere_blame_the_line_not_shared_addresses() -> None:
    """rscada/libmbus#138: every address 'collides' (the converter answers junk), so suggesting
    that meters share addresses would send the user the wrong way."""
    scan = "Scanning primary addresses:\n" + "".join(
        f"{a} [2018-05-10 13:17:15] SEND (005): 10 40 {a:02X} {(0x40 + a) & 0xFF:02X} 16\n[2018-05-10 13:17:15] RECV (001): 00\nCollision at address {a}\n"
        for a in range(6))
    top = hd.explain(scan).findings[0]
    assert top.code == "meter.collision"
    assert top.data["addresses"] == [0, 1, 2, 3, 4, 5]
    assert "line" in top.summary and "share" not in top.summary.split(":")[1].replace("not meters sharing", "")
    assert "echo" in top.fixes[0].summary
    one = hd.explain("Collision at address 4").findings[0]
    assert one.data["addresses"] == [4]
    assert "share" in one.summary and "secondary" in one.fixes[0].summary


def test_scdaemon_fix_switches_gnupg_to_pcscd() -> None:
    top = hd.explain("gpg: selecting card failed: No such device").findings[0]
    assert any("disable-ccid" in (f.command or "") for f in top.fixes)


def test_kernel_nfc_driver_fix_blacklists_pn533() -> None:
    top = hd.explain("Can't claim interface 3/8: LIBUSB_ERROR_BUSY").findings[0]
    assert any("blacklist pn533_usb" in (f.command or "") for f in top.fixes)


def test_caching_sha2_fix_offers_tls_and_key_retrieval() -> None:
    top = hd.explain("Public Key Retrieval is not allowed").findings[0]
    text = " ".join([top.fixes[0].command or ""] + [s.code for s in top.fixes[0].snippets])
    assert "--ssl-mode=REQUIRED" in text and "--get-server-public-key" in text and "allowPublicKeyRetrieval=true" in text


@pytest.mark.parametrize("text,name,value", [
    ("curl: (92) HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)", "PROTOCOL_ERROR", 1),
    ('stream error: stream ID 3; INTERNAL_ERROR; received from peer', "INTERNAL_ERROR", 2),
    ("Error [ERR_HTTP2_STREAM_ERROR]: Stream closed with error code NGHTTP2_REFUSED_STREAM", "REFUSED_STREAM", 7),
    ("http2: server sent GOAWAY and closed the connection; LastStreamID=1, ErrCode=ENHANCE_YOUR_CALM, debug=\"\"", "ENHANCE_YOUR_CALM", 0xB),
])
def test_h2_reset_names_the_error_code(text: str, name: str, value: int) -> None:
    """The error code separates a refused header from an overloaded or throttling server."""
    top = hd.explain(text).findings[0]
    assert top.code == "http.h2_stream_reset"
    assert top.data["h2_error"] == name and top.data["h2_error_code"] == value
    assert name in top.detail
    assert "--http1.1" in top.fixes[0].command
