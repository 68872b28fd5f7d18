"""Knowledge tables of the `net` domain: errno values and the texts stacks print for them.

Errno numbers: Linux asm-generic/errno.h and Windows Winsock (winerror.h WSAE*). The same name
has another number on macOS/BSD (ECONNREFUSED 61, ETIMEDOUT 60, ECONNRESET 54), so only Linux and
Windows numbers are read from a bare number; macOS is recognised by the names and texts.
"""

from __future__ import annotations

from ...knowledge.table import Table
from ...record import record
from ..tls.matching import MessageRow

LINUX = "Linux include/uapi/asm-generic/errno.h"
WIN = "Windows winerror.h (Winsock WSAE* codes)"
GAI = "POSIX getaddrinfo(3) / glibc gai_strerror texts"


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

_NODE = "Node.js docs: Common system errors (ECONNREFUSED, ECONNRESET, ENOTFOUND, ETIMEDOUT)"
_CURL = "curl libcurl-errors(3)"
_PY = "CPython socket / urllib3 exception texts (OSError strerror from the C library)"
_GO = "Go net package error texts (dial tcp ...: connect: ...; lookup ...: no such host)"
_JAVA = "JDK java.net exception texts (ConnectException, SocketTimeoutException, UnknownHostException)"
_NET = ".NET SocketException messages (Winsock FormatMessage texts)"

MESSAGES = Table(
    "net_messages",
    (
        MessageRow(r"\bECONNREFUSED\b", "nodejs", "the TCP connection was refused: nothing listens on that address and port", "net.tcp_refused", 0.9, _NODE),
        MessageRow(r"Connection refused", "any", "the TCP connection was refused (RST to the SYN): nothing listens on that address and port, or a firewall rejects", "net.tcp_refused", 0.9, LINUX + " strerror(ECONNREFUSED); " + _GO + "; " + _JAVA),
        MessageRow(r"target machine actively refused it", "dotnet", "Windows: the TCP connection was refused (WSAECONNREFUSED 10061)", "net.tcp_refused", 0.9, _NET),
        MessageRow(r"curl: \(7\)", "curl", "curl could not connect (CURLE_COULDNT_CONNECT): refused or unreachable", "net.tcp_refused", 0.6, _CURL),
        MessageRow(r"Couldn't connect to server", "curl", "curl could not connect to the server", "net.tcp_refused", 0.6, _CURL + "; facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"\bETIMEDOUT\b", "nodejs", "the TCP connect timed out", "net.tcp_timeout", 0.85, _NODE),
        MessageRow(r"Connection timed out|connect timed out|Operation timed out", "any", "the TCP connect timed out: packets are dropped (firewall, wrong IP, host down)", "net.tcp_timeout", 0.8, LINUX + " strerror(ETIMEDOUT); " + _JAVA + "; " + _CURL + " (28)"),
        MessageRow(r"dial tcp \S+: i/o timeout", "go", "Go's TCP connect timed out", "net.tcp_timeout", 0.85, _GO),
        MessageRow(r"did not properly respond after a period of time", "dotnet", "Windows: the TCP connect timed out (WSAETIMEDOUT 10060)", "net.tcp_timeout", 0.85, _NET),
        MessageRow(r"ConnectTimeout(?:Error)?\b", "python", "the Python client's connect timed out (urllib3/requests/httpx)", "net.tcp_timeout", 0.8, "urllib3/requests/httpx ConnectTimeout exception names"),
        MessageRow(r"curl: \(28\)", "curl", "curl timed out (CURLE_OPERATION_TIMEDOUT)", "net.tcp_timeout", 0.7, _CURL),
        MessageRow(r"\bECONNRESET\b", "nodejs", "the peer (or a middlebox) reset the connection", "net.tcp_reset", 0.8, _NODE + "; facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"Connection reset by peer|java\.net\.SocketException: Connection reset", "any", "the peer (or a middlebox) reset the connection", "net.tcp_reset", 0.8, LINUX + " strerror(ECONNRESET); facts/knowledge.md §3.4 (observed)"),
        MessageRow(r"forcibly closed by the remote host", "dotnet", "Windows: the peer reset the connection (WSAECONNRESET 10054)", "net.tcp_reset", 0.8, _NET),
        MessageRow(r"curl: \(56\)|Failure when receiving data from the peer", "curl", "curl lost the connection while receiving (often a reset)", "net.tcp_reset", 0.55, _CURL + " CURLE_RECV_ERROR (56); facts/knowledge.md §3.4"),
        MessageRow(r"\bENOTFOUND\b", "nodejs", "getaddrinfo found no address for the host name", "net.dns_unresolved", 0.9, _NODE),
        MessageRow(r"Could not resolve host|curl: \(6\)", "curl", "curl could not resolve the host name (CURLE_COULDNT_RESOLVE_HOST)", "net.dns_unresolved", 0.9, _CURL),
        MessageRow(r"Could not resolve proxy|curl: \(5\)", "curl", "curl could not resolve the proxy host name", "net.dns_unresolved", 0.85, _CURL + " CURLE_COULDNT_RESOLVE_PROXY (5)"),
        MessageRow(r"Name or service not known|nodename nor servname provided|Name does not resolve|\bEAI_NONAME\b", "any", "the resolver says this name does not exist", "net.dns_unresolved", 0.9, GAI + " (EAI_NONAME); " + _PY),
        MessageRow(r"No such host is known|getaddrinfo failed", "dotnet", "Windows: the host name does not resolve (WSAHOST_NOT_FOUND 11001)", "net.dns_unresolved", 0.85, _NET + "; CPython socket.gaierror [Errno 11001]"),
        MessageRow(r"lookup \S+(?: on \S+)?: no such host", "go", "Go's resolver found no such host", "net.dns_unresolved", 0.9, _GO),
        MessageRow(r"UnknownHostException", "java", "Java could not resolve the host name", "net.dns_unresolved", 0.9, _JAVA),
        MessageRow(r"Temporary failure in name resolution|\bEAI_AGAIN\b", "any", "no DNS server answered (EAI_AGAIN): no network, a broken resolv.conf, or a container without DNS", "net.dns_temporary_failure", 0.9, GAI + " (EAI_AGAIN); " + _NODE),
        MessageRow(r"No route to host|\bEHOSTUNREACH\b", "any", "there is no route to the host (ICMP host unreachable, or a firewall REJECT with icmp-host-prohibited)", "net.host_unreachable", 0.9, LINUX + " strerror(EHOSTUNREACH)"),
        MessageRow(r"Network is unreachable|\bENETUNREACH\b", "any", "the network is unreachable: no route (e.g. no default gateway, or an IPv6 address without IPv6 connectivity)", "net.network_unreachable", 0.9, LINUX + " strerror(ENETUNREACH)"),
    ),
    "Network-layer error texts of real stacks",
)

TABLES = (ERRNOS, MESSAGES)
