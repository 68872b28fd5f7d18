"""Finding codes of the `net` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("net.dns_unresolved", "The host name does not resolve", "explain,probe"),
    CodeDef("net.tcp_refused", "TCP connection refused: nothing listens on that port", "explain,probe"),
    CodeDef("net.tcp_timeout", "TCP connect timed out: a firewall drops packets or the host is down", "explain,probe"),
    CodeDef("net.tcp_reset", "The connection was reset by the peer", "explain,probe"),
    CodeDef("net.dns_temporary_failure", "Name resolution failed temporarily: no DNS server answered (EAI_AGAIN)", "explain"),
    CodeDef("net.host_unreachable", "No route to the host (EHOSTUNREACH): it is down, or a router/firewall rejects the path", "explain"),
    CodeDef("net.network_unreachable", "The network is unreachable (ENETUNREACH): no route, no default gateway, or IPv6 without connectivity", "explain"),
    # analyze (issue 14): what a capture's TCP numbers show
    CodeDef("net.capture_one_sided", "The capture holds only one direction of the connection: the other side's packets are missing (asymmetric route, SPAN port, filter)", "analyze"),
    CodeDef("net.data_blackholed", "The first data segment after the TCP handshake is retransmitted and never acknowledged: a path MTU black hole or a middlebox that drops it", "analyze"),
    CodeDef("net.service_identified", "What a captured peer speaks, named from its first bytes (HTTP, SSH, SMTP, a database...)", "analyze"),
)
