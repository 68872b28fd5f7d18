"""The transcript: what was said on a line, a socket or a card, with where it came from.

Why one type for every source: a judge is a pure function of what was exchanged, so the same
judge must serve a live probe, a simulator's ``--record``, a capture read by ``analyze`` and a
fleet ``scan``. Sources only produce transcripts; judges only read them. A recorded transcript
replayed through a judge gives the same findings as the live run (tests replay every probe).

An exchange is one direction's bytes at one moment, with the settings the line had then (baud
and framing for a UART, ``tls`` for bytes inside a TLS session, the reader's protocol for an
APDU). ``kind`` says what the bytes are at the layer that recorded them: ``raw`` line or socket
bytes, ``apdu`` (a command or a response), ``tls_record``, ``event`` (a non-byte observation:
``connect_refused``, ``timeout``, ``eof``, ``reset``, ``open_failed``). Keep kinds few; a domain
that needs more detail puts it in ``meta``.

JSON round trip (``to_dict``/``from_dict``) is exact, so a transcript file written by one
version is read by the next: the keys only grow.
"""

from __future__ import annotations

from .record import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time
    from typing import Any, Iterable, Iterator

TX = "tx"  # from us (the host, the client, the probe) to the peer
RX = "rx"  # from the peer to us
SCHEMA = "handshake-doctor-transcript/1"

KINDS = ("raw", "apdu", "tls_record", "event")


@record(frozen=True)
class Exchange:
    """One direction's bytes (or one event) at one time, with the line settings then in force."""

    t: float  # seconds since the transcript's start
    direction: str  # TX or RX
    data: bytes = b""
    kind: str = "raw"
    #: what the bytes were, as the recorder knew it: the request's name ("stm32.sync", "AT"),
    #: the event's name ("timeout"), a TLS record's content type...
    label: str = ""
    #: line settings at that moment: {"baud": 115200, "framing": "8N1"}, {"tls": True}...
    settings: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.direction not in (TX, RX):
            raise ValueError(f"exchange direction must be {TX!r} or {RX!r}, not {self.direction!r}")
        if self.kind not in KINDS:
            raise ValueError(f"exchange kind must be one of {KINDS}, not {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": round(self.t, 6), "dir": self.direction, "kind": self.kind, "hex": self.data.hex()}
        if self.label:
            d["label"] = self.label
        if self.settings:
            d["settings"] = dict(self.settings)
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Exchange":
        return cls(float(d["t"]), str(d["dir"]), bytes.fromhex(str(d.get("hex", ""))), str(d.get("kind", "raw")),
                   str(d.get("label", "")), dict(d.get("settings") or {}), dict(d.get("meta") or {}))


@record
class Transcript:
    """Timed exchanges between two parties, and where they were recorded.

    ``source`` is one of ``probe``, ``simulate``, ``capture``, ``log``; ``origin`` names the
    thing itself (a target URL, a file and its connection, a simulator). ``peer`` and ``local``
    name the two sides where the source knows them (``ip:port``, a device path, a reader).
    """

    source: str
    origin: str = ""
    local: str = ""
    peer: str = ""
    exchanges: list[Exchange] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def add(self, direction: str, data: bytes = b"", *, t: float = 0.0, kind: str = "raw", label: str = "",
            settings: dict[str, Any] | None = None, **meta: Any) -> Exchange:
        ex = Exchange(t, direction, bytes(data), kind, label, dict(settings or {}), meta)
        self.exchanges.append(ex)
        return ex

    def sent(self) -> Iterator[Exchange]:
        return (e for e in self.exchanges if e.direction == TX)

    def received(self) -> Iterator[Exchange]:
        return (e for e in self.exchanges if e.direction == RX)

    def received_bytes(self, label: str | None = None) -> bytes:
        """All bytes the peer sent (after the request labelled ``label``, when given)."""
        return b"".join(e.data for e in self.after(label) if e.direction == RX and e.kind != "event")

    def after(self, label: str | None) -> list[Exchange]:
        """The exchanges from the last one sent with ``label`` on (everything when None)."""
        if label is None:
            return list(self.exchanges)
        start = None
        for i, e in enumerate(self.exchanges):
            if e.direction == TX and e.label == label:
                start = i
        return [] if start is None else self.exchanges[start:]

    def events(self, name: str | None = None) -> list[Exchange]:
        return [e for e in self.exchanges if e.kind == "event" and (name is None or e.label == name)]

    def extend(self, exchanges: Iterable[Exchange]) -> None:
        self.exchanges.extend(exchanges)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "source": self.source, "origin": self.origin, "local": self.local,
                "peer": self.peer, "meta": dict(self.meta), "exchanges": [e.to_dict() for e in self.exchanges]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Transcript":
        if d.get("schema", SCHEMA).split("/", 1)[0] != SCHEMA.split("/", 1)[0]:
            raise ValueError(f"not a handshake-doctor transcript (schema {d.get('schema')!r})")
        return cls(str(d.get("source", "")), str(d.get("origin", "")), str(d.get("local", "")), str(d.get("peer", "")),
                   [Exchange.from_dict(e) for e in d.get("exchanges", [])], dict(d.get("meta") or {}))
