"""Certificates for the TLS lab, made at test time with `cryptography` (never checked in).

Why ECDSA P-256: key generation is milliseconds (RSA-2048 is ~100 ms each), and every scenario
we need (expired, wrong name, incomplete chain...) is about X.509 fields, not the key type.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

AIA_URL = "http://127.0.0.1:9/hsd-lab-intermediate.crt"  # port 9 (discard): never fetched


@dataclass
class Issued:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hsdoctor lab"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make(
    cn: str,
    issuer: Issued | None = None,
    *,
    ca: bool = False,
    dns: tuple[str, ...] = (),
    ips: tuple[str, ...] = (),
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    aia: str | None = None,
    client: bool = False,
) -> Issued:
    now = dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    b = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(issuer.cert.subject if issuer else _name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    if ca:
        b = b.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
    else:
        eku = ExtendedKeyUsageOID.CLIENT_AUTH if client else ExtendedKeyUsageOID.SERVER_AUTH
        b = b.add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
    sans: list[x509.GeneralName] = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    if aia:
        b = b.add_extension(
            x509.AuthorityInformationAccess([x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(aia))]),
            critical=False,
        )
    cert = b.sign(issuer.key if issuer else key, hashes.SHA256())
    return Issued(cert, key)


@dataclass
class LabPki:
    """Paths of every PEM file the lab servers and tests use."""

    dir: Path
    files: dict[str, Path]
    subjects: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return str(self.files[name])


def build(dir: Path, extra_ips: tuple[str, ...] = ()) -> LabPki:
    """``extra_ips``: more addresses the server certificates cover (the scan fleet uses several 127.x)."""
    now = dt.datetime.now(dt.timezone.utc)
    names = ("good.lab.test", "localhost")
    ips = ("127.0.0.1", "::1", *extra_ips)
    root = make("hsdoctor Lab Root CA", ca=True, not_after=now + dt.timedelta(days=365))
    inter = make("hsdoctor Lab Intermediate CA", root, ca=True, aia="http://127.0.0.1:9/hsd-lab-root.crt")
    good = make("good.lab.test", inter, dns=names, ips=ips, aia=AIA_URL)
    sni = make("sni.lab.test", inter, dns=("sni.lab.test",), aia=AIA_URL)
    expired = make("expired.lab.test", inter, dns=names, ips=ips, aia=AIA_URL, not_before=now - dt.timedelta(days=60), not_after=now - dt.timedelta(days=2))
    notyet = make("notyet.lab.test", inter, dns=names, ips=ips, aia=AIA_URL, not_before=now + dt.timedelta(days=3), not_after=now + dt.timedelta(days=60))
    wrong = make("other.example", inter, dns=("other.example", "*.other.example"), aia=AIA_URL)
    noaia = make("good.lab.test", inter, dns=names, ips=ips)  # issued by the intermediate, no AIA URL
    selfs = make("localhost", None, dns=names, ips=ips)
    evil_root = make("Unknown Corp Root CA", ca=True)
    untrusted = make("good.lab.test", evil_root, dns=names, ips=ips)
    client = make("lab client", inter, client=True)
    # stand-ins for proxies' fallback certificates, named as Traefik and ingress-nginx name theirs
    # (src/handshake_doctor/domains/tls/default_certs.py); both are self-signed, as the proxies' are
    traefik = make("TRAEFIK DEFAULT CERT", None, dns=("0f1e2d3c4b5a69788796a5b4c3d2e1f0.a1b2c3d4e5f60718293a4b5c6d7e8f90.traefik.default",))
    ingress = make("Kubernetes Ingress Controller Fake Certificate", None, dns=("ingress.local",))
    out: dict[str, Path] = {}
    dir.mkdir(parents=True, exist_ok=True)

    def write(name: str, data: bytes) -> None:
        p = dir / name
        p.write_bytes(data)
        stem, ext = name.rsplit(".", 1)
        out[stem + "_key" if ext == "key" else stem] = p

    write("root.pem", root.pem)
    write("inter.pem", inter.pem)
    for n, c in (("good", good), ("sni", sni), ("expired", expired), ("notyet", notyet), ("wrong", wrong), ("client", client), ("noaia", noaia)):
        write(f"{n}.crt", c.pem)
        write(f"{n}_full.crt", c.pem + inter.pem)
        write(f"{n}.key", c.key_pem)
    for n, c in (("traefik_default", traefik), ("ingress_fake", ingress)):
        write(f"{n}.crt", c.pem)
        write(f"{n}.key", c.key_pem)
    write("self.crt", selfs.pem)
    write("self.key", selfs.key_pem)
    write("untrusted_full.crt", untrusted.pem + evil_root.pem)
    write("untrusted.key", untrusted.key_pem)
    write("client_bundle.pem", client.pem + inter.pem + client.key_pem)
    subjects = {"inter": inter.cert.subject.rfc4514_string(), "evil_root": evil_root.cert.subject.rfc4514_string()}
    return LabPki(dir, out, subjects)
