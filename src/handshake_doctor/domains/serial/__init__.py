"""Domain `serial`.

``spotting()``: how the engine spots this domain's context and its tools' lines (data; the rule
that uses it is stated once, in knowledge/spotting_types.py: Spotting).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import ErrnoBinding, Spotting, ToolMark
    from ...knowledge.table import Table

    _PYSERIAL = "pyserial 3.5 serial/serialposix.py, serialwin32.py (exception texts 'could not open port')"
    return Spotting(
        tools=Table("serial_tool_lines", (
            ToolMark("could not open port", "pyserial", _PYSERIAL),
            ToolMark("serialexception", "pyserial", _PYSERIAL + " (SerialException)"),
            ToolMark("serial.serialutil", "pyserial", _PYSERIAL + " (module path in tracebacks)"),
            ToolMark("device reports readiness to read but returned no data", "pyserial", _PYSERIAL + " serialposix.py read() (SerialException text)"),
            ToolMark("ser_open()", "avrdude", "avrdude 6.x-8.x ser_posix.c / ser_win32.c (ser_open() messages)"),
            ToolMark("minicom", "minicom", "minicom 2.x main.c (program name in its messages)"),
            ToolMark("picocom", "picocom", "picocom 3.x picocom.c (FATAL: ... messages)"),
            ToolMark("jserialcomm", "jSerialComm", "jSerialComm SerialPort.java (exception package name)"),
            ToolMark("serialport", "node-serialport", "node-serialport @serialport/bindings (error messages 'Error: Opening /dev/...')"),
        )),
        context=(
            r"\b(?:uart|baud(?:rate| rate)?|/dev/tty\w{0,12}|tty(?:usb|acm|s|ama)\d{0,3}|/dev/cu\.\S{1,40}|com\d{1,3}|com port|serial(?: port| line| monitor|port)?|rs-?232|rs-?485|usb[- ]?(?:to[- ])?serial|ftdi|ch34[01]|cp210x|pl2303|pyserial|minicom|picocom|miniterm|parity|8n1|8e1|7e1|dialout|uucp|modemmanager|brltty|dtr|rts|tiocm\w{2,8}|tiocexcl)\b",
        ),
        checklist=(
            "Name the port that was opened (ls -l /dev/serial/by-id/ on Linux, Device Manager on Windows) and check it is the device's.",
            "Check that no other program holds it (a serial monitor, an IDE, ModemManager): fuser -v /dev/ttyUSB0.",
            "Check your permission on it (the dialout/uucp group) and the line settings both sides use (baud, 8N1/8E1).",
            "Probe the line itself: hsdoctor probe serial:///dev/ttyUSB0",
        ),
        objects=("serial_port", "usb_id"),
        probe_targets=(("serial_port", "serial://{object}"),),
        errno=Table("serial_errno", (
            ErrnoBinding("permission_denied", "serial.permission_denied", "the user may not open the port", "Add yourself to the port's group (dialout on Debian/Ubuntu, uucp on Arch) and log in again.", "sudo usermod -aG dialout $USER", "Linux device nodes /dev/ttyUSB*, /dev/ttyACM* are root:dialout 0660 (udev 50-udev-default.rules)"),
            ErrnoBinding("busy", "serial.port_busy", "another process holds the port", "Find and stop the program that holds the port (serial monitor, IDE, ModemManager).", "fuser -v /dev/ttyUSB0", "TIOCEXCL / lock files: EBUSY on open of an exclusively held tty (Linux tty_io.c)"),
            ErrnoBinding("no_such_file", "serial.port_missing", "the port name does not exist (unplugged, renumbered, wrong name)", "List the ports that exist and use the stable name.", "ls -l /dev/serial/by-id/", "Linux USB-serial nodes appear on plug and vanish on unplug (devices.txt); Windows ERROR_FILE_NOT_FOUND for a missing COM name"),
            ErrnoBinding("io_error", "serial.read_no_data", "the port failed under the program (the adapter was unplugged or reset)", "Check the cable and the adapter (dmesg -w while you plug it).", "dmesg | tail -20", "Linux tty: EIO after the device was disconnected (hangup)"),
            ErrnoBinding("timed_out", "serial.silent", "nothing came back on the line in time", "Check wiring (TX/RX, ground), the baud rate, and that the device is in the mode that answers.", "hsdoctor probe serial:///dev/ttyUSB0", "facts/serial.md §2.3, §3.2"),
        )),
        value_readings=("serial.not_a_mismatch",),
    )
