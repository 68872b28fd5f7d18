"""``hsdoctor simulate dlt645``."""

from __future__ import annotations

import argparse

from ..events import Codec
from ..meters import Dlt645Meter
from ..runner import add_common, simple_module

DESCRIPTION = (
    "A DL/T 645-2007 electricity meter at 2400 8E1: answers 'read address' (C=13, wildcard AA..AA) "
    "and 'read data' (C=11) for total energy 00010000 and phase A voltage 02010100, with FE wake-up "
    "bytes and data +0x33; every writing function gets an error reply."
)
MODES = ("meter",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=2400, framing="8E1")
    parser.add_argument("--address", type=_address, default="000012345678", help="meter number as printed (up to 12 digits)")


def _address(text: str) -> str:
    digits = text.strip()
    if not 1 <= len(digits) <= 12 or not digits.isdigit():
        raise argparse.ArgumentTypeError("a DL/T 645 meter number is 1-12 decimal digits")
    return digits.rjust(12, "0")


def build(args: argparse.Namespace) -> Codec:
    return Dlt645Meter(address=args.address)


run = simple_module(build)
