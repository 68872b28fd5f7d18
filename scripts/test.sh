#!/usr/bin/env bash
# Run the whole test suite: installs what the tests need (idempotent), then pytest.
# HSDOCTOR_REQUIRE_PEERS=1 (set by .ci/run) turns "peer program missing" skips into failures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
exec .venv/bin/python -m pytest -q "$@"
