"""Domain `bootloader.avr`."""
