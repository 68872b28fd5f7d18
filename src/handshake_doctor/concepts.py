"""errno-like concepts bound to the object they are about (pure).

Why: "Permission denied", "Device or resource busy", "Connection refused" mean nothing on their
own; ``/dev/ttyUSB0: Permission denied`` is a serial-port group problem, ``127.0.0.1:5432:
Connection refused`` a listener problem. Every stack words them differently (glibc strerror,
Windows FormatMessage, Python's exception names, Node's codes), and no row can list every tool
that prints them. So the concept is read here, once, in any wording; the object on the same
line (a port or device path, a COM name, a USB id, a host:port, a URL, a file path) decides the
domain, and the concept decides the cause. Which domain owns which object kind, and what each
concept means for it, is the domain's data (``Spotting.objects`` / ``Spotting.errno``).
"""

from __future__ import annotations

from .knowledge.table import Table, rx
from .record import record


@record(frozen=True)
class ConceptRow:
    concept: str
    pattern: str  # case-insensitive regular expression
    source: str


_GLIBC = "glibc strerror texts (string/_strerror.c, sysdeps errlist) and POSIX <errno.h> names"
_WIN = "Microsoft Win32 System Error Codes / Windows Sockets Error Codes (FormatMessage texts and names)"
_PY = "Python 3 OSError subclasses (PEP 3151) and their '[Errno N]' rendering"
_NODE = "Node.js os.constants.errno names as printed in error.code (e.g. 'connect ECONNREFUSED')"

CONCEPTS = Table(
    "errno_concepts",
    (
        ConceptRow("permission_denied", r"permission denied|operation not permitted|\beacces\b|\beperm\b|\[errno 1[3]?\]|permissionerror|access (?:is )?denied|error_access_denied|winerror\(?5\b", f"{_GLIBC} (EACCES 13, EPERM 1); {_PY} (PermissionError); {_WIN} (ERROR_ACCESS_DENIED 5, 'Access is denied.')"),
        ConceptRow("busy", r"device or resource busy|resource busy|\bebusy\b|\[errno 16\]|already in use|in use by another|being used by another process|error_sharing_violation|\bewouldblock\b.{0,40}lock|could not exclusively lock", f"{_GLIBC} (EBUSY 16); {_WIN} (ERROR_SHARING_VIOLATION 32, 'being used by another process')"),
        ConceptRow("no_such_file", r"no such file or directory|no such device|\benoent\b|\benodev\b|\benxio\b|\[errno [26]\]|filenotfounderror|cannot find the (?:file|path) specified|error_file_not_found|does not exist", f"{_GLIBC} (ENOENT 2, ENXIO 6, ENODEV 19); {_PY} (FileNotFoundError); {_WIN} (ERROR_FILE_NOT_FOUND 2)"),
        ConceptRow("io_error", r"input/output error|\beio\b|\[errno 5\]|\bi/o error\b|a device attached to the system is not functioning|error_gen_failure|the device does not recognize the command|error_bad_command|operation has been aborted because of either a thread exit", f"{_GLIBC} (EIO 5); {_WIN} (ERROR_GEN_FAILURE 31 'A device attached to the system is not functioning.', ERROR_BAD_COMMAND 22 'The device does not recognize the command.', ERROR_OPERATION_ABORTED 995)"),
        ConceptRow("timed_out", r"timed? ?out|\betimedout\b|\[errno 110\]|wsaetimedout|timeouterror|deadline exceeded|did not properly respond after a period of time|semaphore timeout period has expired|error_sem_timeout", f"{_GLIBC} (ETIMEDOUT 110, 'Connection timed out'); {_WIN} (WSAETIMEDOUT 10060 'A connection attempt failed because the connected party did not properly respond after a period of time', ERROR_SEM_TIMEOUT 121 'The semaphore timeout period has expired.'); {_PY} (TimeoutError)"),
        ConceptRow("refused", r"connection refused|\beconnrefused\b|\[errno 111\]|actively refused|wsaeconnrefused|connectionrefusederror", f"{_GLIBC} (ECONNREFUSED 111); {_WIN} (WSAECONNREFUSED 10061, 'the target machine actively refused it'); {_NODE}"),
        ConceptRow("reset", r"connection reset|reset by peer|\beconnreset\b|\[errno 104\]|wsaeconnreset|forcibly closed|connectionreseterror", f"{_GLIBC} (ECONNRESET 104); {_WIN} (WSAECONNRESET 10054, 'forcibly closed by the remote host'); {_NODE}"),
        ConceptRow("closed", r"connection (?:was |is )?lost|connection is closed|socket (?:was |is )?closed|connection closed (?:by (?:remote host|peer|server|foreign host)|unexpectedly)|closed by (?:the )?(?:remote host|peer|server)|unexpected eof|\beof occurred\b|connection terminated unexpectedly|\bepipe\b|broken pipe", f"{_GLIBC} (EPIPE 32 'Broken pipe'); OpenSSH/telnet 'Connection closed by foreign host'; mosquitto MOSQ_ERR_CONN_LOST 'The connection was lost.'; Node net 'socket closed' / ioredis 'Connection is closed.'; OpenSSL 3 'unexpected eof while reading' (the peer closed without a word)"),
    ),
    "errno-like concepts in the wordings of the common stacks",
)


from .spotting import ANY_CONCEPT as _ANY_CONCEPT  # noqa: E402  (literal pre-checks, kept light)


@record(frozen=True)
class PortRow:
    port: int
    service: str
    source: str


_IANA = "IANA Service Name and Transport Protocol Port Number Registry"
#: Ports whose listener speaks TLS from the first byte (implicit TLS): a plaintext client there
#: is met by a TLS server reading its bytes as a broken ClientHello, which answers with an alert
#: or closes/resets the connection.
TLS_ONLY_PORTS = Table(
    "tls_only_ports",
    (
        PortRow(443, "https", f"{_IANA} (https); RFC 9110 §4.2.2"),
        PortRow(465, "submissions (SMTP over implicit TLS)", f"{_IANA} (submissions); RFC 8314 §3.3"),
        PortRow(636, "ldaps", f"{_IANA} (ldaps)"),
        PortRow(853, "DNS over TLS", f"{_IANA} (domain-s); RFC 7858 §3.1"),
        PortRow(989, "ftps-data", f"{_IANA} (ftps-data)"),
        PortRow(990, "ftps", f"{_IANA} (ftps)"),
        PortRow(993, "imaps", f"{_IANA} (imaps); RFC 8314 §3.2"),
        PortRow(995, "pop3s", f"{_IANA} (pop3s); RFC 8314 §3.2"),
        PortRow(2376, "Docker daemon over TLS", f"{_IANA} (docker-s); Docker docs, Protect the Docker daemon socket (2376 with --tlsverify)"),
        PortRow(3269, "LDAP global catalog over TLS", f"{_IANA} (msft-gc-ssl); Microsoft AD DS port requirements"),
        PortRow(5061, "SIP over TLS", f"{_IANA} (sips); RFC 3261 §26.2"),
        PortRow(5671, "AMQP over TLS", f"{_IANA} (amqps); RabbitMQ docs, TLS Support (5671)"),
        PortRow(5986, "WinRM over HTTPS", "Microsoft docs, Installation and configuration for Windows Remote Management (HTTPS listener 5986)"),
        PortRow(6380, "Azure Cache for Redis TLS port", "Microsoft docs, Azure Cache for Redis: the TLS port 6380 (the non-TLS port 6379 is disabled by default)"),
        PortRow(6443, "Kubernetes API server", "Kubernetes docs, Ports and Protocols (kube-apiserver 6443, HTTPS only)"),
        PortRow(6697, "IRC over TLS", f"{_IANA} (ircs-u); RFC 7194 §2"),
        PortRow(8883, "MQTT over TLS", f"{_IANA} (secure-mqtt); MQTT 3.1.1 §5.1 / MQTT 5.0 §4.8.1 (8883 for TLS)"),
    ),
    "ports whose listener speaks TLS from the first byte",
)
_TLS_PORT_ALT = "|".join(str(r.port) for r in TLS_ONLY_PORTS)
#: words that say the endpoint is TLS-only (the server side's setting), whatever its port
_TLS_ONLY_WORDS = r"in-transit encryption|transit[_ ]encryption|tls[- ]only|ssl[- ]only|non-(?:ssl|tls) port (?:is )?(?:disabled|off)|requires? (?:tls|ssl) connections?"
#: words that say the client itself spoke TLS (its TLS library failed): then a reset on a TLS port is
#: the TLS handshake's, not a plaintext client's (tls.reset_after_hello and its kin read it)
_CLIENT_SPOKE_TLS = r"ssl_connect|tlswrap|handshake|ssl routines|\[ssl\b|sslerror|ssleof|\bssl\.|\btls:|sslv3|tlsv1|gnutls|schannel|sec_e_|err_ssl|err_tls|sslexception|ssl_error|openssl"


@record(frozen=True)
class ObjectRow:
    kind: str
    pattern: str
    source: str
    marks: tuple[str, ...] = ()  # lower-case literals one of which every match contains (a cheap pre-check)
    refines: tuple[str, ...] = ()  # the kinds this one is a special case of: its reading outranks theirs on the same line


OBJECTS = Table(
    "concept_objects",
    (
        ObjectRow("tls_endpoint", r"(?:\[[0-9a-f:]{2,45}\]|\b(?:\d{1,3}\.){3}\d{1,3}|(?:(?<=//)|(?<![/\\\w.\-]))(?:[a-z0-9](?:[a-z0-9\-]{0,62})\.){1,8}[a-z]{2,24}|\blocalhost):(?:" + _TLS_PORT_ALT + r")\b",
                  "tls_only_ports (IANA and vendor docs above): a host:port whose port is TLS-only (in a URL too: redis://HOST:6380)", (":",), ("host_port", "url")),
        ObjectRow("url", r"\b[a-z][a-z0-9+.\-]{1,15}://[^\s'\"<>()]{1,300}", "RFC 3986 §3 (scheme ':' '//' authority)", ("://",)),
        ObjectRow("serial_port", r"/dev/(?:tty[A-Za-z]{0,6}\d{0,4}[A-Za-z]?\d{0,3}|cu\.[\w.\-]{1,64}|serial/by-(?:id|path)/[^\s'\":]{1,200}|rfcomm\d{1,3}|pts/\d{1,5})|\bcom\d{1,3}\b|\\\\\.\\com\d{1,3}", "Linux devices.txt (ttyS/ttyUSB/ttyACM), udev serial/by-id, macOS /dev/cu.*, Windows COM names (\\\\.\\COMn)", ("/dev/", "com")),
        ObjectRow("usb_id", r"\b(?:vid|idvendor)[_:= ]{0,3}(?:0x)?[0-9a-f]{4}\b.{0,12}\b(?:pid|idproduct)[_:= ]{0,3}(?:0x)?[0-9a-f]{4}\b|\b(?:usb|id)[ :]{1,3}[0-9a-f]{4}:[0-9a-f]{4}\b", "USB 2.0 §9.6.1 (idVendor/idProduct), lsusb 'ID vvvv:pppp'", ("vid", "idvendor", "usb", "id")),
        ObjectRow("host_port", r"\[[0-9a-f:]{2,45}\]:\d{1,5}\b|\b(?:\d{1,3}\.){3}\d{1,3}:\d{1,5}\b|(?<![/\\\w.\-])(?=[a-z0-9.\-]{0,252}[a-z])(?:[a-z0-9](?:[a-z0-9\-]{0,62})\.){1,8}(?!(?:js|mjs|cjs|ts|tsx|jsx|py|pyx|cc|cpp|hpp|go|rs|java|kt|rb|cs|php|swift|lua|pl|sh|ino|log|txt)\b)[a-z]{2,24}:\d{1,5}\b|\blocalhost:\d{1,5}\b", "RFC 3986 §3.2.2-3.2.3 (host, port); a source file name with a line number (connection.js:77) is not a host", tuple(f":{d}" for d in "0123456789")),
        ObjectRow("cert_file", r"(?:[a-z]:)?[\\/][^\s'\":]{0,200}\.(?:pem|crt|cer|der|key|p12|pfx|jks)\b", "file name extensions of PEM/DER certificates and key stores (RFC 7468, PKCS#12)", (".pem", ".crt", ".cer", ".der", ".key", ".p12", ".pfx", ".jks")),
        ObjectRow("file", r"(?<![\w/])/(?!dev/)[\w.+\-]{1,64}(?:/[\w.+\-]{1,64}){1,16}", "POSIX path names", ("/",)),
    ),
    "objects an errno is about, most specific first",
)


@record(frozen=True)
class Mention:
    """One errno-like concept on one line, with the object it is about (or none)."""

    concept: str
    concept_text: str
    object_kind: str
    object: str
    line: str


def mentions(text: str, max_lines: int = 400) -> list[Mention]:
    """Every line that names an errno-like concept, bound to the nearest object on that line
    (the previous line when the line names none: "Opening /dev/ttyUSB0" / "Permission denied")."""
    low = text.lower()
    if not any(w in low for w in _ANY_CONCEPT):
        return []
    r_ = [c for c in CONCEPTS if rx(c.pattern).may_match(text)]
    if not r_:
        return []
    out: list[Mention] = []
    prev_obj: tuple[str, str] | None = None
    for n, line in enumerate(text.splitlines()):
        if n >= max_lines:
            break
        obj = _object_of(line)
        hit = None
        for c in r_:
            m = rx(c.pattern).search(line)
            if m:
                hit = (c, m)
                break
        if hit is not None:
            use = obj or prev_obj
            if use and use[0] in ("host_port", "url") and rx(_TLS_ONLY_WORDS).search(text):
                use = ("tls_endpoint", use[1])  # the text says the server speaks TLS only there
            if use and use[0] == "tls_endpoint" and rx(_CLIENT_SPOKE_TLS).search(text):
                use = ("url" if "://" in use[1] else "host_port", use[1])  # the client spoke TLS: a plain reset
            kind, value = use if use else ("", "")
            out.append(Mention(hit[0].concept, hit[1].group(0), kind, value, line.strip()[:300]))
        prev_obj = obj
    return out


def _object_of(line: str, refined_kinds: bool = True) -> tuple[str, str] | None:
    low = line.lower()
    for row in OBJECTS:
        if row.refines and not refined_kinds:
            continue
        if row.marks and not any(k in low for k in row.marks):
            continue
        m = rx(row.pattern).search(line)
        if m:
            value = m.group(0).rstrip(".,;:'\")")
            if row.kind == "url":
                host = value.split("://", 1)[1]
                if not host or host.startswith("/") and not value.lower().startswith(("serial:", "file:")):
                    continue
            return row.kind, value
    return None


TABLES = (CONCEPTS, OBJECTS, TLS_ONLY_PORTS)


def refined(kind: str) -> tuple[str, ...]:
    """The object kinds ``kind`` is a special case of (none: ()): its reading of a concept
    outranks the plain kinds' (a reset about a TLS-only port is more than a reset)."""
    return next((r.refines for r in OBJECTS if r.kind == kind), ())


def object_in(arg: str) -> tuple[str, str] | None:
    """The object one command-line argument names, when the whole argument is that object
    (``/dev/ttyUSB0``, ``COM3``, ``example.test:443``), else None."""
    found = _object_of(arg, refined_kinds=False)  # an argument is what it names (host:443 is a host_port to probe)
    if found is None or found[1] != arg.strip().rstrip("/"):
        return None
    return found


def object_kinds(text: str) -> set[str]:
    """The kinds of object named anywhere in the input (they are context for their domains)."""
    out: set[str] = set()
    low = text.lower()
    for row in OBJECTS:
        if row.kind == "file" or (row.marks and not any(k in low for k in row.marks)):
            continue
        if rx(row.pattern).search(text):
            out.add(row.kind)
    return out
