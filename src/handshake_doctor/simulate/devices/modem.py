"""``hsdoctor simulate modem``."""

from __future__ import annotations

import argparse

from ...domains.serial.sim_modem import Modem
from ..events import Codec
from ..runner import add_common, simple_module

DESCRIPTION = (
    "A Hayes AT modem at a fixed rate (default 115200 8N1): AT -> OK, ATE0/ATE1 echo, ATV0/ATV1, ATI "
    "and identity/signal queries; unknown commands -> ERROR; dialling, profile writes, SMS sending "
    "refused with ERROR."
)
MODES = ("echo-on", "echo-off")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=115200, framing="8N1")


def build(args: argparse.Namespace) -> Codec:
    return Modem(echo=args.mode == "echo-on")


run = simple_module(build)
