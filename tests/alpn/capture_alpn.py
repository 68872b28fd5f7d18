"""Run inside a network namespace: tcpdump on its loopback while openssl s_client meets the ALPN lab.

Usage (test_analyze_agrees.py does this): ``ip netns exec NS python tests/alpn/capture_alpn.py OUT``
writes OUT/alpn.pcap and OUT/scenarios.json (each connection's server port, what the client
offered and the code the capture must show first). Why a namespace: the capture holds only these
connections, on a loopback that exists only for the test.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alpn.lab import running_lab  # noqa: E402

#: (name, lab port key, s_client -alpn, TLS version flag, the code analyze must put first)
PLAN = (
    ("no_overlap_h2_only_server", "s_server_h2", "http/1.1", "-tls1_3", "tls.no_common_alpn"),
    ("no_overlap_http1_server", "nginx_http1", "h2", "-tls1_2", "tls.no_common_alpn"),
    ("h2_selected", "nginx_h2", "h2,http/1.1", "-tls1_2", "tls.ok"),
    ("unoffered_selected", "liar", "h2,http/1.1", "-tls1_2", "tls.alpn_unoffered_selected"),
)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
    pcap = out / "alpn.pcap"
    dump = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "-s", "0", "-w", str(pcap), "tcp"], stderr=subprocess.PIPE)
    assert dump.stderr is not None
    if b"listening" not in dump.stderr.readline():
        return 3
    rows = []
    try:
        with running_lab(out / "lab") as lab:
            for name, key, offer, version, expect in PLAN:
                port = lab.ports[key]
                t0 = time.time()
                cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "good.lab.test", "-CAfile", lab.ca,
                       "-alpn", offer, version]
                try:
                    subprocess.run(cmd, input=b"", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                rows.append({"scenario": name, "port": port, "offer": offer, "expect": expect, "t0": t0, "t1": time.time()})
                time.sleep(0.05)
            time.sleep(0.5)
    finally:
        dump.send_signal(signal.SIGINT)
        try:
            dump.wait(10)
        except subprocess.TimeoutExpired:
            dump.kill()
    (out / "scenarios.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
