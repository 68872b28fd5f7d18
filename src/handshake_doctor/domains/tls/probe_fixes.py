"""Fixes for the probe's findings, each naming the side to change and, where it helps, a snippet
per stack. Placeholders ``{host}``, ``{port}``, ``{sni}`` and ``{url}`` are filled by the probe.

Why separate from probe.py: fixes are data the explain side (domains/tls/fixes.py, when it exists)
may share; keeping them apart from the I/O lets both grow without touching the checklist.
"""

from __future__ import annotations

from ...model import Fix, Snippet

S = Snippet

_TRUST_CA = Fix(
    "Client: trust the CA that issued the server certificate (its root, PEM)",
    "client",
    "curl --cacert ca.pem {url}",
    (
        S("python", 'ctx = ssl.create_default_context(cafile="ca.pem")'),
        S("nodejs", 'tls.connect({{host: "{host}", port: {port}, ca: fs.readFileSync("ca.pem")}})'),
        S("java", "keytool -importcert -alias lab-ca -file ca.pem -keystore truststore.jks  # then -Djavax.net.ssl.trustStore=truststore.jks"),
        S("go", "pool := x509.NewCertPool(); pool.AppendCertsFromPEM(pem); cfg := &tls.Config{{RootCAs: pool}}"),
        S("dotnet", "handler.ServerCertificateCustomValidationCallback = ...  // or install ca.pem into the machine's Root store"),
        S("shell", "cp ca.pem /usr/local/share/ca-certificates/ca.crt && update-ca-certificates"),
    ),
)

FIXES: dict[str, tuple[Fix, ...]] = {
    "net.dns_unresolved": (
        Fix("Check the host name spelling and your resolver (/etc/resolv.conf, /etc/hosts)", "host", "getent hosts {host}"),
        Fix("Connect to a known address and keep the name for SNI and verification", "client", "hsdoctor probe {url} --ip ADDRESS"),
    ),
    "net.tcp_refused": (
        Fix("Server: nothing listens on this port: start the service or fix the port in the URL", "server", "ss -ltnp | grep ':{port} '"),
    ),
    "net.tcp_timeout": (
        Fix("Network: a firewall drops the SYN or the host is down; check the route and the firewall rules", "network", "nc -vz -w 3 {host} {port}"),
    ),
    "net.tcp_reset": (Fix("Server or middlebox resets the connection: check its logs and access rules", "server"),),
    "tls.plaintext_http": (
        Fix("Client: this port speaks plain HTTP: use http://", "client", "curl http://{host}:{port}/"),
        Fix("Server: enable TLS on this port", "server", "", (S("nginx", "listen {port} ssl;\nssl_certificate fullchain.pem;\nssl_certificate_key privkey.pem;"),)),
    ),
    "tls.non_tls_service": (
        Fix("Client: another protocol answers here: use the service's TLS port, or STARTTLS where the protocol has it", "client", "",
            (S("curl", "curl --ssl-reqd smtp://{host}:{port}/  # STARTTLS for SMTP/IMAP/POP3"),
             S("python", "smtp = smtplib.SMTP(host, port); smtp.starttls(context=ssl.create_default_context())"),
             S("shell", "openssl s_client -connect {host}:{port} -starttls smtp"))),
    ),
    "tls.silent": (
        Fix("Server: the service accepts TCP but does not speak TLS to a ClientHello: check what listens there and whether it waits for the client to talk another protocol", "server", "ss -ltnp | grep ':{port} '"),
        Fix("Network: a proxy or IPS may swallow the ClientHello; try from another network", "network"),
    ),
    "tls.reset_after_hello": (
        Fix("Server or middlebox: the ClientHello is rejected with a TCP reset; check the TLS terminator's logs and any IPS/SNI filtering", "server"),
    ),
    "tls.version_mismatch": (
        Fix("Server: enable TLS 1.2 and 1.3", "server", "",
            (S("nginx", "ssl_protocols TLSv1.2 TLSv1.3;"), S("apache", "SSLProtocol -all +TLSv1.2 +TLSv1.3"), S("haproxy", "ssl-default-bind-options ssl-min-ver TLSv1.2"))),
        Fix("Client (temporary, only for a legacy server you cannot change): allow the old version and SHA-1 signatures", "client", "curl --tlsv1.0 --ciphers 'DEFAULT:@SECLEVEL=0' {url}",
            (S("python", 'ctx.minimum_version = ssl.TLSVersion.TLSv1; ctx.set_ciphers("DEFAULT:@SECLEVEL=0")'),
             S("nodejs", 'tls.connect({{host: "{host}", port: {port}, minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0"}})'),
             S("go", "cfg := &tls.Config{{MinVersion: tls.VersionTLS10}}"),
             S("java", "remove TLSv1, TLSv1.1 from jdk.tls.disabledAlgorithms in $JAVA_HOME/conf/security/java.security"),
             S("dotnet", "SslProtocols = SslProtocols.Tls | SslProtocols.Tls11 (and allow them in the OS policy)"))),
    ),
    "tls.no_shared_cipher": (
        Fix("Server: offer modern AEAD suites with ECDHE", "server", "",
            (S("nginx", "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;"),
             S("apache", "SSLCipherSuite ECDHE+AESGCM:ECDHE+CHACHA20"))),
    ),
    "tls.cert_expired": (
        Fix("Server: renew the certificate and reload the server", "server", "certbot renew && systemctl reload nginx"),
    ),
    "tls.cert_not_yet_valid": (
        Fix("Host: check this machine's clock first", "host", "timedatectl status"),
        Fix("Server: the certificate starts in the future: reissue it with a correct notBefore", "server"),
    ),
    "tls.hostname_mismatch": (
        Fix("Client: connect with a name the certificate covers", "client"),
        Fix("Server: reissue the certificate with the name in subjectAltName (or serve the right certificate for this name)", "server",
            "openssl req -new -key privkey.pem -subj '/CN={sni}' -addext 'subjectAltName=DNS:{sni}'"),
    ),
    "tls.self_signed": (_TRUST_CA, Fix("Server: use a certificate from a CA the clients trust (e.g. ACME/Let's Encrypt)", "server")),
    "tls.untrusted_root": (_TRUST_CA, Fix("Server: use a certificate from a publicly trusted CA, or serve the full chain", "server")),
    "tls.chain_incomplete": (
        Fix("Server: send the intermediate after the leaf (full chain)", "server",
            "curl -o inter.der '{aia}' && openssl x509 -inform DER -in inter.der -out inter.pem && cat leaf.pem inter.pem > fullchain.pem",
            (S("nginx", "ssl_certificate /etc/ssl/fullchain.pem;  # leaf first, then intermediate(s)"),
             S("apache", "SSLCertificateFile /etc/ssl/fullchain.pem  # Apache >= 2.4.8; older: SSLCertificateChainFile inter.pem"),
             S("haproxy", "bind :443 ssl crt /etc/haproxy/site.pem  # leaf + intermediate(s) + key in one file"))),
    ),
    "tls.sni_required": (
        Fix("Client: send the server name (SNI)", "client", "curl --resolve {sni}:{port}:{host} https://{sni}:{port}/",
            (S("shell", "openssl s_client -connect {host}:{port} -servername {sni}"),
             S("python", 'ctx.wrap_socket(sock, server_hostname="{sni}")'),
             S("nodejs", 'tls.connect({{host: "{host}", port: {port}, servername: "{sni}"}})'),
             S("go", 'cfg := &tls.Config{{ServerName: "{sni}"}}'),
             S("java", 'params.setServerNames(List.of(new SNIHostName("{sni}")))'),
             S("dotnet", 'await ssl.AuthenticateAsClientAsync("{sni}")'))),
        Fix("Server: give the default server a certificate instead of rejecting nameless handshakes", "server", "",
            (S("nginx", "server {{ listen 443 ssl default_server; ssl_certificate fullchain.pem; ssl_certificate_key privkey.pem; }}"),)),
    ),
    "tls.client_cert_required": (
        Fix("Client: present the client certificate and key the server expects", "client", "curl --cert client.pem --key client.key {url}",
            (S("python", 'ctx.load_cert_chain("client.pem", "client.key")'),
             S("nodejs", 'tls.connect({{host: "{host}", port: {port}, cert: fs.readFileSync("client.pem"), key: fs.readFileSync("client.key")}})'),
             S("go", 'cert, _ := tls.LoadX509KeyPair("client.pem", "client.key"); cfg := &tls.Config{{Certificates: []tls.Certificate{{cert}}}}'),
             S("java", "-Djavax.net.ssl.keyStore=client.p12 -Djavax.net.ssl.keyStoreType=PKCS12 -Djavax.net.ssl.keyStorePassword=..."),
             S("dotnet", 'handler.ClientCertificates.Add(X509Certificate2.CreateFromPemFile("client.pem", "client.key"))'),
             S("shell", "hsdoctor probe {url} --client-cert client.pem --client-key client.key"))),
        Fix("Server: make the client certificate optional if not every client has one", "server", "", (S("nginx", "ssl_verify_client optional;"),)),
    ),
    "tls.handshake_timeout": (
        Fix("Server: the handshake did not complete in time; check the server's load and what sends bytes this slowly", "server"),
    ),
    "tls.malformed_reply": (
        Fix("Server: the reply breaks the TLS record rules; check which program listens on the port (a broken proxy or a non-TLS service)", "server", "ss -ltnp | grep ':{port} '"),
    ),
    "tls.weak_certificate": (Fix("Server: reissue the certificate with an RSA >= 2048 or EC P-256 key, signed with SHA-256", "server"),),
    "http.redirect_to_http": (
        Fix("Server: redirect to https://, not http:// (behind a proxy, pass X-Forwarded-Proto)", "server", "",
            (S("nginx", "return 301 https://$host$request_uri;\nproxy_set_header X-Forwarded-Proto $scheme;"),)),
    ),
    "http.scheme_mismatch": (Fix("Client: use http:// for this port, or the port that serves https", "client"),),
}


def fixes_for(code: str, **values: str) -> list[Fix]:
    """The fixes for ``code`` with placeholders filled; unknown placeholders stay as written."""
    out: list[Fix] = []
    for f in FIXES.get(code, ()):
        out.append(Fix(_fill(f.summary, values), f.side, _fill(f.command, values), tuple(Snippet(s.stack, _fill(s.code, values)) for s in f.snippets)))
    return out


class _Keep(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format_map(_Keep(values))
    except (ValueError, IndexError):
        return text
