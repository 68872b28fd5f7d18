"""DNS resolver failures as dig, nslookup and host (ISC BIND 9.18) and getaddrinfo callers print
them (issue 12): each leads with net.dns_unresolved (the name does not exist) or
net.dns_temporary_failure (no DNS server answered, or it answered with a failure), never with a
TCP timeout of the target. Without the resolver's context the same words keep their own reading.

Why: 'connection timed out; no servers could be reached' is the DNS server's port 53 timing out;
read as the target's TCP timeout it sends the user to the wrong firewall.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

UNRESOLVED = "net.dns_unresolved"
TEMPORARY = "net.dns_temporary_failure"

CASES = (
    (";; communications error to 10.0.0.53#53: timed out\n;; communications error to 10.0.0.53#53: timed out\n;; no servers could be reached", TEMPORARY),
    ("$ dig @10.0.0.53 db.example.com\n;; communications error to 10.0.0.53#53: connection refused\n;; no servers could be reached", TEMPORARY),
    ("$ kubectl exec -it web-0 -- nslookup postgres.default.svc.cluster.local\n;; connection timed out; no servers could be reached\n\ncommand terminated with exit code 1", TEMPORARY),
    (";; connection timed out; no servers could be reached", TEMPORARY),
    ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find db.example.internal: NXDOMAIN", UNRESOLVED),
    ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find db.example.com: SERVFAIL", TEMPORARY),
    ("** server can't find db.example.com: REFUSED", TEMPORARY),
    ("Host db.example.internal not found: 3(NXDOMAIN)", UNRESOLVED),
    ("Host db.example.com not found: 2(SERVFAIL)", TEMPORARY),
    (";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 41231\n;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1", UNRESOLVED),
    (";; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 5012", TEMPORARY),
    ("socket.gaierror: [Errno -3] Temporary failure in name resolution", TEMPORARY),
    ("socket.gaierror: [Errno -2] Name or service not known", UNRESOLVED),
    ("ping: db.example.com: No address associated with hostname", UNRESOLVED),
)


@pytest.mark.parametrize("text,code", CASES, ids=[t.splitlines()[-1][:40] for t, _ in CASES])
def test_the_resolver_wording_gives_its_finding_first(text: str, code: str) -> None:
    d = hd.explain(text)
    assert d.findings and d.findings[0].code == code, [(f.code, f.confidence) for f in d.findings[:4]]
    assert "net.tcp_timeout" not in [f.code for f in d.findings[:1]]


def test_the_dns_server_is_named_in_the_evidence() -> None:
    f = hd.explain(CASES[0][0]).findings[0]
    assert any("10.0.0.53#53" in e.value for e in f.evidence), f.evidence


@pytest.mark.parametrize("text", (
    "ssh: connect to host db.example.com port 22: Connection timed out",
    "curl: (28) Failed to connect to db.example.com port 443 after 5000 ms: Connection timed out",
    "nc: connect to db.example.com port 5432 (tcp) failed: Connection timed out",
))
def test_a_tcp_timeout_without_the_resolver_context_stays_a_tcp_timeout(text: str) -> None:
    codes = [f.code for f in hd.explain(text).findings]
    assert codes and codes[0] == "net.tcp_timeout" and TEMPORARY not in codes, codes


@pytest.mark.parametrize("text", (
    "Host header not found in request",
    "status: NOERROR; no servers list configured",
    "the file server can't find the share",
))
def test_the_words_alone_are_not_a_dns_failure(text: str) -> None:
    codes = {f.code for f in hd.explain(text).findings}
    assert not codes & {UNRESOLVED, TEMPORARY}, codes
