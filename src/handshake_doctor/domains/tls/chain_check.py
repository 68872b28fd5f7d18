"""Judge a certificate chain *as the server sent it* (pure: DER bytes and facts in, problems out).

Why both our own checks and OpenSSL's verify codes: OpenSSL knows the trust store (which roots are
trusted, whether it found an issuer) but says little that helps a person; the certificates
themselves say which intermediate is missing (issuer name, AIA caIssuers URL), when the cert
expired and which names it covers. We combine: OpenSSL's codes decide *whether* the chain builds,
the fields say *what* to fix.

X509_V_ERR numbers: OpenSSL include/openssl/x509_vfy.h (9 not yet valid, 10 expired, 18 depth-zero
self-signed, 19 self-signed in chain, 2/20/21 issuer not found, 66-68 too weak).
Host names: RFC 6125 §6.4 (SAN only when present, wildcard only as the whole left-most label),
RFC 9110 §4.3.5 (IP literals match iPAddress SANs only).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtensionOID

ERR_NOT_YET_VALID = 9
ERR_EXPIRED = 10
ERR_DEPTH_ZERO_SELF_SIGNED = 18
ERR_SELF_SIGNED_IN_CHAIN = 19
ERR_ISSUER_NOT_FOUND = (2, 20, 21)
ERR_TOO_WEAK = (66, 67, 68)
VERIFY_ERROR_NAMES = {
    2: "unable to get issuer certificate",
    7: "certificate signature failure",
    9: "certificate is not yet valid",
    10: "certificate has expired",
    18: "self-signed certificate",
    19: "self-signed certificate in certificate chain",
    20: "unable to get local issuer certificate",
    21: "unable to verify the first certificate",
    24: "invalid CA certificate",
    26: "unsupported certificate purpose",
    66: "EE certificate key too weak",
    67: "CA certificate key too weak",
    68: "CA signature digest algorithm too weak",
}


@dataclass
class CertInfo:
    subject: str
    issuer: str
    not_before: str
    not_after: str
    dns_names: list[str]
    ip_names: list[str]
    ca_issuers: list[str]
    self_issued: bool
    key: str
    signature_hash: str
    is_ca: bool = False


@dataclass
class ChainProblem:
    code: str  # finding code, e.g. "tls.cert_expired"
    summary: str
    detail: str
    facts: dict[str, str] = field(default_factory=dict)  # evidence: name -> value


@dataclass
class ChainReport:
    certs: list[CertInfo]
    problems: list[ChainProblem]
    unparsable: int = 0


def _ts(c: x509.Certificate, attr: str) -> dt.datetime:
    v = getattr(c, attr + "_utc", None)
    return v if v is not None else getattr(c, attr).replace(tzinfo=dt.timezone.utc)


def _ext(c: x509.Certificate, oid: x509.ObjectIdentifier):  # type: ignore[no-untyped-def]
    try:
        return c.extensions.get_extension_for_oid(oid).value
    except (x509.ExtensionNotFound, ValueError):
        return None


def describe(c: x509.Certificate) -> CertInfo:
    san = _ext(c, ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    dns = [str(n) for n in san.get_values_for_type(x509.DNSName)] if san is not None else []
    ips = [str(n) for n in san.get_values_for_type(x509.IPAddress)] if san is not None else []
    aia = _ext(c, ExtensionOID.AUTHORITY_INFORMATION_ACCESS)
    urls = [str(d.access_location.value) for d in aia if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS] if aia is not None else []
    try:
        h = c.signature_hash_algorithm
        sig = h.name if h is not None else "none"
    except Exception:  # noqa: BLE001 - unknown algorithm
        sig = "unknown"
    return CertInfo(
        subject=c.subject.rfc4514_string(),
        issuer=c.issuer.rfc4514_string(),
        not_before=_ts(c, "not_valid_before").isoformat(),
        not_after=_ts(c, "not_valid_after").isoformat(),
        dns_names=dns,
        ip_names=ips,
        ca_issuers=urls,
        self_issued=c.subject == c.issuer,
        key=_key_text(c),
        signature_hash=sig,
        is_ca=_is_ca(c),
    )


def _is_ca(c: x509.Certificate) -> bool:
    bc = _ext(c, ExtensionOID.BASIC_CONSTRAINTS)
    return bool(bc is not None and bc.ca)


def _key_text(c: x509.Certificate) -> str:
    try:
        k = c.public_key()
    except Exception:  # noqa: BLE001
        return "unknown"
    if isinstance(k, rsa.RSAPublicKey):
        return f"RSA {k.key_size}"
    if isinstance(k, ec.EllipticCurvePublicKey):
        return f"EC {k.curve.name} {k.key_size}"
    if isinstance(k, dsa.DSAPublicKey):
        return f"DSA {k.key_size}"
    if isinstance(k, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        return type(k).__name__.replace("PublicKey", "")
    return type(k).__name__


def _weak_key(text: str) -> bool:
    parts = text.split()
    if parts and parts[0] in ("RSA", "DSA") and parts[-1].isdigit():
        return int(parts[-1]) < 2048
    if parts and parts[0] == "EC" and parts[-1].isdigit():
        return int(parts[-1]) < 224
    return False


def hostname_matches(name: str, dns_names: list[str], ip_names: list[str]) -> bool:
    """RFC 6125 matching of one reference name against the SAN of a certificate."""
    name = name.strip().rstrip(".").lower()
    try:
        ip = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        for v in ip_names:
            try:
                if ipaddress.ip_address(v) == ip:
                    return True
            except ValueError:
                continue
        return False
    labels = name.split(".")
    for pattern in dns_names:
        p = pattern.strip().rstrip(".").lower()
        if not p:
            continue
        if p == name:
            return True
        pl = p.split(".")
        if pl[0] == "*" and len(pl) == len(labels) and len(pl) >= 3 and "*" not in "".join(pl[1:]) and pl[1:] == labels[1:] and labels[0]:
            return True
    return False


def check_chain(chain_der: list[bytes], verify_errors: list[tuple[int, int]], hostname: str | None, now: dt.datetime | None = None) -> ChainReport:
    """Problems of the chain, most fundamental first (trust, then dates, then the name, then strength)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    certs: list[x509.Certificate] = []
    bad = 0
    for der in chain_der:
        try:
            certs.append(x509.load_der_x509_certificate(der))
        except Exception:  # noqa: BLE001 - hostile input: count it, never crash
            bad += 1
    infos = [describe(c) for c in certs]
    problems: list[ChainProblem] = []
    if not certs:
        return ChainReport(infos, problems, bad)
    codes = {e for _d, e in verify_errors}
    leaf, top = infos[0], infos[-1]
    if ERR_DEPTH_ZERO_SELF_SIGNED in codes or (len(infos) == 1 and leaf.self_issued and codes & {ERR_SELF_SIGNED_IN_CHAIN, *ERR_ISSUER_NOT_FOUND}):
        problems.append(ChainProblem(
            "tls.self_signed",
            "The server sent a self-signed certificate that the client does not trust",
            f"The certificate '{leaf.subject}' is signed by its own key; no trust store holds it. "
            "Either give the server a certificate from a CA the clients trust, or distribute this certificate to the clients as a trust anchor.",
            {"subject": leaf.subject, "issuer": leaf.issuer},
        ))
    elif ERR_SELF_SIGNED_IN_CHAIN in codes:
        problems.append(ChainProblem(
            "tls.untrusted_root",
            f"The chain ends at a root the client does not trust: {top.subject}",
            f"The server sent its chain up to the self-signed root '{top.subject}', which is not in the client's trust store. "
            "Clients must add that root (a private or corporate CA), or the server must use a certificate from a publicly trusted CA.",
            {"root": top.subject},
        ))
    elif codes & set(ERR_ISSUER_NOT_FOUND):
        missing = top.issuer
        # The last certificate sent is a leaf whose issuer is neither sent nor trusted: public CAs
        # never issue leaves straight from a root, so the forgotten intermediate is the likelier
        # cause, AIA URL or not (without one, no client can even fetch it). When the last one sent
        # is itself a CA, its issuer is usually a root the client lacks (roots are never sent).
        if not top.is_ca and not top.self_issued:
            url = ", ".join(top.ca_issuers) or "(none: the certificate has no AIA caIssuers URL, so no client can fetch it)"
            problems.append(ChainProblem(
                "tls.chain_incomplete",
                f"The server does not send the intermediate certificate '{missing}'",
                f"The last certificate the server sent ('{top.subject}') was issued by '{missing}', which the server did not send "
                f"and the client does not have. Where to get it (AIA caIssuers): {url}. "
                "Append that intermediate (PEM) after the leaf in the server's certificate file. "
                + ("" if top.ca_issuers else f"Only if '{missing}' is a private root that signs leaves directly, trust it on the client instead."),
                {"missing_issuer": missing, "aia_ca_issuers": url, "sent": str(len(infos))},
            ))
        else:
            problems.append(ChainProblem(
                "tls.untrusted_root",
                f"The client cannot find or trust the issuer '{missing}'",
                f"The chain stops at '{top.subject}', issued by '{missing}', which is neither sent nor in the trust store. "
                + ("That is usually a private or corporate root: trust it on the client. "
                   if not top.ca_issuers else f"If '{missing}' is an intermediate rather than a root, the server must send it (AIA caIssuers: {', '.join(top.ca_issuers)}). ")
                + "Otherwise trust its root on the client.",
                {"missing_issuer": missing},
            ))
    for i, (c, info) in enumerate(zip(certs, infos)):
        which = "server certificate" if i == 0 else f"certificate #{i} ('{info.subject}')"
        if _ts(c, "not_valid_after") < now:
            problems.append(ChainProblem(
                "tls.cert_expired",
                f"The {which} expired on {info.not_after[:10]}",
                f"'{info.subject}' was valid until {info.not_after}; renew it and reload the server.",
                {"subject": info.subject, "not_after": info.not_after},
            ))
        elif _ts(c, "not_valid_before") > now:
            problems.append(ChainProblem(
                "tls.cert_not_yet_valid",
                f"The {which} is not valid before {info.not_before[:10]}",
                f"'{info.subject}' becomes valid at {info.not_before}. Either the certificate was issued with a future date, "
                "or this machine's clock is behind: check the clock (timedatectl) first.",
                {"subject": info.subject, "not_before": info.not_before},
            ))
    if hostname and not hostname_matches(hostname, leaf.dns_names, leaf.ip_names):
        names = leaf.dns_names + leaf.ip_names
        problems.append(ChainProblem(
            "tls.hostname_mismatch",
            f"The certificate does not cover '{hostname}'",
            f"It covers: {', '.join(names) if names else '(no subjectAltName; modern clients ignore the CN ' + leaf.subject + ')'}. "
            "Connect with a covered name, or reissue the certificate with this name in subjectAltName.",
            {"asked": hostname, "covered": ", ".join(names) or "(none)"},
        ))
    if infos:
        from .default_certs import of_certificate

        fallback = of_certificate(leaf.subject, leaf.dns_names)
        if fallback is not None:  # the cause of the mismatch / self-signed problems above: it leads
            problems.insert(0, ChainProblem(
                "tls.default_certificate_served",
                f"The server sent {fallback.server}'s fallback certificate ('{leaf.subject}')",
                fallback.meaning[0].upper() + fallback.meaning[1:] + ". The certificate problems below follow from it.",
                {"server": fallback.server, "subject": leaf.subject, "dns_names": ", ".join(leaf.dns_names) or "(none)"},
            ))
    for i, info in enumerate(infos):
        root_like = info.self_issued and i == len(infos) - 1 and i > 0
        weak_sig = info.signature_hash in ("md5", "sha1") and not root_like
        if _weak_key(info.key) or weak_sig or codes & set(ERR_TOO_WEAK):
            problems.append(ChainProblem(
                "tls.weak_certificate",
                f"Certificate #{i} uses a weak {'signature hash ' + info.signature_hash if weak_sig else 'key (' + info.key + ')'}",
                "OpenSSL 3 at security level 2 (Debian's default) rejects RSA keys under 2048 bits and SHA-1 signatures; reissue it.",
                {"subject": info.subject, "key": info.key, "signature_hash": info.signature_hash},
            ))
            break
    return ChainReport(infos, problems, bad)
