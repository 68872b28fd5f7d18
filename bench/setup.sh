#!/usr/bin/env bash
# Install the benchmark anchors, idempotently: testssl.sh (Debian, via scripts/install.sh --test)
# and sslyze in its own venv (it pins cryptography<47, which would downgrade the project's).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
if [ ! -x bench/.venv-sslyze/bin/sslyze ]; then
  "${PYTHON:-python3}" -m venv bench/.venv-sslyze
  bench/.venv-sslyze/bin/pip install -q sslyze
fi
