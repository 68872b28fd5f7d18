"""LibreSSL (macOS's /usr/bin/curl and openssl, OpenBSD): its error lines and libtls texts.

LibreSSL keeps OpenSSL 1.0's layout with UPPER-case function names
(``error:1404B42E:SSL routines:ST_CONNECT:tlsv1 alert protocol version``) and the 1.x X509 texts
(``self signed certificate``). libtls (nc, ftp, httpd, relayd) prints its own sentences.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_ERR = "libressl/openbsd src/lib/libssl/ssl_err.c (ERR_FUNC names, ERR_REASON texts) @libressl-v4.3.2"
_TLS = "libressl/openbsd src/lib/libtls/tls_verify.c and tls_client.c / tls.c @libressl-v4.3.2"
_X = "libressl/openbsd src/lib/libcrypto/x509/x509_txt.c @libressl-v4.3.2"
S = StackMessage
ENTRIES = Table(
    "inventory_libressl",
    (
        S("libressl", "2.x-4.x", "error:1404B42E:SSL routines:ST_CONNECT:tlsv1 alert protocol version", "tls.version_mismatch", "the peer refused the offered TLS version (alert 70)", _ERR),
        S("libressl", "2.x-4.x", "error:14004410:SSL routines:CONNECT_CR_SRVR_HELLO:sslv3 alert handshake failure", "tls.no_shared_cipher", "the peer sent alert 40: no acceptable parameters", _ERR),
        S("libressl", "2.x-4.x", "error:1404B086:SSL routines:ST_CONNECT:certificate verify failed", "tls.cert_verify_failed", "the server certificate did not verify", _ERR, 0.6),
        S("libressl", "2.x-4.x", "error:1400410B:SSL routines:CONNECT_CR_SRVR_HELLO:wrong version number", "tls.not_tls_reply", "the reply is not a TLS record", _ERR),
        S("libressl", "2.x-4.x", "error:14004418:SSL routines:CONNECT_CR_SRVR_HELLO:tlsv1 alert unknown ca", "tls.peer_rejected_certificate", "the peer does not trust the CA of our certificate (alert 48)", _ERR),
        S("libressl", "2.x-4.x", "SSL routines:ST_CONNECT:tlsv1 alert protocol version", "tls.version_mismatch", "LibreSSL's upper-case function field; the peer refused the version", _ERR),
        S("libressl", "2.x-4.x", "self signed certificate in certificate chain", "tls.untrusted_root", "the chain ends at a self-signed root not trusted here (1.x wording)", _X),
        S("libressl", "2.x-4.x", "unable to get local issuer certificate", "tls.untrusted_root", "the chain does not reach a trusted root", _X),
        S("libtls", "2.x-4.x", "name `{host}' not present in server certificate", "tls.hostname_mismatch", "libtls: the certificate does not carry the host name", _TLS, 0.9),
        S("libtls", "2.x-4.x", "certificate verification failed: certificate has expired", "tls.cert_expired", "libtls: the certificate is past notAfter", _TLS, 0.9),
        S("libtls", "2.x-4.x", "certificate verification failed: unable to get local issuer certificate", "tls.untrusted_root", "libtls: the chain does not reach a trusted root", _TLS, 0.9),
        S("libtls", "2.x-4.x", "handshake failed: error:1404B42E:SSL routines:ST_CONNECT:tlsv1 alert protocol version", "tls.version_mismatch", "libtls: the handshake failed on the version (alert 70)", _TLS),
    ),
    "LibreSSL's error lines and libtls's sentences",
)
