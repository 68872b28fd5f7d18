"""Domain `bootloader.stm32`."""
