"""Check held-out set 2 against the material explain was written or measured against.

Why: a held-out case whose URL or a long line already sits in tests/corpus or in set 1 is not
held out. Rules (issue 12): no source URL that appears in tests/corpus/**/*.tsv or
bench/heldout/cases.tsv; no line of >= 40 characters of a case's text that appears verbatim in
those files. Usage: python3 bench/heldout2/check_exclusions.py [bench/heldout2/cases.tsv]
Exit 1 and one line per violation when any case breaks a rule; also flags duplicate URLs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
URL_RE = re.compile(r"https?://[^\s\t\"'<>)\]]+")
# Tool boilerplate that carries no cause (as set 1 exempted stack frames and curl's "More details"
# line): progress dots, pointers to troubleshooting pages, stack frames.
BOILERPLATE = [
    re.compile(r"^Connecting[._]*$"),
    re.compile(r"^For troubleshooting steps visit: "),
    re.compile(r"^More details here: "),
    re.compile(r"^at [\w$.<>/]+\(.*\)( ~?\[.*\])?$"),
    re.compile(r'^File ".*", line \d+'),
]


def unescape(field: str) -> str:
    """Undo the TSV escapes (\\n, \\t, \\\\) as bench/heldout.py does."""
    out: list[str] = []
    i = 0
    while i < len(field):
        if field[i] == "\\" and i + 1 < len(field) and field[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[field[i + 1]])
            i += 2
            continue
        out.append(field[i])
        i += 1
    return "".join(out)


def reference_files() -> list[Path]:
    files = sorted((ROOT / "tests" / "corpus").rglob("*.tsv"))
    files.append(ROOT / "bench" / "heldout" / "cases.tsv")
    return files


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "bench" / "heldout2" / "cases.tsv"
    ref_text = ""
    for f in reference_files():
        raw = f.read_text(encoding="utf-8", errors="replace")
        ref_text += raw + "\n" + unescape(raw) + "\n"
    ref_urls = {u.rstrip(".,;").rstrip("/") for u in URL_RE.findall(ref_text)}
    bad = 0
    seen: dict[str, int] = {}
    rows = 0
    for number, line in enumerate(target.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            print(f"line {number}: {len(fields)} columns, want 6")
            bad += 1
            continue
        rows += 1
        text, _dom, _causes, url, _tags, _note = fields
        url = url.strip()
        if url.rstrip("/") in ref_urls:
            print(f"line {number}: URL already used: {url}")
            bad += 1
        if url in seen:
            print(f"line {number}: URL duplicates line {seen[url]}: {url}")
            bad += 1
        seen[url] = number
        for tline in unescape(text).split("\n"):
            s = tline.strip()
            if any(b.search(s) for b in BOILERPLATE):
                continue
            if len(s) >= 40 and s in ref_text:
                print(f"line {number}: line of {len(s)} chars appears verbatim in tests/corpus or set 1: {s[:70]}")
                bad += 1
    print(f"{rows} rows checked, {bad} violations")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
