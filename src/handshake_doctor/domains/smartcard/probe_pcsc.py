"""PC/SC calls with deadlines: the only module of the probe that talks to pcscd.

Why a thread per call: pcsc-lite never times out on its own when another application holds a
transaction: SCardConnect, SCardStatus, SCardTransmit and SCardBeginTransaction retry every
100 ms forever (facts/smartcard.md, contention table). pyscard releases the GIL during the C
call, so the call runs in a daemon thread and the probe waits for it with a deadline; a call
that misses its deadline is abandoned (it cannot be cancelled) and the probe reports that it
blocked. A late success is cleaned up by the thread itself (disconnect, release context), so an
abandoned connection never outlives the holder's transaction.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

# PC/SC return codes (pcsc-lite pcsclite.h; Microsoft winerror.h SCARD_*)
S_SUCCESS = 0x00000000
E_INVALID_HANDLE = 0x80100003
E_UNKNOWN_READER = 0x80100009
E_TIMEOUT = 0x8010000A
E_SHARING_VIOLATION = 0x8010000B
E_NO_SMARTCARD = 0x8010000C
E_PROTO_MISMATCH = 0x8010000F
E_NOT_TRANSACTED = 0x80100016
E_READER_UNAVAILABLE = 0x80100017
E_NO_SERVICE = 0x8010001D
E_SERVICE_STOPPED = 0x8010001E
E_NO_READERS_AVAILABLE = 0x8010002E
F_COMM_ERROR = 0x80100013
W_UNRESPONSIVE_CARD = 0x80100066
W_UNPOWERED_CARD = 0x80100067
W_RESET_CARD = 0x80100068
W_REMOVED_CARD = 0x80100069

NAMES = {
    S_SUCCESS: "SCARD_S_SUCCESS",
    E_INVALID_HANDLE: "SCARD_E_INVALID_HANDLE",
    E_UNKNOWN_READER: "SCARD_E_UNKNOWN_READER",
    E_TIMEOUT: "SCARD_E_TIMEOUT",
    E_SHARING_VIOLATION: "SCARD_E_SHARING_VIOLATION",
    E_NO_SMARTCARD: "SCARD_E_NO_SMARTCARD",
    E_PROTO_MISMATCH: "SCARD_E_PROTO_MISMATCH",
    E_NOT_TRANSACTED: "SCARD_E_NOT_TRANSACTED",
    E_READER_UNAVAILABLE: "SCARD_E_READER_UNAVAILABLE",
    E_NO_SERVICE: "SCARD_E_NO_SERVICE",
    E_SERVICE_STOPPED: "SCARD_E_SERVICE_STOPPED",
    E_NO_READERS_AVAILABLE: "SCARD_E_NO_READERS_AVAILABLE",
    F_COMM_ERROR: "SCARD_F_COMM_ERROR",
    W_UNRESPONSIVE_CARD: "SCARD_W_UNRESPONSIVE_CARD",
    W_UNPOWERED_CARD: "SCARD_W_UNPOWERED_CARD",
    W_RESET_CARD: "SCARD_W_RESET_CARD",
    W_REMOVED_CARD: "SCARD_W_REMOVED_CARD",
}

# reader state bits (SCARD_STATE_*)
STATE_CHANGED = 0x0002
STATE_UNKNOWN = 0x0004
STATE_UNAVAILABLE = 0x0008
STATE_EMPTY = 0x0010
STATE_PRESENT = 0x0020
STATE_EXCLUSIVE = 0x0080
STATE_INUSE = 0x0100
STATE_MUTE = 0x0200
STATE_UNPOWERED = 0x0400

_STATE_NAMES = (
    (STATE_EMPTY, "EMPTY"), (STATE_PRESENT, "PRESENT"), (STATE_EXCLUSIVE, "EXCLUSIVE"), (STATE_INUSE, "INUSE"),
    (STATE_MUTE, "MUTE"), (STATE_UNPOWERED, "UNPOWERED"), (STATE_UNAVAILABLE, "UNAVAILABLE"), (STATE_UNKNOWN, "UNKNOWN"),
)


def rc_name(rc: int) -> str:
    rc &= 0xFFFFFFFF
    return f"{NAMES.get(rc, 'SCARD error')} (0x{rc:08X})"


def state_names(state: int) -> str:
    return "+".join(name for bit, name in _STATE_NAMES if state & bit) or f"0x{state:X}"


class Blocked(Exception):
    """A PC/SC call did not return before its deadline (another application holds the card)."""

    def __init__(self, call: str, waited_ms: float) -> None:
        super().__init__(f"{call} did not return within {waited_ms:.0f} ms")
        self.call = call
        self.waited_ms = waited_ms


class PcscError(Exception):
    def __init__(self, call: str, rc: int) -> None:
        self.call = call
        self.rc = rc & 0xFFFFFFFF
        super().__init__(f"{call}: {rc_name(self.rc)}")


def call_with_deadline(name: str, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float,
                       on_late: Callable[[Any], None] | None = None) -> Any:
    """Run ``fn(*args)`` in a daemon thread; its result, or Blocked after ``timeout`` seconds.

    ``on_late`` receives the result if the call finishes after the caller gave up (cleanup)."""
    box: dict[str, Any] = {}
    lock = threading.Lock()
    done = threading.Event()

    def run() -> None:
        try:
            result = fn(*args)
            err = None
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            result, err = None, exc
        with lock:
            abandoned = box.get("abandoned", False)
            box["result"], box["error"] = result, err
        done.set()
        if abandoned and on_late is not None and err is None:
            try:
                on_late(result)
            except Exception:  # noqa: BLE001 - best-effort cleanup in a background thread
                pass

    t = threading.Thread(target=run, name=f"pcsc-{name}", daemon=True)
    start = time.monotonic()
    t.start()
    finished = done.wait(max(0.0, timeout))
    with lock:
        if not finished and "result" not in box:
            box["abandoned"] = True
            raise Blocked(name, (time.monotonic() - start) * 1000)
    if box["error"] is not None:
        raise box["error"]
    return box["result"]


@dataclass
class ReaderState:
    name: str
    state: int
    atr: bytes

    @property
    def present(self) -> bool:
        return bool(self.state & STATE_PRESENT)

    @property
    def exclusive(self) -> bool:
        return bool(self.state & STATE_EXCLUSIVE)

    @property
    def mute(self) -> bool:
        return bool(self.state & STATE_MUTE)


class Pcsc:
    """A PC/SC context; every method takes its deadline from ``timeout``."""

    def __init__(self, scard: Any, call_timeout: float) -> None:
        self.scard = scard
        self.call_timeout = call_timeout
        self.ctx: Any = None
        self.card: Any = None
        self.protocol: int = 0
        self.in_transaction = False
        self.apdus_sent = 0

    # -- context and readers -------------------------------------------------------------
    def establish(self) -> None:
        s = self.scard
        rc, ctx = call_with_deadline("SCardEstablishContext", s.SCardEstablishContext, (s.SCARD_SCOPE_USER,),
                                     self.call_timeout, on_late=lambda r: s.SCardReleaseContext(r[1]))
        if rc != S_SUCCESS:
            raise PcscError("SCardEstablishContext", rc)
        self.ctx = ctx

    def readers(self) -> list[str]:
        s = self.scard
        rc, names = call_with_deadline("SCardListReaders", s.SCardListReaders, (self.ctx, []), self.call_timeout)
        rc &= 0xFFFFFFFF
        if rc == E_NO_READERS_AVAILABLE:
            return []
        if rc != S_SUCCESS:
            raise PcscError("SCardListReaders", rc)
        return list(names)

    def states(self, readers: list[str]) -> list[ReaderState]:
        """Reader states without waiting (SCardGetStatusChange with timeout 0 never blocks on a
        transaction: contention table)."""
        s = self.scard
        rc, got = call_with_deadline("SCardGetStatusChange", s.SCardGetStatusChange,
                                     (self.ctx, 0, [(r, s.SCARD_STATE_UNAWARE) for r in readers]),
                                     self.call_timeout)
        rc &= 0xFFFFFFFF
        if rc not in (S_SUCCESS, E_TIMEOUT):
            raise PcscError("SCardGetStatusChange", rc)
        return [ReaderState(name, event & 0xFFFF, bytes(atr)) for name, event, atr in got]

    # -- card ----------------------------------------------------------------------------
    def connect(self, reader: str, timeout: float) -> None:
        s = self.scard
        ctx = self.ctx

        def late(r: Any) -> None:  # the holder let go after we gave up: leave no handle behind
            if r[0] == S_SUCCESS:
                s.SCardDisconnect(r[1], s.SCARD_LEAVE_CARD)
            s.SCardReleaseContext(ctx)

        try:
            rc, card, proto = call_with_deadline(
                "SCardConnect", s.SCardConnect,
                (ctx, reader, s.SCARD_SHARE_SHARED, s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1), timeout, on_late=late)
        except Blocked:
            self.ctx = None  # the blocked call owns the context now; ``late`` releases it
            raise
        if rc & 0xFFFFFFFF != S_SUCCESS:
            raise PcscError("SCardConnect", rc)
        self.card, self.protocol = card, proto

    def begin_transaction(self, timeout: float) -> None:
        s = self.scard
        card, ctx = self.card, self.ctx

        def late(rc: Any) -> None:
            if rc == S_SUCCESS:
                s.SCardEndTransaction(card, s.SCARD_LEAVE_CARD)
            s.SCardDisconnect(card, s.SCARD_LEAVE_CARD)
            s.SCardReleaseContext(ctx)

        try:
            rc = call_with_deadline("SCardBeginTransaction", s.SCardBeginTransaction, (card,), timeout, on_late=late)
        except Blocked:
            self.card = self.ctx = None
            raise
        if rc & 0xFFFFFFFF != S_SUCCESS:
            raise PcscError("SCardBeginTransaction", rc)
        self.in_transaction = True

    def transmit(self, apdu: bytes) -> bytes:
        s = self.scard
        card, ctx, in_tx = self.card, self.ctx, self.in_transaction

        def late(_: Any) -> None:
            if in_tx:
                s.SCardEndTransaction(card, s.SCARD_LEAVE_CARD)
            s.SCardDisconnect(card, s.SCARD_LEAVE_CARD)
            s.SCardReleaseContext(ctx)

        self.apdus_sent += 1
        try:
            rc, resp = call_with_deadline("SCardTransmit", s.SCardTransmit, (card, self.protocol, list(apdu)),
                                          self.call_timeout, on_late=late)
        except Blocked:
            self.card = self.ctx = None
            self.in_transaction = False
            raise
        if rc & 0xFFFFFFFF != S_SUCCESS:
            raise PcscError("SCardTransmit", rc)
        return bytes(resp)

    def close(self) -> None:
        """End the transaction, disconnect (leaving the card as it is) and release the context;
        best effort, each step bounded."""
        s = self.scard
        steps: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = []
        if self.card is not None and self.in_transaction:
            steps.append(("SCardEndTransaction", s.SCardEndTransaction, (self.card, s.SCARD_LEAVE_CARD)))
        if self.card is not None:
            steps.append(("SCardDisconnect", s.SCardDisconnect, (self.card, s.SCARD_LEAVE_CARD)))
        if self.ctx is not None:
            steps.append(("SCardReleaseContext", s.SCardReleaseContext, (self.ctx,)))
        for name, fn, args in steps:
            try:
                call_with_deadline(name, fn, args, min(self.call_timeout, 1.0))
            except Exception:  # noqa: BLE001 - closing must never raise
                pass
        self.card = self.ctx = None
        self.in_transaction = False


def load_scard() -> Any:
    """pyscard's low-level module, imported only when a probe runs (it is heavy and optional)."""
    from smartcard import scard  # type: ignore[import-untyped]

    return scard
