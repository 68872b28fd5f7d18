"""Run inside a network namespace: tcpdump on its loopback while openssl s_client and curl, with
their key logs, meet ``openssl s_server -tls1_2 -cipher X`` for AEAD and AES-CBC suites.

Usage (tests/analyze/test_keylog12.py does this): ``ip netns exec NS python keylog12_lab.py OUT``
writes OUT/tls12.pcap, OUT/keylog.txt (every client's secrets, SSLKEYLOGFILE format) and
OUT/scenarios.json (each scenario's port, suite, encrypt-then-MAC setting and client).

Why these scenarios: in TLS 1.2 the alerts a capture cannot read are the ones sent after
ChangeCipherSpec. With OpenSSL 3.0 as both peers these are (observed with OpenSSL 3.0.19):
the close_notify each side sends at the end of a session, and the server's no_renegotiation
when a client asks to renegotiate (OpenSSL 3 servers refuse client-initiated renegotiation by
default). A client-certificate rejection is sent before the server's ChangeCipherSpec, so it
is in plaintext and needs no key log.
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

#: scenario -> (s_server -cipher, extra s_server flags, client, client action)
PLAN: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "gcm": ("ECDHE-RSA-AES128-GCM-SHA256", (), "s_client", "get"),
    "gcm256": ("ECDHE-RSA-AES256-GCM-SHA384", (), "s_client", "get"),
    "chacha": ("ECDHE-RSA-CHACHA20-POLY1305", (), "s_client", "get"),
    "cbc_sha_etm": ("ECDHE-RSA-AES128-SHA", (), "s_client", "get"),
    "cbc_sha_mte": ("ECDHE-RSA-AES128-SHA", ("-no_etm",), "s_client", "get"),
    "cbc_sha256_etm": ("AES256-SHA256", (), "s_client", "get"),
    "cbc_sha256_mte": ("ECDHE-RSA-AES128-SHA256", ("-no_etm",), "s_client", "get"),
    "cbc_sha384_mte": ("ECDHE-RSA-AES256-SHA384", ("-no_etm",), "s_client", "get"),
    "cbc_reneg_mte": ("AES128-SHA", ("-no_etm",), "s_client", "renegotiate"),
    "gcm_reneg": ("ECDHE-RSA-AES256-GCM-SHA384", (), "s_client", "renegotiate"),
    "curl_cbc_etm": ("ECDHE-RSA-AES256-SHA", (), "curl", "get"),
    "curl_cbc_mte": ("ECDHE-RSA-AES128-SHA256", ("-no_etm",), "curl", "get"),
}


def _free_port(used: set[int]) -> int:
    """A port the OS gives (bind 0) that no earlier scenario used: the OS may hand one back
    after it was closed, and the test tells the connections apart by their server port."""
    import socket

    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in used:
            used.add(port)
            return port
    raise RuntimeError("no unused port in 50 tries")


def _wait_output(proc: subprocess.Popen, marker: bytes, seconds: float) -> bool:  # type: ignore[type-arg]
    """Read ``proc``'s stdout (raw reads: a buffered readline could hold the line while select
    waits) until ``marker`` shows, bounded in time; what comes later is left unread."""
    import selectors

    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    seen = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end and sel.select(max(0.0, end - time.monotonic())):
        chunk = os.read(proc.stdout.fileno(), 4096)
        seen = (seen + chunk)[-4096:]
        if not chunk or marker in seen:
            return bool(chunk)
    return False


def _client(kind: str, action: str, port: int, keylog: Path) -> None:
    if kind == "curl":
        env = dict(os.environ, SSLKEYLOGFILE=str(keylog))
        subprocess.run(["curl", "-sk", "-o", "/dev/null", "--max-time", "4", "--tls-max", "1.2", f"https://127.0.0.1:{port}/"],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=6)
        return
    cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_2", "-keylogfile", str(keylog)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert p.stdin is not None
    try:
        _wait_output(p, b"Verify return code", 8.0)  # the handshake is done (a loaded machine can take seconds)
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
                    "-subj", "/CN=tls12.lab.test"], check=True, capture_output=True, timeout=60)
    dump = live_dump.start("lo", out / "tls12.pcap")
    if dump is None:
        return 3
    rows = []
    used: set[int] = set()
    try:
        for name, (cipher, flags, kind, action) in PLAN.items():
            port = _free_port(used)
            srv = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-tls1_2", "-cipher", cipher, *flags, "-key", str(key),
                                    "-cert", str(cert), "-www", "-naccept", "1"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
            try:
                if not _wait_output(srv, b"ACCEPT", 8.0):  # s_server listens: no probe connection is captured
                    srv.kill()
                    print(f"{name}: s_server did not start: {srv.communicate(timeout=5)[1][-500:]!r}", file=sys.stderr)
                    continue
                t0 = time.time()
                _client(kind, action, port, keylog)
                alive = {"s_server": srv.poll() is None, "tcpdump": dump.poll() is None}
                rows.append({"scenario": name, "port": port, "alive": alive, "cipher": cipher, "etm": "-no_etm" not in flags, "client": kind,
                             "action": action, "t0": t0, "t1": time.time()})
            finally:
                srv.terminate()
                try:
                    srv.wait(5)
                except subprocess.TimeoutExpired:
                    srv.kill()
                    srv.wait(5)
    finally:
        last_words = live_dump.stop(dump, out / "tls12.pcap")
    (out / "scenarios.json").write_text(json.dumps(rows, indent=1))
    # what tcpdump said at its end ("N packets dropped by kernel") and how it ended
    (out / "tcpdump.json").write_text(json.dumps({"rc": dump.returncode, "stderr": last_words}))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(Path(sys.argv[1])))
