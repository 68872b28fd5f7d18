"""Serial host libraries' and terminals' failure messages, read from their sources (or, for the
tools whose source is not at hand, their binaries' format strings and observed output).

- pyserial 3.5: github.com/pyserial/pyserial serial/serialposix.py, serialwin32.py @v3.5. The
  Windows texts inside the messages are ``ctypes.WinError()`` reprs of Win32 system error codes.
- node-serialport: github.com/serialport/bindings-cpp src/serialport_unix.cpp,
  src/serialport_win.cpp @v13.0.1 (the native bindings of serialport 10-13); strerror texts
  after ``Error: `` are glibc's.
- jSerialComm 2.9.3: github.com/Fazecast/jSerialComm src/main/java/com/fazecast/jSerialComm/
  SerialPort.java and SerialPortTimeoutException uses @v2.9.3.
- picocom 3.1: github.com/npat-efault/picocom picocom.c @3.1 (``fatal()`` prints ``FATAL: ``);
  the lock message was also observed with picocom 3.1 (Debian 12) on a pty another picocom held.
- minicom 2.8 and GNU screen 4.09.00: the format strings in the Debian 12 binaries
  (``strings /usr/bin/minicom``, ``strings /usr/bin/screen``); screen's output for a missing
  device was observed with screen 4.09.00.
- esptool's port-open error and its hints: espressif/esptool esptool/loader.py @v4.8.1, @v5.1.0.
- avrdude's port-open errors: avrdudes/avrdude ser_posix.c @v6.4 and src/ser_posix.c @v7.3,
  @v8.1; observed with avrdude 7.1 (Debian 12): ``avrdude OS error: cannot open port ...``.
- ESP-IDF monitor: github.com/espressif/esp-idf-monitor esp_idf_monitor/base/serial_reader.py, checked
  at every tag v1.2.0 .. v1.9.0.
- arduino-cli: github.com/arduino/arduino-cli commands/service_upload.go @v1.5.1.
- PlatformIO: github.com/platformio/platformio-core platformio/builder/tools/pioupload.py and
  platformio/exception.py @v6.1.17.
"""

from __future__ import annotations

from ...knowledge.tool_templates import LazyTable, ToolLine
from ...model import Fix

PYS = "pyserial/pyserial serial/{}@v3.5"
NODE = "serialport/bindings-cpp src/{}@v13.0.1"
JSC = "Fazecast/jSerialComm src/main/java/com/fazecast/jSerialComm/SerialPort.java@v2.9.3"
PICO = "npat-efault/picocom picocom.c@3.1"
MINI = "minicom 2.8 (format string in the Debian 12 binary; doc: minicom(1))"
SCREEN = "GNU screen 4.09.00 (format string in the Debian 12 binary; observed)"
ESP = "espressif/esptool esptool/loader.py@v4.8.1, @v5.1.0"
AVR6 = "avrdudes/avrdude ser_posix.c@v6.4"
AVR7 = "avrdudes/avrdude src/ser_posix.c@v7.3, @v8.1; observed with avrdude 7.1"
ACLI = "arduino/arduino-cli commands/service_upload.go@v1.5.1"
IDFM = "espressif/esp-idf-monitor {}@v1.2.0 .. v1.9.0 (output_helpers.py COMMON_PREFIX '---')"
PIO = "platformio/platformio-core platformio/builder/tools/pioupload.py@v6.1.17"

FIXES: dict[str, Fix] = {
    "flow_control": Fix("A write that times out means the output is held: switch off RTS/CTS or XON/XOFF flow control unless the device uses it, and check the device is powered and reading.", "host", "python3 -c \"import serial; serial.Serial('/dev/ttyUSB0', 115200, rtscts=False, xonxoff=False, write_timeout=2)\""),
    "replug": Fix("The device went away under the open port: replug it, use a powered hub and a short data cable, and reopen the port (by its /dev/serial/by-id name) after it reappears.", "user", "ls -l /dev/serial/by-id/"),
    "win_driver": Fix("The Windows USB-serial driver failed the request: reinstall the adapter's driver (CH34x, CP210x, FTDI; counterfeit PL2303 chips need an old Prolific driver), try another USB port.", "host"),
    "udev_pio": Fix("Install PlatformIO's udev rules so your user may open the boards' ports and debug probes.", "host", "curl -fsSL https://raw.githubusercontent.com/platformio/platformio-core/develop/platformio/assets/system/99-platformio-udev.rules | sudo tee /etc/udev/rules.d/99-platformio-udev.rules && sudo udevadm control --reload-rules && sudo udevadm trigger"),
    "name_port": Fix("Name the upload port explicitly (arduino-cli -p /dev/ttyACM0, PlatformIO upload_port = /dev/ttyUSB0).", "host", "arduino-cli upload -p /dev/ttyACM0 --fqbn arduino:avr:uno sketch"),
    "double_reset": Fix("Native-USB boards (Leonardo, Micro, SAMD, RP2040): the bootloader port appears only for a few seconds after the 1200-bps touch; double-tap reset to stay in the bootloader, then upload.", "device"),
}

S = "serial."


def _l(tool: str, versions: str, template: str, meaning: str, code: str, conf: float, source: str, fixes: tuple[str, ...] = (), phase: str = "open", severity: str = "error") -> ToolLine:
    return ToolLine(tool, versions, template, meaning, code, conf, source, fixes, phase, severity)


def _rows() -> tuple[ToolLine, ...]:
    """The rows, built on first use (knowledge.tool_templates.LazyTable)."""
    return (
        # --- pyserial 3.5, POSIX ---
        _l("pyserial", "3.x", "could not open port {port}: [Errno 2] No such file or directory: '{port}'", "the port name does not exist (unplugged, renamed ttyUSB0 -> ttyUSB1, or a typo)", S + "port_missing", 0.9, PYS.format("serialposix.py Serial.open()"), ("list_ports", "by_id")),
        _l("pyserial", "3.x", "could not open port {port}: [Errno 13] Permission denied: '{port}'", "this user may not open the port (dialout/uucp group, udev rule)", S + "permission_denied", 0.9, PYS.format("serialposix.py Serial.open()"), ("dialout",)),
        _l("pyserial", "3.x", "could not open port {port}: [Errno 16] Device or resource busy: '{port}'", "another process holds the port", S + "port_busy", 0.9, PYS.format("serialposix.py Serial.open()"), ("who_holds", "modemmanager")),
        _l("pyserial", "3.x", "Could not exclusively lock port {port}: [Errno 11] Resource temporarily unavailable", "the port is open with exclusive=True (flock) by another process", S + "port_busy", 0.9, PYS.format("serialposix.py Serial.open()"), ("who_holds",)),
        _l("pyserial", "3.x", "Could not configure port: (22, 'Invalid argument')", "the driver refused the line settings (parity or data bits a pty/limited driver cannot do, or an odd baud rate)", S + "pty_no_parity", 0.75, PYS.format("serialposix.py _reconfigure_port()"), ("real_port",)),
        _l("pyserial", "3.x", "device reports readiness to read but returned no data (device disconnected or multiple access on port?)", "select() said readable but read() got nothing: the device went away, or another program reads the same port", S + "read_no_data", 0.85, PYS.format("serialposix.py Serial.read()"), ("who_holds", "replug")),
        _l("pyserial", "3.x", "read failed: [Errno 5] Input/output error", "the tty returned EIO on read: the USB-serial device disconnected or reset under the open port", S + "port_disconnected", 0.8, PYS.format("serialposix.py Serial.read()"), ("replug", "cable")),
        _l("pyserial", "3.x", "read failed: [Errno 6] Device not configured", "macOS ENXIO on read: the USB-serial device was unplugged under the open port", S + "port_disconnected", 0.85, PYS.format("serialposix.py Serial.read()"), ("replug", "cable")),
        _l("pyserial", "3.x", "write failed: [Errno 5] Input/output error", "the tty returned EIO on write: the device disconnected or reset under the open port", S + "port_disconnected", 0.8, PYS.format("serialposix.py Serial.write()"), ("replug", "cable")),
        _l("pyserial", "3.x", "SerialTimeoutException: Write timeout", "a write did not complete within write_timeout: flow control holds the output, or the device/driver stopped taking data", S + "write_timeout", 0.8, PYS.format("serialposix.py / serialwin32.py Serial.write()"), ("flow_control",), "session"),
        _l("pyserial", "3.x", "Failed to set custom baud rate ({baud}): [Errno 22] Invalid argument", "the Linux driver refused a non-standard baud rate (BOTHER/termios2)", S + "baud_unsupported", 0.85, PYS.format("serialposix.py _set_special_baudrate()"), ("std_baud",)),
        _l("pyserial", "3.x", "non-standard baudrates are not supported on this platform", "this platform cannot set a custom baud rate", S + "baud_unsupported", 0.85, PYS.format("serialposix.py _set_special_baudrate()"), ("std_baud",)),
        _l("pyserial", "3.x", "Not a valid baudrate: {q}{word}", "pyserial's baudrate setter refused the value itself (None, a negative number, or a type int() cannot take): the program passed a wrong value, no driver was asked", S + "invalid_baud_value", 0.85, PYS.format("serialutil.py SerialBase.baudrate setter"), ("baud_value",)),
        _l("pyserial", "3.x", "Invalid baud rate: {q}{word}", "pyserial could not turn the baudrate into a non-negative integer while configuring the port (a string such as '115200 ' or '115k', or a negative number): the program passed a wrong value", S + "invalid_baud_value", 0.8, PYS.format("serialposix.py Serial._reconfigure_port()"), ("baud_value",)),
        _l("pyserial", "3.x", "write failed (select)", "select() reported the port in error while writing: the device went away under the open port", S + "port_disconnected", 0.7, PYS.format("serialposix.py Serial.write()"), ("replug", "cable"), "session"),
        _l("pyserial", "3.x", "device reports error (poll)", "poll() reported POLLERR/POLLHUP/POLLNVAL on the port: the device went away under the open port", S + "port_disconnected", 0.75, PYS.format("serialposix.py PosixPollSerial.read()"), ("replug", "cable"), "session"),
        # --- pyserial 3.5, Windows ---
        _l("pyserial", "3.x (Windows)", "could not open port {q}{port}{q}: FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)", "the COM port does not exist (unplugged, another COM number, driver missing)", S + "port_missing", 0.9, PYS.format("serialwin32.py Serial.open()") + "; Win32 ERROR_FILE_NOT_FOUND (2)", ("list_ports", "driver")),
        _l("pyserial", "3.x (Windows)", "could not open port {q}{port}{q}: PermissionError(13, 'Access is denied.', None, 5)", "Windows refuses the COM port: ERROR_ACCESS_DENIED is what a second opener gets (serial monitor, another flasher, a terminal)", S + "port_busy", 0.85, PYS.format("serialwin32.py Serial.open()") + "; Win32 ERROR_ACCESS_DENIED (5)", ("who_holds",)),
        _l("pyserial", "3.x (Windows)", "could not open port {q}{port}{q}: OSError(22, 'The semaphore timeout period has expired.', None, 121)", "the USB-serial driver did not complete the open: a driver or adapter problem (often a counterfeit or badly supported chip)", S + "driver_error", 0.8, PYS.format("serialwin32.py Serial.open()") + "; Win32 ERROR_SEM_TIMEOUT (121)", ("win_driver", "replug")),
        _l("pyserial", "3.x (Windows)", "could not open port {q}{port}{q}: OSError(22, 'A device attached to the system is not functioning.', None, 31)", "the USB-serial driver reports the device not functioning", S + "driver_error", 0.8, PYS.format("serialwin32.py Serial.open()") + "; Win32 ERROR_GEN_FAILURE (31)", ("win_driver", "replug")),
        _l("pyserial", "3.x (Windows)", "ClearCommError failed ({text})", "the COM port stopped working under the open handle: the device was unplugged or reset", S + "port_disconnected", 0.75, PYS.format("serialwin32.py in_waiting / read()"), ("replug", "cable"), "session"),
        _l("pyserial", "3.x (Windows)", "WriteFile failed ({text})", "writing to the COM port failed: the device was unplugged or the driver failed", S + "port_disconnected", 0.7, PYS.format("serialwin32.py write()"), ("replug", "win_driver"), "session"),
        _l("pyserial", "3.x (Windows)", "Cannot configure port, something went wrong. Original message: OSError(22, 'The parameter is incorrect.', None, 87)", "SetCommState answered ERROR_INVALID_PARAMETER (87): the driver refused a DCB value, most often a baud rate the adapter's driver does not support (a custom rate), less often a data size or parity it lacks", S + "baud_unsupported", 0.8, PYS.format("serialwin32.py _reconfigure_port()") + "; Win32 ERROR_INVALID_PARAMETER (87) from SetCommState", ("std_baud", "win_driver")),
        _l("pyserial", "3.x (Windows)", "Cannot configure port, something went wrong. Original message: {text}", "SetCommState failed: the driver refused the line settings (baud, parity, data bits)", S + "driver_error", 0.7, PYS.format("serialwin32.py _reconfigure_port()"), ("std_baud", "win_driver")),
        # --- node-serialport (bindings-cpp) ---
        _l("node-serialport", "10-13", "Error: No such file or directory, cannot open {port}", "the port path does not exist", S + "port_missing", 0.9, NODE.format("serialport_unix.cpp OpenBaton"), ("list_ports", "by_id")),
        _l("node-serialport", "10-13", "Error: Permission denied, cannot open {port}", "this user may not open the port (dialout/uucp group, udev rule)", S + "permission_denied", 0.9, NODE.format("serialport_unix.cpp OpenBaton"), ("dialout",)),
        _l("node-serialport", "10-13", "Error: Resource busy, cannot open {port}", "another process holds the port (macOS EBUSY)", S + "port_busy", 0.9, NODE.format("serialport_unix.cpp OpenBaton"), ("who_holds",)),
        _l("node-serialport", "10-13", "Error Resource temporarily unavailable Cannot lock port", "another process holds the port's exclusive lock (flock)", S + "port_busy", 0.9, NODE.format("serialport_unix.cpp setup()"), ("who_holds",)),
        _l("node-serialport", "10-13 (Windows)", "Opening {port}: File not found", "the COM port does not exist", S + "port_missing", 0.9, NODE.format("serialport_win.cpp ErrorCodeToString"), ("list_ports", "driver")),
        _l("node-serialport", "10-13 (Windows)", "Opening {port}: Access denied", "another program holds the COM port", S + "port_busy", 0.85, NODE.format("serialport_win.cpp ErrorCodeToString"), ("who_holds",)),
        _l("node-serialport", "10-13 (Windows)", "Opening {port}: Unknown error code 121", "the USB-serial driver did not complete the open (ERROR_SEM_TIMEOUT)", S + "driver_error", 0.8, NODE.format("serialport_win.cpp ErrorCodeToString") + "; Win32 ERROR_SEM_TIMEOUT (121)", ("win_driver", "replug")),
        _l("node-serialport", "10-13", "Error baud rate of {baud} is not supported on your platform", "the platform cannot set this baud rate", S + "baud_unsupported", 0.85, NODE.format("serialport_unix.cpp setBaudRate()"), ("std_baud",)),
        _l("node-serialport", "10-13", "setting custom baud rate of {baud}", "the driver refused a custom baud rate", S + "baud_unsupported", 0.8, NODE.format("serialport_unix.cpp setBaudRate()"), ("std_baud",)),
        _l("node-serialport", "10-13", "\"baudRate\" must be a number: {word}", "SerialPort was given a baudRate that is not a number (a string from a config file or the command line, or undefined)", S + "invalid_baud_value", 0.85, "serialport/node-serialport packages/stream/lib/index.ts SerialPortStream constructor (text as shipped in @serialport/stream 12-13 builds)", ("baud_value",)),
        # --- jSerialComm 2.9 ---
        _l("jSerialComm", "2.9", "SerialPortTimeoutException: The read operation timed out before any data was returned.", "nothing arrived within the read timeout", S + "silent", 0.7, JSC + " (SerialPortTimeoutException)", ("check_wiring", "match_baud"), "session"),
        _l("jSerialComm", "2.9", "SerialPortTimeoutException: The write operation timed out before all data was written.", "the write did not complete: flow control holds the output, or the device stopped taking data", S + "write_timeout", 0.8, JSC + " (SerialPortTimeoutException)", ("flow_control",), "session"),
        _l("jSerialComm", "2.9", "SerialPortIOException: No bytes written. This port appears to have been shutdown or disconnected.", "the port is not open (openPort() failed, most often another process holds the exclusive lock) or the device went away", S + "port_busy", 0.6, JSC + " (SerialPortIOException)", ("who_holds", "replug"), "session"),
        _l("jSerialComm", "2.9", "SerialPortInvalidPortException: Unable to create a serial port object from the invalid port descriptor: {port}", "the port name does not exist", S + "port_missing", 0.85, JSC + " getCommPort() (SerialPortInvalidPortException)", ("list_ports",)),
        # --- picocom, minicom, screen ---
        _l("picocom", "3.x", "FATAL: cannot open {port}: No such file or directory", "the port path does not exist", S + "port_missing", 0.9, PICO + " main()", ("list_ports", "by_id")),
        _l("picocom", "3.x", "FATAL: cannot open {port}: Permission denied", "this user may not open the port", S + "permission_denied", 0.9, PICO + " main()", ("dialout",)),
        _l("picocom", "3.x", "FATAL: cannot open {port}: Device or resource busy", "another process holds the port", S + "port_busy", 0.9, PICO + " main()", ("who_holds",)),
        _l("picocom", "3.x", "FATAL: cannot lock {port}: Resource temporarily unavailable", "another program holds the port's lock (flock): a second terminal or a flasher", S + "port_busy", 0.9, PICO + " main(); observed with picocom 3.1", ("who_holds",)),
        _l("picocom", "3.x", "FATAL: read from port failed: Input/output error", "the device went away under the open port", S + "port_disconnected", 0.8, PICO + " loop()", ("replug", "cable"), "session"),
        _l("minicom", "2.x", "minicom: cannot open {port}: No such file or directory", "the port path does not exist", S + "port_missing", 0.9, MINI, ("list_ports", "by_id")),
        _l("minicom", "2.x", "minicom: cannot open {port}: Permission denied", "this user may not open the port", S + "permission_denied", 0.9, MINI, ("dialout",)),
        _l("minicom", "2.x", "minicom: cannot open {port}: Device or resource busy", "another process holds the port", S + "port_busy", 0.9, MINI, ("who_holds",)),
        _l("minicom", "2.x", "Device {port} is locked.", "a lock file (/var/lock/LCK..ttyX) says another program has the port", S + "port_busy", 0.85, MINI, ("who_holds",)),
        _l("screen", "4.x", "Cannot open line '{port}' for R/W: Permission denied", "this user may not open the port", S + "permission_denied", 0.9, SCREEN, ("dialout",)),
        _l("screen", "4.x", "Cannot open line '{port}' for R/W: Device or resource busy", "another process holds the port", S + "port_busy", 0.9, SCREEN, ("who_holds",)),
        _l("screen", "4.x", "Cannot open line '{port}' for R/W: open() blocked, aborted.", "open() of the tty blocked (waiting for carrier, or the driver hung): the device or its driver does not answer", S + "driver_error", 0.75, SCREEN, ("replug", "driver")),
        _l("screen", "4.x", "Cannot exec '{port}': No such file or directory", "screen did not find the device, so it tried to run the name as a program: the port path does not exist", S + "port_missing", 0.85, SCREEN + " (observed: screen /dev/ttyNOPE0 115200)", ("list_ports",)),
        # --- ESP-IDF monitor (idf.py monitor) ---
        _l("ESP-IDF monitor", "1.2-1.9", "--- Waiting for the device to reconnect", "the port was open and then failed: the device disconnected or reset (USB-CDC/JTAG chips re-enumerate on every reset; a brown-out; a loose cable); it outweighs a read error printed above it, which may also mean a second reader", S + "port_disconnected", 0.85, IDFM.format("esp_idf_monitor/base/serial_reader.py SerialReader.run()"), ("replug", "cable"), "session"),
        _l("ESP-IDF monitor", "1.2-1.9", "--- Connection to {port} failed. Available ports:", "the monitor could not open the port (the pyserial error printed above it says why); it lists the ports that exist", S + "port_missing", 0.7, IDFM.format("esp_idf_monitor/base/serial_reader.py SerialReader.run()"), ("list_ports", "who_holds")),
        # --- esptool and avrdude opening the port ---
        _l("esptool", "v4.3-v5.x", "Hint: Check if the port is not used by another task", "esptool's hint after 'Could not open PORT': Windows said access denied, so another program holds the port", S + "port_busy", 0.85, ESP + " ESPLoader.__init__ port_issues", ("who_holds",)),
        _l("esptool", "v4.3-v5.x", "Hint: Try to add user into dialout or uucp group.", "esptool's hint after 'Could not open PORT' on Linux: permission denied", S + "permission_denied", 0.9, ESP + " ESPLoader.__init__ port_issues", ("dialout",)),
        _l("avrdude", "6.x-7.0", "ser_open(): can't open device \"{port}\": No such file or directory", "avrdude cannot find the port (-P)", S + "port_missing", 0.9, AVR6 + " ser_open()", ("list_ports",)),
        _l("avrdude", "6.x-7.0", "ser_open(): can't open device \"{port}\": Permission denied", "avrdude may not open the port", S + "permission_denied", 0.9, AVR6 + " ser_open()", ("dialout",)),
        _l("avrdude", "6.x-7.0", "ser_open(): can't open device \"{port}\": Device or resource busy", "another process holds the port", S + "port_busy", 0.9, AVR6 + " ser_open()", ("who_holds", "modemmanager")),
        _l("avrdude", "7.1-8.x", "avrdude OS error: cannot open port {port}: No such file or directory", "avrdude cannot find the port (-P)", S + "port_missing", 0.9, AVR7 + " ser_open()", ("list_ports",)),
        _l("avrdude", "7.1-8.x", "avrdude OS error: cannot open port {port}: Permission denied", "avrdude may not open the port", S + "permission_denied", 0.9, AVR7 + " ser_open()", ("dialout",)),
        _l("avrdude", "7.1-8.x", "avrdude OS error: cannot open port {port}: Device or resource busy", "another process holds the port", S + "port_busy", 0.9, AVR7 + " ser_open()", ("who_holds", "modemmanager")),
        # --- arduino-cli / Arduino IDE 2 and PlatformIO ---
        _l("arduino-cli", "1.x", "Failed uploading: no upload port provided", "no port was selected or given (-p)", S + "port_missing", 0.85, ACLI + " runProgramAction()", ("name_port", "list_ports")),
        _l("arduino-cli", "1.x", "Skipping 1200-bps touch reset: no serial port selected!", "the board needs a 1200-bps touch to enter its bootloader, but no port was selected", S + "port_missing", 0.7, ACLI + " runProgramAction()", ("name_port",), "connect", "warning"),
        _l("arduino-cli", "1.x", "No upload port found, using {port} as fallback", "after the 1200-bps touch no bootloader port appeared: the board did not enter its bootloader (or it enumerated and left before the upload)", S + "port_missing", 0.7, ACLI + " runProgramAction()", ("double_reset", "name_port"), "connect", "warning"),
        _l("PlatformIO", "6.x", "Error: Please specify `upload_port` for environment or use global `--upload-port` option.", "PlatformIO found no serial port to upload to", S + "port_missing", 0.8, PIO + " AutodetectUploadPort()", ("name_port", "list_ports")),
        _l("PlatformIO", "6.x", "Error: Couldn't find a board on the selected port. Check that you have the correct port selected.", "after the 1200-bps touch the board's bootloader port did not appear", S + "port_missing", 0.8, PIO + " WaitForNewSerialPort()", ("double_reset", "name_port"), "connect"),
        _l("PlatformIO", "6.x", "Warning! Please install `99-platformio-udev.rules`.", "PlatformIO's udev rules are missing: this user may not be able to open the boards' ports and probes", S + "permission_denied", 0.65, "platformio/platformio-core platformio/exception.py@v6.1.17 MissedUdevRules", ("udev_pio", "dialout"), "open", "warning"),
    )


HOST_LINES = LazyTable("serial_hosts_inventory", _rows, "serial host libraries, terminals and upload front-ends: port failures (inventory; source per row)", __file__)
