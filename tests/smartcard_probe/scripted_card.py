"""A scripted virtual smart card for vsmartcard's vpcd reader driver (pure stdlib).

Why our own card: the stock ``vicc`` needs a PYTHONPATH hack and pycryptodome, crashes on any
SELECT that returns an FCI, ignores logical channels and costs ~44 ms per APDU because it leaves
delayed ACK on (facts/smartcard.md gotchas 1-3, 6). This card answers from a script, so every
status word a test needs (6881, 6882, 6E00, 61XX, 6CXX...) can be produced on purpose.

vpcd wire format (the card is the TCP client of pcscd's vpcd driver): every message is a 2-byte
big-endian length and a payload. A 1-byte payload is a control code (00 power off, 01 power on,
02 reset, 04 "send the ATR"); anything longer is a command APDU, answered with a response APDU.

Script (JSON file): {"atr": "3B02...", "rules": [["REGEX over the upper-case hex APDU", "RESP
HEX"], ...], "default": "6D00"}. The first rule whose regex matches the whole APDU answers.
Every APDU received is appended to the log file as one upper-case hex line ("APDU 00A4...") and
every control code as "CTRL 01", so tests can count APDUs and check that nothing forbidden came.

Usage: python scripted_card.py SCRIPT.json PORT LOGFILE   (connects to 127.0.0.1:PORT; exits
when vpcd closes the connection, on SIGTERM, or after --max-seconds, default 600).
"""

from __future__ import annotations

import json
import re
import signal
import socket
import sys
import time


def load_script(path: str) -> tuple[bytes, list[tuple[re.Pattern[str], bytes]], bytes]:
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    atr = bytes.fromhex(raw["atr"])
    rules = [(re.compile(pat, re.IGNORECASE), bytes.fromhex(resp)) for pat, resp in raw.get("rules", [])]
    return atr, rules, bytes.fromhex(raw.get("default", "6D00"))


def answer(apdu: bytes, rules: list[tuple[re.Pattern[str], bytes]], default: bytes) -> bytes:
    text = apdu.hex().upper()
    for pattern, resp in rules:
        if pattern.fullmatch(text):
            return resp
    return default


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        # Linux clears TCP_QUICKACK after a while; without re-arming it before every recv the
        # delayed ACK (40 ms) stalls each APDU, because vpcd sends length and APDU separately.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def serve(script: str, port: int, log_path: str, max_seconds: float = 600.0) -> int:
    atr, rules, default = load_script(script)
    deadline = time.monotonic() + max_seconds
    sock = None
    for _ in range(200):  # vpcd may not listen yet: bounded retries (200 x 25 ms = 5 s)
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=1.0)
            break
        except OSError:
            time.sleep(0.025)
    if sock is None:
        print(f"scripted_card: cannot connect to 127.0.0.1:{port}", file=sys.stderr)
        return 2
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(1.0)
    with open(log_path, "a", encoding="ascii", buffering=1) as log:
        log.write("CONNECTED\n")
        while time.monotonic() < deadline:
            try:
                head = _recv_exact(sock, 2)
            except socket.timeout:
                continue
            except OSError:
                break
            if head is None:
                break
            length = int.from_bytes(head, "big")
            try:
                payload = _recv_exact(sock, length) if length else b""
            except OSError:
                break
            if payload is None:
                break
            if length == 1:
                log.write(f"CTRL {payload[0]:02X}\n")
                if payload[0] == 0x04:
                    sock.sendall(len(atr).to_bytes(2, "big") + atr)
                continue
            log.write(f"APDU {payload.hex().upper()}\n")
            resp = answer(payload, rules, default)
            sock.sendall(len(resp).to_bytes(2, "big") + resp)
    sock.close()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    max_seconds = float(argv[3]) if len(argv) > 3 else 600.0
    return serve(argv[0], int(argv[1]), argv[2], max_seconds)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
