"""``hsdoctor simulate mtk``."""

from __future__ import annotations

import argparse

from ...domains.bootloaders.mtk.protocol import DAA, SBC, SLA, MtkBoot
from ..events import Codec
from ..runner import add_common, simple_module

DESCRIPTION = (
    "MediaTek BROM (or preloader) on a UART at a fixed 115200 8N1: answers the start sequence "
    "A0 0A 50 05 with 5F F5 AF FA one byte at a time, then echoes commands and answers GET_HW_CODE, "
    "GET_HW_SW_VER, GET_TARGET_CONFIG, GET_BL_VER, GET_VERSION, READ32; refuses WRITE32, SEND_DA, "
    "JUMP_DA. --mode preloader answers GET_BL_VER with its version; --mode echo echoes the start bytes "
    "(a device left mid-session)."
)
MODES = ("brom", "preloader", "echo")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=115200, framing="8N1")
    parser.add_argument("--hw-code", type=lambda s: int(s, 0), default=0x0766, help="GET_HW_CODE answer (default 0x0766, MT6765)")
    parser.add_argument("--sbc", action="store_true", help="target config: secure boot")
    parser.add_argument("--sla", action="store_true", help="target config: serial link authentication")
    parser.add_argument("--daa", action="store_true", help="target config: download agent authentication")


def build(args: argparse.Namespace) -> Codec:
    config = (SBC if args.sbc else 0) | (SLA if args.sla else 0) | (DAA if args.daa else 0)
    return MtkBoot(hw_code=args.hw_code, preloader=args.mode == "preloader", target_config=config,
                   echo=args.mode == "echo")


run = simple_module(build)
