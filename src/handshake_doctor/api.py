"""The probe entry of the Python API: the same parser the CLI uses, filled from keywords."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from .errors import ProbeUnavailable, UsageError
from .model import Diagnosis
from .registry import probe_for_scheme


def explain_file(path: str) -> Diagnosis:
    """A log file as the evidence (bounded memory: evidence_text.py)."""
    from .engine import explain_evidence
    from .evidence_text import read_file

    return explain_evidence(read_file(path))


def explain_stream(stream: Any) -> Diagnosis:
    """A binary or text stream as the evidence, read to its end (bounded memory)."""
    from .engine import explain_evidence
    from .evidence_text import read_stream

    return explain_evidence(read_stream(stream))


def probe(target: str, **options: Any) -> Diagnosis:
    import re

    if "://" not in target and re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}", target):
        scheme = ""  # a bare host:port: find out what answers
    elif "://" not in target:
        raise UsageError(f"target {target!r} has no scheme")
    else:
        scheme = target.split("://", 1)[0].lower()
    found = probe_for_scheme(scheme)
    if found is None:
        raise UsageError(f"unknown scheme {scheme!r}")
    spec, module_name = found
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ProbeUnavailable(f"the {spec.name} probe is not available here: {exc}") from None
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--timeout", type=float, default=5.0)
    if hasattr(module, "add_arguments"):
        module.add_arguments(p)
    args = p.parse_args([])
    for key, value in options.items():
        if not hasattr(args, key):
            raise UsageError(f"unknown option {key!r} for {scheme}:// probes")
        setattr(args, key, value)
    args.target = target
    return module.probe(target, args)
