"""The `negotiate` domain offers no explain reading of its own: pasted client messages about TLS
negotiation are read by the `database`, `tls` and `net` domains; this domain probes (pure)."""

from __future__ import annotations


def assess(parsed: object) -> None:
    return None
