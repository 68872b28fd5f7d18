"""``--format prometheus``: a node_exporter textfile of what the scan found, per endpoint.

Why these metrics: operations teams alert on causes, not on "probe failed". Per endpoint:
the root-cause code (``hsdoctor_scan_root_cause{cause=...} 1``), the days to certificate
expiry (also when verification failed), whether the default handshake succeeded and whether
the endpoint is healthy; plus counts by cause. Written to a temporary file in the same
directory and renamed over the target, so the textfile collector never reads half a file.
Format: https://prometheus.io/docs/instrumenting/exposition_formats/ (text format 0.0.4).
"""

from __future__ import annotations

import os
import tempfile
import time
from typing import Any, Callable, Iterable, TextIO

from .summary import Summary

PREFIX = "hsdoctor_scan_"


def _label(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _num(v: float) -> str:
    return repr(float(v)) if v == v else "NaN"


def write(out: TextIO, records: Callable[[], Iterable[dict[str, Any]]], summary: Summary, now: float | None = None) -> None:
    """``records`` is called once per metric family (each a stream over the store): memory stays flat."""
    families: list[tuple[str, str, Callable[[dict[str, Any]], tuple[str, float] | None]]] = [
        ("root_cause", "The endpoint's root cause (finding code) as a label; always 1",
         lambda s: (f'cause="{_label(s.get("cause") or "probe_error")}",severity="{_label(s.get("severity") or "error")}"', 1.0)),
        ("healthy", "1 when the endpoint's diagnosis is healthy (severity ok or info)", lambda s: ("", 1.0 if s.get("healthy") else 0.0)),
        ("handshake_success", "1 when the default TLS handshake completed", lambda s: ("", 1.0 if s.get("handshake_ok") else 0.0)),
        ("cert_days_left", "Days until the server certificate expires (negative: expired); also when verification failed",
         lambda s: None if s.get("cert_days_left") is None else ("", float(s["cert_days_left"]))),
        ("probe_seconds", "Time the endpoint's probe took", lambda s: ("", float(s.get("elapsed_ms") or 0) / 1000.0)),
    ]
    for name, help_text, value in families:
        out.write(f"# HELP {PREFIX}{name} {help_text}\n# TYPE {PREFIX}{name} gauge\n")
        for rec in records():
            scan = rec.get("scan") or {}
            v = value(scan)
            if v is None:
                continue
            extra, number = v
            labels = f'target="{_label(scan.get("target", ""))}"' + ("," + extra if extra else "")
            out.write(f"{PREFIX}{name}{{{labels}}} {_num(number)}\n")
    out.write(f"# HELP {PREFIX}endpoints Endpoints by root cause\n# TYPE {PREFIX}endpoints gauge\n")
    for cause, n in sorted(summary.by_cause.items()):
        out.write(f'{PREFIX}endpoints{{cause="{_label(cause)}"}} {n}\n')
    out.write(f"# HELP {PREFIX}last_run_timestamp_seconds When the scan finished\n# TYPE {PREFIX}last_run_timestamp_seconds gauge\n")
    out.write(f"{PREFIX}last_run_timestamp_seconds {_num(time.time() if now is None else now)}\n")


def write_atomic(path: str, render: Callable[[TextIO], None]) -> None:
    """Render into a temporary file beside ``path``, fsync, then rename it over ``path``."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".hsdoctor-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            render(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
