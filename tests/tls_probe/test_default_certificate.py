"""A proxy's fallback certificate (tls/default_certs.py), on the lab's nginx serving certificates
named as Traefik's default and ingress-nginx's fake one: the probe leads with it (test_lab_scenarios),
and so does explain on what real clients print against the same server."""

from __future__ import annotations

import subprocess

import pytest
from hsd_testing import require_peer

import handshake_doctor as hd

from .lab import Lab


def _port(url: str) -> str:
    return url.rsplit(":", 1)[1].strip("/")


@pytest.mark.peer
@pytest.mark.parametrize("name", ["traefik_default", "ingress_fake"])
def test_curl_kv_and_s_client_output_leads_with_the_fallback_certificate(lab: Lab, name: str) -> None:
    require_peer("curl", "openssl")
    port = _port(lab.scenarios[name].url)
    # a failing curl stops before it prints the certificate; the look users take next is -kv
    failing = subprocess.run(["curl", "-sv", "--max-time", "5", "--cacert", lab.ca, "--resolve", f"good.lab.test:{port}:127.0.0.1",
                              f"https://good.lab.test:{port}/"], capture_output=True, text=True, timeout=20)
    assert failing.returncode != 0, "the fallback certificate must not verify for good.lab.test"
    look = subprocess.run(["curl", "-skv", "--max-time", "5", "--resolve", f"good.lab.test:{port}:127.0.0.1",
                           f"https://good.lab.test:{port}/"], capture_output=True, text=True, timeout=20)
    assert hd.explain(look.stderr).findings[0].code == "tls.default_certificate_served", look.stderr[-1500:]
    s_client = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "good.lab.test",
                               "-verify_hostname", "good.lab.test", "-CAfile", lab.ca, "-verify_return_error"],
                              input="", capture_output=True, text=True, timeout=20)
    out = s_client.stdout + s_client.stderr
    assert hd.explain(out).findings[0].code == "tls.default_certificate_served", out[-1500:]


def test_an_ordinary_self_signed_or_mismatch_is_not_a_fallback_certificate() -> None:
    for text in ("curl: (60) SSL certificate problem: self-signed certificate",
                 "x509: certificate is valid for other.example, not good.lab.test",
                 "x509: certificate is valid for ingress.localdomain, not x"):
        assert all(f.code != "tls.default_certificate_served" for f in hd.explain(text).findings), text
