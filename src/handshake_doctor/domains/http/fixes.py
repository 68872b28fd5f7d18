"""The ONE fixes table of the `http` domain: explain and probe look fixes up here by code.

Why its own table: an `http.*` finding is about the URL (scheme, port, proxy variable) or the HTTP
layer; its advice lives with the domain that owns the code (tests/contract/test_fix_homes.py).
Placeholders ({host}, {port}, {url}) are filled by :mod:`handshake_doctor.fixtemplate`.
"""

from __future__ import annotations

from ...fixtemplate import Bound, fixes_from
from ...model import Fix, Snippet

S = Snippet
HTTP_URL = Fix(
    "Client side: the port speaks plain HTTP. Use http:// (or the port that really serves HTTPS, usually 443 or 8443).",
    "client",
    "curl -v http://{host}:{port}/",
    (
        S("python", "import requests\nrequests.get('http://{host}:{port}/')  # not https:// on a plain-HTTP port"),
        S("nodejs", "require('http').get('http://{host}:{port}/', r => console.log(r.statusCode));"),
        S("go", "resp, err := http.Get(\"http://{host}:{port}/\") // not https:// on a plain-HTTP port"),
        S("shell", "# a proxy URL names the proxy's own protocol: most proxies speak plain HTTP\nexport HTTPS_PROXY=http://proxy:3128   # not https://proxy:3128"),
    ),
)
HTTPS_URL = Fix(
    "Client side: this port expects TLS. Use https:// (or the TLS option of your client) instead of plain HTTP.",
    "client",
    "curl -v https://{host}:{port}/",
    (
        S("python", "requests.get('https://{host}:{port}/')"),
        S("nodejs", "require('https').get('https://{host}:{port}/', r => console.log(r.statusCode));"),
    ),
)
REDIRECT_LISTENER = Fix(
    "Server side: if plain-HTTP clients must be served, add a separate plaintext listener that redirects to HTTPS.",
    "server",
    "",
    (
        S("nginx", "server {\n    listen 80;\n    return 301 https://$host$request_uri;\n}"),
        S("apache", "<VirtualHost *:80>\n    Redirect permanent / https://example.org/\n</VirtualHost>"),
    ),
)
REDIRECT_TO_HTTPS = Fix(
    "Server side: redirect to https://, not http:// (behind a proxy, pass X-Forwarded-Proto).",
    "server",
    "curl -sI {url} | grep -i '^location'",
    (S("nginx", "return 301 https://$host$request_uri;\nproxy_set_header X-Forwarded-Proto $scheme;"),),
)
CHECK_TLS_PORT = Fix("Check whether the port speaks TLS.", "user", "openssl s_client -connect {host}:{port} </dev/null")

PROXY_FIX = Fix(
    "Client side: write the proxy URL with the proxy's own protocol — almost every forward proxy speaks plain HTTP, even for https:// targets (the tunnel carries the TLS).",
    "client",
    "export HTTPS_PROXY=http://proxy.example:3128",
    (
        S("shell", "export HTTPS_PROXY=http://proxy.example:3128   # not https://proxy.example:3128\nexport HTTP_PROXY=http://proxy.example:3128"),
        S("python", "requests.get('https://example.org/', proxies={'https': 'http://proxy.example:3128'})"),
        S("go", "// Go reads HTTPS_PROXY; the value's scheme is the proxy's protocol\nproxy, _ := url.Parse(\"http://proxy.example:3128\")\ntr := &http.Transport{Proxy: http.ProxyURL(proxy)}"),
        S("curl", "curl -x http://proxy.example:3128 https://example.org/"),
    ),
)
TUNNEL_FIX = Fix(
    "Client side: give the proxy credentials (407) or ask its admin to allow the destination (403); 502 means the proxy could not reach the target.",
    "client",
    "curl -v -x http://user:pass@proxy.example:3128 https://example.org/",
)
H2_TRY_HTTP11 = Fix(
    "Repeat the request over HTTP/1.1: if it then works, the failure is in HTTP/2 handling (the server's limits or a proxy, load balancer or TLS-inspecting middlebox between you); if not, read the error the server gives over HTTP/1.1.",
    "client",
    "curl -sv --http1.1 -o /dev/null https://{host}:{port}/PATH",
    (
        S("shell", "git config --global http.version HTTP/1.1   # git over HTTPS: curl (92) 'HTTP/2 stream ... not closed cleanly'"),
        S("python", "httpx.Client(http2=False)"),
        S("go", "// GODEBUG=http2client=0 for a quick test; in code, an empty TLSNextProto map disables HTTP/2\ntr := &http.Transport{TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{}}"),
        S("nodejs", "// use the https module (HTTP/1.1) instead of http2.connect() to compare"),
    ),
)
H2_SERVER = Fix(
    "Server side: read the server's or proxy's log at the time of the reset. PROTOCOL_ERROR is most often a request header it refuses (raise the header limits, remove invalid or uppercase header names); INTERNAL_ERROR an upstream failure or timeout behind the proxy.",
    "server",
    "",
    (S("nginx", "# nginx >= 1.19.7 uses the HTTP/1 limits for HTTP/2 headers too\nlarge_client_header_buffers 4 32k;"),),
)
H2_HTTP11 = Fix(
    "Client side: use HTTP/1.1 for this host (the server asked for it). Server side (IIS): negotiate the client certificate during the TLS handshake instead of by renegotiation, or turn HTTP/2 off for the site that needs Windows authentication.",
    "client",
    "curl --http1.1 https://{host}:{port}/PATH",
    (S("shell", "netsh http update sslcert ipport=0.0.0.0:443 clientcertnegotiation=enable   # IIS: ask for the client certificate in the handshake"),),
)
H2_TLS = Fix(
    "Server side: HTTP/2 needs TLS 1.2 or later with an ephemeral key exchange and an AEAD cipher (RFC 9113 §9.2); remove the blocklisted suites or offer HTTP/2 only where TLS is modern.",
    "server",
    "openssl s_client -connect {host}:{port} -alpn h2 </dev/null 2>/dev/null | grep -E 'Protocol|Cipher|ALPN'",
    (S("nginx", "ssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;"),),
)

CLEARTEXT_FIX = Fix(
    "Use https:// for this host; if plain HTTP is really wanted (a device on the LAN, a test server), allow cleartext for that domain in the app's network security config (res/xml/network_security_config.xml, referenced from the manifest).",
    "client",
    "",
    (S("xml", '<network-security-config>\n  <domain-config cleartextTrafficPermitted="true">\n    <domain includeSubdomains="false">{host}</domain>\n  </domain-config>\n</network-security-config>'),),
)

MISDIRECTED_FIX = Fix("Give each host its own connection, or make the server answer every name its certificate covers on one connection: in nginx, hosts that share an IP and a certificate must share the TLS settings (ssl_protocols, ciphers, client-certificate verification), or browsers' HTTP/2 connection reuse sends one host's requests on another's connection; check that the client's SNI equals the Host header.", "server", "curl -v --http1.1 https://{host}/   # no connection reuse: if this works, reuse is the trigger")
CAPTIVE_FIX = Fix("Log in to the network's portal first (open any http:// page in a browser), or use another network; until then every TLS connection meets the portal's certificate, not the server's.", "user", "curl -sI http://neverssl.com/ | head -5   # a portal answers with a redirect to its login page")
ORIGIN_TLS_FIX = Fix("Fix TLS on the origin, not on the client: the origin must accept TLS on 443 with SNI for this hostname and a TLS version/cipher Cloudflare offers; test it directly, bypassing the CDN.", "server", "curl -v --resolve {host}:443:ORIGIN_IP https://{host}/")
ORIGIN_CERT_FIX = Fix("Put a valid certificate for this hostname on the origin (a public CA or a Cloudflare Origin CA certificate), with its full chain, or lower the zone's SSL mode from Full (strict) only as a stop-gap.", "server", "openssl s_client -connect ORIGIN_IP:443 -servername {host} -showcerts </dev/null | openssl x509 -noout -subject -enddate")

#: code -> fixes, best first. Every key is an `http.*` code (tests/contract/test_fix_homes.py).
FIXES: dict[str, tuple[Fix, ...]] = {
    "http.h2_stream_reset": (H2_TRY_HTTP11, H2_SERVER),
    "http.h2_http11_required": (H2_HTTP11,),
    "http.h2_inadequate_security": (H2_TLS,),
    "http.cleartext_not_permitted": (CLEARTEXT_FIX,),
    "http.scheme_mismatch": (HTTP_URL, HTTPS_URL, REDIRECT_LISTENER),
    "http.proxy_scheme_mismatch": (PROXY_FIX,),
    "http.empty_reply": (HTTPS_URL, CHECK_TLS_PORT),
    "http.proxy_tunnel_failed": (TUNNEL_FIX,),
    "http.redirect_to_http": (REDIRECT_TO_HTTPS,),
    "http.misdirected_request": (MISDIRECTED_FIX,),
    "http.captive_portal": (CAPTIVE_FIX,),
    "http.cdn_origin_handshake_failed": (ORIGIN_TLS_FIX,),
    "http.cdn_origin_cert_invalid": (ORIGIN_CERT_FIX,),
}


def fixes_for(code: str, **values: str) -> list[Fix]:
    return fixes_from(FIXES, code, values)


def fixes_for_text(text: str) -> Bound:
    return Bound(FIXES, text)
