"""Public contracts: the finding-code vocabulary and the --json document."""

from __future__ import annotations

import json
from pathlib import Path

from handshake_doctor.codes import all_codes, markdown
from handshake_doctor.registry import DOMAINS

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
FROZEN = HERE / "codes_frozen.txt"


def test_every_code_starts_with_its_domain_and_is_unique() -> None:
    codes = [c.code for c in all_codes()]
    assert len(codes) == len(set(codes)), "duplicate finding code"
    names = {d.name for d in DOMAINS}
    for code in codes:
        assert any(code.startswith(n + ".") for n in names), code


def test_codes_doc_is_current() -> None:
    doc = (ROOT / "docs" / "CODES.md").read_text()
    assert doc == markdown(), "docs/CODES.md is stale: python -m handshake_doctor.codes > docs/CODES.md"


def test_no_code_ever_disappears() -> None:
    """Codes are never renamed or removed: every code once published must still be declared."""
    published = {ln.strip() for ln in FROZEN.read_text().splitlines() if ln.strip() and not ln.startswith("#")}
    current = {c.code for c in all_codes()}
    missing = published - current
    assert not missing, f"published codes removed or renamed: {sorted(missing)}"


def test_json_document_shape(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("explain", "--json", "Handshaking... error: unexpected response 0x68")
    assert r.returncode in (0, 1), r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "handshake-doctor/1"
    for key in ("input", "domains", "findings", "questions", "notes", "exit_code", "verb"):
        assert key in doc
    assert doc["exit_code"] == r.returncode
    for d in doc["domains"]:
        assert {"name", "score"} <= set(d) and 0 <= d["score"] <= 1
    declared = {c.code for c in all_codes()}
    for f in doc["findings"]:
        assert {"code", "domain", "summary", "detail", "evidence", "fixes"} <= set(f)
        assert f["code"] in declared, f"{f['code']} is emitted but not declared in a codes.py"
        assert f["code"].startswith(f["domain"] + ".")
        for x in f["fixes"]:
            assert {"summary", "side", "command", "snippets"} <= set(x)


def test_api_returns_what_the_cli_prints(cli) -> None:  # type: ignore[no-untyped-def]
    import handshake_doctor

    text = "avrdude: stk500_recv(): not in sync: resp=0x68"
    api = handshake_doctor.explain(text).to_dict()
    out = json.loads(cli("explain", "--json", text).stdout)
    api.pop("elapsed_ms", None)
    out.pop("elapsed_ms", None)
    assert api == out


def test_every_code_literal_in_the_source_is_declared() -> None:
    """Any string in the package that has the shape of a finding code must be a declared code
    (module names such as serial.tools aside)."""
    import ast
    import importlib.util
    import re

    declared = {c.code for c in all_codes()}
    names = "|".join(re.escape(d.name) for d in DOMAINS)
    shape = re.compile(rf"^(?:{names})\.[a-z0-9_]+$")
    found: dict[str, str] = {}
    for path in (ROOT / "src" / "handshake_doctor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and shape.match(node.value):
                found.setdefault(node.value, str(path.relative_to(ROOT)))
    assert len(found) >= 50

    def is_module(name: str) -> bool:
        try:
            return importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            return False

    missing = {
        c: p
        for c, p in found.items()
        if c not in declared and not any(d.startswith(c) for d in declared)  # prefixes for startswith()
        and not is_module(c) and not is_module("handshake_doctor.domains." + c)
    }
    assert not missing, f"codes used but not declared: {missing}"
