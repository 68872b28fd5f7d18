"""Domain `http`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import Spotting, ToolMark
    from ...knowledge.table import Table

    return Spotting(
        tools=Table("http_tool_lines", (
            ToolMark("urllib3", "urllib3", "urllib3 2.x exceptions.py (module path in tracebacks)"),
            ToolMark("requests.exceptions", "requests", "psf/requests exceptions.py"),
            ToolMark("httpx.", "httpx", "encode/httpx _exceptions.py"),
            ToolMark("aiohttp", "aiohttp", "aio-libs/aiohttp client_exceptions.py"),
            ToolMark("nghttp2", "nghttp2", "nghttp2 lib/nghttp2_helper.c (nghttp2_strerror)"),
            ToolMark("upstream", "nginx", "nginx src/http/ngx_http_upstream.c ('... while connecting to upstream')"),
            ToolMark("haproxy", "HAProxy", "HAProxy log format (termination state)"),
        )),
        context=(
            r"\b(?:https?|http/[12](?:\.[01])?|http2|proxy\w{0,10}|nginx|haproxy|envoy|urllib3|httpx|aiohttp|curl|wget|rst_stream|goaway|upstream)\b",
        ),
        hints=(r"\b(?:requests|status code|response code|redirect\w{0,3})\b",),
        checklist=(
            "Check the URL's scheme against the port (https:// to a TLS port, http:// to a plain one).",
            "Check any proxy in between (HTTPS_PROXY, its scheme and its CONNECT answer).",
            "Look at the exchange: curl -v URL",
        ),
        objects=("url",),
        carries=("tls", "net"),
    )
