"""The context gate is one rule for every domain (engine.py, knowledge/spotting_types.py: Spotting).

Tested twice: on two synthetic domains (so the rule itself, not one domain's data, is what is
checked), and on every registered domain's declaration (well-formed, codes declared).
"""

from __future__ import annotations

import re

import pytest

from handshake_doctor import engine, spotting
from handshake_doctor.codes import all_codes
from handshake_doctor.knowledge.spotting_types import Spotting, ToolMark
from handshake_doctor.knowledge.table import Table
from handshake_doctor.model import Assessment, Diagnosis, Evidence, Finding
from handshake_doctor.registry import DOMAINS
from handshake_doctor.textparse import parse

SRC = "synthetic test domain"
A = Spotting(tools=Table("a", (ToolMark("zebractl:", "zebractl", SRC),)), context=(r"\bzebra\b",), checklist=("check the zebra",), source=SRC)
B = Spotting(tools=Table("b", (ToolMark("yakctl:", "yakctl", SRC),)), context=(r"\byak\b",), checklist=("check the yak",), source=SRC)
A_ON_B = Spotting(tools=A.tools, context=A.context, checklist=A.checklist, carries=("zzzb",), source=SRC)


def _fake(monkeypatch, a_spotting: Spotting = A) -> None:  # type: ignore[no-untyped-def]
    """Only the two synthetic domains are declared. The engine's literal pre-check is keyed by the
    registered packages' declarations, which do not hold these, so it is switched off here (its
    exactness is tested below on real inputs)."""
    monkeypatch.setitem(spotting._CACHE, "all", [("zzza", a_spotting), ("zzzb", B)])
    monkeypatch.setattr(engine, "_gate_may_matter", lambda parsed, assessments: True)


def _gate(monkeypatch, text: str, a_spotting: Spotting = A, confidence: float = 0.85) -> list[str]:  # type: ignore[no-untyped-def]
    _fake(monkeypatch, a_spotting)
    rule = Finding("zzza.busy", "zzza", "busy", confidence=confidence, evidence=[Evidence("message", "access denied")])
    value = Finding("zzza.value", "zzza", "a value", confidence=0.5, evidence=[Evidence("bytes", "68")])
    got = engine._concepts_and_gate(parse(text), [Assessment("zzza", 0.9, findings=[rule, value])], Diagnosis("explain", text))
    return [f.code for a in got for f in a.findings]


def test_a_rule_does_not_fire_in_another_fields_context(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    codes = _gate(monkeypatch, "yak server: access denied for user")
    assert "zzza.busy" not in codes
    assert "zzza.value" not in codes  # the input is about another field: its value readings are noise too


def test_without_another_field_a_value_reading_stays(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert "zzza.value" in _gate(monkeypatch, "unexpected response 0x68", confidence=0.4)


def test_a_rule_fires_with_its_own_context(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert "zzza.busy" in _gate(monkeypatch, "zebra port: access denied")
    assert "zzza.busy" in _gate(monkeypatch, "zebractl: access denied (yak)")  # a tool's line is context


def test_a_rule_fires_in_the_context_of_the_layer_it_runs_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert "zzza.busy" in _gate(monkeypatch, "yak server: access denied", A_ON_B)


def test_without_any_context_only_a_confident_rule_fires(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert "zzza.busy" in _gate(monkeypatch, "access denied", confidence=0.85)
    assert "zzza.busy" not in _gate(monkeypatch, "access denied", confidence=0.4)


def test_bare_values_are_never_gated(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert "zzza.busy" in _gate(monkeypatch, "68 81", confidence=0.4)


def test_an_unknown_tool_line_is_quoted_with_the_checklist(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fake(monkeypatch)
    text = "zebractl: frobnication failed with a wording nobody has seen"
    got = engine._concepts_and_gate(parse(text), [], Diagnosis("explain", text))
    (a,) = got
    (f,) = a.findings
    assert f.code == "zzza.unrecognised_message" and text in f.summary
    assert [x.summary for x in f.fixes] == ["check the zebra"]


DECLARED = [(spec.name, spotting.of(spec.name)) for spec in DOMAINS]


@pytest.mark.parametrize("name,sp", DECLARED, ids=[n for n, _ in DECLARED])
def test_every_domain_declares_a_well_formed_spotting(name: str, sp: Spotting | None) -> None:
    assert isinstance(sp, Spotting), f"{name} declares no spotting() in its package"
    codes = {c.code for c in all_codes()}
    names = {s.name for s in DOMAINS}
    for pat in sp.context + sp.hints:
        re.compile(pat)
    for t in sp.tools:
        assert t.mark == t.mark.lower(), t  # the engine compares marks with the lower-cased input
        assert len(t.source) >= 4
    if sp.tools:
        assert sp.checklist, f"{name}: a domain with tools gives a checklist for their unknown lines"
        assert f"{name}.unrecognised_message" in codes
    for b in sp.errno:
        assert b.code in codes and b.code.startswith(name + "."), b
        assert len(b.source) >= 4, b  # knowledge is data with sources (the tables live in a function)
    for code in sp.value_readings:
        assert code in codes, code
    assert set(sp.carries) <= names - {name}
    for kind, template in sp.probe_targets:
        assert "://" in template.format(object="x"), (kind, template)


def _corpus_texts() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "corpus"
    out: list[str] = []
    for tsv in sorted(root.rglob("*.tsv")):
        for line in tsv.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(line.split("\t", 1)[0].replace("\\n", "\n").replace("\\t", "\t"))
    return out


def test_the_gate_precheck_is_exact(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """engine._gate_may_matter only skips work that would change nothing: on every corpus text,
    the diagnosis is the same with the pre-check and with the gate always run."""
    import handshake_doctor as hd

    texts = _corpus_texts()
    assert len(texts) > 300
    fast = [hd.explain(t).to_dict() for t in texts]
    skipped = sum(1 for t in texts if not engine._gate_may_matter(parse(t), engine.assess_all(parse(t))))
    monkeypatch.setattr(engine, "_gate_may_matter", lambda parsed, assessments: True)
    full = [hd.explain(t).to_dict() for t in texts]
    for t, a, b in zip(texts, fast, full):
        a.pop("elapsed_ms", None)
        b.pop("elapsed_ms", None)
        assert a == b, t
    assert skipped > 0  # the pre-check does skip some inputs (else it tests nothing)
