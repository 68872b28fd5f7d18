"""Knowledge tables of the `http` domain: texts that show HTTP and TLS crossed on one port, and
proxy-tunnel failures."""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record
from ..tls.matching import MessageRow

_P = "facts/knowledge.md §3.4"
_H2 = "RFC 9113 §7 (HTTP/2 error codes)"
MESSAGES = Table(
    "http_messages",
    (
        MessageRow(r"plain HTTP request was sent to HTTPS port", "nginx", "an http:// client reached nginx's TLS port", "http.scheme_mismatch", 0.9, "nginx ngx_http_request.c 400 page; " + _P),
        MessageRow(r"Client sent an HTTP request to an HTTPS server", "go", "an http:// client reached a Go HTTPS server", "http.scheme_mismatch", 0.9, _P + " (Go net/http server.go)"),
        MessageRow(r"server gave HTTP response to HTTPS client", "go", "an https:// URL points at a plain-HTTP port", "http.scheme_mismatch", 0.85, _P),
        MessageRow(r"SSL_ERROR_RX_RECORD_TOO_LONG", "browser", "the browser used https:// on a plain-HTTP port", "http.scheme_mismatch", 0.6, "MoonchildProductions/Pale-Moon#1387; FiloSottile/mkcert#101"),
        MessageRow(r"proxyconnect tcp: tls: first record does not look like a TLS handshake", "go", "HTTPS_PROXY/HTTP_PROXY says https:// but the proxy speaks plain HTTP", "http.proxy_scheme_mismatch", 0.95, _P + " (common causes, 1)"),
        MessageRow(r"ProxyError\('Cannot connect to proxy\.',\s*(?:ConnectionResetError|RemoteDisconnected|(?:SSLError\().{0,160}WRONG_VERSION_NUMBER)", "python", "pip >= 20.3 / urllib3 1.26 speak TLS to an https:// proxy URL; an HTTP-only proxy resets or answers in plain text", "http.proxy_scheme_mismatch", 0.92, "urllib3/urllib3#2105 and pypa/pip#9216 (maintainers: https:// proxy URL for an HTTP proxy since urllib3 1.26)"),
        MessageRow(r"Your proxy appears to only use HTTP and not HTTPS", "python", "urllib3 detected an https:// proxy URL for an HTTP-only proxy", "http.proxy_scheme_mismatch", 0.95, "urllib3 1.26 ProxySchemeUnknown/ProxyError text (connectionpool.py)"),
        MessageRow(r"https[ _]proxy[ _]request", "openssl", "a TLS server received an HTTP proxy CONNECT: a client uses this TLS port as a plain proxy", "http.proxy_scheme_mismatch", 0.6, "OpenSSL SSL_R_HTTPS_PROXY_REQUEST (155); " + _P),
        MessageRow(r"Empty reply from server|curl: \(52\)", "curl", "the server closed the connection without an HTTP response; against a TLS port, an http:// URL does this", "http.empty_reply", 0.85, "curl libcurl-errors CURLE_GOT_NOTHING (52); " + _P + " (observed against openssl s_server)"),
        MessageRow(r"Received HTTP code \d{3} from proxy after CONNECT|Proxy CONNECT aborted|Tunnel connection failed|CONNECT tunnel failed, response \d{3}", "curl", "the proxy did not open the CONNECT tunnel", "http.proxy_tunnel_failed", 0.85, "curl lib/http_proxy.c (message texts); CPython http.client ('Tunnel connection failed')"),
        MessageRow(r"tunneling socket could not be established, statusCode=\d{3}", "nodejs", "Node.js (request/tunnel-agent) sent CONNECT and the proxy answered with an error status (407: proxy authentication required)", "http.proxy_tunnel_failed", 0.85, "request/tunnel-agent index.js onConnect (message text); postmanlabs/postman-app-support#9331"),
        MessageRow(r'Unable to tunnel through proxy\. Proxy returns "HTTP/\d(?:\.\d)? \d{3}', "java", "Java's HttpURLConnection sent CONNECT and the proxy answered with an error status (407: proxy authentication required)", "http.proxy_tunnel_failed", 0.85, "OpenJDK sun.net.www.protocol.http.HttpURLConnection.doTunneling (message 'Unable to tunnel through proxy. Proxy returns \"<status line>\"'); observed: https://github.com/karakun/OpenWebStart/issues/592"),
        MessageRow(r"The proxy tunnel request to proxy '[^'\n]*' failed with status code '\d{3}'", "dotnet", ".NET HttpClient sent CONNECT and the proxy answered with an error status (407: proxy authentication required)", "http.proxy_tunnel_failed", 0.85, "dotnet/runtime System.Net.Http Strings.resx net_http_proxy_tunnel_returned_failure_status_code (HttpConnectionPool.EstablishProxyTunnelAsync); observed: https://github.com/microsoft/artifacts-credprovider/issues/495"),
        MessageRow(r'malformed HTTP response \\?"\\x1[56]\\x03', "go", "Go's HTTP client sent plain HTTP and read a TLS record (0x15 alert / 0x16 handshake, version 0x03..) back: an http:// URL for a port that speaks TLS", "http.scheme_mismatch", 0.9, "Go net/http transport.go readResponse (\"malformed HTTP response %q\"); RFC 8446 §5.1 record header (type 21/22, legacy version 0x03xx); observed: https://github.com/kubernetes/kubernetes/issues/9029"),
        # HTTP/2 resets: the stacks' wordings of RST_STREAM / GOAWAY with an error code (RFC 9113 §7)
        MessageRow(r"\b(?:NGHTTP2_)?HTTP_1_1_REQUIRED\b|ERR_HTTP_1_1_REQUIRED", "http2", "the server ended the HTTP/2 stream with HTTP_1_1_REQUIRED (0xd): it will only serve this request over HTTP/1.1", "http.h2_http11_required", 0.95, _H2 + " (HTTP_1_1_REQUIRED 0xd); Microsoft Learn, IIS HTTP/2 (client-certificate renegotiation and Windows authentication fall back to HTTP/1.1)"),
        MessageRow(r"\b(?:NGHTTP2_)?INADEQUATE_SECURITY\b|ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY", "http2", "the HTTP/2 peer ended the connection with INADEQUATE_SECURITY (0xc): the TLS version or cipher suite is one HTTP/2 forbids", "http.h2_inadequate_security", 0.95, _H2 + " (INADEQUATE_SECURITY 0xc); RFC 9113 §9.2 (TLS 1.2 or later, Appendix A cipher blocklist)"),
        MessageRow(r"Invalid HTTP header field was received: frame type: \d+, stream: \d+, name: \[[^\]\n]{1,100}\]", "curl/nghttp2", "the server sent a header field HTTP/2 forbids (a connection-specific one such as Keep-Alive, Transfer-Encoding, Upgrade, Proxy-Connection, or an invalid name or value), so the client reset the stream with PROTOCOL_ERROR: the named header is the cause", "http.h2_stream_reset", 0.9, "RFC 9113 §8.2.2 (connection-specific header fields make a message malformed); nghttp2 lib/nghttp2_session.c ('Invalid HTTP header field was received'); observed: https://github.com/curl/curl/issues/12172, https://github.com/nghttp2/nghttp2/issues/1180"),
        MessageRow(r"HTTP/2 stream \d+ was not closed cleanly|curl: \(92\)|Error in the HTTP2 framing layer|Stream error in the HTTP/2 framing layer", "curl", "curl's HTTP/2 stream ended with an error code from the server or a proxy (CURLE_HTTP2_STREAM 92, CURLE_HTTP2 16)", "http.h2_stream_reset", 0.85, "curl libcurl-errors (CURLE_HTTP2 16, CURLE_HTTP2_STREAM 92); observed: https://github.com/curl/curl/issues/12172, https://github.com/curl/curl/issues/2270"),
        MessageRow(r"stream error: stream ID \d+; [A-Z_]+|http2: server sent GOAWAY and closed the connection", "go", "Go's HTTP/2 transport got RST_STREAM or GOAWAY with an error code", "http.h2_stream_reset", 0.85, "Go golang.org/x/net/http2 errors.go (StreamError 'stream error: stream ID %d; %v'), transport.go (GOAWAY text)"),
        MessageRow(r"StreamResetException: stream was reset: [A-Z_]+", "java", "OkHttp's HTTP/2 stream was reset by the peer with an error code", "http.h2_stream_reset", 0.85, "square/okhttp okhttp3/internal/http2/StreamResetException.kt ('stream was reset: ')"),
        MessageRow(r"The HTTP/2 server (?:reset the stream|sent invalid data on the connection)|HTTP/2 error code '[A-Z_]+'", "dotnet", ".NET HttpClient's HTTP/2 stream or connection was reset with an error code", "http.h2_stream_reset", 0.85, "dotnet/runtime System.Net.Http Strings.resx (net_http_http2_stream_error, net_http_http2_connection_error)"),
        MessageRow(r"ERR_HTTP2_STREAM_ERROR|Stream closed with error code NGHTTP2_[A-Z_]+|ERR_HTTP2_PROTOCOL_ERROR|ERR_HTTP2_SESSION_ERROR", "nodejs/browser", "the HTTP/2 session or stream ended with an error code from the peer", "http.h2_stream_reset", 0.8, "Node.js lib/internal/http2 (ERR_HTTP2_STREAM_ERROR 'Stream closed with error code %s'); Chromium net_error_list.h (ERR_HTTP2_PROTOCOL_ERROR)"),
        MessageRow(r"Received RST_STREAM with (?:error )?code \d+|ConnectionTerminated error_code:|StreamReset\b", "grpc/python", "the peer reset the HTTP/2 stream (gRPC, python h2/httpx)", "http.h2_stream_reset", 0.75, "grpc/grpc src/core (RST_STREAM message); python-hyper/h2 events (StreamReset, ConnectionTerminated)"),
        MessageRow(r"proxyconnect tcp:", "go", "Go could not reach or talk to the proxy", "http.proxy_tunnel_failed", 0.5, "Go net/http transport.go (proxyconnect prefix)"),
    ),
    "HTTP-layer texts: scheme/port mix-ups and proxy tunnels",
)



@record(frozen=True)
class H2Error:
    value: int
    name: str
    meaning: str  # our wording: what it usually means when a client sees it
    source: str = _H2


H2_ERRORS = Table(
    "http2_error_codes",
    (
        H2Error(0x0, "NO_ERROR", "a graceful close; as a stream reset, the server did not need the rest of the request body"),
        H2Error(0x1, "PROTOCOL_ERROR", "the peer found a protocol violation: most often a header it refuses (too large, an invalid character, an uppercase or connection-specific name) or a proxy that mangles HTTP/2"),
        H2Error(0x2, "INTERNAL_ERROR", "the peer failed internally: a crash, a timeout towards its upstream, or a proxy that lost the backend"),
        H2Error(0x3, "FLOW_CONTROL_ERROR", "the flow-control window was violated: a bug in one side's HTTP/2 stack"),
        H2Error(0x4, "SETTINGS_TIMEOUT", "a SETTINGS frame was not acknowledged in time: the link or the peer stalled"),
        H2Error(0x5, "STREAM_CLOSED", "a frame arrived for a stream that was already half-closed"),
        H2Error(0x6, "FRAME_SIZE_ERROR", "a frame had an invalid size (over the peer's SETTINGS_MAX_FRAME_SIZE)"),
        H2Error(0x7, "REFUSED_STREAM", "the peer refused the stream before processing it (overloaded, or over its concurrent-stream limit): safe to retry"),
        H2Error(0x8, "CANCEL", "the stream was cancelled: the other side no longer wanted it (a client timeout, a closed tab, a proxy timeout)"),
        H2Error(0x9, "COMPRESSION_ERROR", "the HPACK header compression state broke: headers too large for the table, or a buggy peer"),
        H2Error(0xA, "CONNECT_ERROR", "the TCP connection behind a CONNECT request failed"),
        H2Error(0xB, "ENHANCE_YOUR_CALM", "the peer throttles this client: too many requests, resets or pings"),
        H2Error(0xC, "INADEQUATE_SECURITY", "the TLS version or cipher suite is one HTTP/2 forbids"),
        H2Error(0xD, "HTTP_1_1_REQUIRED", "the server will only serve this request over HTTP/1.1"),
    ),
    "HTTP/2 error codes (RST_STREAM / GOAWAY)",
)

RFC9110 = "RFC 9110 §15 (status codes)"


@record(frozen=True)
class StatusRow:
    """An HTTP status that names a connection-level cause: who answers it says what failed below HTTP."""

    status: int
    reason: str  # the reason phrase the server or CDN prints
    meaning: str  # ours
    code: str
    confidence: float
    source: str


STATUSES = Table(
    "http_statuses",
    (
        # status reason phrase                         meaning                                                                                                  code                              conf  source
        StatusRow(421, "Misdirected Request", "the server cannot answer for this host on this connection: the client reused a TLS connection (same IP, a certificate that also covers the name) for a host the server does not serve there, or the SNI and the Host header differ", "http.misdirected_request", 0.85, RFC9110 + " §15.5.20; RFC 9113 §9.1.1 (connection reuse)"),
        StatusRow(426, "Upgrade Required", "the server refuses the request over this protocol: it wants TLS (https://) or another protocol version, named in its Upgrade header", "http.scheme_mismatch", 0.6, RFC9110 + " §15.5.22; RFC 2817 §4 (Upgrade: TLS/1.x)"),
        StatusRow(497, "HTTP Request Sent to HTTPS Port", "nginx got a plain-HTTP request on its TLS port", "http.scheme_mismatch", 0.9, "nginx ngx_http_ssl_module, 'Error processing' (non-standard code 497)"),
        StatusRow(407, "Proxy Authentication Required", "the proxy wants credentials before it opens the tunnel", "http.proxy_tunnel_failed", 0.8, RFC9110 + " §15.5.8"),
        StatusRow(511, "Network Authentication Required", "a captive portal (hotel, airport, guest Wi-Fi) intercepts the traffic until someone logs in: its own page or certificate answers instead of the server", "http.captive_portal", 0.85, "RFC 6585 §6"),
        StatusRow(525, "SSL Handshake Failed", "the CDN (Cloudflare) could not complete a TLS handshake with the origin server: the origin's TLS (port 443, SNI, versions, ciphers) fails, not the client's", "http.cdn_origin_handshake_failed", 0.9, "Cloudflare docs, 5xx errors: Error 525 (SSL handshake failed between Cloudflare and the origin)"),
        StatusRow(526, "Invalid SSL Certificate", "the CDN (Cloudflare, Full (strict) mode) rejected the origin server's certificate: expired, self-signed, wrong name or missing chain on the origin", "http.cdn_origin_cert_invalid", 0.9, "Cloudflare docs, 5xx errors: Error 526 (invalid SSL certificate on the origin)"),
    ),
    "HTTP statuses that name a cause below HTTP (TLS, proxy, captive portal, CDN to origin)",
)


def status_pattern(row: StatusRow) -> str:
    """The status in the notations clients, logs and error pages print it: a status line, a
    ``status[ code]=N`` field, ``Error N`` (CDN pages), curl's ``returned error: N``, or the number
    with its reason phrase. Every gap is a bounded repeat (tests/core/test_regex_bounds.py)."""
    n, reason = row.status, row.reason.replace(" ", r"\s{1,3}")
    return (rf"\bHTTP/\d(?:\.\d)?\s{{1,3}}{n}\b|\b(?:status(?:[ _-]?code)?|statusCode|response code|http code|HTTP status|HTTP error)\s{{0,3}}[=:]?\s{{0,3}}['\"(]?{n}\b"
            rf"|\berror\s{{1,3}}{n}\b|\breturned(?: error)?:?\s{{1,3}}{n}\b|\b{n}\s{{0,3}}[-:(]?\s{{0,3}}{reason}\b")


STATUS_MESSAGES = tuple(MessageRow(status_pattern(r), "http", r.meaning, r.code, r.confidence, r.source) for r in STATUSES.rows)

TABLES = (MESSAGES, H2_ERRORS, STATUSES)
