"""Held-out measurement for issue 12: does `explain` recognise failures it was not written against?

Run (from the repository root):
    PYTHONPATH=src python3 bench/heldout.py              # figures + misses (set 1)
    PYTHONPATH=src python3 bench/heldout.py --json out.json   # also per-case results
    PYTHONPATH=src python3 bench/heldout.py --set heldout2 --no-misses   # set 2

`--set heldout` (default) measures bench/heldout/cases.tsv, `--set heldout2` measures
bench/heldout2/cases.tsv. Each set is frozen on its own: its sha256 is in FROZEN.sha256 next to
it, and this script refuses to measure a file that differs. It goes through the public API only:
`handshake_doctor.explain(text)`, then `diag.domains[0].name` and `diag.findings[0].code`.

Two figures:
  top-1 domain rate  diag.domains[0].name is one of the row's expected domains (`a|b`)
  cause rate         diag.findings[0].code is one of the row's acceptable codes; a `new:<code>`
                     entry counts only when explain returns exactly `<code>` as findings[0]
                     (that is, once someone adds that code), never a near miss.
Per-domain figures group rows by the first expected domain.

Do not tune explain against these cases and do not copy them into tests/: that would turn the
held-out figure into a training figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("heldout", "heldout2")
HERE = Path(__file__).resolve().parent / "heldout"
CASES = HERE / "cases.tsv"
FROZEN = HERE / "FROZEN.sha256"


def select_set(name: str) -> None:
    """Point CASES/FROZEN at one set; each set keeps its own frozen hash, so neither can drift."""
    global HERE, CASES, FROZEN
    if name not in SETS:
        sys.exit(f"unknown set {name!r}; choose one of {', '.join(SETS)}")
    HERE = Path(__file__).resolve().parent / name
    CASES = HERE / "cases.tsv"
    FROZEN = HERE / "FROZEN.sha256"


def check_frozen() -> str:
    """Return the sha256 of cases.tsv; exit if it is not the frozen one."""
    digest = hashlib.sha256(CASES.read_bytes()).hexdigest()
    want = FROZEN.read_text(encoding="utf-8").split()[0].strip().lower()
    if digest != want:
        sys.exit(
            f"refusing to measure: {CASES.relative_to(ROOT)} sha256 {digest}\n"
            f"differs from the frozen {want} in {FROZEN.relative_to(ROOT)}.\n"
            "The held-out set must not change; restore it (git checkout) rather than editing the hash."
        )
    return digest


def unescape(field: str) -> str:
    """Undo the TSV escapes (\\n, \\t, \\\\); any other backslash stays as typed."""
    out: list[str] = []
    i = 0
    while i < len(field):
        ch = field[i]
        if ch == "\\" and i + 1 < len(field) and field[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[field[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def load_cases() -> list[dict]:
    cases = []
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            sys.exit(f"cases.tsv line {number}: {len(fields)} columns, want 6")
        text, domains, causes, url, tags, note = fields
        cases.append(
            {
                "line": number,
                "text": unescape(text),
                "domains": domains.split("|"),
                "causes": [c.strip() for c in causes.split(",") if c.strip()],
                "url": url,
                "tags": [t for t in tags.split(",") if t],
            }
        )
    return cases


def cause_ok(code: str | None, causes: list[str]) -> bool:
    if code is None:
        return False
    for c in causes:
        if c.startswith("new:"):
            if code == c[len("new:"):]:
                return True
        elif code == c:
            return True
    return False


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except Exception:  # noqa: BLE001 - the commit is informative only
        return "unknown"


def pct(n: int, d: int) -> str:
    return f"{n}/{d} = {100.0 * n / d:5.1f}%" if d else "0/0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", metavar="PATH", help="write per-case results to PATH")
    ap.add_argument("--no-misses", action="store_true", help="do not print the list of misses")
    ap.add_argument("--set", dest="set_name", default="heldout", choices=SETS,
                    help="which frozen set to measure (default: heldout, set 1)")
    args = ap.parse_args(argv)

    select_set(args.set_name)
    digest = check_frozen()
    sys.path.insert(0, str(ROOT / "src"))  # measure this checkout, not some installed copy
    import handshake_doctor as hd  # imported after the check: nothing is measured on a changed set

    cases = load_cases()
    results = []
    for case in cases:
        diag = hd.explain(case["text"])
        top_domain = diag.domains[0].name if diag.domains else None
        top_code = diag.findings[0].code if diag.findings else None
        results.append(
            {
                "line": case["line"],
                "url": case["url"],
                "expected_domains": case["domains"],
                "acceptable_causes": case["causes"],
                "tags": case["tags"],
                "got_domain": top_domain,
                "got_code": top_code,
                "domains": [[d.name, d.score] for d in diag.domains[:3]],
                "codes": [f.code for f in diag.findings[:3]],
                "domain_ok": top_domain in case["domains"],
                "cause_ok": cause_ok(top_code, case["causes"]),
            }
        )

    n = len(results)
    dom = sum(r["domain_ok"] for r in results)
    cau = sum(r["cause_ok"] for r in results)
    print(f"held-out set {args.set_name}: {n} cases, sha256 {digest[:16]}…  commit {git_commit()}  "
          f"handshake_doctor {getattr(hd, '__version__', '?')} from {Path(hd.__file__).parent}")
    print(f"top-1 domain rate: {pct(dom, n)}")
    print(f"cause rate:        {pct(cau, n)}")

    groups: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        groups[r["expected_domains"][0]].append(r)
    print("\nper domain (first expected domain)   cases   domain          cause")
    for name in sorted(groups):
        g = groups[name]
        print(f"  {name:34s} {len(g):5d}   {pct(sum(r['domain_ok'] for r in g), len(g)):15s} "
              f"{pct(sum(r['cause_ok'] for r in g), len(g))}")
    for tag in ("multiline", "misleading"):
        g = [r for r in results if tag in r["tags"]]
        print(f"  [tag {tag}]{'':{24 - len(tag)}s} {len(g):5d}   "
              f"{pct(sum(r['domain_ok'] for r in g), len(g)):15s} {pct(sum(r['cause_ok'] for r in g), len(g))}")

    if not args.no_misses:
        misses = [r for r in results if not (r["domain_ok"] and r["cause_ok"])]
        print(f"\nmisses ({len(misses)}): line  [D=domain wrong, C=cause wrong]  expected -> got")
        for r in misses:
            flag = ("D" if not r["domain_ok"] else "-") + ("C" if not r["cause_ok"] else "-")
            print(f"  {r['line']:4d} {flag}  {'|'.join(r['expected_domains'])} / {','.join(r['acceptable_causes'])}"
                  f"  ->  {r['got_domain']} / {r['got_code']}")

    if args.json:
        Path(args.json).write_text(
            json.dumps({"set": args.set_name, "sha256": digest, "commit": git_commit(), "cases": n,
                        "domain_ok": dom, "cause_ok": cau, "results": results}, indent=2) + "\n",
            encoding="utf-8",
        )
        print(f"\nper-case results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
