"""The explain path stays light: no I/O libraries, no heavy imports (bench/cold_start.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "handshake_doctor"
FORBIDDEN_ON_EXPLAIN = ("cryptography", "OpenSSL", "serial", "smartcard", "rich", "socket", "ssl", "usb", "argparse", "json", "typing")
IO_MODULES = {"socket", "ssl", "serial", "smartcard", "OpenSSL", "usb", "subprocess", "select", "selectors", "threading", "asyncio", "termios", "fcntl", "pty", "time"}


def test_explain_imports_nothing_heavy() -> None:
    code = (
        "import sys\nfrom handshake_doctor.cli import main\n"
        "for t in ['0x68','6881','0A00042E','resp=0x68 avrdude','68 03 03 68 08 01 72 7B 16']:\n"
        "    main(['explain', t])\n"
        f"bad = [m for m in {FORBIDDEN_ON_EXPLAIN!r} if m in sys.modules]\n"
        "print('BAD', bad, file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "BAD []" in r.stderr, r.stderr[-2000:]


def test_pure_modules_import_no_io() -> None:
    """Knowledge, explain and codec modules are sans-I/O: they import no socket/serial/card/time module."""
    checked = 0
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        pure = (
            path.name in ("knowledge.py", "explain.py", "codes.py", "codec.py", "line.py", "atr.py", "protocol.py", "fixes.py", "wire.py", "matching.py")
            or path.name.startswith("sim_")
            or (rel.parts[:2] == ("domains", "meter") and path.name in ("mbus.py", "dlt645.py", "iec104.py", "framing.py"))
            or rel.parts[0] in ("knowledge",)
            or path.name in ("textparse.py", "engine.py", "model.py", "context.py", "record.py", "codes.py")
            or path.name in ("evidence_text.py", "spotting.py", "concepts.py")  # issue 12: the log reader, declarations, concepts
        )
        if not pure:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module.split(".")[0]]
            bad = set(names) & IO_MODULES
            assert not bad or (path.name == "engine.py" and bad == {"time"}), f"{rel} imports {bad}"
        checked += 1
    assert checked >= 40
