"""HTTP-layer failures the TLS/HTTP stacks print (codes of the http domain): a scheme crossed
with the port, an empty reply, a proxy URL of the wrong scheme, HTTP/2 resets.

Kept with the TLS inventory because the same stacks print them next to TLS errors; the http
domain reads these entries (inventory.hits(..., "http.")), the tls domain does not.
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_NG = "nginx/nginx src/http/ngx_http_special_response.c (ngx_http_error_497_page) @release-1.30.4"
_CU = "curl/curl lib/http.c and lib/strerror.c @curl-8_21_0"
_U3 = "urllib3/urllib3 src/urllib3/connection.py (_wrap_proxy_error) @2.7.0"
_GO = "golang/go src/net/http/server.go (the 400 reply to plain HTTP on a TLS listener) and transport.go"
_H2 = "RFC 9113 §7 error codes as nghttp2 (curl), Go x/net/http2 and Node print them"
S = StackMessage
ENTRIES = Table(
    "inventory_http",
    (
        S("nginx", "1.x", "400 The plain HTTP request was sent to HTTPS port", "http.scheme_mismatch", "an http:// client reached nginx's TLS listener", _NG, 0.92),
        S("go", "1.12+", "Client sent an HTTP request to an HTTPS server.", "http.scheme_mismatch", "an http:// client reached a Go HTTPS server", _GO, 0.92),
        S("curl", "7.x-8.x", "curl: (52) Empty reply from server", "http.empty_reply", "the server closed without any HTTP response (an http:// URL against a TLS port does this)", _CU, 0.88),
        S("curl", "7.x-8.x", "curl: (92) HTTP/2 stream {n} was not closed cleanly: PROTOCOL_ERROR (err 1)", "http.h2_stream_reset", "the HTTP/2 stream was reset by the server or a proxy", _CU, 0.88),
        S("curl", "7.x-8.x", "curl: (16) Error in the HTTP2 framing layer", "http.h2_stream_reset", "the HTTP/2 connection broke off with an error code", _CU + " CURLE_HTTP2", 0.85),
        S("urllib3", "1.26-2.x", "Your proxy appears to only use HTTP and not HTTPS, try changing your proxy URL to be HTTP.", "http.proxy_scheme_mismatch", "an https:// proxy URL for a proxy that speaks plain HTTP", _U3, 0.95),
        S("go", "1.x", "proxyconnect tcp: tls: first record does not look like a TLS handshake", "http.proxy_scheme_mismatch", "HTTPS_PROXY says https:// but the proxy speaks plain HTTP", _GO, 0.95),
        S("nodejs", "10+", "Error [ERR_HTTP2_STREAM_ERROR]: Stream closed with error code NGHTTP2_REFUSED_STREAM", "http.h2_stream_reset", "the server refused the HTTP/2 stream", "nodejs/node lib/internal/http2/core.js (ERR_HTTP2_STREAM_ERROR); " + _H2, 0.88),
        S("go", "1.x", "stream error: stream ID {n}; INTERNAL_ERROR", "http.h2_stream_reset", "Go's HTTP/2 stream was reset with INTERNAL_ERROR", "golang.org/x/net/http2 errors.go StreamError; " + _H2, 0.88),
        S("curl", "7.x-8.x", "HTTP/2 stream {n} was reset: HTTP_1_1_REQUIRED", "http.h2_http11_required", "the server wants this request over HTTP/1.1", _CU + "; " + _H2, 0.93),
        S("any", "h2", "GOAWAY frame received: INADEQUATE_SECURITY", "http.h2_inadequate_security", "the HTTP/2 peer refused the TLS setup (version or cipher on RFC 9113's blocklist)", _H2 + " (INADEQUATE_SECURITY 0xc)", 0.93),
        S("curl", "7.x-8.x", "curl: (56) CONNECT tunnel failed, response 407", "http.proxy_tunnel_failed", "the proxy wants credentials (407) before opening the tunnel", "curl/curl lib/http_proxy.c / cf-h1-proxy.c @curl-8_21_0", 0.9),
    ),
    "HTTP-layer failures printed by TLS/HTTP stacks",
)
