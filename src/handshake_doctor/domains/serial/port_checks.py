"""Observations about a serial port before any byte is read: does it exist, who may open it,
who holds it, is it a pseudo-terminal.

Why separate from the probe: each answer is a piece of evidence for a finding (port missing,
permission denied, port busy, pty without parity), and each is read from the system (stat,
/proc, /etc/group) with no pyserial involved, so it also explains a failure of another tool.
Every scan is bounded in count; nothing here writes anything.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

#: Linux major numbers of Unix98 pty slaves (Documentation/admin-guide/devices.txt: 136-143
#: "Unix98 PTY slaves").
PTY_SLAVE_MAJORS = range(136, 144)
MAX_PIDS = 20000  # bound on the /proc scan
MAX_FDS_PER_PID = 4096


def is_pty(path: str) -> bool:
    """A pseudo-terminal slave: by its major number, or by living under /dev/pts."""
    try:
        real = os.path.realpath(path)
        st = os.stat(real)
    except OSError:
        return path.startswith("/dev/pts/")
    if stat.S_ISCHR(st.st_mode) and os.major(st.st_rdev) in PTY_SLAVE_MAJORS:
        return True
    return real.startswith("/dev/pts/")


def pty_index(path: str) -> int | None:
    """The pts number (the N of /dev/pts/N) from the device number, or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    major = os.major(st.st_rdev)
    if not stat.S_ISCHR(st.st_mode) or major not in PTY_SLAVE_MAJORS:
        return None
    return (major - 136) * 256 + os.minor(st.st_rdev)


@dataclass(frozen=True)
class ExistingPort:
    device: str
    description: str = ""
    hwid: str = ""
    vid: int | None = None
    pid: int | None = None

    def line(self) -> str:
        parts = [self.device]
        if self.vid is not None and self.pid is not None:
            parts.append(f"USB {self.vid:04x}:{self.pid:04x}")
        if self.description and self.description != "n/a":
            parts.append(self.description)
        return " - ".join(parts)


#: Where Linux lists ttys; ``type`` there is the serial core's UART type (include/uapi/linux/
#: serial.h: 0 = PORT_UNKNOWN, 4 = PORT_16550A ...). The 8250 driver registers ttyS0-3 (and up to
#: nr_uarts) whether or not a UART answers at the legacy address; those it found none behind
#: have type 0.
SYSFS_TTY = "/sys/class/tty"
PORT_UNKNOWN = 0


def uart_type(device: str, sysfs_tty: str = SYSFS_TTY) -> int | None:
    """The serial core's UART type of a tty (None when sysfs has none, e.g. a USB ACM port)."""
    name = os.path.basename(os.path.realpath(device))
    try:
        with open(os.path.join(sysfs_tty, name, "type"), encoding="ascii") as f:
            return int(f.read(16).strip())
    except (OSError, ValueError):
        return None


def no_uart_behind(device: str, sysfs_tty: str = SYSFS_TTY) -> bool:
    """A legacy UART port the kernel registered with no hardware behind it (ttyS*, type unknown)."""
    name = os.path.basename(os.path.realpath(device))
    return name.startswith("ttyS") and uart_type(device, sysfs_tty) == PORT_UNKNOWN


@dataclass(frozen=True)
class SearchChoice:
    """What ``serial://`` (no device named) probes, and what it saw and left out."""

    chosen: ExistingPort | None
    skipped: list[ExistingPort]
    usb: list[ExistingPort]
    seen: list[ExistingPort]

    def seen_text(self) -> str:
        out = [p.line() + (" (no UART behind it: sysfs type unknown)" if p in self.skipped else "") for p in self.seen[:8]]
        return "; ".join(out) or "no serial port at all"


def choose_search_port(ports: list[ExistingPort], sysfs_tty: str = SYSFS_TTY) -> SearchChoice:
    """USB-serial adapters first (a device is plugged in there), then other real ports; never a
    legacy ttyS* with no UART behind it (it can only ever be "silent")."""
    skipped = [p for p in ports if no_uart_behind(p.device, sysfs_tty)]
    real = [p for p in ports if p not in skipped]
    usb = [p for p in real if p.vid is not None]
    ranked = sorted(real, key=lambda p: (p.vid is None, p.device))
    return SearchChoice(ranked[0] if ranked else None, skipped, usb, list(ports))


def existing_ports() -> list[ExistingPort]:
    """The ports pyserial lists (with symlinks such as /dev/serial/by-id/*), USB identity when known."""
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    out: list[ExistingPort] = []
    try:
        infos = list(list_ports.comports(include_links=True))
    except Exception:  # a broken sysfs entry must not stop the diagnosis
        return []
    for p in infos[:256]:
        out.append(ExistingPort(p.device, p.description or "", p.hwid or "", p.vid, p.pid))
    out.sort(key=lambda p: p.device)
    return out


@dataclass(frozen=True)
class Access:
    """Who may open the device, and whether the current process may."""

    path: str
    owner: str
    group: str
    gid: int
    mode: str  # e.g. "0660"
    readable: bool
    writable: bool
    user: str
    in_group_now: bool  # the process carries the group
    listed_in_group: bool  # /etc/group lists the user (maybe added but not logged in again)


def _name_of_uid(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return str(uid)


def access_of(path: str) -> Access | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    try:
        import grp

        g = grp.getgrgid(st.st_gid)
        group, members = g.gr_name, list(g.gr_mem)
    except (KeyError, ImportError):
        group, members = str(st.st_gid), []
    user = _name_of_uid(os.geteuid())
    try:
        groups = set(os.getgroups()) | {os.getegid()}
    except OSError:
        groups = {os.getegid()}
    return Access(
        path=path,
        owner=_name_of_uid(st.st_uid),
        group=group,
        gid=st.st_gid,
        mode=f"{stat.S_IMODE(st.st_mode):04o}",
        readable=os.access(path, os.R_OK),
        writable=os.access(path, os.W_OK),
        user=user,
        in_group_now=st.st_gid in groups,
        listed_in_group=user in members,
    )


@dataclass(frozen=True)
class Holder:
    """A process that has the device open."""

    pid: int
    name: str  # /proc/PID/comm
    cmdline: str
    locks: bool = False  # holds a flock/POSIX lock on the device (an exclusive opener)
    other_end: bool = False  # holds the pty's master side too: it is the peer, not a rival
    fds: tuple[int, ...] = field(default=())


def _read(path: str, limit: int = 4096) -> str:
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


def _lock_pids(st: os.stat_result) -> set[int]:
    """PIDs holding a lock on the device's inode, from /proc/locks (flock by pyserial's exclusive)."""
    want_ino = str(st.st_ino)
    want_dev = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}"
    pids: set[int] = set()
    for line in _read("/proc/locks", 1 << 20).splitlines()[:10000]:
        parts = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 00:1d:3 0 EOF" (a "->" marks a waiter: skip it)
        if len(parts) < 6 or parts[1] == "->":
            continue
        try:
            pid = int(parts[4])
        except ValueError:
            continue
        ident = parts[5].split(":")
        if len(ident) == 3 and ident[2] == want_ino and ":".join(ident[:2]).lower() == want_dev:
            pids.add(pid)
    return pids


def holders(path: str, *, exclude_self: bool = True) -> list[Holder]:
    """Processes with the device open (matched by device number, so /dev/ttyACM0 and a
    /dev/serial/by-id link are the same port), found by scanning /proc/*/fd."""
    try:
        st = os.stat(path)
    except OSError:
        return []
    if not stat.S_ISCHR(st.st_mode):
        return []
    rdev = st.st_rdev
    index = pty_index(path)
    locking = _lock_pids(st)
    me = os.getpid()
    found: list[Holder] = []
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()][:MAX_PIDS]
    except OSError:
        return []
    for pid in pids:
        if exclude_self and pid == me:
            continue
        fd_dir = f"/proc/{pid}/fd"
        try:
            fds = os.listdir(fd_dir)[:MAX_FDS_PER_PID]
        except OSError:  # gone, or not ours to look at
            continue
        hits: list[int] = []
        master = False
        for fd in fds:
            link = f"{fd_dir}/{fd}"
            try:
                target = os.readlink(link)
            except OSError:
                continue
            if not target.startswith("/dev/"):
                continue
            if index is not None and target in ("/dev/ptmx", "/dev/pts/ptmx"):
                info = _read(f"/proc/{pid}/fdinfo/{fd}")
                for ln in info.splitlines():
                    if ln.startswith("tty-index:") and ln.split(":", 1)[1].strip() == str(index):
                        master = True
                continue
            try:
                fst = os.stat(link)
            except OSError:
                continue
            if stat.S_ISCHR(fst.st_mode) and fst.st_rdev == rdev:
                hits.append(int(fd))
        if hits or master:
            name = _read(f"/proc/{pid}/comm", 256).strip()
            cmd = _read(f"/proc/{pid}/cmdline", 2048).replace("\x00", " ").strip()
            found.append(Holder(pid, name, cmd, pid in locking, master, tuple(hits)))
    return found
