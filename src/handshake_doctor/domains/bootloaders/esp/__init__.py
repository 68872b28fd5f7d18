"""Domain `bootloader.esp`."""
