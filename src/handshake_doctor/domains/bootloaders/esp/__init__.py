"""Domain `bootloader.esp`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here).
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ....knowledge.spotting_types import Spotting, ToolMark
    from ....knowledge.table import Table

    return Spotting(
        tools=Table("esp_tool_lines", (
            ToolMark("esptool", "esptool", "espressif/esptool v3-v5 (program name 'esptool.py' / 'esptool' in its banner and usage lines)"),
            ToolMark("a fatal error occurred", "esptool", "espressif/esptool v3.x/v4.x esptool.py main (\"A fatal error occurred: %s\"), kept in v5 esptool/__init__.py"),
            ToolMark("failed to connect to esp", "esptool", "espressif/esptool v3-v4 loader.py ('Failed to connect to ESP32: ...')"),
            ToolMark("failed to connect to espressif device", "esptool", "espressif/esptool v4.x loader.py ('Failed to connect to Espressif device: ...')"),
            ToolMark("idf.py", "ESP-IDF", "espressif/esp-idf tools/idf.py"),
            ToolMark("idf_monitor", "ESP-IDF monitor", "espressif/esp-idf-monitor (module name)"),
        )),
        context=(
            r"\b(?:esptool\w{0,3}|esp32\w{0,6}|esp8266|espressif|esp-idf|idf\.py|rom loader|flash_id|chip_id|write[_-]flash|read[_-]flash)\b",
        ),
        hints=(r"\b(?:download mode|boot ?mode|gpio0)\b",),
        checklist=(
            "Put the chip in download mode: hold BOOT (GPIO0 low), tap RESET (EN), release BOOT; or let the adapter's DTR/RTS do it.",
            "Check the port and the cable (a data cable, not a charge-only one) and that no serial monitor holds the port.",
            "Retry at a lower rate: esptool --baud 115200 ... (long or poor cables fail at 921600).",
            "Read the full log with esptool -v / --trace and compare with esptool's troubleshooting page.",
        ),
        carries=("serial",),
    )
