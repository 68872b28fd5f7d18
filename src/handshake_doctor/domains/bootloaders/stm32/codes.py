"""Finding codes of the `bootloader.stm32` domain (public contract: add, never rename)."""

from ....codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("bootloader.stm32.found", "An STM32 system bootloader answers (AN3155)", "probe"),
    CodeDef("bootloader.stm32.not_in_bootloader", "The STM32 is not in its system bootloader (running its application)", "explain,probe"),
    CodeDef("bootloader.stm32.parity_mismatch", "The STM32 bootloader ACKs 0x7F then fails: the host is not in 8E1", "explain,probe"),
)
