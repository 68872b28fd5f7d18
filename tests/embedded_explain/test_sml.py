"""SML (Smart Message Language) files: our codec against libsml itself (Debian's libsml1), and
explain's reading of an SML meter's bytes.

libsml is the reference implementation most SML readers use (vzlogger, volkszaehler): its
sml_crc16_calculate gives the CRC a meter sends, and its sml_transport_read decides where a file
ends. The files are built here per SML 1.04 §8 (any body; the transport does not parse it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import random

import pytest
from hsd_testing import require_peer

import handshake_doctor as hd
from handshake_doctor.domains.meter import sml

LIB = "/usr/lib/x86_64-linux-gnu/libsml.so.1"  # libsml1 (scripts/apt/serial.txt)


def _lib() -> ctypes.CDLL:
    require_peer(LIB)
    lib = ctypes.CDLL(LIB)
    lib.sml_crc16_calculate.restype = ctypes.c_uint16
    lib.sml_crc16_calculate.argtypes = [ctypes.c_char_p, ctypes.c_int]
    lib.sml_transport_read.restype = ctypes.c_size_t
    lib.sml_transport_read.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
    return lib


def _file(body: bytes, crc_of=None) -> bytes:  # type: ignore[no-untyped-def]
    data = sml.START + body
    pad = (-len(data)) % 4
    data += b"\x00" * pad + sml.END + bytes([pad])
    c = (crc_of or sml.crc16_x25)(data)
    return data + bytes([c & 0xFF, c >> 8])


def test_our_crc_is_libsml_s() -> None:
    lib = _lib()
    rnd = random.Random(7)
    for n in (0, 1, 9, 57, 300, 1000):
        data = bytes(rnd.randrange(256) for _ in range(n))
        theirs = lib.sml_crc16_calculate(data, len(data))
        ours = sml.crc16_x25(data)
        assert theirs == ((ours & 0xFF) << 8) | (ours >> 8), n  # libsml returns it byte-swapped, as it is sent


@pytest.mark.parametrize("n", [3, 40, 250])
def test_libsml_reads_the_file_we_find(n: int) -> None:
    """libsml's transport reads exactly the bytes our codec calls one file, and our CRC check agrees
    with the CRC libsml computes over them."""
    lib = _lib()
    body = bytes(random.Random(n).choice([0x00, 0x01, 0x62, 0x72, 0x76, 0x77, 0x1B]) for _ in range(n)).replace(b"\x1b\x1b\x1b\x1b", b"\x1b\x1b\x1b\x00")
    blob = b"\x00\x7f" + _file(body) + b"\x55"
    (found,) = sml.files(blob)
    assert found.complete and found.crc_ok and found.offset == 2
    r, w = os.pipe()
    try:
        os.write(w, blob)
        os.close(w)
        buf = ctypes.create_string_buffer(4096)
        got = lib.sml_transport_read(r, buf, 4096)
    finally:
        os.close(r)
    assert got == found.length
    assert buf.raw[:got] == blob[2:2 + found.length]
    assert lib.sml_crc16_calculate(buf.raw[:got - 2], got - 2) == int.from_bytes(buf.raw[got - 2:got], "big")


def test_explain_names_an_sml_meter_and_its_crc() -> None:
    good = _file(bytes.fromhex("760500000001620062007265000001017601010745535945513"[:48]))
    top = hd.explain(good.hex(" ")).findings[0]
    assert top.code == "meter.sml" and top.data["crc_ok"] is True
    bad = good[:-2] + bytes([good[-2] ^ 0xFF, good[-1]])
    codes = [f.code for f in hd.explain(bad.hex(" ")).findings]
    assert codes[0] == "meter.bad_checksum" and "meter.sml" in codes
    cut = good[:20]
    assert "meter.incomplete_frame" in [f.code for f in hd.explain(cut.hex(" ")).findings]


def test_escape_bytes_alone_are_not_sml() -> None:
    assert sml.files(b"\x1b\x1b\x1b\x1b\x1a\x00\x00\x00") == []
    assert all(f.code != "meter.sml" for f in hd.explain("1b 5b 33 31 6d").findings)  # an ANSI colour escape
