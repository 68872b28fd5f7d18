"""Fix templates: one fixes table per domain, filled with the values of the case at hand.

Why: explain and probe emit the same codes and must give the same advice (issue 13, "one home
per concept"). A domain keeps ONE table ``code -> (Fix, ...)`` in its ``fixes.py``; a fix that
needs a value names it as a placeholder (``{host}``, ``{port}``, ``{sni}``, ``{url}``, ``{aia}``).
The probe fills them from its target; explain fills them from what the pasted text shows (a URL,
``host:port``, ``host='x', port=443``) and, when the text shows nothing, from readable defaults
(``HOST``, ``PORT``). Only the known placeholder names are replaced, so braces in snippets (an
nginx block, a Go struct literal) need no escaping.

Pure and light: on the explain path (no typing, no I/O).
"""

from __future__ import annotations

from .knowledge.table import rx
from .model import Fix, Snippet

#: placeholder -> the text shown when the case does not supply the value
DEFAULTS: dict[str, str] = {
    "host": "HOST",
    "port": "PORT",
    "sni": "HOST",
    "url": "https://HOST:PORT/",
    "aia": "AIA-URL",
}


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with every known placeholder replaced; unknown braces stay as written.
    Plain replaces, no regex: filling runs for every finding of every explain."""
    if "{" not in text:
        return text
    for name, default in DEFAULTS.items():
        ph = "{" + name + "}"
        if ph in text:
            text = text.replace(ph, values.get(name) or default)
    return text


def fill_fix(fix: Fix, values: dict[str, str]) -> Fix:
    if "{" not in fix.summary and "{" not in fix.command and not any("{" in sn.code for sn in fix.snippets):
        return fix  # nothing to fill: share the table's object
    return Fix(fill(fix.summary, values), fix.side, fill(fix.command, values), tuple(Snippet(s.stack, fill(s.code, values)) for s in fix.snippets))


_FILLED: dict[tuple, tuple[dict, tuple[Fix, ...]]] = {}  # type: ignore[type-arg]
_FILLED_MAX = 4096


def fixes_from(table: dict[str, tuple[Fix, ...]], code: str, values: dict[str, str] | None = None) -> list[Fix]:
    """The fixes of ``code`` from one domain's table, placeholders filled (defaults where unknown).

    Filled fixes are kept per (table, code, values) when the values are a plain dict: analyze
    asks for the same code with the same host for many connections of one capture, and a Fix
    is immutable, so the filled objects can be shared (bounded: the memo starts over when full)."""
    vals = {} if values is None else values
    if vals.__class__ is not dict:
        return [fill_fix(f, vals) for f in table.get(code, ())]
    key = (id(table), code, *vals.items())
    hit = _FILLED.get(key)
    if hit is not None and hit[0] is table:  # the table itself is kept, so its id is not reused
        return list(hit[1])
    if len(_FILLED) >= _FILLED_MAX:
        _FILLED.clear()
    got = tuple(fill_fix(f, vals) for f in table.get(code, ()))
    _FILLED[key] = (table, got)
    return list(got)


class Bound:
    """A domain's table bound to one case: ``get(code, default)`` like a dict, filled on demand
    (``matching.findings_from_hits`` takes it where it took a plain dict). The values are read
    from the text only when a fix is first asked for, so a domain with no finding pays nothing."""

    __slots__ = ("table", "text", "_values")

    def __init__(self, table: dict[str, tuple[Fix, ...]], text: str) -> None:
        self.table = table
        self.text = text
        self._values: dict[str, str] | None = None

    @property
    def values(self) -> dict[str, str]:
        if self._values is None:
            self._values = values_from_text(self.text)
        return self._values

    def get(self, code: str, default: object = None) -> list[Fix]:
        if code not in self.table:
            return list(default or [])  # type: ignore[call-overload]
        return fixes_from(self.table, code, _Lazy(self))  # type: ignore[arg-type]


class _Lazy:
    """The values of a Bound, read from its text only when a placeholder asks for one."""

    __slots__ = ("bound",)

    def __init__(self, bound: Bound) -> None:
        self.bound = bound

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.bound.values.get(name, default)


_URL = r"\b(?:https?|wss?|tls|ftps|ldaps|smtps|imaps)://(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9][A-Za-z0-9.-]{0,252})(?::(\d{1,5}))?"
_PYHOST = r"host='([A-Za-z0-9][A-Za-z0-9.-]{0,252})', port=(\d{1,5})"
_HOSTPORT = r"\b((?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z][A-Za-z0-9-]{0,62}|(?:\d{1,3}\.){3}\d{1,3}):(\d{2,5})\b"


def values_from_text(text: str) -> dict[str, str]:
    """host, port, sni and url as the text shows them: a URL first, then urllib3's
    ``host='x', port=N``, then a bare ``name:port``. Empty when the text names no peer."""
    text = text[:65536]
    if ":" not in text:  # every form below has one; spares the regexes for "0x68"
        return {}
    host = port = scheme = ""
    m = rx(_URL, 0).search(text) if "://" in text else None
    if m:
        host, port = m.group(1), m.group(2) or ""
        scheme = m.group(0).split(":", 1)[0].lower()
    else:
        m = (rx(_PYHOST, 0).search(text) if "host='" in text else None) or rx(_HOSTPORT, 0).search(text)
        if m:
            host, port = m.group(1), m.group(2)
    if not host:
        return {}
    if not port:
        port = "80" if scheme in ("http", "ws") else "443"
    out = {"host": host, "port": port, "url": f"https://{host}:{port}/"}
    if not host[:1].isdigit() and not host.startswith("["):
        out["sni"] = host
    return out


def fixes_for_code(code: str, values: dict[str, str] | None = None) -> list[Fix]:
    """The fixes of any code, from the table of the domain the code names (``tls.x`` -> the tls
    domain's ``fixes.FIXES``). For verbs that emit codes of several domains (the TLS probe also
    reports ``net.*`` and ``http.*``): each code keeps its own domain's advice."""
    import importlib

    from .registry import DOMAINS

    domain = code.split(".", 1)[0]
    spec = next((d for d in DOMAINS if d.name == domain), None)
    if spec is None:
        return []
    try:
        mod = importlib.import_module(spec.package + ".fixes")
    except ModuleNotFoundError as e:
        if e.name != spec.package + ".fixes":
            raise
        return []
    return fixes_from(mod.FIXES, code, values)
