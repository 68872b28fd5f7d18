"""Domain `bootloader.avr`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ....knowledge.spotting_types import Spotting, ToolMark
    from ....knowledge.table import Table

    return Spotting(
        tools=Table("avr_tool_lines", (
            ToolMark("avrdude", "avrdude", "avrdude 6.x-8.x: every message is prefixed with the program name (avrdude.h progname; 7.1+ 'avrdude FUNC() error:')"),
            ToolMark("stk500", "avrdude", "avrdude stk500.c / stk500v2.c function names in its messages"),
            ToolMark("optiboot", "Optiboot", "Optiboot optiboot.c (project name in users' logs)"),
            ToolMark("usbasp", "avrdude (usbasp)", "avrdude usbasp.c messages ('cannot find USB device with vid=0x16c0 pid=0x5dc')"),
            ToolMark("jtag2updi", "avrdude (jtag2updi)", "avrdude jtagmkII.c programmer id jtag2updi"),
            ToolMark("serialupdi", "avrdude (serialupdi)", "avrdude 7.x serialupdi.c"),
            ToolMark("urclock", "avrdude (urclock)", "avrdude 7.1+ urclock.c"),
        )),
        context=(
            r"\b(?:avrdude|stk500\w{0,8}|optiboot|atmega\w{0,6}|attiny\w{0,6}|usbasp|usbtiny|jtag2updi|serialupdi|updi|urclock|avr)\b",
        ),
        hints=(r"\b(?:arduino|uno|nano|bootloader)\b",),
        checklist=(
            "Check the board, programmer and port given to avrdude (-p, -c, -P) match the hardware (Arduino Uno: -c arduino -b 115200; old Nano bootloader: -b 57600).",
            "Check that the board resets into the bootloader when the port opens (DTR/RTS auto-reset, a 100 nF capacitor on DTR).",
            "Close serial monitors that hold the port, and try avrdude -v -v for the full exchange.",
        ),
        carries=("serial",),
    )
