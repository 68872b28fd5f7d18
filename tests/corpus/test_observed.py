"""Real client output with known causes (tests/corpus/observed.tsv): the top finding must name the cause."""

from __future__ import annotations

from pathlib import Path

import pytest

import handshake_doctor as hd

ROWS = [
    ln.split("\t")
    for ln in (Path(__file__).parent / "observed.tsv").read_text().splitlines()
    if ln.strip() and not ln.startswith("#")
]


@pytest.mark.parametrize("text,domain,codes", ROWS, ids=[r[0][:50] for r in ROWS])
def test_top_finding_names_the_cause(text: str, domain: str, codes: str) -> None:
    d = hd.explain(text)
    assert d.findings, f"no finding for {text!r}"
    got = d.findings[0].code
    assert got in codes.split(","), (got, [f.code for f in d.findings[:4]])
    assert d.domains[0].name in domain.split("|"), [(s.name, round(s.score, 2)) for s in d.domains[:3]]
