"""Shared knowledge: the table type every domain uses, and the cross-domain tables."""
