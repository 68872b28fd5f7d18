"""One home per concept (issue 13): a smartcard, meter or database finding's fixes come from its own
domain's fixes table, looked up by the finding's code, whichever verb or module built the finding.

Two halves: a static one (no module of these domains but fixes.py builds a Fix or a Snippet), and a
dynamic one (explain over many real inputs; every finding of these domains is checked against the
table row of its code). The probe's half runs the PC/SC checklist on the scripted cards
(tests/smartcard_probe/test_fixes_from_table.py).
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

import handshake_doctor as hd
from handshake_doctor.domains.database import codes as DBC
from handshake_doctor.domains.database import fixes as DBF
from handshake_doctor.domains.database import knowledge as DBK
from handshake_doctor.domains.meter import codes as MC
from handshake_doctor.domains.meter import fixes as MF
from handshake_doctor.domains.smartcard import codes as SCC
from handshake_doctor.domains.smartcard import fixes as SF
from handshake_doctor.domains.smartcard import knowledge as SK
from handshake_doctor.model import Finding

SRC = Path(hd.__file__).parent / "domains"
ROOT = Path(__file__).resolve().parents[2]
DOMAINS = ("smartcard", "meter", "database")


@pytest.mark.parametrize("domain", DOMAINS)
def test_only_the_fixes_module_builds_fixes(domain: str) -> None:
    offenders = []
    for path in sorted((SRC / domain).glob("*.py")):
        if path.name == "fixes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
                if name in ("Fix", "Snippet"):
                    offenders.append(f"{path.name}:{node.lineno} {name}(...)")
    assert not offenders, offenders


def test_every_code_has_a_place_in_its_table() -> None:
    sc_codes = {c.code for c in SCC.CODES}
    assert {r.code for r in SF.ROWS} - {"*"} <= sc_codes, "fix rows for undeclared codes"
    assert set(MF.CODE_FIXES) <= {c.code for c in MC.CODES}
    assert all(k in MF.FIXES for keys in MF.CODE_FIXES.values() for k in keys)
    assert set(DBF.FIXES) == {c.code for c in DBC.CODES}


def _from_own_table(f: Finding) -> list[str]:
    bad = []
    from handshake_doctor import spotting

    declared = spotting.of(f.domain)
    for fix in f.fixes:
        if f.code.endswith(".unrecognised_message") and declared is not None and fix.summary in declared.checklist:
            continue  # issue 12: the domain's checklist, declared in its own package (spotting())
        if f.domain == "smartcard":
            ok = SF.from_table(f.code, fix)
        elif f.domain == "meter":
            ok = fix in MF.fixes_for(f.code)
        elif f.domain == "database":
            ok = fix in DBF.FIXES.get(f.code, [])
        else:
            ok = True
        if not ok:
            bad.append(f"{f.code}: {fix.summary[:80]!r}")
    return bad


def _corpus_texts() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "corpus").rglob("*.tsv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE):
                if row and row[0]:
                    out.append(row[0].replace("\\n", "\n").replace("\\t", "\t"))
    return out


def _inputs() -> list[str]:
    texts = _corpus_texts()
    for sw1 in list(range(0x61, 0x70)) + [0x90, 0x91, 0x92, 0x93, 0x94, 0x98]:
        for sw2 in (0x00, 0x01, 0x08, 0x10, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x88, 0x99, 0xC0, 0xC3, 0xFF):
            texts.append(f"SW={sw1:02X}{sw2:02X}")
    texts += [f"0x{r.value:08X}" for r in SK.PCSC_CODES.rows] + [r.name for r in SK.PCSC_CODES.rows]
    texts += ["0x68", "0x61", "ATR: 3B 95 13 81 01 80 73 FF 01 00 0B", "ATR 3B 95 13 81 01 80 73 FF 01 00 0C",
              "APDU 00 B0 00 00 00 -> 6C08", "0C A4 04 00 05 A0 00 00 00 01 00 -> 6110",
              "sent 03 A4 04 00 05 A0 00 00 00 01 got SW 6881", "10 C0 FE 3E 16", "68 0B 0B 68 53 FE 51 01 7A 7B 01 00 00 00 00 16",
              "E5", "SSL negotiation: N", "received invalid response to SSL negotiation: H"]
    from handshake_doctor.domains.database.tool_messages import INVENTORY as DB_INV
    from handshake_doctor.domains.meter.tool_messages import INVENTORY as M_INV
    from handshake_doctor.domains.smartcard.tool_messages import INVENTORY as SC_INV
    from handshake_doctor.knowledge.inventory import example_of

    for inv in (SC_INV, DB_INV, M_INV):
        texts += [example_of(row) for row in inv.rows]
    return texts


def test_every_explained_finding_takes_its_fixes_from_its_own_domain() -> None:
    checked = 0
    bad: list[str] = []
    for text in _inputs():
        for f in hd.explain(text).findings:
            if f.domain in DOMAINS:
                checked += len(f.fixes)
                bad += [f"{text[:60]!r} -> {b}" for b in _from_own_table(f)]
    assert checked > 200, checked
    assert not bad, bad[:20]


def test_the_check_can_fail() -> None:
    """A fix that no row of the code has is caught (the check is not vacuous)."""
    from handshake_doctor.model import Fix

    wrong = Finding("smartcard.no_card", "smartcard", "x", "", "error", 0.9, [], [Fix("Reboot.", "user")], [], {})
    assert _from_own_table(wrong)
    borrowed = Finding("smartcard.no_card", "smartcard", "x", "", "error", 0.9, [], SF.fixes_for("smartcard.no_reader"), [], {})
    assert _from_own_table(borrowed)
    templated = SF.fixes_for("smartcard.wrong_le", sw2=8, ne=8, resend="00 B0 00 00 08")
    assert not _from_own_table(Finding("smartcard.wrong_le", "smartcard", "x", "", "warning", 0.9, [], templated, [], {}))
    assert DBK.MESSAGES.rows  # the database table is loaded from its own package
