"""Record12Decryptor on hostile input: any payload, any suite of the table, either CBC layout:
plaintext or None, never an exception (a capture is attacker-controlled bytes). Round trips are
checked on real peers in test_keylog12.py; here: a record sealed by the RFC 5246 §6.2.3.2 / RFC
7366 rules with the cryptography primitives opens, and one flipped bit makes it None."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given, settings, strategies as st

from handshake_doctor.domains.tls.decrypt import SUITES12, TLS10, TLS11, Record12Decryptor, _prf, version_supported

CBC = sorted(v for v, s in SUITES12.items() if s.kind == "cbc")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(SUITES12)), st.booleans(), st.binary(max_size=200), st.integers(20, 23))
def test_any_payload_gives_plaintext_or_none(suite: int, etm: bool, payload: bytes, ctype: int) -> None:
    dec = Record12Decryptor(suite, b"\x01" * 48, b"\x02" * 32, b"\x03" * 32, True, etm)
    got = dec.decrypt(ctype, 0x0303, payload)
    assert got is None or isinstance(got, bytes)


def _seal(suite: int, etm: bool, content: bytes, pad: int) -> bytes:
    """The client's first record (seq 0) of ``suite``, sealed independently of the decryptor."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    s = SUITES12[suite]
    m = hashlib.new(s.mac_hash or "sha1").digest_size
    block = _prf(b"\x01" * 48, b"key expansion", b"\x03" * 32 + b"\x02" * 32, 2 * (m + s.key_len), s.prf_hash)
    mac_key, key = block[:m], block[2 * m:2 * m + s.key_len]

    def mac(data: bytes) -> bytes:
        return hmac.new(mac_key, bytes(8) + b"\x15\x03\x03" + len(data).to_bytes(2, "big") + data, s.mac_hash or "sha1").digest()

    iv = bytes(range(16))
    body = content if etm else content + mac(content)
    n = pad * 16 + 15 - len(body) % 16  # padding length byte value: the block fills up
    body += bytes([n]) * (n + 1)
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    sealed = iv + enc.update(body) + enc.finalize()
    return sealed + mac(sealed) if etm else sealed


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(CBC), st.booleans(), st.binary(min_size=0, max_size=40), st.integers(0, 3), st.data())
def test_cbc_record_opens_and_a_flipped_bit_does_not(suite: int, etm: bool, content: bytes, pad: int, data: st.DataObject) -> None:
    record = _seal(suite, etm, content, pad)

    def dec() -> Record12Decryptor:
        return Record12Decryptor(suite, b"\x01" * 48, b"\x02" * 32, b"\x03" * 32, True, etm)

    assert dec().decrypt(21, 0x0303, record) == content
    i = data.draw(st.integers(0, len(record) - 1))
    bad = record[:i] + bytes([record[i] ^ 0x01]) + record[i + 1:]
    assert dec().decrypt(21, 0x0303, bad) is None
    assert Record12Decryptor(suite, b"\x01" * 48, b"\x02" * 32, b"\x03" * 32, True, not etm).decrypt(21, 0x0303, record) is None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([v for v in CBC if version_supported(v, TLS10)]), st.sampled_from([TLS10, TLS11]), st.booleans(),
       st.lists(st.binary(max_size=120), max_size=4))
def test_tls10_and_11_any_payloads_give_plaintext_or_none(suite: int, version: int, etm: bool, payloads: list[bytes]) -> None:
    """TLS 1.0 carries its IV from record to record: a run of hostile records stays safe."""
    dec = Record12Decryptor(suite, b"\x01" * 48, b"\x02" * 32, b"\x03" * 32, False, etm, version)
    for p in payloads:
        got = dec.decrypt(21, version, p)
        assert got is None or isinstance(got, bytes)


def test_sha256_suites_are_not_claimed_for_tls10() -> None:
    assert not version_supported(0x003C, TLS10) and not version_supported(0x003C, TLS11) and version_supported(0x002F, TLS10)
