"""TLS 1.3 handshake decryption from key log secrets (pure: records and secrets in, plaintext out).

Why: in TLS 1.3 everything after the ServerHello is encrypted, so a capture alone cannot show
the certificate the client refused or the alert the server sent. With the secrets a client wrote
to SSLKEYLOGFILE (NSS key log format: ``LABEL <client_random hex> <secret hex>``), the records
decrypt: RFC 8446 §7.1 (HKDF-Expand-Label), §7.3 (traffic keys: "key", "iv"), §5.3 (per-record
nonce = iv XOR the 64-bit sequence number), §5.2 (the additional data is the record header; the
inner plaintext ends with its real content type, then zero padding).

Only the AEAD suites of TLS 1.3 (1301 AES-128-GCM/SHA-256, 1302 AES-256-GCM/SHA-384, 1303
ChaCha20-Poly1305/SHA-256). TLS 1.2 decryption (CLIENT_RANDOM master secrets, the PRF and
per-suite key blocks) is not implemented.
"""

from __future__ import annotations

import hashlib
import hmac

SUITES = {0x1301: ("aesgcm", 16, "sha256"), 0x1302: ("aesgcm", 32, "sha384"), 0x1303: ("chacha", 32, "sha256")}
LABELS = ("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0")
MAX_LINES = 1_000_000


def parse_keylog(lines: list[bytes] | list[str]) -> dict[bytes, dict[str, bytes]]:
    """client_random -> {label: secret} from NSS key log lines (bad lines are skipped)."""
    out: dict[bytes, dict[str, bytes]] = {}
    for raw in lines[:MAX_LINES]:
        line = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
        parts = line.strip().split()
        if len(parts) != 3 or parts[0].startswith("#"):
            continue
        try:
            cr, secret = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        except ValueError:
            continue
        if len(cr) == 32 and 16 <= len(secret) <= 64:
            out.setdefault(cr, {})[parts[0]] = secret
    return out


def _expand_label(secret: bytes, label: bytes, length: int, hash_name: str) -> bytes:
    full = b"tls13 " + label
    info = length.to_bytes(2, "big") + bytes([len(full)]) + full + b"\x00"
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(secret, block + info + bytes([i]), hash_name).digest()
        out += block
        i += 1
    return out[:length]


class RecordDecryptor:
    """Decrypts one direction's TLS 1.3 records in order (the sequence number counts them)."""

    def __init__(self, suite: int, secret: bytes) -> None:
        kind, keylen, hash_name = SUITES[suite]
        key = _expand_label(secret, b"key", keylen, hash_name)
        self.iv = _expand_label(secret, b"iv", 12, hash_name)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

        self.aead = AESGCM(key) if kind == "aesgcm" else ChaCha20Poly1305(key)
        self.seq = 0

    def decrypt(self, header: bytes, payload: bytes) -> tuple[int, bytes] | None:
        """(inner content type, content) or None when it does not authenticate (wrong keys)."""
        nonce = bytes(a ^ b for a, b in zip(self.iv, self.seq.to_bytes(12, "big")))
        try:
            plain = self.aead.decrypt(nonce, payload, header)
        except Exception:  # noqa: BLE001 - InvalidTag: not these keys, or not this record
            return None
        self.seq += 1
        end = len(plain.rstrip(b"\x00"))
        if end == 0:
            return None
        return plain[end - 1], plain[:end - 1]


def suite_supported(suite: int) -> bool:
    return suite in SUITES


def hash_len(suite: int) -> int:
    return hashlib.new(SUITES[suite][2]).digest_size
