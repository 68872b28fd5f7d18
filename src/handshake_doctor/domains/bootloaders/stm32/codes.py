"""Finding codes of the `bootloader.stm32` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.stm32.found", "An STM32 system bootloader answers (AN3155)", "explain,probe"),
    CodeDef("bootloader.stm32.not_in_bootloader", "The STM32 is not in its system bootloader (running its application)", "explain,probe"),
    CodeDef("bootloader.stm32.parity_mismatch", "The STM32 bootloader ACKs 0x7F then fails: the host is not in 8E1", "explain,probe"),
    CodeDef("bootloader.stm32.no_reply", "Nothing answers the 0x7F sync: not in the system bootloader, wiring, or the wrong port", "explain,probe"),
    CodeDef("bootloader.stm32.already_synced", "The STM32 bootloader NACKs 0x7F: it is still synced from an earlier session", "explain,probe"),
    CodeDef("bootloader.stm32.unknown_device", "The bootloader reports a product ID the tool does not know", "explain,probe"),
    CodeDef("bootloader.stm32.nack", "The STM32 bootloader refused a command (protection, or a command this bootloader version lacks)", "explain,probe"),
)
