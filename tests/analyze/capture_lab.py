"""Run inside a network namespace: tcpdump on its loopback while real clients meet the TLS lab.

Usage (tests/analyze/netns.py does this): ``ip netns exec NS python -m tests.analyze.capture_lab OUT``
writes OUT/lab.pcap (tcpdump -w, the Linux loopback: DLT_EN10MB) and OUT/scenarios.json (each
scenario's server port, the client that ran, and the cause the capture must show first).

Why a namespace: the capture then holds only these connections, and nothing in the test can
reach beyond 127.0.0.1 of a loopback that exists only for the test. The servers are the TLS
probe lab's (tests/tls_probe/lab.py: nginx, openssl s_server, Python peers); the clients are
curl, openssl s_client and Python's ssl module, run with a bounded timeout each.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from tests.analyze import live_dump  # noqa: E402
from tests.tls_probe.lab import running_lab  # noqa: E402

# scenario -> (client, TLS at most, what the capture must show first). The capture sees what the
# probe cannot (who refused) and not what it can (the HTTP redirect inside TLS), so the causes
# are the capture's: e.g. no_shared_cipher is a bare handshake_failure after the hello, judged as
# tls.handshake_failed with the hypotheses ranked (the capture does not say which parameter).
PLAN: dict[str, tuple[str, str, str]] = {
    "good": ("curl", "1.2", "tls.ok"),
    "incomplete": ("curl", "1.2", "tls.chain_incomplete"),
    "incomplete_no_aia": ("curl", "1.2", "tls.chain_incomplete"),
    "expired": ("curl", "1.2", "tls.cert_expired"),
    "notyet": ("curl", "1.2", "tls.cert_not_yet_valid"),
    "wrongname": ("curl", "1.2", "tls.hostname_mismatch"),
    "selfsigned": ("curl", "1.2", "tls.self_signed"),
    "untrusted": ("curl", "1.2", "tls.untrusted_root"),
    "traefik_default": ("curl", "1.2", "tls.default_certificate_served"),
    "ingress_fake": ("python", "1.2", "tls.default_certificate_served"),
    "nginx_clientcert": ("curl", "1.2", "tls.client_cert_required"),
    "sni": ("curl", "1.2", "tls.unrecognized_name"),
    "plain_http": ("curl", "1.2", "tls.plaintext_http"),
    "old_versions": ("s_client", "", "tls.version_mismatch"),
    "no_shared_cipher": ("s_client", "1.2", "tls.handshake_failed"),
    "clientcert12": ("s_client", "1.2", "tls.client_cert_required"),
    "clientcert13": ("s_client", "1.3", "tls.client_cert_required"),
    "ssh": ("s_client", "", "tls.non_tls_service"),
    "smtp": ("curl", "", "tls.non_tls_service"),
    "silent": ("s_client", "", "tls.silent"),
    "reset": ("s_client", "", "tls.reset_after_hello"),
    "closed": ("s_client", "", "net.tcp_refused"),
    "tcp_timeout": ("s_client", "", "net.tcp_timeout"),
    "malformed": ("s_client", "", "tls.malformed_reply"),
    # the same certificate problems seen by another client (Python's ssl module)
    "expired:py": ("python", "1.2", "tls.cert_expired"),
    "selfsigned:py": ("python", "1.2", "tls.self_signed"),
    # TLS 1.3: the certificate is encrypted; the client's encrypted alert is what shows
    "selfsigned:13": ("curl", "1.3", "tls.peer_rejected_certificate"),
    "expired:13": ("curl", "1.3", "tls.cert_expired"),  # OpenSSL sends this alert in plaintext
}
#: with the key log (curl's SSLKEYLOGFILE, s_client -keylogfile) the TLS 1.3 handshakes decrypt
#: and show what the certificate or the alert really was
WITH_KEYLOG = {"selfsigned:13": "tls.self_signed", "expired:13": "tls.cert_expired", "clientcert13": "tls.client_cert_required", "good": "tls.ok"}
NAME = "good.lab.test"


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


def _run(cmd: list[str], seconds: float, stdin: bytes = b"", env: dict[str, str] | None = None) -> int:
    try:
        return subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=seconds, env=env).returncode
    except subprocess.TimeoutExpired:
        return -9


KEYLOG = ""


def client(kind: str, tls_max: str, port: int, ca: str, scheme: str) -> None:
    env = dict(os.environ, SSLKEYLOGFILE=KEYLOG) if KEYLOG else None
    if kind == "curl":
        cmd = ["curl", "-s", "-o", "/dev/null", "--max-time", "4", "--cacert", ca, "--resolve", f"{NAME}:{port}:127.0.0.1"]
        if tls_max == "1.2":
            cmd += ["--tls-max", "1.2"]
        elif tls_max == "1.3":
            cmd += ["--tlsv1.3"]
        _run(cmd + [f"https://{NAME}:{port}/"], 6, env=env)
    elif kind == "s_client":
        cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", NAME, "-CAfile", ca, "-verify_return_error"]
        if KEYLOG:
            cmd += ["-keylogfile", KEYLOG]
        if tls_max == "1.2":
            cmd.append("-tls1_2")
        elif tls_max == "1.3":
            cmd.append("-tls1_3")
        _run(cmd, 3.0, b"GET / HTTP/1.0\r\n\r\n")
    elif kind == "python":
        ctx = ssl.create_default_context(cafile=ca)
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=3) as s, ctx.wrap_socket(s, server_hostname=NAME) as t:
                t.sendall(b"GET / HTTP/1.0\r\n\r\n")
                t.recv(100)
        except (OSError, ssl.SSLError):
            pass


def main(out: Path) -> int:
    global KEYLOG
    out.mkdir(parents=True, exist_ok=True)
    KEYLOG = str(out / "keylog.txt")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    pcap = out / "lab.pcap"
    dump = live_dump.start("lo", pcap)
    if dump is None:
        print("tcpdump did not start on lo", file=sys.stderr)
        return 3
    # "-i any" writes Linux cooked v2 (LINKTYPE_LINUX_SLL2) with tcpdump >= 4.99
    dump_any = live_dump.start("any", out / "lab-any.pcap")
    if dump_any is None:
        live_dump.stop(dump, pcap, wait=False)
        print("tcpdump did not start on any", file=sys.stderr)
        return 3
    rows = []
    try:
        with running_lab(out / "lab") as lab:
            for key, (kind, tls_max, expect) in PLAN.items():
                name = key.split(":", 1)[0]
                s = lab.scenarios.get(name)
                if s is None:
                    continue
                port = _port(s.url)
                t0 = time.time()
                client(kind, tls_max, port, lab.ca, s.url.split(":", 1)[0])
                rows.append({"scenario": key, "port": port, "client": kind, "tls_max": tls_max, "expect": expect,
                             "t0": t0, "t1": time.time()})
                time.sleep(0.05)
            time.sleep(0.5)
    finally:
        live_dump.settle(out / "lab-any.pcap")
        for d, f in ((dump, pcap), (dump_any, out / "lab-any.pcap")):
            live_dump.stop(d, f)
    (out / "scenarios.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(Path(sys.argv[1])))
