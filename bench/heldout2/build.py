"""Write bench/heldout2/draft.tsv (or cases.tsv with --final) from the ROWS below.

Why a builder: the texts hold backslashes, quotes and newlines; writing them as Python strings
and escaping them once (\\ \n \t, as bench/heldout.py undoes) avoids hand-escaping mistakes.
Once cases.tsv is frozen this file is only a record of how it was made.
"""
from __future__ import annotations
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS: list[tuple[str, str, str, str, str, str]] = []


def row(text: str, domains: str, causes: str, url: str, tags: str, note: str) -> None:
    ROWS.append((text, domains, causes, url, tags, note))


def esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

exec((HERE / "rows.py").read_text(encoding="utf-8"))

HEADER = open(HERE / "header.txt", encoding="utf-8").read() if (HERE / "header.txt").exists() else ""


def main() -> None:
    out = HERE / ("cases.tsv" if "--final" in sys.argv else "draft.tsv")
    lines = [HEADER.rstrip("\n")] if HEADER else []
    lines.append("#text\texpected_domain\tcauses\tsource_url\ttags\tnote")
    for text, d, c, u, t, n in ROWS:
        for f in (d, c, u, t, n):
            assert "\t" not in f and "\n" not in f, f
        lines.append("\t".join([esc(text), d, c, u, t, n.replace("\t", " ")]))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(ROWS)} rows -> {out}")


main()
