"""Which stack the user is on, from the words of their input, so the first fix shown is theirs.

Why a table here and not in a domain: a stack (Python, Node, Java...) cuts across domains (a
Python user meets TLS, serial and smart-card errors alike), and the names are the snippet stacks
the domains' fixes already use. Detection is a hint: ``--stack`` always wins.
"""

from __future__ import annotations


#: ``--stack`` names the user may give -> the snippet stack the fixes use
ALIASES = {"python": "python", "node": "nodejs", "nodejs": "nodejs", "java": "java", "dotnet": "dotnet",
           ".net": "dotnet", "go": "go", "curl": "curl", "pyserial": "pyserial", "pyscard": "pyscard",
           "nginx": "nginx", "apache": "apache", "haproxy": "haproxy", "shell": "shell"}
CHOICES = ("python", "node", "java", "dotnet", "go", "curl", "pyserial", "pyscard", "nginx", "apache", "haproxy", "shell")

#: (stack, literal needles, pattern over the input): first match wins, so the more specific stacks
#: come first. The pattern is compiled only when a needle is in the input (start-up time).
CUES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("pyserial", ("serial", "Serial"), r"\bserial\.serialutil\b|\bSerialException\b|\bpyserial\b|serial\.Serial\("),
    ("pyscard", ("smartcard.", "pyscard"), r"\bsmartcard\.(?:Exceptions|System|CardConnection)\b|\bpyscard\b"),
    ("python", ("Traceback", "requests.", "urllib3", "httpx", "aiohttp", "ssl.", "_ssl.c", "psycopg", "ymysql", "PyMySQL"),
     r"\bTraceback \(most recent call last\)|\brequests\.exceptions\b|\burllib3\b|\bhttpx\b|\baiohttp\b|"
     r"\bssl\.SSL\w*Error\b|_ssl\.c:\d+|\bpsycopg2?\b|\bPyMySQL\b|\bpymysql\b"),
    ("nodejs", ("ERR_TLS_", "UNABLE_TO_VERIFY", "node:", "TLSSocket", "SELF_SIGNED_CERT"),
     r"\bERR_TLS_\w+|\bUNABLE_TO_VERIFY_LEAF_SIGNATURE\b|\bnode:internal\b|\bat TLSSocket\b|"
     r"\bDEPTH_ZERO_SELF_SIGNED_CERT\b|\bSELF_SIGNED_CERT_IN_CHAIN\b"),
    ("java", ("javax.", "sun.security", "Exception", "PKIX"), r"\bjavax\.net\.ssl\b|\bsun\.security\.\w+|\bjava\.\w+\.\w+Exception\b|\bPKIX path\b"),
    ("dotnet", ("System.", "SslStream", "AuthenticationException", "SEC_E_"),
     r"\bSystem\.(?:Net|Security)\.\w+|\bSslStream\b|\bAuthenticationException\b|\bSEC_E_\w+"),
    ("go", ("x509: ", "tls: ", "net/http", "goroutine"), r"\bx509: |\btls: [a-z]|\bnet/http: |\bgoroutine \d+"),
    ("curl", ("curl", "CURLE_"), r"\bcurl: \(\d+\)|\bCURLE_\w+|\blibcurl\b"),
    ("nginx", ("nginx", "#"), r"\bnginx\b|\[(?:crit|error|emerg)\] \d+#\d+"),
)


def stack_name(user: str | None) -> str | None:
    """The snippet stack for a ``--stack`` value (None when none was given)."""
    return ALIASES.get(user.lower()) if user else None


def detect(text: str) -> str | None:
    """The stack the input's own words name, or None."""
    import re

    sample = text[:65536]
    for stack, needles, pattern in CUES:
        if any(n in sample for n in needles) and re.search(pattern, sample):
            return stack
    return None
