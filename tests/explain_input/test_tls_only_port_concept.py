"""A reset or a closed connection about a TLS-only endpoint is a plaintext client on a TLS port
(issue 12): the concept (concepts.py 'reset' / 'closed') bound to its object (a host:port whose port
is in concepts.TLS_ONLY_PORTS, or a text saying the server is TLS-only) ranks tls.plaintext_request
above net.tcp_reset, in any stack's wording. The same concept on another port, or from a client
whose own TLS library failed, keeps its plain reading.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd
from handshake_doctor import concepts

PLAINTEXT = "tls.plaintext_request"

ON_TLS_PORT = (
    "redis.exceptions.ConnectionError: Error 104 while writing to socket. Connection reset by peer. (host myredis.redis.cache.windows.net:6380)",
    "Redis::ConnectionError: Connection lost (ECONNRESET) redis://myredis.redis.cache.windows.net:6380",
    "Error: read ECONNRESET mail.example.com:465",
    "ConnectionResetError: [Errno 104] Connection reset by peer while talking to imap.example.com:993",
    "paho: socket closed by remote host broker.example.com:8883",
    "WinRM: An existing connection was forcibly closed by the remote host (10.0.0.9:5986)",
    "Error: Connection is closed. (my-cluster.abc123.cache.amazonaws.com:6379, in-transit encryption enabled)",
)


@pytest.mark.parametrize("text", ON_TLS_PORT)
def test_a_reset_on_a_tls_only_endpoint_is_a_plaintext_client(text: str) -> None:
    d = hd.explain(text)
    codes = [f.code for f in d.findings]
    assert codes and codes[0] == PLAINTEXT, [(f.code, f.confidence) for f in d.findings[:4]]
    if "net.tcp_reset" in codes:
        assert codes.index("net.tcp_reset") > 0
    f = d.findings[0]
    assert any(e.kind == "object" for e in f.evidence) and f.data.get("object_kind") == "tls_endpoint"


NOT_PLAINTEXT = (
    ("Error: read ECONNRESET db.example.com:5432", "net.tcp_reset"),  # not a TLS-only port
    ("redis.exceptions.ConnectionError: Error 104 while writing to socket. Connection reset by peer. (host cache.internal:6379)", None),
    ("curl: (35) OpenSSL SSL_connect: Connection reset by peer in connection to example.com:443", "tls.reset_after_hello"),  # the client spoke TLS
    ("connect ECONNREFUSED 10.0.0.5:443", "net.tcp_refused"),  # another concept: nothing listens
    ("Error: connect ETIMEDOUT 10.0.0.5:993", "net.tcp_timeout"),
)


@pytest.mark.parametrize("text,top", NOT_PLAINTEXT)
def test_without_its_context_the_concept_keeps_its_plain_reading(text: str, top: str | None) -> None:
    d = hd.explain(text)
    codes = [f.code for f in d.findings]
    assert PLAINTEXT not in codes[:1], [(f.code, f.confidence) for f in d.findings[:4]]
    if top:
        assert codes and codes[0] == top, codes


def test_the_ports_are_a_sourced_table() -> None:
    ports = {r.port: r for r in concepts.TLS_ONLY_PORTS}
    assert {443, 465, 636, 853, 993, 995, 5671, 5986, 6380, 8883} <= set(ports)
    assert all(r.source for r in ports.values())
    assert concepts.refined("tls_endpoint") and "host_port" in concepts.refined("tls_endpoint")
    assert concepts.refined("host_port") == ()
