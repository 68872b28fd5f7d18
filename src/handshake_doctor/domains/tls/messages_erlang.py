"""Erlang/OTP ssl (RabbitMQ, Elixir/Phoenix, ejabberd, CouchDB): alert reports.

OTP 22+ logs ``TLS client: In state <state> at <module>:<line> generated CLIENT ALERT: Fatal -
<Description>`` when this side raises the alert (and a ``- {reason}`` detail on the next line),
and ``... received SERVER ALERT: Fatal - <Description>`` when the peer sent it.
Descriptions: ssl_alert.erl description_txt (``Handshake Failure``, ``Unknown CA``...).
OTP 19-21 printed ``Fatal error: handshake failure`` (alert_txt / level_txt).
"""

from __future__ import annotations

from ...knowledge.table import Table
from .inventory import StackMessage

_A = "erlang/otp lib/ssl/src/ssl_alert.erl (own_alert_format / alert_format, description_txt) OTP 22+"
_O = "erlang/otp lib/ssl/src/ssl_alert.erl alert_txt/level_txt ('Fatal error: ' + lower-case description) OTP 19-21"
S = StackMessage
ENTRIES = Table(
    "inventory_erlang",
    (
        S("erlang", "OTP 22+", "TLS client: In state certify at ssl_handshake.erl:{n} generated CLIENT ALERT: Fatal - Unknown CA", "tls.untrusted_root", "this client rejected the server's certificate: its CA is not in cacerts/cacertfile", _A, 0.9),
        S("erlang", "OTP 22+", "TLS client: In state certify at ssl_handshake.erl:{n} generated CLIENT ALERT: Fatal - Bad Certificate\n - hostname_check_failed", "tls.hostname_mismatch", "this client's host check failed (server_name_indication / customize_hostname_check)", _A, 0.9),
        S("erlang", "OTP 22+", "generated CLIENT ALERT: Fatal - Certificate Expired", "tls.cert_expired", "this client found the server's certificate expired", _A, 0.9),
        S("erlang", "OTP 22+", "TLS client: In state hello received SERVER ALERT: Fatal - Handshake Failure", "tls.no_shared_cipher", "the server sent alert 40", _A, 0.85),
        S("erlang", "OTP 22+", "TLS client: In state hello received SERVER ALERT: Fatal - Protocol Version", "tls.version_mismatch", "the server refused the offered versions (alert 70)", _A, 0.85),
        S("erlang", "OTP 22+", "TLS server: In state certify received CLIENT ALERT: Fatal - Unknown CA", "tls.peer_rejected_certificate", "the client rejected this server's certificate: it does not trust its CA", _A, 0.85),
        S("erlang", "OTP 22+", "TLS server: In state hello at tls_handshake.erl:{n} generated SERVER ALERT: Fatal - Insufficient Security\n - no_suitable_ciphers", "tls.no_shared_cipher", "this server found no cipher suite it accepts in the ClientHello", _A, 0.9),
        S("erlang", "OTP 22+", "TLS server: In state wait_cert at ssl_connection.erl:{n} generated SERVER ALERT: Fatal - Certificate required", "tls.client_cert_required", "this server requires a client certificate (fail_if_no_peer_cert)", _A, 0.9),
        S("erlang", "OTP 22+", "generated CLIENT ALERT: Fatal - Handshake Failure\n - {text}", "tls.no_shared_cipher", "this client found no acceptable parameters in the server's hello", _A, 0.85),
        S("erlang", "OTP 19-21", "Fatal error: unknown ca", "tls.untrusted_root", "OTP 19-21: a certificate's CA is unknown", _O, 0.8),
        S("erlang", "OTP 19-21", "Fatal error: handshake failure", "tls.no_shared_cipher", "OTP 19-21: the handshake failed on the parameters", _O, 0.8),
    ),
    "Erlang/OTP ssl alert reports",
)
