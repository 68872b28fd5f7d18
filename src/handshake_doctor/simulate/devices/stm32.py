"""``hsdoctor simulate stm32``."""

from __future__ import annotations

import argparse

from ...domains.bootloaders.stm32.protocol import Stm32Bootloader
from ...domains.serial.sim_chatter import Talker
from ..events import Codec
from ..runner import add_common, simple_module

DESCRIPTION = (
    "STM32 system bootloader (AN3155) at 8E1 with autobaud on 0x7F (1200-115200): answers GET, "
    "GET_VERSION, GET_ID and READ MEMORY; refuses GO, WRITE, ERASE, protection changes with NACK 1F. "
    "--mode app: the user application runs instead (prints text); --mode silent: says nothing. "
    "Try: stm32flash -m 8n1 PTY"
)
MODES = ("bootloader", "app", "silent")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=57600, framing="8E1")
    parser.add_argument("--pid", type=lambda s: int(s, 0), default=0x410, help="product ID for GET_ID (default 0x410)")
    parser.add_argument("--no-autobaud", action="store_true", help="fixed rate: do not follow the host's 0x7F")
    parser.add_argument("--no-read", action="store_true", help="refuse READ MEMORY (read-out protection)")
    parser.add_argument("--app-text", default="hello from app\\r\\n", help="what --mode app prints")


def build(args: argparse.Namespace) -> Codec:
    if args.mode == "bootloader":
        codec = Stm32Bootloader(pid=args.pid, allow_read=not args.no_read)
        if args.no_autobaud:
            codec.autobaud = None
        return codec
    text = args.app_text.encode().decode("unicode_escape").encode("latin-1") if args.mode == "app" else b""
    return Talker(text, period=0.05 if text else 0.0, baud=57600, framing="8E1", name="stm32-app")


run = simple_module(build)
