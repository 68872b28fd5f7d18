"""Domain `smartcard`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import Spotting, ToolMark
    from ...knowledge.table import Table

    return Spotting(
        tools=Table("smartcard_tool_lines", (
            ToolMark("scard", "PC/SC (pcsc-lite, WinSCard)", "pcsc-lite PCSC/pcsclite.h and winscard.h (SCard* functions, SCARD_E_* codes)"),
            ToolMark("pcsc", "pcsc-lite clients", "pcsc-lite (pcscd, libpcsclite) names in messages"),
            ToolMark("opensc", "OpenSC", "OpenSC src/libopensc/errors.c (sc_strerror), tool names opensc-tool/opensc-explorer"),
            ToolMark("pkcs11-tool", "OpenSC pkcs11-tool", "OpenSC src/tools/pkcs11-tool.c"),
            ToolMark("pkcs15", "OpenSC", "OpenSC pkcs15-tool / pkcs15-init"),
            ToolMark("ykman", "ykman", "Yubico yubikey-manager (program name)"),
            ToolMark("scdaemon", "GnuPG scdaemon", "GnuPG scd/ (scdaemon log prefix)"),
            ToolMark("gpg: card", "GnuPG", "GnuPG g10/card-util.c ('gpg: card ...')"),
            ToolMark("gpg: selecting card failed", "GnuPG", "GnuPG g10/call-agent.c"),
            ToolMark("openpgp card", "GnuPG", "GnuPG g10/card-util.c ('OpenPGP card not available')"),
            ToolMark("globalplatform", "GlobalPlatformPro", "martinpaljak/GlobalPlatformPro (program and package name)"),
            ToolMark("gp.jar", "GlobalPlatformPro", "martinpaljak/GlobalPlatformPro (gp.jar)"),
            ToolMark("smartcard" + ".exceptions", "pyscard", "LudovicRousseau/pyscard smartcard/Exceptions.py (module path)"),
            ToolMark("apdu", "APDU tracing tools", "ISO/IEC 7816-4 §5 (term used by every APDU trace)"),
            ToolMark("ifdhandler.c:", "CCID driver (pcscd)", "LudovicRousseau/CCID src/ifdhandler.c (DEBUG_* prefix file:line:function)@1.8.2"),
            ToolMark("ccid_usb.c:", "CCID driver (pcscd)", "LudovicRousseau/CCID src/ccid_usb.c (DEBUG_* prefix)@1.8.2"),
        )),
        context=(
            r"\b(?:smart ?card|apdu|pcsc\w{0,6}|pc/sc|scard\w{0,30}|atr|iso ?7816|opensc\w{0,10}|pkcs ?#?11|ckr_\w{2,40}|yubikey|ykman|piv|scdaemon|gpg-agent|openpgp card|globalplatform|gppro|applet|ccid|sw1|sw2|status word|java ?card|emv)\b",
        ),
        hints=(r"\b(?:reader|card|verify|pin)\b",),
        checklist=(
            "Check the PC/SC service and the reader: pcsc_scan (pcscd running, reader listed, card ATR shown).",
            "Check that no other program holds the card or reader exclusively (scdaemon, a browser's PKCS#11 module).",
            "Trace the APDUs (opensc-tool -v, pcscd --debug --apdu) to see the command and the status word it got.",
            "Probe the reader: hsdoctor probe pcsc://",
        ),
        probe_targets=tuple((f"program:{p}", "pcsc://") for p in ("pcsc_scan", "opensc-tool", "pkcs11-tool", "pkcs15-tool", "ykman", "scriptor", "gp", "gpg-card")),
        value_readings=("smartcard.status_word", "smartcard.cla_unsupported"),
        token_kinds=("pcsc_error", "named_value"),
    )
