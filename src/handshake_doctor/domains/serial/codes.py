"""Finding codes of the `serial` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("serial.port_missing", "The serial port does not exist", "explain,probe"),
    CodeDef("serial.permission_denied", "No permission to open the serial port", "explain,probe"),
    CodeDef("serial.port_busy", "Another process holds the serial port", "explain,probe"),
    CodeDef("serial.pty_no_parity", "The port (a pty or a limited driver) cannot carry parity or a data size other than 8", "explain,probe"),
    CodeDef("serial.baud_mismatch", "The host and the device use different baud rates", "explain,probe"),
    CodeDef("serial.framing_mismatch", "Same baud rate, different framing (data bits, parity, stop bits)", "explain,probe"),
    CodeDef("serial.silent", "Nothing comes back on the line", "explain,probe"),
    CodeDef("serial.echo", "Every byte sent comes back: the adapter, the device or a loopback echoes", "explain,probe"),
    CodeDef("serial.text_device", "The device prints text", "probe"),
    CodeDef("serial.modem_at", "A Hayes AT modem answers on the port", "probe"),
    CodeDef("serial.gps_nmea", "A GPS receiver prints NMEA 0183 sentences", "probe"),
    CodeDef("serial.read_no_data", "The port signalled data but a read returned none: the device was unplugged or another program reads the same port", "explain"),
    CodeDef("serial.uart_line", "A UART line measured from a recording: its rate, framing, polarity and clock error", "analyze"),
    CodeDef("serial.framing_ambiguous", "Two framings (e.g. 7E1 and 8N1) decode the recorded line equally cleanly: the bytes depend on which", "analyze"),
    CodeDef("serial.clock_error", "The device's bit rate is off its nominal rate by more than a receiver tolerates well", "analyze"),
    CodeDef("serial.line_errors", "Framing or parity errors on the line at its own measured rate and framing: noise, a break or a wrong level", "analyze"),
    CodeDef("serial.not_a_mismatch", "The byte is not a product of a common baud or framing mismatch: the device really sent it", "explain"),
    # from the serial hosts inventory (messages_hosts.py)
    CodeDef("serial.port_disconnected", "The serial device went away under the open port (unplugged, reset, or a failing USB link)", "explain"),
    CodeDef("serial.write_timeout", "A write to the serial port did not complete in time: flow control holds the output, or the device stopped taking data", "explain"),
    CodeDef("serial.baud_unsupported", "The serial driver or platform refused the baud rate", "explain"),
    CodeDef("serial.invalid_baud_value", "The baud rate given is not a value the program takes as one (not a number, negative, or not in its list of rates): a typo or a wrong option, before any driver is asked", "explain", "0.2.0"),
    CodeDef("serial.brltty_claims_adapter", "brltty (the braille display daemon) claimed the USB-serial adapter (CH340/CH341 1a86:7523 and other generic bridges) through usbfs: the kernel detaches its ttyUSB node", "explain", "0.2.0"),
    CodeDef("serial.driver_error", "The USB-serial driver failed the request (semaphore timeout, device not functioning, blocked open)", "explain"),
)
