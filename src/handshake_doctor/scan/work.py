"""The per-target work of a scan, the same on every engine: one full probe, one JSON record.

Why one function for all engines: the local threads and the Dask workers must give the same
finding for the same endpoint, so both call :func:`diagnose_one` (Dask through
:func:`diagnose_batch`). It calls the probe only through the public entry
(``handshake_doctor.api.probe``) and adds the scan's fields under the ``scan`` key of the
Diagnosis document (docs/JSON.md: an addition).

Shared work per process (a worker): one DNS resolution per host name (the address is handed to
the probe as its ``ip`` option, so SNI and verification still use the name), and the option
sets each probe accepts are read once per scheme.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import ipaddress
import socket
import threading
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

#: how long past its own deadline a probe may run before the scan stops waiting for it
GRACE_S = 2.0
DNS_CACHE_MAX = 65536


@dataclass(frozen=True)
class WorkOptions:
    """What every target of a scan is probed with (picklable: it travels to Dask workers)."""

    timeout: float = 5.0
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    share_dns: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=64)
def accepted_options(scheme: str) -> frozenset[str]:
    """The keyword options the probe of this scheme takes (its own ``add_arguments``)."""
    from ..registry import probe_for_scheme

    found = probe_for_scheme(scheme)
    if found is None:
        return frozenset()
    try:
        module = importlib.import_module(found[1])
    except ImportError:
        return frozenset()
    p = argparse.ArgumentParser(add_help=False)
    if hasattr(module, "add_arguments"):
        module.add_arguments(p)
    return frozenset(a.dest for a in p._actions) | {"timeout"}  # noqa: SLF001 - argparse has no public list


class _DnsCache:
    """One resolution per host name per process; failures are not cached (the probe reports them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, str] = {}
        self._pending: dict[str, threading.Event] = {}

    def address(self, host: str, timeout: float) -> str | None:
        with self._lock:
            if host in self._known:
                return self._known[host]
            ev = self._pending.get(host)
            mine = ev is None
            if mine:
                ev = self._pending[host] = threading.Event()
        assert ev is not None
        if not mine:
            ev.wait(timeout)
            with self._lock:
                return self._known.get(host)
        try:
            addr = _resolve(host, timeout)
            with self._lock:
                if addr is not None:
                    if len(self._known) >= DNS_CACHE_MAX:
                        self._known.clear()
                    self._known[host] = addr
            return addr
        finally:
            with self._lock:
                self._pending.pop(host, None)
            ev.set()


def _resolve(host: str, timeout: float) -> str | None:
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["r"] = socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            pass

    th = threading.Thread(target=work, daemon=True, name="hsdoctor-scan-dns")
    th.start()
    th.join(timeout)
    infos = box.get("r") or []
    return str(infos[0][4][0]) if infos else None


DNS = _DnsCache()


def _host_of(target: str) -> str | None:
    try:
        host = urlsplit(target).hostname
    except ValueError:
        return None
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        return host


def probe_kwargs(target: str, opts: WorkOptions) -> dict[str, Any]:
    scheme = target.split("://", 1)[0].lower()
    accepted = accepted_options(scheme)
    kw: dict[str, Any] = {"timeout": opts.timeout}
    for name in ("ca_file", "client_cert", "client_key"):
        value = getattr(opts, name)
        if value is not None and name in accepted:
            kw[name] = value
    if opts.share_dns and "ip" in accepted:
        host = _host_of(target)
        if host is not None:
            addr = DNS.address(host, min(2.0, opts.timeout * 0.5))
            if addr is not None:
                kw["ip"] = addr
    return kw


def _days_left(not_after: str | None, now: dt.datetime) -> float | None:
    if not not_after:
        return None
    try:
        when = dt.datetime.fromisoformat(not_after)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return round((when - now).total_seconds() / 86400.0, 2)


def scan_fields(doc: dict[str, Any], target: str, elapsed_ms: float, error: str = "") -> dict[str, Any]:
    """The scan's own fields, read from the Diagnosis document (never from probe internals)."""
    findings = doc.get("findings") or []
    first = findings[0] if findings else {}
    not_after = None
    versions: list[str] | None = None
    for f in findings:
        data = f.get("data") or {}
        not_after = not_after or data.get("cert_not_after") or data.get("not_after")
        if versions is None and isinstance(data.get("accepted_versions"), list):
            versions = [str(v) for v in data["accepted_versions"]]
    if versions is None:
        for s in doc.get("steps") or []:
            if s.get("name") == "TLS versions" and str(s.get("detail", "")).startswith("accepted: "):
                text = s["detail"][len("accepted: "):].split(";")[0]
                versions = [] if text.strip() == "none" else [v.strip() for v in text.split(",") if v.strip()]
    severity = first.get("severity") if first else None
    handshake_ok = any(s.get("name", "").startswith("TLS handshake (default") and s.get("status") == "ran"
                       for s in doc.get("steps") or [])
    return {
        "target": target,
        "cause": first.get("code") if first else None,
        "severity": severity,
        "summary": first.get("summary", "") if first else "",
        "healthy": bool(first) and severity in ("ok", "info") and not error,
        "handshake_ok": handshake_ok,
        "cert_not_after": not_after,
        "cert_days_left": _days_left(not_after, dt.datetime.now(dt.timezone.utc)),
        "tls_versions": versions,
        "elapsed_ms": round(elapsed_ms, 1),
        "error": error,
    }


def _error_record(target: str, elapsed_ms: float, error: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema": "handshake-doctor/1", "verb": "probe", "input": target, "target": target,
                           "domains": [], "findings": [], "questions": [], "notes": [error], "steps": [], "exit_code": 3}
    doc["scan"] = scan_fields(doc, target, elapsed_ms, error)
    return doc


def diagnose_one(target: str, opts: WorkOptions) -> dict[str, Any]:
    """The Diagnosis document of one target plus its ``scan`` fields; never raises.

    The probe runs on its own daemon thread and is waited for at most its deadline plus
    GRACE_S: the probe keeps its own deadline, and this is the scan's guarantee that no
    endpoint holds a worker longer, whatever happens inside.
    """
    from ..errors import HsdoctorError

    t0 = time.monotonic()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            from ..api import probe

            box["doc"] = probe(target, **probe_kwargs(target, opts)).to_dict()
        except HsdoctorError as exc:
            box["error"] = str(exc)
        except Exception as exc:  # noqa: BLE001 - one endpoint's bug must not end the scan
            box["error"] = f"internal error: {type(exc).__name__}: {exc}"

    th = threading.Thread(target=work, daemon=True, name="hsdoctor-scan-probe")
    th.start()
    th.join(opts.timeout + GRACE_S + (2.0 if opts.share_dns else 0.0))
    ms = (time.monotonic() - t0) * 1000
    if th.is_alive():
        return _error_record(target, ms, f"the probe did not end within its deadline ({opts.timeout:g} s) plus {GRACE_S:g} s")
    if "doc" not in box:
        return _error_record(target, ms, box.get("error", "the probe ended without a result"))
    doc = box["doc"]
    doc["scan"] = scan_fields(doc, target, ms)
    return doc


def diagnose_batch(targets: list[str], opts: dict[str, Any], parallel: int = 8) -> list[dict[str, Any]]:
    """A Dask task: a batch of targets probed side by side (they mostly wait on sockets)."""
    o = WorkOptions(**opts)
    out: list[dict[str, Any] | None] = [None] * len(targets)
    lock = threading.Lock()
    index = iter(range(len(targets)))

    def worker() -> None:
        while True:
            with lock:
                i = next(index, None)
            if i is None:
                return
            out[i] = diagnose_one(targets[i], o)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, min(parallel, len(targets))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for r in out if r is not None]
