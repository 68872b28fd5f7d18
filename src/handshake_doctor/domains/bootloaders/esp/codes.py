"""Finding codes of the `bootloader.esp` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.esp.found", "An Espressif ROM loader answers SYNC", "explain,probe"),
    CodeDef("bootloader.esp.boot_log", "The ESP chip is printing its boot log: not in download mode", "explain,probe"),
    CodeDef("bootloader.esp.not_in_download_mode", "The ESP chip booted from flash (its strapping pins said so), not into download mode", "explain,probe"),
    CodeDef("bootloader.esp.no_reply", "The ESP ROM loader does not answer SYNC: not in download mode, wiring or the wrong port", "explain,probe"),
    CodeDef("bootloader.esp.tx_path_down", "The ESP is in download mode but receives nothing: the host-to-chip line is down", "explain,probe"),
    CodeDef("bootloader.esp.transfer_stopped", "The ESP data stream broke off mid-packet: baud rate too high, cable or power", "explain"),
    CodeDef("bootloader.esp.md5_mismatch", "The flash content read back differs from what was written", "explain"),
    CodeDef("bootloader.esp.stub_refused", "The ESP ROM refused to load the stub flasher into RAM (Secure Download Mode or a read-only loader)", "explain,probe"),
    CodeDef("bootloader.esp.rom_error", "The ESP ROM loader or stub answered a command with an error status", "explain,probe"),
)
