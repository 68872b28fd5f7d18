"""mtkclient's BROM/preloader status names and its DA (xflash, V5/V6) status texts, with the
lines mtkclient prints around them, read from github.com/bkerler/mtkclient at tag v2.1.4.1.

- mtkclient/Library/error.py: three tables. ``ErrorCodes`` (BROM/preloader/legacy DA, names
  such as ``DOWNLOAD_DA_FAIL``), ``ErrorCodes_XFlash`` (the xflash/XML DA's 0xC00xxxxx status
  texts such as ``DL forbidden``) and ``ErrorCodes_Legacy``. ``ErrorHandler.status()`` prints
  ``<text> (<hex(status)>)``, e.g. ``Anti rollback violation (0xc002002d)``; it looks in
  ``ErrorCodes`` first, so a legacy value that repeats one of those is never printed.
- the lines that quote a status: DA/xflash/xflash_lib.py (``Error on sending parameter: ...``,
  ``Error on boot to: ...``), mtk_preloader.py (``Send auth error:...``, ``Jump_DA status error:...``),
  DA/legacy/dalegacy_lib.py (the DRAM/EMI set-up).
- SP Flash Tool (closed) prints the ``ErrorCodes`` names with an ``S_`` prefix and the value in
  decimal; the status rows here accept that notation too (as messages_mtk.py does).

Only what is printed when a connection, the authentication, the DA upload or a flash session
fails. The few status rows already in messages_mtk.py are not repeated here.
"""

from __future__ import annotations

from ....knowledge.tool_templates import LazyTable, ToolLine
from ....model import Fix

_G = "bkerler/mtkclient "
ERR = _G + "mtkclient/Library/error.py@v2.1.4.1"
XF = _G + "mtkclient/Library/DA/xflash/xflash_lib.py@v2.1.4.1"
PRE = _G + "mtkclient/Library/mtk_preloader.py@v2.1.4.1"
LEG = _G + "mtkclient/Library/DA/legacy/dalegacy_lib.py@v2.1.4.1"
M = "bootloader.mtk."

#: fixes only this inventory needs (the domain's own are in fixes.py)
FIXES: dict[str, Fix] = {
    "signed_images": Fix("Secure boot is on: flash only the vendor's signed images for this exact model (or unlock the bootloader through the vendor's way first); modified boot/vbmeta/preloader images are refused.", "user"),
    "newer_image": Fix("The device's anti-rollback version is higher than the image's or DA's: flash a firmware (and DA) at least as new as the one installed; an older one is refused by design.", "user"),
    "storage_check": Fix("The DA cannot use the board's flash storage: use the DA and preloader made for this board's storage (eMMC vs UFS vs NAND); if they are right, the storage chip may be failing.", "user"),
    "same_package": Fix("Take the scatter file, preloader, DA and images from one firmware package made for this model; a package for another chip or storage layout is refused.", "user"),
    "cable_hub": Fix("Connect the phone directly to a USB 2.0 port (no hub), with a short data cable, and retry from a powered-off phone.", "device"),
}


def _status(name: str, value: int, meaning: str, code: str, conf: float, fixes: tuple[str, ...], phase: str = "session") -> ToolLine:
    """A name of error.py's ErrorCodes, as mtkclient prints it (``NAME (0x7d4)``) and as SP Flash
    Tool does (``S_NAME (2004)``, ``STATUS_NAME``)."""
    regex = (r"\b(?:s_(?:security_|brom_|da_|ft_)?|status_(?:sec_|brom_|da_)?)?" + name.lower()
             + r"\b(?: ?\((?:0x0*" + f"{value:x}" + r"|" + str(value) + r")\))?")
    return ToolLine("mtkclient / SP Flash Tool", "mtkclient 2.x; SP Flash Tool 5.x", name + " ({hex})", meaning, code, conf,
                    ERR + f" ErrorCodes (0x{value:X} = {value}); SP Flash Tool prints S_{name} ({value})", fixes, phase, "error", regex, f"hex=0x{value:x}")


def _xflash(text: str, value: int, meaning: str, code: str, conf: float, fixes: tuple[str, ...], phase: str = "session") -> ToolLine:
    """A status text of error.py's ErrorCodes_XFlash, as ErrorHandler.status() prints it."""
    return ToolLine("mtkclient", "2.x (xflash/XML DA)", f"{text} (0x{value:08x})", meaning, code, conf, ERR + f" ErrorCodes_XFlash 0x{value:08X}", fixes, phase)


def _line(template: str, meaning: str, code: str, conf: float, source: str, fixes: tuple[str, ...], phase: str = "session", severity: str = "error") -> ToolLine:
    return ToolLine("mtkclient", "2.x", template, meaning, code, conf, source, fixes, phase, severity)


def _rows() -> tuple[ToolLine, ...]:
    """The rows, built on first use (knowledge.tool_templates.LazyTable)."""
    return (
        # --- BROM: the DA upload and jump ---
        _status("CMD_SEND_DA_FAIL", 0x7F1, "the BROM did not take the download agent (link dropped, or the BROM refused the DA)", M + "da_rejected", 0.75, ("signed_da", "cable_hub")),
        _status("CMD_SEND_DA_CHKSUM_DIFF", 0x7F2, "the DA arrived with another checksum than sent: bytes were lost on the USB link", M + "da_rejected", 0.7, ("cable_hub", "power_cycle")),
        _status("CMD_JUMP_DA_FAIL", 0x7F3, "the BROM did not start the uploaded DA (signature/DAA, or a DA for another SoC)", M + "da_rejected", 0.75, ("signed_da",)),
        _status("CMD_JUMP_FAIL", 0x7D7, "the BROM refused to jump to the uploaded code", M + "da_rejected", 0.7, ("signed_da",)),
        _status("UNSUPPORTED_VER_OF_DA", 0x3FE, "the DA's version does not fit this BROM", M + "da_rejected", 0.7, ("signed_da", "same_package")),
        _status("UNKNOWN_TARGET_BBCHIP", 0x3FA, "the tool does not know the chip that answered: a DA/scatter for another SoC", M + "firmware_mismatch", 0.75, ("same_package",), "connect"),
        _status("BBCHIP_HW_VER_INCORRECT", 0x7E5, "the chip's hardware version is not the one the firmware package names", M + "firmware_mismatch", 0.75, ("same_package",), "connect"),
        _status("CONNECT_TO_BOOTLOADER_FAIL", 0x7F0, "the tool could not connect to the device's boot loader (the device left BROM/preloader, or the wrong mode)", M + "brom_cmd_fail", 0.7, ("power_cycle", "brom_buttons"), "connect"),
        _status("DA_NOT_EXIST", 0x1D16, "the DA file has no entry for this chip", M + "da_rejected", 0.7, ("signed_da", "same_package")),
        _status("DA_SIG_LEN_IS_ZERO_AND_DAA_ACTIVE", 0x1D15, "DAA is on and the DA carries no signature", M + "auth_required", 0.85, ("signed_da",)),
        _status("DA_IN_BLACKLIST", 0x5A5B, "this DA is on the device's blacklist: a DA the vendor revoked", M + "auth_required", 0.8, ("signed_da",)),
        _status("DAA_Security_Error_Signature", 0x7015, "the BROM checked the DA's signature (DAA) and refused it", M + "auth_required", 0.85, ("signed_da",)),
        _status("CALLBACK_SLA_CHALLENGE_FAIL", 0x1770, "the SLA challenge callback failed: no valid signature for this device's challenge", M + "auth_required", 0.85, ("signed_da",), "connect"),
        _status("SECURE_USB_DL_IMAGE_HASH_FAIL", 0x179F, "secure USB download: an image's hash does not match its signed header", M + "image_rejected", 0.8, ("signed_images",)),
        _status("SECURE_USB_DL_IMGAE_SIGNATURE_VERIFY_FAIL", 0x179E, "secure USB download: an image's signature did not verify (the name is spelt so in the table)", M + "image_rejected", 0.8, ("signed_images",)),
        _status("BOOTLOADER_IMAGE_SIGNATURE_FAIL", 0x1787, "the boot loader image's signature did not verify", M + "image_rejected", 0.8, ("signed_images",)),
        _status("BOOTLOADER_IMAGE_NO_SIGNATURE", 0x1789, "the boot loader image carries no signature and secure boot is on", M + "image_rejected", 0.8, ("signed_images",)),
        _status("SF_CODE_DOWNLOAD_FORBIDDEN", 0x177A, "the device's security settings forbid downloading code", M + "image_rejected", 0.8, ("signed_images",)),
        _status("SEC_VER_FAIL", 0x7FB, "the image's security version is below the device's (anti-rollback)", M + "anti_rollback", 0.75, ("newer_image",)),
        _status("PL_SEC_VER_FAIL", 0x7FC, "the preloader's security version is below the device's (anti-rollback)", M + "anti_rollback", 0.8, ("newer_image",)),
        _status("IMG_VER_ROLLBACK", 0xA002, "the image is older than the device's anti-rollback version", M + "anti_rollback", 0.85, ("newer_image",)),
        _status("IMG_VERIFY_SIGNATURE_FAIL", 0x4008, "an image's signature did not verify", M + "image_rejected", 0.8, ("signed_images",)),
        _status("IMG_VERIFY_HASH_COMPARE_FAIL", 0x4001, "an image's hash does not match its signed header", M + "image_rejected", 0.8, ("signed_images",)),
        # --- DA (legacy): DRAM and storage ---
        _status("EXTERNAL_SRAM_DETECTION_FAIL", 0x7ED, "the external RAM was not detected: the EMI settings do not match this board", M + "dram_fail", 0.75, ("right_firmware",)),
        _status("DRAMC_RANK1_CALIBRATION_FAILED", 0xBBF, "DRAM calibration (rank 1) failed: EMI settings for another memory part, or bad DRAM", M + "dram_fail", 0.8, ("right_firmware",)),
        _status("EPP_EXT_DRAM_NOT_FOUND", 0x1B59, "no external DRAM found while setting up EMI: firmware for another board", M + "dram_fail", 0.8, ("right_firmware",)),
        _status("EPP_EXT_DRAM_INIT_FAIL", 0x1B5A, "the external DRAM could not be initialised", M + "dram_fail", 0.8, ("right_firmware",)),
        _status("EMMC_FLASH_NOT_FOUND", 0xC4D, "the DA found no eMMC on the board", M + "storage_error", 0.8, ("storage_check",)),
        _status("UFS_FLASH_NOT_FOUND", 0xC57, "the DA found no UFS storage on the board", M + "storage_error", 0.8, ("storage_check",)),
        _status("NAND_FLASH_NOT_FOUND", 0xBC8, "the DA found no NAND flash", M + "storage_error", 0.8, ("storage_check",)),
        _status("NOR_FLASH_NOT_FOUND", 0xBC7, "the DA found no NOR flash", M + "storage_error", 0.8, ("storage_check",)),
        _status("DEVICE_NOT_FOUND", 0xBC4, "the DA found no storage device it supports", M + "storage_error", 0.7, ("storage_check",)),
        _status("STORAGE_NOT_MATCH", 0xC6F, "the firmware's storage type is not the board's (an eMMC package on a UFS phone, or the reverse)", M + "firmware_mismatch", 0.8, ("same_package",)),
        _status("INVALID_STORAGE_TYPE", 0xC6A, "the storage type named by the firmware is not valid for this DA", M + "firmware_mismatch", 0.7, ("same_package",)),
        _status("SOC_CHECK_FAIL", 0xBC9, "the DA's SoC check failed: the firmware is for another chip", M + "firmware_mismatch", 0.75, ("same_package",)),
        _status("NAND_BAD_BLOCK", 0xBE5, "the NAND flash has a bad block where an image goes", M + "storage_error", 0.7, ("storage_check",)),
        # --- xflash / XML DA status texts (0xC00xxxxx) ---
        _xflash("Rom info not found", 0xC0020001, "the DA found no ROM info for this device: a DA or package for another model", M + "firmware_mismatch", 0.7, ("same_package",)),
        _xflash("Device not supported", 0xC0020003, "the DA does not support this device", M + "firmware_mismatch", 0.75, ("same_package", "signed_da")),
        _xflash("Img too large", 0xC0020005, "the image is larger than its partition", M + "firmware_mismatch", 0.75, ("same_package",)),
        _xflash("PL verify fail", 0xC0020006, "the preloader image did not verify (signature): secure boot is on", M + "image_rejected", 0.8, ("signed_images",)),
        _xflash("Image verify fail", 0xC0020007, "an image did not verify against the device's keys: secure boot is on and the image is not signed for it", M + "image_rejected", 0.8, ("signed_images",)),
        _xflash("Write data not allowed", 0xC002000C, "the DA refuses writes: the device is locked (seccfg) or the partition is protected", M + "image_rejected", 0.75, ("signed_images",)),
        _xflash("Format not allowed", 0xC002000D, "the DA refuses to format: the device is locked", M + "image_rejected", 0.75, ("signed_images",)),
        _xflash("Cert auth failed", 0xC0020018, "the certificate sent for authentication was not accepted", M + "auth_required", 0.8, ("signed_da",)),
        _xflash("SWID mismatch", 0xC0020027, "the image's software ID is not this device's", M + "firmware_mismatch", 0.75, ("same_package",)),
        _xflash("IMGHDR hash verify failed", 0xC002002B, "an image header's hash did not verify", M + "image_rejected", 0.8, ("signed_images",)),
        _xflash("Anti rollback violation", 0xC002002D, "the image is older than the device's anti-rollback version", M + "anti_rollback", 0.9, ("newer_image",)),
        _xflash("Cust name mismatch", 0xC0020038, "the image's customer name is not this device's: a package for another vendor or model", M + "firmware_mismatch", 0.8, ("same_package",)),
        _xflash("Signature not found", 0xC0020047, "an image carries no signature and secure boot is on", M + "image_rejected", 0.8, ("signed_images",)),
        _xflash("DA Anti-Rollback error", 0xC002004C, "the DA is older than the device's anti-rollback version", M + "anti_rollback", 0.9, ("newer_image", "signed_da")),
        _xflash("DA version Anti-Rollback error", 0xC0020053, "the DA's version is below the device's anti-rollback version", M + "anti_rollback", 0.9, ("newer_image", "signed_da")),
        _xflash("Security level mismatch", 0xC0020056, "the DA's security level is not the device's", M + "auth_required", 0.75, ("signed_da",)),
        _xflash("Scatter file invalid", 0xC0030001, "the scatter file could not be used", M + "firmware_mismatch", 0.75, ("same_package",)),
        _xflash("DA selection error", 0xC0030003, "no DA in the DA file fits this chip", M + "da_rejected", 0.7, ("signed_da", "same_package")),
        _xflash("Preloader invalid", 0xC0030004, "the preloader image is not valid for this device", M + "firmware_mismatch", 0.75, ("same_package", "right_firmware")),
        _xflash("Storage mismatch", 0xC0030006, "the firmware's storage type is not the board's (eMMC vs UFS)", M + "firmware_mismatch", 0.8, ("same_package",)),
        _xflash("Scatter hw chip id mismatch", 0xC003000F, "the scatter file is for another chip", M + "firmware_mismatch", 0.85, ("same_package",)),
        _xflash("SEC auth file needed", 0xC0030012, "the device runs SLA: an auth file is needed", M + "auth_required", 0.85, ("signed_da",)),
        _xflash("Dram Test failed", 0xC004000A, "the DA's DRAM test failed: EMI settings for another board, or bad DRAM", M + "dram_fail", 0.8, ("right_firmware",)),
        _xflash("MMC error", 0xC0040030, "the eMMC reported an error", M + "storage_error", 0.7, ("storage_check",)),
        _xflash("UFS error", 0xC0040060, "the UFS storage reported an error", M + "storage_error", 0.7, ("storage_check",)),
        _xflash("EMI setting version error", 0xC0040050, "the preloader's EMI settings have a version this DA does not take", M + "dram_fail", 0.75, ("right_firmware", "same_package")),
        _xflash("Brom start cmd/connect not preloader failed", 0xC0060001, "the BROM start command failed (the device left BROM, or the wrong port)", M + "brom_cmd_fail", 0.8, ("power_cycle", "brom_buttons"), "connect"),
        _xflash("Brom cmd send da failed", 0xC0060003, "the BROM did not take the DA", M + "da_rejected", 0.75, ("signed_da",), "connect"),
        _xflash("Brom cmd jump da failed", 0xC0060004, "the BROM did not start the DA (signature/DAA)", M + "da_rejected", 0.8, ("signed_da",), "connect"),
        _xflash("DA Version mismatch", 0xC0070001, "the DA's version does not fit the tool or device", M + "da_rejected", 0.7, ("signed_da",)),
        _xflash("DA hash mismatch", 0xC0070004, "the DA's hash does not match what the device expects", M + "da_rejected", 0.75, ("signed_da",)),
        # --- mtkclient's own lines around a failed DA start ---
        _line("EMI Config not accepted :( Make sure to provide a valid preloader.", "the legacy DA refused the EMI (DRAM) settings taken from the preloader: a preloader for another board", M + "dram_fail", 0.8, LEG, ("right_firmware",)),
        _line("Preloader needed due to dram config.", "the DA needs this board's preloader to set up DRAM (give it with --preloader)", M + "dram_fail", 0.75, LEG, ("right_firmware",)),
        _line("Didn't receive Stage2 dram info, please check usb cable/hub and retry.", "the DA's DRAM report did not arrive: the USB link dropped", M + "dram_fail", 0.65, LEG, ("cable_hub", "power_cycle")),
        _line("DA1 not accepted :(", "the BROM refused the first DA stage", M + "da_rejected", 0.8, LEG, ("signed_da",)),
        _line("DA2 not accepted :(", "the first DA stage refused the second (DRAM not set up, or a DA for another SoC)", M + "da_rejected", 0.75, LEG, ("signed_da", "right_firmware")),
        _line("Stage was't executed. Maybe dram issue ?.", "the second DA stage did not run after its upload: DRAM is not set up (the message is spelt so)", M + "dram_fail", 0.7, XF, ("right_firmware",)),
        _line("Can't bypass DA SLA", "the DA runs SLA itself and mtkclient could not get past it", M + "auth_required", 0.85, XF, ("signed_da",)),
        _line("Didn't get brom connection, got instead: {hexbytes}", "the xflash DA did not report the BROM connection it expects", M + "da_rejected", 0.6, XF, ("power_cycle",)),
        _line("Error on booting to da (xflash)", "the DA's second stage did not start", M + "da_rejected", 0.7, XF, ("signed_da", "right_firmware")),
        _line("No reply from da loader.", "the DA loader sent nothing back (it did not start, or the link dropped)", M + "da_rejected", 0.65, PRE, ("power_cycle", "cable_hub")),
        _line("Couldn't find cert file {path}", "a certificate file was named (--cert) but not found", M + "auth_required", 0.7, PRE + " init()", ("signed_da",), "connect"),
        _line("Status error: Wrong magic", "an answer from the DA did not start with its magic EFEEEEFE: the DA is not running, or bytes were lost", M + "da_rejected", 0.55, XF, ("power_cycle", "cable_hub")),
    )


MTKCLIENT_LINES = LazyTable("mtkclient_inventory", _rows, "mtkclient BROM/DA status names and xflash status texts (inventory; source file@tag per row)", __file__)
