"""Domain `http`."""
