"""Domain `text`."""
