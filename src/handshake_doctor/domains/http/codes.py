"""Finding codes of the `http` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("http.scheme_mismatch", "The URL scheme does not match the port's protocol (https:// to an HTTP port or http:// to a TLS port)", "explain,probe"),
    CodeDef("http.proxy_scheme_mismatch", "The proxy URL's scheme does not match the proxy: https:// (TLS to the proxy) for a proxy that speaks plain HTTP", "explain"),
    CodeDef("http.empty_reply", "The server closed the connection without any HTTP response (often http:// sent to a TLS port)", "explain"),
    CodeDef("http.proxy_tunnel_failed", "The proxy refused or failed the CONNECT tunnel (407 authentication, 403 policy, 502 upstream)", "explain"),
    CodeDef("http.redirect_to_http", "The HTTPS site redirects to plain http://", "probe"),
    # HTTP/2 resets (gap found in the third sweep: curl (92), Go stream errors, OkHttp, .NET, browsers)
    CodeDef("http.h2_stream_reset", "An HTTP/2 stream or connection was ended with an error code (RST_STREAM or GOAWAY): the server or a proxy in between refused or broke off the request", "explain"),
    CodeDef("http.h2_http11_required", "The server answered HTTP_1_1_REQUIRED: this request needs HTTP/1.1 (client-certificate renegotiation or Windows authentication on IIS)", "explain"),
    CodeDef("http.h2_inadequate_security", "The HTTP/2 peer refused the TLS connection as inadequate (INADEQUATE_SECURITY): TLS below 1.2 or a cipher suite on RFC 9113's blocklist", "explain"),
    # from the Android inventory (tls/messages_android.py: OkHttp and the platform's network security policy)
    CodeDef("http.cleartext_not_permitted", "Plain http:// to this host is forbidden by the client's policy (Android's network security config, or OkHttp without CLEARTEXT)", "explain", "0.2.0"),
    # HTTP statuses that name a cause below HTTP (knowledge.STATUSES)
    CodeDef("http.misdirected_request", "421 Misdirected Request: the server cannot answer for this host on this (reused) connection, or SNI and Host differ", "explain", "0.2.0"),
    CodeDef("http.captive_portal", "A captive portal intercepts the traffic (511 Network Authentication Required): its page or certificate answers instead of the server", "explain", "0.2.0"),
    CodeDef("http.cdn_origin_handshake_failed", "The CDN could not complete TLS with the origin server (Cloudflare 525): the origin's TLS set-up is at fault, not the client's", "explain", "0.2.0"),
    CodeDef("http.cdn_origin_cert_invalid", "The CDN rejected the origin server's certificate (Cloudflare 526, Full (strict)): the origin's certificate is expired, self-signed, for another name or lacks its chain", "explain", "0.2.0"),
)
