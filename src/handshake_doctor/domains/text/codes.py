"""Finding codes of the `text` domain (public contract: add, never rename)."""

from ...codes import CodeDef

CODES: tuple[CodeDef, ...] = (
    CodeDef("text.printable_reply", "The unexpected reply is printable ASCII: the peer is printing text (console, running program, boot log), not speaking the expected protocol", "explain"),
    CodeDef("text.control_byte", "The unexpected byte is an ASCII control character with a wire meaning (NAK, ACK, XON/XOFF, ESC...)", "explain"),
)
