"""The HTML report in real headless Chromium: not blank, filters by URL hash, the DOM holds the
right rows, and the table stays virtualised (a bounded DOM) at 10 000 endpoints."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

import pytest

from handshake_doctor.scan import html
from handshake_doctor.scan.summary import summarise
from hsd_testing import require_peer

from .browser import chromium, dump_dom, png_pixels, screenshot
from .fleet import Fleet
from .test_scan_fleet import local_scan  # noqa: F401 - the module fixture: one scan of the fleet

ROW = re.compile(r'<div class="row[^"]*" data-i="\d+" data-target="([^"]*)" data-cause="([^"]*)"')


def rows(dom: str) -> list[tuple[str, str]]:
    return [(html_lib.unescape(t), html_lib.unescape(c)) for t, c in ROW.findall(dom)]


def need_chromium() -> None:
    if chromium() is None:
        require_peer("chromium")


@pytest.mark.peer
def test_report_is_self_contained(local_scan: dict[str, Any]) -> None:  # noqa: F811
    text = local_scan["html"].read_text()
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text)  # nothing loaded from outside
    assert "<svg" in text and 'id="data"' in text


@pytest.mark.peer
def test_screenshot_is_not_blank(local_scan: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    need_chromium()
    png = screenshot(local_scan["html"].as_uri(), tmp_path / "report.png", "1000,900")
    w, h, pixel_rows = png_pixels(png)
    assert (w, h) == (1000, 900)
    step = 4 if len(pixel_rows[0]) == w * 4 else 3
    dark = green = red = 0
    for row in pixel_rows:
        for x in range(0, len(row), step * 2):
            r, g, b = row[x], row[x + 1], row[x + 2]
            dark += r + g + b < 600
            green += abs(r - 0x2E) < 30 and abs(g - 0x7D) < 30 and abs(b - 0x32) < 30
            red += abs(r - 0xC6) < 30 and abs(g - 0x28) < 30 and abs(b - 0x28) < 30
    sampled = h * w // 2
    assert dark > sampled * 0.02, dark  # text and bars, not a white page
    assert green > 500 and red > 200, (green, red)  # the healthy bar and the failure bars of the chart


@pytest.mark.peer
def test_unfiltered_table_is_virtualised(fleet: Fleet, local_scan: dict[str, Any]) -> None:  # noqa: F811
    need_chromium()
    dom = dump_dom(local_scan["html"].as_uri())
    shown = rows(dom)
    assert f"{len(fleet.truth)} of {len(fleet.truth)} endpoints shown" in dom
    assert 10 <= len(shown) < 60  # a screenful, not every endpoint
    assert all(fleet.truth[t] == c for t, c in shown)


@pytest.mark.peer
def test_hash_filter_by_cause_holds_exactly_those_rows(fleet: Fleet, local_scan: dict[str, Any]) -> None:  # noqa: F811
    need_chromium()
    for cause in ("tls.cert_expired", "net.tcp_refused"):
        dom = dump_dom(local_scan["html"].as_uri() + f"#cause={cause}")
        want = {t for t, c in fleet.truth.items() if c == cause}
        assert {t for t, _c in rows(dom)} == want, cause
        assert f"{len(want)} of {len(fleet.truth)} endpoints shown" in dom


@pytest.mark.peer
def test_hash_text_filter_and_sort_by_expiry(fleet: Fleet, local_scan: dict[str, Any]) -> None:  # noqa: F811
    need_chromium()
    dom = dump_dom(local_scan["html"].as_uri() + "#q=127.0.0.3&sev=error&sort=d&dir=asc")
    got = rows(dom)
    assert got and all("127.0.0.3" in t and fleet.truth[t] not in ("tls.ok", "http.redirect_to_http") for t, _c in got)
    assert fleet.kind[got[0][0]] == "expired"  # the soonest expiry (already past) first


@pytest.mark.peer
def test_ten_thousand_endpoints_stay_usable(local_scan: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    need_chromium()
    base = local_scan["records"]

    def records() -> Any:
        for i in range(10_000):
            rec = base[i % len(base)]
            yield dict(rec, scan=dict(rec["scan"], target=f"tls://host{i:05d}.fleet.example:443"))

    summary = summarise(records())
    out = tmp_path / "big.html"
    html.write_report(str(out), records, summary)
    assert out.stat().st_size < 40 * 1024 * 1024
    dom = dump_dom(out.as_uri() + "#q=host0999")
    got = rows(dom)
    assert "10 of 10000 endpoints shown" in dom and len(got) == 10  # host09990..host09999
    dom = dump_dom(out.as_uri())
    assert "10000 of 10000 endpoints shown" in dom and len(rows(dom)) < 60
