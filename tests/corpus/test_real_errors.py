"""Error lines users pasted in public issue threads (tests/corpus/real_errors.tsv).

Each row carries the cause the thread established (not what the tool printed at the time it was
collected): the top finding must name that cause and the top domain must be the row's domain.
The rows are facts quoted from the cited thread; escapes \\n and \\t stand for newline and tab.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from hsd_testing import unescape_tsv

import handshake_doctor as hd
from handshake_doctor import codes as code_registry

TSV = Path(__file__).parent / "real_errors.tsv"


class Row(NamedTuple):
    text: str
    domains: tuple[str, ...]
    codes: tuple[str, ...]
    url: str


def load_rows() -> list[Row]:
    rows: list[Row] = []
    for number, line in enumerate(TSV.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == 4, f"real_errors.tsv line {number}: {len(fields)} columns, want 4"
        text, domain, codes, url = fields
        rows.append(Row(unescape_tsv(text), tuple(domain.split("|")), tuple(codes.split(",")), url))
    return rows


ROWS = load_rows()


def test_corpus_is_broad_and_cited() -> None:
    """The sweep is only meaningful if it spans every domain family and every row names its thread."""
    assert len(ROWS) >= 120
    families = {r.domains[0].split(".")[0] for r in ROWS}
    assert {"tls", "net", "database", "bootloader", "serial", "smartcard", "meter"} <= families
    assert all(r.url.startswith("https://") for r in ROWS)


def test_expected_codes_are_declared() -> None:
    """An expected code that no domain declares would make a row impossible to pass."""
    declared = {c.code for c in code_registry.all_codes()}
    unknown = sorted({c for r in ROWS for c in r.codes} - declared)
    assert not unknown, unknown


@pytest.mark.parametrize("row", ROWS, ids=[f"{i:03d}-{r.text[:40]}" for i, r in enumerate(ROWS)])
def test_top_finding_names_the_threads_cause(row: Row) -> None:
    d = hd.explain(row.text)
    assert d.findings, f"no finding for {row.text!r} ({row.url})"
    got = d.findings[0].code
    assert got in row.codes, (got, [f.code for f in d.findings[:4]], row.url)
    assert d.domains[0].name in row.domains, ([(s.name, round(s.score, 2)) for s in d.domains[:3]], row.url)
