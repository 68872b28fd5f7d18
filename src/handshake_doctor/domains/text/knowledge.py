"""The ASCII reading of every byte, and the control characters that mean something on a wire.

Why here: a "stray byte" is often a character. 0x68 is 'h' of "hello"/"help"/"http"; 0x15 is
NAK, which XMODEM and STK500 (as STK_NOSYNC) both send. The printable range is derived from
chr(); the control names are listed as a table because they are facts with a source.
"""

from __future__ import annotations

from ...ascii import ASCII_SRC, CONTROLS, ControlRow, control, is_texty, reading

__all__ = ["ASCII_SRC", "CONTROLS", "ControlRow", "control", "is_texty", "reading", "TABLES"]

#: the table lives in the core (ascii.py: every embedded domain reads bytes as characters)
TABLES = (CONTROLS,)
