"""Knowledge tables of the `bootloader.stm32` domain: one row a fact, each with its source."""

from __future__ import annotations

from ....knowledge.table import Table

TABLES: tuple[Table, ...] = ()
