"""The pure TLS codec: whole, byte by byte, with trailing bytes, and fuzzed (no crash on any input)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.tls import codec, wire


def _record(ctype: int, payload: bytes, version: int = 0x0303) -> bytes:
    return bytes([ctype]) + version.to_bytes(2, "big") + len(payload).to_bytes(2, "big") + payload


def _server_hello(version_ext: int | None = 0x0304, suite: int = 0x1302, random: bytes = b"\x11" * 32) -> bytes:
    exts = b""
    if version_ext is not None:
        exts += b"\x00\x2b\x00\x02" + version_ext.to_bytes(2, "big")
    exts += b"\x00\x33\x00\x24\x00\x1d\x00\x20" + b"\x22" * 32
    body = b"\x03\x03" + random + b"\x20" + b"\x33" * 32 + suite.to_bytes(2, "big") + b"\x00" + len(exts).to_bytes(2, "big") + exts
    return _record(22, b"\x02" + len(body).to_bytes(3, "big") + body)


# ------------------------------------------------------------------ parse_records

def test_parse_records_whole_and_trailing() -> None:
    data = _record(22, b"\x02abc") + _record(21, b"\x02\x28") + b"\x17\x03"
    records, rest, problem = codec.parse_records(data)
    assert [r.content_type for r in records] == [22, 21]
    assert records[1].payload == b"\x02\x28"
    assert rest == b"\x17\x03" and problem is None


def test_parse_records_byte_by_byte_gives_the_same_records() -> None:
    data = _record(22, b"\x02" + bytes(range(40))) + _record(20, b"\x01") + _record(23, b"x" * 300)
    whole, _, _ = codec.parse_records(data)
    got: list[codec.Record] = []
    buf = b""
    for i in range(len(data)):
        buf += data[i : i + 1]
        recs, buf, problem = codec.parse_records(buf)
        assert problem is None
        got.extend(recs)
    assert got == whole and len(got) == 3 and buf == b""


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"HTTP/1.1 400 Bad Request\r\n", "not tls"),
        (b"\x16\x48\x54", "not tls"),
        (b"\x16\x03\x03\xff\xff", "length too long"),
        (b"\x16\x03\x03\x48\x01", "length too long"),
        (b"\x16\x03\x03\x48\x00", None),  # 18432 exactly is allowed: incomplete, not a problem
    ],
)
def test_parse_records_problems(data: bytes, problem: str | None) -> None:
    assert codec.parse_records(data)[2] == problem


def test_parse_records_keeps_records_before_the_problem() -> None:
    records, rest, problem = codec.parse_records(_record(22, b"\x02") + b"SSH-2.0-x")
    assert len(records) == 1 and rest == b"SSH-2.0-x" and problem == "not tls"


def test_parse_records_max_records() -> None:
    data = _record(23, b"a") * 5
    records, rest, problem = codec.parse_records(data, max_records=2)
    assert len(records) == 2 and len(rest) == 18 and problem is None


# ------------------------------------------------------------------ alerts

@pytest.mark.parametrize("row", list(wire.ALERTS), ids=lambda r: r.name)
def test_parse_alert_every_registry_value(row: wire.AlertRow) -> None:
    a = codec.parse_alert(bytes([2, row.value]))
    assert a is not None and a.name == row.name and a.description == row.value and a.fatal
    fb = codec.classify_first_bytes(_record(21, bytes([2, row.value]), 0x0301))
    assert fb.kind == "tls_alert" and fb.alert == a and fb.version == 0x0301 and fb.service is None


def test_parse_alert_rejects_non_alerts() -> None:
    assert codec.parse_alert(b"") is None
    assert codec.parse_alert(b"\x02") is None
    assert codec.parse_alert(b"\x03\x28") is None
    assert codec.parse_alert(b"\x02\x28\x00") is None  # encrypted/longer payloads are not decoded
    w = codec.parse_alert(b"\x01\x00")
    assert w is not None and not w.fatal and w.name == "close_notify"
    assert codec.parse_alert(b"\x02\xc8") == codec.Alert(2, 200, "unassigned(200)", True)


# ------------------------------------------------------------------ first bytes

@pytest.mark.parametrize(
    "data, kind, service",
    [
        (b"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n", "http", "http"),
        (b"H", "http", "http"),
        (b"HTTP", "http", "http"),
        (b"<!DOCTYPE HTML>\n<html lang=\"en\">", "html", "http"),
        (b"\n<html><head><title>400 The plain HTTP request was sent to HTTPS port</title>", "html", "http"),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "http", "http"),
        (b"CONNECT example.org:443 HTTP/1.1\r\n", "http", "http"),
        (b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", "ssh", "ssh"),
        (b"220 mail.example.org ESMTP Postfix\r\n", "smtp", "smtp"),
        (b"220 (vsFTPd 3.0.3)\r\n", "ftp", "ftp"),
        (b"220-FileZilla Server 1.7\r\n", "ftp", "ftp"),
        (b"+OK Dovecot ready.\r\n", "pop3", "pop3"),
        (b"* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n", "imap", "imap"),
        (b"-ERR unknown command '\x16\x03\x01', with args beginning with: \r\n", "redis", "unknown"),
        (b"E\x00\x00\x00\x54SFATAL\x00VFATAL\x00C0A000\x00Munsupported frontend protocol 5635.1\x00\x00", "postgres", "postgres"),
        (b"\x4a\x00\x00\x00\x0a8.0.36\x00\x08\x00\x00\x00", "mysql", "mysql"),
        (b"", "empty", "unknown"),
        (b"hello there\r\n", "text", "unknown"),
        (b"\x00\x01\x02\xfe\x10\x99", "binary", "unknown"),
        (b"\x16\x03\x03\x00\x5a\x02\x00\x00\x56", "tls_handshake", None),
        (b"\x16", "tls_handshake", None),
        (b"\x17\x03\x03\x00\x10", "tls_other", None),
        (b"\x80\x2e\x01\x03\x01", "sslv2", None),
    ],
)
def test_classify_first_bytes(data: bytes, kind: str, service: str | None) -> None:
    fb = codec.classify_first_bytes(data)
    assert (fb.kind, fb.service) == (kind, service), fb
    assert fb.detail


def test_classify_handshake_type_and_version() -> None:
    fb = codec.classify_first_bytes(_server_hello())
    assert fb.handshake_type == 2 and fb.version == 0x0303 and "server_hello" in fb.detail


def test_classify_oversize_tls_looking_header_is_not_tls() -> None:
    # 0x16 0x03 followed by an impossible length is treated as not-a-record
    assert codec.classify_first_bytes(b"\x16\x03\x03\xff\xff").kind != "tls_handshake"


def test_nginx_plaintext_alert_is_decoded() -> None:
    fb = codec.classify_first_bytes(bytes.fromhex("150301000202 46".replace(" ", "")))
    assert fb.alert is not None and fb.alert.description == 70 and fb.alert.name == "protocol_version"


# ------------------------------------------------------------------ server hello

def test_server_hello_info_tls13_uses_supported_versions() -> None:
    info = codec.server_hello_info(_server_hello())
    assert info is not None
    assert info["version"] == 0x0304 and info["legacy_version"] == 0x0303 and info["version_name"] == "TLS 1.3"
    assert info["cipher_suite"] == 0x1302 and info["cipher_suite_name"] == "TLS_AES_256_GCM_SHA384"
    assert info["key_share_group_name"] == "x25519" and not info["hello_retry_request"]


def test_server_hello_info_tls12_and_hrr() -> None:
    info = codec.server_hello_info(_server_hello(version_ext=None, suite=0xC02F))
    assert info is not None and info["version"] == 0x0303 and info["extensions"] == [51]
    hrr = codec.server_hello_info(_server_hello(random=codec.HRR_RANDOM))
    assert hrr is not None and hrr["hello_retry_request"]


def test_server_hello_info_split_across_records_and_byte_by_byte() -> None:
    whole = _server_hello()
    inner = whole[5:]
    split = _record(22, inner[:20]) + _record(22, inner[20:])
    assert codec.server_hello_info(split) == {**codec.server_hello_info(whole), "record_version": 0x0303}  # type: ignore[dict-item]
    for i in range(len(whole)):
        assert codec.server_hello_info(whole[:i]) is None
    assert codec.server_hello_info(whole + b"\x14\x03\x03\x00\x01\x01") is not None


def test_server_hello_info_rejects_other_things() -> None:
    assert codec.server_hello_info(b"") is None
    assert codec.server_hello_info(_record(21, b"\x02\x28")) is None
    assert codec.server_hello_info(b"HTTP/1.1 200 OK\r\n") is None
    assert codec.server_hello_info(codec.build_client_hello("x.example")) is None


# ------------------------------------------------------------------ client hello

def test_build_client_hello_round_trip() -> None:
    ch = codec.build_client_hello("example.org", alpn=("h2", "http/1.1"))
    records, rest, problem = codec.parse_records(ch)
    assert len(records) == 1 and rest == b"" and problem is None
    assert ch[:3] == b"\x16\x03\x01"
    info = codec.client_hello_info(ch)
    assert info is not None
    assert info["server_name"] == "example.org"
    assert info["supported_versions"] == [0x0304, 0x0303]
    assert info["legacy_version"] == 0x0303
    assert {0, 10, 13, 16, 43, 51} <= set(info["extensions"])
    fb = codec.classify_first_bytes(ch)
    assert fb.kind == "tls_handshake" and fb.handshake_type == 1


@pytest.mark.parametrize("name", ["127.0.0.1", "::1", "", None, "10.1.2.3"])
def test_build_client_hello_no_sni_for_ip_literals(name: str | None) -> None:
    info = codec.client_hello_info(codec.build_client_hello(name))
    assert info is not None and info["server_name"] is None and 0 not in info["extensions"]


def test_build_client_hello_tls12_only_has_no_tls13_parts() -> None:
    info = codec.client_hello_info(codec.build_client_hello("a.example", versions=(0x0303,)))
    assert info is not None and info["legacy_version"] == 0x0303
    assert 43 not in info["extensions"] and 51 not in info["extensions"]
    assert not any(0x1301 <= s <= 0x1305 for s in info["cipher_suites"])
    old = codec.client_hello_info(codec.build_client_hello("a.example", versions=(0x0301,)))
    assert old is not None and old["legacy_version"] == 0x0301 and 0xC02F not in old["cipher_suites"]


def test_build_client_hello_idna_and_randomness() -> None:
    info = codec.client_hello_info(codec.build_client_hello("bücher.example"))
    assert info is not None and info["server_name"] == "xn--bcher-kva.example"
    assert codec.build_client_hello("a.example") != codec.build_client_hello("a.example")
    with pytest.raises(ValueError):
        codec.build_client_hello("a", versions=())


# ------------------------------------------------------------------ fuzz

@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_fuzz_never_crashes(data: bytes) -> None:
    records, rest, problem = codec.parse_records(data)
    assert problem in (None, "not tls", "length too long")
    assert sum(5 + len(r.payload) for r in records) + len(rest) == len(data)
    fb = codec.classify_first_bytes(data)
    assert fb.kind in {"tls_handshake", "tls_alert", "tls_other", "sslv2", "http", "html", "ssh", "smtp", "ftp", "pop3", "imap", "postgres", "mysql", "redis", "empty", "text", "binary"}
    codec.server_hello_info(data)
    codec.client_hello_info(data)
    for r in records:
        codec.parse_alert(r.payload)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([20, 21, 22, 23]), st.binary(max_size=300), st.binary(max_size=40))
def test_fuzz_tls_shaped_prefix(ctype: int, payload: bytes, tail: bytes) -> None:
    data = _record(ctype, payload) + tail
    records, _rest, _problem = codec.parse_records(data)
    assert records[0].payload == payload
    codec.server_hello_info(data)
    assert codec.classify_first_bytes(data).kind.startswith("tls_")


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=0, max_size=200))
def test_fuzz_server_hello_body(body: bytes) -> None:
    data = _record(22, b"\x02" + len(body).to_bytes(3, "big") + body)
    info = codec.server_hello_info(data)
    assert info is None or isinstance(info["version"], int)


def test_random_noise_is_not_read_as_ssl2() -> None:
    """One random reply in a hundred had the high bit and an SSL 2.0 message type: checking the
    header's fixed fields keeps noise 'binary' (the flood peer of the probe lab drew one)."""
    import random

    rng = random.Random(2)
    kinds = {codec.classify_first_bytes(bytes([rng.randrange(0x80, 0x100)]) + rng.randbytes(255)).kind for _ in range(3000)}
    assert "sslv2" not in kinds, kinds
    assert codec.classify_first_bytes(b"\x80\x03\x00\x00\x01").kind == "sslv2"  # ERROR: no-cipher
    assert codec.classify_first_bytes(b"\x83\x5c\x04\x00\x01\x00\x02").kind == "sslv2"  # SERVER-HELLO
    assert codec.classify_first_bytes(b"\x80\x2e\x01\x07\x01").kind != "sslv2"  # version 7.1 is no SSL
