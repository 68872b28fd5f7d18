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
(RFC 5246 §6.2.3.3). TLS 1.2 AES-CBC suites with HMAC-SHA1/SHA256/SHA384: RFC 5246 §6.2.3.2
(each record carries its explicit IV; MAC-then-encrypt; the padding bytes all hold the padding
length), and encrypt-then-MAC (RFC 7366 §3) when both hellos carry the encrypt_then_mac
extension: the MAC covers the IV and ciphertext and follows them. The key block is RFC 5246
§6.3: client MAC key, server MAC key, client key, server key, client IV, server IV (the IVs only
for the AEAD suites' implicit part).

TLS 1.0 and TLS 1.1 (the AES-CBC suites with HMAC-SHA1 only: the SHA-256/384 suites are TLS 1.2's):
the PRF is P_MD5 over the secret's first half XOR P_SHA1 over its second half (RFC 2246 §5,
RFC 4346 §5; the halves overlap by one byte when the length is odd); the key block starts as
TLS 1.2's (MAC keys, then keys) and, in TLS 1.0, ends with the client and server IVs (RFC 2246
§6.3). TLS 1.0 sends no IV: the first record's is the key block's, each later record's is the
last ciphertext block of the one before (RFC 2246 §6.2.3.2). TLS 1.1 sends an explicit IV as
TLS 1.2 does (RFC 4346 §6.2.3.2). MAC-then-encrypt, HMAC over seq + type + version + length +
content (RFC 2246 §6.2.3.1), or encrypt-then-MAC when negotiated (RFC 7366 §3: in TLS 1.0 the
MAC covers the ciphertext alone, there being no IV on the wire).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Suite12:
    """A TLS 1.2 suite's record protection: the key-block layout (RFC 5246 §6.3) and the cipher."""

    kind: str  # "aesgcm", "chacha" (AEAD) or "cbc" (AES-CBC with HMAC)
    key_len: int
    fixed_iv_len: int  # the implicit IV in the key block (AEAD only; CBC IVs travel per record)
    mac_hash: str | None  # HMAC hash of a CBC suite (its MAC key length is the digest size)
    prf_hash: str  # the TLS 1.2 PRF hash (SHA-256 unless the suite says SHA-384)
    source: str

    @property
    def mac_len(self) -> int:
        return hashlib.new(self.mac_hash).digest_size if self.mac_hash else 0


_GCM, _CHACHA, _RFC5246 = "RFC 5288 §3; RFC 5289 §3.2", "RFC 7905 §2", "RFC 5246 §6.3, Appendix C"
_ECC_CBC, _ECC_SHA2 = "RFC 4492 §6 (PRF: RFC 5246 §5)", "RFC 5289 §3.1"
# TLS 1.2 suites decrypted from the CLIENT_RANDOM master secret. value -> Suite12
#         value     kind      key  iv  MAC       PRF       source
SUITES12: dict[int, Suite12] = {v: Suite12(*row) for v, *row in (
    (0xC02B, "aesgcm", 16, 4, None, "sha256", _GCM),     # ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    (0xC02F, "aesgcm", 16, 4, None, "sha256", _GCM),     # ECDHE_RSA_WITH_AES_128_GCM_SHA256
    (0xC02C, "aesgcm", 32, 4, None, "sha384", _GCM),     # ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    (0xC030, "aesgcm", 32, 4, None, "sha384", _GCM),     # ECDHE_RSA_WITH_AES_256_GCM_SHA384
    (0x009C, "aesgcm", 16, 4, None, "sha256", _GCM),     # RSA_WITH_AES_128_GCM_SHA256
    (0x009D, "aesgcm", 32, 4, None, "sha384", _GCM),     # RSA_WITH_AES_256_GCM_SHA384
    (0x009E, "aesgcm", 16, 4, None, "sha256", _GCM),     # DHE_RSA_WITH_AES_128_GCM_SHA256
    (0x009F, "aesgcm", 32, 4, None, "sha384", _GCM),     # DHE_RSA_WITH_AES_256_GCM_SHA384
    (0xCCA8, "chacha", 32, 12, None, "sha256", _CHACHA),  # ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    (0xCCA9, "chacha", 32, 12, None, "sha256", _CHACHA),  # ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
    (0xCCAA, "chacha", 32, 12, None, "sha256", _CHACHA),  # DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    (0x002F, "cbc", 16, 0, "sha1", "sha256", _RFC5246),   # RSA_WITH_AES_128_CBC_SHA
    (0x0035, "cbc", 32, 0, "sha1", "sha256", _RFC5246),   # RSA_WITH_AES_256_CBC_SHA
    (0x003C, "cbc", 16, 0, "sha256", "sha256", _RFC5246),  # RSA_WITH_AES_128_CBC_SHA256
    (0x003D, "cbc", 32, 0, "sha256", "sha256", _RFC5246),  # RSA_WITH_AES_256_CBC_SHA256
    (0x0033, "cbc", 16, 0, "sha1", "sha256", _RFC5246),   # DHE_RSA_WITH_AES_128_CBC_SHA
    (0x0039, "cbc", 32, 0, "sha1", "sha256", _RFC5246),   # DHE_RSA_WITH_AES_256_CBC_SHA
    (0x0067, "cbc", 16, 0, "sha256", "sha256", _RFC5246),  # DHE_RSA_WITH_AES_128_CBC_SHA256
    (0x006B, "cbc", 32, 0, "sha256", "sha256", _RFC5246),  # DHE_RSA_WITH_AES_256_CBC_SHA256
    (0xC009, "cbc", 16, 0, "sha1", "sha256", _ECC_CBC),   # ECDHE_ECDSA_WITH_AES_128_CBC_SHA
    (0xC00A, "cbc", 32, 0, "sha1", "sha256", _ECC_CBC),   # ECDHE_ECDSA_WITH_AES_256_CBC_SHA
    (0xC013, "cbc", 16, 0, "sha1", "sha256", _ECC_CBC),   # ECDHE_RSA_WITH_AES_128_CBC_SHA
    (0xC014, "cbc", 32, 0, "sha1", "sha256", _ECC_CBC),   # ECDHE_RSA_WITH_AES_256_CBC_SHA
    (0xC023, "cbc", 16, 0, "sha256", "sha256", _ECC_SHA2),  # ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
    (0xC024, "cbc", 32, 0, "sha384", "sha384", _ECC_SHA2),  # ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
    (0xC027, "cbc", 16, 0, "sha256", "sha256", _ECC_SHA2),  # ECDHE_RSA_WITH_AES_128_CBC_SHA256
    (0xC028, "cbc", 32, 0, "sha384", "sha384", _ECC_SHA2),  # ECDHE_RSA_WITH_AES_256_CBC_SHA384
)}
EXT_ENCRYPT_THEN_MAC = 0x0016  # RFC 7366 §2


def _prf(secret: bytes, label: bytes, seed: bytes, length: int, hash_name: str) -> bytes:
    """RFC 5246 §5 P_hash."""
    out, a = b"", label + seed
    while len(out) < length:
        a = hmac.new(secret, a, hash_name).digest()
        out += hmac.new(secret, a + label + seed, hash_name).digest()
    return out[:length]


def _p_hash(secret: bytes, seed: bytes, length: int, hash_name: str) -> bytes:
    out, a = b"", seed
    while len(out) < length:
        a = hmac.new(secret, a, hash_name).digest()
        out += hmac.new(secret, a + seed, hash_name).digest()
    return out[:length]


def prf10(secret: bytes, label: bytes, seed: bytes, length: int) -> bytes:
    """RFC 2246 §5 (also TLS 1.1, RFC 4346 §5): P_MD5(S1) XOR P_SHA-1(S2), S1 and S2 the
    secret's halves (each ceil(len/2) bytes, sharing the middle byte when the length is odd)."""
    half = (len(secret) + 1) // 2
    md5 = _p_hash(secret[:half], label + seed, length, "md5")
    sha = _p_hash(secret[len(secret) - half:], label + seed, length, "sha1")
    return bytes(a ^ b for a, b in zip(md5, sha))


#: record versions whose PRF and CBC rules this module knows; TLS 1.0/1.1 only for the
#: HMAC-SHA1 CBC suites (suites with SHA-256/384 exist only in TLS 1.2, RFC 5246 Appendix C)
TLS10, TLS11, TLS12 = 0x0301, 0x0302, 0x0303


def version_supported(suite: int, version: int) -> bool:
    """Whether ``suite`` at protocol ``version`` is decrypted here."""
    s = SUITES12.get(suite)
    if s is None:
        return False
    if version == TLS12:
        return True
    return version in (TLS10, TLS11) and s.kind == "cbc" and s.mac_hash == "sha1"


class Record12Decryptor:
    """One direction of a TLS 1.2 session, records in order from its first encrypted one.

    ``etm``: encrypt-then-MAC (RFC 7366) was negotiated (both hellos carry the extension); it
    changes only the CBC suites' record layout. ``version``: the negotiated protocol version
    (TLS 1.0 and 1.1 change the PRF, and TLS 1.0 the IVs: see the module docstring)."""

    def __init__(self, suite: int, master: bytes, client_random: bytes, server_random: bytes, client_side: bool, etm: bool = False,
                 version: int = TLS12) -> None:
        s = SUITES12[suite]
        m, k, v = s.mac_len, s.key_len, s.fixed_iv_len
        self.version = version
        if version == TLS10:  # the IVs follow the keys in the key block (RFC 2246 §6.3)
            v = 16
        if version in (TLS10, TLS11):
            block = prf10(master, b"key expansion", server_random + client_random, 2 * (m + k + v))
        else:
            block = _prf(master, b"key expansion", server_random + client_random, 2 * (m + k + v), s.prf_hash)
        cmac, smac = block[:m], block[m:2 * m]
        ck, sk = block[2 * m:2 * m + k], block[2 * m + k:2 * m + 2 * k]
        civ, siv = block[2 * m + 2 * k:2 * m + 2 * k + v], block[2 * m + 2 * k + v:]
        key, self.iv, self.mac_key = (ck, civ, cmac) if client_side else (sk, siv, smac)
        self.kind, self.mac_hash, self.mac_len, self.etm = s.kind, s.mac_hash, m, etm
        self.seq = 0
        if s.kind == "cbc":
            self.key = key
        else:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

            self.aead = AESGCM(key) if s.kind == "aesgcm" else ChaCha20Poly1305(key)

    def decrypt(self, ctype: int, version: int, payload: bytes) -> bytes | None:
        """The record's plaintext, or None when it does not authenticate (wrong keys)."""
        if self.kind == "cbc":
            plain = self._cbc(ctype, version, payload)
            if plain is not None:
                self.seq += 1
            return plain
        if self.kind == "aesgcm":
            if len(payload) < 8 + 16:
                return None
            nonce, body = self.iv + payload[:8], payload[8:]
        else:
            nonce, body = bytes(a ^ b for a, b in zip(self.iv, self.seq.to_bytes(12, "big"))), payload
        if len(body) < 16:  # shorter than the tag: not a record of this session
            return None
        aad = self.seq.to_bytes(8, "big") + bytes([ctype]) + version.to_bytes(2, "big") + (len(body) - 16).to_bytes(2, "big")
        try:
            plain = self.aead.decrypt(nonce, body, aad)
        except Exception:  # noqa: BLE001 - InvalidTag: not these keys
            return None
        self.seq += 1
        return plain

    def _mac(self, ctype: int, version: int, data: bytes) -> bytes:
        """RFC 5246 §6.2.3.1: HMAC(seq_num + type + version + length + data)."""
        assert self.mac_hash is not None
        head = self.seq.to_bytes(8, "big") + bytes([ctype]) + version.to_bytes(2, "big") + len(data).to_bytes(2, "big")
        return hmac.new(self.mac_key, head + data, self.mac_hash).digest()

    def _cbc(self, ctype: int, version: int, payload: bytes) -> bytes | None:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        m = self.mac_len
        implicit = self.version == TLS10  # no IV on the wire: the previous record's last block
        least = 16 if implicit else 32
        if self.etm:  # RFC 7366 §3: IV + ciphertext, then the MAC over both
            if len(payload) < least + m or (len(payload) - m) % 16:
                return None
            sealed, tag = payload[:-m], payload[-m:]
            if not hmac.compare_digest(tag, self._mac(ctype, version, sealed)):
                return None
        else:
            sealed = payload
            if len(payload) < least or len(payload) % 16:
                return None
        iv, body = (self.iv, sealed) if implicit else (sealed[:16], sealed[16:])
        dec = Cipher(algorithms.AES(self.key), modes.CBC(iv)).decryptor()
        plain = dec.update(body) + dec.finalize()
        plain = self._open(ctype, version, plain)
        if plain is not None and implicit:
            self.iv = body[-16:]
        return plain

    def _open(self, ctype: int, version: int, plain: bytes) -> bytes | None:
        """Padding and (MAC-then-encrypt) MAC checked; the content, or None."""
        m = self.mac_len
        pad = plain[-1]
        if pad + 1 + (0 if self.etm else m) > len(plain) or plain[-1 - pad:] != bytes([pad]) * (pad + 1):
            return None
        plain = plain[:-1 - pad]
        if self.etm:
            return plain
        content, tag = plain[:len(plain) - m], plain[len(plain) - m:]
        if not hmac.compare_digest(tag, self._mac(ctype, version, content)):
            return None
        return content
