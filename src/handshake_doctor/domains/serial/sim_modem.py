"""A Hayes AT modem, device side, sans-I/O (ITU-T V.250 command line rules, from memory).

Why echo matters: with echo on (ATE1, the default) the host reads its own command before the
result code, which is what confuses hosts that expect ``OK`` first. Read-only by construction:
queries and echo/verbosity settings are answered; dialling, profile writes and SMS sending are
refused with ERROR and recorded. Also the host side: ``command`` and ``parse_result``.
"""

from __future__ import annotations

from ...device import ANSWERED, IGNORED, REFUSED, Codec, Command, Output

MAX_LINE = 256
#: command prefixes (upper case, after AT) that would act on the world: refused
ACTIONS = ("D", "&W", "+CMGS", "+CMGW", "+CMGD", "+CFUN", "+CPIN=", "+CLCK", "+CPWD", "+COPS=", "A", "H", "+CMSS")
INFO: dict[str, str] = {
    "I": "hsdoctor simulated modem",
    "I0": "hsdoctor simulated modem",
    "+GMI": "HSDOCTOR",
    "+CGMI": "HSDOCTOR",
    "+GMM": "SIM-MODEM-1",
    "+CGMM": "SIM-MODEM-1",
    "+GMR": "1.0.0",
    "+CGMR": "1.0.0",
    "+CSQ": "+CSQ: 20,99",
    "+CREG?": "+CREG: 0,1",
}


def command(text: str) -> bytes:
    """A command line as a host sends it: ``AT...`` + CR."""
    return (text if text.upper().startswith("AT") else "AT" + text).encode("ascii") + b"\r"


def parse_result(reply: bytes) -> str | None:
    """The final result code in a reply (``OK``, ``ERROR``, ``0``, ``4``), or None."""
    for line in reversed(reply.replace(b"\r\n", b"\r").split(b"\r")):
        word = line.strip().decode("ascii", "replace")
        if word in ("OK", "ERROR", "0", "4", "NO CARRIER", "CONNECT", "BUSY", "NO DIALTONE"):
            return word
    return None


class Modem(Codec):
    name = "modem"
    default_baud = 115200
    framing = "8N1"

    def __init__(self, *, echo: bool = True) -> None:
        self.echo = echo
        self.verbose = True
        self._line = bytearray()

    def _result(self, ok: bool) -> bytes:
        if self.verbose:
            return b"\r\nOK\r\n" if ok else b"\r\nERROR\r\n"
        return b"0\r" if ok else b"4\r"

    def receive(self, data: bytes) -> Output:
        out = bytearray()
        cmds: list[Command] = []
        for b in data:
            if self.echo:
                out.append(b)
            if b in (0x0D, 0x0A):
                if b == 0x0D and self._line:
                    reply, cmd = self._execute(bytes(self._line))
                    out += reply
                    cmds.append(cmd)
                self._line.clear()
            elif b in (0x08, 0x7F):
                del self._line[-1:]
            elif len(self._line) < MAX_LINE:
                self._line.append(b)
        return Output(bytes(out), tuple(cmds))

    def _execute(self, raw: bytes) -> tuple[bytes, Command]:
        text = raw.decode("ascii", "replace").strip()
        up = text.upper().replace(" ", "")
        if not up.startswith("AT"):
            return b"", Command(text or "noise", raw, IGNORED, False, "not an AT command line")
        body = up[2:]
        if body == "":
            return self._result(True), Command("AT", raw)
        if body in ("E0", "E1", "E"):
            self.echo = body == "E1"
            return self._result(True), Command(f"AT{body}", raw)
        if body in ("V0", "V1", "V"):
            self.verbose = body == "V1"
            return self._result(True), Command(f"AT{body}", raw)
        if body in ("Z", "Z0"):
            self.echo, self.verbose = True, True
            return self._result(True), Command("ATZ", raw)
        if body in INFO:
            info = INFO[body].encode()
            lead = b"\r\n" if self.verbose else b""
            return lead + info + b"\r\n" + self._result(True), Command(f"AT{body}", raw)
        if any(body.startswith(a) for a in ACTIONS):
            return self._result(False), Command(f"AT{body}", raw, REFUSED, True, "read-only simulator")
        return self._result(False), Command(f"AT{body}", raw, REFUSED, False, "unknown command")
