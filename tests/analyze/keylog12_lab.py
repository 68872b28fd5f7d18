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

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.analyze import openssl_lab as lab  # noqa: E402

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


def _client(kind: str, action: str, port: int, keylog: Path) -> None:
    if kind == "curl":
        env = dict(os.environ, SSLKEYLOGFILE=str(keylog))
        subprocess.run(["curl", "-sk", "-o", "/dev/null", "--max-time", "4", "--tls-max", "1.2", f"https://127.0.0.1:{port}/"],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=6)
        return
    lab.s_client_session(port, ("-tls1_2",), keylog, action)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    keylog = out / "keylog.txt"
    key, cert = lab.self_signed(out, "tls12.lab.test")
    used: set[int] = set()
    with lab.captured(out, "tls12.pcap") as rows:
        for name, (cipher, flags, kind, action) in PLAN.items():
            port = lab.free_port(used)
            with lab.serving(name, port, ("-tls1_2", "-cipher", cipher, *flags, "-key", str(key), "-cert", str(cert), "-www")) as srv:
                if srv is None:
                    continue
                t0 = time.time()
                _client(kind, action, port, keylog)
                rows.append({"scenario": name, "port": port, "s_server_alive": srv.poll() is None, "cipher": cipher, "etm": "-no_etm" not in flags,
                             "client": kind, "action": action, "t0": t0, "t1": time.time()})
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(Path(sys.argv[1])))
