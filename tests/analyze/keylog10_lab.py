"""Run inside a network namespace: tcpdump on its loopback while ``openssl s_client -tls1`` /
``-tls1_1`` (-keylogfile) meets ``openssl s_server -tls1`` / ``-tls1_1 -cipher
'AES128-SHA:@SECLEVEL=0'`` (OpenSSL 3 refuses TLS 1.0/1.1 at its default security level 1;
at level 0 both peers speak them: observed with OpenSSL 3.0.19).

Usage (tests/analyze/test_keylog10.py does this): ``ip netns exec NS python keylog10_lab.py OUT``
writes OUT/tls10.pcap, OUT/keylog.txt and OUT/scenarios.json, as keylog12_lab.py does.

The real alerts after ChangeCipherSpec: the client asks to renegotiate ("R" on s_client's
stdin) and the OpenSSL 3 server refuses with a no_renegotiation alert, encrypted; a plain GET
ends with each side's close_notify, encrypted too. Both record layouts are met: MAC-then-encrypt
(-no_etm) and encrypt-then-MAC (OpenSSL's default, RFC 7366 also applies to TLS 1.0/1.1).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.analyze import live_dump  # noqa: E402
from tests.analyze.keylog12_lab import _free_port, _wait_output  # noqa: E402

CIPHER = "AES128-SHA:@SECLEVEL=0"
#: scenario -> (protocol flag, extra s_server flags, client action)
PLAN: dict[str, tuple[str, tuple[str, ...], str]] = {
    "tls1_reneg_mte": ("-tls1", ("-no_etm",), "renegotiate"),
    "tls1_reneg_etm": ("-tls1", (), "renegotiate"),
    "tls1_get_mte": ("-tls1", ("-no_etm",), "get"),
    "tls11_reneg_mte": ("-tls1_1", ("-no_etm",), "renegotiate"),
    "tls11_reneg_etm": ("-tls1_1", (), "renegotiate"),
    "tls11_get_etm": ("-tls1_1", (), "get"),
}


def _client(proto: str, action: str, port: int, keylog: Path) -> None:
    cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", proto, "-cipher", CIPHER, "-keylogfile", str(keylog)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert p.stdin is not None
    try:
        _wait_output(p, b"Verify return code", 8.0)
        p.stdin.write(b"R\n" if action == "renegotiate" else b"GET / HTTP/1.0\r\n\r\n")
        p.stdin.flush()
        time.sleep(0.5)
        p.stdin.close()
        p.wait(5)
    except (subprocess.TimeoutExpired, BrokenPipeError):
        p.kill()
        p.wait(5)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    keylog = out / "keylog.txt"
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    key, cert = out / "key.pem", out / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                    "-subj", "/CN=tls10.lab.test"], check=True, capture_output=True, timeout=60)
    dump = live_dump.start("lo", out / "tls10.pcap")
    if dump is None:
        return 3
    rows = []
    used: set[int] = set()
    try:
        for name, (proto, flags, action) in PLAN.items():
            port = _free_port(used)
            srv = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", proto, "-cipher", CIPHER, *flags, "-key", str(key),
                                    "-cert", str(cert), "-www", "-naccept", "1"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
            try:
                if not _wait_output(srv, b"ACCEPT", 8.0):
                    srv.kill()
                    print(f"{name}: s_server did not start: {srv.communicate(timeout=5)[1][-500:]!r}", file=sys.stderr)
                    continue
                _client(proto, action, port, keylog)
                rows.append({"scenario": name, "port": port, "proto": proto, "etm": "-no_etm" not in flags, "action": action})
            finally:
                srv.terminate()
                try:
                    srv.wait(5)
                except subprocess.TimeoutExpired:
                    srv.kill()
                    srv.wait(5)
    finally:
        last_words = live_dump.stop(dump, out / "tls10.pcap")
    (out / "scenarios.json").write_text(json.dumps(rows, indent=1))
    (out / "tcpdump.json").write_text(json.dumps({"rc": dump.returncode, "stderr": last_words}))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(Path(sys.argv[1])))
