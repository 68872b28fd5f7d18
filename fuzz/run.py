"""Run one fuzz target under atheris (libFuzzer); extra arguments go to libFuzzer.

    .venv/bin/python fuzz/run.py tls_codec -runs=20000 fuzz/seeds/tls_codec
    .venv/bin/python fuzz/run.py explain -max_total_time=600 -dict=fuzz/explain.dict fuzz/seeds/explain

A crash leaves ``crash-<sha1>`` in the working directory and exits non-zero; copy the file into
fuzz/seeds/<target>/ and tests/core/test_fuzz_targets.py replays it from then on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["handshake_doctor"]):
    import targets


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in targets.TARGETS:
        sys.exit(f"usage: run.py TARGET [libFuzzer options] [corpus dirs]; targets: {', '.join(targets.TARGETS)}")
    target = targets.TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
