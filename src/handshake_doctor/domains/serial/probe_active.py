"""Active phase of ``hsdoctor probe serial://``: send handshake and read-only bytes, judge the replies.

Why a fixed, short menu of probes: each one is a byte sequence that a device either answers in a
way no other device does (STM32 ACK 79, STK500 14 10, an esptool SYNC response, MTK complements,
M-Bus E5, a DL/T 645 reply frame, an AT result code), or ignores. Every request comes from the
codecs' host-side encoders, which refuse anything that writes, erases, jumps or unlocks
(ValueError): this module cannot build an unsafe request even by mistake.

Order: cheapest first (one byte before a frame), at the rate the passive phase suggested, then the
usual rates; meters only at their rates, with even parity (8E1) where the port can carry it. The
first certain answer ends the search. Every read has a short window; the whole phase stops at
the probe's deadline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ...knowledge.table import rx
from ...model import Evidence, Finding, Fix, Snippet
from ...transports.deadline import Deadline
from ..bootloaders.avr import knowledge as avr_kb
from ..bootloaders.avr import protocol as stk
from ..bootloaders.esp import knowledge as esp_kb
from ..bootloaders.esp import protocol as esp
from ..bootloaders.mtk import knowledge as mtk_kb
from ..bootloaders.mtk import protocol as mtk
from ..bootloaders.stm32 import knowledge as stm_kb
from ..bootloaders.stm32 import protocol as stm
from ..meter import dlt645, iec62056_21, mbus
from . import sim_modem

#: Rates tried after the passive suggestion, in this order (brief of issue 5).
RATES = (115200, 57600, 9600, 19200, 38400, 230400, 921600, 2400)
#: Wait for a reply after the request left: generous for a UART device, short enough for 9 rates.
REPLY_S = 0.035
#: Stop reading once the line has been quiet this long after the first byte.
QUIET_S = 0.02
SRC = "observed by this probe (active phase); request bytes from the codec's host-side encoder"
_TEXT = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


@dataclass(frozen=True)
class Exchange:
    """One request and what came back, at one line setting."""

    probe: str
    line: str
    sent: bytes
    got: bytes

    def evidence(self, where: str) -> list[Evidence]:
        return [Evidence("bytes", self.sent.hex(" ").upper(), where, f"{self.probe}: sent at {self.line}"),
                Evidence("bytes", self.got.hex(" ").upper() or "(nothing)", where, f"{self.probe}: received at {self.line}")]


@dataclass
class ActiveResult:
    """What the active phase found: ``findings[0]`` names the device when ``identified``; otherwise
    the findings (text instead of a handshake, a running sketch) take their place by severity, after
    what the earlier phases proved (a text device, a baud mismatch)."""

    findings: list[Finding] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    identified: bool = False
    settings: str = ""
    lead: str = ""  # code of an earlier phase's finding that names the device (goes first)


class _Line:
    """The open port seen as a sequence of request/reply exchanges at a chosen rate and framing."""

    def __init__(self, port, where: str, is_pty: bool, deadline: Deadline, log: list[Exchange]) -> None:  # type: ignore[no-untyped-def]
        self.port = port
        self.where = where
        self.is_pty = is_pty
        self.deadline = deadline
        self.log = log
        self.rate = 0
        self.framing = "8N1"

    @property
    def label(self) -> str:
        return f"{self.rate} {self.framing}"

    def set(self, rate: int, framing: str) -> bool:
        """Switch the host side; False when the port refuses (a pty cannot carry parity)."""
        from ...transports.serial_port import LineRequest, PortOpenError

        if framing != "8N1" and self.is_pty:
            return False
        try:
            if rate != self.rate:
                self.port.set_baud(rate)
            if framing != self.framing:
                self.port.apply_framing(LineRequest(rate, int(framing[0]), framing[1], 1.0))
        except (PortOpenError, ValueError, OSError) as exc:
            del exc
            return False
        except Exception:  # a driver refusing a rate is a result, not a crash
            return False
        self.rate, self.framing = rate, framing
        return True

    def ask(self, probe: str, data: bytes, expect: int = 8) -> bytes:
        """Send ``data``, read the reply within a short window (scaled for ``expect`` bytes)."""
        if self.deadline.remaining() <= 0.01:
            return b""
        self.port.discard_input()
        char_s = 11.0 / max(self.rate, 1)
        end = time.monotonic() + min(REPLY_S + char_s * (len(data) + expect), self.deadline.remaining())
        self.port.write(data, end)
        got = self.port.read_for(end, 4096, quiet_after=QUIET_S + 2 * char_s)
        self.log.append(Exchange(probe, self.label, data, got))
        return got


_SEVEN_BIT_AT = ("It answered with 7 data bits, not 8: set the host to 7 data bits with parity. Which parity (even or odd) "
                 "is not proven by this answer: the host's UART strips the parity bit, and many modems take the parity "
                 "from the 'AT' they receive.")


def _is_text(data: bytes) -> bool:
    """Readable text, not printable-looking noise from a rate mismatch: a word of 3+ letters too."""
    if len(data) < 4 or sum(b in _TEXT for b in data) < 0.9 * len(data):
        return False
    return rx(r"[A-Za-z]{3}").search(data.decode("latin-1")) is not None


def _finding(code: str, summary: str, ex: list[Exchange], where: str, *, severity: str = "info", confidence: float = 0.95,
             detail: str = "", fixes: list[Fix] | None = None, sources: list[str] | None = None, **data: object) -> Finding:
    ev: list[Evidence] = []
    for e in ex[-4:]:
        ev += e.evidence(where)
    line_text = str(data.get("line") or (ex[0].line if ex else ""))
    rate, _, framing = line_text.partition(" ")
    if "baud" not in data and rate.isdigit():  # every device finding says at which settings (docs/JSON.md)
        data["baud"], data["framing"] = int(rate), framing or "8N1"
    return Finding(code=code, domain=code.split(".")[0], summary=summary, detail=detail, severity=severity,  # type: ignore[arg-type]
                   confidence=confidence, evidence=ev, fixes=fixes or [], sources=[SRC, *(sources or [])],
                   data={**data, "exchanges": [{"probe": e.probe, "line": e.line, "sent": e.sent.hex(" "), "got": e.got.hex(" ")} for e in ex[-6:]]})


# ------------------------------------------------------------------------------------ the probes
class _Probe:
    """Shared state of one run: the line, what was seen so far, the exchanges of this probe."""

    def __init__(self, line: _Line) -> None:
        self.line = line
        self.echo: list[Exchange] = []  # requests that came back verbatim
        self.text: list[Exchange] = []  # requests answered with text

    def _mark(self, ex: Exchange) -> None:
        if ex.got and ex.got == ex.sent:
            self.echo.append(ex)
        elif _is_text(ex.got):
            self.text.append(ex)

    def at(self) -> Finding | None:
        # a leading CR ends whatever line noise from an earlier rate left in the modem's buffer
        sent = b"\r" + sim_modem.command("AT")
        got = self.line.ask("AT", sent, 12)
        result = sim_modem.parse_result(got)
        ex = self.line.log[-1]
        if result in ("OK", "0"):
            echo = got.startswith(sent)
            return _finding("serial.modem_at", f"A Hayes AT modem answers at {self.line.label} ({result}{', command echo on' if echo else ''})",
                            [ex], self.line.where, device="modem", mode="echo-on" if echo else "echo-off",
                            baud=self.line.rate, framing=self.line.framing, result=result,
                            detail=(("The modem echoes each command before its result (ATE1); a host that expects the "
                                     "result first reads its own command. Send ATE0 to turn echo off. " if echo else "")
                                    + (_SEVEN_BIT_AT if self.line.framing.startswith("7") else "")).strip())
        self._mark(ex)
        return None

    def stm32(self) -> Finding | None:
        got = self.line.ask("STM32 sync 0x7F", stm.sync(), 1)
        first = self.line.log[-1]
        if got[-1:] not in (bytes([stm.ACK]), bytes([stm.NACK])):
            self._mark(first)
            return None
        synced_before = got[-1] == stm.NACK
        reply = self.line.ask("STM32 GET_ID", stm.request(stm.GET_ID), 5)
        pid = stm.parse_get_id(reply)
        ex = self.line.log[-2:]
        where = self.line.where
        if pid is None:
            if synced_before or self.line.framing != "8N1":
                return None  # a stray 1F/79 from something else; not certain
            return _finding("bootloader.stm32.parity_mismatch",
                            f"An STM32 bootloader ACKs 0x7F at {self.line.label} but fails the next command: the host is not in 8E1",
                            ex, where, severity="error", confidence=0.85, device="stm32", mode="bootloader",
                            baud=self.line.rate, framing=self.line.framing,
                            detail="AN3155 uses even parity. A single 0x7F survives 8N1 (its parity bit equals a stop bit), "
                                   "a two-byte command does not.",
                            fixes=[Fix("Use 8E1 (stm32flash does by default; do not pass -m 8n1).", "user", "stm32flash -b 57600 PORT")],
                            sources=["ST AN3155 §2 (8E1); facts/serial.md §4.2"])
        row = stm_kb.device(pid)
        name = row.name if row else "a product ID this tool does not know"
        note = " (it was already synced: it NACKed 0x7F)" if synced_before else ""
        pty_note = " The port is a pty, so parity could not be set: on a real UART use 8E1." if self.line.is_pty else ""
        return _finding("bootloader.stm32.found",
                        f"STM32 system bootloader at {self.line.label}: product ID 0x{pid:03X} ({name}){note}",
                        ex, where, device="stm32", mode="bootloader", baud=self.line.rate, framing=self.line.framing,
                        pid=pid, chip=row.name if row else "", detail=("The bootloader answered GET_ID." + pty_note).strip(),
                        sources=[row.source] if row else [])

    def avr(self) -> Finding | None:
        req = stk.request(stk.GET_SYNC)
        got = b""
        for attempt in range(3):  # avrdude also repeats GET_SYNC: the first may meet a half-read command
            got = self.line.ask("STK500 GET_SYNC", req, 2)
            if stk.NOSYNC not in got:  # only an out-of-step answer is worth a repeat
                break
            if attempt < 2:
                # out of step: an earlier probe byte was taken as a command that still waits for its
                # CRC_EOP; give it one so the next GET_SYNC starts on a command boundary
                self.line.ask("STK500 CRC_EOP (resync)", bytes([stk.CRC_EOP]), 2)
        ex = self.line.log[-1]
        if not got.endswith(bytes([stk.INSYNC, stk.OK])):
            self._mark(ex)
            return None
        sig_reply = self.line.ask("STK500 READ_SIGN", stk.request(stk.READ_SIGN), 5)
        sig = stk.parse_signature(sig_reply)
        part = ""
        sources: list[str] = []
        if sig is not None:
            row = avr_kb.signature(int.from_bytes(sig, "big"))
            part = row.part if row else ""
            sources = [row.source] if row else []
        what = f"signature {sig.hex(' ').upper()}" + (f" = {part}" if part else "") if sig else "signature not read"
        return _finding("bootloader.avr.found", f"An STK500v1 bootloader (Optiboot) answers at {self.line.label}: {what}",
                        self.line.log[-2:], self.line.where, device="avr", mode="bootloader", baud=self.line.rate,
                        framing=self.line.framing, signature=sig.hex() if sig else "", part=part,
                        fixes=[Fix(f"avrdude -c arduino -b {self.line.rate} -P PORT -p {part or 'PART'}", "user")],
                        sources=["Atmel AVR061 (STK500 protocol)", *sources])

    def esp(self) -> Finding | None:
        got = self.line.ask("esptool SYNC", esp.sync_request(), 96)
        ex = self.line.log[-1]
        packets, _rest = esp.SlipDecoder().feed(got)
        synced = any((r := esp.parse_response(p)) is not None and r[0] == esp.SYNC for p in packets)
        if not synced:
            self._mark(ex)
            return None
        chip = ""
        sources: list[str] = ["esptool loader.py sync (facts/serial.md §3.1)"]
        reply = self.line.ask("esptool READ_REG 0x40001000", esp.read_reg_request(0x40001000), 16)
        for p in esp.SlipDecoder().feed(reply)[0]:
            r = esp.parse_response(p)
            if r is not None and r[0] == esp.READ_REG:
                row = esp_kb.chip_for_magic(r[1])
                chip = row.chip if row else f"unknown (magic 0x{r[1]:08X})"
                if row:
                    sources.append(row.source)
                break
        return _finding("bootloader.esp.found",
                        f"An Espressif ROM loader answers SYNC at {self.line.label}" + (f": chip {chip}" if chip else ""),
                        self.line.log[-2:] if chip else [ex], self.line.where, device="esp", mode="download",
                        baud=self.line.rate, framing=self.line.framing, chip=chip, sources=sources)

    def mtk(self) -> Finding | None:
        sent = bytearray()
        got_all = bytearray()
        for i, b in enumerate(mtk.start_bytes()):
            got = self.line.ask(f"MTK start byte {i + 1}/4", bytes([b]), 1)
            sent.append(b)
            got_all += got
            if got[-1:] == bytes([mtk.expected_reply(i)]):
                continue
            if got == bytes([b]):
                return self._mtk_echo(bytes(sent), bytes(got_all))
            self._mark(self.line.log[-1])
            return None
        start = Exchange("MTK start A0 0A 50 05", self.line.label, bytes(sent), bytes(got_all))
        bl = self.line.ask("MTK GET_BL_VER", mtk.request(mtk.GET_BL_VER), 1)
        preloader = bool(bl) and bl[-1] != mtk.GET_BL_VER
        hw = self.line.ask("MTK GET_HW_CODE", mtk.request(mtk.GET_HW_CODE), 5)
        hw_code = int.from_bytes(hw[1:3], "big") if len(hw) >= 5 and hw[0] == mtk.GET_HW_CODE else None
        cfg = self.line.ask("MTK GET_TARGET_CONFIG", mtk.request(mtk.GET_TARGET_CONFIG), 7)
        flags = mtk.parse_target_config(cfg[1:]) if cfg[:1] == bytes([mtk.GET_TARGET_CONFIG]) else None
        row = mtk_kb.chip(hw_code) if hw_code is not None else None
        mode = "preloader" if preloader else "brom"
        chip = row.chip if row else (f"hw code 0x{hw_code:04X}" if hw_code is not None else "")
        on = [k.upper() for k, v in (flags or {}).items() if v]
        auth = ("SBC/SLA/DAA off: any download agent for this chip will do, no auth file." if flags is not None and not on else
                f"{'/'.join(on)} on: " + " ".join(filter(None, (
                    "SBC: images must be signed." if "SBC" in on else "",
                    "SLA: the tool needs this device's auth file (or an exploit) before anything else." if "SLA" in on else "",
                    "DAA: only a download agent signed for this device is accepted." if "DAA" in on else "")))
                if flags is not None else "target config not read")
        code = "bootloader.mtk.preloader" if preloader else "bootloader.mtk.brom"
        what = "preloader" if preloader else "BootROM (BROM)"
        f = _finding(code, f"A MediaTek {what} answers at {self.line.label}" + (f": {chip}" if chip else "") + f"; {auth}",
                     [start, *self.line.log[-3:]], self.line.where, device="mtk", mode=mode, baud=self.line.rate,
                     framing=self.line.framing, hw_code=hw_code, chip=chip, target_config=flags or {},
                     bl_version=bl[-1] if bl else None, sources=[row.source] if row else [])
        return f

    def _mtk_echo(self, sent: bytes, got: bytes) -> Finding | None:
        """A0 came back as A0: an MTK left in its command phase, or anything that echoes. GET_VERSION
        (FF) tells them apart: the MTK answers its version byte, an echo returns FF."""
        ver = self.line.ask("MTK GET_VERSION (echo check)", mtk.request(mtk.GET_VERSION), 1)
        ex = [Exchange("MTK start byte 1/4", self.line.label, sent, got), self.line.log[-1]]
        if len(ver) == 1 and ver != bytes([mtk.GET_VERSION]):
            return _finding("bootloader.mtk.echo_not_complement",
                            f"A MediaTek device at {self.line.label} echoes A0 instead of answering 5F: it is still in a command session",
                            ex, self.line.where, severity="error", confidence=0.85, device="mtk", mode="echo",
                            baud=self.line.rate, framing=self.line.framing, version=ver[0],
                            detail=f"GET_VERSION got 0x{ver[0]:02X}, not an echo: the BROM/preloader is past its start "
                                   "sequence (an earlier tool left it there).",
                            fixes=[Fix("Power-cycle or re-plug the device in download mode, then connect once.", "device")],
                            sources=["mtkclient: 'Echo mismatch' when the start byte comes back unchanged (facts/serial.md §4.1)"])
        self.echo.append(ex[0])
        return None

    def mbus(self) -> Finding | None:
        req = mbus.snd_nke(0xFE)
        got = self.line.ask("M-Bus SND_NKE", req, 1)
        if got[-1:] != bytes([mbus.ACK]) or (len(got) > 1 and got == req):
            self._mark(self.line.log[-1])
            return None
        nke = self.line.log[-1]
        # REQ_UD2 only reads (class 2 user data); its answer shows the 0x68 a foreign host trips over
        reply = self.line.ask("M-Bus REQ_UD2 (read)", mbus.req_ud2(0xFE), 64)
        start = reply.find(bytes([mbus.LONG_START]))
        frame = mbus.parse(reply[start:]) if start >= 0 else None
        header = mbus.decode_rsp_ud(frame) if isinstance(frame, mbus.MBusFrame) else None
        extra: dict[str, object] = {}
        summary = f"An M-Bus meter acknowledges SND_NKE (E5) at {self.line.label}"
        detail = ("Its data replies are long frames that begin 68 L L 68: a host expecting another protocol "
                  "reads 0x68 as an 'unexpected response'.")
        if isinstance(header, mbus.RspUd) and isinstance(frame, mbus.MBusFrame):
            summary = (f"An M-Bus meter answers at {self.line.label}: {header.medium_name} meter, "
                       f"manufacturer {header.manufacturer}, id {header.ident}")
            detail = (f"SND_NKE got E5, REQ_UD2 got a long frame starting 0x68 (RSP_UD, CI 72, checksum "
                      f"{'ok' if frame.checksum_ok else 'WRONG'}). 0x68 is the start byte of every M-Bus long frame: "
                      "a host expecting another protocol reads it as an 'unexpected response 0x68'.")
            extra = {"ident": header.ident, "manufacturer": header.manufacturer, "medium": header.medium_name,
                     "address": frame.a, "checksum_ok": frame.checksum_ok}
        return _finding("meter.mbus", summary, [nke, self.line.log[-1]] if extra else [nke],
                        self.line.where, device="mbus", mode="slave", baud=self.line.rate, framing=self.line.framing,
                        detail=detail, sources=["EN 13757-2 (SND_NKE, single character E5; REQ_UD2 -> RSP_UD long frame 68 L L 68)",
                                                 "EN 13757-3 §6 (CI 72 fixed header)"], **extra)

    def dlt645(self) -> Finding | None:
        got = self.line.ask("DL/T 645 read address", dlt645.read_address(preamble=4), 24)
        ex = self.line.log[-1]
        start = got.find(bytes([dlt645.START]))
        frame = dlt645.parse(got[start:]) if start >= 0 else None
        if frame is None or not isinstance(frame, dlt645.DLT645Frame) or not frame.is_reply or got == ex.sent:
            self._mark(ex)
            return None
        return _finding("meter.dlt645", f"A DL/T 645 meter answers at {self.line.label}: address {frame.address_text}",
                        [ex], self.line.where, device="dlt645", mode="meter", baud=self.line.rate, framing=self.line.framing,
                        address=frame.address_text, checksum_ok=frame.checksum_ok,
                        sources=["DL/T 645-2007 §7 (read communication address, C=13)"])

    def iec62056(self) -> Finding | None:
        """The sign-on request only: the acknowledgement that would follow changes the rate and
        can enter programming mode, so it is never sent."""
        got = self.line.ask("IEC 62056-21 sign-on", iec62056_21.request(), 24)
        ex = self.line.log[-1]
        ident = iec62056_21.parse_identification(got)
        if ident is None:
            self._mark(ex)
            return None
        return _finding("meter.iec62056_21", f"An IEC 62056-21 meter (optical D0 port) answers the sign-on at {self.line.label}: {ident.summary}",
                        [ex], self.line.where, device="iec62056", mode=f"mode {ident.mode}", baud=self.line.rate, framing=self.line.framing,
                        manufacturer=ident.manufacturer, identification=ident.ident, baud_char=ident.baud_char,
                        protocol_mode=ident.mode, max_baud=ident.max_baud,
                        detail=("The meter stays silent until it gets '/?!' CR LF at 300 baud, 7 data bits, even parity: a host at "
                                "another rate or at 8N1 gets nothing, or its text with bit 7 set on half the characters. "
                                + (f"After the sign-on it offers {ident.max_baud} baud: acknowledge with ACK 0 {ident.baud_char} 0 CR LF "
                                   "(data readout) and switch the host to that rate." if ident.mode != "A" else "It offers no rate change (mode A).")),
                        fixes=[Fix("Open the port at 300 baud 7E1 and send the sign-on before anything else.", "user",
                                   snippets=(Snippet("pyserial", "s = serial.Serial(PORT, 300, bytesize=7, parity='E', stopbits=1, timeout=2)\n"
                                                                  "s.write(b'/?!\\r\\n'); print(s.readline())"),))],
                        sources=[iec62056_21.SOURCE])


# ------------------------------------------------------------------------------- the search
#: (probe, framings in the order tried, rates it applies to; None = every candidate rate)
_PLAN: tuple[tuple[str, tuple[str, ...], frozenset[int] | None], ...] = (
    ("at", ("8N1",), None),
    # the STM32 and ESP ROMs measure the host's rate (autobaud): a few rates are enough
    ("stm32", ("8E1",), frozenset({115200, 57600, 9600})),
    ("avr", ("8N1",), frozenset({115200, 57600, 19200})),  # Optiboot, old ATmega168/Nano, Duemilanove
    ("esp", ("8N1",), frozenset({115200})),
    ("mtk", ("8N1",), frozenset({115200, 921600})),
    ("mbus", ("8E1",), frozenset({2400, 9600})),
    ("dlt645", ("8E1",), frozenset({2400, 9600})),
)
#: Asked only after every probe of _PLAN at every rate went unanswered, so the devices found there
#: pay nothing for these:
#: - Hayes modems, industrial ones most, also run 7E1, and an 8N1 "AT" reaches them with parity
#:   errors and gets no answer (at the rates 7E1 equipment keeps to; the user's rate when named);
#: - meters at the slow rates their standards also allow (M-Bus 300, DL/T 645 1200), which are
#:   not in the general rate list because every probe there costs a few hundred milliseconds.
_LATE_PLAN: tuple[tuple[str, tuple[str, ...], frozenset[int] | None], ...] = (
    ("at", ("7E1",), frozenset({9600, 19200, 2400})),
    ("iec62056", ("7E1",), frozenset({300})),  # an optical meter port always starts at 300 7E1
    ("mbus", ("8E1",), frozenset({300})),
    ("dlt645", ("8E1",), frozenset({1200})),
)
_GENERAL = frozenset({"at", "stm32", "avr", "esp"})
_ESP_LOG = ("ets ", "rst:0x", "boot:0x", "rst cause:")
_CONSOLE = ("U-Boot", "login:", "Linux version", "Starting kernel", "BusyBox")


def candidate_rates(suggested: int | None) -> list[int]:
    out = [suggested] if suggested else []
    return out + [r for r in RATES if r != suggested]


#: ``--expect`` names (what the user's tool talks to) -> the probe of that protocol
EXPECTABLE: dict[str, str] = {"stm32": "stm32", "avr": "avr", "esp": "esp", "mtk": "mtk", "modem": "at", "mbus": "mbus", "dlt645": "dlt645",
                              "iec62056": "iec62056"}


def _plan(expect: str | None) -> tuple[tuple[str, tuple[str, ...], frozenset[int] | None], ...]:
    """The expected protocol first (the user's tool told us what it talks to), then the rest."""
    name = EXPECTABLE.get(expect or "")
    if not name:
        return _PLAN
    return tuple(p for p in _PLAN if p[0] == name) + tuple(p for p in _PLAN if p[0] != name)


def run_active(port, where: str, is_pty: bool, deadline: Deadline, passive: list[Finding], suggested: int | None,  # type: ignore[no-untyped-def]
               search: bool = True, asked: int | None = None, expect: str | None = None) -> ActiveResult:
    """Send the safe probes until one answer is certain or the deadline comes. ``search`` False:
    only at ``suggested`` (the user's --no-search).

    ``asked`` is the rate the user named. Every probe is sent at it, meters and MTK included:
    the user's own host already talks at that rate, so the frames arrive as sent (the garbling
    that keeps meter frames away from other rates cannot happen there), and a meter wired to a
    115200 converter is only found there."""
    res = ActiveResult()
    line = _Line(port, where, is_pty, deadline, res.exchanges)
    probe = _Probe(line)
    seen = {f.code: f for f in passive}
    if "serial.gps_nmea" in seen:
        res.notes.append("Active probes not sent: the passive phase already identified a GPS receiver.")
        res.lead, res.identified = "serial.gps_nmea", True
        return res
    text = seen.get("serial.text_device")
    if text is not None:
        return _text_device(probe, text, res, expect)
    parity_skipped = False
    rates_to_try = candidate_rates(suggested) if search or not suggested else [suggested]
    passes = [(rate, step) for rate in rates_to_try for step in _plan(expect)]
    late: list[tuple[int, tuple[str, tuple[str, ...], frozenset[int] | None]]] = []
    for step in _LATE_PLAN:
        own = [r for r in rates_to_try if step[2] is None or r in step[2]] + sorted((step[2] or set()) - set(rates_to_try), reverse=True)
        late += [(rate, step) for rate in (own if search or not suggested else rates_to_try)]
    # --expect names what the user's tool talks: a protocol only asked late then comes first
    # (--expect iec62056), and the other late probes - slow rates, 7-bit framings, several hundred
    # milliseconds each - are left out (--expect modem keeps its AT at 7E1)
    expected = EXPECTABLE.get(expect or "")
    if expected and not any(p[0] == expected for p in _PLAN):
        passes = [x for x in late if x[1][0] == expected] + passes
    elif expected:
        passes += [x for x in late if x[1][0] == expected]
    else:
        passes += late
    out_of_time = False
    for rate, (name, framings, rates) in passes:
        if out_of_time:
            break
        # the suggested rate gets the general probes; frames for meters and MTK only go out at
        # their own rates: sent at a wrong rate they arrive as arbitrary bytes (a garbled DL/T 645
        # frame reached an STK500 loader as a PROG_PAGE header, which then swallowed everything)
        if rates is not None and rate not in rates and not (rate == suggested and name in _GENERAL) and rate != asked:
            continue
        for framing in framings:
            if deadline.remaining() <= 0.02:
                res.notes.append("The active phase stopped at --timeout; raise it to try more rates.")
                out_of_time = True
                break
            if not line.set(rate, framing):
                # 8E1 asked at 8N1 still reaches an STM32 (its NACK says so); 7-bit asked at 8
                # bits is the 8N1 probe again
                if framing == "8N1" or framing[0] == "7" or not line.set(rate, "8N1"):
                    continue
                parity_skipped = True  # the port cannot carry parity: ask at 8N1 and say so
            found = getattr(probe, name)()
            if found is not None:
                res.findings.append(found)
                res.identified = True
                res.settings = line.label
                if parity_skipped:
                    res.notes.append("The port cannot carry parity (a pty or a limited driver), so 8E1 probes were sent as 8N1.")
                return res
    if parity_skipped:
        res.notes.append("The port cannot carry parity (a pty or a limited driver), so 8E1 probes were sent as 8N1.")
    res = _finish(probe, res)
    if expect == "stm32" and not res.identified:
        _stm32_never_answered(probe, res)
    return res


def _stm32_never_answered(probe: _Probe, res: ActiveResult) -> None:
    """--expect stm32 and no ACK to 0x7F at any rate tried: the system bootloader is not running."""
    tried = [e for e in res.exchanges if e.probe == "STM32 sync 0x7F"]
    if not tried:
        return
    lines = sorted({e.line for e in tried})
    res.findings.append(_finding(
        "bootloader.stm32.not_in_bootloader",
        f"No STM32 system bootloader answered 0x7F ({', '.join(lines[:4])}): the chip is not in its bootloader",
        tried[-2:], probe.line.where, severity="error", confidence=0.6, device="stm32", mode="not-bootloader",
        detail=("The ROM bootloader answers 0x7F with ACK 0x79 at any rate from 1200 to 115200 (it measures the host's "
                "rate). No answer means it is not running - BOOT0 was low at reset, or the application disabled it - "
                "or the host's TX/RX do not reach USART1/the bootloader's pins."),
        fixes=[Fix("Hold BOOT0 high (BOOT1 low where present) and reset, then connect within a second.", "device"),
               Fix("Check that the adapter is wired to a bootloader USART (AN2606 lists the pins per part).", "user")],
        sources=["ST AN2606 (system memory boot mode; pattern per part)", "ST AN3155 §2 (0x7F -> 0x79 ACK, autobaud)"]))


def _finish(probe: _Probe, res: ActiveResult) -> ActiveResult:
    """No device answered a handshake: say what did come back (an echo), if anything."""
    if probe.text:
        ex = probe.text[:2]
        sample = ex[0].got.decode("latin-1")
        res.findings.append(_finding("serial.text_device", f"The device prints text at {ex[0].line} instead of answering handshakes: {sample.strip()[:60]!r}",
                                     ex, probe.line.where, confidence=0.8, line=ex[0].line, text=sample[:200],
                                     detail="A console or running program; a bootloader handshake gets this text instead of its reply.",
                                     fixes=[Fix("If you expect a bootloader, put the device into it (boot pins/buttons, reset) before the tool connects.", "device")]))
    elif probe.echo:
        ex = probe.echo[:3]
        res.findings.append(_finding("serial.echo", f"Every request came back unchanged ({len(probe.echo)} echoed): something echoes at {ex[0].line}",
                                     ex, probe.line.where, severity="error", confidence=0.8,
                                     detail="A loopback plug, TX wired to RX, an adapter with local echo, or a device stuck "
                                            "in a mode that echoes; no handshake reply came back.",
                                     fixes=[Fix("Check the wiring (TX to the device's RX) and remove any loopback.", "device")],
                                     line=ex[0].line))
        res.identified = True
        res.settings = ex[0].line
    return res


def _text_device(probe: _Probe, text: Finding, res: ActiveResult, expect: str | None = None) -> ActiveResult:
    """The device already prints text: name what prints, and show that a handshake gets text back.

    Which chip runs the program cannot be told from its text, so without ``--expect`` the text
    device stays the answer and the handshakes only show what each tool would meet; with it, the
    finding is in that tool's terms (a running sketch for avrdude, not-in-bootloader for an STM32)."""
    sample = str(text.data.get("text", ""))
    label = str(text.data.get("line", ""))
    where = probe.line.where
    try:
        rate = int(label.split()[0])
    except (ValueError, IndexError):
        return res
    framing = label.split()[-1] if len(label.split()) > 1 else "8N1"
    probe.line.rate, probe.line.framing = rate, framing  # the port is already there
    if any(s in sample for s in _ESP_LOG):
        probe.esp()
        res.findings.append(_finding("bootloader.esp.boot_log",
                                     f"An ESP chip prints its ROM boot log at {label}: it booted from flash, not into download mode",
                                     res.exchanges[-1:], where, severity="error", confidence=0.9, device="esp", mode="boot-log",
                                     baud=rate, framing=framing, text=sample[:200],
                                     fixes=[Fix("Hold BOOT (GPIO0 low) while resetting, or let esptool reset it (--before default-reset).", "device")],
                                     sources=["Espressif ROM boot messages (facts/serial.md §3.1)"]))
        res.identified, res.settings = True, label
        return res
    if any(s in sample for s in _CONSOLE):
        res.notes.append("The text is an operating-system console (boot loader / login banner): no handshake probe sent.")
        return res
    if expect == "stm32":
        return _text_instead_of_stm32(probe, res, label, rate, framing)
    got = probe.line.ask("STK500 GET_SYNC", stk.request(stk.GET_SYNC), 2)
    if got.endswith(bytes([stk.INSYNC, stk.OK])):
        found = probe.avr()
        if found is not None:
            res.findings.append(found)
            res.identified, res.settings = True, label
        return res
    if _is_text(got) and expect != "avr":
        first = got.lstrip(b"\r\n")[:1] or got[:1]
        res.notes.append(
            f"Handshakes get the program's text back (first byte 0x{first[0]:02X}): avrdude prints 'not in sync: resp=0x{first[0]:02X}', "
            f"esptool 'Invalid head of packet (0x{first[0]:02X})', stm32flash 'Failed to init device'. To have the finding in your "
            "tool's terms, name it: --expect avr|stm32|esp|mtk|modem|mbus|dlt645|iec62056.")
        return res
    if _is_text(got):
        res.findings.append(_finding("bootloader.avr.sketch_running",
                                     f"An application answers STK500 GET_SYNC with its own text at {label}: a running sketch, not the bootloader",
                                     res.exchanges[-1:], where, confidence=0.6, device="avr", mode="sketch",
                                     baud=rate, framing=framing,
                                     detail="avrdude would print 'not in sync: resp=0x..' with the first text byte.",
                                     fixes=[Fix("Reset the board right before uploading (DTR/auto-reset, or press reset), or burn a bootloader.", "device")],
                                     sources=["avrdude 7.1 stk500_getsync (facts/serial.md §3.1, §4.4)"]))
        # the handshake was answered, with text: that names what runs (the brief of issue 5)
        res.identified, res.settings = True, label
    return res


def _text_instead_of_stm32(probe: _Probe, res: ActiveResult, label: str, rate: int, framing: str) -> ActiveResult:
    """--expect stm32 and the device prints text: does 0x7F still get the bootloader's ACK?"""
    found = probe.stm32()
    if found is not None:
        res.findings.append(found)
        res.identified, res.settings = True, label
        return res
    ex = res.exchanges[-1:]
    got = ex[0].got if ex else b""
    if _is_text(got) or not got:
        shown = (got.decode("latin-1").strip()[:40] or "nothing")
        res.findings.append(_finding(
            "bootloader.stm32.not_in_bootloader",
            f"An application runs instead of the STM32 bootloader: 0x7F at {label} got {shown!r}",
            ex, probe.line.where, severity="error", confidence=0.85, device="stm32", mode="app", baud=rate, framing=framing,
            detail=("The chip booted from flash (BOOT0 low): its program prints text and ignores the bootloader's 0x7F. "
                    "stm32flash reports 'Failed to init device'; a tool that reads one byte reports the text's first byte."),
            fixes=[Fix("Hold BOOT0 high (BOOT1 low where present) and reset, then run the flasher.", "device"),
                   Fix("Or jump to the bootloader from the application (AN2606 'jump to system memory') if the firmware offers it.", "device")],
            sources=["ST AN2606 (boot modes)", "stm32flash 0.7 against a printing device (facts/serial.md §3.2)"]))
        res.identified, res.settings = True, label
    return res
