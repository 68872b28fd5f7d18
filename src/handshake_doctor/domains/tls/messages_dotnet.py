""".NET SslStream / HttpClient and Windows SChannel / CryptoAPI status codes.

.NET wraps the OS error: on Windows an SChannel SEC_E_* Win32Exception with the system's text,
on Linux/macOS the OpenSSL/Apple reason; the outer texts come from System.Net.Security and
System.Net.Http resources. SChannel texts are Windows' FormatMessage strings for the winerror.h
codes (curl, git for Windows, PowerShell and SQL Server clients print the same ones).
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_NET = "dotnet/runtime src/libraries/System.Net.Security/src/Resources/Strings.resx"
_HTTP = "dotnet/runtime src/libraries/System.Net.Http/src/Resources/Strings.resx"
_W = "Microsoft winerror.h (SEC_E_*, CERT_E_*, CRYPT_E_*) with the system message text; learn.microsoft.com 'COM Error Codes (Security and Setup)'"
_PS = "System.Net.Security.SslPolicyErrors enum (learn.microsoft.com)"
_CS = "System.Security.Cryptography.X509Certificates.X509ChainStatusFlags enum (learn.microsoft.com)"
S = StackMessage
ENTRIES = Table(
    "inventory_dotnet",
    (
        S("dotnet", "5+", "The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot", "tls.untrusted_root", "the chain ends at a root the OS store does not trust", _NET + " net_ssl_io_cert_chain_validation; " + _CS, 0.9),
        S("dotnet", "5+", "The remote certificate is invalid because of errors in the certificate chain: NotTimeValid", "tls.cert_expired", "a certificate is outside its validity period", _NET + "; " + _CS, 0.88),
        S("dotnet", "5+", "The remote certificate is invalid because of errors in the certificate chain: PartialChain", "tls.chain_incomplete", "the chain could not be built: an intermediate is missing", _NET + "; " + _CS, 0.9),
        S("dotnet", "5+", "The remote certificate is invalid because of errors in the certificate chain: Revoked", "tls.cert_revoked", "a certificate in the chain is revoked", _NET + "; " + _CS, 0.9),
        S("dotnet", "5+", "The remote certificate is invalid because of errors in the certificate chain: RevocationStatusUnknown", "tls.cert_verify_failed", "revocation could not be checked (CRL/OCSP unreachable)", _NET + "; " + _CS, 0.8),
        S("dotnet", "5+", "The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch", "tls.hostname_mismatch", "the certificate does not carry the host name", _NET + " net_ssl_io_cert_validation; " + _PS, 0.9),
        S("dotnet", "5+", "The remote certificate was rejected by the provided RemoteCertificateValidationCallback.", "tls.cert_verify_failed", "the application's own validation callback refused the certificate", _NET, 0.7),
        S("dotnet", "5+", "Authentication failed because the remote party sent a TLS alert: 'HandshakeFailure'", "tls.no_shared_cipher", "the peer sent alert 40", _NET + " net_auth_tls_alert", 0.85),
        S("dotnet", "5+", "Authentication failed because the remote party sent a TLS alert: 'ProtocolVersion'", "tls.version_mismatch", "the peer refused the offered versions (alert 70)", _NET + " net_auth_tls_alert", 0.85),
        S("dotnet", "5+", "Authentication failed because the remote party has closed the transport stream.", "tls.closed_during_handshake", "the peer closed during the handshake", _NET + " net_auth_eof", 0.88),
        S("dotnet", "3+", "The SSL connection could not be established, see inner exception.", "tls.handshake_failed", "HttpClient's TLS handshake failed; the inner exception says why", _HTTP + " net_http_ssl_connection_failed", 0.45),
        S("dotnet", "5+", "Cannot determine the frame size or a corrupted frame was received.", "tls.not_tls_reply", "the reply is not a TLS record", _NET + " net_frame_read_size", 0.8),
        S("schannel", "Windows", "SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was issued by an authority that is not trusted.", "tls.untrusted_root", "Windows could not chain the certificate to a trusted root", _W, 0.9),
        S("schannel", "Windows", "SEC_E_WRONG_PRINCIPAL (0x80090322) - The target principal name is incorrect.", "tls.hostname_mismatch", "the certificate does not carry the name asked for", _W, 0.9),
        S("schannel", "Windows", "SEC_E_CERT_EXPIRED (0x80090328) - The received certificate has expired.", "tls.cert_expired", "the certificate is past notAfter", _W, 0.9),
        S("schannel", "Windows", "SEC_E_ALGORITHM_MISMATCH (0x80090331) - The client and server cannot communicate, because they do not possess a common algorithm.", "tls.version_mismatch", "no protocol version or cipher suite in common (often TLS 1.0/1.1 only, or TLS 1.2 disabled in the registry)", _W, 0.85),
        S("schannel", "Windows", "SEC_E_ILLEGAL_MESSAGE (0x80090326) - This error usually occurs when a fatal SSL/TLS alert is received (e.g. handshake failed).", "tls.alert_received", "the peer answered with a fatal alert", "curl/curl lib/strerror.c Curl_sspi_strerror (the SEC_E_ILLEGAL_MESSAGE explanation) @curl-8_21_0; " + _W, 0.6),
        S("schannel", "Windows", "System.ComponentModel.Win32Exception (0x80090326): The message received was unexpected or badly formatted.", "tls.alert_received", "SEC_E_ILLEGAL_MESSAGE: the peer answered with a fatal alert or a message SChannel did not expect", _W, 0.6),
        S("schannel", "Windows", "SEC_E_INVALID_TOKEN (0x80090308) - The token supplied to the function is invalid", "tls.not_tls_reply", "SChannel could not parse the reply as TLS (plaintext, another protocol or a broken middlebox)", _W, 0.7),
        S("schannel", "Windows", "SEC_E_CERT_UNKNOWN (0x80090327) - An unknown error occurred while processing the certificate.", "tls.cert_verify_failed", "the certificate could not be processed", _W, 0.65),
        S("schannel", "Windows", "SEC_E_NO_CREDENTIALS (0x8009030E) - No credentials are available in the security package", "tls.client_cert_unusable", "the client certificate's private key is not accessible", _W, 0.75),
        S("schannel", "Windows", "SEC_I_INCOMPLETE_CREDENTIALS (0x00090320)", "tls.client_cert_required", "the server asked for a client certificate and none was supplied", _W, 0.8),
        S("schannel", "Windows", "CERT_E_UNTRUSTEDROOT (0x800B0109)", "tls.untrusted_root", "the chain terminated in a root not trusted by the trust provider", _W, 0.88),
        S("schannel", "Windows", "CERT_E_CHAINING (0x800B010A)", "tls.chain_incomplete", "a chain could not be built to a trusted root (an intermediate is missing)", _W, 0.85),
        S("schannel", "Windows", "CERT_E_EXPIRED (0x800B0101)", "tls.cert_expired", "a certificate is not within its validity period", _W, 0.88),
        S("schannel", "Windows", "CERT_E_CN_NO_MATCH (0x800B010F)", "tls.hostname_mismatch", "the certificate's name does not match", _W, 0.88),
        S("schannel", "Windows", "CERT_E_REVOKED (0x800B010C)", "tls.cert_revoked", "a certificate in the chain is revoked", _W, 0.88),
        S("schannel", "Windows", "CRYPT_E_REVOKED (0x80092010) - The certificate is revoked.", "tls.cert_revoked", "the certificate is revoked", _W, 0.9),
        S("schannel", "Windows", "CRYPT_E_REVOCATION_OFFLINE (0x80092013) - The revocation function was unable to check revocation because the revocation server was offline.", "tls.cert_verify_failed", "the CRL/OCSP server could not be reached", _W, 0.85),
    ),
    ".NET and Windows SChannel messages",
)
