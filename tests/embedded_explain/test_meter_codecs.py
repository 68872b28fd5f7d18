"""Meter codecs: fed whole, byte by byte, with trailing bytes, and with any bytes (no crash)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.meter import dlt645, iec104, mbus
from handshake_doctor.domains.meter.framing import Problem, sum8

MBUS_RSP = bytes.fromhex("68 03 03 68 08 01 72 7B 16")
# A CI 72 long frame: ID 12345678, manufacturer 'KAM' (0x2C2D), version 1, medium water (07).
_BODY = bytes.fromhex("08 05 72 78 56 34 12 2D 2C 01 07 15 00 00 00 0C 13 27 04 00 00")
MBUS_LONG = bytes((0x68, len(_BODY), len(_BODY), 0x68)) + _BODY + bytes((sum8(_BODY), 0x16))
DLT_READ_ADDR = bytes.fromhex("68 AA AA AA AA AA AA 68 13 00 DF 16")

CODECS = [
    (mbus, MBUS_RSP),
    (mbus, MBUS_LONG),
    (mbus, mbus.snd_nke(0xFE)),
    (mbus, b"\xE5"),
    (dlt645, DLT_READ_ADDR),
    (dlt645, b"\xFE\xFE\xFE\xFE" + DLT_READ_ADDR),
    (dlt645, dlt645.read_data_2007(dlt645.address_from_text("123456789012"), 0x00010000)),
    (iec104, iec104.u_frame("STARTDT act")),
    (iec104, bytes.fromhex("68 0E 00 00 00 00 64 01 06 00 01 00 00 00 00 14")),
]


@pytest.mark.parametrize(("codec", "frame"), CODECS)
def test_whole_frame_parses_and_uses_all_bytes(codec, frame: bytes) -> None:  # type: ignore[no-untyped-def]
    res = codec.parse(frame)
    assert not isinstance(res, Problem), res
    assert res.length == len(frame)
    assert getattr(res, "checksum_ok", True)


@pytest.mark.parametrize(("codec", "frame"), CODECS)
def test_every_proper_prefix_is_incomplete_never_a_frame(codec, frame: bytes) -> None:  # type: ignore[no-untyped-def]
    for n in range(1 if frame[0] != 0xE5 else 2, len(frame)):
        res = codec.parse(frame[:n])
        assert isinstance(res, Problem), (n, res)
        assert res.incomplete and res.need >= 1, (n, res)


@pytest.mark.parametrize(("codec", "frame"), CODECS)
def test_trailing_bytes_are_left_alone(codec, frame: bytes) -> None:  # type: ignore[no-untyped-def]
    res = codec.parse(frame + b"\x68\x00\x16garbage")
    assert not isinstance(res, Problem)
    assert res.length == len(frame)


@pytest.mark.parametrize(("codec", "frame"), CODECS)
def test_decoder_fed_byte_by_byte_yields_the_frame_once(codec, frame: bytes) -> None:  # type: ignore[no-untyped-def]
    dec = codec.decoder()
    out = []
    for b in frame:
        out += dec.feed(bytes([b]))
    frames = [x for x in out if not isinstance(x, Problem)]
    assert len(frames) == 1 and frames[0].length == len(frame)
    assert dec.pending == b""


def test_mbus_fields_and_wrong_checksum_is_flagged_not_hidden() -> None:
    f = mbus.parse(MBUS_RSP)
    assert (f.kind, f.c, f.a, f.ci) == ("control", 0x08, 0x01, 0x72)
    assert "RSP_UD" in f.c_name
    bad = mbus.parse(MBUS_RSP[:7] + b"\x7C\x16")
    assert not isinstance(bad, Problem) and not bad.checksum_ok
    assert bad.expected_checksum == 0x7B and bad.checksum == 0x7C
    assert "WRONG" in bad.describe()


def test_mbus_builders_and_rsp_ud_header() -> None:
    assert mbus.snd_nke(1) == bytes.fromhex("10 40 01 41 16")
    assert mbus.req_ud2(0xFE) == bytes.fromhex("10 5B FE 59 16")
    assert mbus.req_ud2(0xFE, fcb=True)[1] == 0x7B
    long = mbus.parse(MBUS_LONG)
    hdr = mbus.decode_rsp_ud(long)
    assert not isinstance(hdr, Problem)
    assert hdr.ident == "12345678" and hdr.manufacturer == "KAM" and hdr.medium_name == "water"
    assert isinstance(mbus.decode_rsp_ud(mbus.parse(MBUS_RSP)), Problem)  # CI 72 without its header


def test_mbus_structural_problems() -> None:
    assert mbus.parse(bytes.fromhex("68 03 04 68")).reason == "bad_length"
    assert mbus.parse(bytes.fromhex("68 03 03 69 08 01 72 7B 16")).reason == "bad_start"
    assert mbus.parse(b"\x41").reason == "bad_start"
    assert mbus.parse(b"").reason == "empty"


def test_dlt645_read_address_request_is_the_documented_bytes() -> None:
    assert dlt645.read_address() == DLT_READ_ADDR
    f = dlt645.parse(b"\xFE" * 4 + DLT_READ_ADDR)
    assert f.preamble == 4 and f.length == 16 and f.function == 0x13 and not f.is_reply
    assert f.address == dlt645.WILDCARD_ADDRESS and f.edition == "2007"


def test_dlt645_address_bcd_lsb_first_and_data_offset() -> None:
    addr = dlt645.address_from_text("123456789012")
    assert addr == bytes.fromhex("12 90 78 56 34 12")
    frame = dlt645.read_data_2007(addr, 0x00010000, preamble=0)
    assert frame[10:14] == bytes.fromhex("33 33 34 33")  # DI0..DI3 each + 0x33
    f = dlt645.parse(frame)
    assert f.address_text == "123456789012" and f.data == bytes.fromhex("00 00 01 00")


def test_dlt645_error_reply_bit6_and_1997_code() -> None:
    addr = dlt645.address_from_text("1")
    err = dlt645.parse(dlt645.frame(addr, 0xD1, b"\x02"))
    assert err.is_reply and err.is_error and err.errors == ["no requested data"]
    assert dlt645.parse(dlt645.read_data_1997(addr, 0x9010)).edition == "1997"
    bad = bytearray(dlt645.read_address())
    bad[-2] ^= 0xFF
    assert not dlt645.parse(bytes(bad)).checksum_ok
    assert dlt645.parse(bytes.fromhex("68 AA AA AA AA AA AA 69 13 00 DF 16")).reason == "bad_start"


def test_iec104_formats() -> None:
    for name, code in iec104.U_FUNCTIONS.items():
        f = iec104.parse(bytes((0x68, 4, name, 0, 0, 0)))
        assert f.fmt == "U" and f.u_function == code
    s = iec104.parse(iec104.s_frame(300))
    assert s.fmt == "S" and s.recv_seq == 300
    i = iec104.parse(bytes.fromhex("68 0E 02 00 04 00 64 01 06 00 01 00 00 00 00 14"))
    assert i.fmt == "I" and i.send_seq == 1 and i.recv_seq == 2 and i.type_id == 100 and i.cause == 6
    assert iec104.parse(bytes.fromhex("68 03 07 00 00")).reason == "bad_length"
    assert iec104.parse(bytes.fromhex("68 04 0F 00 00 00")).reason == "bad_control"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_parsers_never_raise_on_any_bytes(data: bytes) -> None:
    for codec in (mbus, dlt645, iec104):
        res = codec.parse(data)
        assert isinstance(res, Problem) or 1 <= res.length <= len(data)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=20))
def test_decoders_never_raise_and_stay_bounded(chunks: list[bytes]) -> None:
    for codec in (mbus, dlt645, iec104):
        dec = codec.decoder()
        for c in chunks:
            dec.feed(c)
        assert len(dec.pending) <= dec.MAX_BUFFER


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=30), st.integers(0, 255), st.integers(0, 255), st.binary(max_size=40))
def test_frames_survive_noise_before_them_and_any_chunking(noise: bytes, c: int, a: int, data: bytes) -> None:
    frame = mbus.long_frame(c, a, 0x72, data)
    dec = mbus.decoder()
    out = []
    stream = noise.replace(b"\x68", b"\x00").replace(b"\x10", b"\x00").replace(b"\xe5", b"\x00") + frame
    for i in range(0, len(stream), 3):
        out += dec.feed(stream[i : i + 3])
    frames = [x for x in out if not isinstance(x, Problem)]
    assert frames and frames[-1].data == data and frames[-1].checksum_ok
