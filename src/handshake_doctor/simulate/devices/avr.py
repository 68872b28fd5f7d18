"""``hsdoctor simulate avr``."""

from __future__ import annotations

import argparse

from ...domains.bootloaders.avr.protocol import SIGNATURES, Optiboot
from ...domains.serial.sim_chatter import Talker
from ..events import Codec
from ..runner import add_common, simple_module

DESCRIPTION = (
    "Arduino Uno bootloader (Optiboot, STK500v1) at a fixed 115200 8N1: answers sync, parameters, "
    "signature and reads; refuses page writes, fuse/lock programming and erase. --mode sketch: the "
    "sketch runs instead and prints 'hello from sketch'. Try: avrdude -c arduino -p m328p -P PTY -b 115200"
)
MODES = ("bootloader", "sketch")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=115200, framing="8N1")
    parser.add_argument("--part", choices=sorted(SIGNATURES), default="m328p", help="signature to report (default m328p)")
    parser.add_argument("--period", type=float, default=0.05, help="seconds between sketch lines (default 0.05)")


def build(args: argparse.Namespace) -> Codec:
    if args.mode == "sketch":
        return Talker(b"hello from sketch\r\n", period=max(args.period, 0.001), name="avr-sketch")
    return Optiboot(signature=SIGNATURES[args.part])


run = simple_module(build)
