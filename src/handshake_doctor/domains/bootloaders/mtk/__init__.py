"""Domain `bootloader.mtk`."""
