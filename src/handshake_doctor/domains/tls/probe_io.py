"""The TLS probe's I/O, live and recorded, behind one small interface.

Why: the TLS checklist adapts to what it sees (a plaintext answer ends it; a handshake failure
asks for version, cipher and SNI variants), so its judgement cannot be a single function of one
exchange. Instead every I/O step it takes (resolve, connect, the raw first bytes, each
handshake) goes through this interface. ``LiveIO`` does the I/O and records each result in the
run's transcript; ``ReplayIO`` serves the same results from a recorded transcript, so the same
checklist and judges give the same findings offline (tests replay the whole TLS lab; ``hsdoctor
probe ... --record FILE`` then ``--replay FILE``). A result is keyed by its step and its inputs,
not by the order of calls: the variants run in parallel threads.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ...errors import UsageError
from ...transcript import RX, Transcript
from ...transports.deadline import Deadline
from ...transports.tcp import ConnectResult, Resolved, close_quietly, connect, resolve
from ...transports.tls_client import ClientOptions, HandshakeResult, handshake
from .probe_steps import FirstBytes, classify, raw_first_bytes

LABEL = "io:"


def _handshake_key(address: str, port: int, opt: ClientOptions) -> str:
    # read_after_s depends on the time left, and read_after_until is a function: neither is an input
    key = [address, port, opt.sni, opt.min_version, opt.max_version, opt.cipher_list, opt.use_default_trust,
           bool(opt.ca_file), bool(opt.client_cert), opt.send_after.hex(), opt.read_only_if_cert_request]
    if opt.alpn:  # only then: recordings made without ALPN keep their keys
        key += [list(opt.alpn), opt.send_after_h2.hex()]
    return json.dumps(key)


def _first_bytes_key(address: str, port: int, sni: str | None, alpn: tuple[str, ...]) -> str:
    return f"{address}:{port} sni={sni}" + (f" alpn={','.join(alpn)}" if alpn else "")


def _bytes_out(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, (list, tuple)):
        return [_bytes_out(v) for v in value]
    if isinstance(value, dict):
        return {k: _bytes_out(v) for k, v in value.items()}
    return value


def _bytes_in(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"hex"}:
        return bytes.fromhex(value["hex"])
    if isinstance(value, dict):
        return {k: _bytes_in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bytes_in(v) for v in value]
    return value


class LiveIO:
    """Real sockets; every result is also written to ``transcript``."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript

    def _keep(self, step: str, key: str, result: dict[str, Any], elapsed_ms: float) -> None:
        self.transcript.add(RX, kind="event", label=LABEL + step, t=elapsed_ms / 1000.0, key=key, result=_bytes_out(result))

    def resolve(self, host: str, port: int, deadline: Deadline) -> Resolved:
        r = resolve(host, port, deadline)
        self._keep("resolve", f"{host}:{port}", dataclasses.asdict(r), r.elapsed_ms)
        return r

    def connect(self, family: int, address: str, port: int, deadline: Deadline) -> ConnectResult:
        """Only whether a connection can be made: the socket is closed at once."""
        c = connect(family, address, port, deadline)
        close_quietly(c.sock)
        out = ConnectResult(None, c.outcome, c.error, c.elapsed_ms)
        self._keep("connect", f"{address}:{port}", {"outcome": c.outcome, "error": c.error, "elapsed_ms": c.elapsed_ms}, c.elapsed_ms)
        return out

    def first_bytes(self, family: int, address: str, port: int, sni: str | None, deadline: Deadline,
                    alpn: tuple[str, ...] = ()) -> FirstBytes:
        fb = raw_first_bytes(family, address, port, sni, deadline, alpn)
        io = {"data": fb.data, "end": fb.end, "error": fb.error, "elapsed_ms": fb.elapsed_ms, "first_byte_ms": fb.first_byte_ms,
              "classified": fb.end != "connect" and not fb.error.startswith("codec unavailable")}
        self._keep("first_bytes", _first_bytes_key(address, port, sni, alpn), io, fb.elapsed_ms)
        return fb

    def handshake(self, family: int, address: str, port: int, opt: ClientOptions, deadline: Deadline) -> HandshakeResult:
        h = handshake(family, address, port, opt, deadline)
        self._keep("handshake", _handshake_key(address, port, opt), dataclasses.asdict(h), h.elapsed_ms)
        return h


class ReplayIO:
    """The results of a recorded run, served to the same checklist: no socket is opened."""

    def __init__(self, recorded: Transcript) -> None:
        self.results: dict[tuple[str, str], dict[str, Any]] = {}
        for e in recorded.exchanges:
            if e.kind == "event" and e.label.startswith(LABEL):
                self.results[(e.label[len(LABEL):], str(e.meta.get("key")))] = _bytes_in(e.meta.get("result") or {})

    @classmethod
    def from_file(cls, path: str) -> "ReplayIO":
        try:
            with open(path, encoding="utf-8") as fh:
                return cls(Transcript.from_dict(json.load(fh)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"cannot replay {path}: {exc}") from None

    def _get(self, step: str, key: str) -> dict[str, Any]:
        try:
            return self.results[(step, key)]
        except KeyError:
            raise UsageError(f"the recording has no {step} step for {key}: it was made with other options") from None

    def resolve(self, host: str, port: int, deadline: Deadline) -> Resolved:
        r = self._get("resolve", f"{host}:{port}")
        return Resolved([(int(f), str(a)) for f, a in r["addresses"]], r["error"], r["timed_out"], r["elapsed_ms"])

    def connect(self, family: int, address: str, port: int, deadline: Deadline) -> ConnectResult:
        r = self._get("connect", f"{address}:{port}")
        return ConnectResult(None, r["outcome"], r["error"], r["elapsed_ms"])

    def first_bytes(self, family: int, address: str, port: int, sni: str | None, deadline: Deadline,
                    alpn: tuple[str, ...] = ()) -> FirstBytes:
        r = self._get("first_bytes", _first_bytes_key(address, port, sni, alpn))
        fb = FirstBytes(data=r["data"], end=r["end"], error=r["error"], elapsed_ms=r["elapsed_ms"], first_byte_ms=r["first_byte_ms"])
        return classify(fb) if r["classified"] else fb

    def handshake(self, family: int, address: str, port: int, opt: ClientOptions, deadline: Deadline) -> HandshakeResult:
        r = dict(self._get("handshake", _handshake_key(address, port, opt)))
        r["verify_errors"] = [tuple(x) for x in r.get("verify_errors", [])]
        return HandshakeResult(**r)
