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
            # device judges and the core's device vocabulary: transcripts in, findings out
            or path.name in ("handshake.py", "active_judge.py", "rate_rank.py") or path.name.endswith("_handshake.py")
            or (len(rel.parts) == 1 and path.name in ("device.py", "device_knowledge.py", "ascii.py", "framing.py", "transcript.py", "assemble.py"))
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


# ------------------------------------------------------------------ arrows between areas
#: Cross-domain imports that remain: the TLS family (http, net and database read TLS facts; negotiate runs the TLS checklist over an upgraded connection), the
#: coordinator's part of issue 13. Every other domain imports only the core.
ALLOWED_CROSS_DOMAIN = {("database", "tls"), ("http", "tls"), ("net", "tls"), ("negotiate", "tls")}


def _area(parts: tuple[str, ...] | list[str]) -> str | None:
    """"domains/<top>" or "simulate" for a module path under handshake_doctor, else None (core)."""
    if len(parts) >= 2 and parts[0] == "domains":
        return "domains/" + parts[1]
    if parts and parts[0] == "simulate":
        return "simulate"
    return None


def _imported_modules(path: Path) -> list[list[str]]:
    """Every handshake_doctor module ``path`` imports, as parts below the package (resolved)."""
    rel = path.relative_to(SRC).with_suffix("").parts
    pkg = list(rel[:-1])
    out: list[list[str]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - (node.level - 1)] if node.level > 1 else list(pkg)
                if node.module:
                    out.append(base + node.module.split("."))
                else:
                    out += [base + [a.name] for a in node.names]
            elif node.module and node.module.split(".")[0] == "handshake_doctor":
                out.append(node.module.split(".")[1:])
        elif isinstance(node, ast.Import):
            out += [a.name.split(".")[1:] for a in node.names if a.name.split(".")[0] == "handshake_doctor"]
    return out


def _arrows() -> dict[tuple[str, str], list[str]]:
    arrows: dict[tuple[str, str], list[str]] = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).parts
        here = _area(rel)
        if here is None:
            continue
        for mod in _imported_modules(path):
            there = _area(mod)
            if there is not None and there != here:
                arrows.setdefault((here, there), []).append(str(path.relative_to(SRC)))
    return arrows


def test_no_domain_imports_simulate() -> None:
    """Codecs speak the core's device vocabulary (device.py); simulate/ drives the domains, never
    the other way round."""
    bad = {k: v for k, v in _arrows().items() if k[0].startswith("domains/") and k[1] == "simulate"}
    assert not bad, bad


def test_no_arrow_runs_back_up_between_domains() -> None:
    """A domain imports only the core (and the TLS family reads tls/): what several domains share
    lives in the core (device.py, device_knowledge.py, ascii.py, framing.py), devices are found
    through the registry's device table, not by importing them."""
    arrows = _arrows()
    cross = {k: v for k, v in arrows.items() if k[0].startswith("domains/") and k[1].startswith("domains/")}
    bad = {k: v for k, v in cross.items() if (k[0].split("/")[1], k[1].split("/")[1]) not in ALLOWED_CROSS_DOMAIN}
    assert not bad, bad
    cycles = [(a, b) for (a, b) in arrows if (b, a) in arrows]
    assert not cycles, {c: arrows[c] for c in cycles}


def test_the_arrows_are_seen() -> None:
    """The import walk finds real arrows (simulate/ drives the domains), so the tests above can fail."""
    arrows = _arrows()
    assert ("simulate", "domains/bootloaders") in arrows and ("domains/http", "domains/tls") in arrows


def test_every_serial_device_is_in_the_device_table() -> None:
    """Each device's handshake module is listed in the registry (the serial search knows no device
    by name), declares its requests' plans and judges; --expect offers exactly those."""
    from handshake_doctor import registry
    from handshake_doctor.device import SerialDevice

    modules = {str(p.relative_to(SRC).with_suffix("")).replace("/", ".") for p in SRC.rglob("*handshake.py")}
    listed = {m.removeprefix("handshake_doctor.") for m in registry.device_modules().values()}
    assert modules == listed, (modules, listed)
    for dev in registry.serial_devices():
        assert isinstance(dev, SerialDevice) and dev.plans and callable(dev.judge)
    search = (SRC / "domains" / "serial" / "probe_active.py").read_text()
    for name in ("bootloaders", "meter", "stm32", "mbus"):
        assert f"import {name}" not in search and f".{name}." not in search, name
