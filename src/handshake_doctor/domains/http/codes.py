"""Finding codes of the `http` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("http.scheme_mismatch", "The URL scheme does not match the port's protocol (https:// to an HTTP port or http:// to a TLS port)", "explain,probe"),
    CodeDef("http.proxy_scheme_mismatch", "The proxy URL's scheme does not match the proxy: https:// (TLS to the proxy) for a proxy that speaks plain HTTP", "explain"),
    CodeDef("http.empty_reply", "The server closed the connection without any HTTP response (often http:// sent to a TLS port)", "explain"),
    CodeDef("http.proxy_tunnel_failed", "The proxy refused or failed the CONNECT tunnel (407 authentication, 403 policy, 502 upstream)", "explain"),
    CodeDef("http.redirect_to_http", "The HTTPS site redirects to plain http://", "probe"),
)
