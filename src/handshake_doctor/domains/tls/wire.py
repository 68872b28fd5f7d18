"""TLS wire numbers (IANA TLS registries) as sourced tables, shared by the codec and ``explain``.

Why a module of its own: the codec (used by the probe) and the knowledge tables (used by
``explain``) must name alert 70 and version 0x0303 the same way; both read these rows.
Light on purpose: only ``record`` and ``Table`` are imported.
"""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record

IANA_TLS = "IANA TLS Parameters registry"
RFC8446 = "RFC 8446"


@record(frozen=True)
class ContentTypeRow:
    value: int
    name: str
    source: str


@record(frozen=True)
class VersionRow:
    value: int
    name: str
    deprecated: bool
    source: str


@record(frozen=True)
class AlertRow:
    """One AlertDescription. ``code`` is the finding this alert most often points to when received."""

    value: int
    name: str
    meaning: str  # what the sender of the alert is saying, in our words
    code: str
    reserved: bool
    source: str


@record(frozen=True)
class HandshakeTypeRow:
    value: int
    name: str
    source: str


@record(frozen=True)
class CipherSuiteRow:
    value: int
    name: str
    source: str


CONTENT_TYPES = Table(
    "tls_content_types",
    (
        ContentTypeRow(20, "change_cipher_spec", RFC8446 + " §5.1; " + IANA_TLS + " (ContentType)"),
        ContentTypeRow(21, "alert", RFC8446 + " §5.1"),
        ContentTypeRow(22, "handshake", RFC8446 + " §5.1"),
        ContentTypeRow(23, "application_data", RFC8446 + " §5.1"),
        ContentTypeRow(24, "heartbeat", "RFC 6520 §3"),
        ContentTypeRow(25, "tls12_cid", "RFC 9146 §3"),
        ContentTypeRow(26, "ack", "RFC 9147 §7"),
    ),
    "TLS record ContentType values",
)

VERSIONS = Table(
    "tls_versions",
    (
        VersionRow(0x0002, "SSL 2.0", True, "draft-hickman-netscape-ssl-00; RFC 6176 (prohibits SSL 2.0)"),
        VersionRow(0x0300, "SSL 3.0", True, "RFC 6101 §5.2.1; RFC 7568 (deprecates SSL 3.0)"),
        VersionRow(0x0301, "TLS 1.0", True, "RFC 2246 §6.2.1; RFC 8996 (deprecates TLS 1.0/1.1)"),
        VersionRow(0x0302, "TLS 1.1", True, "RFC 4346 §6.2.1; RFC 8996"),
        VersionRow(0x0303, "TLS 1.2", False, "RFC 5246 §6.2.1"),
        VersionRow(0x0304, "TLS 1.3", False, RFC8446 + " §4.2.1"),
        VersionRow(0xFEFF, "DTLS 1.0", True, "RFC 4347 §4.1; RFC 8996"),
        VersionRow(0xFEFD, "DTLS 1.2", False, "RFC 6347 §4.1"),
        VersionRow(0xFEFC, "DTLS 1.3", False, "RFC 9147 §5.3"),
    ),
    "Protocol version numbers as they appear on the wire",
)

_R = " (reserved: no longer sent)"
ALERTS = Table(
    "tls_alerts",
    (
        AlertRow(0, "close_notify", "the sender is closing the connection normally", "tls.alert_received", False, RFC8446 + " §6.1"),
        AlertRow(10, "unexpected_message", "the sender got a message it did not expect at that point of the handshake", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(20, "bad_record_mac", "a record failed integrity checks (corruption, or a middlebox altering bytes)", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(21, "decryption_failed", "decryption failed" + _R, "tls.alert_received", True, "RFC 5246 §7.2.2; " + IANA_TLS),
        AlertRow(22, "record_overflow", "a record was longer than allowed", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(30, "decompression_failure", "decompression failed" + _R, "tls.alert_received", True, "RFC 5246 §7.2.2; " + IANA_TLS),
        AlertRow(40, "handshake_failure", "the sender found no acceptable set of parameters (cipher suites, groups, signature algorithms; some servers also send it for a missing SNI or client certificate)", "tls.no_shared_cipher", False, RFC8446 + " §6.2"),
        AlertRow(41, "no_certificate", "no certificate (SSL 3.0 only)" + _R, "tls.client_cert_required", True, "RFC 6101 §5.4.2; " + IANA_TLS),
        AlertRow(42, "bad_certificate", "the sender rejected the certificate it received (corrupt, bad signature)", "tls.peer_rejected_certificate", False, RFC8446 + " §6.2"),
        AlertRow(43, "unsupported_certificate", "the sender rejected the certificate's type or key", "tls.peer_rejected_certificate", False, RFC8446 + " §6.2"),
        AlertRow(44, "certificate_revoked", "the sender found the certificate it received revoked", "tls.peer_rejected_certificate", False, RFC8446 + " §6.2"),
        AlertRow(45, "certificate_expired", "the sender found the certificate it received expired or not yet valid", "tls.peer_rejected_certificate", False, RFC8446 + " §6.2"),
        AlertRow(46, "certificate_unknown", "the sender rejected the certificate it received for some other reason", "tls.peer_rejected_certificate", False, RFC8446 + " §6.2"),
        AlertRow(47, "illegal_parameter", "a handshake field was out of range or inconsistent", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(48, "unknown_ca", "the sender could not chain the certificate it received to a CA it trusts", "tls.peer_rejected_certificate", False, RFC8446 + " §6.2"),
        AlertRow(49, "access_denied", "the peer was identified but access control refused it", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(50, "decode_error", "a message could not be parsed (bad length or field)", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(51, "decrypt_error", "a signature or Finished check failed", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(52, "too_many_cids_requested", "too many connection IDs requested (DTLS)", "tls.alert_received", False, "RFC 9146 §5"),
        AlertRow(60, "export_restriction", "export restriction" + _R, "tls.alert_received", True, "RFC 4346 §7.2.2; " + IANA_TLS),
        AlertRow(70, "protocol_version", "the sender does not accept the protocol version offered", "tls.version_mismatch", False, RFC8446 + " §6.2"),
        AlertRow(71, "insufficient_security", "the sender requires stronger cipher suites than offered", "tls.no_shared_cipher", False, RFC8446 + " §6.2"),
        AlertRow(80, "internal_error", "the sender failed for an internal reason unrelated to the peer", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(86, "inappropriate_fallback", "a version-fallback retry was refused (TLS_FALLBACK_SCSV)", "tls.version_mismatch", False, "RFC 7507 §2"),
        AlertRow(90, "user_canceled", "the sender's application cancelled the handshake", "tls.alert_received", False, RFC8446 + " §6.1"),
        AlertRow(100, "no_renegotiation", "the peer refuses to renegotiate (TLS <= 1.2; reserved in TLS 1.3)", "tls.alert_received", True, "RFC 5246 §7.2.2; RFC 8446 §6.2"),
        AlertRow(109, "missing_extension", "a mandatory extension was missing", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(110, "unsupported_extension", "an extension appeared that was not offered or not allowed", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(111, "certificate_unobtainable", "certificate unobtainable" + _R, "tls.alert_received", True, "RFC 6066 §5; " + IANA_TLS),
        AlertRow(112, "unrecognized_name", "the server has no virtual host for the SNI name sent", "tls.unrecognized_name", False, RFC8446 + " §6.2; RFC 6066 §3"),
        AlertRow(113, "bad_certificate_status_response", "an OCSP status response was invalid", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(114, "bad_certificate_hash_value", "bad certificate hash value" + _R, "tls.alert_received", True, "RFC 6066 §5; " + IANA_TLS),
        AlertRow(115, "unknown_psk_identity", "the PSK identity is not known", "tls.alert_received", False, RFC8446 + " §6.2"),
        AlertRow(116, "certificate_required", "the server requires a client certificate and got none", "tls.client_cert_required", False, RFC8446 + " §6.2"),
        AlertRow(120, "no_application_protocol", "no ALPN protocol (h2, http/1.1...) in common", "tls.alert_received", False, "RFC 7301 §3.2"),
        AlertRow(121, "ech_required", "the server requires Encrypted Client Hello", "tls.alert_received", False, "draft-ietf-tls-esni (Encrypted Client Hello) §7; " + IANA_TLS),
    ),
    "AlertDescription values; `code` is the finding the alert points to when received",
)

HANDSHAKE_TYPES = Table(
    "tls_handshake_types",
    tuple(
        HandshakeTypeRow(v, n, IANA_TLS + " (HandshakeType); " + s)
        for v, n, s in (
            (0, "hello_request", "RFC 5246 §7.4"),
            (1, "client_hello", RFC8446 + " §4"),
            (2, "server_hello", RFC8446 + " §4"),
            (3, "hello_verify_request", "RFC 6347 §4.2.1"),
            (4, "new_session_ticket", RFC8446 + " §4"),
            (5, "end_of_early_data", RFC8446 + " §4"),
            (6, "hello_retry_request", RFC8446 + " App. B.3 (reserved)"),
            (8, "encrypted_extensions", RFC8446 + " §4"),
            (9, "request_connection_id", "RFC 9147 §5.3"),
            (10, "new_connection_id", "RFC 9147 §5.3"),
            (11, "certificate", RFC8446 + " §4"),
            (12, "server_key_exchange", "RFC 5246 §7.4"),
            (13, "certificate_request", RFC8446 + " §4"),
            (14, "server_hello_done", "RFC 5246 §7.4"),
            (15, "certificate_verify", RFC8446 + " §4"),
            (16, "client_key_exchange", "RFC 5246 §7.4"),
            (20, "finished", RFC8446 + " §4"),
            (21, "certificate_url", "RFC 6066 §5"),
            (22, "certificate_status", "RFC 6066 §8"),
            (23, "supplemental_data", "RFC 4680 §2"),
            (24, "key_update", RFC8446 + " §4"),
            (25, "compressed_certificate", "RFC 8879 §4"),
            (26, "ekt_key", "RFC 8870 §5.2"),
            (254, "message_hash", RFC8446 + " §4"),
        )
    ),
    "Handshake message types",
)

CIPHER_SUITES = Table(
    "tls_cipher_suites",
    tuple(
        CipherSuiteRow(v, n, IANA_TLS + " (TLS Cipher Suites); " + s)
        for v, n, s in (
            (0x1301, "TLS_AES_128_GCM_SHA256", RFC8446 + " App. B.4"),
            (0x1302, "TLS_AES_256_GCM_SHA384", RFC8446 + " App. B.4"),
            (0x1303, "TLS_CHACHA20_POLY1305_SHA256", RFC8446 + " App. B.4"),
            (0x1304, "TLS_AES_128_CCM_SHA256", RFC8446 + " App. B.4"),
            (0x1305, "TLS_AES_128_CCM_8_SHA256", RFC8446 + " App. B.4"),
            (0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "RFC 5289"),
            (0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "RFC 5289"),
            (0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "RFC 5289"),
            (0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "RFC 5289"),
            (0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "RFC 7905"),
            (0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "RFC 7905"),
            (0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "RFC 8422"),
            (0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "RFC 8422"),
            (0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "RFC 8422"),
            (0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "RFC 8422"),
            (0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "RFC 5288"),
            (0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "RFC 5288"),
            (0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "RFC 5288"),
            (0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "RFC 5288"),
            (0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "RFC 5246 App. C"),
            (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "RFC 5246 App. C"),
            (0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "RFC 5246 App. C"),
            (0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "RFC 5246 App. C"),
            (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "RFC 5246 App. C"),
            (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "RFC 5246 App. C"),
            (0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "RFC 5246 App. C"),
            (0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "RFC 5246 App. C"),
            (0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "RFC 5289"),
            (0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "RFC 5289"),
            (0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "RFC 5289"),
            (0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "RFC 5289"),
            (0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "RFC 7905"),
            (0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "RFC 5246 App. C"),
            (0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "RFC 5746 §3.3"),
            (0x5600, "TLS_FALLBACK_SCSV", "RFC 7507 §2"),
        )
    ),
    "A few cipher suites (the ones our ClientHello offers and the common ones), for readable evidence",
)

TABLES = (CONTENT_TYPES, VERSIONS, ALERTS, HANDSHAKE_TYPES, CIPHER_SUITES)

_ALERTS = {r.value: r for r in ALERTS}
_VERSIONS = {r.value: r for r in VERSIONS}
_CONTENT = {r.value: r for r in CONTENT_TYPES}
_HS = {r.value: r for r in HANDSHAKE_TYPES}
_CS = {r.value: r for r in CIPHER_SUITES}


def alert_row(value: int) -> AlertRow | None:
    return _ALERTS.get(value)


def alert_by_name(name: str) -> AlertRow | None:
    """Alert by registry name, tolerant of OpenSSL/Java spellings ("protocol version", "handshake_failure")."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    for r in ALERTS:
        if r.name == key:
            return r
    return None


def alert_name(value: int) -> str:
    r = _ALERTS.get(value)
    return r.name if r else f"unassigned({value})"


def version_name(value: int) -> str:
    r = _VERSIONS.get(value)
    return r.name if r else f"0x{value:04X}"


def content_type_name(value: int) -> str:
    r = _CONTENT.get(value)
    return r.name if r else f"unknown({value})"


def handshake_type_name(value: int) -> str:
    r = _HS.get(value)
    return r.name if r else f"unassigned({value})"


def cipher_suite_name(value: int) -> str:
    r = _CS.get(value)
    return r.name if r else f"0x{value:04X}"
