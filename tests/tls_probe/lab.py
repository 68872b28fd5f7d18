"""The TLS lab: real misconfigured servers on 127.0.0.1, started and stopped as one unit.

Used by the pytest fixtures (conftest.py) and by bench/tls_probe.py, so the benchmark and the
tests judge the probe on the very same peers. nginx runs from its own prefix in a temp dir
(``daemon off; master_process off;``), never the system service; ``openssl s_server`` covers
what nginx cannot (TLS 1.0/1.1 only, anonymous ciphers only, a fatal certificate_required alert).
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

from . import lab_peers as peers
from .lab_certs import LabPki, build


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str
    expect: str  # the root cause the probe must put first
    options: tuple[tuple[str, str], ...] = ()  # extra CLI options, e.g. (("--sni", "x"),)
    hostile: bool = False


@dataclass
class Lab:
    pki: LabPki
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    py: list[object] = field(default_factory=list)

    @property
    def ca(self) -> str:
        return self.pki["root"]

    def add(self, s: Scenario) -> None:
        self.scenarios[s.name] = s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int, proc: subprocess.Popen[bytes] | None, seconds: float = 10.0, log: Path | None = None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-800:] if log and log.exists() else ""
            raise RuntimeError(f"lab server on port {port} exited with {proc.returncode}: {tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"lab server on port {port} not listening after {seconds} s")


def _nginx_conf(prefix: Path, pki: LabPki, ports: dict[str, int]) -> str:
    def tls(port_name: str, cert: str, key: str, body: str, extra: str = "", listen_extra: str = "") -> str:
        return (
            f"  server {{ listen 127.0.0.1:{ports[port_name]} ssl{listen_extra}; server_name _;\n"
            f"    ssl_certificate {pki[cert]}; ssl_certificate_key {pki[key]};\n"
            f"    {extra}\n    location / {{ {body} }} }}\n"
        )

    ok = 'return 200 "hello from the lab\\n";'
    temp = "".join(f"  {t}_temp_path {prefix}/{t};\n" for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"daemon off;\nmaster_process off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n  access_log off;\n  default_type text/plain;\n  ssl_protocols TLSv1.2 TLSv1.3;\n" + temp
        + tls("good", "good_full", "good_key", ok)
        + tls("incomplete", "good", "good_key", ok)
        + tls("incomplete_no_aia", "noaia", "noaia_key", ok)
        + tls("expired", "expired_full", "expired_key", ok)
        + tls("notyet", "notyet_full", "notyet_key", ok)
        + tls("wrongname", "wrong_full", "wrong_key", ok)
        + tls("selfsigned", "self", "self_key", ok)
        + tls("traefik_default", "traefik_default", "traefik_default_key", ok)
        + tls("ingress_fake", "ingress_fake", "ingress_fake_key", ok)
        + tls("untrusted", "untrusted_full", "untrusted_key", ok)
        + tls("redirect", "good_full", "good_key", "return 301 http://good.lab.test/;")
        + tls("nginx_clientcert", "good_full", "good_key", ok, f"ssl_verify_client on; ssl_client_certificate {pki['root']}; ssl_verify_depth 3;")
        + f"  server {{ listen 127.0.0.1:{ports['sni']} ssl default_server; ssl_reject_handshake on; }}\n"
        + tls("sni", "sni_full", "sni_key", ok).replace("server_name _;", "server_name sni.lab.test;")
        + f"  server {{ listen 127.0.0.1:{ports['plain_http']}; location / {{ {ok} }} }}\n"
        + "}\n"
    )


def _spawn(cmd: list[str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    out = open(log, "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(3)
    if proc.stdout:
        proc.stdout.close()
    if proc.stdin:
        proc.stdin.close()


@contextlib.contextmanager
def running_lab(workdir: Path, with_nginx: bool = True, with_openssl: bool = True) -> Iterator[Lab]:
    pki = build(workdir / "pki")
    lab = Lab(pki)
    try:
        if with_nginx and shutil.which("nginx"):
            _start_nginx(lab, workdir)
        if with_openssl and shutil.which("openssl"):
            _start_s_servers(lab, workdir)
        _start_python_peers(lab)
        yield lab
    finally:
        for p in lab.procs:
            _stop(p)
        for peer in lab.py:
            peer.stop()  # type: ignore[attr-defined]


def _start_nginx(lab: Lab, workdir: Path) -> None:
    prefix = workdir / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    names = ("good", "incomplete", "incomplete_no_aia", "expired", "notyet", "wrongname", "selfsigned", "untrusted", "redirect", "nginx_clientcert", "sni", "plain_http", "traefik_default", "ingress_fake")
    ports = {n: free_port() for n in names}
    conf = prefix / "nginx.conf"
    conf.write_text(_nginx_conf(prefix, lab.pki, ports))
    proc = _spawn(["nginx", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")], prefix, prefix / "stdout.log")
    lab.procs.append(proc)
    for p in ports.values():
        wait_listening(p, proc, log=prefix / "stdout.log")
    h = "127.0.0.1"
    add = lab.add
    add(Scenario("good", f"https://{h}:{ports['good']}/", "tls.ok"))
    add(Scenario("good_by_name", f"https://good.lab.test:{ports['good']}/", "tls.ok", (("--ip", h),)))
    add(Scenario("incomplete", f"https://{h}:{ports['incomplete']}/", "tls.chain_incomplete"))
    # issue 13's measured case: leaf only, its issuer an intermediate with no AIA URL
    add(Scenario("incomplete_no_aia", f"https://{h}:{ports['incomplete_no_aia']}/", "tls.chain_incomplete"))
    add(Scenario("expired", f"https://{h}:{ports['expired']}/", "tls.cert_expired"))
    add(Scenario("notyet", f"https://{h}:{ports['notyet']}/", "tls.cert_not_yet_valid"))
    add(Scenario("wrongname", f"https://{h}:{ports['wrongname']}/", "tls.hostname_mismatch"))
    add(Scenario("wrongname_by_name", f"https://good.lab.test:{ports['wrongname']}/", "tls.hostname_mismatch", (("--ip", h),)))
    add(Scenario("selfsigned", f"https://{h}:{ports['selfsigned']}/", "tls.self_signed"))
    add(Scenario("untrusted", f"https://{h}:{ports['untrusted']}/", "tls.untrusted_root"))
    # a proxy's fallback certificate: the routing, not the certificate, is the cause
    add(Scenario("traefik_default", f"https://good.lab.test:{ports['traefik_default']}/", "tls.default_certificate_served", (("--ip", h),)))
    add(Scenario("ingress_fake", f"https://good.lab.test:{ports['ingress_fake']}/", "tls.default_certificate_served", (("--ip", h),)))
    add(Scenario("redirect_http", f"https://{h}:{ports['redirect']}/", "http.redirect_to_http"))
    add(Scenario("nginx_clientcert", f"https://{h}:{ports['nginx_clientcert']}/", "tls.client_cert_required"))
    add(Scenario("sni", f"tls://{h}:{ports['sni']}", "tls.sni_required"))
    add(Scenario("sni_given", f"tls://{h}:{ports['sni']}", "tls.ok", (("--sni", "sni.lab.test"),)))
    add(Scenario("plain_http", f"https://{h}:{ports['plain_http']}/", "tls.plaintext_http"))
    add(Scenario("plain_http_tcp", f"tcp://{h}:{ports['plain_http']}", "tls.plaintext_http"))


def _start_s_servers(lab: Lab, workdir: Path) -> None:
    pki = lab.pki
    d = workdir / "s_server"
    d.mkdir(parents=True, exist_ok=True)
    base = ["openssl", "s_server", "-quiet", "-www"]
    good = ["-cert", pki["good"], "-cert_chain", pki["inter"], "-key", pki["good"].replace(".crt", ".key")]
    specs = {
        # Accepts only TLS 1.0/1.1: modern defaults (TLS 1.2 floor) cannot connect.
        "old_versions": (good + ["-no_tls1_2", "-no_tls1_3", "-cipher", "DEFAULT:@SECLEVEL=0"], "tls.version_mismatch"),
        # Anonymous DH only: no default client offers it (TLS 1.2 has no other suite here).
        "no_shared_cipher": (["-nocert", "-tls1_2", "-cipher", "ADH-AES128-SHA:ADH-AES256-SHA:@SECLEVEL=0"], "tls.no_shared_cipher"),
        # TLS 1.3: handshake completes, then alert 116 certificate_required.
        "clientcert13": (good + ["-Verify", "1", "-CAfile", pki["root"], "-verify_return_error"], "tls.client_cert_required"),
        # TLS 1.2: CertificateRequest, then handshake_failure when the client sends none.
        "clientcert12": (good + ["-tls1_2", "-Verify", "1", "-CAfile", pki["root"], "-verify_return_error"], "tls.client_cert_required"),
    }
    for name, (args, expect) in specs.items():
        port = free_port()
        proc = _spawn(base + ["-accept", f"127.0.0.1:{port}"] + args, d, d / f"{name}.log")
        lab.procs.append(proc)
        wait_listening(port, proc, log=d / f"{name}.log")
        lab.add(Scenario(name, f"tls://127.0.0.1:{port}", expect))
    lab.add(Scenario("clientcert13_given", lab.scenarios["clientcert13"].url, "tls.ok", (("--client-cert", pki["client_bundle"]),)))


def _start_python_peers(lab: Lab) -> None:
    def peer(name: str, handler: peers.Handler) -> int:
        p = peers.PyPeer(name, handler)
        lab.py.append(p)
        return p.port

    h = "127.0.0.1"
    add = lab.add
    ssh = peer("ssh", peers.banner(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"))
    smtp = peer("smtp", peers.banner(b"220 mail.lab.test ESMTP Postfix (Debian/GNU)\r\n"))
    add(Scenario("ssh", f"tls://{h}:{ssh}", "tls.non_tls_service"))
    add(Scenario("smtp", f"https://{h}:{smtp}/", "tls.non_tls_service"))
    add(Scenario("ssh_tcp", f"tcp://{h}:{ssh}", "tls.non_tls_service"))
    add(Scenario("silent", f"tls://{h}:{peer('silent', peers.silent)}", "tls.silent"))
    add(Scenario("reset", f"tls://{h}:{peer('reset', peers.reset_after_hello)}", "tls.reset_after_hello"))
    add(Scenario("closed", f"tls://{h}:{peers.closed_port()}", "net.tcp_refused"))
    fb = peers.FullBacklog()
    lab.py.append(fb)
    add(Scenario("tcp_timeout", f"tls://{h}:{fb.port}", "net.tcp_timeout"))
    add(Scenario("dns", "https://no-such-host.invalid/", "net.dns_unresolved"))
    add(Scenario("slow", f"tls://{h}:{peer('slow', peers.one_byte_per_second)}", "tls.handshake_timeout", hostile=True))
    add(Scenario("flood", f"tls://{h}:{peer('flood', peers.flood)}", "tls.non_tls_service", hostile=True))
    add(Scenario("huge_cert", f"tls://{h}:{peer('huge', peers.huge_certificate)}", "tls.malformed_reply", hostile=True))
    add(Scenario("malformed", f"tls://{h}:{peer('malformed', peers.malformed_records)}", "tls.malformed_reply", hostile=True))
