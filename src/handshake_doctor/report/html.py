"""``--format html``: one self-contained page (no external resources, works offline).

Why HTML beside the terminal: some answers are pictures: the exchange as a ladder diagram, the
certificate chain as sent beside what the client needed, the UART waveform of a rate mismatch
(the bits the device sent and where the host sampled them). The page draws the pictures a
Diagnosis carries (model.Picture, by kind, never by domain) with inline SVG, and shows the same
view as the terminal (view.py): the answer, the questions first when uncertain, the decisive
evidence, the fix for the user's stack, then every finding and the checklist with timings. The
Diagnosis's JSON is embedded for scripts (``<script type="application/json" id="diagnosis">``).
"""

from __future__ import annotations

import json
from html import escape

from ..model import Diagnosis, Finding, Fix, Picture
from .view import View, build

SEV_COLOR = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0", "ok": "#2e7d32"}

CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2433}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:18px;margin:0 0 4px;color:#555;font-weight:600;word-break:break-all}
.answer{font-size:22px;font-weight:650;margin:8px 0 16px;padding:14px 16px;border-radius:8px;background:#fff;border-left:6px solid var(--c)}
section{background:#fff;border-radius:8px;padding:14px 16px;margin:14px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:15px;margin:0 0 10px;text-transform:uppercase;letter-spacing:.04em;color:#667}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;background:var(--c)}
.q{background:#fff8e1;border-left:6px solid #f9a825}
.bar{height:10px;background:#90a4ae;border-radius:5px;display:inline-block;vertical-align:middle}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top;font-size:14px}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f0f2f5;padding:8px 10px;border-radius:6px;overflow-x:auto;margin:6px 0}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.muted{color:#778}.code{font-family:ui-monospace,monospace;font-size:13px}
svg text{font:12px ui-monospace,monospace}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fix_html(x: Fix, stack: str | None, only_stack: bool) -> str:
    side = f' <span class="muted">({_e(x.side)})</span>' if x.side else ""
    out = [f"<div class=\"fix\"><b>Fix</b>{side}: {_e(x.summary)}"]
    if x.command:
        out.append(f"<pre>$ {_e(x.command)}</pre>")
    snippets = [s for s in x.snippets if not only_stack or s.stack == stack] or ([] if only_stack else list(x.snippets))
    for sn in snippets:
        out.append(f'<div class="muted">{_e(sn.stack)}</div><pre>{_e(sn.code)}</pre>')
    out.append("</div>")
    return "".join(out)


def _finding_html(f: Finding, open_: bool = False) -> str:
    c = SEV_COLOR.get(f.severity, "#555")
    parts = [f'<details{" open" if open_ else ""}><summary><span class="badge" style="--c:{c}">{_e(f.severity)}</span> '
             f'<span class="code">{_e(f.code)}</span>: {_e(f.summary)}</summary>']
    if f.detail:
        parts.append(f"<p>{_e(f.detail)}</p>")
    if f.evidence:
        parts.append("<table>" + "".join(
            f"<tr><td class=code>{_e(e.kind)}</td><td class=code>{_e(e.value)}</td><td class=muted>{_e(e.where)}</td>"
            f"<td>{_e(e.note)}</td></tr>" for e in f.evidence) + "</table>")
    parts.extend(_fix_html(x, None, False) for x in f.fixes)
    if f.sources:
        parts.append('<p class="muted">Sources: ' + "; ".join(_e(s) for s in f.sources) + "</p>")
    parts.append("</details>")
    return "".join(parts)


# ------------------------------------------------------------------------------------- pictures


def _ladder(p: Picture) -> str:
    rows = list(p.data.get("rows", []))[:60]
    left, right = str(p.data.get("left", "client")), str(p.data.get("right", "server"))
    w, xl, xr, top, step = 760, 150, 610, 40, 34
    h = top + step * len(rows) + 20
    out = [f'<svg role="img" aria-label="{_e(p.title)}" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
           '<defs><marker id="ah" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
           '<path d="M0,0 L8,4 L0,8 z" fill="#37474f"/></marker></defs>',
           f'<text x="{xl}" y="20" text-anchor="middle" font-weight="bold">{_e(left)}</text>',
           f'<text x="{xr}" y="20" text-anchor="middle" font-weight="bold">{_e(right)}</text>',
           f'<line x1="{xl}" y1="28" x2="{xl}" y2="{h - 10}" stroke="#90a4ae" stroke-width="2"/>',
           f'<line x1="{xr}" y1="28" x2="{xr}" y2="{h - 10}" stroke="#90a4ae" stroke-width="2"/>']
    for i, r in enumerate(rows):
        y = top + step * i + 18
        label = _e(str(r.get("label", ""))[:70])
        t = r.get("t")
        if t is not None:
            out.append(f'<text x="8" y="{y + 4}" fill="#778">{float(t) * 1000:.1f} ms</text>')
        hexs = str(r.get("hex", ""))[:48]
        color = "#c62828" if r.get("bad") else "#37474f"
        if r.get("dir") == "note":
            out.append(f'<text x="{(xl + xr) // 2}" y="{y + 4}" text-anchor="middle" fill="{color}" font-style="italic">{label}</text>')
            continue
        x1, x2 = (xl, xr) if r.get("dir") == "tx" else (xr, xl)
        out.append(f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{color}" stroke-width="2" marker-end="url(#ah)"/>')
        out.append(f'<text x="{(xl + xr) // 2}" y="{y - 5}" text-anchor="middle" fill="{color}">{label}</text>')
        if hexs:
            out.append(f'<text x="{(xl + xr) // 2}" y="{y + 13}" text-anchor="middle" fill="#90a4ae">{_e(hexs)}</text>')
    out.append("</svg>")
    return "".join(out)


def _chain(p: Picture) -> str:
    sent = list(p.data.get("sent", []))[:8]
    needed = str(p.data.get("needed", ""))
    box_h, gap, w = 64, 26, 760
    n = len(sent) + (1 if needed else 0)
    h = 20 + n * (box_h + gap)
    out = [f'<svg role="img" aria-label="{_e(p.title)}" width="{w}" height="{h}" viewBox="0 0 {w} {h}">']
    y = 10
    for i, c in enumerate(sent):
        kind = "leaf" if i == 0 else ("root (self-issued)" if c.get("self_issued") else "intermediate" if c.get("is_ca") else "certificate")
        out.append(f'<rect x="10" y="{y}" width="{w - 20}" height="{box_h}" rx="8" fill="#e3f2fd" stroke="#1565c0"/>')
        out.append(f'<text x="22" y="{y + 20}" font-weight="bold">sent #{i}: {_e(kind)}  {_e(str(c.get("subject", ""))[:70])}</text>')
        out.append(f'<text x="22" y="{y + 38}">issuer: {_e(str(c.get("issuer", ""))[:80])}</text>')
        aia = ", ".join(c.get("ca_issuers") or []) or "none"
        out.append(f'<text x="22" y="{y + 54}" fill="#556">valid until {_e(c.get("not_after", "?"))}   AIA caIssuers: {_e(aia[:60])}</text>')
        y += box_h
        if i < n - 1:
            out.append(f'<text x="30" y="{y + 17}" fill="#556">↓ issued by</text>')
        y += gap
    if needed:
        out.append(f'<rect x="10" y="{y}" width="{w - 20}" height="{box_h}" rx="8" fill="#ffebee" stroke="#c62828" stroke-dasharray="6 4"/>')
        out.append(f'<text x="22" y="{y + 26}" font-weight="bold" fill="#c62828">needed by the client, not sent:</text>')
        out.append(f'<text x="22" y="{y + 46}" fill="#c62828">{_e(needed[:100])}</text>')
    out.append("</svg>")
    return "".join(out)


def _waveform(p: Picture) -> str:
    signals = list(p.data.get("signals", []))[:4]
    span = float(p.data.get("span_us") or 1.0)
    w, x0, lane = 760, 150, 70
    h = 20 + lane * len(signals) + 30 * len(p.data.get("decoded", []))
    scale = (w - x0 - 10) / span
    out = [f'<svg role="img" aria-label="{_e(p.title)}" width="{w}" height="{h}" viewBox="0 0 {w} {h}">']
    for i, s in enumerate(signals):
        base = 20 + lane * i
        hi, lo = base + 10, base + 40
        out.append(f'<text x="6" y="{base + 30}">{_e(str(s.get("name", ""))[:18])}</text>')
        bit = float(s.get("bit_us") or 1.0)
        levels = str(s.get("levels", ""))[:400]
        pts, x = [], float(x0)
        for ch in levels:
            y = hi if ch == "1" else lo
            pts.append(f"{x:.1f},{y}")
            x += bit * scale
            pts.append(f"{x:.1f},{y}")
        if pts:
            out.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="#1565c0" stroke-width="2"/>')
        for j, mark in enumerate(s.get("samples_us", [])[:400]):
            mx = x0 + float(mark) * scale
            out.append(f'<line x1="{mx:.1f}" y1="{hi - 6}" x2="{mx:.1f}" y2="{lo + 6}" stroke="#c62828" stroke-width="1" stroke-dasharray="2 2"/>')
    y = 20 + lane * len(signals)
    for row in p.data.get("decoded", [])[:6]:
        out.append(f'<text x="6" y="{y + 18}">{_e(str(row)[:110])}</text>')
        y += 30
    out.append("</svg>")
    return "".join(out)


DRAW = {"ladder": _ladder, "chain": _chain, "waveform": _waveform}


def _picture(p: Picture) -> str:
    draw = DRAW.get(p.kind)
    if draw is None:
        return ""
    return f'<section class="picture" data-kind="{_e(p.kind)}"><h2>{_e(p.title)}</h2>{draw(p)}</section>'


# ----------------------------------------------------------------------------------------- page


def _page(view: View) -> str:
    d = view.diag
    c = SEV_COLOR.get(view.severity, "#555")
    body = [f"<h1>hsdoctor {_e(d.verb)}: {_e(view.subject[:300])}</h1>",
            f'<div class="answer" id="answer" style="--c:{c}">{_e(view.headline)}</div>']
    if view.questions:
        body.append('<section class="q" id="questions"><h2>Not certain yet: these questions settle it</h2><ul>'
                    + "".join(f"<li>{_e(q.text)}</li>" for q in view.questions) + "</ul></section>")
    if d.domains:
        rows = "".join(f'<tr><td class=code>{_e(s.name)}</td><td><span class="bar" style="width:{max(2, int(s.score * 220))}px"></span> '
                       f'{s.score:.2f}</td><td>{_e(s.meaning)}</td></tr>' for s in d.domains[:8])
        body.append(f'<section id="talking-to"><h2>What you are talking to</h2><table>{rows}</table></section>')
    if view.top is not None:
        ev = "".join(f"<li class=code>{_e(e)}</li>" for e in view.evidence)
        fixes = "".join(_fix_html(fv.fix, view.stack, fv.snippet is not None) for fv in view.fixes)
        body.append(f'<section id="evidence"><h2>Evidence and fix</h2><ul>{ev}</ul>{fixes}</section>')
    body.extend(_picture(p) for p in d.pictures)
    if d.findings:
        body.append('<section id="findings"><h2>Findings</h2>'
                    + "".join(_finding_html(f, i == 0) for i, f in enumerate(d.findings)) + "</section>")
    if d.questions and not view.questions:
        body.append('<section><h2>Questions</h2><ul>' + "".join(f"<li>{_e(q.text)}</li>" for q in d.questions) + "</ul></section>")
    if d.steps:
        longest = max((s.elapsed_ms or 0.0) for s in d.steps) or 1.0
        rows = "".join(
            f'<tr><td>{_e(s.name)}</td><td><span class="badge" style="--c:'
            f'{"#2e7d32" if s.status == "ran" else "#b26a00" if s.status == "skipped" else "#c62828"}">{_e(s.status)}</span></td>'
            f'<td>{"" if s.elapsed_ms is None else f"{s.elapsed_ms:.0f} ms"}</td>'
            f'<td><span class="bar" style="width:{int(((s.elapsed_ms or 0) / longest) * 160)}px"></span></td>'
            f"<td>{_e(s.detail)}</td></tr>" for s in d.steps)
        total = f" ({d.elapsed_ms:.0f} ms)" if d.elapsed_ms is not None else ""
        body.append(f'<section id="checklist"><h2>Checklist{total}</h2><table>{rows}</table></section>')
    if d.notes:
        body.append('<section><h2>Notes</h2><ul>' + "".join(f"<li>{_e(n)}</li>" for n in d.notes) + "</ul></section>")
    data = json.dumps(d.to_dict(), ensure_ascii=True).replace("</", "<\\/")
    body.append(f'<script type="application/json" id="diagnosis">{data}</script>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>hsdoctor {_e(d.verb)}: {_e(view.headline[:80])}</title><style>{CSS}</style></head>"
            f"<body><main>{''.join(body)}</main></body></html>\n")


def render_html(diag: Diagnosis, stack: str | None = None) -> str:
    return _page(build(diag, stack))
