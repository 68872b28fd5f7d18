"""Run inside a network namespace: tcpdump on its loopback while ``openssl s_client -tls1_3
-keylogfile`` meets ``openssl s_server -tls1_3`` serving certificates with one problem each
(self-signed, expired, another name, the leaf without its intermediate) or asking for a client
certificate (-Verify 1: required; -verify 1: optional) that the client does not have.

Usage (tests/analyze/test_keylog13.py does this): ``ip netns exec NS python keylog13_lab.py OUT``
writes OUT/tls13.pcap, OUT/keylog.txt and OUT/scenarios.json, as keylog12_lab.py does.

Why: in TLS 1.3 the Certificate, the CertificateRequest and the client's (empty) Certificate are
encrypted; with the key log they must meet the same judges a TLS 1.2 capture's plaintext
Certificate gets. The certificates are made here (openssl req/x509; the expired one with the
``cryptography`` package, which can date a certificate in the past), so each problem is real.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.analyze import openssl_lab as lab  # noqa: E402

NAME = "lab13.test"
#: scenario -> (server certificate, extra s_server flags, extra s_client flags)
PLAN: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "selfsigned_refused": ("self", (), ("-verify_return_error",)),
    "expired_accepted": ("expired", (), ()),
    "expired_refused": ("expired", (), ("-verify_return_error",)),
    "wrongname_accepted": ("leaf", (), ("-servername", "other.test")),
    "wrongname_refused": ("leaf", (), ("-servername", "other.test", "-verify_hostname", "other.test", "-verify_return_error")),
    "leafonly_refused": ("inter_leaf", (), ("-verify_return_error",)),
    "clientcert_required": ("leaf", ("-Verify", "1"), ()),
    "clientcert_optional": ("leaf", ("-verify", "1"), ()),
    "good": ("leaf", (), ("-verify_return_error",)),
}


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)


def make_certs(d: Path) -> None:
    """root CA -> leaf (NAME); root -> intermediate -> inter_leaf (NAME); self-signed (NAME);
    root -> expired leaf (NAME, valid 30 to 10 days ago)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    san = f"subjectAltName=DNS:{NAME}"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / "root.key"), "-out", str(d / "root.pem"), "-days", "3",
             "-subj", "/CN=Lab13 Root CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / "self.key"), "-out", str(d / "self.pem"), "-days", "3",
             "-subj", f"/CN={NAME}", "-addext", san)
    ext = d / "ext.cnf"
    ext.write_text(f"[leaf]\n{san}\nbasicConstraints=CA:FALSE\n[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n")
    for name, subj, issuer, section in (("leaf", f"/CN={NAME}", "root", "leaf"), ("inter", "/CN=Lab13 Intermediate CA", "root", "ca"),
                                        ("inter_leaf", f"/CN={NAME}", "inter", "leaf")):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / f"{name}.key"), "-out", str(d / f"{name}.csr"), "-subj", subj)
        _openssl("x509", "-req", "-in", str(d / f"{name}.csr"), "-CA", str(d / f"{issuer}.pem"), "-CAkey", str(d / f"{issuer}.key"),
                 "-CAcreateserial", "-days", "3", "-extfile", str(ext), "-extensions", section, "-out", str(d / f"{name}.pem"))
    root = x509.load_pem_x509_certificate((d / "root.pem").read_bytes())
    root_key = serialization.load_pem_private_key((d / "root.key").read_bytes(), None)
    key = serialization.load_pem_private_key((d / "leaf.key").read_bytes(), None)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAME)])).issuer_name(root.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())  # type: ignore[union-attr]
            .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now - dt.timedelta(days=10))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(NAME)]), critical=False)
            .sign(root_key, hashes.SHA256()))  # type: ignore[arg-type]
    (d / "expired.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (d / "expired.key").write_bytes((d / "leaf.key").read_bytes())


def _client(port: int, extra: tuple[str, ...], ca: Path, keylog: Path) -> None:
    name = () if "-servername" in extra else ("-servername", NAME)
    lab.s_client_session(port, ("-tls1_3", *name, "-CAfile", str(ca), *extra), keylog)


def renegotiation12(out: Path, keylog: Path, port: int) -> dict[str, object]:
    """TLS 1.2: after the handshake the server renegotiates asking for a client certificate
    ("R" on s_server's stdin: SSL_VERIFY_PEER, then SSL_renegotiate; openssl 3.0 apps/s_server.c)
    and the client, which has none, answers with an empty Certificate. No session cache and no
    tickets, so the renegotiation is a full handshake; all of it travels under the first
    session's keys."""
    srv = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256",
                            "-key", str(out / "leaf.key"), "-cert", str(out / "leaf.pem"), "-naccept", "1", "-no_cache", "-no_ticket"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert srv.stdin is not None
    cli = None
    try:
        if not lab.wait_output(srv, b"ACCEPT", 8.0):
            return {}
        cli = subprocess.Popen(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_2", "-servername", NAME, "-CAfile", str(out / "root.pem"),
                                "-keylogfile", str(keylog), "-no_ticket"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert cli.stdin is not None
        lab.wait_output(cli, b"Verify return code", 8.0)
        lab.wait_output(srv, b"CIPHER is", 8.0)  # the server's side of the first handshake is done
        srv.stdin.write(b"R\n")
        srv.stdin.flush()
        lab.wait_output(srv, b"SSL_do_handshake -> 1", 8.0)  # s_server prints this when the renegotiation handshake ran
        time.sleep(0.3)
        cli.stdin.close()
        cli.wait(5)
    except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
        pass
    finally:
        for p in (cli, srv):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait(5)
    return {"scenario": "reneg12_clientcert", "port": port, "cert": "leaf", "server_flags": ["R on stdin"], "client_flags": ["-tls1_2"]}


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    keylog = out / "keylog.txt"
    make_certs(out)
    used: set[int] = set()
    with lab.captured(out, "tls13.pcap") as rows:
        for name, (cert, sflags, cflags) in PLAN.items():
            port = lab.free_port(used)
            flags = ("-tls1_3", "-key", str(out / f"{cert}.key"), "-cert", str(out / f"{cert}.pem"), "-CAfile", str(out / "root.pem"), *sflags, "-www")
            with lab.serving(name, port, flags) as srv:
                if srv is None:
                    continue
                _client(port, cflags, out / "root.pem", keylog)
                rows.append({"scenario": name, "port": port, "cert": cert, "server_flags": list(sflags), "client_flags": list(cflags)})
        row = renegotiation12(out, keylog, lab.free_port(used))
        if row:
            rows.append(row)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(Path(sys.argv[1])))
