"""explain on pasted meter frames: whatever frame the codecs build, explain decodes it; one
changed checksum byte is always flagged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import handshake_doctor as hd
from handshake_doctor.domains.meter import dlt645, iec104, mbus


def _hex(b: bytes) -> str:
    return " ".join(f"{x:02X}" for x in b)


def _codes(text: str) -> list[str]:
    return [f.code for f in hd.explain(text).findings]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([0x08, 0x18, 0x28, 0x53, 0x73]), st.integers(0, 250), st.binary(min_size=0, max_size=30), st.integers(1, 255))
def test_any_mbus_long_frame_is_decoded_and_a_bad_sum_flagged(c: int, a: int, data: bytes, delta: int) -> None:
    frame = mbus.long_frame(c, a, 0x72, data)
    d = hd.explain(_hex(frame))
    assert d.domains[0].name == "meter" and d.findings[0].code == "meter.mbus"
    bad = bytearray(frame)
    bad[-2] = (bad[-2] + delta) & 0xFF
    codes = _codes(_hex(bytes(bad)))
    assert codes[0] == "meter.bad_checksum" and "meter.mbus" in codes


@settings(max_examples=40, deadline=None)
@given(st.from_regex(r"[0-9]{12}", fullmatch=True), st.integers(0, 0xFFFFFFFF), st.integers(0, 4))
def test_any_dlt645_read_request_is_decoded(addr: str, di: int, pre: int) -> None:
    frame = dlt645.read_data_2007(dlt645.address_from_text(addr), di, preamble=pre)
    f = hd.explain(_hex(frame)).findings[0]
    assert f.code == "meter.dlt645" and addr in f.summary and "read data" in f.summary


def test_iec104_u_frames_and_truncated_frames() -> None:
    for name in ("STARTDT act", "STARTDT con", "TESTFR act", "STOPDT con"):
        f = hd.explain(_hex(iec104.u_frame(name))).findings[0]
        assert f.code == "meter.iec104" and name in f.summary
    assert _codes("68 03 03 68 08")[0] == "meter.incomplete_frame"
    assert "meter" in {s.name for s in hd.explain("E5").domains}


def test_mbus_frame_whose_data_starts_with_68_is_not_read_as_dlt645() -> None:
    frame = mbus.long_frame(0x08, 0x05, 0x72, bytes.fromhex("68 00 11 22 33"))
    assert frame[7] == 0x68  # where a DL/T 645 frame has its second start byte
    f = hd.explain(_hex(frame)).findings[0]
    assert f.code == "meter.mbus" and "checksum OK" in f.summary
