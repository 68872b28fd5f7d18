"""Real Debian servers for the negotiate lab, each its own process on a free loopback port with its
own config and data directory, stopped afterwards (also when a test fails).

Why real servers: what a PostgreSQL with ``hostssl`` says to a plaintext StartupMessage, what
MariaDB offers in its greeting, what Redis does with a ClientHello on its plaintext port: these
are behaviours of the servers themselves, so the tests talk to them. Every wait is bounded.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes] | None, timeout: float = START_TIMEOUT, log: Path | None = None, host: str = LOOPBACK) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {log.read_text()[-2000:] if log and log.exists() else ''}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s: {log.read_text()[-2000:] if log and log.exists() else ''}")


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    dir: Path
    log: Path
    extra: dict[str, object] = field(default_factory=dict)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.dir, ignore_errors=True)  # config, data and log: nothing stays behind


def _as_user(user: str) -> dict[str, object]:
    """Run a server that refuses root (PostgreSQL) as its packaged system user."""
    if os.getuid() != 0:
        return {}
    pw = pwd.getpwnam(user)
    return {"user": pw.pw_uid, "group": pw.pw_gid}


def _owned_dir(prefix: str, user: str | None) -> Path:
    d = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    os.chmod(d, 0o755)
    if user and os.getuid() == 0:
        pw = pwd.getpwnam(user)
        os.chown(d, pw.pw_uid, pw.pw_gid)
    return d


def _write(path: Path, data: bytes | str, owner: str | None = None, mode: int = 0o600) -> str:
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    os.chmod(path, mode)
    if owner and os.getuid() == 0:
        pw = pwd.getpwnam(owner)
        os.chown(path, pw.pw_uid, pw.pw_gid)
    return str(path)


def pg_bin(name: str) -> str:
    for v in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (v / name).exists():
            return str(v / name)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(name)
    return found


_PG_TEMPLATE: dict[str, Path] = {}
_TEMPLATES: list[Path] = []


@atexit.register
def _remove_templates() -> None:
    for d in _TEMPLATES:
        shutil.rmtree(d, ignore_errors=True)


def start_postgres(*, ssl: bool, cert_pem: bytes | None = None, key_pem: bytes | None = None, hba: str = "host all all 127.0.0.1/32 scram-sha-256") -> Server:
    """A PostgreSQL with its own data dir (copied from one initdb per session), TLS on or off,
    and the pg_hba.conf given; logs every connection and statement (to prove none was run)."""
    user = "postgres" if os.getuid() == 0 else None
    d = _owned_dir("hsd-pg-", user)
    data = d / "data"
    if "t" not in _PG_TEMPLATE:
        tpl = _owned_dir("hsd-pg-template-", user)
        subprocess.run([pg_bin("initdb"), "-D", str(tpl / "data"), "-A", "trust", "-U", "postgres", "--no-sync"],
                       check=True, capture_output=True, timeout=120, **_as_user("postgres") if user else {})  # type: ignore[arg-type]
        _PG_TEMPLATE["t"] = tpl / "data"
        _TEMPLATES.append(tpl)
    subprocess.run(["cp", "-a", str(_PG_TEMPLATE["t"]), str(data)], check=True, timeout=60)
    port = free_port()
    conf = [f"port = {port}", f"listen_addresses = '{LOOPBACK}'", f"unix_socket_directories = '{d}'", "log_connections = on",
            "log_disconnections = on", "log_statement = 'all'", "logging_collector = off", "fsync = off"]
    if ssl:
        assert cert_pem and key_pem
        conf += ["ssl = on", f"ssl_cert_file = '{_write(d / 'server.crt', cert_pem, user)}'", f"ssl_key_file = '{_write(d / 'server.key', key_pem, user)}'"]
    else:
        conf += ["ssl = off"]
    _write(data / "postgresql.auto.conf", "\n".join(conf) + "\n", user)
    _write(data / "pg_hba.conf", f"local all all trust\n{hba}\n", user)
    log = d / "server.log"
    fh = open(log, "wb")
    proc = subprocess.Popen([pg_bin("postgres"), "-D", str(data)], stdout=fh, stderr=subprocess.STDOUT, **_as_user("postgres") if user else {})  # type: ignore[arg-type]
    fh.close()
    wait_port(port, proc, log=log)
    srv = Server("postgres", port, proc, d, log)
    _pg_ready(srv)
    return srv


def _pg_ready(srv: Server) -> None:
    end = time.monotonic() + START_TIMEOUT
    while time.monotonic() < end:
        if "ready to accept connections" in srv.log_text():
            return
        time.sleep(0.1)


def pg_sql(srv: Server, sql: str) -> str:
    """Run SQL as the superuser over the server's private unix socket (the lab's own setup, not the probe)."""
    r = subprocess.run([pg_bin("psql"), "-h", str(srv.dir), "-p", str(srv.port), "-U", "postgres", "-d", "postgres", "-Atc", sql],
                       capture_output=True, text=True, timeout=30, **_as_user("postgres") if os.getuid() == 0 else {})  # type: ignore[arg-type]
    if r.returncode:
        raise RuntimeError(r.stderr)
    return r.stdout


_MY_TEMPLATE: dict[str, Path] = {}


def start_mariadb(*, ssl: bool, cert_pem: bytes | None = None, key_pem: bytes | None = None, require_secure_transport: bool = False) -> Server:
    """A MariaDB with its own datadir (copied from one mariadb-install-db per session), the general
    query log on (every connect and every statement is recorded there)."""
    d = _owned_dir("hsd-my-", None)
    if "t" not in _MY_TEMPLATE:
        tpl = _owned_dir("hsd-my-template-", None)
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={tpl / 'data'}", "--user=" + pwd.getpwuid(os.getuid()).pw_name,
                        "--auth-root-authentication-method=normal", "--skip-test-db"], check=True, capture_output=True, timeout=180)
        _MY_TEMPLATE["t"] = tpl / "data"
        _TEMPLATES.append(tpl)
    subprocess.run(["cp", "-a", str(_MY_TEMPLATE["t"]), str(d / "data")], check=True, timeout=60)
    port = free_port()
    log, general = d / "error.log", d / "general.log"
    args = ["mariadbd", "--no-defaults", f"--datadir={d / 'data'}", f"--port={port}", f"--bind-address={LOOPBACK}", f"--socket={d / 'sock'}",
            f"--pid-file={d / 'pid'}", f"--log-error={log}", "--general-log=1", f"--general-log-file={general}", "--skip-name-resolve",
            "--innodb-buffer-pool-size=16M", "--skip-log-bin"]
    if os.getuid() == 0:
        args.append("--user=root")
    if ssl:
        assert cert_pem and key_pem
        args += [f"--ssl-cert={_write(d / 'server.crt', cert_pem)}", f"--ssl-key={_write(d / 'server.key', key_pem)}"]
    if require_secure_transport:
        args.append("--require-secure-transport=ON")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, proc, log=log)
    srv = Server("mariadb", port, proc, d, log, {"general_log": general, "socket": d / "sock"})
    return srv


def my_sql(srv: Server, sql: str) -> str:
    r = subprocess.run(["mariadb", "--no-defaults", "-S", str(srv.extra["socket"]), "-uroot", "-N", "-e", sql], capture_output=True, text=True, timeout=30)
    if r.returncode:
        raise RuntimeError(r.stderr)
    return r.stdout


def start_redis(*, plain: bool = True, tls: bool = False, cert: str = "", key: str = "", ca: str = "", auth_clients: str = "no",
                requirepass: str | None = None) -> Server:
    """A redis-server with its own config: a plaintext port, a TLS port, or both ('port 0' = TLS only).
    ``extra['port']``/``extra['tls_port']`` name them; ``port`` is the first one."""
    d = _owned_dir("hsd-redis-", None)
    p_plain = free_port() if plain else 0
    p_tls = free_port() if tls else 0
    conf = [f"bind {LOOPBACK}", f"port {p_plain}", f"dir {d}", f"logfile {d / 'redis.log'}", "save ''", "appendonly no", "loglevel verbose",
            "protected-mode no", "daemonize no"]
    if tls:
        conf += [f"tls-port {p_tls}", f"tls-cert-file {cert}", f"tls-key-file {key}", f"tls-ca-cert-file {ca}", f"tls-auth-clients {auth_clients}"]
    if requirepass:
        conf.append(f"requirepass {requirepass}")
    (d / "redis.conf").write_text("\n".join(conf) + "\n")
    proc = subprocess.Popen(["redis-server", str(d / "redis.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = p_plain or p_tls
    wait_port(first, proc, log=d / "redis.log")
    if p_tls and p_plain:
        wait_port(p_tls, proc, log=d / "redis.log")
    return Server("redis", first, proc, d, d / "redis.log", {"port": p_plain, "tls_port": p_tls})


def redis_commandstats(srv: Server, ca: str = "", cert: str = "", key: str = "", password: str | None = None) -> str:
    """INFO commandstats asked by redis-cli (the lab's own check): which commands the server ran."""
    args = ["redis-cli", "-h", LOOPBACK]
    if srv.extra["port"]:
        args += ["-p", str(srv.extra["port"])]
    else:
        args += ["-p", str(srv.extra["tls_port"]), "--tls", "--cacert", ca, "--cert", cert, "--key", key]
    if password:
        args += ["--no-auth-warning", "-a", password]
    r = subprocess.run(args + ["INFO", "commandstats"], capture_output=True, text=True, timeout=20)
    return r.stdout


def start_smtp(*, tls: str, cert: str = "", key: str = "", require_starttls: bool = False) -> Server:
    """aiosmtpd (Debian python3-aiosmtpd) as its own process under the system python: ``tls`` is
    'none' (no STARTTLS), 'starttls' or 'implicit' (SMTPS). Its debug log records every command."""
    d = _owned_dir("hsd-smtp-", None)
    port = free_port()
    args = ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-d", "-l", f"{LOOPBACK}:{port}", "-c", "aiosmtpd.handlers.Sink"]
    if tls == "starttls":
        args += ["--tlscert", cert, "--tlskey", key]
        if not require_starttls:
            args.append("--no-requiretls")
    elif tls == "implicit":
        args += ["--smtpscert", cert, "--smtpskey", key]
    log = d / "smtp.log"
    fh = open(log, "wb")
    proc = subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT)
    fh.close()
    wait_port(port, proc, log=log)
    return Server("smtp", port, proc, d, log)


def start_mosquitto(*, plain: bool = True, tls: bool = False, cert: str = "", key: str = "", ca: str = "", require_certificate: bool = False) -> Server:
    """mosquitto with a private config: a plaintext listener, a TLS listener, or both; every
    packet it receives is logged (log_type all)."""
    d = _owned_dir("hsd-mqtt-", None)
    p_plain = free_port() if plain else 0
    p_tls = free_port() if tls else 0
    conf = ["per_listener_settings false", "allow_anonymous true", f"log_dest file {d / 'mosquitto.log'}", "log_type all", "persistence false",
            f"user {pwd.getpwuid(os.getuid()).pw_name}"]  # stay this user: the log is in our private dir
    if plain:
        conf += [f"listener {p_plain} {LOOPBACK}"]
    if tls:
        conf += [f"listener {p_tls} {LOOPBACK}", f"certfile {cert}", f"keyfile {key}", f"cafile {ca}",
                 f"require_certificate {'true' if require_certificate else 'false'}"]
    (d / "mosquitto.conf").write_text("\n".join(conf) + "\n")
    args = ["mosquitto", "-c", str(d / "mosquitto.conf")]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = p_plain or p_tls
    wait_port(first, proc, log=d / "mosquitto.log")
    if plain and tls:
        wait_port(p_tls, proc, log=d / "mosquitto.log")
    return Server("mosquitto", first, proc, d, d / "mosquitto.log", {"port": p_plain, "tls_port": p_tls})


def start_dovecot(*, ssl: str, cert: str = "", key: str = "", plaintext_auth: bool = True, listen: str = LOOPBACK) -> Server:
    """Dovecot with a private config (base_dir, state, log in its own dir): IMAP and POP3 plain
    ports with STARTTLS/STLS as ``ssl`` says ('no', 'yes', 'required'), and imaps/pop3s ports.
    ``extra`` names the four ports; the log records every login (there must be none). Dovecot
    counts a connection whose remote and local address are equal as secured (plaintext login
    allowed): listen on 127.0.0.2 (the client's source stays 127.0.0.1) to see LOGINDISABLED."""
    d = _owned_dir("hsd-dovecot-", None)
    ports = {k: free_port() for k in ("imap", "imaps", "pop3", "pop3s")}
    me = pwd.getpwuid(os.getuid()).pw_name  # as root, the package's dovecot/dovenull users run the login processes
    conf = f"""
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = imap pop3
listen = {listen}
ssl = {ssl}
{f"ssl_cert = <{cert}" if ssl != "no" else ""}
{f"ssl_key = <{key}" if ssl != "no" else ""}
disable_plaintext_auth = {"no" if plaintext_auth else "yes"}
auth_mechanisms = plain
auth_verbose = yes
passdb {{
  driver = static
  args = password=secret
}}
userdb {{
  driver = static
  args = uid={os.getuid()} gid={os.getgid()} home={d}/home/%u
}}
mail_location = maildir:{d}/mail/%u
default_internal_user = {"dovecot" if os.getuid() == 0 else me}
default_login_user = {"dovenull" if os.getuid() == 0 else me}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {ports["imap"]}
  }}
  inet_listener imaps {{
    port = {ports["imaps"] if ssl != "no" else 0}
    ssl = yes
  }}
}}
service pop3-login {{
  chroot =
  inet_listener pop3 {{
    port = {ports["pop3"]}
  }}
  inet_listener pop3s {{
    port = {ports["pop3s"] if ssl != "no" else 0}
    ssl = yes
  }}
}}
"""
    (d / "dovecot.conf").write_text(conf)
    proc = subprocess.Popen(["dovecot", "-F", "-c", str(d / "dovecot.conf")], stdout=subprocess.DEVNULL, stderr=open(d / "stderr.log", "wb"))
    wait_port(ports["imap"], proc, log=d / "stderr.log", host=listen)
    wait_port(ports["pop3"], proc, log=d / "stderr.log", host=listen)
    return Server("dovecot", ports["imap"], proc, d, d / "dovecot.log", {**ports, "host": listen})


def start_slapd(*, tls: bool, cert: str = "", key: str = "", ca: str = "") -> Server:
    """OpenLDAP slapd with a private slapd.conf and database dir, on ldap:// and (with TLS)
    ldaps:// ports; ``-d stats`` logs every operation (StartTLS, and a BIND or SEARCH if one came)."""
    d = _owned_dir("hsd-slapd-", None)
    (d / "db").mkdir()
    p_ldap, p_ldaps = free_port(), free_port()
    conf = ["include /etc/ldap/schema/core.schema", f"pidfile {d}/slapd.pid", f"argsfile {d}/slapd.args",
            "modulepath /usr/lib/ldap", "moduleload back_mdb"]
    if tls:
        conf += [f"TLSCertificateFile {cert}", f"TLSCertificateKeyFile {key}", f"TLSCACertificateFile {ca}"]
    conf += ["database mdb", 'suffix "dc=lab,dc=test"', f"directory {d}/db", "maxsize 10485760"]
    (d / "slapd.conf").write_text("\n".join(conf) + "\n")
    urls = f"ldap://{LOOPBACK}:{p_ldap}/" + (f" ldaps://{LOOPBACK}:{p_ldaps}/" if tls else "")
    log = d / "slapd.log"
    fh = open(log, "wb")
    proc = subprocess.Popen(["slapd", "-d", "stats", "-h", urls, "-f", str(d / "slapd.conf")], stdout=fh, stderr=subprocess.STDOUT)
    fh.close()
    wait_port(p_ldap, proc, log=log)
    return Server("slapd", p_ldap, proc, d, log, {"ldap": p_ldap, "ldaps": p_ldaps if tls else 0})


def start_vsftpd(*, tls: bool, implicit: bool = False, cert: str = "", key: str = "") -> Server:
    """vsftpd with a private config: AUTH TLS on a plain port, or implicit FTPS; the protocol log
    (log_ftp_protocol) records every command it receives."""
    d = _owned_dir("hsd-ftp-", None)
    Path("/var/run/vsftpd/empty").mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = ["listen=YES", "listen_ipv6=NO", f"listen_address={LOOPBACK}", f"listen_port={port}", "background=NO",
            "anonymous_enable=NO", "local_enable=YES", "write_enable=NO", "seccomp_sandbox=NO", "pasv_enable=NO",
            f"vsftpd_log_file={d}/vsftpd.log", "xferlog_enable=YES", "log_ftp_protocol=YES", "dual_log_enable=NO", "syslog_enable=NO",
            "secure_chroot_dir=/var/run/vsftpd/empty", "pam_service_name=vsftpd"]
    if tls:
        conf += ["ssl_enable=YES", f"rsa_cert_file={cert}", f"rsa_private_key_file={key}", "ssl_tlsv1=YES", "require_ssl_reuse=NO"]
        if implicit:
            conf.append("implicit_ssl=YES")
    (d / "vsftpd.conf").write_text("\n".join(conf) + "\n")
    os.chmod(d / "vsftpd.conf", 0o600)
    proc = subprocess.Popen(["vsftpd", str(d / "vsftpd.conf")], stdout=subprocess.DEVNULL, stderr=open(d / "stderr.log", "wb"))
    wait_port(port, proc, log=d / "stderr.log")
    return Server("vsftpd", port, proc, d, d / "vsftpd.log")
