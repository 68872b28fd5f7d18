"""The cheap gate in front of the TLS inventory and concept layer (no imports: explain reads it
for every input, so it costs nothing for text that is no TLS stack's failure)."""

#: Every inventoried message contains one of these (lower case): a cheap gate that keeps the data
#: modules unimported for text that cannot be a TLS/HTTP stack's failure (a bootloader log, a byte).
#: tests/inventory/test_tls_inventory.py checks the claim for every entry.
GATE = (
    "ssl", "tls", "x509", "x.509", "cert", "handshake", "alert", "cipher", "verif", "trust", "peer", "sec_e",
    "sec_i", "schannel", "pkix", "record", "protocol", "issuer", "host name", "hostname", "signature", "renegotiat",
    "key", "crypt", "curl:", "fatal", "openssl", "gnutls", "principal", "revocation", "algorithm", "altname",
    "self-signed", "self signed", "not trusted", "ca ", "http", "packet", "fallback", "diffie-hellman", "corrupt",
    "chain", "authentication failed", "frame", "0x8009", "0x800b", "stream error", "goaway", "cleartext",
)


def may_concern(lower: str) -> bool:
    """True when the (lower-cased) text contains a gate word, so the inventory is worth reading."""
    return any(g in lower for g in GATE)
