"""Copies of one capture in other encapsulations, for "the same verdicts on every copy".

pcapng: editcap -F pcapng (Wireshark's own converter). Linux cooked v2 comes from tcpdump -i any
(capture_lab.py). 802.1Q: no Debian tool inserts a VLAN tag into a file, so this module does it
to an Ethernet pcap: 4 bytes (TPID 0x8100, TCI) after the two MAC addresses of every frame, the
record lengths grown by 4 (pcap-savefile(5), IEEE 802.1Q §9.6). Test-only code.
"""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path


def to_pcapng(src: Path, dst: Path) -> Path:
    subprocess.run(["editcap", "-F", "pcapng", str(src), str(dst)], check=True, capture_output=True, timeout=60)
    return dst


def add_vlan(src: Path, dst: Path, vlan: int = 42, stacked: bool = False) -> Path:
    data = src.read_bytes()
    assert data[:4] == b"\xd4\xc3\xb2\xa1", "little-endian microsecond pcap expected"
    assert struct.unpack_from("<I", data, 20)[0] == 1, "Ethernet link type expected"
    out = bytearray(data[:24])
    tag = struct.pack("!HH", 0x8100, vlan)
    if stacked:
        tag = struct.pack("!HH", 0x88A8, 7) + tag
    pos = 24
    while pos + 16 <= len(data):
        sec, usec, caplen, origlen = struct.unpack_from("<IIII", data, pos)
        frame = data[pos + 16:pos + 16 + caplen]
        out += struct.pack("<IIII", sec, usec, caplen + len(tag), origlen + len(tag)) + frame[:12] + tag + frame[12:]
        pos += 16 + caplen
    dst.write_bytes(bytes(out))
    return dst
