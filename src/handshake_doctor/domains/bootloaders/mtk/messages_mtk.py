"""mtkclient's and SP Flash Tool's failure messages and BROM/DA status codes, from public sources.

- mtkclient: github.com/bkerler/mtkclient at tag v2.1.4.1: mtkclient/Library/error.py (the
  BROM/DA status table; ``ErrorHandler.status()`` prints ``NAME (0xCODE)``),
  mtkclient/Library/mtk_preloader.py, Port.py and DA/legacy/dalegacy_lib.py, DA/xflash/xflash_lib.py.
- SP Flash Tool (closed): it prints the same table's names with an ``S_`` prefix (or ``STATUS_``
  in v6) and the code in decimal, ``BROM ERROR : S_BROM_CMD_STARTCMD_FAIL (2005)``; the names and
  numbers are the ones of mtkclient's error.py (0x7D5 = 2005), which mirrors the vendor's table.
  Each status row therefore accepts ``NAME``, ``S_NAME`` / ``S_SECURITY_NAME`` and ``STATUS_NAME``,
  with the code in hex or decimal.
"""

from __future__ import annotations

from ....knowledge.tool_templates import LazyTable, ToolLine

ERR = "bkerler/mtkclient mtkclient/Library/error.py@v2.1.4.1 ErrorCodes"
PRE = "bkerler/mtkclient mtkclient/Library/mtk_preloader.py@v2.1.4.1"
DAL = "bkerler/mtkclient mtkclient/Library/DA/legacy/dalegacy_lib.py@v2.1.4.1, DA/xflash/xflash_lib.py@v2.1.4.1"
M = "bootloader.mtk."


def _status(name: str, value: int, meaning: str, code: str, conf: float, fixes: tuple[str, ...], phase: str = "connect") -> ToolLine:
    """A BROM/DA status of the shared table, in mtkclient's and SP Flash Tool's notations."""
    regex = r"\b(?:s_(?:security_|brom_|da_|ft_)?|status_(?:sec_|brom_)?)?" + name.lower() + r"\b(?: ?\((?:0x0*" + f"{value:x}" + r"|" + str(value) + r")\))?"
    return ToolLine("mtkclient / SP Flash Tool", "mtkclient 2.x; SP Flash Tool 5.x", name + " ({hex})", meaning, code, conf,
                    ERR + f" (0x{value:X} = {value}); SP Flash Tool prints S_{name} ({value})", fixes, phase, "error", regex, f"hex=0x{value:x}")


def _line(template: str, meaning: str, code: str, conf: float, source: str, fixes: tuple[str, ...], phase: str = "connect", severity: str = "error") -> ToolLine:
    return ToolLine("mtkclient", "2.x", template, meaning, code, conf, source, fixes, phase, severity)


def _rows() -> tuple[ToolLine, ...]:
    """The rows, built on first use (knowledge.tool_templates.LazyTable)."""
    return (
        # --- BROM stage ---
        _status("CMD_STARTCMD_FAIL", 0x7D5, "the BROM start command (A0 0A 50 05) did not get its complements: wrong port/driver, a preloader instead of BROM, or a device mid-session", M + "brom_cmd_fail", 0.8, ("power_cycle", "brom_buttons", "driver")),
        _status("CMD_STARTCMD_TIMEOUT", 0x7D6, "the BROM did not answer the start command in time: the device left BROM (it boots on after a few seconds) or the port is wrong", M + "brom_cmd_fail", 0.8, ("power_cycle", "brom_buttons")),
        _status("DOWNLOAD_DA_FAIL", 0x7D4, "the BROM did not take the download agent: a DA not signed for this SoC, or SLA/DAA on", M + "da_rejected", 0.75, ("signed_da",)),
        _status("COM_PORT_OPEN_FAIL", 0x3F5, "the flash tool could not open the MediaTek COM port (driver, or another tool holds it)", M + "not_detected", 0.7, ("driver", "close_others"), "open"),
        # --- security ---
        _status("SLA_FAIL", 0x1774, "the device runs SLA (serial link authentication) and the challenge failed: an auth file / signature for this device is needed", M + "auth_required", 0.85, ("signed_da",)),
        _status("SLA_WRONG_AUTH_FILE", 0x1771, "the auth file does not belong to this device (SLA)", M + "auth_required", 0.85, ("signed_da",)),
        _status("SLA_INVALID_AUTH_FILE", 0x1772, "the auth file is invalid for SLA", M + "auth_required", 0.85, ("signed_da",)),
        _status("SLA_CHALLENGE_FAIL", 0x1773, "the SLA challenge-response failed", M + "auth_required", 0.85, ("signed_da",)),
        _status("DAA_FAIL", 0x1775, "DAA (download agent authentication) is on and the DA was not accepted", M + "auth_required", 0.85, ("signed_da",)),
        _status("SBC_FAIL", 0x1776, "secure boot (SBC) rejected the image or DA", M + "auth_required", 0.8, ("signed_da",)),
        _status("SEND_AUTH_FAIL", 0x178D, "sending the auth file failed", M + "auth_required", 0.75, ("signed_da",)),
        _status("SECURE_USB_DL_FAIL", 0x1796, "secure USB download failed: the device enforces signed downloads", M + "auth_required", 0.75, ("signed_da",)),
        _status("DAA_SIG_VERIFY_FAILED", 0x7024, "the BROM checked the DA's signature (DAA) and it failed", M + "auth_required", 0.85, ("signed_da",)),
        _status("DAA_Security_Error", 0x7017, "the BROM refused the DA for security (DAA on)", M + "auth_required", 0.85, ("signed_da",)),
        _status("SLA_ERROR", 0x1D0D, "the DA reports an SLA error: the device needs authentication", M + "auth_required", 0.8, ("signed_da",)),
        # --- DRAM ---
        _status("EXTERNAL_DRAM_DETECTION_FAIL", 0x7EE, "the external DRAM was not detected: the preloader/EMI settings do not match this board", M + "dram_fail", 0.8, ("right_firmware",), "session"),
        _status("SETUP_DRAM_FAIL", 0xBBA, "DRAM setup failed: firmware (EMI settings) for another board, or bad DRAM", M + "dram_fail", 0.8, ("right_firmware",), "session"),
        _status("DRAMC_RANK0_CALIBRATION_FAILED", 0xBBE, "DRAM calibration failed: EMI settings for another memory part, or bad DRAM", M + "dram_fail", 0.8, ("right_firmware",), "session"),
        _status("DRAM_NOT_SUPPORT", 0xBC0, "the DA does not support this board's DRAM", M + "dram_fail", 0.8, ("right_firmware",), "session"),
        _status("EXT_DRAM_NOT_FOUND", 0xC12, "no external DRAM found: firmware for another board", M + "dram_fail", 0.8, ("right_firmware",), "session"),
        # --- mtkclient's own lines ---
        _line("Couldn't find auth file {path}", "an auth file was named (--auth) but not found; the device needs one (SLA)", M + "auth_required", 0.7, PRE + " init()", ("signed_da",), "connect"),
        _line("Auth file is required. Use --auth option.", "the device runs SLA: mtkclient needs the device's auth file", M + "auth_required", 0.8, PRE + " init()", ("signed_da",), "connect", "warning"),
        _line("Received wrong SetReg_DisableWatchDogTimer response", "the first BROM command after the handshake got a wrong answer: the device is not in a clean BROM state", M + "handshake_failed", 0.65, PRE + " setreg_disablewatchdogtimer()", ("power_cycle",)),
        _line("No valid da loader found... aborting.", "mtkclient has no download agent for this SoC/HW code", M + "da_rejected", 0.7, DAL, ("signed_da",), "session"),
        _line("Error on sending DA.", "the download agent could not be uploaded (the BROM refused it or the link dropped)", M + "da_rejected", 0.7, DAL, ("signed_da", "power_cycle"), "session"),
        _line("Error on jumping to DA.", "the BROM did not start the uploaded DA (signature/DAA, or a DA for another SoC)", M + "da_rejected", 0.75, DAL, ("signed_da",), "session"),
        _line("Error on DA sync", "the DA was started but did not sync with mtkclient (a DA for another SoC, or DRAM/EMI failure)", M + "da_rejected", 0.7, DAL, ("signed_da", "right_firmware"), "session"),
    )


MTK_LINES = LazyTable("mtk_inventory", _rows, "mtkclient / SP Flash Tool failure messages and BROM/DA status codes (inventory)", __file__)
