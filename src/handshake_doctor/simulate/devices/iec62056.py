"""``hsdoctor simulate iec62056``."""

from __future__ import annotations

import argparse

from ..events import Codec
from ..meters import Iec62056Meter
from ..runner import add_common, simple_module

DESCRIPTION = (
    "An electricity meter's optical D0 port (IEC 62056-21 mode C) at 300 7E1: silent until the "
    "sign-on request /?! CR LF, then /HSD5MT174 v1.0 (manufacturer HSD, offers 9600 baud); an "
    "acknowledgement for data readout switches rate and sends the OBIS readout; programming mode "
    "is refused."
)
MODES = ("meter",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=300, framing="7E1")
    parser.add_argument("--manufacturer", type=_maker, default="HSD", help="three-letter manufacturer ID (default HSD)")
    parser.add_argument("--offer", choices=[c for c, _m, _b, _s in _chars()], default="5",
                        help="baud rate character of the identification (mode C 0-6, mode B A-F; default 5 = 9600)")


def _chars():  # type: ignore[no-untyped-def]
    from ...domains.meter.iec62056_21 import BAUD_CHARS

    return BAUD_CHARS


def _maker(text: str) -> str:
    if len(text) != 3 or not text.isalpha():
        raise argparse.ArgumentTypeError("a manufacturer ID is three letters")
    return text


def build(args: argparse.Namespace) -> Codec:
    return Iec62056Meter(manufacturer=args.manufacturer, baud_char=args.offer)


run = simple_module(build)
