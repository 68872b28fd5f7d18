"""The MTK BROM/preloader simulator on a pty, driven by a small pyserial host written here
(mtkclient is GPL and writes the watchdog register, so it is not a read-only peer)."""

from __future__ import annotations

import serial

from handshake_doctor.domains.bootloaders.mtk import protocol as mtk


def _handshake(port: serial.Serial) -> list[int]:
    """Send the start bytes one at a time, as mtkclient's serial path does; the replies."""
    got = []
    for b in mtk.start_bytes():
        port.write(bytes([b]))
        r = port.read(1)
        got.append(r[0] if r else -1)
    return got


def _cmd(port: serial.Serial, op: int, n: int) -> bytes:
    port.write(bytes([op]))
    return port.read(n)


def test_brom_handshake_and_identity(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("mtk", "--hw-code", "0x0717", "--sla", "--daa") as s:
        with serial.Serial(s.path, 115200, timeout=1.0) as port:
            assert _handshake(port) == list(mtk.START_REPLY)
            assert _cmd(port, mtk.GET_HW_CODE, 5) == bytes([0xFD, 0x07, 0x17, 0x00, 0x00])
            cfg = _cmd(port, mtk.GET_TARGET_CONFIG, 7)
            assert cfg[0] == 0xD8
            assert mtk.parse_target_config(cfg[1:]) == {"sbc": False, "sla": True, "daa": True}
            assert _cmd(port, mtk.GET_BL_VER, 1) == b"\xfe"  # BROM answers FE itself
        names = s.names()
    assert names[:4] == ["start byte 1/4", "start byte 2/4", "start byte 3/4", "start byte 4/4 (connected)"]
    assert "GET_HW_CODE" in names and "GET_TARGET_CONFIG" in names


def test_preloader_reports_its_version(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("mtk", "--mode", "preloader") as s:
        with serial.Serial(s.path, 115200, timeout=1.0) as port:
            assert _handshake(port) == list(mtk.START_REPLY)
            assert _cmd(port, mtk.GET_BL_VER, 1) == b"\x01"


def test_echo_mode_gives_mtkclients_echo_mismatch(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("mtk", "--mode", "echo") as s:
        with serial.Serial(s.path, 115200, timeout=1.0) as port:
            got = _handshake(port)
    assert got[0] == 160  # "Echo mismatch: got array('B', [160]), expected 5f"
    assert got == list(mtk.START)


def test_write32_is_refused_and_recorded(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("mtk") as s:
        with serial.Serial(s.path, 115200, timeout=1.0) as port:
            _handshake(port)
            assert _cmd(port, mtk.WRITE32, 1) == bytes([mtk.WRITE32])
            port.write((0x10007000).to_bytes(4, "big"))
            assert port.read(4) == (0x10007000).to_bytes(4, "big")
            port.write((1).to_bytes(4, "big"))
            echo_and_status = port.read(6)
        recs = s.records()
    assert echo_and_status[:4] == (1).to_bytes(4, "big")
    status = int.from_bytes(echo_and_status[4:], "big")
    assert status > 0xFF  # failure for mtkclient (> 0xFF) and for bypass_utility (!= 0)
    bad = [r for r in recs if r["changes_device"]]
    assert [r["name"] for r in bad] == ["WRITE32"] and bad[0]["verdict"] == "refused"


def test_brom_at_wrong_rate_gives_no_complement(sim) -> None:  # type: ignore[no-untyped-def]
    from handshake_doctor.simulate.physics import MODELLED

    if not MODELLED:
        import pytest

        pytest.skip("line model (domains/serial/line.py) not in the tree yet")
    with sim("mtk") as s:
        with serial.Serial(s.path, 921600, timeout=0.3) as port:
            got = _handshake(port)
    assert got != list(mtk.START_REPLY)
