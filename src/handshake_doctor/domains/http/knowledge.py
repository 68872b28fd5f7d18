"""Knowledge tables of the `http` domain: texts that show HTTP and TLS crossed on one port, and
proxy-tunnel failures."""

from __future__ import annotations

from ...knowledge.table import Table
from ..tls.matching import MessageRow

_P = "facts/knowledge.md §3.4"
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
        MessageRow(r"proxyconnect tcp:", "go", "Go could not reach or talk to the proxy", "http.proxy_tunnel_failed", 0.5, "Go net/http transport.go (proxyconnect prefix)"),
    ),
    "HTTP-layer texts: scheme/port mix-ups and proxy tunnels",
)

TABLES = (MESSAGES,)
