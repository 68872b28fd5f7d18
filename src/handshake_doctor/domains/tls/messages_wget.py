"""GNU Wget 1.2x: the OpenSSL- and GnuTLS-build messages for a certificate it cannot verify.

Wget prints a header line ``ERROR: cannot verify <host>'s certificate, issued by '<issuer>':``
followed by one reason line, then ``To connect to <host> insecurely, use
`--no-check-certificate'.``.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_O = "mirror/wget src/openssl.c ssl_check_certificate @v1.24.5"
_G = "mirror/wget src/gnutls.c ssl_check_certificate @v1.24.5"
S = StackMessage
ENTRIES = Table(
    "inventory_wget",
    (
        S("wget", "1.14-1.24", "ERROR: cannot verify {name}'s certificate, issued by '{name}':\n  Unable to locally verify the issuer's authority.", "tls.untrusted_root", "wget (OpenSSL build): the issuer is not in its CA store", _O, 0.9),
        S("wget", "1.14-1.24", "  Unable to locally verify the issuer's authority.", "tls.untrusted_root", "wget: the issuer is not in its CA store (X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)", _O, 0.88),
        S("wget", "1.14-1.24", "  Self-signed certificate encountered.", "tls.self_signed", "wget: the certificate is self-signed", _O, 0.88),
        S("wget", "1.14-1.24", "  Issued certificate not yet valid.", "tls.cert_not_yet_valid", "wget: the certificate's notBefore is in the future", _O, 0.88),
        S("wget", "1.14-1.24", "  Issued certificate has expired.", "tls.cert_expired", "wget: the certificate has expired", _O, 0.88),
        S("wget", "1.14-1.24", "ERROR: no certificate subject alternative name matches\n\trequested host name {name}.", "tls.hostname_mismatch", "wget: no SAN matches the host", _O, 0.9),
        S("wget", "1.14-1.24", "ERROR: certificate common name {name} doesn't match requested host name {name}.", "tls.hostname_mismatch", "wget: the CN does not match (no SANs)", _O, 0.9),
        S("wget", "1.14-1.24", "ERROR: {name}: No certificate presented by {name}.", "tls.handshake_failed", "wget: the server sent no certificate", _O, 0.6),
        S("wget", "1.14-1.24", "ERROR: The certificate of {name} doesn't have a known issuer.", "tls.untrusted_root", "wget (GnuTLS build): the issuer is unknown", _G, 0.9),
        S("wget", "1.14-1.24", "ERROR: The certificate of {name} has expired.", "tls.cert_expired", "wget (GnuTLS build): the certificate has expired", _G, 0.9),
        S("wget", "1.14-1.24", "ERROR: The certificate of {name} is not yet activated.", "tls.cert_not_yet_valid", "wget (GnuTLS build): the certificate is not valid yet", _G, 0.9),
        S("wget", "1.14-1.24", "ERROR: The certificate of {name} has been revoked.", "tls.cert_revoked", "wget (GnuTLS build): the certificate is revoked", _G, 0.9),
        S("wget", "1.14-1.24", "ERROR: The certificate of {name} was signed using an insecure algorithm.", "tls.weak_crypto_rejected", "wget (GnuTLS build): SHA-1/MD5 signature refused", _G, 0.9),
        S("wget", "1.14-1.24", "ERROR: The certificate of {name} is not trusted.", "tls.untrusted_root", "wget (GnuTLS build): the certificate is not trusted", _G, 0.85),
        S("wget", "1.14-1.24", "Unable to establish SSL connection.", "tls.handshake_failed", "wget: the TLS handshake failed (no reason on this line)", "mirror/wget src/http.c @v1.24.5", 0.45),
    ),
    "GNU Wget certificate messages",
)
