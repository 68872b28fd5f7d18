"""Domain `bootloader.stm32`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ....knowledge.spotting_types import Spotting, ToolMark
    from ....knowledge.table import Table

    return Spotting(
        tools=Table("stm32_tool_lines", (
            ToolMark("stm32flash", "stm32flash", "stm32flash 0.7 main.c (program name in its banner and usage)"),
            ToolMark("failed to init device", "stm32flash", "stm32flash 0.7 main.c ('Failed to init device.')"),
            ToolMark("failed to read ack byte", "stm32flash", "stm32flash 0.7 stm32.c ('Failed to read ACK byte')"),
            ToolMark("stm32loader", "stm32loader", "florisla/stm32loader (program name)"),
            ToolMark("stm32cubeprogrammer", "STM32CubeProgrammer", "ST UM2237 (STM32CubeProgrammer CLI banner)"),
            ToolMark("st-flash", "st-flash (stlink)", "stlink-org/stlink st-flash (program name)"),
            ToolMark("openocd", "OpenOCD", "OpenOCD (program name in its banner 'Open On-Chip Debugger')"),
            ToolMark("open on-chip debugger", "OpenOCD", "OpenOCD src/openocd.c (banner)"),
            ToolMark("dfu-util", "dfu-util", "dfu-util 0.11 main.c (program name)"),
            ToolMark("stlink error (", "pyOCD", "pyocd/pyOCD pyocd/probe/stlink/constants.py@v0.45.1 (Status.get_error_message 'STLink error (%d): %s')"),
        )),
        context=(
            r"\b(?:stm32\w{0,12}|stm32flash|stm32loader|cubeprogrammer|st-?link\w{0,4}|st-flash|openocd|dfu-util|dfuse|an3155|boot0|system memory)\b",
        ),
        hints=(r"\b(?:activating device|boot mode|bootloader|ack(?:nowledge(?:ment)?)?)\b",),
        checklist=(
            "Boot the chip into its system bootloader: BOOT0 high (BOOT1 low where it exists), then reset.",
            "Use 8E1 (even parity) on the UART: stm32flash and CubeProgrammer do by default; a pty or some adapters cannot.",
            "Check TX/RX (the bootloader listens on USART1 PA9/PA10 on most parts) and that nothing else holds the port.",
        ),
        carries=("serial",),
    )
