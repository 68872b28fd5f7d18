#!/usr/bin/env bash
# Install handshake-doctor into ./.venv, idempotently.
#   bash scripts/install.sh          the tool itself (system: python3-venv) + `hsdoctor` in .venv/bin
#   bash scripts/install.sh --test   also every system package the tests need (scripts/apt/*.txt)
#                                    and the Python test extras
# Safe to run again: installs only what is missing. Needs root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi

lists=(scripts/apt/base.txt)
if [ "$want_test" = 1 ]; then lists=(scripts/apt/*.txt); fi
missing=()
for pkg in $(grep -hv '^\s*#' "${lists[@]}" | tr -s ' \n' '\n' | sort -u); do
  [ -n "$pkg" ] || continue
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install.sh: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Services some packages start on install (pcscd, nginx, the negotiate lab's servers) are not wanted:
# tests start their own, on free loopback ports.
for svc in nginx pcscd postgresql mariadb redis-server mosquitto slapd dovecot vsftpd; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    "${sudo_cmd[@]}" systemctl stop "$svc" || true
  fi
done

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.hsdoctor-installed
# Every probe's libraries by default: pcsc:// needs pyscard, built from source against
# libpcsclite-dev with swig (scripts/apt/base.txt installs both).
extras="[smartcard]"
[ "$want_test" = 1 ] && extras="[test,smartcard]"
key="$(cat pyproject.toml | sha256sum | cut -c1-16)$extras"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$key" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  if ! .venv/bin/python -m pip install -q -e ".$extras"; then
    # the tool itself still installs; say exactly what is missing and how to add it
    .venv/bin/python -m pip install -q -e "."
    echo "install.sh: pyscard could not be built, so probe pcsc:// will not run. Fix with:" >&2
    echo "  apt-get install -y libpcsclite-dev swig python3-dev build-essential && .venv/bin/python -m pip install 'pyscard>=2.0'" >&2
    key="$(cat pyproject.toml | sha256sum | cut -c1-16)"
  fi
  echo "$key" > "$stamp"
fi
# An editable install leaves our sources uncompiled; byte-compile them as a regular install does
# (start-up time matters: bench/cold_start.py), also where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -m compileall -q src >/dev/null || true
