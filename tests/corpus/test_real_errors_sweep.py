"""Real error lines from public issue threads (tests/corpus/real_errors_sweep.tsv): the top finding must
name the cause the thread settled on. The lines were collected before the engine was tuned on them; a
failure means a general message pattern, cue or ranking is missing, never that a line needs its own rule.
(A second collector maintains real_errors.tsv / test_real_errors.py; the two corpora are kept apart so
neither writer overwrites the other.)"""

from __future__ import annotations

from pathlib import Path

import pytest

import handshake_doctor as hd
from handshake_doctor.codes import all_codes
from handshake_doctor.registry import DOMAINS

_PATH = Path(__file__).parent / "real_errors_sweep.tsv"


def _unescape(field: str) -> str:
    r"""\n and \t stand for newline and tab; any other backslash stays as typed (Windows paths)."""
    return field.replace("\\n", "\n").replace("\\t", "\t")


ROWS = [ln.split("\t") for ln in _PATH.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def test_corpus_is_well_formed_and_broad() -> None:
    """Every row names registered domains, declared codes and a public thread; every domain family is covered."""
    known = {c.code for c in all_codes()}
    names = {d.name for d in DOMAINS}
    assert len(ROWS) >= 60
    for row in ROWS:
        assert len(row) == 4, row
        text, domain, codes, url = row
        assert text.strip()
        assert set(domain.split("|")) <= names, domain
        assert set(codes.split(",")) <= known, codes
        assert url.startswith("https://"), url
    first = {r[1].split("|")[0] for r in ROWS}
    assert first >= names - {"text", "http", "negotiate"}, sorted(names - first)


@pytest.mark.parametrize("text,domain,codes,url", ROWS, ids=[f"{i:03d}-{r[0][:48]}" for i, r in enumerate(ROWS)])
def test_top_finding_names_the_cause(text: str, domain: str, codes: str, url: str) -> None:
    d = hd.explain(_unescape(text))
    assert d.findings, f"no finding for {text!r} ({url})"
    got = d.findings[0].code
    assert got in codes.split(","), (got, [f.code for f in d.findings[:4]], url)
    assert d.domains[0].name in domain.split("|"), ([(s.name, round(s.score, 2)) for s in d.domains[:3]], url)
