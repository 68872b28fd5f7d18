"""Domain `text`.

``spotting()``: see knowledge/spotting_types.py: Spotting (data the engine reads; no rule here). Its readings
are all value readings: a byte read as a character never outranks a protocol that frames it.
"""


def spotting():  # type: ignore[no-untyped-def]  # -> Spotting; built on first use: a bare value never needs it
    from ...knowledge.spotting_types import Spotting

    return Spotting(
        tools=(),  # no tool of its own: a device printing text is read from values
        context=(),
        hints=(
            r"\b(?:sketch|console|shell|prompt|banner|boot ?log|printf|serial monitor|prints?|printed|ascii|text|terminal|minicom|picocom|putty|screen|miniterm)\b",
        ),
        checklist=(
            "Open the port in a terminal at the device's baud rate and read what it prints.",
        ),
        value_readings=("text.printable_reply", "text.control_byte"),
        carries=("serial",),
    )
