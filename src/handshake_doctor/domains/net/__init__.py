"""Domain `net`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import ErrnoBinding, Spotting, ToolMark
    from ...knowledge.table import Table

    return Spotting(
        tools=Table("net_tool_lines", (
            ToolMark("getaddrinfo", "libc resolver callers", "POSIX getaddrinfo(3) / gai_strerror texts as quoted by callers"),
            ToolMark("econnrefused", "Node.js", "Node.js errors: 'connect ECONNREFUSED host:port'"),
            ToolMark("econnreset", "Node.js", "Node.js errors: 'read ECONNRESET'"),
            ToolMark("etimedout", "Node.js", "Node.js errors: 'connect ETIMEDOUT host:port'"),
            ToolMark("ehostunreach", "Node.js", "Node.js errors: 'connect EHOSTUNREACH'"),
            ToolMark("wsaeconn", "Windows Sockets", "Windows Sockets Error Codes (WSAECONNREFUSED, WSAECONNRESET)"),
            ToolMark("nc: connect to", "netcat (OpenBSD)", "OpenBSD netcat netcat.c ('nc: connect to %s port %s (%s) failed')"),
            ToolMark("ssh: connect to host", "OpenSSH", "OpenSSH sshconnect.c ('ssh: connect to host %s port %s: %s')"),
            ToolMark("no servers could be reached", "dig/nslookup/host (ISC BIND 9.18)", "ISC BIND 9.18 bin/dig/dighost.c ('no servers could be reached')"),
            ToolMark("server can't find", "nslookup (ISC BIND 9.18)", "ISC BIND 9.18 bin/dig/nslookup.c ('** server can't find %s: %s')"),
            ToolMark("failed to connect to", "curl", "curl lib/connect.c ('Failed to connect to HOST port N')"),
        )),
        context=(
            r"\b(?:tcp|udp|dns|socket|getaddrinfo|name resolution|name or service|urlopen|nslookup|traceroute|netcat|econn\w{1,8}|wsae\w{2,16}|ehostunreach|enetunreach|eai_\w{2,10}|nxdomain|servfail)\b",
        ),
        hints=(r"\b(?:connect(?:ion|ed|ing)?|host ?name|resol\w{0,8}|unreachable|no route|ping|telnet|firewall|route|port)\b",),
        checklist=(
            "Check that the host name resolves (getent hosts HOST) and that something listens on the port (nc -vz HOST PORT).",
            "Check firewalls and proxies between you and the host (a DROP times out, a REJECT refuses).",
            "Probe the endpoint: hsdoctor probe tcp://HOST:PORT",
        ),
        objects=("host_port", "url"),
        errno=Table("net_errno", (
            ErrnoBinding("refused", "net.tcp_refused", "nothing listens on that address and port (or a firewall rejects)", "Start the service or use the port it listens on.", "ss -ltnp | grep PORT", "POSIX connect(2): ECONNREFUSED 'no-one listening on the remote address'"),
            ErrnoBinding("timed_out", "net.tcp_timeout", "no answer in time: the host is down or a firewall drops the packets", "Check the route and the firewalls to the host.", "nc -vz -w 5 HOST PORT", "POSIX connect(2): ETIMEDOUT"),
            ErrnoBinding("reset", "net.tcp_reset", "the peer (or a middlebox) reset the connection", "Check the server's log and any proxy or load balancer between you.", "", "POSIX: ECONNRESET 'Connection reset by peer' (RFC 9293 §3.5.2 reset generation)"),
        )),
    )
