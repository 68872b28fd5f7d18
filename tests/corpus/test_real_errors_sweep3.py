"""Third sweep of real error lines (tests/corpus/sweep3/*.tsv), one file per domain group.

Same contract as real_errors.tsv: each row is a line a user pasted in a public thread, with the
cause that thread established; the top finding must name that cause and the top domain must be
the row's domain. Collected after the engine had been tuned on the first two sweeps, so the
pass rate before any fix for these rows is a fair measure of how the engine generalises (the
closing note of issue 5's session gives it per group).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from hsd_testing import unescape_tsv

import handshake_doctor as hd
from handshake_doctor import codes as code_registry

DIR = Path(__file__).parent / "sweep3"


class Row(NamedTuple):
    group: str
    line: int
    text: str
    domains: tuple[str, ...]
    codes: tuple[str, ...]
    url: str


def load_rows() -> list[Row]:
    rows: list[Row] = []
    for path in sorted(DIR.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            assert len(fields) == 4, f"{path.name} line {number}: {len(fields)} columns, want 4"
            text, domain, codes, url = fields
            rows.append(Row(path.stem, number, unescape_tsv(text), tuple(domain.split("|")), tuple(codes.split(",")), url))
    return rows


ROWS = load_rows()

#: Rows the engine still gets wrong after the general fixes, by thread, with the reason. They stay in
#: the corpus as measured misses (strict xfail: a fix that makes one pass must move it out of here).
KNOWN_MISSES: dict[str, str] = {
    "https://github.com/microsoft/vscode-arduino/issues/764": "an old-bootloader Nano at the other rate answers printable bytes; read as a running sketch",
    "https://github.com/Rahix/avr-hal/issues/336": "same: a printable garbage resp= at the wrong bootloader rate looks like sketch text",
    "https://github.com/dword1511/stm32-vserprog/issues/58": "stm32flash's bare 'Failed to init device.' covers both a wrong byte and no reply",
    "https://github.com/grigorig/stcgal/issues/9": "the cause (a CH340 driver without parity) is nowhere in the text",
}


def test_rows_are_cited_and_unique() -> None:
    assert all(r.url.startswith("https://") for r in ROWS)
    seen: set[str] = set()
    for r in ROWS:
        assert r.text not in seen, f"duplicate row {r.group}:{r.line}"
        seen.add(r.text)


def test_expected_codes_are_declared() -> None:
    declared = {c.code for c in code_registry.all_codes()}
    unknown = sorted({c for r in ROWS for c in r.codes} - declared)
    assert not unknown, unknown


def _param(r: Row):  # type: ignore[no-untyped-def]
    miss = KNOWN_MISSES.get(r.url)
    marks = [pytest.mark.xfail(reason=miss, strict=True)] if miss else []
    return pytest.param(r, id=f"{r.group}-{r.line:03d}", marks=marks)


def test_known_misses_are_in_the_corpus() -> None:
    assert set(KNOWN_MISSES) <= {r.url for r in ROWS}


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_top_finding_names_the_threads_cause(row: Row) -> None:
    d = hd.explain(row.text)
    assert d.findings, f"no finding for {row.text!r} ({row.url})"
    got = d.findings[0].code
    assert got in row.codes, (got, [f.code for f in d.findings[:4]], row.url)
    assert d.domains[0].name in row.domains, ([(s.name, round(s.score, 2)) for s in d.domains[:3]], row.url)
