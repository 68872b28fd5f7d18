"""Domain `smartcard`."""
