"""Reusable fixes of the `serial` domain, by key (knowledge rows name them).

The table itself is in the core (device_knowledge.SERIAL_FIXES): the boot loader and meter
domains reuse the line's and the port's fixes without importing this domain.
"""

from __future__ import annotations

from ...device_knowledge import MM_RULE, SERIAL_FIXES

__all__ = ["FIXES", "MM_RULE"]

FIXES = SERIAL_FIXES
