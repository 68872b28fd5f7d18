"""``hsdoctor simulate esp32``."""

from __future__ import annotations

import argparse

from ...domains.bootloaders.esp.protocol import BOOT_LOGS, EspRomLoader
from ...domains.serial.sim_chatter import Talker
from ..events import Codec
from ..runner import add_common, simple_module

DESCRIPTION = (
    "Espressif ROM serial loader (download mode), autobaud on SYNC: answers SYNC (8 replies, "
    "val 0x20120707) and READ_REG from a register table, so esptool detects the chip; refuses "
    "every flash/RAM/register write and code start. --mode boot-log: the chip boots from flash "
    "in a loop and prints its boot log at its own rate (ESP32 115200, ESP8266 74880). "
    "Try: esptool --port PTY --before no-reset --after no-reset --no-stub chip-id"
)
MODES = ("loader", "boot-log")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=115200, framing="8N1")
    parser.add_argument("--chip", choices=sorted(BOOT_LOGS), default="esp32", help="chip to be (default esp32)")
    parser.add_argument("--period", type=float, default=0.3, help="seconds between boot-loop logs (default 0.3)")


def build(args: argparse.Namespace) -> Codec:
    if args.mode == "boot-log":
        baud, text = BOOT_LOGS[args.chip]
        return Talker(text, period=max(args.period, 0.01), baud=baud, name=f"{args.chip}-boot-log")
    return EspRomLoader(chip=args.chip)


run = simple_module(build)
