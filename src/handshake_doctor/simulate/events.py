"""The codec vocabulary, kept under its old name for simulate/'s own modules and old callers.

It moved to :mod:`handshake_doctor.device` (the core), so that domain codecs no longer import
``simulate/`` while ``simulate/`` imports the domains.
"""

from __future__ import annotations

from ..device import ANSWERED, IGNORED, NOTHING, REFUSED, Codec, Command, Output, merge

__all__ = ["ANSWERED", "IGNORED", "NOTHING", "REFUSED", "Codec", "Command", "Output", "merge"]
