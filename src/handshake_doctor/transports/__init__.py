"""Blocking I/O in one place, every call bounded by a :class:`~.deadline.Deadline`.

Why a shared layer: domains keep codecs, checklists and knowledge; the few places that touch
sockets live here, so "every I/O op has a timeout" is checked in one room, not in each probe.
"""
