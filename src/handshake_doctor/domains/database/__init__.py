"""Domain `database`."""
