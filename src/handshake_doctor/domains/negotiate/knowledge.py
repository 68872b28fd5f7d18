"""Knowledge tables of the `negotiate` domain, listed for the source checks (every row has one)."""

from __future__ import annotations

from .identify import FINGERPRINTS
from .schemes import SCHEMES

TABLES = (SCHEMES, FINGERPRINTS)
