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

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.analyze import openssl_lab as lab  # noqa: E402

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


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    keylog = out / "keylog.txt"
    key, cert = lab.self_signed(out, "tls10.lab.test")
    used: set[int] = set()
    with lab.captured(out, "tls10.pcap") as rows:
        for name, (proto, flags, action) in PLAN.items():
            port = lab.free_port(used)
            with lab.serving(name, port, (proto, "-cipher", CIPHER, *flags, "-key", str(key), "-cert", str(cert), "-www")) as srv:
                if srv is None:
                    continue
                lab.s_client_session(port, (proto, "-cipher", CIPHER), keylog, action)
                rows.append({"scenario": name, "port": port, "proto": proto, "etm": "-no_etm" not in flags, "action": action})
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(Path(sys.argv[1])))
