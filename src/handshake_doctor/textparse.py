"""Free text in, tokens out: the pure parser behind ``hsdoctor explain``.

Users paste whatever their tool printed: ``0x68``, ``68h``, ``\\x68``, ``68 81``, ``SW=6881``,
``sw1=0x68 sw2=0x81``, ``SW1SW2: 6A 82``, ``array('B', [160])``, ``resp=0x15``, OpenSSL codes
(``1408F10B``, ``0A00010B``), PC/SC codes (``0x8010000B``), errno values. The parser finds every
value with its notation and the word that labels it (``got``, ``expected``, ``resp``...), and
leaves the meaning to the domains. It never raises on any input (tests/test_textparse_fuzz.py).

Only the first :data:`MAX_CHARS` characters are read, so 1 MB of noise costs milliseconds.
"""

from __future__ import annotations


import re
from .record import field, record
from functools import cached_property

from .knowledge.table import rx

MAX_CHARS = 64 * 1024
MAX_TOKENS = 512

# Token kinds (a public vocabulary of the Python API, like finding codes: add, never rename).
BYTE = "byte"  # one byte: values=(b,)
BYTES = "bytes"  # a sequence of bytes: values=(b0, b1, ...)
STATUS_WORD = "status_word"  # ISO 7816 SW1SW2: values=(sw1, sw2)
OPENSSL_ERROR = "openssl_error"  # values=(packed code,); see OpenSSLCode
PCSC_ERROR = "pcsc_error"  # values=(32-bit code,)
ERRNO = "errno"  # values=(errno,)
WORD16 = "word16"  # a bare 4-hex-digit value that is not a plausible status word: values=(hi, lo)
CODE32 = "code32"  # an 8-hex-digit value that is neither OpenSSL nor PC/SC: values=(code,)
NAMED_VALUE = "named_value"  # the value printed after a PKCS#11 constant's name, "CKR_PIN_LOCKED (0xa4)": values=(value,)

#: Words that label the value that follows them; the label helps domains ("got" vs "expected").
LABELS = (
    "resp", "response", "reply", "answer", "got", "received", "recv", "read", "byte", "char",
    "expected", "expect", "sent", "send", "wrote", "status", "sw", "sw1", "sw2", "error", "code",
    "head", "ack", "nack", "value", "result", "rx", "tx", "data", "echo", "returned",
)

#: Labels after which a bare two-digit value is a byte ("got 68", "resp 15").
BYTE_LABELS = frozenset({"resp", "response", "reply", "answer", "got", "received", "recv", "read", "byte", "char", "expected", "expect", "sent", "send", "wrote", "head", "ack", "nack", "rx", "tx", "data", "echo", "returned"})

_HEX = "0-9A-Fa-f"


@record(frozen=True)
class Token:
    kind: str
    values: tuple[int, ...]
    text: str  # the exact characters it was read from
    start: int
    end: int
    notation: str  # "0x", "h-suffix", "\\x", "spaced-hex", "bare-hex", "decimal-array", "sw", "bytes-literal"...
    label: str = ""  # the lower-case word just before the value (see LABELS), or ""

    @property
    def hex(self) -> str:
        if self.kind in (OPENSSL_ERROR, PCSC_ERROR, CODE32):
            return f"{self.values[0]:08X}"
        if self.kind == ERRNO:
            return str(self.values[0])
        return " ".join(f"{v:02X}" for v in self.values)


@record(frozen=True)
class OpenSSLCode:
    """An OpenSSL packed error code decoded by the rules of both major layouts."""

    code: int
    layout: str  # "3.x" (lib<<23 | reason) or "1.x" (lib<<24 | func<<12 | reason)
    lib: int
    func: int | None
    reason: int

    @property
    def alert(self) -> int | None:
        """The TLS alert received, when reason = 1000 + alert (SSL_AD_REASON_OFFSET)."""
        return self.reason - 1000 if 1000 <= self.reason < 1256 else None


def decode_openssl(code: int) -> OpenSSLCode | None:
    """Decode an OpenSSL error code, or None when it fits neither layout's SSL library.

    OpenSSL >= 3.0 packs ``lib << 23 | reason`` (reason in 23 bits, SSL lib = 20 → 0x0A......);
    <= 1.1.1 packs ``lib << 24 | func << 12 | reason`` (SSL lib = 20 → 0x14......). Source:
    openssl include/openssl/err.h (ERR_PACK), facts/knowledge.md §3.3.
    """
    if code >> 23 == 20 and code & 0x7FFFFF < 0x10000:
        return OpenSSLCode(code, "3.x", 20, None, code & 0x7FFFFF)
    if code >> 24 == 0x14:
        return OpenSSLCode(code, "1.x", 20, (code >> 12) & 0xFFF, code & 0xFFF)
    # OpenSSL 3 system errors carry ERR_SYSTEM_FLAG (bit 31) and the errno: 8000006F = errno 111.
    if code & 0x80000000 and not is_pcsc_code(code) and code & 0x7FFFFFFF < 0x1000:
        return OpenSSLCode(code, "3.x-system", 2, None, code & 0x7FFFFFFF)
    # Other OpenSSL 3 libraries seen in TLS failures: X509 (11), BIO (32).
    if code >> 23 in (11, 32) and code & 0x7FFFFF < 0x10000:
        return OpenSSLCode(code, "3.x", code >> 23, None, code & 0x7FFFFF)
    return None


def is_pcsc_code(code: int) -> bool:
    """SCARD_E_* / SCARD_W_* / SCARD_F_* / SCARD_P_* live in 0x8010xxxx (pcsclite.h, winerror.h)."""
    return code >> 16 == 0x8010


@record
class ParsedInput:
    text: str  # the (possibly truncated) text that was parsed
    tokens: list[Token] = field(default_factory=list)
    truncated: bool = False

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(re.findall(r"[a-z][a-z0-9_\-/]*", self.lower))

    def of_kind(self, *kinds: str) -> list[Token]:
        return [t for t in self.tokens if t.kind in kinds]

    @cached_property
    def byte_values(self) -> list[int]:
        """Every byte value the text names, in order (bytes of status words included last)."""
        out: list[int] = []
        for t in self.tokens:
            if t.kind in (BYTE, BYTES):
                out.extend(t.values)
        return out

    @property
    def first_byte(self) -> int | None:
        """The most salient single byte: a labelled 'got/resp' byte first, else the first byte."""
        for t in self.tokens:
            if t.kind in (BYTE, BYTES) and t.label in ("resp", "response", "reply", "got", "received", "read", "head"):
                return t.values[0]
        for t in self.tokens:
            if t.kind in (BYTE, BYTES) and t.label not in ("expected", "expect", "sent", "send", "wrote"):
                return t.values[0]
        return None

    @property
    def is_bare_value(self) -> bool:
        """True when the input is nothing but values (``0x68``, ``68 81``, ``6881``): no context."""
        rest = self.text
        for t in sorted(self.tokens, key=lambda t: -t.start):
            rest = rest[: t.start] + rest[t.end :]
        return not re.search(r"[A-Za-z]{2,}", rest)

    def has(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.text, re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Scanners, most specific first; each claims a span so later ones do not read it twice.

#: "=", ":" or nothing between a name and its value, with bounded blanks: two unbounded blank runs
#: around an optional separator made a failed match quadratic in the length of a run of blanks
#: (seconds for 8 KB of tabs after "sw1"; found by the ReDoS scan in tests/core/test_regex_bounds.py)
_EQ = r"\s{0,8}(?:[=:]\s{0,8})?"

_SW_PATTERNS = (
    # sw1=0x68 sw2=0x81 / SW1: 68, SW2: 81 / sw1 = 104, sw2 = 129 (decimal from some stacks)
    (
        rf"\bsw1{_EQ}(?P<a>0x[{_HEX}]{{1,2}}|[{_HEX}]{{2}}h?|\d{{1,3}})\b[\s,;/]{{0,8}}(?:and\s{{1,8}})?"
        rf"sw2{_EQ}(?P<b>0x[{_HEX}]{{1,2}}|[{_HEX}]{{2}}h?|\d{{1,3}})\b"
    ),
    # SW1SW2: 6A 82 / SW1/SW2 = 6A/82 / SW1-SW2 6A82
    (
        rf"\bsw1\s{{0,4}}(?:[/\-]\s{{0,4}})?sw2{_EQ}(?:0x)?(?P<a>[{_HEX}]{{2}})[\s/:,]{{0,6}}(?:0x)?(?P<b>[{_HEX}]{{2}})\b"
    ),
    # SW=6881, SW: 0x6881, sw 6A 82, status word 6982, StatusWord=0x9000, "SW: 68 81", (SW=6D00)
    (
        rf"\b(?:sw|status[\s_-]?word|statusword|status){_EQ}(?:0x)?(?P<a>[{_HEX}]{{2}})[\s:]?(?P<b>[{_HEX}]{{2}})\b"
    ),
)

_OPENSSL_CTX = rf"\berror:(?P<c>[{_HEX}]{{8}})\b"
_ERRNO = r"\b(?:errno\s*[=:]?\s*|\[errno\s+|error\s+code\s*[=:]?\s*|os\s+error\s+)(?P<n>-?\d{1,5})\b"
_PY_ARRAY = r"\b(?:array\(\s*'[bBhH]'\s*,\s*)?\[(?P<l>\s*\d{1,3}(?:\s*,\s*\d{1,3}){0,63}\s*,?\s*)\]\)?"
# Each character has one reading (a backslash always starts an escape), so a literal without its
# closing quote fails in linear time: with "\\\\" readable both as one escape and as two printable
# characters, 30 backslashes took seconds (found by fuzz/run.py textparse).
_PY_BYTES = r"""\bb(?P<q>['"])(?P<s>(?:\\x[0-9A-Fa-f]{2}|\\[ -wy-~]|[ -\[\]-~])*?)(?P=q)"""
_ESC_HEX = rf"(?:\\x[{_HEX}]{{2}})+"
#: a PKCS#11 constant's name followed by its value: "CKR_PIN_LOCKED (0xa4)", "rv = CKR_DATA_INVALID (0x20)"
_PKCS11_VALUE = r"\bCK[RMAOKFUS]_[A-Z0-9_]+\s*[(:=]?\s*(?P<v>0x[0-9A-Fa-f]{1,8}|\d{1,10})\b\)?"
_0X = rf"\b0x(?P<h>[{_HEX}]+)\b"
_H_SUFFIX = rf"\b(?P<h>[{_HEX}]{{1,2}})h\b"
_SPACED = rf"(?<![\w.:])(?P<s>[{_HEX}]{{2}}(?:[ :,\-][{_HEX}]{{2}})+)(?![\w.])"
_BARE = rf"(?<![\w.\-:/])(?P<h>[{_HEX}]{{2}}|[{_HEX}]{{4}}|[{_HEX}]{{6}}|[{_HEX}]{{8}})(?![\w.\-/])"
_HRESULT = r"(?<![\w.])-21464\d{5}\b"  # PC/SC codes printed as signed 32-bit decimals (pyscard, .NET)
_LONG_HEX = rf"(?<![\w.\-:/])(?P<h>(?:[{_HEX}]{{2}}){{5,256}})(?![\w.\-/])"
_LABEL_PAT = r"([A-Za-z][A-Za-z0-9_]*)\W{0,4}$"
_ENGLISH_HEXLIKE = frozenset({"be", "ad", "de", "fa", "ca", "bad", "add", "dead", "beef", "face", "cafe", "fade", "deaf", "bead", "feed", "decade", "facade", "acce", "ac", "dc", "ab", "cd", "ed"})


def _label_before(text: str, start: int) -> str:
    m = rx(_LABEL_PAT, 0).search(text[max(0, start - 24) : start])
    if not m:
        return ""
    word = m.group(1).lower()
    return word if word in LABELS else ""


def _claimed(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def _num(s: str) -> int:
    s = s.strip().lower()
    if s.startswith("0x"):
        return int(s[2:], 16)
    if s.endswith("h"):
        return int(s[:-1], 16)
    if len(s) == 2 and re.fullmatch(r"[0-9a-f]{2}", s) and not s.isdigit():
        return int(s, 16)
    if len(s) == 2 and s.isdigit():
        return int(s, 16)  # two digits after sw1= are hex by convention (SW1=68)
    return int(s, 10) if s.isdigit() else int(s, 16)


def _is_sw(sw1: int) -> bool:
    return 0x61 <= sw1 <= 0x6F or 0x90 <= sw1 <= 0x9F


def parse(text: str) -> ParsedInput:
    """Parse free text; never raises. See the module docstring for the notations read."""
    if not isinstance(text, str):
        text = str(text)
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = text[:MAX_CHARS]
    out = ParsedInput(text=text, truncated=truncated)
    spans: list[tuple[int, int]] = []
    toks = out.tokens

    def add(kind: str, values: tuple[int, ...], m_start: int, m_end: int, notation: str) -> None:
        if len(toks) >= MAX_TOKENS or not values:
            return
        toks.append(
            Token(kind, values, text[m_start:m_end], m_start, m_end, notation, _label_before(text, m_start))
        )
        spans.append((m_start, m_end))

    # "CKR_SIGNATURE_INVALID (0xc0)": the number is the constant's value, not a byte that arrived;
    # claimed first so no domain reads it as a reply (a TLS record type, an SW1...).
    for m in rx(_PKCS11_VALUE, 0).finditer(text) if "CK" in text else ():  # the names are upper case; no compile otherwise
        value = int(m.group("v"), 16) if m.group("v").lower().startswith("0x") else int(m.group("v"))
        if value <= 0xFFFFFFFF:
            add(NAMED_VALUE, (value,), m.start("v"), m.end("v"), "pkcs11-name")

    for pat in _SW_PATTERNS:
        for m in rx(pat).finditer(text):
            if _claimed(spans, m.start(), m.end()):
                continue
            try:
                a, b = _num(m.group("a")), _num(m.group("b"))
            except ValueError:
                continue
            if a <= 0xFF and b <= 0xFF:
                add(STATUS_WORD, (a, b), m.start(), m.end(), "sw")

    for m in rx(_OPENSSL_CTX).finditer(text):
        code = int(m.group("c"), 16)
        if not _claimed(spans, m.start("c"), m.end("c")):
            kind = PCSC_ERROR if is_pcsc_code(code) else OPENSSL_ERROR
            add(kind, (code,), m.start("c"), m.end("c"), "openssl-error")

    for m in rx(_ERRNO).finditer(text):
        if not _claimed(spans, m.start("n"), m.end("n")):
            add(ERRNO, (int(m.group("n")),), m.start("n"), m.end("n"), "errno")  # may be negative (EAI_*)

    for m in rx(_PY_BYTES).finditer(text):
        if _claimed(spans, m.start(), m.end()):
            continue
        try:
            import ast  # only for b"..." literals: keeps the parser cheap to import

            val = ast.literal_eval("b" + m.group("q") + m.group("s") + m.group("q"))
        except (ValueError, SyntaxError, MemoryError):
            continue
        if isinstance(val, bytes) and val:
            add(BYTES if len(val) > 1 else BYTE, tuple(val), m.start(), m.end(), "bytes-literal")

    for m in rx(_PY_ARRAY).finditer(text):
        if _claimed(spans, m.start(), m.end()):
            continue
        vals = tuple(int(x) for x in re.findall(r"\d+", m.group("l")))
        if vals and all(v <= 255 for v in vals) and ("array(" in m.group(0) or len(vals) >= 1):
            # A bare "[160]" is only read as bytes when labelled or in an array(); "[1]" in prose is noise.
            if "array(" in m.group(0) or _label_before(text, m.start()):
                add(BYTES if len(vals) > 1 else BYTE, vals, m.start(), m.end(), "decimal-array")

    for m in rx(_HRESULT).finditer(text):
        code = int(m.group(0)) & 0xFFFFFFFF
        if is_pcsc_code(code) and not _claimed(spans, m.start(), m.end()):
            add(PCSC_ERROR, (code,), m.start(), m.end(), "signed-decimal")

    for m in rx(_LONG_HEX).finditer(text):
        h = m.group("h")
        if _claimed(spans, m.start(), m.end()) or not any(c.isdigit() for c in h):
            continue
        if h.isdigit() and not _label_before(text, m.start()):
            continue  # a long decimal number (a timestamp, a serial number), not bytes
        add(BYTES, tuple(int(h[i : i + 2], 16) for i in range(0, len(h), 2)), m.start(), m.end(), "hex-run")

    for m in rx(_ESC_HEX).finditer(text):
        if not _claimed(spans, m.start(), m.end()):
            vals = tuple(int(x, 16) for x in re.findall(rf"\\x([{_HEX}]{{2}})", m.group(0)))
            add(BYTES if len(vals) > 1 else BYTE, vals, m.start(), m.end(), "\\x")

    for m in rx(_0X).finditer(text):
        if _claimed(spans, m.start(), m.end()):
            continue
        h = m.group("h")
        _classify_hex(h, "0x", m.start(), m.end(), add, text)

    for m in rx(_H_SUFFIX).finditer(text):
        if not _claimed(spans, m.start(), m.end()) and re.search(r"\d", m.group("h") + "0"):
            add(BYTE, (int(m.group("h"), 16),), m.start(), m.end(), "h-suffix")

    for m in rx(_SPACED).finditer(text):
        if _claimed(spans, m.start(), m.end()):
            continue
        run, run_start = _after_timestamp(m.group("s"), m.start())
        parts = re.split(r"[ :,\-]", run)
        if len(parts) < 2 or not _plausible_hex_run(parts, text, run_start) or (_clock_or_date(run, parts) and len(run) < len(text.strip())):
            continue
        vals = tuple(int(p, 16) for p in parts)
        if len(vals) == 2 and _is_sw(vals[0]) and _smells_like_card(text):
            add(STATUS_WORD, vals, run_start, m.end(), "spaced-hex")
        else:
            add(BYTES, vals, run_start, m.end(), "spaced-hex")

    for m in rx(_BARE).finditer(text):
        if _claimed(spans, m.start(), m.end()):
            continue
        h = m.group("h")
        if h.lower() in _ENGLISH_HEXLIKE or (h.isalpha() and not h.isupper()):
            continue
        if len(h) == 2:
            # A bare two-digit value is a byte only if labelled ("got 68") or if the input is short.
            if not (_label_before(text, m.start()) or len(text.strip()) <= 8):
                continue
            if h.isdigit() and _label_before(text, m.start()) not in BYTE_LABELS and len(text.strip()) > 2:
                continue  # "(22, 'Invalid argument')": a decimal number labelled "error" is no byte
        elif h.isdigit() and len(h) in (4, 6, 8) and not _looks_hexish_context(text, m.start(), h):
            continue  # years, ports, counts: decimal in prose
        _classify_hex(h, "bare-hex", m.start(), m.end(), add, text)

    toks.sort(key=lambda t: t.start)
    return out


def _looks_hexish_context(text: str, start: int, h: str) -> bool:
    """A digits-only 4/8-char word is read as hex only when the input is just that value or a
    status-word/code context surrounds it (``6881``, ``9000``, ``SW 6A82``, ``error 80100069``)."""
    if len(text.strip()) <= 12:
        return True
    if len(h) == 4 and _is_sw(int(h[:2], 16)) and _smells_like_card(text):
        return True
    if len(h) == 8 and (is_pcsc_code(int(h, 16)) or decode_openssl(int(h, 16))):
        return True
    return bool(_label_before(text, start))


def _smells_like_card(text: str) -> bool:
    return bool(re.search(r"\b(sw|apdu|card|select|reader|pcsc|pc/sc|applet|iso\s*7816|status)", text, re.I))


def _after_timestamp(run: str, start: int) -> tuple[str, int]:
    """The part of a run after a log timestamp glued to it ("10:23:45 68 04 07" -> "68 04 07").

    A run that mixes separators holds a date or time of day ("2023-04-03 16:54:27", "16:54")
    before the space-separated dump; the dump starts after the first space that follows the last
    ':' or '-'. A run with one separator is returned whole."""
    seps = [(i, c) for i, c in enumerate(run) if c in " :,-"]
    if len({c for _, c in seps}) <= 1:
        return run, start
    last = max(i for i, c in seps if c != " ")
    cut = next((i for i, c in seps if i > last and c == " "), None)
    if cut is None:
        return "", start + len(run)
    return run[cut + 1 :], start + cut + 1


def _clock_or_date(run: str, parts: list[str]) -> bool:
    """A log timestamp is not bytes: "04-03 16:54" (mixed separators, from "2023-04-03 16:54:27")
    or "16:54:27" (an all-decimal time of day). Hex dumps keep one separator throughout."""
    if len(set(re.findall(r"[ :,\-]", run))) > 1:
        return True
    if ":" in run and len(parts) in (2, 3) and all(p.isdigit() for p in parts):
        return int(parts[0]) < 24 and all(int(p) < 60 for p in parts[1:])
    return False


def _plausible_hex_run(parts: list[str], text: str, start: int) -> bool:
    """Reject English words and decimal lists that merely look like hex ("be ad", "10, 20")."""
    joined = "".join(parts)
    if len(" ".join(parts)) >= len(text.strip()) - 1:
        return True  # the whole input is the run: the user pasted bytes ("AA AB", "5F F5")
    has_digit = any(c.isdigit() for c in joined)
    has_letter = any(c.isalpha() for c in joined)
    if not has_digit:
        # all letters: accept only upper-case runs of 3+ ("AF FA DE") or a labelled run
        return (joined.isupper() and len(parts) >= 3) or bool(_label_before(text, start))
    if not has_letter and "," in text[start : start + 3 * len(parts)]:
        return False  # "10, 20, 30" is a decimal list
    if any(p.lower() in _ENGLISH_HEXLIKE for p in parts) and not joined.isupper():
        return False
    return True


def _classify_hex(h: str, notation: str, s: int, e: int, add, text: str) -> None:  # type: ignore[no-untyped-def]
    h = h.lstrip("0") if len(h) > 8 else h
    try:
        v = int(h, 16)
    except ValueError:
        return
    n = len(h)
    if n <= 2:
        add(BYTE, (v,), s, e, notation)
    elif n <= 4:
        if n <= 3 and notation == "0x":
            add(BYTE if v <= 0xFF else WORD16, (v,) if v <= 0xFF else (v >> 8, v & 0xFF), s, e, notation)
            return
        hi, lo = v >> 8, v & 0xFF
        add(STATUS_WORD if _is_sw(hi) else WORD16, (hi, lo), s, e, notation)
    elif n <= 8:
        if is_pcsc_code(v):
            add(PCSC_ERROR, (v,), s, e, notation)
        elif n >= 7 and decode_openssl(v):
            add(OPENSSL_ERROR, (v,), s, e, notation)
        elif n == 6:
            add(BYTES, (v >> 16, (v >> 8) & 0xFF, v & 0xFF), s, e, notation)
        else:
            add(CODE32, (v,), s, e, notation)
