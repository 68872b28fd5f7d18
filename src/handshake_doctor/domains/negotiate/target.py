"""Read a negotiate target (postgres://, mysql://, smtp://, ... or a bare host:port) into one
checked value: where to connect, which protocol, and what TLS the user's URL asks for (pure).

Why the URL's own options: the cause of many failures is the gap between what the client asks
(libpq ``sslmode=require``, MySQL ``ssl-mode=REQUIRED``, STARTTLS vs implicit TLS) and what the
server does, so the probe reads the URL the user already has, in its own dialect. A password in
the URL is accepted and dropped: it is never sent (the probe stops before authentication).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from ...errors import UsageError
from .schemes import BY_SCHEME, SchemeRow

#: normalised modes: disable (plaintext wanted), prefer (TLS if offered), require (TLS, no
#: certificate check), verify (TLS and a verified certificate)
MODES = ("disable", "prefer", "require", "verify")
PG_MODES = {"disable": "disable", "allow": "prefer", "prefer": "prefer", "require": "require", "verify-ca": "verify", "verify-full": "verify"}
MYSQL_MODES = {"disabled": "disable", "preferred": "prefer", "required": "require", "verify_ca": "verify", "verify_identity": "verify",
               "verify-ca": "verify", "verify-identity": "verify"}
GENERIC_MODES = {"disable": "disable", "off": "disable", "no": "disable", "false": "disable", "prefer": "prefer", "opportunistic": "prefer",
                 "require": "require", "required": "require", "on": "verify", "yes": "verify", "true": "verify", "verify": "verify"}
HOSTPORT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$")


@dataclass(frozen=True)
class Intent:
    """What TLS the user's client asks for."""

    mode: str  # one of MODES
    verify_identity: bool  # the certificate must also name the host (verify-full, VERIFY_IDENTITY)
    said: str  # how the user said it, in the client's words: "sslmode=require", "default sslmode=prefer"
    explicit: bool  # the URL said it (False: the client's default)

    @property
    def wants_tls(self) -> bool:
        return self.mode in ("require", "verify")

    @property
    def verifies(self) -> bool:
        return self.mode == "verify"


@dataclass(frozen=True)
class NegTarget:
    scheme: str  # "" for a bare host:port
    row: SchemeRow | None
    host: str
    port: int
    user: str  # from the URL; sent only where the protocol's opening carries it (PostgreSQL StartupMessage)
    database: str
    intent: Intent
    had_password: bool
    ca_file: str | None
    client_cert: str | None
    client_key: str | None
    sni: str | None
    verify_name: str
    host_is_ip: bool

    @property
    def protocol(self) -> str:
        return self.row.protocol if self.row else ""

    @property
    def implicit(self) -> bool:
        return bool(self.row and self.row.implicit)

    @property
    def hostport(self) -> str:
        return (f"[{self.host}]" if ":" in self.host else self.host) + f":{self.port}"

    @property
    def url(self) -> str:
        """The URL without its password (and with the port made explicit)."""
        if not self.scheme:
            return self.hostport
        who = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{who}{self.hostport}" + (f"/{self.database}" if self.database else "")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def _intent(row: SchemeRow, query: dict[str, str]) -> Intent:
    q = {k.lower().replace("_", "-"): v for k, v in query.items()}
    if row.protocol == "postgres":
        if "sslmode" in q:
            v = q["sslmode"].lower()
            if v not in PG_MODES:
                raise UsageError(f"sslmode={q['sslmode']!r} is not a libpq sslmode (disable, allow, prefer, require, verify-ca, verify-full)")
            return Intent(PG_MODES[v], v == "verify-full", f"sslmode={v}", True)
        return Intent("prefer", False, "libpq's default sslmode=prefer", False)
    if row.protocol == "mysql":
        for key in ("ssl-mode", "sslmode"):
            if key in q:
                v = q[key].lower()
                if v not in MYSQL_MODES:
                    raise UsageError(f"{key}={q[key]!r} is not a MySQL ssl-mode (DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY)")
                return Intent(MYSQL_MODES[v], "identity" in v, f"ssl-mode={v.upper().replace('-', '_')}", True)
        if "ssl" in q:
            on = q["ssl"].lower() in ("1", "true", "on", "yes", "required")
            return Intent("require" if on else "disable", False, f"ssl={q['ssl']}", True)
        return Intent("prefer", False, "the MySQL client's default ssl-mode=PREFERRED", False)
    for key in ("tls", "ssl", "starttls"):
        if key in q:
            v = q[key].lower()
            if v not in GENERIC_MODES:
                raise UsageError(f"{key}={q[key]!r}: use disable, prefer, require or verify")
            return Intent(GENERIC_MODES[v], GENERIC_MODES[v] == "verify", f"{key}={v}", True)
    if row.implicit:
        return Intent("verify", True, f"{row.scheme}:// (implicit TLS, certificate verified)", False)
    if row.protocol in ("redis", "mqtt"):
        return Intent("disable", False, f"{row.scheme}:// (plaintext)", False)
    return Intent("verify", True, f"{row.scheme}:// (STARTTLS, certificate verified)", False)


def parse_target(target: str, *, sni: str | None = None, ca_file: str | None = None, client_cert: str | None = None,
                 client_key: str | None = None) -> NegTarget:
    if not isinstance(target, str) or not target.strip() or any(ch.isspace() for ch in target.strip()):
        raise UsageError(f"malformed target {target!r}: expected e.g. postgres://host:5432 or host:port")
    text = target.strip()
    m = HOSTPORT.match(text)
    if m and "://" not in text:
        host, port = m.group(1).strip("[]"), int(m.group(2))
        if not 1 <= port <= 65535:
            raise UsageError(f"port {port} out of range in {target!r}: ports are 1-65535")
        ip = _is_ip(host)
        return NegTarget("", None, host, port, "", "", Intent("prefer", False, "no scheme", False), False, ca_file, client_cert, client_key,
                         sni if sni else (None if ip else host), sni if (sni and ip) else host, ip)
    try:
        u = urlsplit(text)
        port = u.port
    except ValueError as exc:
        raise UsageError(f"malformed target {target!r}: {exc} (ports are 1-65535)") from None
    scheme = u.scheme.lower()
    row = BY_SCHEME.get(scheme)
    if row is None:
        raise UsageError(f"unknown scheme {scheme!r} for the negotiate probe: use one of {', '.join(BY_SCHEME)}://")
    host = (u.hostname or "").strip()
    if not host:
        raise UsageError(f"malformed target {target!r}: no host name")
    if port is None:
        if ":" in u.netloc.rsplit("]", 1)[-1].rsplit("@", 1)[-1]:
            raise UsageError(f"malformed target {target!r}: the port must be 1-65535")
        port = row.port
    if not 1 <= port <= 65535:
        raise UsageError(f"port {port} out of range in {target!r}: ports are 1-65535")
    try:
        host.encode("idna")
    except UnicodeError:
        raise UsageError(f"malformed host name {host!r}") from None
    query = dict(parse_qsl(u.query, keep_blank_values=True))
    if len(u.query) > 4096:
        raise UsageError("the URL's query is too long")
    intent = _intent(row, query)
    q = {k.lower().replace("_", "-"): v for k, v in query.items()}
    ca = ca_file or q.get("sslrootcert") or q.get("ssl-ca") or q.get("sslca") or None
    cc = client_cert or q.get("sslcert") or q.get("ssl-cert") or None
    ck = client_key or q.get("sslkey") or q.get("ssl-key") or None
    ip = _is_ip(host)
    database = unquote(u.path.lstrip("/"))[:63] if row.protocol in ("postgres", "mysql") else ""
    user = unquote(u.username or "")[:63]
    if sni is not None and (not sni.strip() or _is_ip(sni) or len(sni) > 253):
        raise UsageError(f"--sni {sni!r} must be a DNS name (SNI cannot carry an IP address)")
    return NegTarget(scheme, row, host, port, user, database, intent, u.password is not None, ca, cc, ck,
                     sni if sni is not None else (None if ip else host), sni if (sni is not None and ip) else host, ip)


def redact(target: str) -> str:
    """The target as given, its password replaced by '***' (the report echoes the input)."""
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/@?#]*)@", target)
    if not m or ":" not in m.group(2):
        return target
    user = m.group(2).split(":", 1)[0]
    return m.group(1) + user + ":***@" + target[m.end():]
