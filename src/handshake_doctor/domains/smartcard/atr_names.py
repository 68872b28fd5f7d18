"""Card names for an ATR, from pcsc-tools' ``smartcard_list.txt`` read at run time.

Why at run time: the list (Ludovic Rousseau, GPL-2.0+) must not be shipped or copied into this
project; Debian's ``pcsc-tools`` installs it as /usr/share/pcsc/smartcard_list.txt and users keep
their own copy in ~/.smartcard_list.txt (the places ``ATR_analysis`` looks). Format (facts in
facts/knowledge.md §2.3): an ATR line is a regular expression over the ATR written as spaced
upper-case hex (``..`` any byte, ``.`` any nibble, ``[..]`` classes); the TAB-indented lines that
follow describe the card; a blank line ends the entry. Reading costs a few milliseconds, so it
happens only when an ATR was found, and the parsed list is cached per process.
"""

from __future__ import annotations

import os
import re

#: Where the list is looked for, in order (ATR_analysis's places; the user's copy first).
PATHS = (
    "~/.smartcard_list.txt",
    "/usr/local/share/pcsc/smartcard_list.txt",
    "/usr/share/pcsc/smartcard_list.txt",
)
SOURCE = "pcsc-tools smartcard_list.txt (GPL-2.0+, read at run time from the system; not shipped)"
MAX_BYTES = 8 * 1024 * 1024  # refuse a runaway file

_REGEX_CHARS = frozenset(".[]()*+?|\\^$")
_cache: dict[str, tuple[dict[str, list[str]], list[tuple[str, list[str]]]]] = {}


def list_path() -> str | None:
    """The first readable list, or None."""
    for p in PATHS:
        path = os.path.expanduser(p)
        if os.path.isfile(path) and os.access(path, os.R_OK):
            return path
    return None


def _load(path: str) -> tuple[dict[str, list[str]], list[tuple[str, list[str]]]]:
    if path in _cache:
        return _cache[path]
    literal: dict[str, list[str]] = {}
    patterns: list[tuple[str, list[str]]] = []
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return literal, patterns
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read(MAX_BYTES)
    except OSError:
        return literal, patterns
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.strip():
            current = None
            continue
        if line.startswith("#"):
            continue
        if line.startswith("\t"):
            if current is not None:
                current.append(line.strip())
            continue
        key = line.strip().upper()
        current = []
        if _REGEX_CHARS & set(key):
            patterns.append((key, current))
        else:
            literal.setdefault(key, current)
    _cache[path] = (literal, patterns)
    return literal, patterns


def normalise(atr: bytes | bytearray | str) -> str:
    """The ATR as the list writes it: spaced upper-case hex ("3B 02 14 50")."""
    if isinstance(atr, (bytes, bytearray)):
        return " ".join(f"{b:02X}" for b in atr)
    digits = re.sub(r"[^0-9A-Fa-f]", "", str(atr))
    if len(digits) % 2:
        digits = digits[:-1]
    return " ".join(digits[i : i + 2].upper() for i in range(0, len(digits), 2))


def lookup(atr: bytes | bytearray | str, path: str | None = None) -> list[str]:
    """Description lines of every entry whose pattern matches the ATR; [] when none or no list."""
    path = path or list_path()
    if not path:
        return []
    key = normalise(atr)
    if not key:
        return []
    literal, patterns = _load(path)
    out: list[str] = list(literal.get(key, []))
    for pat, desc in patterns:
        try:
            if re.fullmatch(pat, key, re.IGNORECASE):
                out.extend(d for d in desc if d not in out)
        except re.error:
            continue
    return out
