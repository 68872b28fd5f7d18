"""A pty-backed serial port that knows the client's line settings (Linux).

Why packet mode + EXTPROC + TCGETS2 (facts/serial.md §1.3, measured): a pty carries bytes at no
rate at all, but the master can read the termios the client set on the slave. With packet mode
on the master and EXTPROC on the slave, the kernel flags each client termios change with a
TIOCPKT_IOCTL status byte; TCGETS2 then gives the exact rate (``c_ospeed``), CSTOPB, PARODD and
CRTSCTS. Parity enable and data bits never show (the kernel forces CS8, no parity), so those
come from a hint. One slave fd stays open so the master never reads EIO between clients.
"""

from __future__ import annotations

import errno
import fcntl
import os
import struct
import termios
import tty

from ..record import record

TCGETS2 = 0x802C542A  # _IOR('T', 0x2A, struct termios2) on x86/arm; 44 bytes
TIOCPKT = getattr(termios, "TIOCPKT", 0x5420)
TIOCPKT_DATA = 0x00
TIOCPKT_IOCTL = 0x40
EXTPROC = 0o200000
CSTOPB = 0o100
PARODD = 0o1000
CMSPAR = 0o10000000000
CRTSCTS = 0o20000000000
_TERMIOS2 = struct.Struct("=IIIIB19sII")  # iflag oflag cflag lflag line cc[19] ispeed ospeed


@record(frozen=True)
class ClientLine:
    """What the client configured on the slave, as far as a pty can tell."""

    baud: int
    two_stop_bits: bool
    odd_parity_flag: bool  # PARODD survives even though PARENB is cleared
    rtscts: bool

    def framing(self, hint: str) -> str:
        """The client's framing: data bits and parity from ``hint``, stop bits and odd/even as seen."""
        bits, parity = hint[0], hint[1]
        if parity in "EO":
            parity = "O" if self.odd_parity_flag else "E"
        return f"{bits}{parity}{'2' if self.two_stop_bits else '1'}"


def _decode_termios2(buf: bytes) -> ClientLine:
    _i, _o, cflag, _l, _line, _cc, _ispeed, ospeed = _TERMIOS2.unpack(buf[: _TERMIOS2.size])
    return ClientLine(ospeed, bool(cflag & CSTOPB), bool(cflag & PARODD), bool(cflag & CRTSCTS))


class PtyPort:
    """The master end of a fresh pty, non-blocking; ``path`` is what clients open."""

    def __init__(self, *, link: str | None = None) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self.link: str | None = None
        try:
            tty.setraw(self.slave)
            attrs = termios.tcgetattr(self.slave)
            attrs[3] |= EXTPROC
            termios.tcsetattr(self.slave, termios.TCSANOW, attrs)
            fcntl.ioctl(self.master, TIOCPKT, struct.pack("i", 1))
            os.set_blocking(self.master, False)
            if link:
                self._make_link(link)
        except BaseException:
            self.close()
            raise

    def _make_link(self, link: str) -> None:
        """A symlink named like a real port; only ever replaces an old symlink, never a file."""
        if os.path.islink(link):
            os.unlink(link)
        elif os.path.exists(link):
            raise FileExistsError(f"{link} exists and is not a symlink; not replacing it")
        os.symlink(self.path, link)
        self.link = link

    def client_line(self) -> ClientLine:
        buf = fcntl.ioctl(self.master, TCGETS2, bytes(_TERMIOS2.size))
        return _decode_termios2(buf)

    def read_packet(self) -> tuple[int, bytes] | None:
        """One packet: (status, data). None when nothing is there."""
        try:
            pkt = os.read(self.master, 4097)
        except BlockingIOError:
            return None
        except OSError as exc:
            if exc.errno == errno.EIO:  # no slave open (cannot happen while we hold one)
                return None
            raise
        if not pkt:
            return None
        return pkt[0], pkt[1:]

    def write(self, data: bytes) -> int:
        """Queue bytes for the client; bytes that do not fit are dropped, as a UART would."""
        sent = 0
        while sent < len(data):
            try:
                n = os.write(self.master, data[sent:])
            except (BlockingIOError, InterruptedError):
                break
            if n <= 0:
                break
            sent += n
        return sent

    def close(self) -> None:
        if self.link and os.path.islink(self.link):
            try:
                os.unlink(self.link)
            except OSError:
                pass
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass
