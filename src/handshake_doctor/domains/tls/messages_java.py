"""Java: JSSE (sun.security.ssl), sun.security.validator / certpath (PKIX), HostnameChecker, and
Android's trust-anchor message. Read from the JDK sources shipped with Temurin 25 (src.zip,
java.base/sun/security/...); the JSSE messages have this wording since JDK 11's TLS 1.3 rewrite
(JDK 8u261+ backport), older JDK 8 wording is kept where it differs.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_SSL = "OpenJDK java.base/sun/security/ssl/{} (Temurin 25 src.zip; same text since JDK 11)"
_V = "OpenJDK java.base/sun/security/validator/PKIXValidator.java and provider/certpath/SunCertPathBuilder.java (Temurin 25 src.zip)"
_H = "OpenJDK java.base/sun/security/util/HostnameChecker.java (Temurin 25 src.zip)"
_AC = "OpenJDK java.base/sun/security/provider/certpath/AlgorithmChecker.java (Temurin 25 src.zip)"
_ANDROID = "Android libcore/Conscrypt TrustManagerImpl (CertPathValidatorException 'Trust anchor for certification path not found.'); developer.android.com 'Security with network protocols' (unknown CA)"
S = StackMessage
ENTRIES = Table(
    "inventory_java",
    (
        S("java", "8-25", "sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target", "tls.untrusted_root", "no trust anchor in the truststore issued this chain (private CA, TLS-inspecting proxy, or a missing intermediate)", _V, 0.88),
        S("java", "8-25", "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed", "tls.cert_expired", "a certificate in the chain is outside its validity period", "OpenJDK provider/certpath/BasicChecker.java (validity check failed)", 0.85),
        S("java", "8-25", "java.security.cert.CertPathValidatorException: Path does not chain with any of the trust anchors", "tls.untrusted_root", "the chain does not reach a trust anchor", "OpenJDK provider/certpath/PKIXCertPathValidator.java", 0.85),
        S("java", "8-25", "sun.security.validator.ValidatorException: No trusted certificate found", "tls.untrusted_root", "no certificate of the chain is trusted", "OpenJDK java.base/sun/security/validator/ValidatorException.java", 0.85),
        S("java", "11-25", "java.security.cert.CertPathValidatorException: Algorithm constraints check failed on signature algorithm: {word}", "tls.weak_crypto_rejected", "jdk.certpath.disabledAlgorithms refuses the chain's signature (SHA1, MD5)", _AC, 0.9),
        S("java", "11-25", "Algorithm constraints check failed on {word}signature and RSA key with size of {n}bits", "tls.weak_crypto_rejected", "jdk.certpath.disabledAlgorithms refuses the key size (RSA keySize < 2048)", _AC, 0.9),
        S("java", "8-25", "Certificates do not conform to algorithm constraints", "tls.weak_crypto_rejected", "the chain uses a disabled algorithm or key size", "OpenJDK java.base/sun/security/ssl/SSLContextImpl.java", 0.88),
        S("java", "11-25", "DH ServerKeyExchange does not comply to algorithm constraints", "tls.weak_crypto_rejected", "the server's DH group is below jdk.tls.disabledAlgorithms' limit", _SSL.format("DHServerKeyExchange.java"), 0.88),
        S("java", "8-25", "java.security.cert.CertificateException: No subject alternative names present", "tls.hostname_mismatch", "connected by IP (or name) and the certificate has no SANs", _H, 0.9),
        S("java", "8-25", "java.security.cert.CertificateException: No subject alternative names matching IP address {host} found", "tls.hostname_mismatch", "connected by IP and no IP SAN matches", _H, 0.9),
        S("java", "8-25", "java.security.cert.CertificateException: No subject alternative DNS name matching {host} found.", "tls.hostname_mismatch", "no DNS SAN matches the host name", _H, 0.9),
        S("java", "8-25", "java.security.cert.CertificateException: No name matching {host} found", "tls.hostname_mismatch", "the certificate's CN does not match (no SANs)", _H, 0.9),
        S("java", "11-25", "javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate)", "tls.version_mismatch", "every enabled version is disabled for the suites (TLS 1.0/1.1 off since 8u291/11.0.11)", _SSL.format("HandshakeContext.java"), 0.88),
        S("java", "11-25", "javax.net.ssl.SSLHandshakeException: The server selected protocol version TLS10 is not accepted by client preferences [TLS13, TLS12]", "tls.version_mismatch", "the server chose TLS 1.0/1.1, which this client disabled", _SSL.format("ServerHello.java"), 0.9),
        S("java", "11-25", "Server chose {version}, but that protocol version is not enabled or not supported by the client.", "tls.version_mismatch", "the server picked a version the client disabled", _SSL.format("ServerHello.java"), 0.9),
        S("java", "11-25", "The client supported protocol versions [{text}] are not accepted by server preferences [{text}]", "tls.version_mismatch", "this Java server refused every version the client offered", _SSL.format("ClientHello.java"), 0.9),
        S("java", "11-25", "Client requested protocol {version} is not enabled or supported in server context", "tls.version_mismatch", "this Java server refused the client's version", _SSL.format("ClientHello.java"), 0.88),
        S("java", "11-25", "javax.net.ssl.SSLHandshakeException: no cipher suites in common", "tls.no_shared_cipher", "this Java server found no common cipher suite", _SSL.format("ServerHello.java"), 0.9),
        S("java", "11-25", "No supported signature algorithm", "tls.no_shared_cipher", "no signature algorithm in common for the certificate", _SSL.format("CertificateVerify.java / SignatureScheme.java"), 0.75),
        S("java", "11-25", "Empty client certificate chain", "tls.client_cert_required", "this Java server requires a client certificate and got none", _SSL.format("CertificateMessage.java"), 0.88),
        S("java", "11-25", "javax.net.ssl.SSLHandshakeException: Empty server certificate chain", "tls.handshake_failed", "the server sent no certificate", _SSL.format("CertificateMessage.java"), 0.6),
        S("java", "11-25", "javax.net.ssl.SSLException: Unsupported or unrecognized SSL message", "tls.not_tls_reply", "the reply is not a TLS record", _SSL.format("SSLSocketInputRecord.java"), 0.9),
        S("java", "8", "javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?", "tls.not_tls_reply", "JDK 8: plaintext where TLS was expected", "OpenJDK 8 sun/security/ssl/InputRecord.java", 0.9),
        S("java", "11-25", "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake", "tls.closed_during_handshake", "the server closed the connection during the handshake", _SSL.format("SSLSocketImpl.java"), 0.88),
        S("java", "8", "javax.net.ssl.SSLHandshakeException: Remote host closed connection during handshake", "tls.closed_during_handshake", "JDK 8: the server closed during the handshake", "OpenJDK 8 sun/security/ssl/SSLSocketImpl.java", 0.88),
        S("java", "8-25", "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure", "tls.no_shared_cipher", "the peer sent alert 40", _SSL.format("Alert.java") + " ('Received fatal alert: ' + registry name)", 0.85),
        S("java", "8-25", "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown", "tls.peer_rejected_certificate", "the peer rejected the certificate this side sent (alert 46)", _SSL.format("Alert.java"), 0.85),
        S("java", "8-25", "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version", "tls.version_mismatch", "the peer refused the offered versions (alert 70)", _SSL.format("Alert.java"), 0.85),
        S("java", "11-25", "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_required", "tls.client_cert_required", "the server wants a client certificate (alert 116)", _SSL.format("Alert.java"), 0.85),
        S("android", "4-14", "javax.net.ssl.SSLHandshakeException: java.security.cert.CertPathValidatorException: Trust anchor for certification path not found.", "tls.untrusted_root", "Android's system store has no root for this chain: a private CA, a missing intermediate, or a root newer than the device (ISRG Root X1 is missing below Android 7.1.1)", _ANDROID, 0.9),
    ),
    "Java JSSE / PKIX and Android messages",
)
