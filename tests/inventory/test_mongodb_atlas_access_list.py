"""MongoDB Atlas refuses a client outside its IP access list by ending the TLS handshake with an
internal_error alert (80); pymongo and the Node driver relay it as a TLS error. With an Atlas host
(*.mongodb.net) in the text that alert is database.mongodb_ip_not_allowed; the same alert from
another server keeps its TLS reading (issue 12).
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

CODE = "database.mongodb_ip_not_allowed"


@pytest.mark.parametrize("text", (
    "pymongo.errors.ServerSelectionTimeoutError: SSL handshake failed: ac-abc123-shard-00-01.xyz12.mongodb.net:27017: [SSL: TLSV1_ALERT_INTERNAL_ERROR] tlsv1 alert internal error (_ssl.c:1006) (configured timeouts: socketTimeoutMS: 20000.0ms, connectTimeoutMS: 20000.0ms), Timeout: 30s, Topology Description: <TopologyDescription",
    "MongoServerSelectionError: C0D7A1E2F87F0000:error:0A000438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1586:SSL alert number 80 cluster0.abcde.mongodb.net",
))
def test_an_atlas_internal_error_alert_is_the_access_list(text: str) -> None:
    d = hd.explain(text)
    assert d.findings and d.findings[0].code == CODE, [(f.code, f.confidence) for f in d.findings[:4]]
    assert any("Access List" in fx.summary for fx in d.findings[0].fixes)


@pytest.mark.parametrize("text", (
    "SSL_connect: tlsv1 alert internal error example.com:443",
    "pymongo.errors.ServerSelectionTimeoutError: SSL handshake failed: db.internal:27017: [SSL: TLSV1_ALERT_INTERNAL_ERROR] tlsv1 alert internal error (_ssl.c:1006)",
    "Connected to cluster0.abcde.mongodb.net: ping ok",
))
def test_without_an_atlas_host_and_the_alert_it_does_not_fire(text: str) -> None:
    assert CODE not in {f.code for f in hd.explain(text).findings}
