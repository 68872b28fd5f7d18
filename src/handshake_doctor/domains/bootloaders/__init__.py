"""Bootloader domains: one package per vendor ROM/bootloader protocol."""
