"""The HTML view in a real headless Chromium: an explain, a TLS probe (ladder and chain pictures)
and a serial probe with a baud mismatch (the UART waveform), each rendered and screenshotted."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from hsd_testing import assert_not_blank, chromium, hsdoctor, require_peer

pytestmark = pytest.mark.peer


def _page(tmp_path: Path, name: str, *args: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    out = tmp_path / f"{name}.html"
    r = hsdoctor(*args, "--format", "html", "-o", str(out), timeout=90)
    assert r.returncode in (0, 1), r.stderr
    html = out.read_text()
    assert "<link" not in html and "src=\"http" not in html and "url(http" not in html  # self-contained
    png = tmp_path / f"{name}.png"
    dom = chromium(out.as_uri(), tmp_path, screenshot=png)
    assert_not_blank(png)
    start = dom.index('id="diagnosis">') + len('id="diagnosis">')
    doc = json.loads(dom[start:dom.index("</script>", start)])
    return dom, doc


def test_explain_page(tmp_path: Path) -> None:
    dom, doc = _page(tmp_path, "explain", "explain", "6881")
    assert doc["findings"][0]["code"] == "smartcard.logical_channel_unsupported"
    assert doc["findings"][0]["summary"] in dom.replace("&amp;", "&").replace("&#x27;", "'")
    assert 'id="answer"' in dom and 'id="findings"' in dom


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_tls_probe_page_draws_the_ladder_and_the_chain(tmp_path: Path) -> None:
    require_peer("openssl")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "k.pem"),
                    "-out", str(tmp_path / "c.pem"), "-days", "2", "-subj", "/CN=self.lab.test"], check=True, capture_output=True, timeout=60)
    port = _free_port()
    server = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", str(tmp_path / "c.pem"),
                               "-key", str(tmp_path / "k.pem"), "-www", "-quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            import socket

            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        dom, doc = _page(tmp_path, "tls", "probe", f"tls://127.0.0.1:{port}", "--timeout", "5")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert doc["findings"][0]["code"] == "tls.self_signed"
    kinds = [p["kind"] for p in doc["pictures"]]
    assert kinds == ["ladder", "chain"]
    assert 'data-kind="ladder"' in dom and "server hello" in dom and "ClientHello" in dom
    assert 'data-kind="chain"' in dom and "CN=self.lab.test" in dom and "needed by the client" in dom
    assert 'id="checklist"' in dom


def test_serial_baud_mismatch_page_draws_the_waveform(tmp_path: Path) -> None:
    dom, doc = _page(tmp_path, "serial", "probe", "serial://hsdsim://chatter?baud=57600", "--baud", "115200", "--timeout", "6")
    assert doc["findings"][0]["code"] == "serial.baud_mismatch"
    wave = next(p for p in doc["pictures"] if p["kind"] == "waveform")
    # the host's reading comes from the line model: 'h' (68) sent at 57600 is not 68 at 115200
    assert "device sent: 68" in wave["data"]["decoded"][0] and "reads: 68" not in wave["data"]["decoded"][1]
    assert 'data-kind="waveform"' in dom and "<polyline" in dom
