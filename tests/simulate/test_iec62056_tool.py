"""The IEC 62056-21 meter simulator judged by a real client: the ``iec62056-21`` library (PyPI),
which opens the pty at 300 7E1, signs on, acknowledges for data readout, re-opens the port at
the offered rate and checks the block check character of the readout."""

from __future__ import annotations

import json

from hsd_testing import require_module


def _client(port: str):  # type: ignore[no-untyped-def]
    lib = require_module("iec62056_21.client")
    client = lib.Iec6205621Client.with_serial_transport(port=port)
    client.transport.timeout = 6  # bounded: the library's default is 30 s per read
    client.connect()
    return client


def test_standard_readout_by_a_real_client(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("iec62056") as s:
        client = _client(s.path)
        try:
            readout = client.standard_readout()
        finally:
            client.disconnect()
        names = s.names()
        log = s.log()
    assert client.manufacturer_id == "HSD" and client.switchover_baudrate_char == "5"
    values = {d.address: (d.value, d.unit) for d in readout.data}
    assert values["1.8.0"] == ("001234.56", "kWh") and values["0.0.0"] == ("12345678", None), values
    assert names == ["SIGN_ON", "ACK data readout"], names
    assert "client 300 7E1" in log and "device now 9600 7E1" in log  # the client really used 7E1 and switched


def test_programming_mode_is_refused_and_recorded(sim) -> None:  # type: ignore[no-untyped-def]
    with sim("iec62056") as s:
        client = _client(s.path)
        client.transport.timeout = 2
        try:
            client.access_programming_mode()
            answered = True
        except TimeoutError:
            answered = False
        finally:
            client.disconnect()
        records = s.records()
    assert not answered
    prog = [r for r in records if r["name"] == "ACK programming mode"]
    assert prog and prog[0]["verdict"] == "refused" and prog[0]["changes_device"] is True, json.dumps(records)
