"""Fourth sweep of real error lines (tests/corpus/sweep4/*.tsv), one file per domain group.

Same contract as the earlier sweeps: each row is a line a user pasted in a public thread, with
the cause that thread established; the top finding must name that cause and the top domain must
be the row's domain. This sweep adds a fifth column: a row the engine still gets wrong carries
the reason there and runs as a strict xfail, so the miss is measured where the row is, and a fix
that makes it pass must clear the column.

A thread already frozen in a held-out set (bench/heldout*/cases.tsv) must not be trained on: the
held-out figures would no longer say how the engine does on wording it has never seen.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from hsd_testing import unescape_tsv

import handshake_doctor as hd
from handshake_doctor import codes as code_registry

DIR = Path(__file__).parent / "sweep4"
BENCH = Path(__file__).resolve().parents[2] / "bench"


class Row(NamedTuple):
    group: str
    line: int
    text: str
    domains: tuple[str, ...]
    codes: tuple[str, ...]
    url: str
    miss: str


def load_rows() -> list[Row]:
    rows: list[Row] = []
    for path in sorted(DIR.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            assert len(fields) == 5, f"{path.name} line {number}: {len(fields)} columns, want 5"
            text, domain, codes, url, miss = fields
            rows.append(
                Row(path.stem, number, unescape_tsv(text), tuple(domain.split("|")), tuple(codes.split(",")), url, miss.strip())
            )
    return rows


ROWS = load_rows()


def _norm_url(url: str) -> str:
    url = url.strip().lower().rstrip("/").split("#")[0]
    return re.sub(r"^https?://(www\.)?", "", url)


def test_rows_are_cited_and_unique() -> None:
    assert ROWS, "sweep4 holds no rows"
    assert all(r.url.startswith("https://") for r in ROWS)
    seen: set[str] = set()
    for r in ROWS:
        assert r.text not in seen, f"duplicate row {r.group}:{r.line}"
        seen.add(r.text)


def test_no_thread_is_a_held_out_case() -> None:
    held: set[str] = set()
    for cases in BENCH.glob("heldout*/cases.tsv"):
        held.update(_norm_url(u) for u in re.findall(r"https?://[^\s\t]+", cases.read_text(errors="replace")))
    leaked = sorted(r.url for r in ROWS if _norm_url(r.url) in held)
    assert not leaked, leaked


def test_expected_codes_are_declared() -> None:
    declared = {c.code for c in code_registry.all_codes()}
    unknown = sorted({c for r in ROWS for c in r.codes} - declared)
    assert not unknown, unknown


def _param(r: Row):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(reason=r.miss, strict=True)] if r.miss else []
    return pytest.param(r, id=f"{r.group}-{r.line:03d}", marks=marks)


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_top_finding_names_the_threads_cause(row: Row) -> None:
    d = hd.explain(row.text)
    assert d.findings, f"no finding for {row.text!r} ({row.url})"
    got = d.findings[0].code
    assert got in row.codes, (got, [f.code for f in d.findings[:4]], row.url)
    assert d.domains[0].name in row.domains, ([(s.name, round(s.score, 2)) for s in d.domains[:3]], row.url)
