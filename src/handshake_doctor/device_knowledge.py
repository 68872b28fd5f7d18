"""What the embedded domains (serial, boot loaders, meters) share to explain a tool's words.

Why in the core: the boot loader and meter domains read the same kinds of input as `serial`
(a line a real tool printed, a byte that may be a line mismatch's product) and reuse its fixes
(the port, the wiring, the rate). When these lived in ``domains/serial``, every other embedded
domain imported serial's internals; now each imports only the core.

- :class:`ToolMessage`, the row type of "a real tool printed this line", with its matcher and
  the finding it leads to (one shape means one matcher and one test);
- :data:`SERIAL_FIXES`, the fixes of the line and the port, by key;
- :data:`KNOWN_PRODUCTS`, first bytes a host reads for known replies across known mismatches;
- :func:`exact_seven_bit_parity`, :func:`bytes_in_scope`: tests on the input's bytes.
"""

from __future__ import annotations

from .knowledge.table import Table, rx
from .model import Evidence, Finding, Fix, Snippet
from .record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .textparse import ParsedInput

F_SERIAL = "facts/serial.md"  # the project's measured notes (Debian 12, pyserial 3.5, avrdude 7.1...)


@record(frozen=True)
class ToolMessage:
    """A line a real tool prints, what it means, and the finding it leads to."""

    pattern: str  # regular expression, case-insensitive; named groups feed the explanation
    tool: str  # "avrdude", "esptool", "pyserial"...
    meaning: str  # one line, in our words
    code: str  # finding code ("" = the line only names the tool and its domain)
    confidence: float  # of the finding, given the domain is right
    source: str
    fixes: tuple[str, ...] = ()  # keys into the domain's fixes.FIXES
    severity: str = "error"


def matching(rows: Table | tuple[ToolMessage, ...], text: str) -> list[tuple[ToolMessage, object]]:
    """Every row whose pattern occurs in ``text``, with its match, in table order."""
    out = []
    for row in rows:
        m = rx(row.pattern).search(text)
        if m:
            out.append((row, m))
    return out



@record(frozen=True)
class KnownProduct:
    """A byte a host reads when a known reply crosses a known mismatch (forward model, measured)."""

    got: int  # the first byte the host reads
    sent: str  # what the device sent
    tx: str  # device baud/framing
    rx: str  # host baud/framing
    kind: str  # "baud" or "framing"
    source: str


KNOWN_PRODUCTS = Table(
    "known_mismatch_products",
    (
        KnownProduct(0x0C, "STK500 NOSYNC 15 15 15 (Optiboot)", "115200 8N1", "57600 8N1", "baud", F_SERIAL + " §2.2, §3.2 (avrdude -b 57600: resp=0x0c)"),
        KnownProduct(0xEF, "STK500 NOSYNC 15 15 15", "115200 8N1", "19200 8N1", "baud", F_SERIAL + " §3.2 (avrdude -b 19200: resp=0xef)"),
        KnownProduct(0x48, "STK500 14 10 (INSYNC OK)", "115200 8N1", "57600 8N1", "baud", F_SERIAL + " §2.2"),
        KnownProduct(0x66, "STK500 answers to GET_SYNC (Optiboot)", "57600 8N1", "115200 8N1", "baud", "observed with avrdude 7.1 -b 115200 against hsdoctor simulate avr --baud 57600 (the line model): resp=0x66 on every try"),
        KnownProduct(0xFC, "text 'OK\\r\\n'", "115200 8N1", "9600 8N1", "baud", F_SERIAL + " §2.2"),
        KnownProduct(0xFE, "text 'AT\\r' echo / 'OK'", "115200 8N1", "9600 8N1", "baud", F_SERIAL + " §2.2 (16x receiver FF, sigrok FE)"),
        KnownProduct(0xFD, "MTK reply 5F F5 AF FA", "921600 8N1", "115200 8N1", "baud", F_SERIAL + " §2.2"),
        KnownProduct(0xFB, "STM32 ACK 79", "115200 8E1", "57600 8E1", "baud", F_SERIAL + " §2.2"),
        KnownProduct(0x86, "STM32 ACK 79", "57600 8E1", "115200 8E1", "baud", F_SERIAL + " §2.2 (86 FE)"),
        KnownProduct(0xE0, "STM32 NACK 1F", "57600 8E1", "9600 8N1", "baud", F_SERIAL + " §3.2 (E0 E0)"),
        KnownProduct(0x80, "any reply (80 runs)", "115200", "921600", "baud", F_SERIAL + " §2.2-2.3 (r=8: only 80 and BREAK)"),
        KnownProduct(0x00, "any reply (all BREAK)", "9600", "115200", "baud", F_SERIAL + " §2.2-2.3 (r>=12: every frame a BREAK, read as 00)"),
        KnownProduct(0x60, "NMEA '$GPGGA...'", "4800 8N1", "9600 8N1", "baud", F_SERIAL + " §2.2"),
        KnownProduct(0xCF, "text 'OK' (7E1)", "9600 7E1", "9600 8N1", "framing", F_SERIAL + " §2.2 (bit 7 set on odd-popcount letters)"),
    ),
    "First bytes a host reads for known replies across known mismatches (forward model)",
)



#: Lines a bootloader tool prints around a byte it did not expect: the bootloader domain
#: explains that byte in its own context, so `serial` adds no duplicate finding for it.
BOOTLOADER_BYTE_LINES = (
    r"not in sync|invalid head of packet|echo mismatch|unexpected reply from device|failed to read ack byte|got nack|wrong boot mode"
)



def message_finding(row: ToolMessage, m: object, domain: str, fixes: dict) -> Finding:  # type: ignore[type-arg]
    """A finding for a matched tool line; shared by the embedded domains."""
    fx = [fixes[k] for k in row.fixes if k in fixes]
    return Finding(
        code=row.code,
        domain=row.code.rsplit(".", 1)[0] if row.code.count(".") >= 2 else row.code.split(".")[0],
        summary=f"{row.tool}: {row.meaning}",
        severity=row.severity,  # type: ignore[arg-type]
        confidence=row.confidence,
        evidence=[Evidence("message", m.group(0)[:200], "input", f"printed by {row.tool}")],  # type: ignore[attr-defined]
        fixes=fx,
        sources=[row.source],
        # an inventoried line (read from the tool's source, with its versions) is the tool's own
        # sentence: the engine's gate lets it stand alone (engine.SPECIFIC_WORDING)
        data={"tool_line": row.tool, "versions": row.versions} if getattr(row, "versions", "") else {},
    )


def exact_seven_bit_parity(values: list[int]) -> str:
    """"E" or "O" when ``values`` are 7-bit text read as 8N1: bit 7 is the even (or odd) parity
    of the low 7 bits of every byte; "" otherwise. Needs at least one byte with bit 7 set (without
    it, the bytes are plain 8N1 text) and more than one byte (one byte fits a parity by chance)."""
    if len(values) < 2 or not any(v & 0x80 for v in values):
        return ""
    for v in values:
        low = v & 0x7F
        if not (0x20 <= low <= 0x7E or low in (0x0A, 0x0D)):
            return ""
    for letter, flip in (("E", 0), ("O", 1)):
        if all((v >> 7) == ((bin(v & 0x7F).count("1") & 1) ^ flip) for v in values):
            return letter
    return ""



def tool_findings(parsed: ParsedInput, rows, fixes: dict) -> tuple[list[Finding], list[str], list]:  # type: ignore[no-untyped-def, type-arg]
    """Findings for every tool line of ``rows`` found in the input (one per code, the most
    confident kept), the reasons to show, and the raw (row, match) hits for domain-specific
    decoding (named groups such as ``resp``). Shared by the embedded domains."""
    hits = matching(rows, parsed.text)
    by_code: dict[str, Finding] = {}
    reasons: list[str] = []
    for row, m in hits:
        if not any(row.tool in r for r in reasons):
            reasons.append(f"{row.tool} printed this ('{m.group(0)[:70]}')")  # type: ignore[attr-defined]
        if row.code and (row.code not in by_code or by_code[row.code].confidence < row.confidence):
            by_code[row.code] = message_finding(row, m, "", fixes)
    return list(by_code.values()), reasons, hits


def bytes_in_scope(parsed: ParsedInput, cue_score: float) -> bool:
    """Should a device domain read the input's bytes as an answer to its handshake? Yes when
    the input is just values, when the domain's own words surround them, or when the value is
    labelled as a reply ("unexpected response 0x68", "got 5F"); not when it is a command number
    inside another tool's line."""
    if parsed.is_bare_value or cue_score > 0:
        return True
    if rx(BOOTLOADER_BYTE_LINES).search(parsed.text):
        return False  # the byte belongs to another tool's line: that tool's domain reads it
    return any(t.label in ("resp", "response", "reply", "answer", "got", "received", "read", "rx", "returned") for t in parsed.tokens)


MM_RULE = (
    "# /etc/udev/rules.d/99-hsdoctor-no-modemmanager.rules  (put your adapter's VID:PID)\n"
    'ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523", ENV{ID_MM_DEVICE_IGNORE}="1"\n'
    "# then: sudo udevadm control --reload && sudo udevadm trigger"
)

SERIAL_FIXES: dict[str, Fix] = {
    "list_ports": Fix("List the ports that exist now and pick the one that appears when the device is plugged in.", "user", "python3 -m serial.tools.list_ports -v"),
    "by_id": Fix("Use the stable name under /dev/serial/by-id/ instead of ttyUSB0/ttyACM0, which change with plug order.", "user", "ls -l /dev/serial/by-id/"),
    "dialout": Fix("Add yourself to the group that owns the port (dialout on Debian/Ubuntu, uucp on Arch), then log out and in.", "user", "sudo usermod -aG dialout $USER"),
    "who_holds": Fix("Find and close the program that holds the port (serial monitor, second flasher, ModemManager).", "user", "sudo fuser -v /dev/ttyUSB0; sudo lsof /dev/ttyUSB0"),
    "modemmanager": Fix(
        "Stop ModemManager from probing the port: a udev rule with ID_MM_DEVICE_IGNORE for the adapter (or stop the service while flashing).",
        "host",
        "sudo systemctl stop ModemManager",
        (Snippet("shell", MM_RULE),),
    ),
    "real_port": Fix("Use a real serial port or a driver that supports parity; a pty (socat, a simulator) cannot carry parity, 7 data bits or modem lines.", "host"),
    "stm32_8n1_pty": Fix("Against a pty simulator only: tell stm32flash to use 8N1, which a pty accepts.", "host", "stm32flash -m 8n1 /dev/pts/N"),
    "match_baud": Fix(
        "Set the host to the device's baud rate (see the rate this byte points at), or let an autobauding bootloader follow the host.",
        "host",
        "",
        (Snippet("pyserial", "import serial\ns = serial.Serial('/dev/ttyUSB0', 115200, timeout=1)  # the DEVICE's rate"),),
    ),
    "match_framing": Fix(
        "Use the device's framing (data bits, parity, stop bits) on the host.",
        "host",
        "",
        (Snippet("pyserial", "import serial\ns = serial.Serial('/dev/ttyUSB0', 9600, bytesize=serial.SEVENBITS,\n                  parity=serial.PARITY_EVEN, stopbits=serial.STOPBITS_ONE, timeout=1)"),),
    ),
    "check_wiring": Fix("Check the wiring: TX to RX, RX to TX, a common ground, the same logic level (3.3 V vs 5 V); a line held low reads as BREAK/00.", "user"),
    "read_more": Fix("Capture more than one byte (and several times): a real 0x68 repeats and is followed by a frame or text; a mismatch product changes with the rate.", "user", "python3 -m serial.tools.miniterm --raw /dev/ttyUSB0 115200"),
    "driver": Fix("Install (or reinstall) the USB-serial driver for the adapter (CH340/CH341, CP210x, FTDI, PL2303), re-plug it and check that the COM port appears without a warning sign in Device Manager.", "host"),
    "std_baud": Fix("Use a standard baud rate the driver supports (9600, 57600, 115200, 230400, 460800, 921600), or a driver/adapter that supports custom rates.", "host"),
    "baud_value": Fix("Give the baud rate as a plain positive integer the program accepts (9600, 115200): check the option or config value for a typo, a unit or a string where a number is wanted (pyserial Serial(port, 115200), node SerialPort({path, baudRate: 115200}), stty -F /dev/ttyUSB0 115200).", "user", "stty -F /dev/ttyUSB0 115200"),
    "brltty": Fix("Remove brltty if no braille display is used (sudo apt remove brltty), or comment out its udev rule for the adapter's ID (the ENV{PRODUCT}==\"1a86/7523/*\" line in /usr/lib/udev/rules.d/85-brltty.rules or 90-brltty-device.rules) and mask brltty-udev, then re-plug the adapter.", "host", "sudo apt remove brltty  # or: sudo systemctl mask brltty-udev.service brltty.path"),
    "cable": Fix("Use a short USB cable with data lines, plug directly into the computer (no hub), and re-plug the device.", "user"),
}
