"""Node.js: its own ERR_TLS_* errors and the codes it derives from OpenSSL.

A verification failure carries the X509_V_ERR_ name as ``err.code`` and the OpenSSL text as the
message (``Error: unable to verify the first certificate`` / ``code: 'UNABLE_TO_VERIFY_LEAF_
SIGNATURE'``); an SSL-library failure is ``ERR_SSL_`` + the reason name
(``ERR_SSL_WRONG_VERSION_NUMBER``). Texts observed with Node v20.20.2 (bundled OpenSSL 3.0.19)
through ``internal/errors`` and ``tls.checkServerIdentity`` on this machine; names from Node's
doc/api/errors.md.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_E = "nodejs/node lib/internal/errors.js (ERR_TLS_*) and doc/api/errors.md; observed with Node v20.20.2"
_C = "nodejs/node src/crypto/crypto_common.cc X509_ERROR_CODE_TO_STRING (err.code = X509_V_ERR_ name) with OpenSSL 3.0.19 texts; observed with Node v20.20.2"
_S = "nodejs/node src/crypto/crypto_util.cc (ERR_SSL_ + OpenSSL reason name); observed with Node v20.20.2"
_W = "nodejs/node lib/_tls_wrap.js onConnectEnd ('Client network socket disconnected before secure TLS connection was established')"
S = StackMessage
ENTRIES = Table(
    "inventory_node",
    (
        S("nodejs", "12+", "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: {host}. is not in the cert's altnames: DNS:{host}", "tls.hostname_mismatch", "the certificate's SANs do not include the host", _E + "; tls.checkServerIdentity", 0.92),
        S("nodejs", "12+", "Hostname/IP does not match certificate's altnames: IP: {host} is not in the cert's list: {text}", "tls.hostname_mismatch", "connected by IP and no IP SAN matches", _E + "; tls.checkServerIdentity", 0.92),
        S("nodejs", "12+", "Hostname/IP does not match certificate's altnames: Host: {host}. is not cert's CN: {host}", "tls.hostname_mismatch", "the certificate has no SANs and its CN differs", _E + "; tls.checkServerIdentity", 0.92),
        S("nodejs", "12+", "Error: TLS handshake timeout", "tls.handshake_timeout", "the handshake did not finish within handshakeTimeout (ERR_TLS_HANDSHAKE_TIMEOUT)", _E, 0.85),
        S("nodejs", "12+", "ERR_TLS_DH_PARAM_SIZE: DH parameter size {n} is less than 2048", "tls.weak_crypto_rejected", "the server's DH group is smaller than Node's minimum", _E, 0.9),
        S("nodejs", "12+", "Error: Client network socket disconnected before secure TLS connection was established", "tls.closed_during_handshake", "the socket closed before the handshake finished (ECONNRESET)", _W, 0.88),
        S("nodejs", "12+", "Error: unable to verify the first certificate (code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')", "tls.chain_incomplete", "the server sent its leaf without the intermediate", _C, 0.9),
        S("nodejs", "12+", "code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'", "tls.untrusted_root", "the issuer is not in Node's CA list (NODE_EXTRA_CA_CERTS adds one)", _C, 0.9),
        S("nodejs", "12+", "code: 'SELF_SIGNED_CERT_IN_CHAIN'", "tls.untrusted_root", "the chain ends at a self-signed root Node does not trust (a proxy's or private CA)", _C, 0.9),
        S("nodejs", "12+", "code: 'DEPTH_ZERO_SELF_SIGNED_CERT'", "tls.self_signed", "the server's certificate is self-signed", _C, 0.9),
        S("nodejs", "12+", "code: 'CERT_HAS_EXPIRED'", "tls.cert_expired", "a certificate is past notAfter", _C, 0.9),
        S("nodejs", "12+", "code: 'CERT_NOT_YET_VALID'", "tls.cert_not_yet_valid", "a certificate's notBefore is in the future", _C, 0.9),
        S("nodejs", "17+", "Error: self-signed certificate in certificate chain", "tls.untrusted_root", "Node 17+ (OpenSSL 3) text for SELF_SIGNED_CERT_IN_CHAIN", _C, 0.9),
        S("nodejs", "12+", "code: 'ERR_SSL_WRONG_VERSION_NUMBER'", "tls.not_tls_reply", "the reply is not a TLS record (plain HTTP or another protocol on the port)", _S, 0.88),
        S("nodejs", "12+", "code: 'ERR_SSL_UNSUPPORTED_PROTOCOL'", "tls.version_mismatch", "the server chose a version Node's minVersion excludes", _S, 0.88),
        S("nodejs", "12+", "code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'", "tls.no_shared_cipher", "the peer sent alert 40", _S, 0.85),
        S("nodejs", "12+", "code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'", "tls.version_mismatch", "the peer refused the offered versions (alert 70)", _S, 0.85),
        S("nodejs", "12+", "code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'", "tls.peer_rejected_certificate", "the peer does not trust the CA of our client certificate (alert 48)", _S, 0.85),
        S("nodejs", "17+", "code: 'ERR_SSL_DH_KEY_TOO_SMALL'", "tls.weak_crypto_rejected", "the server's DH group is below OpenSSL 3's security level", _S, 0.88),
        S("nodejs", "17+", "code: 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED'", "tls.unsafe_legacy_renegotiation", "the server lacks RFC 5746 (OpenSSL 3 refuses it)", _S, 0.9),
        S("nodejs", "17+", "code: 'ERR_SSL_EE_KEY_TOO_SMALL'", "tls.weak_crypto_rejected", "the server's key (RSA 1024) is below the security level", _S, 0.88),
        S("nodejs", "12+", "code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'", "tls.client_cert_required", "the server wants a client certificate (alert 116)", _S, 0.85),
    ),
    "Node.js TLS errors and codes",
)
