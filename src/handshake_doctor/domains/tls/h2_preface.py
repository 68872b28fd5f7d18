"""The HTTP/2 connection preface (RFC 9113 §3.4): does a server that selected ``h2`` speak it?

Why: ALPN only says what the TLS terminator advertises. A terminator that selects h2 in front of
an HTTP/1.1-only backend, or a server that selects h2 and then closes, breaks every HTTP/2 client
after a handshake that looks healthy. The probe sends only the client preface and an empty
SETTINGS frame (no request, no stream is opened) and reads the server's first frame: a server
that speaks HTTP/2 sends SETTINGS first. Pure: bytes in, a reading out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CLIENT_MAGIC = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
FRAME_HEADER = 9
TYPE_DATA, TYPE_HEADERS, TYPE_SETTINGS, TYPE_GOAWAY = 0x0, 0x1, 0x4, 0x7
FLAG_ACK = 0x1
MAX_READ = 16 * 1024  # the server's preface is one SETTINGS frame (a few dozen bytes); more is not needed

#: RFC 9113 §6.5.2 SETTINGS parameters
SETTINGS_NAMES = {
    0x1: "HEADER_TABLE_SIZE", 0x2: "ENABLE_PUSH", 0x3: "MAX_CONCURRENT_STREAMS", 0x4: "INITIAL_WINDOW_SIZE",
    0x5: "MAX_FRAME_SIZE", 0x6: "MAX_HEADER_LIST_SIZE", 0x8: "ENABLE_CONNECT_PROTOCOL", 0x9: "NO_RFC7540_PRIORITIES",
}
#: RFC 9113 §7 error codes (GOAWAY, RST_STREAM)
ERROR_NAMES = {
    0x0: "NO_ERROR", 0x1: "PROTOCOL_ERROR", 0x2: "INTERNAL_ERROR", 0x3: "FLOW_CONTROL_ERROR", 0x4: "SETTINGS_TIMEOUT",
    0x5: "STREAM_CLOSED", 0x6: "FRAME_SIZE_ERROR", 0x7: "REFUSED_STREAM", 0x8: "CANCEL", 0x9: "COMPRESSION_ERROR",
    0xA: "CONNECT_ERROR", 0xB: "ENHANCE_YOUR_CALM", 0xC: "INADEQUATE_SECURITY", 0xD: "HTTP_1_1_REQUIRED",
}


def frame(ftype: int, flags: int, stream: int, payload: bytes = b"") -> bytes:
    return len(payload).to_bytes(3, "big") + bytes([ftype, flags]) + (stream & 0x7FFFFFFF).to_bytes(4, "big") + payload


def client_preface() -> bytes:
    """What the probe sends after ALPN selected h2: the magic and an empty SETTINGS frame."""
    return CLIENT_MAGIC + frame(TYPE_SETTINGS, 0, 0)


@dataclass
class H2Reply:
    #: settings (a SETTINGS frame first: HTTP/2 is spoken), goaway, http1 (HTTP/1.x text),
    #: other (a first frame that is not SETTINGS, or bytes that are no frame), empty
    kind: str
    settings: dict[str, int] = field(default_factory=dict)
    goaway_error: str = ""
    goaway_debug: str = ""
    detail: str = ""


def _frames(data: bytes, limit: int = 8) -> list[tuple[int, int, int, bytes]]:
    out: list[tuple[int, int, int, bytes]] = []
    pos = 0
    while pos + FRAME_HEADER <= len(data) and len(out) < limit:
        n = int.from_bytes(data[pos:pos + 3], "big")
        end = pos + FRAME_HEADER + n
        if end > len(data):
            break
        out.append((data[pos + 3], data[pos + 4], int.from_bytes(data[pos + 5:pos + 9], "big") & 0x7FFFFFFF, data[pos + 9:end]))
        pos = end
    return out


def enough(data: bytes) -> bool:
    """Stop reading: the server's first frame is complete (or the bytes are not HTTP/2 at all)."""
    if len(data) >= MAX_READ:
        return True
    if data[:5] == b"HTTP/" or (data[:1].isalpha() and b"\n" in data):
        return True
    frames = _frames(data)
    if not frames:
        return len(data) >= FRAME_HEADER and int.from_bytes(data[:3], "big") > MAX_READ  # an absurd length: do not wait for it
    return frames[0][0] != TYPE_SETTINGS or any(t in (TYPE_SETTINGS, TYPE_GOAWAY) and not (t == TYPE_SETTINGS and fl & FLAG_ACK)
                                                 for t, fl, _s, _p in frames)


def read_reply(data: bytes) -> H2Reply:
    """What the server answered to the client preface (never raises)."""
    if not data:
        return H2Reply("empty", detail="no byte after the preface")
    if data[:5] == b"HTTP/" or data[:1].isalpha():
        line = data.split(b"\n", 1)[0][:80].decode("latin-1").strip()
        return H2Reply("http1", detail=f"HTTP/1.x text: {line!r}")
    frames = _frames(data)
    if not frames:
        return H2Reply("other", detail=f"{len(data)} bytes that are no complete HTTP/2 frame: {data[:16].hex(' ')}")
    for ftype, flags, _stream, payload in frames:
        if ftype == TYPE_GOAWAY and len(payload) >= 8:
            code = int.from_bytes(payload[4:8], "big")
            name = ERROR_NAMES.get(code, f"0x{code:X}")
            debug = payload[8:200].decode("utf-8", "replace")
            return H2Reply("goaway", goaway_error=name, goaway_debug=debug, detail=f"GOAWAY {name}" + (f" ({debug!r})" if debug else ""))
    ftype, flags, _stream, payload = frames[0]
    if ftype != TYPE_SETTINGS:
        return H2Reply("other", detail=f"the first frame is type {ftype}, not SETTINGS (RFC 9113 §3.4)")
    settings = {SETTINGS_NAMES.get(int.from_bytes(payload[i:i + 2], "big"), f"0x{int.from_bytes(payload[i:i + 2], 'big'):X}"):
                int.from_bytes(payload[i + 2:i + 6], "big") for i in range(0, len(payload) - len(payload) % 6, 6)}
    shown = ", ".join(f"{k}={v}" for k, v in list(settings.items())[:6]) or "empty"
    return H2Reply("settings", settings=settings, detail=f"SETTINGS {shown}")
