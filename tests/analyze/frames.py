"""Build frames and capture files byte by byte for the reader tests (pcap-savefile(5), pcapng
draft §4, RFC 791/8200/9293 headers). Checksums are left zero: analyze never checks them, as a
capture taken with offloading has wrong ones anyway."""

from __future__ import annotations

import ipaddress
import struct

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def tcp(sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"") -> bytes:
    return struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0) + payload


def ipv4(src: str, dst: str, seg: bytes, ttl: int = 64, ipid: int = 1) -> bytes:
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), ipid, 0x4000, ttl, 6, 0,
                       ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed) + seg


def ipv6(src: str, dst: str, seg: bytes, hops: int = 64) -> bytes:
    return struct.pack("!IHBB16s16s", 6 << 28, len(seg), 6, hops, ipaddress.IPv6Address(src).packed, ipaddress.IPv6Address(dst).packed) + seg


def ether(ip: bytes, vlans: tuple[int, ...] = ()) -> bytes:
    et = 0x86DD if ip[0] >> 4 == 6 else 0x0800
    tags = b"".join(struct.pack("!HH", 0x8100, v) for v in vlans)
    return b"\x02" * 6 + b"\x04" * 6 + tags + struct.pack("!H", et) + ip


def sll2(ip: bytes) -> bytes:
    et = 0x86DD if ip[0] >> 4 == 6 else 0x0800
    return struct.pack("!HHIHBB8s", et, 0, 1, 772, 0, 6, b"\x00" * 8) + ip


def null(ip: bytes) -> bytes:
    return struct.pack("<I", 30 if ip[0] >> 4 == 6 else 2) + ip


def pcap(frames: list[tuple[float, bytes]], linktype: int = 1, snaplen: int = 65535) -> bytes:
    out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype))
    for t, f in frames:
        cap = f[:snaplen]
        out += struct.pack("<IIII", int(t), int(round((t - int(t)) * 1e6)), len(cap), len(f)) + cap
    return bytes(out)


def pcapng(frames: list[tuple[float, bytes]], linktype: int = 1, nanoseconds: bool = False) -> bytes:
    def block(btype: int, body: bytes) -> bytes:
        body += b"\x00" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", btype, n) + body + struct.pack("<I", n)

    shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    opts = struct.pack("<HHB3x", 9, 1, 9) + struct.pack("<HH", 0, 0) if nanoseconds else b""
    idb = block(1, struct.pack("<HHI", linktype, 0, 0) + opts)
    out = bytearray(shb + idb)
    unit = 1e9 if nanoseconds else 1e6
    for t, f in frames:
        ts = int(round(t * unit))
        out += block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(f), len(f)) + f)
    return bytes(out)


class Conv:
    """A TCP conversation between a client and a server, as frames: handshake, data, close."""

    def __init__(self, client: str = "10.0.0.1", server: str = "10.0.0.2", cport: int = 40000, sport: int = 443, v6: bool = False,
                 link=ether) -> None:  # type: ignore[no-untyped-def]
        self.c, self.s, self.cp, self.sp, self.v6, self.link = client, server, cport, sport, v6, link
        self.cseq, self.sseq = 1000, 5000
        self.t = 1_700_000_000.0
        self.frames: list[tuple[float, bytes]] = []

    def _ip(self, frm_client: bool, seg: bytes, ttl: int = 64) -> bytes:
        a, b = (self.c, self.s) if frm_client else (self.s, self.c)
        return ipv6(a, b, seg, ttl) if self.v6 else ipv4(a, b, seg, ttl)

    def send(self, frm_client: bool, flags: int, payload: bytes = b"", dt: float = 0.001, ttl: int = 64, seq: int | None = None) -> tuple[float, bytes]:
        self.t += dt
        if frm_client:
            s = self.cseq if seq is None else seq
            seg = tcp(self.cp, self.sp, s, self.sseq, flags | (ACK if flags != SYN else 0), payload)
            if seq is None:
                self.cseq += len(payload) + (1 if flags & (SYN | FIN) else 0)
        else:
            s = self.sseq if seq is None else seq
            seg = tcp(self.sp, self.cp, s, self.cseq, flags | ACK, payload)
            if seq is None:
                self.sseq += len(payload) + (1 if flags & (SYN | FIN) else 0)
        f = (self.t, self.link(self._ip(frm_client, seg, ttl)))
        self.frames.append(f)
        return f

    def open(self) -> "Conv":
        self.send(True, SYN)
        self.send(False, SYN)
        self.send(True, ACK)
        return self
