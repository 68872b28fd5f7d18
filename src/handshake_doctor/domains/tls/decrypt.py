"""TLS 1.3 handshake decryption from key log secrets (pure: records and secrets in, plaintext out).

Why: in TLS 1.3 everything after the ServerHello is encrypted, so a capture alone cannot show
the certificate the client refused or the alert the server sent. With the secrets a client wrote
to SSLKEYLOGFILE (NSS key log format: ``LABEL <client_random hex> <secret hex>``), the records
decrypt: RFC 8446 §7.1 (HKDF-Expand-Label), §7.3 (traffic keys: "key", "iv"), §5.3 (per-record
nonce = iv XOR the 64-bit sequence number), §5.2 (the additional data is the record header; the
inner plaintext ends with its real content type, then zero padding).

TLS 1.3: its AEAD suites (1301 AES-128-GCM/SHA-256, 1302 AES-256-GCM/SHA-384, 1303
ChaCha20-Poly1305/SHA-256). TLS 1.2: the ECDHE/RSA AEAD suites (AES-GCM: RFC 5288 §3, nonce =
4-byte salt + the record's 8-byte explicit nonce; ChaCha20-Poly1305: RFC 7905 §2, nonce = iv
XOR sequence), keys from the CLIENT_RANDOM master secret by the RFC 5246 §5 PRF ("key
expansion", server_random + client_random), additional data = seq + type + version + length
(RFC 5246 §6.2.3.3). CBC suites are not decrypted.
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


# TLS 1.2 AEAD suites: value -> (kind, key length, fixed iv length, PRF hash)
SUITES12 = {0xC02B: ("aesgcm", 16, 4, "sha256"), 0xC02F: ("aesgcm", 16, 4, "sha256"), 0xC02C: ("aesgcm", 32, 4, "sha384"),
            0xC030: ("aesgcm", 32, 4, "sha384"), 0x009C: ("aesgcm", 16, 4, "sha256"), 0x009D: ("aesgcm", 32, 4, "sha384"),
            0x009E: ("aesgcm", 16, 4, "sha256"), 0x009F: ("aesgcm", 32, 4, "sha384"),
            0xCCA8: ("chacha", 32, 12, "sha256"), 0xCCA9: ("chacha", 32, 12, "sha256"), 0xCCAA: ("chacha", 32, 12, "sha256")}


def _prf(secret: bytes, label: bytes, seed: bytes, length: int, hash_name: str) -> bytes:
    """RFC 5246 §5 P_hash."""
    out, a = b"", label + seed
    while len(out) < length:
        a = hmac.new(secret, a, hash_name).digest()
        out += hmac.new(secret, a + label + seed, hash_name).digest()
    return out[:length]


class Record12Decryptor:
    """One direction of a TLS 1.2 AEAD session, records in order from its first encrypted one."""

    def __init__(self, suite: int, master: bytes, client_random: bytes, server_random: bytes, client_side: bool) -> None:
        kind, keylen, ivlen, hash_name = SUITES12[suite]
        block = _prf(master, b"key expansion", server_random + client_random, 2 * keylen + 2 * ivlen, hash_name)
        ck, sk = block[:keylen], block[keylen:2 * keylen]
        civ, siv = block[2 * keylen:2 * keylen + ivlen], block[2 * keylen + ivlen:]
        key, self.iv = (ck, civ) if client_side else (sk, siv)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

        self.kind = kind
        self.aead = AESGCM(key) if kind == "aesgcm" else ChaCha20Poly1305(key)
        self.seq = 0

    def decrypt(self, ctype: int, version: int, payload: bytes) -> bytes | None:
        if self.kind == "aesgcm":
            if len(payload) < 8 + 16:
                return None
            nonce, body = self.iv + payload[:8], payload[8:]
        else:
            nonce, body = bytes(a ^ b for a, b in zip(self.iv, self.seq.to_bytes(12, "big"))), payload
        aad = self.seq.to_bytes(8, "big") + bytes([ctype]) + version.to_bytes(2, "big") + (len(body) - 16).to_bytes(2, "big")
        try:
            plain = self.aead.decrypt(nonce, body, aad)
        except Exception:  # noqa: BLE001 - InvalidTag: not these keys
            return None
        self.seq += 1
        return plain
