"""Typed options: what a verb's command line means, as data, instead of argparse.Namespace.

Why: options travelled deep as ``argparse.Namespace`` read with ``getattr(args, name, default)``
in four places, so a typo was a silent default. Each probe declares a frozen dataclass of its own
options that extends :class:`ProbeOptions`; ``from_namespace`` fills it from the parsed command
line (or the Python API's keywords) by field name, once, at the edge.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, TypeVar

from .errors import UsageError

T = TypeVar("T", bound="ProbeOptions")
MAX_TIMEOUT_S = 3600.0


@dataclass(frozen=True)
class ProbeOptions:
    """What every probe takes: the one deadline, and whether a progress line may be shown."""

    timeout: float = 5.0
    #: a progress line on stderr is allowed (a terminal, and not machine-readable output)
    progress: bool = False

    def __post_init__(self) -> None:
        if not (0 < float(self.timeout) <= MAX_TIMEOUT_S):
            raise UsageError(f"--timeout must be between 0 and {MAX_TIMEOUT_S:.0f} seconds")

    @classmethod
    def from_mapping(cls: type[T], values: Mapping[str, Any]) -> T:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})

    @classmethod
    def from_namespace(cls: type[T], ns: Any) -> T:
        """From an argparse Namespace (or any object with attributes), or pass one through."""
        if isinstance(ns, cls):
            return ns
        if isinstance(ns, ProbeOptions):
            return cls.from_mapping(dataclasses.asdict(ns))
        return cls.from_mapping(vars(ns) if hasattr(ns, "__dict__") else dict(ns))
