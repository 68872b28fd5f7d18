"""TLS negotiated inside other protocols, read from captures built byte by byte with the
protocols' real messages: MySQL's HandshakeV10 greeting (CLIENT_SSL or not) and SSLRequest,
PostgreSQL's SSLRequest answered 'S', SMTP EHLO / STARTTLS (RFC 3207), IMAP CAPABILITY /
STARTTLS (RFC 9051), POP3 CAPA / STLS (RFC 2595). (PostgreSQL 'N' followed by plaintext is
tested on Suricata's real capture in test_shared_captures.py.)"""

from __future__ import annotations

import struct

from handshake_doctor.domains.tls import codec

from .frames import FIN, PSH, Conv, pcap
from .test_readers import HANDSHAKE_FAILURE, judged

HELLO = codec.build_client_hello("db.example.test", versions=(0x0303,), random=b"\x02" * 32)


def mysql_greeting(ssl: bool) -> bytes:
    caps = 0xFFFF if ssl else 0xFFFF & ~0x0800  # CLIENT_SSL = 0x0800
    body = b"\x0a" + b"10.11.6-MariaDB\x00" + struct.pack("<I", 7) + b"abcdefgh" + b"\x00" + struct.pack("<H", caps) + b"\x2d" + b"\x02\x00" + b"\xff\x81" + b"\x15" + b"\x00" * 10 + b"ijklmnopqrst\x00" + b"mysql_native_password\x00"
    return len(body).to_bytes(3, "little") + b"\x00" + body


def run(steps: list[tuple[bool, bytes]], port: int, close_by_client: bool = True) -> dict:  # type: ignore[type-arg]
    c = Conv(sport=port).open()
    for frm_client, data in steps:
        c.send(frm_client, PSH, data)
    c.send(close_by_client, FIN)
    c.send(not close_by_client, FIN)
    (item,) = judged(pcap(c.frames))[0]
    return item


def test_mysql_without_ssl_and_a_client_that_requires_it() -> None:
    item = run([(False, mysql_greeting(False))], 3306)
    assert item["findings"][0]["code"] == "database.mysql_server_no_ssl"
    assert "CLIENT_SSL NOT set" in item["findings"][0]["evidence"][0]["note"]


def test_mysql_ssl_request_then_tls_is_judged() -> None:
    ssl_request = (32).to_bytes(3, "little") + b"\x01" + struct.pack("<I", 0x0800 | 0x0200 | 0x8000) + struct.pack("<I", 1 << 24) + b"\x21" + b"\x00" * 23
    item = run([(False, mysql_greeting(True)), (True, ssl_request), (True, HELLO), (False, HANDSHAKE_FAILURE)], 3306)
    assert item["findings"][0]["code"] == "tls.handshake_failed" and item["exchange"]["tls"]["sni"] == "db.example.test"


def test_mysql_plaintext_login_although_ssl_is_offered() -> None:
    login = (60).to_bytes(3, "little") + b"\x01" + struct.pack("<I", 0x0200 | 0x8000) + b"\x00" * 56
    item = run([(False, mysql_greeting(True)), (True, login)], 3306)
    assert item["findings"][0]["code"] == "database.plaintext_session" and "although the server offers it" in item["findings"][0]["summary"]


def test_postgres_s_then_tls() -> None:
    item = run([(True, bytes.fromhex("0000000804d2162f")), (False, b"S"), (True, HELLO), (False, HANDSHAKE_FAILURE)], 5432)
    codes = [f["code"] for f in item["findings"]]
    assert codes[0] == "tls.handshake_failed" and "database.pg_ssl_accepted" in codes


def test_smtp_without_starttls_and_a_client_that_quits() -> None:
    item = run([(False, b"220 mx.example.test ESMTP\r\n"), (True, b"EHLO client\r\n"), (False, b"250-mx.example.test\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n"),
                (True, b"QUIT\r\n"), (False, b"221 Bye\r\n")], 25)
    top = item["findings"][0]
    assert top["code"] == "tls.starttls_not_offered" and top["severity"] == "error" and top["data"]["protocol"] == "smtp"


def test_smtp_plaintext_although_offered() -> None:
    item = run([(False, b"220 mx.example.test ESMTP\r\n"), (True, b"EHLO client\r\n"), (False, b"250-mx.example.test\r\n250 STARTTLS\r\n"),
                (True, b"MAIL FROM:<a@example.test>\r\n"), (False, b"250 OK\r\n")], 25)
    assert item["findings"][0]["code"] == "tls.starttls_not_used"


def test_imap_starttls_refused_and_pop3_stls_upgrade() -> None:
    item = run([(False, b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"), (True, b"a1 STARTTLS\r\n"), (False, b"a1 BAD TLS not available\r\n")], 143)
    assert item["findings"][0]["code"] == "tls.starttls_refused"
    item = run([(False, b"+OK POP3 ready\r\n"), (True, b"CAPA\r\n"), (False, b"+OK\r\nSTLS\r\n.\r\n"), (True, b"STLS\r\n"), (False, b"+OK Begin TLS\r\n"),
                (True, HELLO), (False, HANDSHAKE_FAILURE)], 110)
    codes = [f["code"] for f in item["findings"]]
    assert codes[0] == "tls.handshake_failed" and "tls.starttls_upgraded" in codes


def test_plaintext_peers_are_named() -> None:
    item = run([(True, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), (False, b"<!DOCTYPE html><html><body>hi</body></html>")], 8000)
    assert item["findings"][0]["code"] == "net.service_identified" and item["exit_code"] == 0
    item = run([(False, b"SSH-2.0-OpenSSH_9.2p1\r\n")], 22)
    assert item["findings"][0]["code"] == "net.service_identified" and item["findings"][0]["data"]["service"] == "ssh"


def _err(seq: int, number: int, state: str, message: str) -> bytes:
    body = b"\xff" + struct.pack("<H", number) + b"#" + state.encode() + message.encode()
    return len(body).to_bytes(3, "little") + bytes([seq]) + body


def test_mysql_server_errors_after_a_plaintext_login() -> None:
    """The server's ERR_Packet after the login names the cause: MySQL's 3159 is TLS required for
    certain; 1045 from a server that offers TLS is TLS required or wrong credentials (MariaDB's
    require_secure_transport answers so, as the real capture in test_db_capture_lab.py shows); an
    error outside the table leaves the plaintext finding alone."""
    login = (60).to_bytes(3, "little") + b"\x01" + struct.pack("<I", 0x0200 | 0x8000) + b"\x00" * 56
    msg = "Connections using insecure transport are prohibited while --require_secure_transport=ON."
    item = run([(False, mysql_greeting(True)), (True, login), (False, _err(2, 3159, "HY000", msg))], 3306, close_by_client=False)
    top = item["findings"][0]
    assert top["code"] == "database.mysql_secure_transport_required" and top["data"]["error"] == 3159 and msg[:40] in top["evidence"][-1]["value"]
    denied = _err(2, 1045, "28000", "Access denied for user 'app'@'10.0.0.5' (using password: YES)")
    item = run([(False, mysql_greeting(True)), (True, login), (False, denied)], 3306, close_by_client=False)
    assert [f["code"] for f in item["findings"]][:2] == ["database.mysql_login_denied_without_tls", "database.plaintext_session"]
    item = run([(False, mysql_greeting(False)), (True, login), (False, denied)], 3306, close_by_client=False)
    assert item["findings"][0]["code"] == "database.mysql_access_denied"
    item = run([(False, mysql_greeting(False)), (True, login), (False, _err(2, 1049, "42000", "Unknown database 'x'"))], 3306, close_by_client=False)
    assert [f["code"] for f in item["findings"]] == ["database.plaintext_session"]
