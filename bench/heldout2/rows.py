# Rows of held-out set 2: row(text, domains, causes, url, tags, note)

row("""level=error ts=2022-07-03T05:42:51.829Z caller=unbound_exporter.go:461 Failedtoscrapesocket:="x509: certificate relies on legacy Common Name field, use SANs instead\"""",
    "tls", "tls.hostname_mismatch,new:tls.cn_only_certificate", "https://github.com/letsencrypt/unbound_exporter/issues/41", "",
    "maintainer: Unbound's old control certificate has no SAN and Go 1.15+ ignores the CN; regenerating it with unbound-control-setup from 1.13 fixed it (reporter confirmed)")

row("""FAILED: run errorerror trying to connect: invalid dnsname""",
    "tls", "new:tls.ip_as_server_name", "https://github.com/rustls/hyper-rustls/issues/84", "misleading",
    "maintainer: the destination must be a host name, not an IP address; this rustls version cannot use an IP address as the server name")

row("""invalid peer certificate: certificate not valid for name "localhost"; certificate is not valid for any names (according to its subjectAltName extension)""",
    "tls", "tls.hostname_mismatch", "https://github.com/rustls/rustls/issues/2393", "",
    "maintainer: no new check in 0.23.24, only a new error variant; the test certificate's SAN does not cover localhost (reporter agreed)")



row("""[joseph@hikari stm32ret6usart]$ st-flash --connect-under-reset --format ihex write build/stm32ret6usart.hex
st-flash 1.7.0
2022-10-28T16:22:59 WARN common.c: NRST is not connected
2022-10-28T16:22:59 ERROR common.c: Soft reset failed: timeout
2022-10-28T16:22:59 ERROR common.c: Can not connect to target. Please use 'connect under reset' and try again
Failed to connect to target""",
    "bootloader.stm32", "bootloader.stm32.swd_no_target", "https://github.com/stlink-org/stlink/issues/1275", "multiline,misleading",
    "resolved (no bug): the firmware flashed with MDK left SWD disabled, so connect-under-reset without NRST wired cannot reach the core; erasing with STM32CubeIDE and keeping SWD enabled fixed it")

row("""$ st-flash reset
st-flash 1.8.0
Failed to enter SWD mode
Failed to connect to target
Failed to parse flash type or unrecognized flash type""",
    "bootloader.stm32", "bootloader.stm32.swd_no_target", "https://github.com/stlink-org/stlink/issues/1399", "multiline",
    "reporter: the ST-LINK V3 had no MCU connected; the probe works, the target is absent (the follow-up LIBUSB timeouts were a fixed stlink bug)")

row("""$ dfu-util -l

dfu-util 0.9

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2016 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

dfu-util: Cannot open DFU device 0489:e042
dfu-util: Device has DFU interface, but has no DFU functional descriptor
Deducing device DFU version from functional descriptor length
dfu-util: Cannot open DFU device 1235:800c
dfu-util: Device has DFU interface, but has no DFU functional descriptor""",
    "bootloader.stm32", "bootloader.stm32.usb_access_denied", "https://github.com/nrobinson2000/po-util/issues/17", "multiline",
    "the same listing works with sudo; a missing udev rule for the device (closed once po-util installed the rule)")

row("""10:39:20 warning OpenDevices: libusb: bad access [code -3]
10:39:21 info Waiting for a DFU capable device""",
    "bootloader.stm32", "bootloader.stm32.usb_access_denied", "https://github.com/zsa/wally/issues/78", "multiline",
    "reporter: the udev rules for the keyboard's STM32 DFU bootloader were missing; adding them fixed flashing")

row("""DFUError: OPEN failed --> SecurityError: Failed to execute 'open' on 'USBDevice': Access denied.""",
    "bootloader.stm32", "bootloader.stm32.probe_busy", "https://github.com/numworks/epsilon/issues/2015", "misleading",
    "reporter: another libusb program had taken the calculator's DFU interface again; not a permission problem")

row("""gsm = sim800(baudrate=115200, path="COM1")
serial.serialutil.SerialException: could not open port 'COM1': PermissionError(13, 'Access denied.', None, 5)""",
    "serial", "serial.port_busy", "https://github.com/Bhagyarsh/usim800/issues/1", "multiline,misleading",
    "reporter debugged it, maintainer accepted as a bug: the library opens the same COM port four times; Windows refuses the second open (administrator mode changed nothing)")

row("""Info : using stlink api v2
Info : Target voltage: 3.140492
Warn : UNEXPECTED idcode: 0x2ba01477
Error: expected 1 of 1: 0x1ba01477
in procedure 'init'
in procedure 'ocd_bouncer'""",
    "bootloader.stm32", "new:bootloader.stm32.clone_idcode", "https://github.com/TeXitoi/blue-pill-quickstart/issues/9", "multiline,misleading",
    "thread: the blue pill carries an STM32 clone (CKS32) whose debug port ID is 0x2ba01477; setting CPUTAPID to it in the target config fixes flashing (wiring and probe are fine)")

row("""openocd UNEXPECTED idcode: 0x0bc11477 when flashing a stm32c0""",
    "bootloader.stm32", "new:bootloader.stm32.wrong_target_config", "https://github.com/bmd-studio/stm32-for-vscode/issues/189", "misleading",
    "reporter found the root cause, maintainer fixed it: the generated openocd.cfg sourced target/stm32f0x.cfg for an STM32C0; target/stm32c0x.cfg fixes it")

row("""A fatal error occurred: Failed to write to target RAM (result was 01070000: Operation timed out)""",
    "bootloader.esp", "bootloader.esp.serial_exception,serial.driver_error,new:serial.wrong_usb_driver", "https://github.com/espressif/esptool/issues/908", "misleading",
    "users confirmed: on macOS the CH34x bridge ran on the generic usbmodem driver; installing WCH's driver (port becomes wchusbserial...) fixed it; not a chip RAM fault")

row("""rpg -h host -p 5432 -U postgres sslmode=verify-ca sslrootcert=/path/to/ca.crt -c "SELECT 1"
rpg: SSL error: certificate verification failed: invalid peer certificate: UnknownIssuer""",
    "database|tls", "tls.chain_incomplete", "https://github.com/NikolayS/rpg/issues/712", "multiline,misleading",
    "maintainer's root cause: the PostgreSQL server sends only its leaf certificate; rustls needs the intermediate chain in the handshake (psql/OpenSSL completes it from the CA file); the CA given is right")

row("""PHP message: PHP Warning:  pg_connect(): Unable to connect to PostgreSQL server: root certificate file "/nonexistent/.postgresql/root.crt" does not exist""",
    "database", "database.pg_root_cert_missing", "https://github.com/FreshPorts/freshports/issues/82", "",
    "the web server user's home is /nonexistent, so libpq's default ~/.postgresql/root.crt for sslmode=verify-full is missing; sslrootcert/PGSSLROOTCERT must name the CA file")
