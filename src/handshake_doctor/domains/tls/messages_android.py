"""Android's TLS stack: Conscrypt (the platform's TLS provider and TrustManagerImpl) and OkHttp
(the HTTP client behind HttpURLConnection and most apps).

- Conscrypt: github.com/google/conscrypt at tag 2.6.3 (the platform ships its own snapshot of the
  same sources): common/src/main/java/org/conscrypt/TrustManagerImpl.java ('Trust anchor for
  certification path not found.', 'Chain validation failed', the blocklist and EKU checks),
  ChainStrengthAnalyzer.java (weak keys and SHA-1/MD5 signatures), NativeSsl.java (SNI),
  common/src/jni/main/cpp/conscrypt/native_crypto.cc and jniutil.cc ('SSL handshake aborted:
  ssl=0x...: <reason>', 'Connection closed by peer').
- OkHttp: github.com/square/okhttp at tag parent-4.12.0: okhttp3/CertificatePinner.kt,
  internal/connection/RealConnection.kt (host name check, Android's cleartext policy).
- ``timestamp check failed`` is the CertPathValidator's (libcore's ojluni copy of OpenJDK's
  sun.security.provider.certpath.BasicChecker) cause under 'Chain validation failed'.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_C = "google/conscrypt common/src/main/java/org/conscrypt/{}@2.6.3"
_N = "google/conscrypt common/src/jni/main/cpp/conscrypt/{}@2.6.3"
_O = "square/okhttp okhttp/src/main/kotlin/okhttp3/{}@parent-4.12.0"
S = StackMessage
ENTRIES = Table(
    "inventory_android",
    (
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertPathValidatorException: Trust anchor for certification path not found.", "tls.untrusted_root", "no root in the device's trust store (or the app's network security config) issues this chain: a private CA, a root the device is too old to have, or a missing intermediate", _C.format("TrustManagerImpl.java checkTrustedRecursive()"), 0.9),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertificateException: Chain validation failed", "tls.cert_verify_failed", "a chain to a trusted root was built but a certificate in it failed validation: the 'Caused by' line says which check (an expired certificate or a wrong device clock most often)", _C.format("TrustManagerImpl.java verifyChain()"), 0.8),
        S("conscrypt", "Android 7+", "java.security.cert.CertPathValidatorException: timestamp check failed", "tls.cert_expired", "a certificate's validity period does not contain the device's time: the certificate expired (or is not valid yet), or the device's clock is wrong", "libcore ojluni sun/security/provider/certpath/BasicChecker.java (OpenJDK's text), under " + _C.format("TrustManagerImpl.java"), 0.85),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertificateException: No subjectAltNames on the certificate match", "tls.hostname_mismatch", "the host name is not among the certificate's subjectAltNames (Android ignores the CN)", _C.format("TrustManagerImpl.java checkTrusted()"), 0.9),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertificateException: Certificate blocklisted by public key: {text}", "tls.cert_revoked", "the certificate's key is on the platform's blocklist (a distrusted or compromised key)", _C.format("TrustManagerImpl.java checkBlocklist()"), 0.85),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertificateException: Signature uses an insecure hash function: {word}", "tls.weak_certificate", "a certificate in the chain is signed with MD5 or SHA-1 (the OID is named), which Android refuses", _C.format("ChainStrengthAnalyzer.java checkSignatureAlgorithm()"), 0.9),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertificateException: RSA modulus is < {n} bits", "tls.weak_certificate", "a certificate's RSA key is shorter than Android accepts (1024 bits)", _C.format("ChainStrengthAnalyzer.java checkKeyLength()"), 0.9),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertificateException: EC key field size is < {n} bits", "tls.weak_certificate", "a certificate's EC key is smaller than Android accepts", _C.format("ChainStrengthAnalyzer.java checkKeyLength()"), 0.9),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "java.security.cert.CertPathValidatorException: End-entity certificate does not have a valid extendedKeyUsage.", "tls.cert_verify_failed", "the server certificate's extendedKeyUsage does not include serverAuth", _C.format("TrustManagerImpl.java checkEKU"), 0.85),
        S("conscrypt", "Android 7+ (conscrypt 2.x)", "javax.net.ssl.SSLHandshakeException: SNI match failed: {host}", "tls.unrecognized_name", "this side (an Android TLS server) has no certificate for the server name the client asked for", _C.format("NativeSsl.java"), 0.85),
        S("conscrypt", "Android 5+ (conscrypt)", "SSL handshake aborted: ssl=0x{hex}: I/O error during system call, Connection reset by peer", "tls.reset_after_hello", "the peer (or a middlebox) reset the connection during the handshake: a TLS version or SNI it refuses, or a filter", _N.format("native_crypto.cc SSL_do_handshake, jniutil.cc throwSSLExceptionWithSslErrors()"), 0.85),
        S("conscrypt", "Android 5+ (conscrypt)", "SSL handshake aborted: ssl=0x{hex}: Failure in SSL library, usually a protocol error", "tls.handshake_failed", "BoringSSL failed the handshake; the 'error:10000xxx:SSL routines:OPENSSL_internal:...' line that follows names the reason", _N.format("native_crypto.cc, jniutil.cc"), 0.6),
        S("conscrypt", "Android 5+ (conscrypt)", "javax.net.ssl.SSLHandshakeException: Connection closed by peer", "tls.closed_during_handshake", "the server closed the connection during the handshake without an alert: it refuses the versions or ciphers offered (old Android against a TLS 1.2+-only server), or it is not TLS", _N.format("native_crypto.cc SSL_do_handshake"), 0.85),
        S("okhttp", "4.x (4.12.0 read)", "javax.net.ssl.SSLPeerUnverifiedException: Certificate pinning failure!", "tls.pin_mismatch", "the server's chain has none of the pinned public keys: the server changed certificate or key, or a proxy intercepts", _O.format("CertificatePinner.kt check()"), 0.92),
        S("okhttp", "4.x (4.12.0 read)", "javax.net.ssl.SSLPeerUnverifiedException: Hostname {host} not verified:", "tls.hostname_mismatch", "the host name is not in the server certificate's names (OkHttp's own check; the certificate's names follow)", _O.format("internal/connection/RealConnection.kt connectTls()"), 0.9),
        S("okhttp", "3.x-4.x (4.12.0 read)", "CLEARTEXT communication to {host} not permitted by network security policy", "http.cleartext_not_permitted", "Android (API 28+ by default) forbids plain http:// to this host: use https, or allow cleartext for it in the network security config", _O.format("internal/connection/RealConnection.kt connect()"), 0.92),
        S("okhttp", "3.x-4.x (4.12.0 read)", "CLEARTEXT communication not enabled for client", "http.cleartext_not_permitted", "the OkHttp client's connection specs do not include CLEARTEXT, so http:// URLs are refused", _O.format("internal/connection/RealConnection.kt connect()"), 0.9),
    ),
    "Android (Conscrypt, OkHttp) certificate, handshake and cleartext-policy messages",
)
