"""Finding codes of the `http` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("http.scheme_mismatch", "The URL scheme does not match the port's protocol (https:// to an HTTP port or http:// to a TLS port)", "explain,probe"),
)
