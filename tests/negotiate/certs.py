"""Certificates for the negotiate lab, made at test time (tls_probe/lab_certs.make)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tls_probe.lab_certs import make


@dataclass
class Pem:
    cert: bytes
    key: bytes
    cert_path: str
    key_path: str


@dataclass
class NegPki:
    ca: str  # the lab root, PEM path
    good: Pem  # localhost / 127.0.0.1, issued by the lab root
    expired: Pem
    self_signed: Pem
    client: Pem


def build(d: Path) -> NegPki:
    d.mkdir(parents=True, exist_ok=True)
    d.chmod(0o755)
    now = dt.datetime.now(dt.timezone.utc)
    root = make("hsdoctor negotiate lab root", ca=True, not_after=now + dt.timedelta(days=30))
    names, ips = ("localhost",), ("127.0.0.1", "127.0.0.2")

    def save(name: str, issued) -> Pem:  # type: ignore[no-untyped-def]
        c, k = d / f"{name}.crt", d / f"{name}.key"
        c.write_bytes(issued.pem)
        k.write_bytes(issued.key_pem)
        c.chmod(0o644)
        k.chmod(0o644)  # the lab servers run as other users; never do this with a real key
        return Pem(issued.pem, issued.key_pem, str(c), str(k))

    (d / "ca.crt").write_bytes(root.pem)
    (d / "ca.crt").chmod(0o644)
    return NegPki(
        str(d / "ca.crt"),
        save("good", make("localhost", root, dns=names, ips=ips)),
        save("expired", make("localhost", root, dns=names, ips=ips, not_before=now - dt.timedelta(days=60), not_after=now - dt.timedelta(days=2))),
        save("selfsigned", make("localhost", None, dns=names, ips=ips)),
        save("client", make("lab client", root, client=True)),
    )
