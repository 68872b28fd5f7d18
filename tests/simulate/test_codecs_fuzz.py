"""Every device codec survives any input, in any chunking, and answers the same whatever the
chunking (bytes on a serial line arrive in arbitrary pieces)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.domains.bootloaders.avr.protocol import Optiboot
from handshake_doctor.domains.bootloaders.esp import protocol as esp
from handshake_doctor.domains.bootloaders.mtk.protocol import MtkBoot
from handshake_doctor.domains.bootloaders.stm32.protocol import Stm32Bootloader
from handshake_doctor.domains.serial.sim_gps import Gps, verify
from handshake_doctor.domains.serial.sim_modem import Modem
from handshake_doctor.simulate.events import Codec, Output
from handshake_doctor.simulate.meters import Dlt645Meter, Iec62056Meter, MBusSlave

FACTORIES: dict[str, Callable[[], Codec]] = {
    "stm32": Stm32Bootloader,
    "avr": Optiboot,
    "esp32": esp.EspRomLoader,
    "esp8266": lambda: esp.EspRomLoader(chip="esp8266"),
    "mtk": MtkBoot,
    "mtk-echo": lambda: MtkBoot(echo=True),
    "modem": Modem,
    "gps": Gps,
    "mbus": MBusSlave,
    "dlt645": Dlt645Meter,
    "iec62056": Iec62056Meter,
}
#: prefixes that take each codec into its command phase, so fuzzing reaches deep states
PRIMERS = {"stm32": b"\x7f", "mtk": bytes([0xA0, 0x0A, 0x50, 0x05]), "esp32": esp.sync_request(),
           "esp8266": esp.sync_request()}


def _feed(codec: Codec, chunks: list[bytes]) -> tuple[bytes, list[tuple[str, bytes, str]]]:
    reply = bytearray()
    cmds = []
    for c in chunks:
        out = codec.receive(c)
        assert isinstance(out, Output)
        reply += out.reply
        cmds += [(x.name, x.raw, x.verdict) for x in out.commands]
        for x in out.commands:
            assert not (x.changes_device and x.verdict != "refused"), x  # never carried out
    return bytes(reply), cmds


@pytest.mark.parametrize("name", sorted(FACTORIES))
@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), cuts=st.lists(st.integers(0, 300), max_size=8))
def test_any_input_any_chunking(name: str, data: bytes, cuts: list[int]) -> None:
    data = PRIMERS.get(name, b"") + data
    whole_reply, whole_cmds = _feed(FACTORIES[name](), [data])
    points = sorted({min(c, len(data)) for c in cuts} | {0, len(data)})
    chunks = [data[a:b] for a, b in zip(points, points[1:])]
    reply, cmds = _feed(FACTORIES[name](), chunks)
    assert reply == whole_reply
    # noise (ESP bytes outside SLIP frames, meter bytes skipped while hunting a start) is reported
    # per chunk; every real command is the same whatever the chunking
    assert [c for c in cmds if c[2] != "ignored"] == [c for c in whole_cmds if c[2] != "ignored"]
    if name in ("stm32", "avr", "mtk", "mtk-echo", "modem"):
        assert cmds == whole_cmds
    assert len(reply) <= 64 * (len(data) + 1) + 1024  # bounded answer


@given(st.binary(max_size=200))
def test_slip_round_trip(packet: bytes) -> None:
    framed = esp.slip_encode(packet)
    got, noise = esp.SlipDecoder().feed(framed)
    assert noise == b""
    assert got == ([packet] if packet else [])


@given(st.binary(max_size=200))
def test_slip_decoder_any_input(data: bytes) -> None:
    packets, noise = esp.SlipDecoder().feed(data)
    assert sum(map(len, packets)) + len(noise) <= len(data)


def test_host_encoders_refuse_unsafe_requests() -> None:
    from handshake_doctor.domains.bootloaders.avr import protocol as avr
    from handshake_doctor.domains.bootloaders.mtk import protocol as mtk
    from handshake_doctor.domains.bootloaders.stm32 import protocol as stm32

    for bad in (lambda: stm32.request(stm32.WRITE_MEMORY), lambda: avr.request(avr.PROG_PAGE, 0, 0, 0),
                lambda: esp.request(0x02), lambda: mtk.request(mtk.WRITE32)):
        with pytest.raises(ValueError):
            bad()
    assert stm32.request(stm32.GET_ID) == b"\x02\xfd"
    assert avr.request(avr.READ_SIGN) == b"\x75\x20"
    assert stm32.address_block(0x08000000) == b"\x08\x00\x00\x00\x08"


def test_stm32_conversation_bytes() -> None:
    d = Stm32Bootloader(pid=0x410)
    assert d.receive(b"\x7f").reply == b"\x79"
    assert d.receive(b"\x00\xff").reply == bytes.fromhex("79 0b 31 00 01 02 11 21 31 43 63 73 82 92 79")
    assert d.receive(b"\x02").reply == b""  # half a command: nothing yet
    assert d.receive(b"\xfd").reply == bytes.fromhex("79 01 04 10 79")
    assert d.receive(b"\x7f").reply == b""  # a second sync is the start of a bad command ...
    assert d.receive(b"\x7f").reply == b"\x1f"  # ... answered NACK (stm32flash's "not closed properly")


def test_esp_sync_has_non_zero_val() -> None:
    d = esp.EspRomLoader()
    out = d.receive(esp.sync_request())
    packets, _ = esp.SlipDecoder().feed(out.reply)
    assert len(packets) == 8
    assert all(esp.parse_response(p)[1] == esp.SYNC_VAL != 0 for p in packets)  # type: ignore[index]
    packets, _ = esp.SlipDecoder().feed(d.receive(esp.read_reg_request(0x40001000)).reply)
    assert esp.parse_response(packets[0])[1] == 0x00F01D83  # type: ignore[index]


def test_gps_sentences_verify_and_corruption_is_caught() -> None:
    out = Gps().tick(0.0).reply
    lines = out.split(b"\r\n")[:-1]
    assert len(lines) == 2 and all(verify(x) for x in lines)
    assert lines[0].startswith(b"$GPGGA,123519,")
    bad = bytearray(lines[0])
    bad[10] ^= 0x01
    assert not verify(bytes(bad))
