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


row("""esptool.py v1.2-dev
Connecting...
Running Cesanta flasher stub...

A fatal error occurred: Invalid head of packet ('\\xe0')""",
    "bootloader.esp", "serial.baud_unsupported,bootloader.esp.baud_rejected,bootloader.esp.transfer_stopped", "https://github.com/cnlohr/espusb/issues/8", "multiline,misleading",
    "reporter tested adapters: the CP2102 bridge cannot run the makefile's -b 1000000 (CH340, PL2303 and FT232 can); 115200 or 1500000 works; not a firmware fault")

row("""error: PKCS11 function C_SignFinal failed: rv = CKR_GENERAL_ERROR (0x5)
P:584; T:0x4501495232 13:05:40.808 [opensc-pkcs11] reader-pcsc.c:1299:detect_reader_features: Assuming that the reader supports transceiving short length APDUs only
P:584; T:0x4501495232 13:05:54.977 [opensc-pkcs11] reader-pcsc.c:271:pcsc_internal_transmit: OMNIKEY AG CardMan 3121:SCardTransmit/Control failed: 0x80100016""",
    "smartcard", "smartcard.transmit_failed,new:smartcard.extended_apdu_unsupported", "https://github.com/OpenSC/OpenSC/issues/2493", "multiline,misleading",
    "maintainer's reading of the log: not the PIN and not OpenSC; the PC/SC transmit of the decipher failed (0x80100016) because the command uses an extended APDU and the reader only carries short APDUs")

row("""java -jar gp.jar -install myApplet.cap
pro.javacard.gp.GPException: STRICT WARNING: Card cryptogram invalid!
Card: XXXXXXXXXXXXXXX
Host: XXXXXXXXXXXXXXX
        at pro.javacard.gp.GlobalPlatform.giveStrictWarning(GlobalPlatform.java:207)
        at pro.javacard.gp.GlobalPlatform.openSecureChannel(GlobalPlatform.java:583)
        at pro.javacard.gp.GPTool.main(GPTool.java:463)""",
    "smartcard", "smartcard.gp_wrong_keys", "https://github.com/martinpaljak/GlobalPlatformPro/issues/72", "multiline,misleading",
    "maintainer: the keys were set in earlier separate gp invocations; gp needs the key with every command, so this run used the default keys, which are not the card's")

row("""root@internet-OptiPlex-3040:/home/internet/Downloads# java -jar gp.jar gp -visa2 -key 47454D5850524553534F53414D504C45 -mode clr --list
pro.javacard.gp.GPException: STRICT WARNING: Card cryptogram invalid!
Card: 3B7273DE056B9782
Host: 2E25917C8C664A18""",
    "smartcard", "smartcard.gp_wrong_keys", "https://github.com/martinpaljak/GlobalPlatformPro/issues/105", "multiline",
    "maintainer: the Gemalto IDPrime card does not use the key from the blog post; the card's actual keying (from the vendor) is needed")

row("""opensc-tool --list-readers --verbose
Detected readers (pcsc)
Nr.  Card  Features  Name
0    Yes   PIN pad   REINER SCT cyberJack RFID komfort
     3b:88:80:01:00:00:c9:04:77:81:73:00:41 Unsupported card [IN USE]""",
    "smartcard", "smartcard.token_unrecognized", "https://github.com/OpenSC/OpenSC/issues/2348", "multiline",
    "reporter confirmed: OpenSC 0.22.0-rc1 lacked the CardOS 5.4 (D-Trust 4.1/4.4) support of PR #2296; with it the card works")

row("""$ opensc-tool -a
Using reader with a card: Gemalto PC Twin Reader 00 00
3b:95:95:40:ff:ae:01:03:00:00

$ opensc-tool -n
Using reader with a card: Gemalto PC Twin Reader 00 00
Unsupported card""",
    "smartcard", "smartcard.token_unrecognized", "https://github.com/OpenSC/OpenSC/issues/1434", "multiline",
    "maintainer: OpenSC has no driver for this Gemalto Cyberflex/IDClassic card (not on the supported list); reader and pcscd are fine")

row("""---------------------------
curl error
---------------------------
schannel: next InitializeSecurityContext failed: CRYPT_E_NO_REVOCATION_CHECK (0x80092012) - The revocation function was
unable to check revocation for the certificate.
---------------------------
OK
---------------------------""",
    "tls", "new:tls.revocation_unavailable", "https://github.com/notepad-plus-plus/wingup/issues/103", "multiline,misleading",
    "reporter traced it to v8.9.2's strict revocation checking: the corporate MITM proxy's certificates carry no CRL distribution point, so revocation cannot be checked (not a revoked certificate); REVOKE_BEST_EFFORT is the fix")

row(""">curl.exe -v -x 127.0.0.1:8888 https://google.com
* Connected to 127.0.0.1 (127.0.0.1) port 8888 (#0)
* Establish HTTP proxy tunnel to google.com:443
> CONNECT google.com:443 HTTP/1.1
< HTTP/1.1 200 Connection Established
< FiddlerGateway: Direct
* Proxy replied OK to CONNECT request
* schannel: SSL/TLS connection with google.com port 443 (step 1/3)
* schannel: checking server certificate revocation
* schannel: sending initial handshake data: sending 179 bytes...
* schannel: SSL/TLS connection with google.com port 443 (step 2/3)
* schannel: next InitializeSecurityContext failed: Unknown error (0x80092012) -
The revocation function was unable to check revocation for the certificate.
* Closing connection 0""",
    "tls", "new:tls.revocation_unavailable", "https://github.com/curl/curl/issues/264", "multiline,misleading",
    "maintainers: Fiddler's HTTPS interception certificate has no revocation information, and Schannel's revocation check fails hard on it; the proxy tunnel itself worked (curl later added --ssl-no-revoke)")

row("""Oops!
OpenSSL SSL_read: error:0A000126:SSL routines::unexpected eof while reading, errno 0
Don't worry, This error message is only visible to Administrators.""",
    "tls", "new:tls.unclean_close", "https://github.com/openssl/openssl/issues/18409", "multiline,misleading",
    "maintainer (resolved, not a bug): the peer ended the connection without a TLS close_notify; OpenSSL 3 reports it as an error, for HTTPS it can usually be ignored; nothing is wrong with the certificate or the upgrade")

row("""$ docker run -it -v $PWD/app:/app dotnet /app/bin/Debug/net6.0/Hello
Unhandled exception. System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.
 ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: PartialChain
   at System.Net.Security.SslStream.SendAuthResetSignal(ProtocolToken message, ExceptionDispatchInfo exception)""",
    "tls", "tls.ca_bundle_unreadable,new:tls.no_ca_store", "https://github.com/rockcrafters/dotnet/pull/7", "multiline,misleading",
    "PR author: the chiselled .NET 6 image ships without the CA certificates slice, so no chain can be built for any site; fixed once the ca-certificates slice was added (chisel-releases PR 3)")

row("""sudo apt update
https://archive.raspberrypi.org/debian buster Release Certificate verification failed: The certificate is NOT trusted. The certificate chain uses expired certificate.  Could not handshake: Error in the certificate verification.""",
    "tls", "tls.cert_expired,new:tls.expired_cross_signed_intermediate", "https://github.com/RPi-Distro/repo/issues/175", "multiline,misleading",
    "maintainer fixed it server-side: the *.raspberrypi.org leaf was valid, but the served chain still included the AddTrust External CA Root cross-certificate that expired on 2020-05-30; serving the other path fixed it")

row("""Spider mode enabled. Check if remote file exists.
--2016-11-03 17:17:40--  https://deb.debian.org/debian/
Resolving deb.debian.org (deb.debian.org)... 130.89.148.14, 128.31.0.62, 149.20.4.15, ...
Connecting to deb.debian.org (deb.debian.org)|130.89.148.14|:443... connected.
ERROR: The certificate of ‘deb.debian.org’ is not trusted.
ERROR: The certificate of ‘deb.debian.org’ is not yet activated.
The certificate has not yet been activated""",
    "tls", "tls.cert_not_yet_valid", "https://github.com/MichaIng/DietPi/issues/2017", "multiline",
    "maintainer: the board's clock was at 2016 because time sync had not run (NTP removed); with the right date the certificate verifies")


row("""My Itron UltrMaxx is using 8E1 not 8N1.
Trying to scan the bus and get 'E5' at adr 1.
The mbus-serial-scan can see the meter but E5 is an error code.""",
    "meter", "meter.mbus", "https://github.com/ganehag/pyMeterBus/issues/53", "multiline,misleading",
    "reporter: the full mbus-serial-request-data-multi-reply read works and returns all data; the E5 from the scan is the M-Bus single-character ACK of a meter that answered, not an error")

row("""I am running the libmbus 0.8.0 with mbus-serial-scan -d /dev/ttyUSB0 command, it is supposed to be located at the address 183 but it goes past it like it isn't even there, standard baud so i guess it's on 9600.""",
    "meter", "serial.baud_mismatch,meter.no_reply", "https://github.com/rscada/libmbus/issues/81", "",
    "reporter confirmed after the maintainer's tips: scanning at 2400 baud found the Kamstrup Multical 302, which only answers at 2400 (the other meters ran at 9600)")

row("""When I run mbus-serial-request-data at a baudrate of 2400 I just receive a 00 byte (not always), followed by the FF byte over and over again. It's a similar story with the mbus-serial-scan.""",
    "meter", "meter.collision,new:meter.bus_jammed", "https://github.com/rscada/libmbus/issues/216", "misleading",
    "reporter found it: one of the M-Bus modules on the line was water-damaged and kept sending rubbish, jamming the bus; not the Raspberry Pi OS update suspected in the thread")


row("""[ioredis] Unhandled error event: ParserError: Protocol error, got "H" as reply type byte. Please report this.
    at handleError (/workspaces/shop-fail/node_modules/redis-parser/lib/parser.js:190:15)
    at parseType (/workspaces/shop-fail/node_modules/redis-parser/lib/parser.js:304:14)""",
    "database", "tls.sni_required,new:database.redis_tls_sni_missing", "https://github.com/redis/ioredis/issues/1862", "multiline,misleading",
    "reporter resolved it: the TLS endpoint in front of Redis routes by SNI and answered with HTTP without it; passing tls.servername=host fixed it")

row("""Microsoft.Data.SqlClient.SqlException (0x80131904): A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)
 ---> System.ComponentModel.Win32Exception (0x80090325): The certificate chain was issued by an authority that is not trusted.""",
    "database", "database.mssql_cert_untrusted", "https://github.com/dotnet/SqlClient/issues/1836", "multiline",
    "maintainers: upgrading to EF Core 7 pulled Microsoft.Data.SqlClient 5.0, where Encrypt defaults to true, so the server's self-signed certificate is now validated; Encrypt=false, TrustServerCertificate=true or a trusted certificate fix it")

row("""A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)""",
    "database", "database.mssql_cert_untrusted", "https://github.com/fluentmigrator/fluentmigrator/issues/1565", "misleading",
    "reporter: FluentMigrator 3.3.2 switched to Microsoft.Data.SqlClient 4, which encrypts by default and validates the SQL Server 2019 certificate; Encrypt=False fixed it (nothing changed on the server)")

row("""  Calling ldap_connect('ldaps://10.255.8.30', 3269)
DEBUG [2021-01-14 15:42:51] 11408  ldap_connect result is [resource]
WARNING [2021-01-14 15:42:51] 11408  /var/www/matomo/plugins/LoginLdap/Ldap/Client.php(91): Warning - ldap_bind(): Unable to bind to server: Can't contact LDAP server - Matomo 4.1.0""",
    "database", "database.ldap_server_down,new:database.ldap_port_ignored", "https://github.com/matomo-org/plugin-LoginLdap/issues/224", "multiline,misleading",
    "reporter: SOLVED by putting the port in the URL (ldaps://10.255.8.30:3269) and leaving the port field blank; with a URL the separate port was not used, so the bind went to the wrong port; not a certificate problem (TLS_REQCERT never was already set)")

row("""PostgreSQL connection failed: FATAL: no pg_hba.conf entry for host "x.x.x.x", user "xxx", database "xxxxx", no encryption (SQLSTATE 28000)""",
    "database", "database.pg_ssl_required", "https://github.com/t8y2/dbx/issues/4311", "misleading",
    "maintainer fixed it in v0.5.66: without an explicit sslmode the client forced TLS off, and the server only admits encrypted connections (hostssl); not a missing host entry")

row("""RuntimeError: mysql_real_connect failed: errno: 0, error:""",
    "database", "database.mysql_auth_plugin_missing", "https://github.com/google/ml-metadata/issues/128", "misleading",
    "reporter and maintainers: the MySQL 8 account uses caching_sha2_password, which the bundled MariaDB connector build cannot do; switching the account to mysql_native_password works around it")

row("""FATAL   Unable to create database connection: java.sql.SQLException: Unable to load authentication plugin 'caching_sha2_password'.""",
    "database", "database.mysql_auth_plugin_missing", "https://github.com/OWASP/SecurityShepherd/issues/361", "",
    "maintainer: MySQL server 8.0.4+ defaults to caching_sha2_password and the bundled old Connector/J cannot load it; workaround mysql_native_password for the user, fixed by a driver upgrade (#734)")

row("""ERROR 1045 (28000): Plugin caching_sha2_password could not be loaded: /usr/lib/x86_64-linux-gnu/mariadb19/plugin/caching_sha2_password.so: cannot open shared object file: No such file or directory""",
    "database", "database.mysql_auth_plugin_missing", "https://github.com/ddev/ddev/issues/3146", "misleading",
    "maintainer: the web container's client is MariaDB's, which has no caching_sha2_password plugin, while the external MySQL 8 account uses it; use a mysql_native_password account or a MySQL client (1045 is not a wrong password here)")

row("""Error response from daemon: Get https://index.docker.io/v1/search?q=ubuntu&n=25: dial tcp: lookup index.docker.io on 127.0.1.1:53: read udp 127.0.0.1:39725->127.0.1.1:53: i/o timeout""",
    "net", "net.dns_temporary_failure", "https://github.com/distribution/distribution/issues/2411", "",
    "reporter's fix, confirmed by others: the host's local resolver stub at 127.0.1.1 did not answer; putting the router's nameserver into resolvconf's head and running resolvconf -u fixed it")

row("""Error: getaddrinfo EAI_AGAIN github.com""",
    "net", "net.dns_temporary_failure,new:net.resolver_library_bug", "https://github.com/flaviostutz/dockerwall/issues/7", "misleading",
    "reporter: resolved by moving the Node apps from Alpine to Debian buster; the Alpine image's C library resolver intermittently failed name lookups, not the DNS entries or the firewall")

row("""curl: (7) Failed to connect to <dockerhost> on port 8080: Host is unreachable""",
    "net", "net.host_unreachable", "https://github.com/moby/moby/issues/27817", "misleading",
    "reporter: the host's iptables INPUT policy DROP/REJECT blocked traffic from the container's bridge to the host's own published port; iptables -I INPUT -i <bridge> -j ACCEPT fixed it (the host is up)")

row("""- error TypeError: fetch failed
    at Object.fetch (node:internal/deps/undici/undici:11576:11)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {
  cause: [Error: 98CBF5449C7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:
  ] {
    library: 'SSL routines',
    reason: 'wrong version number',
    code: 'ERR_SSL_WRONG_VERSION_NUMBER'
  }
}""",
    "tls|http", "tls.plaintext_http,http.scheme_mismatch", "https://github.com/UNICKCHENG/openai-proxy/pull/48", "multiline",
    "PR author's diagnosis (fix merged in #49): behind the reverse proxy the request was forwarded to https://localhost:3000, which serves plain HTTP; rewriting to http:// fixed it")

row("""Error connecting to server PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException""",
    "tls", "tls.untrusted_root,new:tls.interception_proxy_ca", "https://github.com/archimatetool/archi/issues/1108", "misleading",
    "reporter confirmed after the maintainer showed the server is fine: the company's Zscaler proxy intercepts TLS and its root CA is not in the Java trust store Archi uses; not an out-of-date server certificate")

row("""➜  CertExtract mcs class-search CommandLine
Searching for artifacts containing CommandLine...
MCS ran into an error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target

If the error persist, please consider reporting the issue at https://github.com/mthmulders/mcs/issues/new""",
    "tls", "tls.untrusted_root,new:tls.interception_proxy_ca", "https://github.com/mthmulders/mcs/issues/235", "multiline",
    "reporter (a ZScaler user) and maintainer: the proxy's custom CA is not in the JVM trust store; pointing -Djavax.net.ssl.trustStore at a store with it fixed it (confirmed)")

row("""curl: (35) SSL peer handshake failed, the server most likely requires a client certificate to connect""",
    "tls", "tls.version_mismatch", "https://github.com/jembi/openhim-core-js/issues/335", "misleading",
    "reporter found the trigger: an old habit of passing -k3 to curl, forcing SSLv3, which the Node server no longer supports; without -3 it works (no client certificate was needed)")

row("""Complete BDP ping err={"created":"@1600003114.696000000","description":"Failed parsing HTTP/2","file":"d:\\a\\grpc-node\\grpc-node\\packages\\grpc-native-core\\deps\\grpc\\src\\core\\ext\\transport\\chttp2\\transport\\chttp2_transport.cc","file_line":2582,"referenced_errors":[{"created":"@1600003114.696000000","description":"Connect string mismatch: expected 'P' (80) got 'O' (79) at byte 0","file":"d:\\a\\grpc-node\\grpc-node\\packages\\grpc-native-core\\deps\\grpc\\src\\core\\ext\\transport\\chttp2\\transport\\parsing.cc","file_line":97}]}""",
    "http", "new:http.http1_to_h2_only_server", "https://github.com/entwico/ngx-grpc/issues/16", "misleading",
    "reporter figured it out, maintainer agreed: the browser's grpc-web client sends HTTP/1.1 (an OPTIONS request, hence 'O') while the gRPC server expects the HTTP/2 preface; a grpc-web proxy (Envoy) in between is required")

row("""2020/04/29 17:17:15 [error] 6438#6438: *87030 upstream sent frame for closed stream 3 while reading response header from upstream
rpc error: code = Internal desc = stream terminated by RST_STREAM with error code: INTERNAL_ERROR""",
    "http", "http.h2_stream_reset", "https://github.com/kubernetes/ingress-nginx/issues/5470", "multiline,misleading",
    "reporter's analysis with the nginx ticket: nginx's gRPC proxy cannot handle upstream streams that end before the full request is sent and replaces the upstream status with its own RST_STREAM INTERNAL_ERROR; the backend is fine")

row("""Uploading code using Arduino AVR Boards 1.6.21 with Arduino 1.85 on MacOS 10.13.3,
on an Arduino Nano clone with a CH340 chip fails:
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x42
going back to Arduino AVR Boards 1.6.20 works.""",
    "bootloader.avr", "serial.baud_mismatch,new:bootloader.avr.old_bootloader_baud", "https://github.com/arduino/Arduino/issues/7381", "multiline,misleading",
    "closed as a duplicate of the AVR Boards 1.6.21 change (issue 7264): the Nano entry now uploads at 115200 for the new Optiboot, while this clone carries the old bootloader at 57600 ('Old Bootloader' menu entry); the CH340 driver is fine")

row(""""C:\\Program Files (x86)\\Thonny\\python.exe" -u -m esptool --port COM3 erase_flash
esptool.py v4.4
Serial port COM3
Connecting......................................
A fatal error occurred: Failed to connect to Espressif device: Wrong boot mode detected (0x13)! The chip needs to be in download mode.
For troubleshooting steps visit: https://docs.espressif.com/projects/esptool/en/latest/troubleshooting.html
Erase command returned with error code 2""",
    "bootloader.esp", "bootloader.esp.not_in_download_mode", "https://dfrobot.com/forum/topic/319991", "multiline",
    "reporter found it and the vendor confirmed: the FireBeetle 2 ESP32-E has no auto-download circuit the tool could drive; GPIO0 must be tied low (GPIO12 low, GPIO15 high) to enter download mode")

row("""esptool.py v4.5.1
Serial port /dev/ttyUSB0
Connecting......
Chip is ESP32-D0WD-V3 (revision v3.1)
Features: WiFi, BT, Dual Core, 240MHz, VRef calibration in efuse, Coding Scheme None
Crystal is 40MHz
Uploading stub...
Running stub...
Stub running...
Changing baud rate to 921600
Changed.
WARNING: Failed to communicate with the flash chip, read/write operations will fail. Try checking the chip connections or removing any other hardware connected to IOs.
Configuring flash size...
Flash will be erased from 0x00001000 to 0x00005fff...
Compressed 18992 bytes to 13112...
A fatal error occurred: Packet content transfer stopped (received 8 bytes)""",
    "bootloader.esp", "bootloader.esp.flash_chip_unreachable", "https://redlib.privacytools.click/r/arduino/comments/17930xg/a_fatal_error_occurred_packet_content_transfer", "multiline,misleading",
    "reporter's confirmed workaround (others confirmed): nothing may be connected to GPIO12 (MTDI strap); pulled high it selects 1.8 V flash voltage, so the 3.3 V flash browns out; the cable and USB port were fine")

row("""09:13:33 : Memory Programming ...
09:13:33 : Opening and parsing file: xxx.bin
09:13:33 : Size : 507.16 KB
09:13:33 : Address : 0x08000000
09:13:33 : Download in Progress:
09:13:33 : Error: Write failed at address: 0x8000000
09:13:33 : Error: failed to download Segment[0]
09:13:33 : Error: failed to download the File
09:13:33 : RUNNING Program ...
09:13:33 : Error: Start operation failed
09:13:33 : Warning: Connection to device 0x495 is lost
09:13:34 : Disconnected from device.""",
    "bootloader.stm32", "bootloader.stm32.dfu_error,new:bootloader.stm32.programmer_software_outdated", "https://community.st.com/t5/stm32-mcus-wireless/unable-to-upgrade-stm32wb-via-usb-bootloader/m-p/605983", "multiline,misleading",
    "accepted solution (ST moderator, reporter confirmed): STM32CubeProgrammer 2.10 could not program the STM32WB over the USB DFU bootloader; v2.14 did (entering the bootloader from CDC_Standalone); the flash was not write protected")

row("""when i click connetti there is no response from the app. my SLE4442 card is connected via my smartcard reader on USB.
the log from the app says : `Exception: Failed to establish context : Service not available.`""",
    "smartcard", "smartcard.no_service", "https://github.com/hvfrancesco/SLE4442-card-manager/issues/1", "multiline",
    "reporter: installing pcscd made the app respond; the PC/SC daemon was not installed/running")

row("""$ journalctl --unit=pcscd
févr. 11 18:55:07 debian pcscd[3715]: 00000006 winscard_svc.c:361:ContextThread() Received command: CMD_VERSION from client 8
févr. 11 18:55:07 debian pcscd[3715]: 00000004 winscard_svc.c:373:ContextThread() Client is protocol version 4:3
févr. 11 18:55:07 debian pcscd[3715]: 00000001 winscard_svc.c:382:ContextThread() Communication protocol mismatch!
févr. 11 18:55:07 debian pcscd[3715]: 00000002 winscard_svc.c:384:ContextThread() Client protocol is 4:3
févr. 11 18:55:07 debian pcscd[3715]: 00000001 winscard_svc.c:386:ContextThread() Server protocol is 4:4
févr. 11 18:55:07 debian pcscd[3715]: 00000002 winscard_svc.c:396:ContextThread() CMD_VERSION rv=0x8010001E for client 8""",
    "smartcard", "new:smartcard.pcsc_version_mismatch", "https://blog.apdu.fr/posts/2023/04/faq-pcsc-lite-and-scardeservicestopped/", "multiline,misleading",
    "pcsc-lite maintainer's FAQ on the reported 'SCardEstablishContext: Service was stopped.': the only cause is libpcsclite and pcscd speaking different internal protocol versions (a second pcsc-lite in /usr/local, or a flatpak); the service is running")

row("""Error changing the PIN: Conditions of use not satisfied""",
    "smartcard", "smartcard.pin_blocked", "https://github.com/Yubico/developers.yubico.com/issues/45", "misleading",
    "reporter: the Admin PIN was blocked (retry counter at 0); only resetting the OpenPGP applet (ResetApplet) got the card usable again, losing its keys")

row("""I can connect to mongoDB with `127.0.0.1:27017` and `localhost:27017` both, with the help of mongoDB Compass, when I am trying to connect to the same with the help of mongoose, for `localhost:27017` it is showing error message like, `ECONNREFUSED ::1:27017`, but in case if I try to connect with `127.0.0.1:27017`, it connects.""",
    "database|net", "net.tcp_refused,new:net.localhost_resolves_ipv6", "https://github.com/Automattic/mongoose/issues/13483", "misleading",
    "answered and confirmed by the reporter: Node 18 resolves localhost to ::1 first and mongod listened on IPv4 only; enabling ipv6 in mongod.conf (or using 127.0.0.1) fixed it; the server was up")

row("""ERROR 2026 (HY000): TLS/SSL error: self-signed certificate in certificate chain""",
    "database", "database.mysql_ssl_error,tls.self_signed", "https://github.com/stefanpejcic/OpenPanel/issues/640", "",
    "maintainer's fix: after the 1.5.6 update the MariaDB client verifies the server certificate by default and the panel's MySQL container uses a self-signed one; skip-ssl in the client config fixed it")

row("""Connection error: Connection Refused: not authorised.""",
    "database", "database.mqtt_not_authorized", "https://github.com/PacktPublishing/Practical-Python-Programming-for-IoT/issues/5", "",
    "book author confirmed: mosquitto 2.x refuses anonymous clients by default; the chapter's config needs allow_anonymous true (the client sends no credentials)")

row("""1675990269: Sending CONNACK to iController_2910 (0, 5)
1675990269: Client iController_2910 disconnected, not authorised.""",
    "database", "database.mqtt_not_authorized", "https://github.com/openwrt/openwrt/issues/11979", "multiline",
    "reporter: moving from mosquitto 1.6.12 to 2.0.15 the broker no longer accepts anonymous clients; setting allow_anonymous true fixed it")

row("""Connection refused: Not authorized""",
    "database", "database.mqtt_not_authorized,new:database.mqtt_client_sends_empty_credentials", "https://github.com/mqttjs/MQTT.js/issues/1207", "misleading",
    "maintainers: MQTT.js 4.0.0 regression; without a username/password set it still sent empty credentials over websocket, which Mosquitto refuses; fixed by #1197 (3.0.0 was fine)")

row("""NOAUTH Authentication required.""",
    "database", "database.redis_auth_required,new:database.redis_sentinel_password_not_sent", "https://github.com/redisson/redisson/issues/1981", "misleading",
    "maintainer fixed it: Redisson 3.10.4 did not send the configured password to the password-protected Sentinel nodes of Redis 5.0.1; the password was set in the client config")

row("""ERR unknown command 'auth'
...gems/2.6.0/gems/redis-4.1.1/lib/redis/client.rb:126:in `call'
...gems/2.6.0/gems/redis-4.1.1/lib/redis/client.rb:107:in `block in connect'
...gems/2.6.0/gems/redis-4.1.1/lib/redis/client.rb:607:in `block in resolve_master'
...gems/2.6.0/gems/redis-4.1.1/lib/redis/client.rb:584:in `block in sentinel_detect'""",
    "database", "new:database.redis_sentinel_no_auth_command", "https://github.com/redis/redis-rb/issues/849", "multiline,misleading",
    "thread, fixed in the gem: redis-rb 4.1.1 sends AUTH to the Sentinels when a password is given, but Sentinels of Redis 3.2 to 4.0.10 have no AUTH command; only the data nodes are password-protected")

row("""/usr/lib/ruby/gems/3.0.0/gems/redis-client-0.16.0/lib/redis_client/connection_mixin.rb:61:in `call_pipelined': ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct? (RedisClient::CommandError)
	from /usr/lib/ruby/gems/3.0.0/gems/redis-client-0.16.0/lib/redis_client.rb:709:in `block in connect'
	from /usr/lib/ruby/gems/3.0.0/gems/redis-client-0.16.0/lib/redis_client/sentinel_config.rb:128:in `block in resolve_master'""",
    "database", "database.redis_wrong_pass", "https://github.com/redis-rb/redis-client/issues/140", "multiline,misleading",
    "maintainer fixed the regression: since redis-client 0.15 the master's password was also sent to the Sentinels, which have no requirepass; 0.14 worked with the same config")

row("""Get http://domain:9222/probe?target=watchub.pw: dial tcp: lookup domain on 127.0.0.11:53: no such host""",
    "net", "net.dns_unresolved", "https://github.com/caarlos0/domain_exporter/issues/6", "misleading",
    "reporter: a docker-compose misconfiguration; the Prometheus config used the container_name instead of the compose service name, which Docker's DNS resolves (not the probed domain failing)")

row("""error="dial tcp: lookup forge on 192.168.86.1:53: no such host""",
    "net", "net.dns_unresolved", "https://github.com/itzg/mc-router/issues/320", "",
    "maintainer and reporter: the name 'forge' is only resolvable inside the same Docker network; the server container sat on the default bridge network, moving it to the router's network fixed it")

row("""ssh: connect to host da5 port 22: Connection timed out""",
    "net", "net.tcp_timeout", "https://github.com/woc-hack/tutorial/issues/25", "misleading",
    "maintainer: ssh for da5 listens on port 443, and the path drops port 22; the updated lookup scripts use 443 (reporter confirmed it works)")

row("""IPv6 单栈机器连接失败：connect ENETUNREACH 2a14::a:22 - Local (:::0)""",
    "net", "net.network_unreachable", "https://github.com/Heavrnl/nexus-terminal/issues/13", "",
    "reporter: on the IPv6-only host the compose network had EnableIPv6=false, so the backend container had no IPv6 address or route; recreating the network with IPv6 enabled fixed it")

row("""Warning: DEPRECATED: 'esptool.py' is deprecated. Please use 'esptool' instead. The '.py' suffix will be removed in a future major release.
Warning: Deprecated: Command 'write_flash' is deprecated. Use 'write-flash' instead.""",
    "bootloader.esp", "bootloader.esp.deprecated_name", "https://github.com/tinygo-org/tinygo/issues/4991", "multiline",
    "maintainer: esptool v5.0.2 renamed the script and the commands (dashed names); tinygo's targets still pass the old names, which keep working; the flash itself succeeds")

row("""I have also tried the "no_reset" and "no_reset_no_sync" options without much success. I get "Failed to connect to ESP32-C3: No serial data received"
A fatal error occurred: Failed to connect to ESP32-C3: No serial data received.""",
    "bootloader.esp", "bootloader.esp.not_in_download_mode,bootloader.esp.no_reply,new:bootloader.esp.app_took_usb_pins", "https://github.com/espressif/esptool/issues/924", "multiline,misleading",
    "maintainer: the previously flashed application reconfigured IO18/IO19, the USB-Serial/JTAG pins, so esptool could not reset the chip into the loader; putting it into download mode by hand (GPIO9 low) with --before no_reset worked (reporter confirmed); not a driver fault")

row(""">>>: avrdude -u -c jtag2updi -P COM6 -p m8
WARNING: Unable to detect MCU

avrdude.exe: error at C:\\Program Files (x86)\\AVRDUDESS\\avrdude.conf:1115: programmer type jtagice3_updi not found
avrdude.exe: error reading system wide configuration file "C:\\Program Files (x86)\\AVRDUDESS\\avrdude.conf\"""",
    "bootloader.avr", "bootloader.avr.wrong_interface", "https://github.com/ElTangas/jtag2updi/issues/51", "multiline,misleading",
    "maintainer: the config error only shows this avrdude predates jtagice3_updi; the main problem is that the ATmega8 (-p m8) is not a UPDI chip and cannot be programmed with jtag2updi at all (use an ISP programmer)")

row("""avrdude: Warning: cannot open USB device: Permission denied
avrdude: error: could not find USB device with vid=0x16c0 pid=0x5dc""",
    "bootloader.avr", "bootloader.avr.usb_permission", "http://badcircuits.com/linux-usbasp-permissions.html", "multiline",
    "author's fix on Linux Mint: the USBasp's /dev/bus/usb node was root:root 0664; a udev rule giving the user's group access fixed it (the programmer was on the bus)")

row("""I recently started having trouble with Arduino 1.6.x not being able to program Arduino Micro or SparkFun Pro Micro, with avrdude complaining about permission denied when trying to open /dev/ACM0.
The usual solutions to this is to add oneself to the dialup group, or mess around in /etc/udev/rules.d/99-arduino.rules.
None of these worked for me.""",
    "serial|bootloader.avr", "serial.permission_denied,new:serial.udev_race_after_reset", "http://blog.shuningbian.net/2016/03/permission-denied-when-programming.html", "multiline,misleading",
    "author's diagnosis and fix: after the 1200-baud touch the ATmega32u4 re-enumerates and avrdude opens the new /dev/ttyACM0 before udev has applied its permissions; 'udevadm settle -t 1' before avrdude fixed it (group membership was already right)")

row("""requests.exceptions.SSLError: HTTPSConnectionPool(host='id.dev.fedoraproject.org', port=443): Max retries exceeded with url: /openidc/.well-known/openid-configuration (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Basic Constraints of CA cert not marked critical (_ssl.c:1028)')))""",
    "tls", "new:tls.strict_x509_rejected", "https://github.com/sgallagher/sscg/issues/74", "",
    "maintainer fixed sscg: Python 3.13's default context adds VERIFY_X509_STRICT, and the test CA sscg generated did not mark basicConstraints critical; regenerated CAs verify")

row("""urllib.error.URLError: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Basic Constraints of CA cert not marked critical (_ssl.c:1020)>""",
    "tls", "new:tls.strict_x509_rejected", "https://github.com/IONOS-Core/dim/issues/284", "misleading",
    "fixed by PR 285: the server's CA is otherwise trusted; Python 3.13 enables VERIFY_X509_STRICT by default and that CA lacks a critical basicConstraints; dimclient clears the flag")

row("""OpenSSL: error:140AB18E:SSL routines:SSL_CTX_use_certificate:ca md too weak""",
    "tls", "tls.weak_crypto_rejected,tls.weak_certificate", "https://github.com/OpenVPN/openvpn3-linux/issues/144", "",
    "maintainer: the VPN's CA/certificate is signed with a hash modern OpenSSL refuses at its default security level; fix the CA or use tls-cert-profile insecure")

row("""2021-10-13 18:39:32 library versions: OpenSSL 3.0.0 7 sep 2021, LZO 2.10
2021-10-13 18:39:33 WARNING: --ns-cert-type is DEPRECATED. Use --remote-cert-tls instead.
2021-10-13 18:39:33 OpenSSL: error:0A00018E:SSL routines::ca md too weak
2021-10-13 18:39:33 MGMT: Got unrecognized command>FATAL:Cannot load inline certificate file
2021-10-13 18:39:33 OpenSSL reported a certificate with a weak hash, please the in app FAQ about weak hashes
2021-10-13 18:39:33 Cannot load inline certificate file
2021-10-13 18:39:33 Exiting due to fatal error""",
    "tls", "tls.weak_crypto_rejected,tls.weak_certificate", "https://github.com/schwabe/ics-openvpn/issues/1402", "multiline,misleading",
    "maintainer (closed as duplicate): the app moved to OpenSSL 3.0, which refuses the profile's MD5-signed certificate; the inline certificate file itself is intact")

row("""I0307 08:28:17.097206       5 launch.go:221] Creating API server client for https://10.254.0.1:443
F0307 08:28:17.113124       5 launch.go:109] no service with name default/ingress-default-backend found: Get https://10.254.0.1:443/api/v1/namespaces/default/services/ingress-default-backend: x509: cannot validate certificate for 10.254.0.1 because it doesn't contain any IP SANs""",
    "tls", "tls.hostname_mismatch", "https://github.com/jcmoraisjr/haproxy-ingress/issues/2", "multiline,misleading",
    "maintainer: the kube-apiserver certificate was built without the service IP 10.254.0.1 as an IP SAN; the missing service in the message is a consequence, not the cause")

row("""login unauthorized: err="Post \\"https://kubernetes.default.svc.cluster.local/apis/authentication.k8s.io/v1/tokenreviews\\": tls: failed to verify certificate: x509: certificate is valid for kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster, kubernetes.svc.cluster.local, localhost, not kubernetes.default.svc.cluster.local\"""",
    "tls", "tls.hostname_mismatch", "https://github.com/k0sproject/k0s/issues/7803", "misleading",
    "confirmed k0s bug, fixed: the generated API server certificate had the typo SAN kubernetes.svc.cluster.local instead of kubernetes.default.svc.cluster.local; not an authorization problem")

row("""Connection to etcd failed due to SSLError(CertificateError("hostname '172.18.18.101' doesn't match either of '127.0.0.1', '172.18.18.101', '172.18.18.102', '172.18.18.103'",),)""",
    "tls", "new:tls.client_ip_san_matching_bug", "https://github.com/urllib3/urllib3/issues/994", "misleading",
    "maintainers: a urllib3 1.18 bug in matching IP SANs (the address string was not compared as an IP on Python 2); the certificate does contain the IP; fixed in urllib3")

row("""wmbusmetees interprets it as an incorrect decryption key, but it seems to me that the error is in the TPL block, I am sending 3 incorrect telegrams that I received and last correct one, I am a bit worried because some meters send 99% of incorrect telegrams
kamheat, SN: 67051489
_25442D2C89140567300C8D305891A4F824C87C007CA8C6AD5DCD3C527BED3C2A5582B0F9E124
_25442D2C89140567300C8D208860A5F82409D669C67DD3039EADAF1C794AF4BBB582CFFE2AFA""",
    "meter", "meter.decryption_failed", "https://github.com/wmbusmeters/wmbusmeters/issues/1242", "multiline",
    "maintainer: with a wrong AES-CTR key the decrypted payload CRC fails; the Kamstrup driver is well tested and every such report so far was a wrong key; not a TPL parsing bug")

row("""I'm trying to test the lesson 1 but I'm only getting garbage from the mini-UART
I'm using screen with the following command:
sudo screen /dev/ttyUSB0 115200
I've already tested my USB-to-TTL converter on Raspbian and it works.""",
    "serial", "serial.baud_mismatch,serial.clock_error,new:serial.uart_clock_changed_by_config", "https://github.com/s-matyukevich/raspberry-pi-os/issues/221", "multiline,misleading",
    "reporter found it, another user confirmed: enable_uart=1 in config.txt (left from Raspbian) changes the core clock the mini UART's divisor is based on, so the actual bit rate was off; removing it fixed 115200 and 9600 alike")

row("""23:32:20.581 -> I��i�5��۱�W5
23:32:22.490 -> ����W5�I[��W5
23:32:24.374 -> I۱��5��[��W5�I[��W5�I[���5��۱��5""",
    "serial", "serial.baud_mismatch", "https://github.com/MCUdude/MiniCore/issues/313", "multiline",
    "reporter after the maintainer's question: the sketch's serial speed did not match the monitor; after selecting 115200 in the board's Tools menu (and reburning the bootloader) the text was readable")

row("""I confirmed that the uart module used with MicroBlaze is axi_uart16550 which has a default buad rate of 9600.
And I found the baud rate conf that you set is 9600 in the fw file `platform.c`.
However, when I tryed to grab some info from the uart(PL Uart), whether on Win or Ubuntu, I always got something unreadable below.""",
    "serial", "serial.clock_error,serial.baud_mismatch", "https://github.com/yhqiu16/NVMeCHA/issues/5", "multiline,misleading",
    "reporter found it: the changed clock input module in the new block design altered the UART16550's reference clock, so its real baud rate was no longer 9600; the original design printed fine")

row("""pkcs11-tool --login --login-type so --so-pin ********************** --change-pin --new-pin ******
Using slot 0 with a present token (0x0)
error: PKCS11 function C_SetPIN failed: rv = CKR_PIN_LEN_RANGE (0xa2)

Aborting.""",
    "smartcard", "smartcard.pin_blocked", "https://github.com/OpenSC/OpenSC/issues/1002", "multiline,misleading",
    "maintainer, from the pkcs15-tool -vvv log: the user PIN is blocked and must be unblocked first (pkcs15-tool --unblock-pin); the length of the new PIN is not the problem")

row("""2017-09-25 15:48:44.975 [INFO] Gateway.Port16.port - Close connection, connection reset by peer
2017-09-25 15:48:44.977 [DEBUG] Gateway.Port16.link - CommunicationBad
2017-09-25 15:48:44.977 [ERROR] Gateway.Port16.port - Request disconnect, no connection
2017-09-25 15:48:44.977 [ERROR] Gateway.Port16 - Timeout, suppressing following timeout messages!
2017-09-25 15:48:44.997 [DEBUG] Gateway.Port16 - StatusDi: no connection
2017-09-25 15:48:45.000 [ERROR] Gateway.Port16 - Remove from polling
2017-09-25 15:48:45.980 [INFO] Gateway.Port16.port - Connecting to 10.0.0.173:2404
2017-09-25 15:48:45.982 [INFO] Gateway.Port16.port - Connected to 10.0.0.173:2404
2017-09-25 15:48:46.003 [DEBUG] Gateway.Port16.port.write.link - UFormat: STARTDT_ACT
2017-09-25 15:48:46.012 [DEBUG] Gateway.Port16.port.read.link - UFormat: STARTDT_CON""",
    "meter|net", "new:meter.iec104_server_downstream_lost", "https://phobos.martem.ee/index.php?title=RTU_client_server_communication&printable=yes", "multiline,misleading",
    "vendor wiki write-up of the case: the IEC 104 server was a 101-to-104 gateway whose downstream GWMIO device was disconnected, so it reset the TCP connection about every 20 s; the 104 link itself (STARTDT) was fine")

row("""$ curl --proxy-ntlm --proxy-user "MyDomain\\ntlmtest:test" --proxy proxy.estest.intra:3128 -v https://example.com/file
*   Trying 101.102.103.104...
* Connected to proxy.estest.intra (101.102.103.104) port 3128 (#0)
* Establish HTTP proxy tunnel to example.com:443
* Proxy auth using NTLM with user 'MyDomain\\ntlmtest'
> CONNECT example.com:443 HTTP/1.1
> Host: example.com:443
> Proxy-Authorization: NTLM TlRMTVNTUAA...AAAAAAAA=
> User-Agent: curl/7.50.1
>
< HTTP/1.0 407 Proxy Authentication Required
< Server: squid/2.7.STABLE5
< X-Squid-Error: ERR_CACHE_ACCESS_DENIED 0
< Proxy-Authenticate: Basic realm="Squid proxy-caching web server"
< Connection: close""",
    "http", "http.proxy_tunnel_failed,new:http.proxy_ntlm_needs_keepalive", "https://github.com/curl/curl/issues/954", "multiline,misleading",
    "thread (fixed in curl): since 7.48.0 curl stopped sending Proxy-Connection: keep-alive, and this Squid 2.7 closes the connection, so the NTLM handshake can never finish; the credentials were right")

row("""2020/01/23 10:02:50 [error] 8496#8496: *274 upstream sent too big header while reading response header from upstream, client: 127.0.0.1, server: <REDACTED>, request: "GET /api/322/config/wifi/ HTTP/1.1", upstream: "https://104.26.5.98:443/api/322/config/wifi/", host: "127.0.0.1\"""",
    "http", "new:http.upstream_headers_too_large", "https://github.com/lobre/docker-notion-proxy/issues/1", "misleading",
    "reporter: nginx answered 502 because the upstream's response headers exceeded proxy_buffer_size; raising the proxy buffers fixed it (the upstream was up)")
