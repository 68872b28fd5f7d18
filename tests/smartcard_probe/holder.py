"""Contention helper: hold a card the way a misbehaving application does, until stdin closes.

Usage: python holder.py exclusive|transaction READER
Prints READY once it holds the card; releases everything and exits when stdin reaches EOF
(the test closes it) or after 120 s, whichever comes first.
"""

from __future__ import annotations

import select
import sys
import time

from smartcard.scard import (
    SCARD_LEAVE_CARD, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_S_SUCCESS, SCARD_SCOPE_USER,
    SCARD_SHARE_EXCLUSIVE, SCARD_SHARE_SHARED, SCardBeginTransaction, SCardConnect, SCardDisconnect,
    SCardEndTransaction, SCardEstablishContext, SCardReleaseContext,
)


def main(mode: str, reader: str) -> int:
    rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if rc != SCARD_S_SUCCESS:
        print(f"ERROR establish {rc & 0xFFFFFFFF:#010x}", flush=True)
        return 1
    share = SCARD_SHARE_EXCLUSIVE if mode == "exclusive" else SCARD_SHARE_SHARED
    rc, card, _ = SCardConnect(ctx, reader, share, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
    if rc != SCARD_S_SUCCESS:
        print(f"ERROR connect {rc & 0xFFFFFFFF:#010x}", flush=True)
        return 1
    if mode == "transaction":
        rc = SCardBeginTransaction(card)
        if rc != SCARD_S_SUCCESS:
            print(f"ERROR transaction {rc & 0xFFFFFFFF:#010x}", flush=True)
            return 1
    print("READY", flush=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sys.stdin], [], [], 0.5)
        if ready and not sys.stdin.buffer.read1(1024):
            break
    if mode == "transaction":
        SCardEndTransaction(card, SCARD_LEAVE_CARD)
    SCardDisconnect(card, SCARD_LEAVE_CARD)
    SCardReleaseContext(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
