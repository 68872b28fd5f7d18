"""Finding codes of the `bootloader.esp` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.esp.found", "An Espressif ROM loader answers SYNC", "probe"),
    CodeDef("bootloader.esp.boot_log", "The ESP chip is printing its boot log: not in download mode", "explain,probe"),
)
