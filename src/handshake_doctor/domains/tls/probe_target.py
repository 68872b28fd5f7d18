"""Read a probe target (https://, tls://, tcp://) and its options into one checked value.

Why up front: bad input must become one line and exit 2 (errors.UsageError) before any socket
opens, and every later step needs the same three names: where to connect, what to send as SNI,
and what name the certificate must cover.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...errors import UsageError

DEFAULT_PORTS = {"https": 443, "tls": 443}


@dataclass(frozen=True)
class Target:
    scheme: str  # https, tls or tcp
    host: str  # as written in the URL (brackets removed)
    port: int
    path: str
    connect_to: str | None  # --ip: connect here instead of resolving host
    sni: str | None  # the server_name to send (None for IP literals unless --sni)
    verify_name: str  # the name (or IP) the certificate must cover
    host_is_ip: bool

    @property
    def url(self) -> str:
        h = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{h}:{self.port}{self.path if self.scheme == 'https' else ''}"


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def parse_target(target: str, sni: str | None = None, ip: str | None = None) -> Target:
    if not isinstance(target, str) or not target.strip() or any(ch.isspace() for ch in target.strip()):
        raise UsageError(f"malformed target {target!r}: expected e.g. https://host[:port]/ or tls://host:port")
    try:
        u = urlsplit(target.strip())
        port = u.port
    except ValueError as exc:
        raise UsageError(f"malformed target {target!r}: {exc} (ports are 1-65535)") from None
    scheme = u.scheme.lower()
    if scheme not in ("https", "tls", "tcp"):
        raise UsageError(f"unknown scheme {scheme!r} for the TLS probe: use https://, tls:// or tcp://")
    host = (u.hostname or "").strip()
    if not host:
        raise UsageError(f"malformed target {target!r}: no host name")
    if port is None:
        if scheme == "tcp" or (":" in u.netloc.rsplit("]", 1)[-1]):
            raise UsageError(f"malformed target {target!r}: {scheme}:// needs a port between 1 and 65535")
        port = DEFAULT_PORTS[scheme]
    if not 1 <= port <= 65535:
        raise UsageError(f"port {port} out of range in {target!r}: ports are 1-65535")
    if u.username or u.password:
        raise UsageError("credentials in the target URL are not used by the probe: remove them")
    try:
        host.encode("idna")
    except UnicodeError:
        raise UsageError(f"malformed host name {host!r}") from None
    if ip is not None and not _is_ip(ip.strip("[]")):
        raise UsageError(f"--ip {ip!r} is not an IP address")
    host_is_ip = _is_ip(host)
    if sni is not None and (not sni.strip() or _is_ip(sni) or len(sni) > 253):
        raise UsageError(f"--sni {sni!r} must be a DNS name (SNI cannot carry an IP address)")
    send_sni = sni if sni is not None else (None if host_is_ip else host)
    verify = sni if (sni is not None and host_is_ip) else host
    return Target(scheme, host, port, u.path or "/", ip.strip("[]") if ip else None, send_sni, verify, host_is_ip)


def check_readable(path: str | None, what: str) -> str | None:
    """Fail fast (exit 2) on a CA or client-certificate file that cannot be read."""
    if path is None:
        return None
    try:
        with open(os.path.expanduser(path), "rb") as fh:
            head = fh.read(1 << 20)
    except OSError as exc:
        raise UsageError(f"{what} {path!r} cannot be read: {exc.strerror or exc}") from None
    if b"-----BEGIN" not in head:
        raise UsageError(f"{what} {path!r} is not a PEM file (no '-----BEGIN' line)")
    return os.path.expanduser(path)
