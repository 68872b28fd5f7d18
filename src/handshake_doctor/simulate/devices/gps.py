"""``hsdoctor simulate gps``."""

from __future__ import annotations

import argparse

from ...domains.serial.sim_gps import Gps
from ..events import Codec
from ..runner import add_common, simple_module

DESCRIPTION = (
    "An NMEA 0183 GPS receiver at a fixed rate (default 4800 8N1; 9600 with --baud 9600) sending "
    "GGA and RMC with valid checksums every --period seconds. Read it at another rate to see "
    "what a baud mismatch looks like."
)
MODES = ("nmea",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=4800, framing="8N1")
    parser.add_argument("--period", type=float, default=1.0, help="seconds between fixes (default 1)")


def build(args: argparse.Namespace) -> Codec:
    return Gps(period=max(args.period, 0.01))


run = simple_module(build)
