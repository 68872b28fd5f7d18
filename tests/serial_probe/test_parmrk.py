"""Line errors as evidence: the PARMRK decoder, the framing it infers, the transport that turns
marking on (checked against the real kernel on a pty), and the probe using it end to end.

Why these tests: pyserial hides framing errors, so before this an 8E1 device read at 8N1 looked
like a clean 8N1 text device. With INPCK+PARMRK the errors are marked in the stream; a device's
parity bit breaks exactly the characters of one popcount parity, which names its framing.
"""

from __future__ import annotations

import json
import os
import select
import termios
import tty

from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_doctor.cli import main
from handshake_doctor.domains.serial.line import Framing, LineSettings, transmit
from handshake_doctor.domains.serial.parmrk import parity_from_errors, unmark
from handshake_doctor.simulate.physics import mark
from handshake_doctor.transports.serial_port import LineRequest, open_port

TEXT = b"sensor ready, temp=21.5 C. uptime 12 s\r\n"


def test_unmark_reads_the_three_kernel_forms() -> None:
    u = unmark(b"ab\xff\x00cd\xff\xff\xff\x00\x00")
    assert u.values == b"abcd\xff\x00"
    assert u.errors == frozenset({2, 5})  # 'c' in error, then a BREAK (FF 00 00)


def test_a_cut_mark_is_kept_as_a_byte() -> None:
    assert unmark(b"a\xff").values == b"a\xff"
    assert unmark(b"a\xff\x00").values == b"a\xff\x00" and not unmark(b"a\xff\x00").errors


@given(st.lists(st.tuples(st.integers(0, 255), st.booleans()), max_size=200))
@settings(max_examples=400, deadline=None)
def test_unmark_inverts_the_simulators_marking(frames: list[tuple[int, bool]]) -> None:
    values = bytes(v for v, _ in frames)
    bad = [b for _, b in frames]
    u = unmark(mark(values, bad))
    assert u.values == values
    assert u.errors == frozenset(i for i, b in enumerate(bad) if b)


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_unmark_never_raises(stream: bytes) -> None:
    u = unmark(stream)
    assert len(u.values) <= len(stream) and all(i < len(u.values) for i in u.errors)


def _read_as_8n1(sent_framing: str) -> tuple[bytes, frozenset[int]]:
    """The line model: TEXT sent at 9600 with ``sent_framing``, received at 9600 8N1."""
    frames = transmit(TEXT, LineSettings(9600, Framing.parse(sent_framing)), LineSettings(9600, Framing.parse("8N1")))
    values = bytes(f.value & 0xFF for f in frames)
    return values, frozenset(i for i, f in enumerate(frames) if f.framing_error or f.parity_error or f.brk)


def test_parity_is_named_from_the_line_models_errors() -> None:
    assert parity_from_errors(*_read_as_8n1("8E1")) == "E"
    assert parity_from_errors(*_read_as_8n1("8O1")) == "O"
    values, errors = _read_as_8n1("8N1")
    assert not errors and parity_from_errors(values, errors) == ""
    assert _read_as_8n1("8E1")[0] == TEXT  # the values survive: only the marks tell


def test_errors_without_the_parity_split_name_nothing() -> None:
    assert parity_from_errors(TEXT, frozenset(range(0, len(TEXT), 3))) == ""
    assert parity_from_errors(TEXT, frozenset({1})) == ""  # too few to tell
    assert parity_from_errors(b"hello\r\n", frozenset({1, 2, 3, 4, 6})) == "E"  # one short line is enough
    assert parity_from_errors(b"hel", frozenset({1, 2})) == ""


def test_marking_on_a_real_pty_matches_the_kernel() -> None:
    """The transport sets INPCK+PARMRK, keeps them across a rate change (pyserial clears PARMRK
    on every reconfigure), and the kernel's own escaping of a data FF is undone by unmark()."""
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    port = open_port(path, LineRequest(115200), exclusive=False)
    try:
        assert port.mark_errors(True)
        fd = port.raw.fd
        assert termios.tcgetattr(fd)[0] & termios.PARMRK and termios.tcgetattr(fd)[0] & termios.INPCK
        port.set_baud(9600)
        assert termios.tcgetattr(fd)[0] & termios.PARMRK, "set_baud dropped PARMRK"
        os.write(master, b"\xffA\x00z")
        select.select([fd], [], [], 1.0)
        import time

        raw = port.read_for(time.monotonic() + 0.5, 64, quiet_after=0.1)
        assert raw == b"\xff\xffA\x00z", raw  # n_tty doubled the data FF
        u = unmark(raw)
        assert u.values == b"\xffA\x00z" and not u.errors
        port.mark_errors(False)
        assert not termios.tcgetattr(fd)[0] & termios.PARMRK
    finally:
        port.close()
        os.close(master)
        os.close(slave)


def _probe(capsys, url: str, *extra: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    main(["probe", f"serial://hsdsim://{url}", "--json", "--timeout", "5", *extra])
    return json.loads(capsys.readouterr().out)


LOG = "banner=&period=0.3&text=sensor%20ready,%20temp%3D21.5%20C.%5Cr%5Cn"


def test_an_8e1_console_is_named_8e1_without_being_told(capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, f"chatter?baud=9600&framing=8E1&{LOG}")
    top = doc["findings"][0]
    assert top["code"] == "serial.text_device", doc["findings"]
    assert (top["data"]["baud"], top["data"]["framing"]) == (9600, "8E1"), top["data"]
    assert "at 8E1 the errors stopped" in top["detail"]
    steps = {s["name"]: s for s in doc["steps"]}
    assert steps["confirm at 9600 8E1"]["status"] == "ran" and "0 frame errors" in steps["confirm at 9600 8E1"]["detail"]
    assert "serial.framing_mismatch" not in [f["code"] for f in doc["findings"]]  # nothing was asked


def test_an_8o1_console_is_named_8o1(capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, f"chatter?baud=19200&framing=8O1&{LOG}")
    top = doc["findings"][0]
    assert (top["code"], top["data"]["baud"], top["data"]["framing"]) == ("serial.text_device", 19200, "8O1"), doc["findings"]


def test_a_host_that_named_8n1_is_told_its_framing_is_wrong(capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, f"chatter?baud=9600&framing=8E1&{LOG}", "--baud", "9600")
    codes = [f["code"] for f in doc["findings"]]
    assert codes[0] == "serial.framing_mismatch", codes
    f = doc["findings"][0]
    assert f["data"] == {"framing": "8E1", "asked": "8N1"}
    assert "serial.baud_mismatch" not in codes
    assert doc["exit_code"] == 1


def test_an_8n1_console_stays_8n1(capsys) -> None:  # type: ignore[no-untyped-def]
    doc = _probe(capsys, f"chatter?baud=9600&{LOG}", "--baud", "9600")
    top = doc["findings"][0]
    assert (top["code"], top["data"]["framing"]) == ("serial.text_device", "8N1"), doc["findings"]
    assert not any(s["name"].startswith("confirm at") for s in doc["steps"])


def test_a_flood_of_line_ends_and_marks_cannot_hang_the_probe(capsys) -> None:  # type: ignore[no-untyped-def]
    """A hostile peer writes line ends and fake error marks in tiny pieces as fast as it can: the
    early-stop check is bounded and the probe ends at its --timeout with a finding."""
    import fcntl
    import threading
    import time

    master, slave = os.openpty()
    tty.setraw(slave)
    fcntl.fcntl(master, fcntl.F_SETFL, fcntl.fcntl(master, fcntl.F_GETFL) | os.O_NONBLOCK)
    stop = threading.Event()

    def flood() -> None:
        for _ in range(2_000_000):
            if stop.is_set():
                return
            try:
                os.write(master, b"\n\xff\x00a\r")
            except BlockingIOError:
                time.sleep(0.0005)
            except OSError:
                return

    thread = threading.Thread(target=flood, daemon=True)
    thread.start()
    try:
        t0 = time.monotonic()
        rc = main(["probe", f"serial://{os.ttyname(slave)}", "--json", "--timeout", "3"])
        took = time.monotonic() - t0
    finally:
        stop.set()
        thread.join(timeout=5)
        os.close(master)
        os.close(slave)
    doc = json.loads(capsys.readouterr().out)
    assert took < 3.6, took
    assert doc["findings"] and rc in (0, 1)
