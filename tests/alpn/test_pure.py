"""The pure parts: the --alpn parser, the ALPN judge and the HTTP/2 preface reader (bytes in, a
reading out; hostile bytes never raise)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.tls import alpn
from handshake_doctor.domains.tls.h2_preface import CLIENT_MAGIC, client_preface, enough, frame, read_reply


def test_parse_offer() -> None:
    assert alpn.parse_offer("h2,http/1.1") == ("h2", "http/1.1")
    assert alpn.parse_offer(" h2 , h2 ") == ("h2",)
    assert alpn.parse_offer("none") == () and alpn.parse_offer("") == ()
    assert alpn.parse_offer(["grpc-exp", "h2"]) == ("grpc-exp", "h2")
    for bad in ("h2,", "h 2", "é", "a" * 256):
        with pytest.raises(ValueError):
            alpn.parse_offer(bad)


def _codes(**kw: object) -> list[str]:
    return [v.code for v in alpn.judge(alpn.AlpnFacts(**kw))]  # type: ignore[arg-type]


def test_the_judge_by_case() -> None:
    assert _codes(offered=("h2", "http/1.1"), selected="h2") == []
    assert _codes(offered=("h2", "http/1.1"), selected="http/1.1") == []
    assert _codes(offered=(), selected=None) == []
    assert _codes(offered=("h2", "http/1.1"), selected=None) == ["tls.alpn_not_selected"]
    assert _codes(offered=("h2",), selected=None) == ["tls.alpn_required_not_selected"]
    assert _codes(offered=("h2",), selected=None, refused=True, server_accepts=("http/1.1",)) == ["tls.no_common_alpn"]
    assert _codes(offered=("h2", "http/1.1"), selected="spdy/3") == ["tls.alpn_unoffered_selected"]
    assert _codes(offered=(), selected="h2") == ["tls.alpn_unoffered_selected"]
    [v] = alpn.judge(alpn.AlpnFacts(("h2",), None, refused=True, server_accepts=("http/1.1", "http/1.0")))
    assert v.severity == "error" and v.data["server_accepts"] == ["http/1.1", "http/1.0"] and v.fix_first == ""
    [v] = alpn.judge(alpn.AlpnFacts(("http/1.1",), None, refused=True, server_accepts=("h2",)))
    assert v.fix_first == "client"
    [v] = alpn.judge(alpn.AlpnFacts(("http/1.1",), None, refused=True, seen_by="capture"))
    assert "not known from a capture" in v.summary


def test_the_h2_reply_reader() -> None:
    assert client_preface().startswith(CLIENT_MAGIC) and client_preface()[-9:] == frame(4, 0, 0)
    settings_frame = frame(4, 0, 0, bytes.fromhex("0003 00000080 0004 00010000".replace(" ", "")))
    r = read_reply(settings_frame)
    assert r.kind == "settings" and r.settings == {"MAX_CONCURRENT_STREAMS": 128, "INITIAL_WINDOW_SIZE": 65536}
    assert enough(settings_frame) and not enough(settings_frame[:12])
    goaway = frame(7, 0, 0, (0).to_bytes(4, "big") + (1).to_bytes(4, "big") + b"bad preface")
    r = read_reply(goaway)
    assert r.kind == "goaway" and r.goaway_error == "PROTOCOL_ERROR" and "bad preface" in r.goaway_debug
    assert read_reply(b"HTTP/1.1 400 Bad Request\r\n\r\n").kind == "http1"
    assert read_reply(b"").kind == "empty"
    assert read_reply(frame(0, 0, 1, b"x")).kind == "other"
    assert [v.code for v in alpn.judge_h2("goaway", "GOAWAY PROTOCOL_ERROR", "PROTOCOL_ERROR")] == ["tls.h2_not_spoken"]
    assert alpn.judge_h2("settings", "SETTINGS") == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_hostile_bytes_never_raise(data: bytes) -> None:
    r = read_reply(data)
    assert r.kind in ("settings", "goaway", "http1", "other", "empty")
    enough(data)


def test_an_absurd_frame_length_is_not_waited_for() -> None:
    assert enough(b"\xff\xff\xff\x04\x00\x00\x00\x00\x00")
