"""docs/INVENTORY.md is the output of scripts/inventory_table.py, and every inventoried message is
in a coverage test's list (issue 12: the inventory's size per tool and version, with the coverage
test's count)."""

from __future__ import annotations

import importlib.util
import re

from hsd_testing import ROOT


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("inventory_table", ROOT / "scripts" / "inventory_table.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_inventory_doc_is_current() -> None:
    doc = (ROOT / "docs" / "INVENTORY.md").read_text()
    assert doc == _script().markdown(), "docs/INVENTORY.md is stale: python scripts/inventory_table.py --write"


def test_every_inventoried_message_is_checked_by_a_coverage_test() -> None:
    """A row in an inventory that no coverage test collects would show as Messages > Checked + misses."""
    text = _script().markdown()
    rows = [ln for ln in text.splitlines() if ln.startswith("| ") and not ln.startswith("| Domain")]
    assert len(rows) > 50
    for ln in rows:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        messages, checked, misses = int(cells[3]), int(cells[4]), int(cells[5])
        assert messages == checked + misses and messages > 0, ln
        assert cells[6] != "(none)", ln
        assert re.search(r"\d", cells[2] + cells[7]), f"no version in the versions or the source: {ln}"
