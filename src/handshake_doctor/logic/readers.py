"""The logic-analyser readers, chosen by content (magic numbers and structure), never by name."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UsageError
from . import saleae, sigrok, vcd
from .capture import LogicCapture

#: (format name, does the file's head look like it, reader)
READERS: tuple[tuple[str, Callable[[bytes], bool], Callable[[str], LogicCapture]], ...] = (
    ("sigrok session", sigrok.is_sigrok, sigrok.read),
    ("Saleae binary export", saleae.is_binary, saleae.read_binary),
    ("VCD", vcd.is_vcd, vcd.read),
    ("Saleae CSV export", saleae.is_csv, saleae.read_csv),
)


def detect(head: bytes) -> str | None:
    return next((name for name, test, _ in READERS if test(head)), None)


def read(path: str) -> LogicCapture:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not head:
        raise UsageError(f"{path}: the file is empty")
    for _name, test, reader in READERS:
        if test(head):
            return reader(path)
    raise UsageError(f"{path}: not a logic-analyser recording this tool reads (sigrok .sr, VCD, Saleae CSV or binary export)")
