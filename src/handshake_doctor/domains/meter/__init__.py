"""Domain `meter`."""
