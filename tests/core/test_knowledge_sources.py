"""Knowledge is data with sources: every row of every table names where it comes from."""

from __future__ import annotations

import dataclasses

from handshake_doctor.knowledge import wording
from handshake_doctor.record import is_record
from handshake_doctor.knowledge.table import Table
from handshake_doctor.registry import DOMAINS


def _tables() -> list[tuple[str, Table]]:
    out = [("core", t) for t in wording.TABLES]
    for spec in DOMAINS:
        for t in spec.module("knowledge").TABLES:
            out.append((spec.name, t))
    return out


def test_every_row_has_a_source() -> None:
    tables = _tables()
    assert len(tables) >= 2
    for owner, table in tables:
        assert isinstance(table, Table), (owner, table)
        assert len(table) > 0, f"{owner}.{table.name} is empty"
        for row in table:
            assert is_record(row) or dataclasses.is_dataclass(row), (owner, table.name, row)
            src = getattr(row, "source", "")
            assert isinstance(src, str) and len(src.strip()) >= 4, f"{owner}.{table.name}: row without a source: {row}"


def test_table_names_unique_per_domain() -> None:
    seen: set[tuple[str, str]] = set()
    for owner, table in _tables():
        key = (owner, table.name)
        assert key not in seen, key
        seen.add(key)
