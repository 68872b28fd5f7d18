"""What the Microsoft JDBC Driver for SQL Server (mssql-jdbc) prints when the connection, the
TDS pre-login (where SQL Server negotiates TLS) or the login fails, read from
github.com/microsoft/mssql-jdbc src/main/java/com/microsoft/sqlserver/jdbc/SQLServerResource.java
at tag v13.5.1 (MessageFormat placeholders {0} {1} written here as %s). SqlClient's and ODBC's
rows are in tool_messages.py. Rows are knowledge.inventory.ToolLine.
"""

from __future__ import annotations

from ...knowledge.inventory import ToolLine as L

RES = "microsoft/mssql-jdbc src/main/java/com/microsoft/sqlserver/jdbc/SQLServerResource.java {}@v13.5.1"
T = "mssql-jdbc"
V = "13.x (v13.5.1 read)"

ROWS: tuple[L, ...] = (
    L(T, V, 'The TCP/IP connection to the host %s, port %d has failed. Error: "', "TCP did not connect: SQL Server is not listening on that host and port (TCP/IP disabled, another port, a named instance) or a firewall blocks it", "database.mssql_connect_failed", RES.format("R_tcpipConnectionFailed") + "; the socket error inside the quotes (Connection refused, timed out) is net's reading and outranks this one", 0.7,
      'com.microsoft.sqlserver.jdbc.SQLServerException: The TCP/IP connection to the host db.example.com, port 1433 has failed. Error: "sqlhost01. Verify the connection properties. Make sure that an instance of SQL Server is running on the host and accepting TCP/IP connections at the port. Make sure that TCP connections to the port are not blocked by a firewall.".'),
    L(T, V, 'The connection to the host %s, named instance %s failed. Error: "%s". Verify the server and instance names', "the named instance could not be found through the SQL Server Browser (UDP 1434 blocked, Browser service stopped, or a wrong instance name)", "database.mssql_connect_failed", RES.format("R_sqlBrowserFailed"), 0.9,
      'The connection to the host db.example.com, named instance SQLEXPRESS failed. Error: "java.net.SocketTimeoutException: Receive timed out". Verify the server and instance names and check that no firewall is blocking UDP traffic to port 1434.'),
    L(T, V, "The driver could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption. The application requested encryption but the server is not configured to support SSL.", "the client asked for encryption and the server's pre-login answer says it has no TLS set up", "database.mssql_encryption_unsupported", RES.format("R_sslRequiredNoServerSupport"), 0.92),
    L(T, V, "SQL Server login requires an encrypted connection that uses Secure Sockets Layer (SSL).", "the server forces encryption and the client connected with encrypt=false", "database.mssql_encryption_required", RES.format("R_sslRequiredByServer"), 0.92),
    L(T, V, 'property is set to "%s" but the driver could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption: Error: %s', "the TLS handshake inside the TDS pre-login failed; the Java error after 'Error:' names why", "database.mssql_prelogin_failed", RES.format("R_sslFailed"), 0.85,
      '"encrypt" property is set to "true" and "trustServerCertificate" property is set to "false" but the driver could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption: Error: SQL Server returned an incomplete response. The connection has been closed..'),
    L(T, V, 'but the driver could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption: Error: PKIX path building failed: %s', "the server certificate (often SQL Server's self-signed one) is not trusted by the JVM: trustServerCertificate=false and no trustStore with its CA", "database.mssql_cert_untrusted", RES.format("R_sslFailed") + "; the JSSE text 'PKIX path building failed'", 0.93,
      '"encrypt" property is set to "true" and "trustServerCertificate" property is set to "false" but the driver could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption: Error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target.'),
    L(T, V, 'Failed to validate the server name "%s"in a certificate during Secure Sockets Layer (SSL) initialization.', "the host name in the connection string is not in the server certificate (connect with the certificate's name, or set hostNameInCertificate)", "database.mssql_cert_name_mismatch", RES.format("R_certNameFailed"), 0.93,
      'Failed to validate the server name "10.0.0.5"in a certificate during Secure Sockets Layer (SSL) initialization. Name in certificate "sql01.corp.example"'),
    L(T, V, "Error validating Server Certificate: %s", "the server certificate failed the driver's own validation (serverCertificate or strict encryption)", "database.mssql_cert_untrusted", RES.format("R_serverCertError"), 0.85,
      "com.microsoft.sqlserver.jdbc.SQLServerException: Error validating Server Certificate: sql01.corp.example: certificate does not match the expected one."),
    L(T, V, "SQL Server did not return a response. The connection has been closed.", "the server closed the connection during the pre-login: a TLS version it refuses, or not SQL Server on that port", "database.mssql_prelogin_failed", RES.format("R_noServerResponse"), 0.8),
    L(T, V, "The TDS protocol stream is not valid.", "the bytes from the server are not TDS: another service on that port, or a TLS/plaintext mismatch", "database.mssql_prelogin_failed", RES.format("R_invalidTDS"), 0.7,
      "com.microsoft.sqlserver.jdbc.SQLServerException: The TDS protocol stream is not valid."),
    L(T, V, "Integrated authentication failed.", "Windows/Kerberos integrated authentication failed (no ticket, a wrong SPN, or the native auth DLL missing)", "database.mssql_login_failed", RES.format("R_integratedAuthenticationFailed"), 0.85,
      "com.microsoft.sqlserver.jdbc.SQLServerException: Integrated authentication failed. ClientConnectionId:5e0d1a2b"),
    L(T, V, "Kerberos Login failed: %s due to %s (%s)", "Kerberos could not log in the principal (no keytab/ticket, wrong realm, or clock skew)", "database.mssql_login_failed", RES.format("R_kerberosLoginFailed"), 0.9,
      "Kerberos Login failed: Integrated authentication failed due to javax.security.auth.login.LoginException (Unable to obtain Principal Name for authentication )"),
)
