"""The text view: golden renders at fixed widths, the concise default, -v, --stack, --format.

Golden files are regenerated with HSDOCTOR_REGEN_GOLDEN=1 (then read the diff before committing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handshake_doctor.model import Diagnosis, DomainScore, Evidence, Finding, Fix, Question, Snippet, Step
from handshake_doctor.report.terminal import concise_lines, lines
from handshake_doctor.report.view import build

GOLDEN = Path(__file__).parent / "golden"
HSDOCTOR = [sys.executable, "-m", "handshake_doctor"]


def _probe_diag() -> Diagnosis:
    chain = Finding("tls.chain_incomplete", "tls", "The server sends only its leaf certificate; the intermediate is missing",
                    "The leaf's issuer CN=Lab Intermediate was not sent and the leaf has no AIA URL.", "error", 0.9,
                    [Evidence("certificate", "CN=lab.test <- issuer CN=Lab Intermediate", "tls://127.0.0.1:8443", "not sent")],
                    [Fix("Send the full chain: leaf then intermediate(s).", "server", "cat leaf.pem intermediate.pem > fullchain.pem",
                         (Snippet("nginx", "ssl_certificate /etc/ssl/fullchain.pem;"), Snippet("apache", "SSLCertificateFile /etc/ssl/fullchain.pem"))),
                     Fix("Meanwhile, trust the intermediate on the client.", "client", "",
                         (Snippet("python", "requests.get(url, verify='intermediate-and-root.pem')"),))],
                    ["RFC 5246 §7.4.2"])
    ident = Finding("tls.server_identity", "tls", "nginx answered with TLSv1.3", severity="info")
    return Diagnosis("probe", "tls://127.0.0.1:8443", [DomainScore("tls", 1.0, "a TLS server")], [chain, ident],
                     steps=[Step("TCP connect", "ran", "127.0.0.1:8443", 0.4), Step("client certificate", "skipped", "not requested")],
                     target="tls://127.0.0.1:8443", elapsed_ms=212.0)


def _explain_diag() -> Diagnosis:
    a = Finding("meter.frame_start", "meter", "0x68 starts a meter frame: read the whole frame", severity="info",
                evidence=[Evidence("bytes", "68", "input", "frame start")],
                fixes=[Fix("Read 20 bytes at 2400 8E1.", "user", "python3 -m serial.tools.miniterm /dev/ttyUSB0 2400 --parity E")])
    b = Finding("smartcard.cla_unsupported", "smartcard", "SW1 0x68: functions in CLA not supported", severity="warning")
    return Diagnosis("explain", "0x68", [DomainScore("meter", 0.3), DomainScore("smartcard", 0.25)], [a, b],
                     [Question("Is there a meter on the line?"), Question("Is it SW1 of a status word?"),
                      Question("Which baud does the device use?"), Question("Does the byte repeat?")])


CASES = {"probe_chain": _probe_diag, "explain_uncertain": _explain_diag}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("width", [60, 100])
@pytest.mark.parametrize("verbose", [False, True])
def test_golden(name: str, width: int, verbose: bool) -> None:
    diag = CASES[name]()
    rows = lines(diag, width) if verbose else concise_lines(build(diag, "python"), width)
    text = "\n".join(t for _, t in rows) + "\n"
    path = GOLDEN / f"{name}-{width}{'-v' if verbose else ''}.txt"
    if os.environ.get("HSDOCTOR_REGEN_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()
    if not verbose:  # the concise view fits the width; -v keeps code and tables unwrapped
        assert all(len(t) <= width for _, t in rows)


def test_uncertain_answer_puts_the_questions_first_and_bounded() -> None:
    text = [t for _, t in concise_lines(build(_explain_diag()), 100)]
    q = [i for i, t in enumerate(text) if t.startswith("  ? ")]
    assert len(q) == 3 and q[0] == 3  # title, answer, the questions' heading, then the questions
    assert text.index(next(t for t in text if t.startswith("Fix"))) > q[-1]


def test_certain_probe_shows_no_questions_and_names_the_checks() -> None:
    text = [t for _, t in concise_lines(build(_probe_diag()), 100)]
    assert not any(t.startswith("  ? ") for t in text)
    assert "Checks: 1 ran, 1 skipped, 0 failed in 212 ms" in text


def test_stack_picks_the_snippet() -> None:
    diag = _probe_diag()
    nginx = "\n".join(t for _, t in concise_lines(build(diag, "nginx"), 100))
    assert "ssl_certificate /etc/ssl/fullchain.pem;" in nginx and "SSLCertificateFile" not in nginx
    py = "\n".join(t for _, t in concise_lines(build(diag, "python"), 100))
    # the first fix has no python snippet, so the first later fix that has one follows it
    assert "Then (client): Meanwhile, trust the intermediate" in py and "verify='intermediate-and-root.pem'" in py


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*HSDOCTOR, *args], capture_output=True, text=True, timeout=60, env=env)


@pytest.mark.parametrize("text", ["0x68", "curl: (35) error:0A00010B:SSL routines::wrong version number"])
def test_seed_outputs_are_concise_and_v_is_full(text: str) -> None:
    short, full = _cli("explain", text), _cli("explain", "-v", text)
    assert short.returncode == full.returncode == 1
    n_short, n_full = len(short.stdout.splitlines()), len(full.stdout.splitlines())
    assert n_short <= 25 < n_full
    assert short.stdout.splitlines()[1].startswith("=> ")
    assert short.stdout.count("=> ") == 1  # the headline once
    assert "-v adds: " in short.stdout


def test_format_json_equals_json_alias_and_html_is_a_document() -> None:
    a, b = _cli("explain", "--format", "json", "6881"), _cli("explain", "--json", "6881")
    assert json.loads(a.stdout)["findings"][0]["code"] == json.loads(b.stdout)["findings"][0]["code"]
    h = _cli("explain", "--format", "html", "6881")
    assert h.returncode == 1 and h.stdout.lstrip().lower().startswith("<!doctype html>")
    bad = _cli("explain", "--format", "xml", "6881")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_unknown_verb_is_one_line_exit_2() -> None:
    r = _cli("frobnicate")
    assert r.returncode == 2 and "unknown verb" in r.stderr and "explain" in r.stderr
