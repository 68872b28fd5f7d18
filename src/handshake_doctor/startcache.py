"""A start-up cache for values that are pure functions of their keys.

Why: ``hsdoctor explain`` runs once per question, so work done at import counts on every run
(bench/cold_start.py). Two kinds of such work are pure functions of a string and can be kept
between runs: the literal needles derived from each message pattern (knowledge/table.py) and
the compiled ``__init__`` of each ``@record`` class (record.py). Because the key is the whole
input, an entry can never be stale. The file sits beside the byte-code, is tagged with the
interpreter (code objects are version-specific), is written atomically only when something new
was computed, and is ignored when missing, unreadable or unwritable.

Key convention: ``(kind, *versions, *inputs)``, where the integers right after the kind are the
rules version of the code that derives the value (``NEEDLE_RULES`` and the like). When a rule
changes, its old entries can never be read again, so a save drops every entry whose kind this
process used at another version.
"""

from __future__ import annotations

import marshal
import sys

_DATA: dict = {}  # type: ignore[type-arg]
_STATE = {"loaded": False, "dirty": False}
_USED: set = set()  # type: ignore[type-arg]  # keys this process read or wrote

#: an entry is never stale, but an old row's entry is never read again either: past this many
#: entries a save keeps only what this process used (a dev tree or an upgraded install grew the
#: file to 3x its size, and loading it cost more than the cache saved)
MAX_ENTRIES = 3000


def _path() -> str:
    import os

    tag = getattr(sys.implementation, "cache_tag", None) or "python"
    return os.path.join(os.path.dirname(__file__), "__pycache__", f"hsdoctor-startcache.{tag}.marshal")


def _load() -> None:
    _STATE["loaded"] = True
    try:
        with open(_path(), "rb") as fh:
            data = marshal.load(fh)
        if isinstance(data, dict):
            _DATA.update(data)
    except (OSError, ValueError, EOFError, TypeError):
        pass


def get(key: tuple):  # type: ignore[no-untyped-def,type-arg]
    if not _STATE["loaded"]:
        _load()
    _USED.add(key)
    return _DATA.get(key)


def put(key: tuple, value) -> None:  # type: ignore[no-untyped-def,type-arg]
    _DATA[key] = value
    _USED.add(key)
    _STATE["dirty"] = True


def _version(key: tuple) -> tuple:  # type: ignore[type-arg]
    """(kind, the integers that follow it): what a rules change moves on."""
    ints = []
    for part in key[1:]:
        if type(part) is not int:
            break
        ints.append(part)
    return (key[0] if key else None, tuple(ints))


def _current(data: dict) -> dict:  # type: ignore[type-arg]
    """The entries not superseded by a version of their kind that this process used."""
    used: dict = {}  # type: ignore[type-arg]
    for key in _USED:
        kind, version = _version(key)
        used.setdefault(kind, set()).add(version)
    out = {}
    for key, value in data.items():
        kind, version = _version(key)
        if kind not in used or version in used[kind]:
            out[key] = value
    return out


def save() -> None:
    """Write the cache if anything new was computed (best effort, atomic rename)."""
    if not _STATE["dirty"]:
        return
    _STATE["dirty"] = False
    import os

    kept = _current(_DATA)
    if len(kept) > MAX_ENTRIES:
        kept = {k: v for k, v in kept.items() if k in _USED}
    path = _path()
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump(kept, fh)
        os.replace(tmp, path)
    except (OSError, ValueError):  # ValueError: a value marshal cannot write
        try:
            os.unlink(tmp)  # never leave a partial file behind
        except OSError:
            pass
