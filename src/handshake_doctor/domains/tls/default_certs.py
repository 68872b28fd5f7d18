"""Certificates that proxies serve when nothing else matched: their names say the cause.

Why: "certificate is valid for ingress.local" reads as a hostname mismatch, and "self-signed
certificate" as an untrusted root, but when the certificate is a proxy's own fallback, the
certificate is not the problem: no route (an Ingress with a TLS secret, a Traefik router with a
resolved certificate) matched the name the client asked for, or the certificate it should have
served was never obtained or loaded. The fix is in the routing or the certificate provisioning,
not in the client's trust store. Pure data and a literal pre-check.
"""

from __future__ import annotations

from ...knowledge.table import Table, rx
from ...model import Evidence
from ...record import record
from .matching import Hit


@record(frozen=True)
class DefaultCert:
    server: str
    marker: str  # a literal every text naming the certificate carries (lower case), the pre-check
    pattern: str  # where it appears: subject CN, SAN, "valid for ..." (case-insensitive)
    meaning: str
    source: str


DEFAULT_CERTS = Table(
    "proxy_default_certificates",
    (
        DefaultCert("Traefik", "traefik", r"TRAEFIK DEFAULT CERT|\b[0-9a-f]{32}\.[0-9a-f]{32}\.traefik\.default\b|\btraefik\.default\b",
                    "Traefik served its self-generated default certificate (CN 'TRAEFIK DEFAULT CERT', SAN <hash>.<hash>.traefik.default): no router's TLS configuration matched the name the client asked for (SNI), or the certificate for it was not obtained (ACME) or not loaded",
                    "traefik/traefik pkg/tls/generate/generate.go DefaultCertificate() (SAN '%s.%s.traefik.default'; CN 'TRAEFIK DEFAULT CERT')"),
        DefaultCert("ingress-nginx", "ingress", r"Kubernetes Ingress Controller Fake Certificate|(?:valid for|DNS:|CN ?= ?|\bSAN:?)\s*ingress\.local\b",
                    "ingress-nginx served its built-in fake certificate (CN 'Kubernetes Ingress Controller Fake Certificate', O 'Acme Co', SAN ingress.local): no Ingress with a valid TLS secret matched the host, the secret is missing, invalid or in another namespace, or the client sent no SNI",
                    "kubernetes/ingress-nginx internal/net/ssl/ssl.go (the default 'fake' certificate: CN 'Kubernetes Ingress Controller Fake Certificate', O 'Acme Co', hosts 'ingress.local')"),
    ),
    "Fallback certificates proxies serve when no route or certificate matched",
)


def hits(text: str, lower: str) -> list[Hit]:
    """A fallback certificate named in the text. Its confidence sits above the verify errors it
    causes (hostname mismatch, self-signed), so the routing cause leads and they follow."""
    out: list[Hit] = []
    for row in DEFAULT_CERTS.rows:
        if row.marker not in lower:
            continue
        m = rx(row.pattern).search(text)
        if m is None:
            continue
        out.append(Hit("tls.default_certificate_served", 0.97, row.meaning, Evidence("message", m.group(0), "input", f"{row.server}'s fallback certificate"), row.source, {"server": row.server}))
    return out


def of_certificate(subject: str, dns_names: list[str]) -> DefaultCert | None:
    """The proxy whose fallback certificate this is (by its subject and DNS names), or None."""
    text = " ".join([subject] + [f"DNS:{n}" for n in dns_names])
    lower = text.lower()
    for row in DEFAULT_CERTS.rows:
        if row.marker in lower and rx(row.pattern).search(text):
            return row
    return None
