"""Run inside a network namespace: a real bulk TLS download captured by tcpdump (bench seed).

Usage (bench/analyze_pcap.py does this): ``ip netns exec NS python bench/bulk_seed.py OUT``
writes OUT/bulk.pcap (and OUT/scenarios.json with the server's port): curl fetching a 24 MB file four times over HTTPS from ``openssl s_server
-WWW`` on 127.0.0.1, captured with ``tcpdump -i lo`` (DLT_EN10MB). The namespace's loopback MTU is
set to 1500 first so the frames have the size of a real Ethernet bulk transfer (the loopback's
default 64 KiB frames would make MB/s meaningless).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ip", "link", "set", "lo", "mtu", "1500", "up"], check=True)
    # no segmentation offload: each captured frame is one wire-sized segment (ethtool is not needed)
    subprocess.run(["ip", "link", "set", "lo", "gso_max_segs", "1", "gso_max_size", "1500"], check=False)
    www = out / "www"
    www.mkdir(exist_ok=True)
    (www / "blob.bin").write_bytes(os.urandom(24 << 20))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=bulk.test", "-days", "2",
                    "-keyout", str(www / "key.pem"), "-out", str(www / "cert.pem")], check=True, capture_output=True, timeout=60)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    pcap = out / "bulk.pcap"
    dump = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "-s", "0", "-w", str(pcap), "tcp"], stderr=subprocess.PIPE)
    time.sleep(1.0)
    srv = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", "cert.pem", "-key", "key.pem", "-WWW", "-quiet"],
                           cwd=www, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(4):
            subprocess.run(["curl", "-sk", "--http1.1", "-o", "/dev/null", f"https://127.0.0.1:{port}/blob.bin"], timeout=120, check=True)
    finally:
        srv.terminate()
        srv.wait(10)
        time.sleep(0.5)
        dump.terminate()
        dump.wait(10)
    (www / "blob.bin").unlink()
    # the port, as the lab's scenarios.json names it (the bench gives tshark -d tcp.port==P,tls)
    (out / "scenarios.json").write_text(json.dumps([{"scenario": "bulk", "port": port}]))
    print(pcap)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
