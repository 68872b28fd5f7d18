"""One home per concept (issue 13): a code's fixes come from its own domain's one fixes table.

Checked three ways for the tls and http domains: statically (only ``fixes.py`` builds Fix objects,
and no domain imports another domain's fixes), by the table's keys (its own codes, and every code
that can fail has advice), and by behaviour (the fixes explain and the probe attach are exactly the
table's, filled with the case's values).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import handshake_doctor as hd
from handshake_doctor.fixtemplate import fixes_for_code, fixes_from, values_from_text

SRC = Path(__file__).resolve().parents[2] / "src" / "handshake_doctor"
DOMAINS = ("tls", "http")


def _codes(domain: str) -> set[str]:
    return {c.code for c in importlib.import_module(f"handshake_doctor.domains.{domain}.codes").CODES}


@pytest.mark.parametrize("domain", DOMAINS)
def test_only_the_fixes_module_builds_fixes(domain: str) -> None:
    pkg = SRC / "domains" / domain
    for path in sorted(pkg.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if path.name != "fixes.py" and isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Fix":
                raise AssertionError(f"{path.name}:{node.lineno} builds a Fix outside {domain}/fixes.py")
            if path.name != "fixes.py" and isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                assert not any("FIXES" in n for n in names), f"{path.name}:{node.lineno} defines a second fixes table {names}"
            if isinstance(node, ast.ImportFrom) and node.module:
                mod = node.module
                other = [d for d in ("tls", "http", "net", "database", "serial", "smartcard", "meter", "bootloaders") if d != domain]
                assert not any(mod in (f"..{d}.fixes", f"{d}.fixes") or mod.endswith(f"domains.{d}.fixes") for d in other), f"{path.name} imports another domain's fixes: {mod}"
                if node.level == 2 and mod.endswith(".fixes"):
                    raise AssertionError(f"{path.name} imports {mod}")
    assert not (pkg / "probe_fixes.py").exists(), "the probe's second table is gone"


@pytest.mark.parametrize("domain", DOMAINS)
def test_table_keys_are_the_domains_own_codes_and_cover_its_failures(domain: str) -> None:
    table = importlib.import_module(f"handshake_doctor.domains.{domain}.fixes").FIXES
    codes = _codes(domain)
    assert set(table) <= codes, set(table) - codes
    healthy = {c for c in codes if c.endswith(".ok")}
    missing = codes - healthy - set(table)
    assert not missing, f"codes without advice in {domain}/fixes.py: {sorted(missing)}"
    for code, fixes in table.items():
        assert fixes and all(f.side in ("client", "server", "network", "user") for f in fixes), code


CASES = (
    "tls: first record does not look like a TLS handshake (https://localhost:8080)",
    "curl: (60) SSL certificate problem: unable to get local issuer certificate",
    "Get \"https://api.example.org:8443/v1\": x509: certificate has expired or is not yet valid",
    "HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)')))",
    "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure",
    "error:0A000410:SSL routines::sslv3 alert handshake failure",
    "400 Bad Request The plain HTTP request was sent to HTTPS port",
    "curl: (92) HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)",
    "proxyconnect tcp: tls: first record does not look like a TLS handshake",
    "curl: (52) Empty reply from server",
    "x509: certificate is valid for a.example, not b.example",
    "0A00042E",
    "SSL routines::unsafe legacy renegotiation disabled",
)


@pytest.mark.parametrize("text", CASES)
def test_explain_attaches_exactly_the_tables_fixes(text: str) -> None:
    d = hd.explain(text)
    seen = [f for f in d.findings if f.domain in DOMAINS]
    assert seen, text
    values = values_from_text(text)
    for f in seen:
        table = importlib.import_module(f"handshake_doctor.domains.{f.domain}.fixes").FIXES
        assert f.code in table, f.code
        assert f.fixes == fixes_from(table, f.code, values), (text, f.code)


def test_explain_fills_the_peer_the_text_names() -> None:
    f = hd.explain("Get \"https://api.example.org:8443/v1\": x509: certificate has expired or is not yet valid").findings[0]
    assert f.code == "tls.cert_expired"
    assert "api.example.org:8443" in f.fixes[0].command and "{" not in f.fixes[0].command
    f = hd.explain("curl: (60) SSL certificate problem: unable to get local issuer certificate").findings[0]
    assert "HOST" in f.fixes[0].command and "{host}" not in f.fixes[0].command  # no peer in the text: readable default


def test_probe_and_explain_share_one_lookup() -> None:
    """The probe looks fixes up by code in the code's own domain (fixtemplate.fixes_for_code)."""
    vals = {"host": "h.example", "port": "4433", "sni": "h.example", "url": "https://h.example:4433/", "aia": "http://ca/i.crt"}
    for domain in DOMAINS + ("net",):
        table = importlib.import_module(f"handshake_doctor.domains.{domain}.fixes").FIXES
        for code in table:
            assert fixes_for_code(code, vals) == fixes_from(table, code, vals), code
    src = (SRC / "domains" / "tls" / "probe.py").read_text()
    assert "fixes_for_code(" in src and "probe_fixes" not in src
