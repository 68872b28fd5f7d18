"""The start-up cache stays small and leaves no partial file behind.

Why: its entries are never stale, but the entries of rows that were edited away are never read
again either; in a dev tree the file grew to three times its size and loading it cost more than
it saved. A failed write (a value marshal cannot hold) left 0-byte temporary files beside it.
"""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from handshake_doctor import startcache


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "startcache.marshal"
    monkeypatch.setattr(startcache, "_path", lambda: str(path))
    monkeypatch.setattr(startcache, "_DATA", {})
    monkeypatch.setattr(startcache, "_USED", set())
    monkeypatch.setattr(startcache, "_STATE", {"loaded": True, "dirty": False})
    return path


def test_a_small_cache_keeps_every_entry(cache: Path) -> None:
    startcache._DATA.update({("old", i): i for i in range(10)})
    startcache.put(("new", 1), "x")
    startcache.save()
    got = marshal.loads(cache.read_bytes())
    assert len(got) == 11 and got[("new", 1)] == "x"


def test_past_the_bound_a_save_keeps_what_this_process_used(cache: Path) -> None:
    startcache._DATA.update({("old", i): i for i in range(startcache.MAX_ENTRIES + 5)})
    assert startcache.get(("old", 7)) == 7
    startcache.put(("new", 1), "x")
    startcache.save()
    got = marshal.loads(cache.read_bytes())
    assert got == {("old", 7): 7, ("new", 1): "x"}


def test_a_failed_write_leaves_no_partial_file(cache: Path) -> None:
    startcache.put(("bad", 1), object())  # marshal cannot write it
    startcache.save()
    assert not cache.exists()
    assert list(cache.parent.iterdir()) == []


def test_a_rules_change_drops_the_old_versions_entries(cache: Path) -> None:
    # a needle rule moved from 2 to 3: the version-2 entries can never be read again
    startcache._DATA.update({("needles", 2, f"p{i}", True): ("x",) for i in range(5)})
    startcache._DATA.update({("record-init", "def __init__(self): pass"): "code", ("other", 1, "k"): 1})
    startcache.put(("needles", 3, "p0", True), ("y",))
    startcache.save()
    got = marshal.loads(cache.read_bytes())
    assert set(got) == {("needles", 3, "p0", True), ("record-init", "def __init__(self): pass"), ("other", 1, "k")}


def test_entries_of_the_version_in_use_are_kept_though_not_read(cache: Path) -> None:
    startcache._DATA.update({("needles", 3, f"p{i}", True): ("x",) for i in range(5)})
    startcache.put(("needles", 3, "new", True), ("y",))
    startcache.save()
    assert len(marshal.loads(cache.read_bytes())) == 6
