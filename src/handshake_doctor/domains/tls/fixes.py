"""The ONE fixes table of the `tls` domain: explain and probe look fixes up here by code.

Why one table: the same finding code must get the same advice whichever verb found it (issue 13).
Each fix names the side to change; snippets are short and use each stack's documented options.
Placeholders ``{host}``, ``{port}``, ``{sni}``, ``{url}``, ``{aia}`` are filled by
:mod:`handshake_doctor.fixtemplate`: the probe from its target, explain from what the pasted text
shows (a URL, ``host:port``), readable defaults (HOST, PORT) otherwise.
"""

from __future__ import annotations

from ...fixtemplate import Bound, fixes_from
from ...model import Fix, Snippet

S = Snippet
S = Snippet

USE_HTTP = Fix(
    "Client side: the port speaks plain HTTP. Use http:// (or the port that really serves HTTPS, usually 443 or 8443).",
    "client",
    "curl -v http://{host}:{port}/",
    (
        S("python", "import requests\nrequests.get('http://{host}:{port}/')  # not https:// on a plain-HTTP port"),
        S("nodejs", "const http = require('http');  // not https, for a plain-HTTP port\nhttp.get('http://{host}:{port}/', r => console.log(r.statusCode));"),
        S("go", "resp, err := http.Get(\"http://{host}:{port}/\") // not https:// on a plain-HTTP port"),
        S("dotnet", "var r = await new HttpClient().GetAsync(\"http://{host}:{port}/\"); // not https://"),
        S("java", "HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(\"http://{host}:{port}/\")).build(), BodyHandlers.ofString());"),
        S("shell", "# a proxy URL names the proxy's own protocol: most proxies speak plain HTTP\nexport HTTPS_PROXY=http://proxy:3128   # not https://proxy:3128"),
    ),
)

ENABLE_TLS_ON_SERVER = Fix(
    "Server side: if this port is meant to be HTTPS, make the listener speak TLS.",
    "server",
    "",
    (
        S("nginx", "server {\n    listen 443 ssl;\n    ssl_certificate     /etc/ssl/fullchain.pem;\n    ssl_certificate_key /etc/ssl/privkey.pem;\n}"),
        S("apache", "Listen 443\n<VirtualHost *:443>\n    SSLEngine on\n    SSLCertificateFile /etc/ssl/fullchain.pem\n    SSLCertificateKeyFile /etc/ssl/privkey.pem\n</VirtualHost>"),
        S("haproxy", "frontend https\n    bind :443 ssl crt /etc/haproxy/site.pem"),
    ),
)

CHECK_PORT = Fix(
    "Check what really listens on the port before changing code: a TLS port answers s_client with a certificate, a plaintext one does not.",
    "user",
    "openssl s_client -connect {host}:{port} -servername {sni} </dev/null | head -20",
)

STARTTLS = Fix(
    "Client side: this port speaks a STARTTLS protocol (SMTP 25/587, IMAP 143, POP3 110, FTP 21, LDAP 389). Use STARTTLS on it, or the implicit-TLS port (465, 993, 995, 990, 636).",
    "client",
    "openssl s_client -connect {host}:587 -starttls smtp",
    (
        S("python", "import smtplib\ns = smtplib.SMTP('{host}', 587)\ns.starttls()  # or smtplib.SMTP_SSL('{host}', 465) for implicit TLS"),
        S("nodejs", "// nodemailer: port 587 with secure: false upgrades with STARTTLS; port 465 uses secure: true\nnodemailer.createTransport({ host: '{host}', port: 587, secure: false })"),
        S("go", "c, _ := smtp.Dial(\"{host}:587\")\nc.StartTLS(&tls.Config{ServerName: \"{host}\"})"),
        S("curl", "curl --ssl-reqd smtp://{host}:587   # STARTTLS; smtps://{host}:465 for implicit TLS"),
    ),
)

USE_TLS_CLIENT = Fix(
    "Client side: this port expects TLS. Use https:// (or the TLS option of your client) instead of plain HTTP.",
    "client",
    "curl -v https://{host}:{port}/",
    (
        S("python", "requests.get('https://{host}:{port}/')"),
        S("nodejs", "require('https').get('https://{host}:{port}/', r => console.log(r.statusCode));"),
    ),
)

PLAINTEXT_LISTENER = Fix(
    "Server side: if plain-HTTP clients must be served, add a separate plaintext listener that redirects to HTTPS.",
    "server",
    "",
    (
        S("nginx", "server {\n    listen 80;\n    return 301 https://$host$request_uri;\n}"),
        S("apache", "<VirtualHost *:80>\n    Redirect permanent / https://example.org/\n</VirtualHost>"),
    ),
)

RAISE_CLIENT_VERSION = Fix(
    "Client side: allow TLS 1.2 and 1.3 (and, only if the server cannot be upgraded, the old version it needs).",
    "client",
    "openssl s_client -connect {host}:{port} -tls1_2   # then -tls1_3, -tls1_1 to see which the server accepts",
    (
        S("python", "import ssl\nctx = ssl.create_default_context()\nctx.minimum_version = ssl.TLSVersion.TLSv1_2\nctx.maximum_version = ssl.TLSVersion.TLSv1_3"),
        S("nodejs", "https.get({ host: '{host}', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' })"),
        S("go", "cfg := &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13}"),
        S("dotnet", "var h = new SocketsHttpHandler();\nh.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;"),
        S("java", "// JVM option; TLS 1.0/1.1 are disabled in java.security (jdk.tls.disabledAlgorithms)\n-Djdk.tls.client.protocols=TLSv1.2,TLSv1.3"),
        S("curl", "curl --tlsv1.2 --tls-max 1.3 https://{host}/"),
    ),
)

RAISE_SERVER_VERSION = Fix(
    "Server side: enable TLS 1.2 and 1.3 on the server (TLS 1.0/1.1 are deprecated by RFC 8996).",
    "server",
    "",
    (
        S("nginx", "ssl_protocols TLSv1.2 TLSv1.3;"),
        S("apache", "SSLProtocol -all +TLSv1.2 +TLSv1.3"),
        S("haproxy", "global\n    ssl-default-bind-options ssl-min-ver TLSv1.2"),
    ),
)

CIPHERS = Fix(
    "Server side: offer modern ECDHE AEAD suites and a certificate type clients accept; client side: do not restrict the cipher list below the server's.",
    "server",
    "nmap --script ssl-enum-ciphers -p {port} {host}",
    (
        S("nginx", "ssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384;"),
        S("apache", "SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384"),
        S("haproxy", "global\n    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"),
        S("python", "ctx = ssl.create_default_context()  # do not narrow ctx.set_ciphers() below what the server offers"),
    ),
)

SEND_SNI = Fix(
    "Client side: send SNI (the host name) — connect by name, or set the server name explicitly when connecting by IP.",
    "client",
    "openssl s_client -connect {host}:{port} -servername {sni}",
    (
        S("python", "ctx = ssl.create_default_context()\nsock = ctx.wrap_socket(raw, server_hostname='{sni}')"),
        S("nodejs", "tls.connect({ host: '{host}', port: {port}, servername: '{sni}' })"),
        S("go", "cfg := &tls.Config{ServerName: \"{sni}\"}"),
        S("java", "SSLParameters p = socket.getSSLParameters();\np.setServerNames(List.of(new SNIHostName(\"{sni}\")));\nsocket.setSSLParameters(p);"),
        S("curl", "curl --resolve {sni}:{port}:{host} https://{sni}:{port}/"),
    ),
)

UNRECOGNIZED_NAME = Fix(
    "Server side: add the name to a server block / virtual host (server_name, ServerName/ServerAlias) or make one the default; client side: use the exact name the server is configured for.",
    "server",
    "",
    (
        S("nginx", "server {\n    listen 443 ssl default_server;\n    server_name example.org www.example.org;\n}"),
        S("apache", "<VirtualHost *:443>\n    ServerName example.org\n    ServerAlias www.example.org\n</VirtualHost>"),
    ),
)

CA_BUNDLE = Fix(
    "Client side: trust the issuing CA — point the client at a CA bundle that contains it (a corporate proxy's root, a private CA), not verification off.",
    "client",
    "openssl s_client -connect {host}:{port} -servername {sni} -showcerts </dev/null",
    (
        S("python", "import requests\nrequests.get('https://{host}/', verify='/path/to/ca-bundle.pem')\n# or: export REQUESTS_CA_BUNDLE=/path/to/ca-bundle.pem  (SSL_CERT_FILE for the ssl module)"),
        S("nodejs", "// NODE_EXTRA_CA_CERTS=/path/to/ca.pem node app.js\nhttps.get({ host: '{host}', ca: fs.readFileSync('/path/to/ca.pem') })"),
        S("go", "pool, _ := x509.SystemCertPool()\npool.AppendCertsFromPEM(caPEM)\ncfg := &tls.Config{RootCAs: pool}"),
        S("dotnet", "// add the CA to the OS trust store (Linux: /usr/local/share/ca-certificates + update-ca-certificates)"),
        S("java", "keytool -importcert -alias myca -file ca.pem -keystore $JAVA_HOME/lib/security/cacerts -storepass changeit\n# or -Djavax.net.ssl.trustStore=/path/truststore.jks"),
        S("curl", "curl --cacert /path/to/ca.pem https://{host}/"),
        S("shell", "git config --global http.sslCAInfo /path/to/ca.pem\npip config set global.cert /path/to/ca.pem\nnpm config set cafile /path/to/ca.pem"),
    ),
)

FULL_CHAIN = Fix(
    "Server side: send the full chain (leaf + intermediates). Browsers may fetch missing intermediates; most libraries do not.",
    "server",
    "openssl s_client -connect {host}:{port} -servername {sni} -showcerts </dev/null | grep -c 'BEGIN CERT'",
    (
        S("nginx", "ssl_certificate /etc/letsencrypt/live/example.org/fullchain.pem;  # not cert.pem"),
        S("apache", "SSLCertificateFile /etc/letsencrypt/live/example.org/fullchain.pem  # Apache >= 2.4.8"),
        S("haproxy", "# the .pem given to crt must hold: leaf, intermediates, private key\nbind :443 ssl crt /etc/haproxy/site-fullchain-and-key.pem"),
    ),
)

RENEW = Fix(
    "Server side: renew the certificate and reload the server; if it looks valid, check the client's clock.",
    "server",
    "openssl s_client -connect {host}:{port} -servername {sni} </dev/null 2>/dev/null | openssl x509 -noout -dates",
    (S("shell", "certbot renew && systemctl reload nginx\ndate -u   # on the client: a wrong clock makes valid certificates look expired"),),
)

CLOCK = Fix(
    "Client side: check the clock (date -u; enable NTP). Server side: the certificate may have been issued with a future notBefore.",
    "client",
    "date -u; timedatectl status",
)

HOSTNAME = Fix(
    "Use the name the certificate covers, or reissue the certificate with this name (or IP) in subjectAltName.",
    "server",
    "openssl s_client -connect {host}:{port} -servername {sni} </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName",
    (
        S("shell", "# reissue with every name clients use, IPs as IP SANs\nopenssl req -new -key key.pem -subj /CN=example.org -addext 'subjectAltName=DNS:example.org,DNS:www.example.org,IP:10.0.0.5' -out req.csr"),
        S("curl", "curl --resolve example.org:443:10.0.0.5 https://example.org/   # connect to the IP, verify the name"),
    ),
)

SELF_SIGNED = Fix(
    "Either give the server a certificate from a trusted CA, or make the client trust this certificate (pin its CA) — never switch verification off.",
    "server",
    "",
    CA_BUNDLE.snippets,
)

CLIENT_CERT = Fix(
    "Client side: present the client certificate and key the server requires.",
    "client",
    "openssl s_client -connect {host}:{port} -cert client.pem -key client.key",
    (
        S("python", "requests.get('https://{host}/', cert=('client.pem', 'client.key'))\n# ssl: ctx.load_cert_chain('client.pem', 'client.key')"),
        S("nodejs", "https.get({ host: '{host}', cert: fs.readFileSync('client.pem'), key: fs.readFileSync('client.key') })"),
        S("go", "c, _ := tls.LoadX509KeyPair(\"client.pem\", \"client.key\")\ncfg := &tls.Config{Certificates: []tls.Certificate{c}}"),
        S("dotnet", "var h = new HttpClientHandler();\nh.ClientCertificates.Add(X509Certificate2.CreateFromPemFile(\"client.pem\", \"client.key\"));"),
        S("java", "-Djavax.net.ssl.keyStore=client.p12 -Djavax.net.ssl.keyStoreType=PKCS12 -Djavax.net.ssl.keyStorePassword=..."),
        S("curl", "curl --cert client.pem --key client.key https://{host}/"),
    ),
)

PEER_REJECTED = Fix(
    "The other side rejected the certificate this side sent: check that the client (or server) certificate is current, sent with its chain, and issued by a CA the peer trusts.",
    "client",
    "openssl x509 -in client.pem -noout -subject -issuer -dates",
)

WEAK = Fix(
    "Server side: replace the weak key, DH group or SHA-1 chain (RSA >= 2048, ECDHE, SHA-256). Client side, only as a stopgap for a legacy device: lower the security level for that one connection.",
    "server",
    "",
    (
        S("nginx", "ssl_dhparam /etc/ssl/dhparam-2048.pem;   # or drop DHE suites and use ECDHE only"),
        S("python", "ctx = ssl.create_default_context()\nctx.set_ciphers('DEFAULT:@SECLEVEL=1')  # stopgap for one legacy peer"),
        S("curl", "curl --ciphers 'DEFAULT:@SECLEVEL=1' https://legacy-device/"),
    ),
)

LEGACY_RENEG = Fix(
    "Server side: upgrade the server (or the middlebox in front of it) to support RFC 5746. Client side stopgap for that one host: enable legacy server connect.",
    "client",
    "",
    (
        S("python", "ctx = ssl.create_default_context()\nctx.options |= 0x4  # ssl.OP_LEGACY_SERVER_CONNECT (Python 3.12 names it)"),
        S("shell", "# OpenSSL config for one tool: Options = UnsafeLegacyServerConnect in the [system_default_sect]"),
    ),
)

SERVER_CERT = Fix(
    "Server side: configure a certificate and key for this TLS listener.",
    "server",
    "",
    (S("nginx", "server {\n    listen 443 ssl;\n    ssl_certificate     /etc/ssl/fullchain.pem;\n    ssl_certificate_key /etc/ssl/privkey.pem;\n}"),),
)

CA_FILE = Fix(
    "Client side: point the client at a CA bundle that exists and is readable (Debian/Ubuntu: /etc/ssl/certs/ca-certificates.crt; install ca-certificates).",
    "client",
    "ls -l /etc/ssl/certs/ca-certificates.crt; curl --cacert /etc/ssl/certs/ca-certificates.crt https://{host}/",
)

CLIENT_CERT_FILE = Fix(
    "Client side: check the client certificate and key paths, formats (PEM vs DER/P12) and that the key matches the certificate.",
    "client",
    "openssl x509 -in client.pem -noout -modulus | sha256sum; openssl rsa -in client.key -noout -modulus | sha256sum",
)

PIN = Fix(
    "Client side: update the pinned key (the server key changed) — pin the CA or keep a backup pin to survive rotations.",
    "client",
    "openssl s_client -connect {host}:{port} </dev/null 2>/dev/null | openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64",
)

LOOK_CLOSER = Fix(
    "Run the handshake verbosely to see the server's reply, alert and certificate.",
    "user",
    "openssl s_client -connect {host}:{port} -servername {sni} </dev/null",
    (S("curl", "curl -v https://{host}:{port}/"),),
)

RESET = Fix(
    "A reset right after the ClientHello usually comes from a firewall/IPS or SNI filter, or a server refusing the offered versions: retry with SNI and other versions, and from another network.",
    "network",
    "openssl s_client -connect {host}:{port} -servername {sni} -tls1_2 </dev/null",
)


LEGACY_CLIENT = Fix(
    "Client side (temporary, only for a legacy server you cannot change): allow the old version and SHA-1 signatures for that one host.",
    "client",
    "curl --tlsv1.0 --ciphers 'DEFAULT:@SECLEVEL=0' {url}",
    (
        S("python", 'ctx.minimum_version = ssl.TLSVersion.TLSv1; ctx.set_ciphers("DEFAULT:@SECLEVEL=0")'),
        S("nodejs", 'tls.connect({host: "{host}", port: {port}, minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0"})'),
        S("go", "cfg := &tls.Config{MinVersion: tls.VersionTLS10}"),
        S("java", "remove TLSv1, TLSv1.1 from jdk.tls.disabledAlgorithms in $JAVA_HOME/conf/security/java.security"),
        S("dotnet", "SslProtocols = SslProtocols.Tls | SslProtocols.Tls11 (and allow them in the OS policy)"),
    ),
)

SILENT_SERVER = Fix(
    "Server side: the service accepts TCP but does not speak TLS to a ClientHello: check what listens there and whether it waits for the client to talk another protocol.",
    "server",
    "ss -ltnp | grep ':{port} '",
)

SILENT_NETWORK = Fix("Network: a proxy or IPS may swallow the ClientHello; try from another network.", "network", "openssl s_client -connect {host}:{port} -servername {sni} </dev/null")

RESET_SERVER = Fix(
    "Server or middlebox: the ClientHello is rejected with a TCP reset; check the TLS terminator's logs and any IPS/SNI filtering.",
    "server",
)

TIMEOUT = Fix("Server side: the handshake did not complete in time; check the server's load and what sends bytes this slowly.", "server", "openssl s_client -connect {host}:{port} -servername {sni} </dev/null")

MALFORMED = Fix(
    "Server side: the reply breaks the TLS record rules; check which program listens on the port (a broken proxy or a non-TLS service).",
    "server",
    "ss -ltnp | grep ':{port} '",
)

WEAK_CERT = Fix("Server side: reissue the certificate with an RSA >= 2048 or EC P-256 key, signed with SHA-256.", "server", "openssl x509 -in cert.pem -noout -text | grep -E 'Public-Key|Signature Algorithm'")

NOT_YET_VALID_SERVER = Fix("Server side: the certificate starts in the future: reissue it with a correct notBefore.", "server", "openssl x509 -in cert.pem -noout -startdate")

USE_COVERED_NAME = Fix("Client side: connect with a name the certificate covers.", "client", "openssl s_client -connect {host}:{port} -servername {sni} </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName")

REISSUE_FOR_NAME = Fix(
    "Server side: reissue the certificate with the name in subjectAltName (or serve the right certificate for this name).",
    "server",
    "openssl req -new -key privkey.pem -subj '/CN={sni}' -addext 'subjectAltName=DNS:{sni}'",
)

PUBLIC_CA = Fix("Server side: use a certificate from a CA the clients trust (e.g. ACME/Let's Encrypt), and serve the full chain.", "server", "certbot certonly --webroot -w /var/www/html -d {sni}")

FULL_CHAIN_FROM_AIA = Fix(
    "Server side: send the intermediate after the leaf (full chain); fetch it from the leaf's AIA caIssuers URL.",
    "server",
    "curl -o inter.der '{aia}' && openssl x509 -inform DER -in inter.der -out inter.pem && cat leaf.pem inter.pem > fullchain.pem",
    (
        S("nginx", "ssl_certificate /etc/ssl/fullchain.pem;  # leaf first, then intermediate(s)"),
        S("apache", "SSLCertificateFile /etc/ssl/fullchain.pem  # Apache >= 2.4.8; older: SSLCertificateChainFile inter.pem"),
        S("haproxy", "bind :443 ssl crt /etc/haproxy/site.pem  # leaf + intermediate(s) + key in one file"),
    ),
)

DEFAULT_SERVER_CERT = Fix(
    "Server side: give the default server a certificate instead of rejecting nameless handshakes.",
    "server",
    "",
    (S("nginx", "server { listen 443 ssl default_server; ssl_certificate fullchain.pem; ssl_certificate_key privkey.pem; }"),),
)

OPTIONAL_CLIENT_CERT = Fix("Server side: make the client certificate optional if not every client has one.", "server", "", (S("nginx", "ssl_verify_client optional;"),))

ALPN = Fix(
    "Offer an application protocol the other side accepts: the client's ALPN list (h2, http/1.1, grpc-exp...) and the server's must share one; a gRPC or HTTP/2-only server refuses an HTTP/1.1-only client.",
    "client",
    "openssl s_client -connect {host}:{port} -servername {sni} -alpn h2,http/1.1 </dev/null 2>/dev/null | grep -i alpn",
    (
        S("go", "cfg := &tls.Config{NextProtos: []string{\"h2\", \"http/1.1\"}}"),
        S("python", "ctx.set_alpn_protocols(['h2', 'http/1.1'])"),
        S("nodejs", "tls.connect({ host: '{host}', port: {port}, ALPNProtocols: ['h2', 'http/1.1'] })"),
        S("nginx", "# nginx negotiates h2 and http/1.1 itself: enable http2 on the listener\nlisten 443 ssl;\nhttp2 on;"),
    ),
)

# ALPN and HTTP/2 (RFC 7301 §3.2, RFC 9113 §3.2-3.4). Server options: nginx ngx_http_v2_module
# ("listen ... http2" since 1.9.5, "http2 on;" since 1.25.1); HAProxy configuration manual, bind
# option "alpn"; Apache mod_http2 "Protocols"; Envoy CommonTlsContext.alpn_protocols; Go net/http
# (HTTP/2 is on for TLS servers unless Server.TLSNextProto is a non-nil empty map); Node http2
# createSecureServer allowHTTP1. Clients: curl --http2 (h2 with fallback) vs --http2-prior-knowledge;
# grpc-go >= 1.67 requires a selected ALPN protocol (grpc/grpc-go #7535).
SERVER_ENABLE_H2 = Fix(
    "Server side: enable HTTP/2 on the TLS listener, so ALPN selects h2 (and keeps http/1.1 for older clients).",
    "server",
    "openssl s_client -connect {host}:{port} -servername {sni} -alpn h2 </dev/null 2>/dev/null | grep -i 'ALPN protocol'",
    (
        S("nginx", "# nginx >= 1.25.1\nserver {\n    listen 443 ssl;\n    http2 on;\n}\n# nginx < 1.25.1 (Debian 12: 1.22)\nlisten 443 ssl http2;"),
        S("haproxy", "frontend https\n    bind :443 ssl crt /etc/haproxy/site.pem alpn h2,http/1.1"),
        S("apache", "# mod_http2: a2enmod http2\nProtocols h2 http/1.1"),
        S("envoy", "transport_socket:\n  name: envoy.transport_sockets.tls\n  typed_config:\n    common_tls_context:\n      alpn_protocols: [h2, http/1.1]\n# and the HttpConnectionManager with codec_type: AUTO"),
        S("go", "// net/http serves h2 over TLS by default: do not set srv.TLSNextProto to an empty map,\n// and a custom tls.Config keeps NextProtos: []string{\"h2\", \"http/1.1\"}\nsrv.ListenAndServeTLS(\"cert.pem\", \"key.pem\")"),
        S("nodejs", "const http2 = require('http2');\nhttp2.createSecureServer({ key, cert, allowHTTP1: true }, app).listen({port});"),
    ),
)
SERVER_ACCEPT_HTTP1 = Fix(
    "Server side: if HTTP/1.1 clients must be served, accept http/1.1 beside h2 in the server's ALPN list (a gRPC service cannot: gRPC needs HTTP/2).",
    "server",
    "openssl s_client -connect {host}:{port} -servername {sni} -alpn http/1.1 </dev/null 2>/dev/null | grep -i 'ALPN protocol'",
    (
        S("nodejs", "http2.createSecureServer({ key, cert, allowHTTP1: true }, app)"),
        S("envoy", "common_tls_context:\n  alpn_protocols: [h2, http/1.1]"),
        S("haproxy", "bind :443 ssl crt /etc/haproxy/site.pem alpn h2,http/1.1"),
        S("shell", "openssl s_server -accept {port} -cert cert.pem -key key.pem -alpn h2,http/1.1"),
    ),
)
CLIENT_ALLOW_HTTP1 = Fix(
    "Client side: if the client may speak HTTP/1.1, offer it after h2 so the connection falls back (gRPC cannot: it needs h2, so fix the server).",
    "client",
    "curl -v --http2 https://{sni}:{port}/   # offers h2,http/1.1; --http2-prior-knowledge insists on h2",
    (
        S("curl", "curl --http2 https://{sni}:{port}/   # not --http2-prior-knowledge"),
        S("python", "import httpx\nhttpx.Client(http2=True).get('https://{sni}:{port}/')  # offers h2 and http/1.1"),
        S("go", "cfg := &tls.Config{NextProtos: []string{\"h2\", \"http/1.1\"}}"),
        S("nodejs", "tls.connect({ host: '{host}', port: {port}, ALPNProtocols: ['h2', 'http/1.1'] })"),
    ),
)
CLIENT_OFFER_H2 = Fix(
    "Client side: the server speaks only HTTP/2 here: use an HTTP/2-capable client that offers h2 with ALPN.",
    "client",
    "curl -v --http2 https://{sni}:{port}/",
    (
        S("curl", "curl --http2 https://{sni}:{port}/"),
        S("python", "# pip install 'httpx[http2]'\nimport httpx\nhttpx.Client(http2=True).get('https://{sni}:{port}/')"),
        S("go", "// http.Transport offers h2 by default over TLS; a custom TLSClientConfig must keep it:\ncfg := &tls.Config{NextProtos: []string{\"h2\", \"http/1.1\"}}"),
        S("java", "HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()"),
        S("nodejs", "const http2 = require('http2');\nconst session = http2.connect('https://{sni}:{port}');"),
    ),
)
ALPN_UNOFFERED = Fix(
    "Server side: the server (or a box in front of it that rewrites the handshake) selects a protocol the client never offered; fix its ALPN list or take the box out of the path.",
    "server",
    "openssl s_client -connect {host}:{port} -servername {sni} -alpn h2,http/1.1 -msg </dev/null 2>&1 | grep -iE 'ALPN|alert'",
)
H2_NOT_SERVED = Fix(
    "Server side: advertise h2 only where HTTP/2 is really served: enable HTTP/2 behind the TLS terminator, or offer only http/1.1 there.",
    "server",
    "curl -v --http2 https://{sni}:{port}/ 2>&1 | grep -iE 'ALPN|HTTP/2|GOAWAY|error'",
    (
        S("haproxy", "bind :443 ssl crt /etc/haproxy/site.pem alpn http/1.1   # or serve h2 end to end: server app 10.0.0.2:8443 ssl alpn h2"),
        S("envoy", "common_tls_context:\n  alpn_protocols: [http/1.1]   # until the HttpConnectionManager speaks HTTP/2 (codec_type: AUTO)"),
        S("nginx", "# nginx negotiates h2 only when http2 is enabled on the listener; remove 'http2' if HTTP/2 is broken there\nlisten 443 ssl;"),
    ),
)

# analyze: STARTTLS read from a capture (RFC 3207, RFC 9051 §6.2.1, RFC 2595 §4, RFC 4217)
STARTTLS_ON_SERVER = Fix(
    "Server side: enable STARTTLS (a certificate and key in the mail/FTP server's TLS settings) so it is offered in the capabilities.",
    "server",
    "openssl s_client -connect {host}:{port} -starttls smtp </dev/null | head -5",
    (S("shell", "# Postfix main.cf\nsmtpd_tls_cert_file = /etc/ssl/fullchain.pem\nsmtpd_tls_key_file = /etc/ssl/privkey.pem\nsmtpd_tls_security_level = may"),),
)
REQUIRE_STARTTLS = Fix(
    "Client side: require STARTTLS instead of continuing in plaintext when the upgrade is possible.",
    "client",
    "curl --ssl-reqd smtp://{host}:{port}",
    (S("shell", "# Postfix as a client: main.cf\nsmtp_tls_security_level = encrypt"), S("python", "s = smtplib.SMTP('{host}', {port}); s.starttls()")),
)
STARTTLS_DONE = Fix("Nothing to change at the STARTTLS step: the TLS handshake that follows is judged on its own.", "user")

#: code -> fixes, best first. Every key is a `tls.*` code (tests/contract/test_fix_homes.py).
KEYLOG_FROM_CLIENT = Fix(
    "Write the key log from the client that makes the connection (SSLKEYLOGFILE in its environment, or its key log option), "
    "capture that session again, and pass the file with --keylog (or embed it: editcap --inject-secrets tls,FILE).",
    "user",
    "SSLKEYLOGFILE=/tmp/keys.txt curl https://{host}:{port}/",
    (
        S("openssl", "openssl s_client -connect {host}:{port} -keylogfile /tmp/keys.txt"),
        S("python", "ctx = ssl.create_default_context()\nctx.keylog_filename = '/tmp/keys.txt'  # Python 3.8+; also read from SSLKEYLOGFILE"),
        S("nodejs", "node --tls-keylog=/tmp/keys.txt app.js"),
        S("browser", "SSLKEYLOGFILE=/tmp/keys.txt firefox   # Chrome/Chromium read the same variable"),
    ),
)

DEFAULT_CERT_ROUTE = Fix(
    "Server side: make a route match this name with its own certificate. Check the host rule and that its TLS certificate exists and loaded: "
    "ingress-nginx: the Ingress has spec.tls with this host and a secretName in the Ingress's namespace (kubectl describe ingress; cert-manager's Certificate is Ready); "
    "Traefik: the router's rule names this host and has tls (certResolver whose ACME challenge succeeded, or a certificate in the file provider).",
    "server",
    "openssl s_client -connect {host}:{port} -servername {host} </dev/null 2>/dev/null | openssl x509 -noout -subject -ext subjectAltName",
    (
        S("shell", "kubectl get ingress -A -o wide; kubectl describe ingress NAME -n NS   # ingress-nginx: spec.tls hosts and secretName\nkubectl get certificate -A   # cert-manager: READY must be True"),
        S("shell", "docker logs traefik 2>&1 | grep -iE 'acme|certificate|router'   # Traefik: ACME failures and routers without TLS"),
    ),
)
DEFAULT_CERT_SNI = Fix(
    "Client side: send the host name (SNI), not an IP address: a proxy picks the route by SNI, and a connection to the bare IP gets the fallback certificate.",
    "client",
    "curl -v https://{host}/   # not https://IP/ ; to pin an IP: curl --resolve {host}:{port}:IP https://{host}:{port}/",
)

FIXES: dict[str, tuple[Fix, ...]] = {
    "tls.default_certificate_served": (DEFAULT_CERT_ROUTE, DEFAULT_CERT_SNI),
    "tls.not_tls_reply": (CHECK_PORT, USE_HTTP, STARTTLS),
    "tls.plaintext_http": (USE_HTTP, ENABLE_TLS_ON_SERVER, CHECK_PORT),
    "tls.non_tls_service": (STARTTLS, CHECK_PORT),
    "tls.plaintext_request": (USE_TLS_CLIENT, PLAINTEXT_LISTENER),
    "tls.silent": (SILENT_SERVER, SILENT_NETWORK),
    "tls.version_mismatch": (RAISE_SERVER_VERSION, RAISE_CLIENT_VERSION, LEGACY_CLIENT),
    "tls.no_shared_cipher": (CIPHERS, RAISE_CLIENT_VERSION, SEND_SNI, CLIENT_CERT),
    "tls.alert_received": (LOOK_CLOSER,),
    "tls.peer_rejected_certificate": (PEER_REJECTED, CLIENT_CERT),
    "tls.unrecognized_name": (UNRECOGNIZED_NAME, SEND_SNI),
    "tls.sni_required": (SEND_SNI, DEFAULT_SERVER_CERT),
    "tls.closed_during_handshake": (LOOK_CLOSER, RAISE_CLIENT_VERSION, SEND_SNI),
    "tls.reset_after_hello": (RESET, RESET_SERVER, SEND_SNI),
    "tls.handshake_failed": (LOOK_CLOSER,),
    "tls.cert_verify_failed": (LOOK_CLOSER, CA_BUNDLE, FULL_CHAIN),
    "tls.cert_expired": (RENEW,),
    "tls.cert_not_yet_valid": (CLOCK, NOT_YET_VALID_SERVER),
    "tls.cert_revoked": (RENEW,),
    "tls.hostname_mismatch": (HOSTNAME, USE_COVERED_NAME, REISSUE_FOR_NAME),
    "tls.self_signed": (SELF_SIGNED, PUBLIC_CA),
    "tls.untrusted_root": (CA_BUNDLE, FULL_CHAIN, PUBLIC_CA),
    "tls.chain_incomplete": (FULL_CHAIN_FROM_AIA, FULL_CHAIN, CA_BUNDLE),
    "tls.client_cert_required": (CLIENT_CERT, OPTIONAL_CLIENT_CERT),
    "tls.weak_crypto_rejected": (WEAK,),
    "tls.unsafe_legacy_renegotiation": (LEGACY_RENEG,),
    "tls.server_cert_missing": (SERVER_CERT,),
    "tls.ca_bundle_unreadable": (CA_FILE,),
    "tls.client_cert_unusable": (CLIENT_CERT_FILE,),
    "tls.pin_mismatch": (PIN,),
    "tls.handshake_timeout": (TIMEOUT,),
    "tls.malformed_reply": (MALFORMED,),
    "tls.weak_certificate": (WEAK_CERT,),
    "tls.no_common_alpn": (SERVER_ENABLE_H2, CLIENT_OFFER_H2, SERVER_ACCEPT_HTTP1, CLIENT_ALLOW_HTTP1, ALPN),
    "tls.alpn_required_not_selected": (SERVER_ENABLE_H2, CLIENT_ALLOW_HTTP1),
    "tls.alpn_not_selected": (SERVER_ENABLE_H2,),
    "tls.alpn_unoffered_selected": (ALPN_UNOFFERED,),
    "tls.h2_not_spoken": (H2_NOT_SERVED, SERVER_ENABLE_H2),
    "tls.starttls_not_offered": (STARTTLS_ON_SERVER,),
    "tls.starttls_refused": (STARTTLS_ON_SERVER, LOOK_CLOSER),
    "tls.starttls_not_used": (REQUIRE_STARTTLS,),
    "tls.starttls_upgraded": (STARTTLS_DONE,),
    "tls.keylog_no_match": (KEYLOG_FROM_CLIENT,),
}


def fixes_for(code: str, **values: str) -> list[Fix]:
    """The fixes of a `tls.*` code with its placeholders filled (defaults where a value is unknown)."""
    return fixes_from(FIXES, code, values)


def fixes_for_text(text: str) -> Bound:
    """The table bound to the values a pasted text shows (explain's side of the same lookup)."""
    return Bound(FIXES, text)
