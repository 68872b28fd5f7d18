"""The ALPN lab: real servers on 127.0.0.1 that negotiate (or refuse, or ignore) h2 and http/1.1.

Reuses the TLS probe lab's parts (tests/tls_probe/lab.py: free ports from the OS, nginx from its
own prefix in a temp dir, ``openssl s_server``, the PKI made at test time). Used by the tests and
by bench/alpn.py, so both judge the very same peers.

- nginx with ``listen ... ssl http2`` (Debian 12's nginx 1.22 predates ``http2 on;``): h2 and http/1.1;
- nginx without http2: http/1.1 only; a client offering only h2 gets alert 120 (observed);
- ``openssl s_server -www -alpn h2``: h2 only; a client offering only http/1.1 gets alert 120
  (observed); a client that gets h2 finds no HTTP/2 behind it (s_server answers HTTP/1.0 only);
- ``openssl s_server -www`` without ``-alpn``: ignores ALPN (no extension in its reply);
- a Python peer whose TLS 1.2 ServerHello selects ``spdy/3``, which no client offered.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (tls_probe is a package there)

from tls_probe import lab_peers  # noqa: E402
from tls_probe.lab import _spawn, _stop, free_port, wait_listening  # noqa: E402
from tls_probe.lab_certs import LabPki, build  # noqa: E402

H = "127.0.0.1"


@dataclass(frozen=True)
class Scenario:
    name: str
    port_key: str
    alpn: str  # the --alpn value ('' = the default offer h2,http/1.1)
    expect: str  # the code findings[0] must carry
    selected: str | None  # what the server selects (None: nothing, or the handshake fails)
    #: what openssl s_client / curl are asked to offer in the bench (the same client wish)
    note: str = ""


SCENARIOS = (
    Scenario("h2_server_default", "nginx_h2", "", "tls.ok", "h2", "nginx with http2: h2 selected"),
    Scenario("h2_server_insists_h2", "nginx_h2", "h2", "tls.ok", "h2", "a gRPC-style client insisting on h2, served"),
    Scenario("h2_server_http1_client", "nginx_h2", "http/1.1", "tls.ok", "http/1.1", "an HTTP/1.1 client on an h2 server: healthy"),
    Scenario("http1_server_default", "nginx_http1", "", "tls.ok", "http/1.1", "nginx without http2: http/1.1 selected, the client allows it"),
    Scenario("http1_server_insists_h2", "nginx_http1", "h2", "tls.no_common_alpn", None, "client insists on h2, nginx without http2: alert 120"),
    Scenario("h2_only_http1_client", "s_server_h2", "http/1.1", "tls.no_common_alpn", None, "h2-only server, HTTP/1.1-only client: alert 120"),
    # openssl s_server selects h2 when told to, but it is no HTTP/2 server: the preface goes unanswered
    Scenario("h2_selected_not_spoken", "s_server_h2", "", "tls.h2_not_spoken", "h2", "s_server -www -alpn h2: h2 selected, then no SETTINGS"),
    Scenario("ignores_alpn_insists_h2", "s_server_noalpn", "h2", "tls.alpn_required_not_selected", None, "server ignores ALPN, client insists on h2"),
    Scenario("ignores_alpn_default", "s_server_noalpn", "", "tls.ok", None, "server ignores ALPN, the client falls back to HTTP/1.1"),
    Scenario("unoffered_selected", "liar", "", "tls.alpn_unoffered_selected", "spdy/3", "a ServerHello selecting spdy/3, never offered"),
)


@dataclass
class Lab:
    pki: LabPki
    ports: dict[str, int] = field(default_factory=dict)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    py: list[object] = field(default_factory=list)
    logs: dict[str, Path] = field(default_factory=dict)

    @property
    def ca(self) -> str:
        return str(self.pki["root"])

    def url(self, s: Scenario) -> str:
        return f"https://{H}:{self.ports[s.port_key]}/"


def _nginx_conf(prefix: Path, pki: LabPki, ports: dict[str, int]) -> str:
    temp = "".join(f"  {t}_temp_path {prefix}/{t};\n" for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    ok = 'return 200 "hello from the alpn lab\\n";'

    def server(port: int, listen_extra: str) -> str:
        return (f"  server {{ listen {H}:{port} ssl{listen_extra}; server_name _;\n"
                f"    ssl_certificate {pki['good_full']}; ssl_certificate_key {pki['good_key']};\n"
                f"    location / {{ {ok} }} }}\n")

    return (
        f"daemon off;\nmaster_process off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log info;\n"
        "events { worker_connections 256; }\n"
        "http {\n  access_log " + f"{prefix}/access.log" + ";\n  default_type text/plain;\n  ssl_protocols TLSv1.2 TLSv1.3;\n" + temp
        + server(ports["nginx_h2"], " http2") + server(ports["nginx_http1"], "") + "}\n"
    )


def _liar(conn: socket.socket, stop: threading.Event) -> None:
    """A TLS 1.2 ServerHello whose ALPN extension selects 'spdy/3' (never offered), then silence."""
    conn.settimeout(2.0)
    try:
        hello = conn.recv(65536)
    except OSError:
        return
    if not hello or hello[0] != 22:
        return
    name = b"spdy/3"
    alpn = struct.pack("!HH", 16, len(name) + 3) + struct.pack("!HB", len(name) + 1, len(name)) + name
    ext = b"\xff\x01\x00\x01\x00" + alpn  # renegotiation_info (RFC 5746), ALPN (RFC 7301)
    body = b"\x03\x03" + os.urandom(32) + b"\x00" + struct.pack("!H", 0xC02B) + b"\x00" + struct.pack("!H", len(ext)) + ext
    msg = b"\x02" + struct.pack("!I", len(body))[1:] + body
    try:
        conn.sendall(struct.pack("!BHH", 22, 0x0303, len(msg)) + msg)
        stop.wait(1.0)
    except OSError:
        return


@contextlib.contextmanager
def running_lab(workdir: Path) -> Iterator[Lab]:
    pki = build(workdir / "pki")
    lab = Lab(pki)
    try:
        if shutil.which("nginx"):
            prefix = workdir / "nginx"
            prefix.mkdir(parents=True, exist_ok=True)
            ports = {"nginx_h2": free_port(), "nginx_http1": free_port()}
            conf = prefix / "nginx.conf"
            conf.write_text(_nginx_conf(prefix, pki, ports))
            proc = _spawn(["nginx", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")], prefix, prefix / "stdout.log")
            lab.procs.append(proc)
            for p in ports.values():
                wait_listening(p, proc, log=prefix / "stdout.log")
            lab.ports.update(ports)
            lab.logs["nginx_access"] = prefix / "access.log"
        if shutil.which("openssl"):
            d = workdir / "s_server"
            d.mkdir(parents=True, exist_ok=True)
            cert = ["-cert", str(pki["good"]), "-cert_chain", str(pki["inter"]), "-key", str(pki["good_key"])]
            specs = {
                "s_server_h2": ["-quiet", "-www", "-alpn", "h2"],
                "s_server_noalpn": ["-quiet", "-www"],
            }
            for key, extra in specs.items():
                port = free_port()
                log = d / f"{key}.log"
                proc = _spawn(["openssl", "s_server", "-accept", f"{H}:{port}", *cert, *extra], d, log)
                lab.procs.append(proc)
                wait_listening(port, proc, log=log)
                lab.ports[key] = port
                lab.logs[key] = log
        liar = lab_peers.PyPeer("alpn-liar", _liar)
        lab.py.append(liar)
        lab.ports["liar"] = liar.port
        yield lab
    finally:
        for p in lab.procs:
            _stop(p)
        for peer in lab.py:
            peer.stop()  # type: ignore[attr-defined]
