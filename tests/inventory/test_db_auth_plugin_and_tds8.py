"""MySQL clients without the account's authentication plugin, and SQL Server clients that cannot do
strict encryption (TDS 8.0), read from the clients' own sources (issue 12).

Wordings: mysqljs/mysql lib/protocol/sequences/Handshake.js and constants/errors.js@v2.18.1,
PyMySQL pymysql/connections.py@v1.1.1, dotnet/SqlClient Strings.resx (Snix_PreLogin, SNI_PN6/7)
and TdsParser.cs SendPreLoginHandshake@v7.0.2.
"""

from __future__ import annotations

import pytest

import handshake_doctor as hd

PLUGIN = "database.mysql_auth_plugin_missing"
TDS8 = "database.mssql_tds8_unsupported_client"


def _top(text: str) -> tuple[str | None, str | None]:
    d = hd.explain(text)
    return (d.domains[0].name if d.domains else None, d.findings[0].code if d.findings else None)


@pytest.mark.parametrize("text", (
    # mysqljs: AuthSwitchRequest for a plugin lib/protocol/Auth.js does not implement
    "Error: MySQL is requesting the sha256_password authentication method, which is not supported.\n    at Handshake.AuthSwitchRequestPacket (node_modules/mysql/lib/protocol/sequences/Handshake.js:47:17)",
    # mysqljs: the server's 1251 under its ER_ name (err.code), no message text
    "Error: connect failed { code: 'ER_NOT_SUPPORTED_AUTH_MODE', errno: 1251, sqlState: '08004', fatal: true }",
    # PyMySQL: no handler for the plugin the server switched to
    "pymysql.err.OperationalError: (2059, \"Authentication plugin 'b'auth_gssapi_client'' not configured\")",
))
def test_a_client_without_the_accounts_plugin(text: str) -> None:
    assert _top(text) == ("database", PLUGIN)


def test_pymysql_missing_cryptography_is_not_a_missing_plugin() -> None:
    text = "RuntimeError: 'cryptography' package is required for sha256_password or caching_sha2_password auth methods"
    assert _top(text)[1] == "database.mysql_caching_sha2_insecure"


STRICT_RESET = ("Microsoft.Data.SqlClient.SqlException (0x80131904): A connection was successfully established with the server, "
                "but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 0 - An existing "
                "connection was forcibly closed by the remote host.)\n ---> System.ComponentModel.Win32Exception (10054): "
                "An existing connection was forcibly closed by the remote host.")


def test_a_reset_at_the_plaintext_prelogin_is_a_client_without_tds8() -> None:
    d = hd.explain(STRICT_RESET)
    assert d.domains[0].name == "database" and d.findings[0].code == TDS8, [(f.code, f.confidence) for f in d.findings[:4]]
    fixes = " ".join(fx.summary for fx in d.findings[0].fixes)
    assert "Strict" in fixes and "Force Strict Encryption" in fixes


@pytest.mark.parametrize("text", (
    # the TLS handshake inside TDS 7.x failed: the SSL Provider, not the plaintext exchange
    "A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: SSL Provider, error: 31 - Encryption(ssl/tls) handshake failed)",
    "A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: SSL Provider, error: 0 - An existing connection was forcibly closed by the remote host.)",
    "A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)",
    # a reset on a connection that never reached the pre-login
    "A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)",
))
def test_tls_failures_and_other_resets_are_not_tds8(text: str) -> None:
    assert TDS8 not in {f.code for f in hd.explain(text).findings}
