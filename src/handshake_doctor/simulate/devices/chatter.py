"""``hsdoctor simulate chatter``."""

from __future__ import annotations

import argparse

from ...domains.serial.sim_chatter import BOOT_BANNER, Talker
from ..events import Codec
from ..runner import add_common, simple_module

DESCRIPTION = (
    "A console that talks instead of handshaking (default 115200 8N1): a boot banner, then "
    "'hello' every --period seconds; input is recorded and ignored. --mode answers: silent on its "
    "own, it answers every input with --answer (a command-line program: 'Unknown command')."
)
MODES = ("console", "banner-only", "answers")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser, modes=MODES, baud=115200, framing="8N1")
    parser.add_argument("--period", type=float, default=1.0, help="seconds between 'hello' lines (default 1)")
    parser.add_argument("--text", default="hello\\r\\n", help="the repeated line (escapes allowed)")
    parser.add_argument("--answer", default="Unknown command, try 'help'\\r\\n", help="--mode answers: the reply to every input (escapes allowed)")
    parser.add_argument("--banner", default=None, help="what it prints once at start (escapes allowed; default a U-Boot boot log; '' for none)")


def build(args: argparse.Namespace) -> Codec:
    text = args.text.encode().decode("unicode_escape").encode("latin-1")
    if args.mode == "answers":
        answer = args.answer.encode().decode("unicode_escape").encode("latin-1")
        return Talker(b"", period=0.0, banner=b"", name="chatter-answers", answer=answer)
    period = 0.0 if args.mode == "banner-only" else max(args.period, 0.01)
    banner = BOOT_BANNER if args.banner is None else args.banner.encode().decode("unicode_escape").encode("latin-1")
    return Talker(text, period=period, banner=banner, name="chatter")


run = simple_module(build)
