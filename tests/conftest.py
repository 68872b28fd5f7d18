"""Root conftest: the shared fixtures; helpers live in hsd_testing.py (a unique module name)."""

from __future__ import annotations

import pytest

from hsd_testing import ROOT, REQUIRE_PEERS, hsdoctor, require_peer  # noqa: F401  (re-exported)


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return hsdoctor
