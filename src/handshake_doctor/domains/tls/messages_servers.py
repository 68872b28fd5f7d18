"""Server and proxy logs: nginx, HAProxy, Envoy and the Redis server, as they log a failed TLS handshake.

These are the server's view: a client that could not complete the handshake, or (as a reverse
proxy) an upstream that failed verification. nginx appends the OpenSSL queue in brackets;
HAProxy logs a short fixed reason; Envoy prints BoringSSL's packed error in decimal.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_N = "nginx/nginx src/event/ngx_event_openssl.c and src/http/ngx_http_upstream.c (log texts) @release-1.30.4"
_NR = "nginx/nginx src/http/ngx_http_request.c (log and 400-page texts) @release-1.30.4"
_H = "haproxy/haproxy src/connection.c conn_err_code_str (fixed reasons) @v3.4.0"
_R = "redis/redis src/networking.c clientAcceptHandler()/acceptCommonHandler() ('Error accepting a client connection: %s (conn: %s)', 7.2+: '(addr=%s laddr=%s)'), src/tls.c (connGetLastError: the OpenSSL error queue)@7.4.1; a TLS server reading a plaintext client's first bytes as a record header fails with wrong version number (OpenSSL ssl/record)"
_E = "envoyproxy/envoy source/common/tls/ssl_socket.cc and docs 'upstream connect error or disconnect/reset before headers' (transport failure reason: TLS error: <BoringSSL packed code>:<lib>:<func>:<reason>)"
S = StackMessage
ENTRIES = Table(
    "inventory_servers",
    (
        S("nginx", "1.x", "peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking", "tls.closed_during_handshake", "nginx: the client went away during the handshake", _N, 0.85),
        S("nginx", "1.x", "upstream SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to upstream", "tls.untrusted_root", "nginx as a proxy: proxy_ssl_trusted_certificate does not hold the upstream's root", _N, 0.9),
        S("nginx", "1.x", "upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream", "tls.cert_expired", "nginx as a proxy: the upstream's certificate has expired", _N, 0.9),
        S("nginx", "1.x", "upstream SSL certificate does not match \"{host}\" while SSL handshaking to upstream", "tls.hostname_mismatch", "nginx as a proxy: the upstream's certificate does not carry proxy_ssl_name", _N, 0.9),
        S("nginx", "1.x", "client SSL certificate verify error: (21:unable to verify the first certificate) while reading client request headers", "tls.peer_rejected_certificate", "nginx rejected a client certificate: it could not build its chain (ssl_client_certificate)", _N, 0.93),
        S("nginx", "1.x", "client sent no required SSL certificate while reading client request headers", "tls.client_cert_required", "ssl_verify_client on and the client sent no certificate", _NR, 0.9),
        S("nginx", "1.x", "SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking", "tls.no_shared_cipher", "nginx: a client offered no cipher this server accepts", _N, 0.88),
        S("nginx", "1.x", "SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking", "tls.no_shared_cipher", "nginx: the client's TLS 1.3 key share is unusable", _N, 0.8),
        S("nginx", "1.x", "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking", "tls.version_mismatch", "nginx: a client offered only versions ssl_protocols excludes", _N, 0.88),
        S("nginx", "1.x", "SSL_do_handshake() failed (SSL: error:0A00009C:SSL routines::http request) while SSL handshaking", "tls.plaintext_request", "nginx: plain HTTP arrived on a TLS listener", _N, 0.88),
        S("nginx", "1.x", "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in {path}", "tls.server_cert_missing", "nginx: a TLS listener has no certificate", _N, 0.95),
        S("haproxy", "1.5+", "SSL handshake failure", "tls.handshake_failed", "HAProxy: a client's handshake failed (the reason is in ssl_fc_err / the debug log)", _H, 0.45),
        S("haproxy", "1.5+", "Timeout during SSL handshake", "tls.handshake_timeout", "HAProxy: the client did not finish the handshake within timeout client", _H, 0.85),
        S("haproxy", "1.5+", "Connection closed during SSL handshake", "tls.closed_during_handshake", "HAProxy: the peer closed during the handshake", _H, 0.85),
        S("haproxy", "1.5+", "SSL client CA chain cannot be verified", "tls.peer_rejected_certificate", "HAProxy rejected a client certificate: its chain does not reach ca-file", _H, 0.93),
        S("haproxy", "1.5+", "SSL client certificate not trusted", "tls.peer_rejected_certificate", "HAProxy rejected a client certificate (a server-side view: the client's certificate, not the server's)", _H, 0.93),
        S("haproxy", "1.5+", "Server presented an SSL certificate different from the configured one", "tls.hostname_mismatch", "HAProxy as a client: the backend's certificate does not match verifyhost / the SNI name", _H, 0.85),
        S("redis-server", "6.0-7.4", "Error accepting a client connection: error:1408F10B:SSL routines:ssl3_get_record:wrong version number", "tls.plaintext_request", "the Redis server's TLS port read a client's first bytes as a TLS record and they are not one: a plaintext client (redis-cli without --tls, redis:// instead of rediss://) on the TLS port", _R + " (OpenSSL 1.1 code)", 0.93),
        S("redis-server", "6.0-7.4", "Error accepting a client connection: error:0A00010B:SSL routines::wrong version number", "tls.plaintext_request", "the Redis server's TLS port got a plaintext client (redis-cli without --tls, redis:// instead of rediss://)", _R + " (OpenSSL 3 code)", 0.93),
        S("envoy", "1.x", "upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED", "tls.cert_verify_failed", "Envoy: the upstream's certificate did not verify (validation_context)", _E, 0.6),
        S("envoy", "1.x", "transport failure reason: TLS error: 268436501:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_EXPIRED", "tls.peer_rejected_certificate", "Envoy: the upstream rejected Envoy's client certificate as expired (alert 45)", _E, 0.85),
        S("envoy", "1.x", "transport failure reason: TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER", "tls.not_tls_reply", "Envoy: the upstream does not speak TLS on that port", _E, 0.85),
    ),
    "nginx, HAProxy, Envoy and Redis server TLS log lines",
)
