"""The fleet lab: N endpoints on several loopback addresses, each with its known root cause.

Real peers: two nginx instances with many ``listen`` ports each (the certificate and HTTP
causes), openssl s_server instances (what nginx cannot do: TLS 1.0/1.1 only, anonymous ciphers,
client certificates), one asyncio server for the non-TLS and hostile endpoints (hostile.py),
closed ports, a full accept queue and names that cannot resolve. Certificates are made at test
time by the TLS lab's own helpers (tests/tls_probe/lab_certs.py), and processes are started and
stopped by its helpers (lab.py).

The mix is realistic: about 60 % healthy, the rest spread over every cause the TLS lab has.
Used by tests/scan and by bench/scan_fleet.py, so both judge the same peers.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from tls_probe import lab_peers
from tls_probe.lab import _spawn, _stop
from tls_probe.lab_certs import LabPki, build

from .hostile import BEHAVIOURS, HostileServer

NGINX_ADDRS = ("127.0.0.2", "127.0.0.3")
OK_BODY = 'return 200 "hello from the fleet\\n";'

# kind: (certificate, key, location body, extra server directives, scheme, root cause)
NGINX_KINDS: dict[str, tuple[str, str, str, str, str, str]] = {
    "good_https": ("good_full", "good_key", OK_BODY, "", "https", "tls.ok"),
    "good_tls": ("good_full", "good_key", OK_BODY, "", "tls", "tls.ok"),
    "incomplete": ("good", "good_key", OK_BODY, "", "https", "tls.chain_incomplete"),
    "expired": ("expired_full", "expired_key", OK_BODY, "", "https", "tls.cert_expired"),
    "notyet": ("notyet_full", "notyet_key", OK_BODY, "", "https", "tls.cert_not_yet_valid"),
    "wrongname": ("wrong_full", "wrong_key", OK_BODY, "", "https", "tls.hostname_mismatch"),
    "selfsigned": ("self", "self_key", OK_BODY, "", "https", "tls.self_signed"),
    "untrusted": ("untrusted_full", "untrusted_key", OK_BODY, "", "https", "tls.untrusted_root"),
    "redirect": ("good_full", "good_key", "return 301 http://good.lab.test/;", "", "https", "http.redirect_to_http"),
    "clientcert": ("good_full", "good_key", OK_BODY, "ssl_verify_client on; ssl_client_certificate {root}; ssl_verify_depth 3;",
                   "https", "tls.client_cert_required"),
    "sni": ("", "", "", "", "tls", "tls.sni_required"),  # ssl_reject_handshake for the default server
    "plain_http": ("", "", OK_BODY, "", "https", "tls.plaintext_http"),
}
# name: (s_server options, root cause); {good} is the good certificate with its chain and key
S_SERVER_KINDS: dict[str, tuple[list[str], str]] = {
    "old_versions": (["{good}", "-no_tls1_2", "-no_tls1_3", "-cipher", "DEFAULT:@SECLEVEL=0"], "tls.version_mismatch"),
    "no_shared_cipher": (["-nocert", "-tls1_2", "-cipher", "ADH-AES128-SHA:ADH-AES256-SHA:@SECLEVEL=0"], "tls.no_shared_cipher"),
    "clientcert13": (["{good}", "-Verify", "1", "-CAfile", "{root}", "-verify_return_error"], "tls.client_cert_required"),
    "clientcert12": (["{good}", "-tls1_2", "-Verify", "1", "-CAfile", "{root}", "-verify_return_error"], "tls.client_cert_required"),
}
HEALTHY_SHARE = 0.6
S_SERVER_CAP = 6


@dataclass
class Fleet:
    pki: LabPki
    truth: dict[str, str] = field(default_factory=dict)  # target -> root cause
    kind: dict[str, str] = field(default_factory=dict)  # target -> kind name
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    stoppers: list[object] = field(default_factory=list)

    @property
    def ca(self) -> str:
        return self.pki["root"]

    def add(self, target: str, kind: str, cause: str) -> None:
        self.truth[target] = cause
        self.kind[target] = kind

    def write_targets(self, path: Path) -> Path:
        path.write_text("# the fleet lab\n" + "".join(t + "\n" for t in self.truth))
        return path


_USED: set[tuple[str, int]] = set()


def free_port(host: str) -> int:
    """A port free on ``host`` and not handed out before (a closed probe socket's port comes back)."""
    for _ in range(1000):
        with socket.socket() as s:
            s.bind((host, 0))
            port = int(s.getsockname()[1])
        if (host, port) not in _USED:
            _USED.add((host, port))
            return port
    raise RuntimeError(f"no free port on {host}")


def wait_tcp(host: str, port: int, proc: subprocess.Popen[bytes] | None, seconds: float = 180.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"fleet server for {host}:{port} exited with {proc.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"fleet server {host}:{port} not listening after {seconds} s")


class _Closed:
    def __init__(self, host: str) -> None:
        self.sock = socket.socket()
        self.sock.bind((host, 0))
        self.port = int(self.sock.getsockname()[1])

    def stop(self) -> None:
        self.sock.close()


def plan(n: int) -> dict[str, int]:
    """How many endpoints of each kind: 60 % healthy, the rest spread over every cause."""
    failing = [k for k in NGINX_KINDS if not k.startswith("good")] + list(S_SERVER_KINDS) + list(BEHAVIOURS) + [
        "refused", "dns", "tcp_timeout", "localhost_good"]
    healthy = max(2, round(n * HEALTHY_SHARE))
    counts = {k: 0 for k in failing}
    rest = n - healthy
    for i in range(max(rest, len(failing))):
        counts[failing[i % len(failing)]] += 1
    counts["tcp_timeout"] = min(counts["tcp_timeout"], 2)  # each one holds a worker for the whole deadline
    for kind in S_SERVER_KINDS:  # one process per endpoint: a few of each are enough
        counts[kind] = min(counts[kind], S_SERVER_CAP)
    counts["localhost_good"] += 0
    counts["good_https"] = healthy // 2
    counts["good_tls"] = healthy - healthy // 2
    total = sum(counts.values())
    counts["good_https"] += n - total  # exact total (may go below the share for tiny fleets)
    return counts


def _nginx_conf(prefix: Path, pki: LabPki, listens: list[tuple[str, str, int]]) -> str:
    blocks = []
    for kind, host, port in listens:
        cert, key, body, extra, _scheme, _cause = NGINX_KINDS[kind]
        if kind == "sni":
            blocks.append(f"  server {{ listen {host}:{port} ssl default_server; ssl_reject_handshake on; }}\n"
                          f"  server {{ listen {host}:{port} ssl; server_name sni.lab.test; ssl_certificate {pki['sni_full']};"
                          f" ssl_certificate_key {pki['sni_key']}; location / {{ {OK_BODY} }} }}\n")
        elif kind == "plain_http":
            blocks.append(f"  server {{ listen {host}:{port}; location / {{ {body} }} }}\n")
        else:
            blocks.append(f"  server {{ listen {host}:{port} ssl; server_name _; ssl_certificate {pki[cert]}; ssl_certificate_key {pki[key]};"
                          f" {extra.format(root=pki['root'])} location / {{ {body} }} }}\n")
    temp = "".join(f"  {t}_temp_path {prefix}/{t};\n" for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"daemon off;\nmaster_process off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log crit;\n"
            "worker_rlimit_nofile 19000;\nevents { worker_connections 16000; }\n"
            "http {\n  access_log off;\n  default_type text/plain;\n  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_session_cache off;\n"
            + temp + "".join(blocks) + "}\n")


def _raise_fd_limit() -> None:
    """The hostile server's ports live in this process: a big fleet needs more than 1 024 fds."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@contextlib.contextmanager
def running_fleet(workdir: Path, n: int = 200) -> Iterator[Fleet]:
    _raise_fd_limit()
    pki = build(workdir / "pki", tuple(f"127.0.0.{i}" for i in range(2, 9)))
    fleet = Fleet(pki)
    counts = plan(n)
    try:
        _start_nginx(fleet, workdir, counts)
        _start_s_servers(fleet, workdir, counts)
        _start_hostile(fleet, counts)
        yield fleet
    finally:
        for p in fleet.procs:
            _stop(p)
        for s in fleet.stoppers:
            s.stop()  # type: ignore[attr-defined]


def _start_nginx(fleet: Fleet, workdir: Path, counts: dict[str, int]) -> None:
    per_instance: list[list[tuple[str, str, int]]] = [[] for _ in NGINX_ADDRS]
    i = 0
    for kind in NGINX_KINDS:
        for _ in range(counts.get(kind, 0)):
            slot = i % len(NGINX_ADDRS)
            host = NGINX_ADDRS[slot]
            per_instance[slot].append((kind, host, free_port(host)))
            i += 1
    # healthy endpoints by name: one DNS resolution of "localhost" for all of them
    for _ in range(counts.get("localhost_good", 0)):
        per_instance[0].append(("good_https", "127.0.0.1", free_port("127.0.0.1")))
    for slot, listens in enumerate(per_instance):
        if not listens:
            continue
        prefix = workdir / f"nginx{slot}"
        prefix.mkdir(parents=True, exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(_nginx_conf(prefix, fleet.pki, listens))
        proc = _spawn(["nginx", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")], prefix, prefix / "stdout.log")
        fleet.procs.append(proc)
        for kind, host, port in listens:
            wait_tcp(host, port, proc)
            scheme, cause = NGINX_KINDS[kind][4], NGINX_KINDS[kind][5]
            if host == "127.0.0.1":
                fleet.add(f"https://localhost:{port}/", "localhost_good", "tls.ok")
            else:
                fleet.add(f"{scheme}://{host}:{port}" + ("/" if scheme == "https" else ""), kind, cause)


def _start_s_servers(fleet: Fleet, workdir: Path, counts: dict[str, int]) -> None:
    pki = fleet.pki
    d = workdir / "s_server"
    d.mkdir(parents=True, exist_ok=True)
    good = ["-cert", pki["good"], "-cert_chain", pki["inter"], "-key", pki["good_key"]]
    n = 0
    for kind, (args, cause) in S_SERVER_KINDS.items():
        for _ in range(counts.get(kind, 0)):
            host = f"127.0.0.{4 + n % 2}"
            port = free_port(host)
            full: list[str] = []
            for a in args:
                full += good if a == "{good}" else [a.replace("{root}", pki["root"])]
            log = d / f"{kind}-{n}.log"
            proc = _spawn(["openssl", "s_server", "-quiet", "-www", "-naccept", "100000", "-accept", f"{host}:{port}", *full], d, log)
            fleet.procs.append(proc)
            wait_tcp(host, port, proc)
            fleet.add(f"tls://{host}:{port}", kind, cause)
            n += 1


def _start_hostile(fleet: Fleet, counts: dict[str, int]) -> None:
    server = HostileServer()
    fleet.stoppers.append(server)
    n = 0
    for name, (_b, cause) in BEHAVIOURS.items():
        for _ in range(counts.get(name, 0)):
            host = f"127.0.0.{6 + n % 2}"
            port = server.listen(name, host)
            fleet.add(f"tls://{host}:{port}", name, cause)
            n += 1
    for _ in range(counts.get("refused", 0)):
        closed = _Closed("127.0.0.8")  # bound, never listening: a SYN gets a reset; held so no port repeats
        fleet.stoppers.append(closed)
        fleet.add(f"tls://127.0.0.8:{closed.port}", "refused", "net.tcp_refused")
    for i in range(counts.get("dns", 0)):
        fleet.add(f"https://host{i}.no-such-name.invalid/", "dns", "net.dns_unresolved")
    for _ in range(counts.get("tcp_timeout", 0)):
        fb = lab_peers.FullBacklog()
        fleet.stoppers.append(fb)
        fleet.add(f"tls://127.0.0.1:{fb.port}", "tcp_timeout", "net.tcp_timeout")


if __name__ == "__main__":  # a quick look: python -m scan.fleet (from tests/)
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, running_fleet(Path(tmp), int(sys.argv[1]) if len(sys.argv) > 1 else 200) as f:
        print(len(f.truth), "endpoints")
        if shutil.which("sleep"):
            time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 0)
