"""Knowledge is data with sources: every row of every table names where it comes from."""

from __future__ import annotations

import dataclasses

from handshake_doctor.knowledge import wording
from handshake_doctor.record import is_record
from handshake_doctor.knowledge.table import Table
from handshake_doctor.registry import DOMAINS


def _tables() -> list[tuple[str, Table]]:
    """Every Table object at module level anywhere in the package: knowledge modules (listed in
    their TABLES) and the tables probes and codecs keep next to their code."""
    import importlib
    import pkgutil

    import handshake_doctor

    out = [("core", t) for t in wording.TABLES]
    for spec in DOMAINS:
        for t in spec.module("knowledge").TABLES:
            out.append((spec.name, t))
    seen = {id(t) for _, t in out}
    for info in pkgutil.walk_packages(handshake_doctor.__path__, "handshake_doctor."):
        if info.name.endswith("__main__"):
            continue
        try:
            mod = importlib.import_module(info.name)
        except ImportError:  # an optional dependency (pyscard) missing on a laptop
            continue
        for value in vars(mod).values():
            if isinstance(value, Table) and id(value) not in seen:
                seen.add(id(value))
                out.append((info.name, value))
    return out


def test_knowledge_tables_are_listed() -> None:
    """A domain's knowledge.py lists every Table it defines in TABLES (what the engine walks)."""
    for spec in DOMAINS:
        mod = spec.module("knowledge")
        listed = {id(t) for t in mod.TABLES}
        for name, value in vars(mod).items():
            if isinstance(value, Table):
                assert id(value) in listed, f"{spec.name}.knowledge.{name} is not in TABLES"


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
