"""Link layer and IP down to a TCP segment: the few fields a handshake judge needs.

Link types (https://www.tcpdump.org/linktypes.html): 1 Ethernet (with stacked 802.1Q/802.1ad
VLAN tags), 0 BSD loopback/null (address family in host byte order), 108 OpenBSD loopback
(network order), 113 Linux cooked SLL, 276 Linux cooked SLL2, 101/12/14 raw IP, 228 IPv4,
229 IPv6. IPv4 (RFC 791: the total length trims Ethernet padding; later fragments are skipped)
and IPv6 (RFC 8200 with hop-by-hop, routing, fragment and destination-options headers).

Why one function returning a tuple: this runs once per packet, so it does no allocation beyond
the payload slice and the address bytes (bench/analyze_pcap.py).
"""

from __future__ import annotations

import struct

_U16 = struct.Struct("!H")
_TCP = struct.Struct("!HHIIBB")
ETH, NULL, LOOP, SLL, SLL2, RAW, RAW12, RAW14, IPV4, IPV6 = 1, 0, 108, 113, 276, 101, 12, 14, 228, 229
LINK_NAMES = {ETH: "Ethernet", NULL: "BSD loopback", LOOP: "OpenBSD loopback", SLL: "Linux cooked (SLL)",
              SLL2: "Linux cooked v2 (SLL2)", RAW: "raw IP", RAW12: "raw IP", RAW14: "raw IP", IPV4: "raw IPv4", IPV6: "raw IPv6"}
SUPPORTED = frozenset(LINK_NAMES)
_IPV6_EXT = frozenset((0, 43, 60))
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

#: (src addr bytes, src port, dst addr bytes, dst port, seq, ack, flags, payload, ttl, ip id)
Segment = tuple


def ip_offset(linktype: int, data: bytes) -> int:
    """Where the IP header starts, or -1 when the frame carries no IP."""
    if linktype == ETH:
        if len(data) < 14:
            return -1
        et = (data[12] << 8) | data[13]
        off = 14
        while et in (0x8100, 0x88A8, 0x9100) and len(data) >= off + 4:
            et = (data[off + 2] << 8) | data[off + 3]
            off += 4
        return off if et in (0x0800, 0x86DD) else -1
    if linktype == SLL2:
        if len(data) < 20:
            return -1
        et = (data[0] << 8) | data[1]
        return 20 if et in (0x0800, 0x86DD) else -1
    if linktype == SLL:
        if len(data) < 16:
            return -1
        et = (data[14] << 8) | data[15]
        return 16 if et in (0x0800, 0x86DD) else -1
    if linktype in (NULL, LOOP):
        return 4 if len(data) >= 5 and data[4] >> 4 in (4, 6) else -1
    if linktype in (RAW, RAW12, RAW14, IPV4, IPV6):
        return 0
    return -1


def tcp_segment(linktype: int, data: bytes) -> Segment | None:
    """The TCP segment in a frame, or None (not IP, not TCP, a later fragment, too short)."""
    off = ip_offset(linktype, data)
    if off < 0 or len(data) < off + 20:
        return None
    v = data[off] >> 4
    if v == 4:
        ihl = (data[off] & 0x0F) * 4
        if data[off + 9] != 6 or ihl < 20:
            return None
        if (data[off + 6] & 0x1F) or data[off + 7]:  # fragment offset != 0: not the TCP header
            return None
        total = (data[off + 2] << 8) | data[off + 3]
        end = off + total if total >= ihl else len(data)
        src, dst = data[off + 12:off + 16], data[off + 16:off + 20]
        ttl = data[off + 8]
        ipid = (data[off + 4] << 8) | data[off + 5]
        t = off + ihl
    elif v == 6:
        if len(data) < off + 40:
            return None
        nxt = data[off + 6]
        plen = (data[off + 4] << 8) | data[off + 5]
        end = off + 40 + plen if plen else len(data)
        src, dst = data[off + 8:off + 24], data[off + 24:off + 40]
        ttl = data[off + 7]
        ipid = -1
        t = off + 40
        hops = 0
        while nxt != 6 and hops < 8:
            hops += 1
            if nxt in _IPV6_EXT and len(data) >= t + 8:
                nxt, t = data[t], t + 8 + data[t + 1] * 8
            elif nxt == 44 and len(data) >= t + 8:  # fragment header: only the first fragment has TCP
                if _U16.unpack_from(data, t + 2)[0] & 0xFFF8:
                    return None
                nxt, t = data[t], t + 8
            else:
                return None
        if nxt != 6:
            return None
    else:
        return None
    if len(data) < t + 20:
        return None
    sport, dport, seq, ack, doff, flags = _TCP.unpack_from(data, t)
    hl = (doff >> 4) * 4
    if hl < 20:
        return None
    end = min(end, len(data))
    payload = data[t + hl:end] if end > t + hl else b""
    return src, sport, dst, dport, seq, ack, flags, payload, ttl, ipid


_HOSTS: dict[bytes, str] = {}


def endpoint(addr: bytes, port: int) -> str:
    """``ip:port`` or ``[v6]:port``. The address text is cached (bounded): a capture names the same
    few hosts in every connection, and ipaddress's formatting is most of this function's cost."""
    host = _HOSTS.get(addr)
    if host is None:
        import ipaddress

        host = str(ipaddress.IPv4Address(addr)) if len(addr) == 4 else f"[{ipaddress.IPv6Address(addr)}]"
        if len(_HOSTS) >= 4096:
            _HOSTS.clear()
        _HOSTS[addr] = host
    return f"{host}:{port}"
