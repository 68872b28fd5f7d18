"""The line model against the measured table in facts/serial.md §2.2.

Each row carries the facts' own answer (copied from the table, never from the model) and the
model configuration that row names. Where the table names none, the configuration that reproduces
it is stated; several rows of §2.2 turn out to be "resync" rows although §2.1 says the tables use
"idle" unless stated (reported to the lead). Knife-edge rows (exact integer ratios with a slower
receiver, facts §2.6) accept the set of answers the facts list, or use the 0.4 % clock offset
that takes the sample points off the transmitter's bit edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from handshake_doctor.domains.serial.line import Framing, LineSettings, delivered, transmit

GGA = b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"
OK = b"OK\r\n"
EDGE_IDLE = {"receiver": "edge", "after_error": "idle"}
EDGE_RESYNC = {"receiver": "edge", "after_error": "resync"}


@dataclass
class Row:
    sent: bytes
    tx: str  # "115200 8N1"
    rx: str
    facts: tuple[str, ...]  # accepted answers; a trailing "…" means "starts with"
    model: dict[str, object] = field(default_factory=lambda: dict(EDGE_IDLE))
    why: str = ""

    @property
    def id(self) -> str:
        return f"{self.sent[:8]!r} {self.tx}->{self.rx} {self.model.get('receiver')}/{self.model.get('after_error', 'idle')}"


def settings(text: str) -> LineSettings:
    baud, _, framing = text.partition(" ")
    return LineSettings(int(baud), Framing.parse(framing or "8N1"))


def received(row: Row, **extra: object) -> str:
    kw = {**row.model, **extra}
    return " ".join(str(f) for f in transmit(row.sent, settings(row.tx), settings(row.rx), **kw))  # type: ignore[arg-type]


def matches(got: str, fact: str) -> bool:
    return got.startswith(fact[:-1].rstrip()) if fact.endswith("…") else got == fact


ROWS = [
    Row(GGA, "4800", "9600", ("60!FE 98 60!FE BRK 66!FE 60!FE 7E!FE 66!FE 06!FE 86 06!FE 18!FE 78!FE 1E!FE 98 E6 98 E0 98 F8 18!FE 86 …",)),
    Row(GGA, "4800", "9600", ("60!FE 0C 7E!FE 30 BRK 66!FE 3F!FE …",), EDGE_RESYNC, "named: resync"),
    Row(b"$GPGGA", "9600", "4800", ("B9 BE E7",)),
    Row(GGA, "4800", "38400", ("BRK BRK BRK 80 BRK 80 BRK 80 80 80 …",)),
    Row(OK, "115200", "9600", ("FC",)),
    Row(OK, "115200", "57600", ("0C CC",), {**EDGE_IDLE, "clock_error": 0.004}, "knife edge: 0.4 % offset"),
    Row(OK, "115200", "57600", ("0C CC",), {"receiver": "16x", "clock_error": 0.004}, "knife edge: 0.4 % offset"),
    Row(OK, "115200", "74880", ("43 39 E1",)),
    Row(OK, "115200", "38400", ("33!FE FE",), EDGE_RESYNC, "reproduced with resync only"),
    Row(OK, "115200", "19200", ("E9",), {**EDGE_IDLE, "clock_error": 0.004}, "knife edge: 0.4 % offset"),
    Row(OK, "115200", "19200", ("E9",), {"receiver": "16x"}),
    Row(OK, "115200", "4800", ("FF", "")),
    Row(OK, "115200", "2400", ("", "FF")),
    Row(OK, "115200", "1200", ("",)),
    Row(OK, "115200", "230400", ("FE 98 9E 98 E6 80 98 80",)),
    Row(OK, "115200", "460800", ("F8 80 78!FE FC 78!FE …",), EDGE_RESYNC, "reproduced with resync only"),
    Row(OK, "115200", "921600", ("80 BRK 80 80 80 BRK 80 80 80 BRK BRK 80 BRK",)),
    Row(b"AT\r", "9600", "115200", (" ".join(["BRK"] * 10),)),
    Row(b"AT\r", "115200", "9600", ("FE",)),
    Row(OK, "115200 8E1", "115200 8N1", ("4F 4B!FE 0D 0A!FE",), EDGE_IDLE, "named: idle"),
    Row(OK, "115200 8E1", "115200 8N1", ("4F 4B!FE 35!FE A6!FE F0",), EDGE_RESYNC, "named: resync"),
    Row(OK, "115200 8N1", "115200 8E1", ("4F!FE 4B!FE!PE 0D!FE 0A!PE",), EDGE_RESYNC, "reproduced with resync only"),
    Row(OK, "9600 7E1", "9600 8N1", ("CF 4B 8D 0A",)),
    Row(OK, "9600 8N1", "9600 7E1", ("4F!PE 4B 0D!PE 0A",)),
    Row(bytes.fromhex("a00a5005"), "115200", "921600", ("BRK 80 BRK 80 BRK BRK 80 80 80 80 BRK",)),
    Row(bytes.fromhex("5ff5affa"), "921600", "115200", ("FD", "FF"), EDGE_IDLE, "knife edge (ratio 8): facts FD, 16x FD/FF, sigrok FF"),
    Row(bytes.fromhex("5ff5affa"), "115200", "921600", ("80 80 80 80 80 80 80 80 80 BRK 80",)),
    Row(b"\x79", "57600 8E1", "115200 8E1", ("86 FE",)),
    Row(b"\x79", "115200 8E1", "57600 8E1", ("FB", "FF!PE", "FE"), EDGE_IDLE, "knife edge: facts FB, 16x FF!PE, sigrok FE"),
    Row(bytes.fromhex("790B310001021121314363738292 79".replace(" ", "")), "57600 8E1", "57600 8N1",
        ("79 0B 31 BRK 01 02 11!FE 21!FE 31 43 63!FE 73 82!FE 92 79",), EDGE_IDLE, "named: idle"),
    Row(b"\x7f", "57600 8N1", "57600 8E1", ("7F",)),
    Row(b"\x01\xfe", "57600 8N1", "57600 8E1", ("01!FE",)),
    Row(b"\x00\xff", "57600 8N1", "57600 8E1", ("00!FE!PE FF!PE",), EDGE_RESYNC, "reproduced with resync only"),
    Row(b"\x14\x10", "115200", "57600", ("48", "49", "4B"), EDGE_IDLE, "knife edge: facts 48, 16x 49/4B"),
    Row(b"\x14\x10", "57600", "115200", ("60!FE 03 BRK E0",), EDGE_RESYNC, "reproduced with resync only"),
    # The ESP8266 ROM banner starts with a space; the facts row elides the rest of the line.
    Row(b" ets Jan  8 2013,rst cause:2, ", "74880", "115200", ("00 6C 9C!FE 90 72!FE 9E!FE BRK 8C!FE 62 02 E2 6E!FE …",), EDGE_RESYNC, "reproduced with resync only"),
    Row(b"\xe5", "2400 8E1", "9600 8N1", ("78!FE 3C!FE E0",), EDGE_RESYNC, "reproduced with resync only"),
    Row(b"\xe5", "2400 8E1", "2400 8N1", ("E5",)),
    Row(bytes.fromhex("fefefefe68"), "2400 8E1", "9600 8N1", ("80 80 80 80 BRK F8 F8",)),
]
# Left out: STK500 `15 15 15` 115200 -> 57600 "first byte 0C" (facts 3.2, seen through a live pty
# simulator). No receiver, policy, phase, clock offset (±1 %) or gap reproduces 0C here; the model
# gives EB/EF (or BRK with a slow clock). Reported to the lead rather than hidden in a wide set.


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_facts_row(row: Row) -> None:
    got = received(row)
    assert any(matches(got, fact) for fact in row.facts), f"model: {got!r}  facts: {row.facts}  ({row.why})"


def test_gps_4800_at_9600_counts_and_what_pyserial_reads() -> None:
    """106 frames, 51 with a framing error of which 6 breaks; a pyserial reader got these bytes."""
    frames = transmit(GGA, settings("4800"), settings("9600"), receiver="edge")
    assert len(frames) == 106
    assert sum(f.framing_error for f in frames) == 51
    assert sum(f.brk for f in frames) == 6
    assert delivered(frames).startswith(b"`\x98`\x00f`~f\x06\x86\x06\x18x\x1e\x98\xe6\x98\xe0\x98\xf8")
    assert len(transmit(GGA, settings("4800"), settings("9600"), receiver="edge", after_error="resync")) == 133


def test_gps_9600_at_4800_knife_edge() -> None:
    """Facts: 33 frames, 9 FE, values B9 BE 67 28 EB 6B A5 0C CA 48 8C 86 08 48 C8 29 A9 B7 AB …
    At this exact 2:1 ratio one stop sample lands on an edge, so the FE count may differ by one."""
    frames = transmit(GGA, settings("9600"), settings("4800"), receiver="edge")
    assert len(frames) == 33
    assert [f.value for f in frames[:19]] == list(bytes.fromhex("B9BE6728EB6BA50CCA488C860848C829A9B7AB"))
    assert abs(sum(f.framing_error for f in frames) - 9) <= 1


@pytest.mark.parametrize("sent,tx,rx,facts_16x", [
    (OK, "115200", "9600", {"FC", "FD"}),       # "16x receiver: FD or FC by phase"
    (b"AT\r", "115200", "9600", {"FE", "FF"}),  # "FE (16x FF)"
    (bytes.fromhex("5ff5affa"), "921600", "115200", {"FD", "FF"}),  # "16x FD/FF"
])
def test_16x_answers_by_phase_stay_in_the_facts_set(sent: bytes, tx: str, rx: str, facts_16x: set[str]) -> None:
    got = {" ".join(str(f) for f in transmit(sent, settings(tx), settings(rx), receiver="16x", phase=p / 16)) for p in range(16)}
    assert got <= facts_16x and got


def test_16x_reproduces_the_named_16x_answers() -> None:
    """Rows that name a 16x answer: OK 115200->74880 '16x: 43 19 E1'; 79 8E1 115200->57600 '16x FF!PE'."""
    phases = [p / 16 for p in range(16)]
    a = {" ".join(map(str, transmit(OK, settings("115200"), settings("74880"), phase=p))) for p in phases}
    b = {" ".join(map(str, transmit(b"\x79", settings("115200 8E1"), settings("57600 8E1"), phase=p))) for p in phases}
    assert "43 19 E1" in a
    assert "FF!PE" in b
