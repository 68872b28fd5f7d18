"""Knowledge of the `serial` domain: port errors as tools print them, what a baud or framing
mismatch turns a reply into, and the default line settings of common devices.

:class:`ToolMessage` (the row type of "a real tool printed this line") and the table of known
mismatch products live in the core (device_knowledge.py), shared by every embedded domain.
"""

from __future__ import annotations

from ...knowledge.table import Table
from ...device_knowledge import BOOTLOADER_BYTE_LINES, F_SERIAL, KNOWN_PRODUCTS, KnownProduct, ToolMessage, matching
from ...record import record

__all__ = ["BOOTLOADER_BYTE_LINES", "F_SERIAL", "KNOWN_PRODUCTS", "KnownProduct", "ToolMessage", "matching",
           "PORT_MESSAGES", "SIGNATURES", "LINE_DEFAULTS", "TABLES"]

_PYSERIAL = "pyserial 3.5 serial/serialposix.py and serialwin32.py (message text)"
_AVRDUDE_SER = "avrdude ser_posix.c ser_open() (message text); seen in arduino/Arduino issues"

PORT_MESSAGES = Table(
    "port_messages",
    (
        ToolMessage(r"\[errno 2\] (?:no such file or directory|could not open port)|could not open port .{0,40}no such file|filenotfounderror\(2|(?:windowserror|oserror)\(2, ?u?'the system cannot find the file specified", "pyserial", "the port name does not exist (unplugged, renamed ttyUSB0 -> ttyUSB1, or wrong COM number)", "serial.port_missing", 0.85, _PYSERIAL + "; pyserial 2.x / Python 2 spell the Windows error WindowsError(2, 'The system cannot find the file specified.') (as in espressif/arduino-esp32#978 and espressif/esptool#94-era logs)", ("list_ports", "by_id")),
        ToolMessage(r"oserror\(22, ?'[^']{0,80}', ?none, ?433\)|a device which does not exist was specified", "pyserial", "Windows says the device behind the COM name does not exist (ERROR_NO_SUCH_DEVICE, 433): the adapter was unplugged or reset, or its driver is missing or broken", "serial.port_missing", 0.85, _PYSERIAL + " serialwin32.py (ctypes.WinError() text); Microsoft Win32 System Error Codes (ERROR_NO_SUCH_DEVICE = 433, 'A device which does not exist was specified.')", ("driver", "list_ports")),
        ToolMessage(r"claimed by \S+ while 'brltty' sets config|\bbrltty\b.{0,120}(?:ttyusb|ttyacm|claimed|disconnected)", "kernel (dmesg)", "brltty (the braille display daemon) claimed the USB-serial adapter as a braille display: its udev rule matched the adapter's generic USB ID (CH340/CH341 1a86:7523 is listed as a Baum display) and usbfs took the interface from the serial driver, so the ttyUSB node vanished right after it appeared", "serial.brltty_claims_adapter", 0.9, "Linux drivers/usb/core/devio.c proc_setconfig(): \"usbfs: interface %d claimed by %s while '%s' sets config #%d\"; brltty/brltty Autostart/Udev/device.rules (Device: 1A86:7523, Baum [NLS eReader Zoomax (20 cells)], BRLTTY_BRAILLE_DRIVER=bm; installed as /usr/lib/udev/rules.d/85-brltty.rules with brltty 6.4 on Ubuntu 22.04, 90-brltty-device.rules later); brltty maintainer's comment in arduino/arduino-ide#1788", ("brltty",)),
        ToolMessage(r"termios\.error:? \(?5, ?'input/output error'|(?<!usberror: )\[errno 5\] input/output error|could not configure port: \(5, 'input/output error'\)", "pyserial / termios", "the tty answered EIO: the USB-serial device disconnected or reset under the open port, or another program (a login getty or serial console on the UART) hung the line up", "serial.read_no_data", 0.65, "Linux tty layer: I/O on a hung-up or removed tty returns EIO; pyserial/pyserial-asyncio#4 ('termios.error (5, Input/output error) ... when I unplug my usb-tty device'); pyserial/pyserial#36 (write failed: [Errno 5] after a USB reset)", ("who_holds", "by_id", "cable")),
        ToolMessage(r"this port appears to have been shutdown or disconnected", "jSerialComm", "jSerialComm's stream was used on a port that is not open: openPort() failed (most often another process holds the port, since jSerialComm takes an exclusive lock) or the device went away", "serial.port_busy", 0.6, "jSerialComm SerialPort.java (exception text); maintainer's explanation of error location 394 / code 11 (exclusive lock held elsewhere) in Fazecast/jSerialComm#397", ("who_holds",)),
        ToolMessage(r"⸮{2,}|�{2,}|(?:garbage|gibberish|garbled|strange|weird|junk|unreadable|corrupted)\s+(?:characters|chars|symbols|text|output)\b.{0,60}\b(?:serial|monitor|terminal|console|uart|putty|minicom)|\b(?:serial monitor|terminal|console|putty|minicom)\b.{0,60}\b(?:garbage|gibberish|garbled|strange|weird|junk|unreadable)\s+(?:characters|chars|symbols|text|output)", "serial monitor", "the monitor shows undecodable bytes (Arduino's monitor draws them as '⸮'): the sketch/device and the monitor use different baud rates", "serial.baud_mismatch", 0.6, "Arduino IDE serial monitor renders bytes that are not valid UTF-8 as U+2E2E '⸮'; threads where garbled monitor text was a baud mismatch: platformio/platformio-vscode-ide#2222, microsoft/vscode-arduino#420, dalathegreat/Battery-Emulator#134, esp8266/Arduino#2130", ("match_baud",)),
        ToolMessage(r"\[errno 13\] permission denied|permissionerror\(13, .permission denied", "pyserial", "the user may not open the port (Linux/macOS: not in the dialout/uucp group, or a udev rule is missing)", "serial.permission_denied", 0.85, _PYSERIAL, ("dialout",)),
        ToolMessage(r"access (?:is )?denied|winerror\(5|windowserror\(5", "pyserial", "Windows refuses to open the COM port: ERROR_ACCESS_DENIED (5) is what a second opener of a COM port gets, so another program (serial monitor, IDE, a previous run of the script) still holds it", "serial.port_busy", 0.85, _PYSERIAL + " serialwin32.py (ctypes.WinError() text); Microsoft CreateFile docs (communications resources open exclusively); threads adamtheone/canDrive#44, Wikilicious/pygmc#66, platformio/platformio-vscode-ide#263", ("who_holds",)),
        ToolMessage(r"permission denied, cannot open (?P<port>/dev/\S+)", "node-serialport", "node-serialport may not open the port (Linux/macOS: not in the dialout/uucp group, or a udev rule is missing)", "serial.permission_denied", 0.85, "serialport/bindings-cpp serialport_unix.cpp (message text); yaacov/node-modbus-serial#538; serialport/node-serialport#938", ("dialout",)),
        ToolMessage(r"\[errno 16\] device or resource busy|(?<!interface \(device or )(?<!configuration \(device or )(?<!\d/\d{3}: device or )resource busy", "pyserial", "another process holds the port (a terminal, a second flasher, ModemManager, brltty)", "serial.port_busy", 0.85, _PYSERIAL, ("who_holds", "modemmanager")),
        ToolMessage(r"could not exclusively lock port", "pyserial", "the port is already open with exclusive=True by another process (flock)", "serial.port_busy", 0.9, F_SERIAL + " §1.2 (measured: SerialException(11, 'Could not exclusively lock port ...'))", ("who_holds",)),
        ToolMessage(r"termios\.error:? \(?22, ?'invalid argument'|\(22, 'invalid argument'\)", "pyserial", "the driver refused the line settings: typically parity or 7 data bits on a pty or a limited USB-serial driver", "serial.pty_no_parity", 0.75, F_SERIAL + " §1.2 (measured on a pty: termios.error (22, 'Invalid argument') when setting parity)", ("real_port",)),
        ToolMessage(r"device reports readiness to read but returned no data", "pyserial", "read() woke up but got nothing: the device was unplugged, or two programs read the same port and the other one took the bytes", "serial.read_no_data", 0.8, _PYSERIAL + "; pyserial issue #341 and #86 (two readers on one port)", ("who_holds", "modemmanager")),
        ToolMessage(r"ser_open\(\): can't open device \"?(?P<port>[^\"\s:]+)\"?: ?(?:no such file|the system cannot find the (?:file|path) specified)", "avrdude", "avrdude cannot find the port (-P names a port that does not exist; Windows says 'cannot find the file specified')", "serial.port_missing", 0.9, _AVRDUDE_SER + "; Windows ERROR_FILE_NOT_FOUND text as in arduino/Arduino#5370", ("list_ports", "by_id")),
        ToolMessage(r"ser_open\(\): can't open device \"?(?P<port>[^\"\s:]+)\"?: ?permission denied", "avrdude", "avrdude may not open the port", "serial.permission_denied", 0.9, _AVRDUDE_SER, ("dialout",)),
        ToolMessage(r"ser_open\(\): can't open device \"?(?P<port>[^\"\s:]+)\"?: ?device or resource busy", "avrdude", "another process holds the port (serial monitor, ModemManager)", "serial.port_busy", 0.9, _AVRDUDE_SER, ("who_holds", "modemmanager")),
        ToolMessage(r"could not open (?P<port>\S+), the port is busy or doesn't exist", "esptool", "esptool could not open the port: busy (another program) or missing", "serial.port_busy", 0.6, "esptool loader.py (message text); seen in espressif/esptool issues", ("who_holds", "list_ports")),
        ToolMessage(r"device (?P<port>/dev/\S+) is locked", "minicom", "a lock file (/var/lock/LCK..ttyX or /run/lock) says another program has the port", "serial.port_busy", 0.8, "minicom main.c (message text)", ("who_holds",)),
        ToolMessage(r"cannot open line '(?P<port>[^']+)' for r/w: (?:device or resource busy|resource busy)", "screen", "screen found the port busy", "serial.port_busy", 0.85, "GNU screen tty.c (message text)", ("who_holds",)),
        ToolMessage(r"cannot open line '(?P<port>[^']+)' for r/w: permission denied", "screen", "screen may not open the port", "serial.permission_denied", 0.85, "GNU screen tty.c (message text)", ("dialout",)),
        ToolMessage(r"stty: invalid argument [\u2018'\"`]?(?P<baud>\d[\w.]{0,12})[\u2019'\"`]?", "stty (GNU coreutils)", "stty did not take the number as a speed: it accepts only the speeds of its termios table (a custom rate or a typo such as 1152000 is 'invalid argument')", "serial.invalid_baud_value", 0.8, "GNU coreutils stty.c main() (error (0, 0, _(\"invalid argument %s\"), quote (arg))); observed with coreutils 9.1 (Debian 12): stty -F /dev/null 250001", ("baud_value", "std_baud")),
        ToolMessage(r"failed to set terminal flags", "stm32flash", "the port refused 8E1 (stm32flash's default): a pty or a driver without parity", "serial.pty_no_parity", 0.8, F_SERIAL + " §1.2 and §3.1 (measured with stm32flash 0.7 on a pty)", ("real_port", "stm32_8n1_pty")),
        ToolMessage(r"failed to open port:? (?P<port>(?:/|COM\d)\S{0,60})", "stm32flash", "stm32flash could not open the port (it does not exist, no permission, or it is busy)", "serial.port_missing", 0.55, "stm32flash 0.7 main.c (observed with stm32flash 0.7 on a missing port: 'Failed to open port: /dev/ttyX')", ("list_ports", "dialout", "who_holds")),
        ToolMessage(r"cannot open port (?P<port>\S+): no such file or directory", "avrdude", "avrdude cannot find the port (-P names a port that does not exist)", "serial.port_missing", 0.9, "observed with avrdude 7.1: 'avrdude OS error: cannot open port /dev/ttyX: No such file or directory'", ("list_ports", "by_id")),
        ToolMessage(r"cannot open port (?P<port>\S+): permission denied", "avrdude", "avrdude may not open the port", "serial.permission_denied", 0.9, "avrdude 7.x ser_posix.c (same format as the observed 'cannot open port' line)", ("dialout",)),
        ToolMessage(r"cannot open port (?P<port>\S+): device or resource busy", "avrdude", "another process holds the port", "serial.port_busy", 0.9, "avrdude 7.x ser_posix.c (same format as the observed 'cannot open port' line)", ("who_holds", "modemmanager")),
        ToolMessage(r"inappropriate ioctl for device", "avrdude/pyserial", "the port has no modem lines (a pty or a network port): DTR/RTS reset cannot work", "serial.pty_no_parity", 0.4, F_SERIAL + " §1.2 (measured: TIOCMGET on a pty gives ENOTTY)", ("real_port",), "warning"),
        ToolMessage(r"serial port '?(?P<port>[^' ]+)'? not found|board at (?P<port2>\S+) is not available|no (?:such )?(?:serial )?port (?:found|selected)", "Arduino IDE / arduino-cli", "the IDE cannot see the selected port (board unplugged, cable without data lines, driver missing)", "serial.port_missing", 0.75, "arduino-cli / Arduino IDE 2 upload messages (text as reported in arduino/arduino-cli issues)", ("list_ports", "by_id")),
        ToolMessage(r"please specify `?upload_port`?|no upload port found|could not find .{0,20}serial port", "PlatformIO", "PlatformIO found no serial port to upload to", "serial.port_missing", 0.6, "PlatformIO core upload messages (text as reported in platformio issues)", ("list_ports",)),
        ToolMessage(r"cp210x (?P<port>tty\w{1,20}): (?:failed set request 0x[0-9a-f]{1,4} status: -(?:71|110|32)|cp210x_open - unable to enable uart)", "linux kernel (cp210x)", "the CP210x bridge does not complete the driver's USB control requests (EPROTO -71, ETIMEDOUT -110, EPIPE -32): a failing USB link (cable, hub, power) or a bridge that stopped answering; the port cannot be configured", "serial.driver_error", 0.8, "linux drivers/usb/serial/cp210x.c (dev_err 'failed set request 0x%x status: %d', '%s - Unable to enable UART')@v6.6", ()),
        ToolMessage(r"device (?P<port>/dev/\S{1,60}) is already in use and locked", "wmbusmeters", "another wmbusmeters process (usually its own daemon) holds the tty: its exclusive flock() on the port failed", "serial.port_busy", 0.9, "wmbusmeters/wmbusmeters src/serial.cc (flock(fd, LOCK_EX | LOCK_NB) fails: 'Device %s is already in use and locked.')@1.x-3.0", ("who_holds",)),
        ToolMessage(r"modemmanager|mmcli", "ModemManager", "ModemManager probes new ttyACM/ttyUSB ports with AT commands and can hold a bootloader port", "serial.port_busy", 0.55, F_SERIAL + " §4.5", ("modemmanager",), "warning"),
    ),
    "Port-level errors as pyserial, avrdude, esptool, stm32flash, terminals and IDEs print them",
)


@record(frozen=True)
class Signature:
    """A value class in what the host read and what it says about the two baud rates."""

    name: str
    values: tuple[int, ...]
    shape: str  # "lone" (one or two bytes) or "run" (most of several bytes)
    meaning: str
    code: str
    source: str


SIGNATURES = Table(
    "mismatch_signatures",
    (
        Signature("fast_device_read_slowly", (0xFC, 0xFD, 0xFE, 0xFF), "lone", "a single FC/FD/FE/FF per reply: the device talks much faster (4x..12x) than the host listens", "serial.baud_mismatch", F_SERIAL + " §2.2, §2.3 (r <= 1/4: a short burst gives one FC/FD/FE/FF)"),
        Signature("slow_device_read_fast_break", (0x00,), "run", "runs of 00 (BREAKs): the device talks 12x or more slower than the host listens, or the line is held low (TX/RX swapped, no common ground, device in reset)", "serial.baud_mismatch", F_SERIAL + " §2.3 (r >= 12: all BREAK)"),
        Signature("slow_device_read_fast_x8", (0x80, 0x00), "run", "runs of 80 (and 00): the host listens about 8x faster than the device talks (e.g. 115200 device, 921600 host)", "serial.baud_mismatch", F_SERIAL + " §2.3 (r = 8)"),
        Signature("slow_device_read_fast_x6", (0xE0, 0x00), "run", "runs of E0: the host listens about 6x faster (9600 device, 57600 host)", "serial.baud_mismatch", F_SERIAL + " §2.3 (r = 6)"),
        Signature("slow_device_read_fast_x4", (0x78, 0x80, 0xF8, 0xC0, 0x3C, 0xFC, 0xFE, 0x1E, 0x00), "run", "78/80/F8/C0/FC values: the host listens about 4x faster (9600 device, 38400 host)", "serial.baud_mismatch", F_SERIAL + " §2.3 (r = 4)"),
        Signature("slow_device_read_fast_x2", (0x98, 0x60, 0xE6, 0x86, 0x66, 0x7E, 0x9E, 0x1E, 0x18, 0x06, 0xC0, 0xE0, 0xF8, 0x78, 0xF0, 0x00), "run", "doubled-bit values 98/60/E6/86/66/7E: the host listens about 2x faster (4800 device, 9600 host)", "serial.baud_mismatch", F_SERIAL + " §2.3 (r = 2)"),
    ),
    "What the host reads when the baud rates differ",
)


@record(frozen=True)
class LineDefault:
    device: str
    baud: str
    framing: str
    note: str
    source: str


LINE_DEFAULTS = Table(
    "line_defaults",
    (
        LineDefault("Arduino Uno / Optiboot", "115200", "8N1", "fixed rate; bootloader runs ~1 s after reset", F_SERIAL + " §4.4"),
        LineDefault("Arduino Nano (old bootloader), Duemilanove", "57600", "8N1", "Arduino IDE: 'ATmega328P (Old Bootloader)'", F_SERIAL + " §4.4 (from memory)"),
        LineDefault("STM32 system bootloader (USART)", "1200..115200 (autobaud on 7F)", "8E1", "even parity is mandatory", "ST AN3155 §2; AN2606"),
        LineDefault("ESP32 / ESP8266 ROM loader", "115200 (follows the host, autobaud on SYNC)", "8N1", "ESP8266 boot log at 74880, ESP32 boot log at 115200", F_SERIAL + " §4.3; Espressif serial protocol docs"),
        LineDefault("MediaTek BROM / preloader (USB CDC)", "921600 (USB CDC: any)", "8N1", "UART path 115200 8N1", F_SERIAL + " §4.1 (mtkclient Port.py)"),
        LineDefault("M-Bus (wired, EN 13757-2)", "2400 (300 and 9600 also)", "8E1", "via an M-Bus level converter", F_SERIAL + " §4.7; EN 13757-2"),
        LineDefault("DL/T 645 meter (RS-485)", "2400 (1200 older meters)", "8E1", "FE wake-up bytes before each frame", F_SERIAL + " §4.7; DL/T 645-2007"),
        LineDefault("IEC 60870-5-101 (serial)", "9600", "8E1", "FT1.2 framing like M-Bus", F_SERIAL + " §4.7 (from memory)"),
        LineDefault("NMEA 0183 GPS", "4800 (classic) / 9600 (modern modules)", "8N1", "AIS 38400", F_SERIAL + " §4.6"),
        LineDefault("Hayes AT modem / cellular module", "115200 (many autobaud on AT)", "8N1", "", F_SERIAL + " §4.5"),
    ),
    "Default line settings of devices the tool meets",
)

_OWN_TABLES = (PORT_MESSAGES, KNOWN_PRODUCTS, SIGNATURES, LINE_DEFAULTS)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """PEP 562: TABLES adds the inventory read from the tools' sources (messages_hosts.py), imported
    only when TABLES is asked for (the tests), not on explain's path (bench/cold_start.py)."""
    if name == "TABLES":
        from .messages_hosts import HOST_LINES

        return _OWN_TABLES + (HOST_LINES,)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
