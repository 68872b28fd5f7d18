"""The ONE fixes table of the `net` domain: explain and the TLS probe look fixes up here by code.

Placeholders ({host}, {port}, {url}) are filled by :mod:`handshake_doctor.fixtemplate`: the
probe from its target, explain from what the text shows.
"""

from __future__ import annotations

from ...fixtemplate import Bound, fixes_from
from ...model import Fix, Snippet

S = Snippet
_TABLE: dict[str, list[Fix]] = {
    "net.tcp_refused": [
        Fix("Server side: start the service, and make it listen on the address clients use (0.0.0.0 or the public IP, not only 127.0.0.1).", "server", "ss -ltnp | grep ':{port} '",
            (S("shell", "ss -ltnp            # what listens, on which address\nsystemctl status SERVICE"),)),
        Fix("Client side: check host and port (a typo, the HTTP vs HTTPS port, a container's published port).", "client", "nc -vz {host} {port}"),
    ],
    "net.tcp_timeout": [
        Fix("Network: a firewall or security group drops the packets, or the IP is wrong/down. Test from the client's network.", "network", "nc -vz -w 3 {host} {port}; traceroute -T -p {port} {host}"),
        Fix("Server side: open the port in the host firewall / cloud security group.", "server", "sudo ufw allow {port}/tcp   # or the cloud provider's security group"),
    ],
    "net.tcp_reset": [
        Fix("Find who resets: the server process (crash, connection limit), a proxy or a firewall/IPS. Compare with a direct connection and check the server log.", "network", "curl -v {host}:{port}"),
    ],
    "net.dns_unresolved": [
        Fix("Client side: check the spelling and that the name exists in the DNS the client uses (or /etc/hosts).", "client", "getent hosts {host}; dig +short {host}",
            (S("shell", "getent hosts {host}     # what the system resolver (and /etc/hosts) says\ndig +short {host} @1.1.1.1   # what public DNS says"),)),
    ],
    "net.dns_temporary_failure": [
        Fix("Client side: the resolver is unreachable — check network connectivity and /etc/resolv.conf (containers: the DNS of the runtime).", "client", "cat /etc/resolv.conf; getent hosts example.org"),
    ],
    "net.host_unreachable": [
        Fix("Network: check routing/VPN to the host, that it is up, and firewall REJECT rules.", "network", "ip route get HOST_IP; ping -c 2 HOST_IP"),
    ],
    "net.network_unreachable": [
        Fix("Client side: there is no route — check the default gateway; for an IPv6 address without IPv6, prefer IPv4.", "client", "ip route; ip -6 route; curl -4 URL"),
    ],
}

#: what the TLS probe adds: it knows the target, so it can name the probe that keeps SNI
_PROBE = {
    "net.dns_unresolved": [Fix("Connect to a known address and keep the name for SNI and verification.", "client", "hsdoctor probe {url} --ip ADDRESS")],
}

#: code -> fixes, best first. Every key is a `net.*` code.
FIXES: dict[str, tuple[Fix, ...]] = {code: tuple(fixes + _PROBE.get(code, [])) for code, fixes in _TABLE.items()}


def fixes_for(code: str, **values: str) -> list[Fix]:
    return fixes_from(FIXES, code, values)


def fixes_for_text(text: str) -> Bound:
    return Bound(FIXES, text)
