"""``hsdoctor simulate DEVICE``: the options every device shares and the pty run loop.

The first line on stdout is the slave path and nothing else, so scripts and tests can read it
and open the port; everything else (the exchange log) goes to stderr or ``--log``. Runs until
SIGINT/SIGTERM (or ``--max-seconds``) and exits 0.
"""

from __future__ import annotations

import argparse
import select
import signal
import sys
import time
from typing import Callable, TextIO

from .events import Codec
from .physics import MODELLED, check_framing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..transcript import Transcript
    from .pty import PtyPort
    from .session import Session

PHYSICS_HELP = (
    "Line physics: the simulator reads the client's baud, stop bits and PARODD from the pty, and "
    "garbles bytes both ways when they differ from the device's. Linux ptys force CS8 and no parity, "
    "so the client's data bits and parity cannot be seen: they are taken from --client-framing "
    "(default: the device's own framing)."
)


def _framing(text: str) -> str:
    try:
        return check_framing(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _baud(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"baud {text!r} is not a number") from None
    if not 50 <= v <= 20_000_000:
        raise argparse.ArgumentTypeError("baud must be between 50 and 20000000")
    return v


def add_common(parser: argparse.ArgumentParser, *, modes: tuple[str, ...], baud: int, framing: str) -> None:
    parser.epilog = PHYSICS_HELP
    parser.add_argument("--mode", choices=modes, default=modes[0], help=f"device state (default {modes[0]})")
    parser.add_argument("--baud", type=_baud, default=None, help=f"the device's line rate (default {baud})")
    parser.add_argument("--framing", type=_framing, default=None, help=f"the device's framing (default {framing})")
    parser.add_argument("--client-framing", type=_framing, default=None, metavar="FRAMING",
                        help="data bits and parity the client is assumed to use (a pty cannot show them; "
                        "default: the device's framing)")
    parser.add_argument("--link", default=None, help="also publish the port as this symlink, e.g. /tmp/ttyACM-sim")
    parser.add_argument("--log", default=None, help="write the exchange log (hex, direction, time) here instead of stderr")
    parser.add_argument("--quiet", action="store_true", help="no exchange log")
    parser.add_argument("--record", default=None, metavar="FILE",
                        help="append every command received as JSON lines (name, raw, verdict, changes_device)")
    parser.add_argument("--transcript", default=None, metavar="FILE",
                        help="write the simulator's side of every exchange as a transcript (JSON, handshake-doctor-transcript/1) on exit")
    parser.add_argument("--max-seconds", type=float, default=0.0, help="stop after this long (default: run until signalled)")


def run_pty(codec: Codec, args: argparse.Namespace) -> int:
    """Serve ``codec`` on a fresh pty until signalled."""
    from .pty import TIOCPKT_IOCTL, PtyPort
    from .session import Session

    from ..errors import ProbeUnavailable, UsageError
    from ..transcript import Transcript

    transcript = None
    if args.transcript:
        try:
            open(args.transcript, "w", encoding="utf-8").close()  # fail now, not at exit
        except OSError as exc:
            raise UsageError(f"cannot open {exc.filename}: {exc.strerror}") from None
    try:
        log: TextIO | None = None if args.quiet else (open(args.log, "a", encoding="utf-8") if args.log else sys.stderr)
        record = open(args.record, "a", encoding="utf-8") if args.record else None
    except OSError as exc:
        raise UsageError(f"cannot open {exc.filename}: {exc.strerror}") from None
    stop: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stop.append(signum)

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    port = None
    try:
        transcript = Transcript("simulate", f"hsdoctor simulate {getattr(args, 'device', codec.name)}") if args.transcript else None
        session = Session(codec, baud=args.baud, framing=args.framing, log=log, record=record, transcript=transcript)
        hint = args.client_framing or session.device.framing
        try:
            port = PtyPort(link=args.link)
        except FileExistsError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise ProbeUnavailable(f"cannot create the pseudo-terminal or its link: {exc}") from None
        sys.stdout.write(port.path + "\n")
        sys.stdout.flush()
        session.note(f"sim  {codec.name} mode={args.mode} device={session.device} on {port.path}"
                     + (f" (link {port.link})" if port.link else "")
                     + ("" if MODELLED else "; line model missing: ideal line"))
        deadline = time.monotonic() + args.max_seconds if args.max_seconds > 0 else None
        client_seen = False

        def follow_client(announce: bool = False) -> None:
            line = port.client_line()
            framing = line.framing(hint)
            if announce:  # the client changed its termios (TIOCPKT_IOCTL)
                session.note(f"tcsetattr client {line.baud} {framing}{' rtscts' if line.rtscts else ''}"
                             f" (data bits and parity assumed: {hint[:2]})")
            session.set_client(line.baud, framing)

        while not stop and (deadline is None or time.monotonic() < deadline):
            try:
                ready, _, _ = select.select([port.master], [], [], 0.01)
            except InterruptedError:
                continue
            if ready:
                pkt = port.read_packet()
                if pkt is not None:
                    status, data = pkt
                    if status & TIOCPKT_IOCTL or not client_seen:
                        client_seen = True
                        follow_client(announce=bool(status & TIOCPKT_IOCTL))
                    if status == 0 and data:
                        follow_client()  # cheap; catches changes a client made with EXTPROC cleared
                        _send(port, session, session.from_host(data))
            if client_seen:
                _send(port, session, session.tick())
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        if port is not None:
            port.close()
        if record is not None:
            record.close()
        if args.transcript and transcript is not None:
            _write_transcript(transcript, args.transcript, port.path if port is not None else "")
        if log is not None and log is not sys.stderr:
            log.close()
    return 0


def _write_transcript(transcript: "Transcript", path: str, where: str) -> None:
    import json

    transcript.local = where
    transcript.meta["side"] = "device"
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(transcript.to_dict(), f, indent=1)
            f.write("\n")
    except OSError:
        pass  # the file was writable at start; a disk that filled meanwhile loses the transcript only


def _send(port: "PtyPort", session: "Session", data: bytes) -> None:
    if data:
        sent = port.write(data)
        if sent < len(data):
            session.note(f"drop {len(data) - sent} bytes (client not reading)")


def simple_module(build: Callable[[argparse.Namespace], Codec]) -> Callable[[argparse.Namespace], int]:
    """``run(args)`` for a device module: build the codec, serve it on a pty."""

    def run(args: argparse.Namespace) -> int:
        return run_pty(build(args), args)

    return run
