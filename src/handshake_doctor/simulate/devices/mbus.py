"""``hsdoctor simulate mbus``."""

from __future__ import annotations

import argparse

from ..events import Codec
from ..meters import MBusSlave
from ..runner import add_common, simple_module

DESCRIPTION = (
    "A wired M-Bus slave (EN 13757-2/-3) at 2400 8E1: SND_NKE -> E5, REQ_UD2 -> RSP_UD long frame "
    "(68 L L 68 08 A 72 ... CS 16) with a water meter header; SND_UD writes get no E5."
)
MODES = ("slave",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=2400, framing="8E1")
    parser.add_argument("--address", type=_address, default=1, help="primary address 0-250 (default 1)")
    parser.add_argument("--ident", type=int, default=12345678, help="identification number, 8 digits")


def _address(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 250:
        raise argparse.ArgumentTypeError("a primary address is 0-250")
    return value


def build(args: argparse.Namespace) -> Codec:
    return MBusSlave(address=args.address, ident=args.ident)


run = simple_module(build)
