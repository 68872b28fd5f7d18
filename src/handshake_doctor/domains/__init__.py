"""Domain packages: one per field, each with the same shape (docs/DOMAINS.md)."""
