"""Issue 12's concept layer, checked in each stack's own wording: an X.509 verify reason names
its specific cause (untrusted root, missing intermediate, self-signed, expired, host name,
unreadable CA bundle), never the generic verify-failed code, whichever stack printed it; and an
errno-like condition is read together with the object it is about (a tty, a certificate file).

The wordings are the stacks' own, read from their sources and documentation, not from any
held-out thread: Go crypto/x509 (verify.go: UnknownAuthorityError, CertificateInvalidError,
HostnameError), Java sun.security.validator / provider.certpath and java.security.cert
exception texts, .NET SslPolicyErrors / X509ChainStatusFlags names, NSS SEC_ERROR_* /
SSL_ERROR_* / MOZILLA_PKIX_ERROR_* names (lib/util/secerr.h), GnuTLS
gnutls_certificate_verification_status_print texts, CPython Modules/_ssl.c verify messages,
Node's err.code values (the X509_V_ERR_* names without the prefix), OpenSSL's
X509_V_ERR_* constant names (include/openssl/x509_vfy.h.in) and s_client's verify line,
curl CURLE_SSL_CACERT_BADFILE (77), POSIX open(2) EACCES/EBUSY texts.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

CASES = [
    ("Get \"https://api.example.org/\": x509: certificate signed by unknown authority", "tls.untrusted_root"),
    ("x509: certificate has expired or is not yet valid: current time 2026-01-02T00:00:00Z is after 2025-12-01T00:00:00Z", "tls.cert_expired"),
    ("x509: certificate is valid for a.example.org, not b.example.org", "tls.hostname_mismatch"),
    ("javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target", "tls.untrusted_root"),
    ("java.security.cert.CertificateExpiredException: NotAfter: Mon Jan 01 00:00:00 UTC 2024", "tls.cert_expired"),
    ("javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching b.example.org found.", "tls.hostname_mismatch"),
    ("java.security.cert.CertPathValidatorException: Path does not chain with any of the trust anchors", "tls.untrusted_root"),
    ("X509ChainStatusFlags: UntrustedRoot", "tls.untrusted_root"),
    ("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch", "tls.hostname_mismatch"),
    ("The remote certificate is invalid because of errors in the certificate chain: PartialChain", "tls.chain_incomplete"),
    ("SEC_ERROR_UNKNOWN_ISSUER", "tls.untrusted_root"),
    ("SEC_ERROR_EXPIRED_CERTIFICATE", "tls.cert_expired"),
    ("SSL_ERROR_BAD_CERT_DOMAIN", "tls.hostname_mismatch"),
    ("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", "tls.self_signed"),
    ("NSS error -8179 (SEC_ERROR_UNKNOWN_ISSUER)", "tls.untrusted_root"),
    ("*** Verifying server certificate failed... The certificate is NOT trusted. The certificate issuer is unknown.", "tls.untrusted_root"),
    ("The certificate is NOT trusted. The certificate chain uses expired certificate.", "tls.cert_expired"),
    ("The name in the certificate does not match the expected.", "tls.hostname_mismatch"),
    ("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)", "tls.untrusted_root"),
    ("Error: unable to verify the first certificate  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'", "tls.chain_incomplete"),
    ("code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'", "tls.chain_incomplete"),
    ("Error: self signed certificate  code: 'DEPTH_ZERO_SELF_SIGNED_CERT'", "tls.self_signed"),
    ("code: 'CERT_HAS_EXPIRED'", "tls.cert_expired"),
    ("X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "tls.untrusted_root"),
    ("X509_V_ERR_CERT_HAS_EXPIRED", "tls.cert_expired"),
    ("X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT", "tls.self_signed"),
    ("X509_V_ERR_HOSTNAME_MISMATCH", "tls.hostname_mismatch"),
    ("X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls.chain_incomplete"),
    ("verify error:num=21:unable to verify the first certificate", "tls.chain_incomplete"),
    ("curl: (77) error setting certificate verify locations:  CAfile: /etc/ssl/certs/ca.pem CApath: none", "tls.ca_bundle_unreadable"),
    ("ssl.create_default_context(cafile='/etc/ssl/private-ca.pem'): PermissionError: [Errno 13] Permission denied: '/etc/ssl/private-ca.pem'", "tls.ca_bundle_unreadable"),
    ("open /etc/ssl/certs/ca.crt: permission denied", "tls.ca_bundle_unreadable"),
    ("tool: /dev/ttyUSB0: Permission denied", "serial.permission_denied"),
    ("could not open port /dev/ttyUSB0: [Errno 16] Device or resource busy: '/dev/ttyUSB0'", "serial.port_busy"),
]


@pytest.mark.parametrize("text,code", CASES, ids=[c for _, c in CASES])
def test_the_reason_names_the_specific_cause(text: str, code: str) -> None:
    d = hd.explain(text)
    assert d.findings, f"nothing recognised in {text!r}"
    assert d.findings[0].code == code, (text, [(f.code, f.confidence) for f in d.findings[:4]])
    assert d.findings[0].code != "tls.cert_verify_failed"


def test_the_same_permission_error_on_a_tty_and_on_a_ca_file_gives_two_domains() -> None:
    tty = hd.explain("open /dev/ttyUSB0: permission denied")
    ca = hd.explain("open /etc/ssl/certs/ca.crt: permission denied")
    assert tty.findings[0].code == "serial.permission_denied", [f.code for f in tty.findings]
    assert ca.findings[0].code == "tls.ca_bundle_unreadable", [f.code for f in ca.findings]


def test_an_inventoried_line_wins_over_a_word_inside_it() -> None:
    """The gate reads another field's context outside the inventoried line only (engine.py)."""
    line = "couldn't bind x1 to socket on port 3: Address already in use"
    assert hd.explain(line).findings[0].code == "bootloader.stm32.probe_busy"
    assert hd.explain("verify error:num=31:authority and issuer serial number mismatch").domains[0].name == "tls"
