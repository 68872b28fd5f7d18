"""The device codecs are sans-I/O (the serial probe will import them): no I/O module, no clock,
no argparse; and every registered simulator module has the shape the CLI dispatches to."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from handshake_doctor.registry import simulators

SRC = Path(__file__).resolve().parents[2] / "src" / "handshake_doctor"
PURE = [
    *sorted(SRC.glob("domains/bootloaders/*/protocol.py")),
    *sorted(SRC.glob("domains/serial/sim_*.py")),
    SRC / "simulate" / "events.py",
    SRC / "device.py",  # the codec vocabulary, in the core
    *sorted(SRC.glob("domains/**/*handshake.py")),  # the devices' requests and judges
    SRC / "simulate" / "physics.py",
    SRC / "simulate" / "meters.py",
]
IO = {"socket", "ssl", "serial", "termios", "fcntl", "pty", "tty", "os", "select", "selectors", "subprocess",
      "threading", "asyncio", "time", "signal", "argparse", "json", "rich"}


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(SRC)))
def test_codec_module_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module.split(".")[0]]
        assert not set(names) & IO, f"{path.name} imports {set(names) & IO}"


def test_every_announced_simulator_is_registered() -> None:
    assert set(simulators()) == {"stm32", "esp32", "avr", "mtk", "modem", "gps", "chatter", "mbus", "dlt645", "iec62056"}


@pytest.mark.parametrize("name", sorted(simulators()))
def test_simulator_module_shape(name: str) -> None:
    import argparse

    spec, module_name = simulators()[name]
    module = importlib.import_module(module_name)
    assert isinstance(module.DESCRIPTION, str) and module.DESCRIPTION
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    args = parser.parse_args([])
    codec = module.build(args)
    assert codec.default_baud > 0 and codec.framing[0] in "5678"
    assert callable(module.run)
