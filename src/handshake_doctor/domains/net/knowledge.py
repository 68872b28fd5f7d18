"""Knowledge tables of the `net` domain: errno values and the texts stacks print for them.

Errno numbers: Linux asm-generic/errno.h and Windows Winsock (winerror.h WSAE*). The same name
has another number on macOS/BSD (ECONNREFUSED 61, ETIMEDOUT 60, ECONNRESET 54), so only Linux and
Windows numbers are read from a bare number; macOS is recognised by the names and texts, and by
its numbers only inside a wrapper that says the number is a connect() errno (BSD_ERRNOS,
CONNECT_ERRNO_CONTEXTS: "Can't connect to MySQL server on 'h' (61)").

DNS_SERVER_FAILURES are texts of a resolver that could not reach or use its DNS server: the
"refused" or "timeout" in them belongs to port 53, so explain.py does not read them as the target's.
"""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record
from ..tls.matching import MessageRow

LINUX = "Linux include/uapi/asm-generic/errno.h"
WIN = "Windows winerror.h (Winsock WSAE* codes)"
GAI = "POSIX getaddrinfo(3) / glibc gai_strerror texts"
BIND_DIG = ("ISC BIND 9.18 bin/dig/dighost.c (recv_done/connect_done: 'communications error to %s: %s' with isc_result_totext "
            "'timed out' / 'connection refused' / 'host unreachable' / 'network unreachable' / 'end of file'; "
            "'no servers could be reached'; 9.16 and earlier, and nslookup/host: 'connection timed out; no servers could be reached')")
BIND_NSLOOKUP = "ISC BIND 9.18 bin/dig/nslookup.c ('** server can't find %s: %s', the rcode text); busybox/toybox nslookup print the same"
BIND_HOST = "ISC BIND 9.18 bin/dig/host.c ('Host %s not found: %d(%s)', rcode number and text)"
BIND_HEADER = "ISC BIND 9.18 bin/dig/dig.c printmessage (';; ->>HEADER<<- opcode: %s, status: %s, id: %u', dns_rcode_totext)"


@record(frozen=True)
class ErrnoRow:
    number: int
    platform: str  # "linux" or "windows"
    name: str
    code: str
    source: str


ERRNOS = Table(
    "errno_values",
    (
        ErrnoRow(111, "linux", "ECONNREFUSED", "net.tcp_refused", LINUX),
        ErrnoRow(110, "linux", "ETIMEDOUT", "net.tcp_timeout", LINUX),
        ErrnoRow(104, "linux", "ECONNRESET", "net.tcp_reset", LINUX),
        ErrnoRow(32, "linux", "EPIPE", "net.tcp_reset", LINUX),
        ErrnoRow(113, "linux", "EHOSTUNREACH", "net.host_unreachable", LINUX),
        ErrnoRow(101, "linux", "ENETUNREACH", "net.network_unreachable", LINUX),
        ErrnoRow(-2, "linux", "EAI_NONAME", "net.dns_unresolved", "glibc netdb.h EAI_NONAME = -2 (Python socket.gaierror [Errno -2])"),
        ErrnoRow(-3, "linux", "EAI_AGAIN", "net.dns_temporary_failure", "glibc netdb.h EAI_AGAIN = -3 (Python socket.gaierror [Errno -3])"),
        ErrnoRow(10061, "windows", "WSAECONNREFUSED", "net.tcp_refused", WIN),
        ErrnoRow(10060, "windows", "WSAETIMEDOUT", "net.tcp_timeout", WIN),
        ErrnoRow(10054, "windows", "WSAECONNRESET", "net.tcp_reset", WIN),
        ErrnoRow(10065, "windows", "WSAEHOSTUNREACH", "net.host_unreachable", WIN),
        ErrnoRow(10051, "windows", "WSAENETUNREACH", "net.network_unreachable", WIN),
        ErrnoRow(11001, "windows", "WSAHOST_NOT_FOUND", "net.dns_unresolved", WIN),
        ErrnoRow(11002, "windows", "WSATRY_AGAIN", "net.dns_temporary_failure", WIN),
    ),
    "errno / Winsock numbers that name a network-layer failure",
)

BSD = "FreeBSD / macOS sys/errno.h"

#: macOS/BSD numbers for the same names. Never read from a bare number (61 is ENODATA on Linux):
#: only from a wrapper that says the number is a connect() errno (CONNECT_ERRNO_CONTEXTS).
BSD_ERRNOS = Table(
    "errno_values_bsd",
    (
        ErrnoRow(61, "macos/bsd", "ECONNREFUSED", "net.tcp_refused", BSD),
        ErrnoRow(60, "macos/bsd", "ETIMEDOUT", "net.tcp_timeout", BSD),
        ErrnoRow(54, "macos/bsd", "ECONNRESET", "net.tcp_reset", BSD),
        ErrnoRow(65, "macos/bsd", "EHOSTUNREACH", "net.host_unreachable", BSD),
        ErrnoRow(51, "macos/bsd", "ENETUNREACH", "net.network_unreachable", BSD),
    ),
    "macOS/BSD errno numbers of network-layer failures (read only inside a connect-error wrapper)",
)


@record(frozen=True)
class ErrnoContextRow:
    """A wrapper text whose group ``n`` is the OS errno of a failed connect (any platform's number)."""

    pattern: str
    stack: str
    meaning: str
    source: str


CONNECT_ERRNO_CONTEXTS = Table(
    "connect_errno_contexts",
    (
        ErrnoContextRow(
            r"can.?t connect to\s+(?:(?:mysql|mariadb)\s+)?server on\s*.{0,80}?[(\[]\s*(?:(?:errno|error)\s*)?(?P<n>\d{2,5})\b",
            "mysql",
            "the MySQL/MariaDB client could not open the TCP connection (CR_CONN_HOST_ERROR 2003 / 2002); the number in brackets is the OS errno of connect()",
            "MySQL client error 2003 CR_CONN_HOST_ERROR \"Can't connect to MySQL server on '%s' (%d)\" (MySQL docs, Client Error Message Reference); observed: sysown/proxysql#4148 (111), nodejh/nodejh.github.io#4 (61 on macOS), frappe/erpnext#15474",
        ),
        ErrnoContextRow(
            r"\bOs\s*\{\s*code:\s*(?P<n>\d{2,5}),\s*kind:",
            "rust",
            "a Rust std::io::Error from the OS (Debug form): code is the OS errno",
            "Rust std::io::Error Debug output (Os { code, kind, message }); observed: firezone/firezone#4831",
        ),
    ),
    "Wrapper texts that carry the errno of a failed connect()",
)

_NODE = "Node.js docs: Common system errors (ECONNREFUSED, ECONNRESET, ENOTFOUND, ETIMEDOUT)"
_CURL = "curl libcurl-errors(3)"
_PY = "CPython socket / urllib3 exception texts (OSError strerror from the C library)"
_GO = "Go net package error texts (dial tcp ...: connect: ...; lookup ...: no such host)"
_JAVA = "JDK java.net exception texts (ConnectException, SocketTimeoutException, UnknownHostException)"
_NET = ".NET SocketException messages (Winsock FormatMessage texts)"
_RUST = "Rust std::io::ErrorKind names (doc.rust-lang.org/std/io/enum.ErrorKind.html)"

MESSAGES = Table(
    "net_messages",
    (
        MessageRow(r"\bECONNREFUSED\b", "nodejs", "the TCP connection was refused: nothing listens on that address and port", "net.tcp_refused", 0.9, _NODE),
        MessageRow(r"Connection refused", "any", "the TCP connection was refused (RST to the SYN): nothing listens on that address and port, or a firewall rejects", "net.tcp_refused", 0.9, LINUX + " strerror(ECONNREFUSED); " + _GO + "; " + _JAVA),
        MessageRow(r"target machine actively refused it", "dotnet", "Windows: the TCP connection was refused (WSAECONNREFUSED 10061)", "net.tcp_refused", 0.9, _NET),
        MessageRow(r"curl: \(7\)", "curl", "curl could not connect (CURLE_COULDNT_CONNECT): refused or unreachable", "net.tcp_refused", 0.6, _CURL),
        MessageRow(r"Couldn't connect to server", "curl", "curl could not connect to the server", "net.tcp_refused", 0.6, _CURL + "; facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"\bETIMEDOUT\b", "nodejs", "the TCP connect timed out", "net.tcp_timeout", 0.85, _NODE),
        MessageRow(r"Connection timed out|connect timed out|(?<!read )(?<!write )Operation timed out", "any", "the TCP connect timed out: packets are dropped (firewall, wrong IP, host down)", "net.tcp_timeout", 0.8, LINUX + " strerror(ETIMEDOUT); " + _JAVA + "; " + _CURL + " (28)"),
        MessageRow(r"dial tcp \S+: i/o timeout", "go", "Go's TCP connect timed out", "net.tcp_timeout", 0.85, _GO),
        MessageRow(r"did not properly respond after a period of time", "dotnet", "Windows: the TCP connect timed out (WSAETIMEDOUT 10060)", "net.tcp_timeout", 0.85, _NET),
        MessageRow(r"ConnectTimeout(?:Error)?\b", "python", "the Python client's connect timed out (urllib3/requests/httpx)", "net.tcp_timeout", 0.8, "urllib3/requests/httpx ConnectTimeout exception names"),
        MessageRow(r"curl: \(28\)", "curl", "curl timed out (CURLE_OPERATION_TIMEDOUT)", "net.tcp_timeout", 0.7, _CURL),
        MessageRow(r"\bECONNRESET\b", "nodejs", "the peer (or a middlebox) reset the connection", "net.tcp_reset", 0.8, _NODE + "; facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"Connection reset by peer|java\.net\.SocketException: Connection reset", "any", "the peer (or a middlebox) reset the connection", "net.tcp_reset", 0.8, LINUX + " strerror(ECONNRESET); facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"forcibly closed by the remote host", "dotnet", "Windows: the peer reset the connection (WSAECONNRESET 10054)", "net.tcp_reset", 0.8, _NET),
        MessageRow(r"curl: \(56\)|Failure when receiving data from the peer", "curl", "curl lost the connection while receiving (often a reset)", "net.tcp_reset", 0.55, _CURL + " CURLE_RECV_ERROR (56); facts/knowledge.md §3.4"),
        MessageRow(r"\bENOTFOUND\b", "nodejs", "getaddrinfo found no address for the host name", "net.dns_unresolved", 0.9, _NODE),
        # A wrapper: curl (6), git and ssh ("Could not resolve hostname X: <reason>") print it for every
        # resolver failure, EAI_AGAIN included; the reason text after it, when present, is more specific.
        MessageRow(r"Could not resolve host|curl: \(6\)", "curl", "curl could not resolve the host name (CURLE_COULDNT_RESOLVE_HOST)", "net.dns_unresolved", 0.85, _CURL + "; OpenSSH ssh.c 'Could not resolve hostname %s: %s'"),
        MessageRow(r"Could not resolve proxy|curl: \(5\)", "curl", "curl could not resolve the proxy host name", "net.dns_unresolved", 0.85, _CURL + " CURLE_COULDNT_RESOLVE_PROXY (5)"),
        MessageRow(r"Name or service not known|nodename nor servname provided|Name does not resolve|\bEAI_NONAME\b", "any", "the resolver says this name does not exist", "net.dns_unresolved", 0.9, GAI + " (EAI_NONAME); " + _PY),
        MessageRow(r"\*\* server can't find \S+: NXDOMAIN\b", "nslookup", "the DNS server says this name does not exist (NXDOMAIN): a typo, a missing record, or a search domain / split-horizon zone this resolver does not see", "net.dns_unresolved", 0.92, BIND_NSLOOKUP),
        MessageRow(r"\bHost \S+ not found: 3\(NXDOMAIN\)", "host", "the DNS server says this name does not exist (NXDOMAIN)", "net.dns_unresolved", 0.92, BIND_HOST),
        MessageRow(r";; ->>HEADER<<- opcode: \w+, status: NXDOMAIN\b", "dig", "dig's answer header: the name does not exist (NXDOMAIN)", "net.dns_unresolved", 0.85, BIND_HEADER),
        MessageRow(r"No address associated with hostname|\bEAI_NODATA\b", "any", "the name exists in DNS but has no address record (EAI_NODATA)", "net.dns_unresolved", 0.85, GAI + " (EAI_NODATA); Android/bionic getaddrinfo text"),
        MessageRow(r"Unknown (?:MySQL|MariaDB) server host", "mysql", "the MySQL/MariaDB client could not resolve the server host name (CR_UNKNOWN_HOST 2005)", "net.dns_unresolved", 0.85, "MySQL client error 2005 CR_UNKNOWN_HOST (Client Error Message Reference)"),
        MessageRow(r"unable to resolve host address|ping: unknown host|cannot resolve \S+: Unknown host", "wget/ping", "the command could not resolve the host name", "net.dns_unresolved", 0.85, "GNU wget 'unable to resolve host address'; iputils/BSD ping 'unknown host' / 'cannot resolve %s: Unknown host'; observed: iq9891/blog#14"),
        MessageRow(r"No such host is known|getaddrinfo failed", "dotnet", "Windows: the host name does not resolve (WSAHOST_NOT_FOUND 11001)", "net.dns_unresolved", 0.85, _NET + "; CPython socket.gaierror [Errno 11001]"),
        MessageRow(r"lookup \S+(?: on \S+)?: no such host", "go", "Go's resolver found no such host", "net.dns_unresolved", 0.9, _GO),
        MessageRow(r"UnknownHostException", "java", "Java could not resolve the host name", "net.dns_unresolved", 0.85, _JAVA + " (thrown for every resolver failure; the text after the host name gives the reason)"),
        MessageRow(r"Temporary failure (?:in name resolution|resolving)|\bEAI_AGAIN\b", "any", "no DNS server answered (EAI_AGAIN): no network, a broken resolv.conf, or a container without DNS", "net.dns_temporary_failure", 0.9, GAI + " (EAI_AGAIN); " + _NODE + "; APT 'Temporary failure resolving' (observed: microsoft/WSL#4435)"),
        MessageRow(r"No route to host|Host is unreachable|\bEHOSTUNREACH\b", "any", "there is no route to the host (ICMP host unreachable, or a firewall REJECT with icmp-host-prohibited)", "net.host_unreachable", 0.9, LINUX + " strerror(EHOSTUNREACH); musl strerror 'Host is unreachable'"),
        MessageRow(r"Network (?:is )?unreachable|\bENETUNREACH\b", "any", "the network is unreachable: no route (e.g. no default gateway, or an IPv6 address without IPv6 connectivity)", "net.network_unreachable", 0.9, LINUX + " strerror(ENETUNREACH); musl strerror 'Network unreachable' (observed: firezone/firezone#4831)"),
        MessageRow(r"attempted to an unreachable network", "dotnet", "Windows: no route to that network (WSAENETUNREACH 10051)", "net.network_unreachable", 0.9, _NET + " (WSAENETUNREACH FormatMessage text)"),
        MessageRow(r"attempted to an unreachable host", "dotnet", "Windows: no route to that host (WSAEHOSTUNREACH 10065)", "net.host_unreachable", 0.9, _NET + " (WSAEHOSTUNREACH FormatMessage text)"),
        MessageRow(r"Connection to \S+ refused", "pgjdbc", "the PostgreSQL JDBC driver's TCP connect was refused: nothing listens on that host and port", "net.tcp_refused", 0.9, "pgjdbc ConnectionFactoryImpl: 'Connection to {0} refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.'"),
        MessageRow(r"Connect call failed", "python", "Python asyncio's connect() failed (asyncio prints 'Connect call failed (addr)'; most often ECONNREFUSED)", "net.tcp_refused", 0.6, "CPython asyncio selector_events.py sock_connect: OSError(err, f'Connect call failed {address}')"),
        MessageRow(r"TCP Provider, error: \d+ - The wait operation timed out", "dotnet", "SQL Server client (SqlClient/ODBC): the TCP connect did not complete in time", "net.tcp_timeout", 0.7, "Microsoft SqlClient/ODBC 'TCP Provider' errors (Win32 WAIT_TIMEOUT 258 text)"),
        MessageRow(r"Broken pipe|\bEPIPE\b", "any", "this side was still writing when the connection had already been closed or reset by the peer or a middlebox (EPIPE), e.g. an idle session dropped by a NAT or firewall", "net.tcp_reset", 0.65, LINUX + " strerror(EPIPE); OpenSSH 'client_loop: send disconnect: Broken pipe' (observed: dib-lab/farm-notes#21)"),
        MessageRow(r"kind:\s*ConnectionRefused\b", "rust", "Rust io::ErrorKind::ConnectionRefused", "net.tcp_refused", 0.85, _RUST),
        MessageRow(r"kind:\s*ConnectionReset\b", "rust", "Rust io::ErrorKind::ConnectionReset", "net.tcp_reset", 0.8, _RUST),
        MessageRow(r"kind:\s*TimedOut\b", "rust", "Rust io::ErrorKind::TimedOut (a connect or read timed out)", "net.tcp_timeout", 0.6, _RUST),
        MessageRow(r"kind:\s*HostUnreachable\b", "rust", "Rust io::ErrorKind::HostUnreachable", "net.host_unreachable", 0.85, _RUST),
        MessageRow(r"kind:\s*NetworkUnreachable\b", "rust", "Rust io::ErrorKind::NetworkUnreachable", "net.network_unreachable", 0.85, _RUST),
    ),
    "Network-layer error texts of real stacks",
)

#: A resolver that could not talk to its DNS server. The "refused" / "timeout" in these texts is the
#: DNS server's (UDP/TCP port 53), not the target's: explain caps the TCP findings when one matches.
DNS_SERVER_FAILURES = Table(
    "dns_server_failures",
    (
        MessageRow(r"lookup \S+ on \S+:\s*(?:read|write|dial) (?:udp|tcp)\b", "go", "Go's resolver could not exchange packets with the DNS server named after 'on' (its read/write/dial to port 53 failed)", "net.dns_temporary_failure", 0.95, _GO + " (net.DNSError from the pure-Go resolver: 'lookup NAME on SERVER: read udp A->SERVER: ...')"),
        MessageRow(r"lookup \S+(?: on \S+)?:\s*i/o timeout", "go", "Go's DNS query timed out: the DNS server did not answer", "net.dns_temporary_failure", 0.9, _GO + " (net.DNSError IsTimeout)"),
        MessageRow(r"lookup \S+ on \S+:\s*server misbehaving", "go", "the DNS server answered with a failure (SERVFAIL/REFUSED) or an unusable reply", "net.dns_temporary_failure", 0.9, _GO + " (errServerMisbehaving)"),
        MessageRow(r"\bquery[A-Za-z]*\s+(?:ECONNREFUSED|ETIMEOUT|ESERVFAIL|EREFUSED)\b", "nodejs", "Node's DNS query (dns.resolve*, e.g. querySrv for a mongodb+srv:// URI) got no usable answer from the DNS server", "net.dns_temporary_failure", 0.95, "Node.js docs, dns module: Error codes (dns.CONNREFUSED 'Could not contact DNS servers', TIMEOUT, SERVFAIL, REFUSED)"),
        MessageRow(r";; communications error to \S+#\d+: (?:timed out|connection refused|host unreachable|network unreachable|end of file)|;;\s*(?:connection timed out; )?no servers could be reached", "dig/nslookup/host", "the DNS client sent its query to the server named (address#port) and got no answer: the DNS server is down, unreachable, or a firewall drops port 53", "net.dns_temporary_failure", 0.95, BIND_DIG),
        MessageRow(r"\bconnection timed out; no servers could be reached", "dig/nslookup/host", "no DNS server in resolv.conf (or the one given with @) answered the query", "net.dns_temporary_failure", 0.95, BIND_DIG),
        MessageRow(r"\*\* server can't find \S+: (?:SERVFAIL|REFUSED)\b", "nslookup", "the DNS server answered with a failure: SERVFAIL (it could not resolve, e.g. a broken delegation or DNSSEC failure) or REFUSED (it does not recurse for this client)", "net.dns_temporary_failure", 0.9, BIND_NSLOOKUP),
        MessageRow(r"\bHost \S+ not found: (?:2\(SERVFAIL\)|5\(REFUSED\))", "host", "the DNS server answered with SERVFAIL or REFUSED", "net.dns_temporary_failure", 0.9, BIND_HOST),
        MessageRow(r";; ->>HEADER<<- opcode: \w+, status: (?:SERVFAIL|REFUSED)\b", "dig", "dig's answer header: the DNS server answered with SERVFAIL or REFUSED", "net.dns_temporary_failure", 0.85, BIND_HEADER),
        MessageRow(r"Resolving timed out after", "curl", "curl's name resolution timed out (CURLE_OPERATION_TIMEDOUT while resolving)", "net.dns_temporary_failure", 0.85, _CURL + " (28: 'Resolving timed out after N milliseconds')"),
        MessageRow(r"SocketException \([^)]*\):\s*Resource temporarily unavailable", "dotnet", ".NET on Linux/macOS: getaddrinfo returned EAI_AGAIN, printed with the EAGAIN text", "net.dns_temporary_failure", 0.7, _NET + " (System.Net.Dns on Unix maps EAI_AGAIN to SocketError.TryAgain, message 'Resource temporarily unavailable')"),
    ),
    "Texts of a resolver that could not reach or use its DNS server",
)

TABLES = (ERRNOS, BSD_ERRNOS, CONNECT_ERRNO_CONTEXTS, MESSAGES, DNS_SERVER_FAILURES)
