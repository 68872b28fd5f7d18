"""Read a scan's target list: one target per line, or CSV with a ``target`` column.

Why streamed and capped: a target list may be a 1 GB file of garbage or 100 000 lines; a line is
read with a length cap (the rest of an overlong line is skipped, never held), bad lines are
counted and only the first few are kept for the report, and duplicates are merged by a set of
the normalised targets, so memory grows with the distinct valid targets only (and those are
capped at MAX_TARGETS).

The decision on bare ``host:port``: it becomes ``tls://host:port`` (the scheme that makes no
assumption about HTTP on top); a bare word without a port is a bad line (in a list of garbage,
words would otherwise become host names). Any other target is
passed as written to the probe of its scheme (https, tls, tcp and whatever the registry grows).
"""

from __future__ import annotations

import csv
import ipaddress
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator
from urllib.parse import urlsplit

MAX_LINE_BYTES = 4096  # longer lines are reported as bad, and their tail is skipped unread
MAX_TARGETS = 1_000_000  # distinct targets kept for one scan
MAX_BAD_KEPT = 20  # bad lines quoted in the report; the rest are only counted
DEFAULT_SCHEME = "tls"


@dataclass(frozen=True)
class BadLine:
    line: int
    text: str  # the start of the line, for the report
    why: str


@dataclass
class TargetList:
    """The distinct targets in file order, and what was wrong with the other lines."""

    targets: list[str] = field(default_factory=list)
    #: for each target, the line it first appeared on
    lines: list[int] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)
    bad_count: int = 0
    duplicates: int = 0
    lines_read: int = 0
    csv: bool = False
    truncated: bool = False  # more than MAX_TARGETS distinct targets

    def add_bad(self, line: int, text: str, why: str) -> None:
        self.bad_count += 1
        if len(self.bad) < MAX_BAD_KEPT:
            self.bad.append(BadLine(line, _shown(text), why))


def _shown(text: str, limit: int = 60) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "..."


def known_schemes() -> set[str]:
    from ..registry import DOMAINS

    return {s for spec in DOMAINS for s in spec.probes}


def _lines(stream: BinaryIO) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None when unusable, why unusable). Never holds more than one line."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            head = raw[:80]
            while True:  # skip the rest of the overlong line without keeping it
                more = stream.readline(1 << 16)
                if not more or more.endswith(b"\n"):
                    break
            yield number, None, f"line longer than {MAX_LINE_BYTES} bytes: " + _shown(head.decode("latin-1"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None, "not UTF-8 text: " + _shown(raw.decode("latin-1"))
            continue
        yield number, text.strip(), ""


def normalise(text: str, schemes: set[str]) -> str:
    """The target as the probe takes it, or ValueError saying why the line is not a target."""
    if any(ch.isspace() for ch in text):
        raise ValueError("a target has no spaces")
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in schemes:
            raise ValueError(f"unknown scheme {scheme!r} (known: {', '.join(sorted(schemes))})")
        rest = text.split("://", 1)[1]
        if not rest or rest.startswith("/") and scheme not in ("serial", "usb"):
            if scheme not in ("serial", "usb", "pcsc"):
                raise ValueError("no host name")
        if scheme in ("https", "tls", "tcp"):
            _check_host_port(text, need_port=scheme == "tcp")
        return scheme + "://" + rest
    # bare host[:port]
    url = f"{DEFAULT_SCHEME}://{text}"
    _check_host_port(url, need_port=False)
    u = urlsplit(url)
    if u.path or u.query or u.fragment:
        raise ValueError("a bare target is host:port; give a scheme for anything more")
    if u.port is None:
        raise ValueError("a bare target needs a port (host:port), or a scheme (https://host)")
    return url


def _check_host_port(url: str, need_port: bool) -> None:
    try:
        u = urlsplit(url)
        port = u.port
    except ValueError as exc:
        raise ValueError(f"bad port or address ({exc})") from None
    host = u.hostname or ""
    if not host:
        raise ValueError("no host name")
    if port is None and need_port:
        raise ValueError("tcp:// needs a port")
    if port is not None and not 1 <= port <= 65535:
        raise ValueError("port out of range 1-65535")
    if u.username or u.password:
        raise ValueError("credentials in a target are not used: remove them")
    if ":" in host:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(f"bad IPv6 address {host!r}") from None
    elif not all(ch.isalnum() or ch in "-._" for ch in host):
        raise ValueError(f"bad host name {host!r}")


def _csv_column(header: str) -> int | None:
    if "," not in header:
        return None
    cells = [c.strip().lower() for c in next(csv.reader([header]))]
    return cells.index("target") if "target" in cells else None


def read_targets(stream: BinaryIO, schemes: set[str] | None = None) -> TargetList:
    """Read the whole list (streamed, line by line). Bad lines are reported, never fatal."""
    schemes = known_schemes() if schemes is None else schemes
    out = TargetList()
    seen: set[str] = set()
    column: int | None = None
    first = True
    for number, text, why in _lines(stream):
        out.lines_read = number
        if text is None:
            out.add_bad(number, "", why)
            continue
        if not text or text.startswith("#"):
            continue
        if first:
            first = False
            column = _csv_column(text)
            if column is not None:
                out.csv = True
                continue
        if column is not None:
            try:
                cells = next(csv.reader([text]))
            except (csv.Error, StopIteration):
                out.add_bad(number, text, "not a CSV row")
                continue
            if column >= len(cells) or not cells[column].strip():
                out.add_bad(number, text, "no value in the target column")
                continue
            text = cells[column].strip()
            if text.startswith("#"):
                continue
        try:
            target = normalise(text, schemes)
        except ValueError as exc:
            out.add_bad(number, text, str(exc))
            continue
        if target in seen:
            out.duplicates += 1
            continue
        if len(out.targets) >= MAX_TARGETS:
            out.truncated = True
            out.add_bad(number, text, f"more than {MAX_TARGETS} distinct targets: the rest are not scanned")
            continue
        seen.add(target)
        out.targets.append(target)
        out.lines.append(number)
    return out
