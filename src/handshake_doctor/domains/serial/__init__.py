"""Domain `serial`."""
