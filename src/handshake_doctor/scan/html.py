"""``--html OUT``: one self-contained, offline HTML report of a scan.

What it shows: the causes at a glance (an SVG bar chart of counts, drawn here), a table of every
endpoint (cause, severity, days to expiry, TLS versions) sortable by column and filterable by
text, cause and severity, a certificate-expiry timeline (SVG, drawn here), and each endpoint's
diagnosis (findings with evidence and fixes, and the checklist steps) when its row is clicked.

Why virtualised: at 10 000 endpoints a table of 10 000 DOM rows makes the page slow to open and
scroll; the table renders only the rows in view (fixed row height), so the DOM holds about a
screenful whatever N is. The data is one JSON block written record by record from the store, so
building the report keeps memory flat in N. The URL hash carries the filter (``#cause=...&q=...``),
so a filtered view can be linked (and tested with ``chromium --dump-dom``).
No external resource is loaded (no CDN, no font, no network).
"""

from __future__ import annotations

import html as _html
import json
import math
from collections import Counter
from typing import Any, Callable, Iterable, TextIO

from .prometheus import write_atomic
from .summary import Summary

MAX_FINDINGS = 6
MAX_STEPS = 16
MAX_TEXT = 600
SEVERITY_COLOUR = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0", "ok": "#2e7d32"}
EXPIRY_BINS = ((-math.inf, 0, "expired"), (0, 7, "< 7 d"), (7, 14, "7–14 d"), (14, 30, "14–30 d"), (30, 90, "30–90 d"),
               (90, 365, "90 d–1 y"), (365, math.inf, "> 1 y"))


def _cut(text: Any, n: int = MAX_TEXT) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= n else s[:n] + "…"


def compact(rec: dict[str, Any]) -> dict[str, Any]:
    """One endpoint as the page needs it: the row fields and its diagnosis, bounded in size."""
    scan = rec.get("scan") or {}
    findings = []
    for f in (rec.get("findings") or [])[:MAX_FINDINGS]:
        findings.append({
            "code": f.get("code"), "severity": f.get("severity"), "summary": _cut(f.get("summary")), "detail": _cut(f.get("detail")),
            "evidence": [_cut(f"{e.get('kind')}: {e.get('value')}", 200) for e in (f.get("evidence") or [])[:4]],
            "fixes": [{"side": x.get("side", ""), "summary": _cut(x.get("summary"), 300), "command": _cut(x.get("command"), 300)}
                      for x in (f.get("fixes") or [])[:3]],
        })
    steps = [[s.get("name"), s.get("status"), _cut(s.get("detail"), 200), s.get("elapsed_ms")] for s in (rec.get("steps") or [])[:MAX_STEPS]]
    return {
        "t": scan.get("target"), "c": scan.get("cause") or "probe error", "s": scan.get("severity") or "error",
        "d": scan.get("cert_days_left"), "v": scan.get("tls_versions") or [], "h": bool(scan.get("healthy")),
        "ms": scan.get("elapsed_ms"), "sum": _cut(scan.get("summary") or scan.get("error"), 300), "f": findings, "st": steps,
        "n": (rec.get("notes") or [])[:3],
    }


def _bar_chart(summary: Summary) -> str:
    rows = sorted(summary.by_cause.items(), key=lambda kv: (-kv[1], kv[0]))
    if not rows:
        return "<p>No endpoint.</p>"
    top = max(n for _c, n in rows)
    h, label_w, bar_w = 22, 230, 520
    parts = [f'<svg id="cause-chart" role="img" aria-label="endpoints by root cause" width="{label_w + bar_w + 80}" height="{h * len(rows) + 10}">']
    for i, (cause, n) in enumerate(rows):
        y = i * h + 5
        w = max(2.0, bar_w * n / top)
        colour = SEVERITY_COLOUR.get(summary.severity.get(cause, "error"), "#555")
        c = _html.escape(cause)
        parts.append(f'<g class="bar" data-cause="{c}" onclick="setCause(\'{c}\')"><title>{c}: {n}</title>'
                     f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{c}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{h - 6}" fill="{colour}"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{n}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _timeline(bins: Counter[str], dots: list[float]) -> str:
    """Expiry by bin (bars), and each certificate as a tick on a -30..+400 day axis."""
    if not dots:
        return '<p id="expiry-none">No certificate dates were seen.</p>'
    w, h, left = 760, 150, 40
    lo, hi = -60.0, 400.0
    x = lambda d: left + (min(max(d, lo), hi) - lo) / (hi - lo) * (w - left - 10)  # noqa: E731
    parts = [f'<svg id="expiry-timeline" role="img" aria-label="certificate expiry timeline" width="{w}" height="{h}">']
    parts.append(f'<line x1="{left}" y1="60" x2="{w - 10}" y2="60" stroke="#888"/>')
    for d in (-60, -30, 0, 30, 90, 180, 365):
        parts.append(f'<line x1="{x(d):.1f}" y1="55" x2="{x(d):.1f}" y2="65" stroke="#888"/>'
                     f'<text x="{x(d):.1f}" y="80" text-anchor="middle" font-size="11">{"today" if d == 0 else f"{d:+d} d"}</text>')
    parts.append(f'<rect x="{left}" y="20" width="{x(0) - left:.1f}" height="35" fill="#c62828" opacity="0.08"/>')
    for d in dots:
        colour = "#c62828" if d < 0 else "#ef6c00" if d < 14 else "#2e7d32"
        parts.append(f'<line x1="{x(d):.1f}" y1="25" x2="{x(d):.1f}" y2="55" stroke="{colour}" stroke-opacity="0.5"/>')
    bx = left
    for _lo, _hi, name in EXPIRY_BINS:
        n = bins.get(name, 0)
        parts.append(f'<text x="{bx}" y="110" font-size="12" class="bin" data-bin="{_html.escape(name)}">{_html.escape(name)}: {n}</text>')
        bx += 100
    parts.append("</svg>")
    return "".join(parts)


MAX_DOTS = 5000  # the timeline draws at most this many ticks (bins count every certificate)


def write_report(path: str, records: Callable[[], Iterable[dict[str, Any]]], summary: Summary, title: str = "hsdoctor scan") -> None:
    write_atomic(path, lambda fh: render(fh, records, summary, title))


def render(out: TextIO, records: Callable[[], Iterable[dict[str, Any]]], summary: Summary, title: str = "hsdoctor scan") -> None:
    bins: Counter[str] = Counter()
    dots: list[float] = []
    for rec in records():
        d = (rec.get("scan") or {}).get("cert_days_left")
        if isinstance(d, (int, float)):
            for lo, hi, name in EXPIRY_BINS:
                if lo <= d < hi:
                    bins[name] += 1
            if len(dots) < MAX_DOTS:
                dots.append(float(d))
    causes = sorted(summary.by_cause)
    out.write(_HEAD.replace("{{title}}", _html.escape(title)))
    out.write(f'<header><h1>{_html.escape(title)}</h1><p id="totals">{summary.total} endpoints: {summary.healthy} healthy, '
              f'{summary.failures} with a problem</p></header>\n')
    out.write(f'<section><h2>Root causes</h2>{_bar_chart(summary)}</section>\n')
    out.write(f'<section><h2>Certificate expiry</h2>{_timeline(bins, dots)}</section>\n')
    out.write('<section><h2>Endpoints</h2><div class="controls">'
              '<input id="q" type="search" placeholder="filter: target or text" oninput="onControls()">'
              '<select id="cause" onchange="onControls()"><option value="">every cause</option>'
              + "".join(f'<option value="{_html.escape(c)}">{_html.escape(c)} ({summary.by_cause[c]})</option>' for c in causes)
              + '</select><select id="sev" onchange="onControls()"><option value="">every severity</option>'
              + "".join(f'<option value="{s}">{s}</option>' for s in SEVERITY_COLOUR)
              + '</select> <span id="shown"></span></div>\n'
              '<div id="thead" class="row head"><span data-k="t">endpoint</span><span data-k="c">root cause</span>'
              '<span data-k="s">severity</span><span data-k="d">days to expiry</span><span data-k="v">TLS versions</span>'
              '<span data-k="ms">ms</span></div>\n<div id="viewport"><div id="spacer"><div id="rows"></div></div></div>'
              '<div id="detail"><p>Click an endpoint to see its diagnosis.</p></div></section>\n')
    out.write('<script id="data" type="application/json">[')
    first = True
    for rec in records():
        out.write(("" if first else ",\n") + json.dumps(compact(rec), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))
        first = False
    out.write("]</script>\n<script>" + _SCRIPT + "</script>\n</body></html>\n")


_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 24px 40px;color:#222;background:#fff}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:17px;margin:20px 0 8px}
svg text{font:12px system-ui,sans-serif;fill:#222}.bar{cursor:pointer}.bar:hover rect{opacity:.8}
.controls{margin:6px 0}.controls input{width:280px;padding:4px}.controls select{padding:4px;margin-left:6px}
.row{display:grid;grid-template-columns:minmax(240px,2fr) minmax(180px,1.4fr) 80px 130px 170px 70px;height:24px;line-height:24px;
 border-bottom:1px solid #eee;white-space:nowrap;overflow:hidden;cursor:pointer}
.row span{overflow:hidden;text-overflow:ellipsis;padding:0 6px}.row:hover{background:#f5f7fa}.row.sel{background:#e3f2fd}
.head{font-weight:600;background:#fafafa;border-bottom:2px solid #ccc;cursor:default}.head span{cursor:pointer}
.head span.asc:after{content:" ▲"}.head span.desc:after{content:" ▼"}
#viewport{height:480px;overflow-y:auto;border:1px solid #ddd;position:relative}#spacer{position:relative}
#rows{position:absolute;left:0;right:0;top:0}
.sev-error{color:#c62828}.sev-warning{color:#ef6c00}.sev-ok{color:#2e7d32}.sev-info{color:#1565c0}
#detail{margin-top:14px;padding:10px 14px;border:1px solid #ddd;background:#fcfcfc}
#detail .f{margin:8px 0 12px}#detail code{background:#f0f0f0;padding:1px 4px}
table.steps{border-collapse:collapse}table.steps td{border-bottom:1px solid #eee;padding:2px 8px;font-size:12px;vertical-align:top}
</style></head><body>
"""

_SCRIPT = r"""
const ALL = JSON.parse(document.getElementById('data').textContent);
const ROW_H = 24, OVERSCAN = 10;
let view = ALL, sortKey = 'c', sortDir = 1, selected = null;
const $ = id => document.getElementById(id);
function esc(s){return String(s==null?'':s).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));}
function readHash(){
  const p = new URLSearchParams(location.hash.slice(1));
  $('q').value = p.get('q')||''; $('cause').value = p.get('cause')||''; $('sev').value = p.get('sev')||'';
  if (p.get('sort')) { sortKey = p.get('sort'); sortDir = p.get('dir')==='desc'?-1:1; }
}
function writeHash(){
  const p = new URLSearchParams();
  if ($('q').value) p.set('q',$('q').value); if ($('cause').value) p.set('cause',$('cause').value);
  if ($('sev').value) p.set('sev',$('sev').value); p.set('sort',sortKey); p.set('dir',sortDir<0?'desc':'asc');
  history.replaceState(null,'','#'+p.toString());
}
function cmp(a,b){
  let x=a[sortKey], y=b[sortKey];
  if (sortKey==='v'){x=x.join(' ');y=y.join(' ');}
  if (x==null && y==null) return 0; if (x==null) return 1; if (y==null) return -1;
  return (x<y?-1:x>y?1:0)*sortDir;
}
function apply(){
  const q=$('q').value.toLowerCase(), c=$('cause').value, s=$('sev').value;
  view = ALL.filter(r => (!c || r.c===c) && (!s || r.s===s) &&
    (!q || r.t.toLowerCase().includes(q) || r.c.toLowerCase().includes(q) || (r.sum||'').toLowerCase().includes(q)));
  view.sort((a,b)=>cmp(a,b) || (a.t<b.t?-1:a.t>b.t?1:0));
  document.querySelectorAll('#thead span').forEach(el=>{el.className = el.dataset.k===sortKey?(sortDir>0?'asc':'desc'):'';});
  $('shown').textContent = view.length + ' of ' + ALL.length + ' endpoints shown';
  $('spacer').style.height = (view.length*ROW_H) + 'px';
  $('viewport').scrollTop = 0; draw();
}
function days(d){return d==null?'':(d<0?'expired '+(-d).toFixed(0)+' d ago':d.toFixed(0));}
function draw(){
  const vp=$('viewport'), first=Math.max(0,Math.floor(vp.scrollTop/ROW_H)-OVERSCAN);
  const last=Math.min(view.length, Math.ceil((vp.scrollTop+vp.clientHeight)/ROW_H)+OVERSCAN);
  let h='';
  for (let i=first;i<last;i++){ const r=view[i];
    h+='<div class="row'+(r===selected?' sel':'')+'" data-i="'+i+'" data-target="'+esc(r.t)+'" data-cause="'+esc(r.c)+'">'+
      '<span title="'+esc(r.t)+'">'+esc(r.t)+'</span><span title="'+esc(r.sum)+'">'+esc(r.c)+'</span><span class="sev-'+esc(r.s)+'">'+esc(r.s)+
      '</span><span>'+days(r.d)+'</span><span>'+esc(r.v.join(', '))+'</span><span>'+(r.ms==null?'':Math.round(r.ms))+'</span></div>'; }
  $('rows').style.top=(first*ROW_H)+'px'; $('rows').innerHTML=h;
}
function show(r){
  selected=r; draw();
  let h='<h3>'+esc(r.t)+'</h3><p>'+esc(r.sum)+'</p>';
  for (const f of r.f){
    h+='<div class="f"><b class="sev-'+esc(f.severity)+'">'+esc(f.severity)+'</b> <code>'+esc(f.code)+'</code> '+esc(f.summary)+
       (f.detail?'<div>'+esc(f.detail)+'</div>':'')+
       (f.evidence.length?'<div>evidence: '+f.evidence.map(esc).join('; ')+'</div>':'')+
       f.fixes.map(x=>'<div>fix ('+esc(x.side||'any')+'): '+esc(x.summary)+(x.command?' <code>'+esc(x.command)+'</code>':'')+'</div>').join('')+'</div>';
  }
  for (const n of r.n) h+='<p>'+esc(n)+'</p>';
  if (r.st.length) h+='<table class="steps">'+r.st.map(s=>'<tr><td>'+esc(s[0])+'</td><td>'+esc(s[1])+'</td><td>'+esc(s[2])+'</td><td>'+(s[3]==null?'':s[3]+' ms')+'</td></tr>').join('')+'</table>';
  $('detail').innerHTML=h;
}
function onControls(){ writeHash(); apply(); }
function setCause(c){ $('cause').value = ($('cause').value===c?'':c); onControls(); }
$('viewport').addEventListener('scroll', ()=>requestAnimationFrame(draw));
$('rows').addEventListener('click', e=>{ const el=e.target.closest('.row'); if (el) show(view[+el.dataset.i]); });
document.querySelectorAll('#thead span').forEach(el=>el.addEventListener('click',()=>{
  if (sortKey===el.dataset.k) sortDir=-sortDir; else {sortKey=el.dataset.k; sortDir=1;} onControls(); }));
window.addEventListener('hashchange', ()=>{ readHash(); apply(); });
readHash(); apply();
"""
